"""A point for every country: the area centroid of its largest land polygon.

A country mention resolves to one point. Gazetteers put a country at a label point near the
middle of its main territory (OpenStreetMap's label node, GeoNames' country coordinates); the
centre of a country's populated places can be hundreds of km away from that for large countries
(Egypt's towns line the Nile). Of the rules we compared against OpenStreetMap country points
(the IDRISI train split: centroid of the largest polygon, centroid of all polygons, bounding-box
centre, pole of inaccessibility, capital), the centroid of the largest polygon was closest most
often (87% of country mentions within 161 km, 64% within 25 km; the capital 68% / 2%), and it
ignores far-away islands and overseas territories (France, the United States).

The shipped `data/country_points.tsv` is derived from the world countries GeoJSON the web app
ships (`marsad/web/static/basemap/countries-50m.geojson`, world-atlas by Mike Bostock, ISC
licence, from Natural Earth, public domain):

    python -m marsad.places.country_points [GEOJSON] [OUT]

Countries the file lacks keep the gazetteer's fallback (the centre of their populated places).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from functools import cache
from itertools import pairwise
from pathlib import Path

DATA = Path(__file__).with_name("data")
COUNTRY_POINTS = DATA / "country_points.tsv"
BASEMAP = Path(__file__).resolve().parents[1] / "web" / "static" / "basemap" / \
    "countries-50m.geojson"
CREDIT = ("Derived by marsad.places.country_points from world-atlas countries-50m (Mike "
          "Bostock, ISC) of Natural Earth (public domain): area centroid of the largest polygon")

Ring = list[tuple[float, float]]


def _ring(coords: Iterable[Iterable[float]]) -> Ring:
    ring = [(float(p[0]), float(p[1])) for p in coords]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed planar area (in square degrees) and centroid (lon, lat) of a closed ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def polygon_area_centroid(rings: list[Ring]) -> tuple[float, float, float]:
    """Area and centroid of a polygon: its outer ring less its holes."""
    total = sx = sy = 0.0
    for i, ring in enumerate(rings):
        area, x, y = ring_area_centroid(ring)
        area = abs(area) * (1 if i == 0 else -1)
        total += area
        sx += area * x
        sy += area * y
    if total <= 0:
        _, x, y = ring_area_centroid(rings[0])
        return 0.0, x, y
    return total, sx / total, sy / total


def largest_polygon(geometry: dict) -> tuple[float, float, float] | None:
    """(area, lat, lon) of the largest polygon of a (Multi)Polygon geometry, area centroid."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    else:
        return None
    best: tuple[float, float, float] | None = None
    for polygon in polygons:
        rings = _unwrapped([_ring(r) for r in polygon if len(r) >= 3])
        if not rings:
            continue
        found = polygon_area_centroid(rings)
        if best is None or found[0] > best[0]:
            best = found
    if best is None:
        return None
    return best[0], best[2], (best[1] + 180.0) % 360.0 - 180.0


def representative_point(geometry: dict) -> tuple[float, float] | None:
    """(lat, lon) of the centroid of the largest polygon of a (Multi)Polygon geometry."""
    found = largest_polygon(geometry)
    return None if found is None else found[1:]


def _unwrapped(rings: list[Ring]) -> list[Ring]:
    """A polygon cut at the antimeridian (Russia, Fiji: longitudes from -180 to 180) with its
    western longitudes moved past 180, so its rings are continuous in the plane."""
    xs = [x for ring in rings for x, _ in ring]
    if not xs or max(xs) - min(xs) <= 180.0:
        return rings
    return [[(x + 360.0 if x < 0 else x, y) for x, y in ring] for ring in rings]


def derive(geojson: Path = BASEMAP, out: Path = COUNTRY_POINTS) -> int:
    """Write `cc<TAB>lat<TAB>lon` for every feature whose ISO 3166 numeric id is a country."""
    import pycountry

    data = json.loads(Path(geojson).read_text("utf-8"))
    # {code: (area, lat, lon)}; features sharing a code (Australia and Ashmore and Cartier
    # Islands are both 036) keep the largest polygon
    rows: dict[str, tuple[float, float, float]] = {}
    for feature in data.get("features") or []:
        props = feature.get("properties") or {}
        numeric = str(props.get("id") or feature.get("id") or "").zfill(3)
        country = pycountry.countries.get(numeric=numeric) if numeric.strip("0") else None
        found = largest_polygon(feature.get("geometry") or {})
        if country is None or found is None:
            continue
        if country.alpha_2 not in rows or found[0] > rows[country.alpha_2][0]:
            rows[country.alpha_2] = found
    lines = [f"# {CREDIT}", "cc\tlat\tlon"]
    lines += [f"{cc}\t{lat:.4f}\t{lon:.4f}" for cc, (_, lat, lon) in sorted(rows.items())]
    Path(out).write_text("\n".join(lines) + "\n", "utf-8")
    return len(rows)


@cache
def country_points(path: Path = COUNTRY_POINTS) -> dict[str, tuple[float, float]]:
    """{ISO code: (lat, lon)} from the shipped file (empty when it is absent)."""
    out: dict[str, tuple[float, float]] = {}
    try:
        text = Path(path).read_text("utf-8")
    except OSError:
        return out
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) != 3 or parts[0] == "cc":
            continue
        try:
            out[parts[0].upper()] = (float(parts[1]), float(parts[2]))
        except ValueError:
            continue
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    src = Path(args[0]) if args else BASEMAP
    dst = Path(args[1]) if len(args) > 1 else COUNTRY_POINTS
    print(f"{derive(src, dst)} countries -> {dst}")
