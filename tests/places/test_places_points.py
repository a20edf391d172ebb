"""Country points (centroid of the largest polygon) and Arabic readings of romanised names."""

from __future__ import annotations

import json

import pytest

from marsad.places import country_points as cp
from marsad.places.arabize import arabize
from marsad.places.gazetteer import haversine_km


def _square(x0: float, y0: float, size: float) -> list[list[float]]:
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


def test_centroid_of_largest_polygon_ignores_small_islands():
    geometry = {"type": "MultiPolygon", "coordinates": [
        [_square(10, 20, 4)],          # the mainland: centre (22, 12)
        [_square(50, -10, 1)],         # a far island must not pull the point
    ]}
    lat, lon = cp.representative_point(geometry)
    assert (round(lat, 6), round(lon, 6)) == (22.0, 12.0)


def test_polygon_cut_at_the_antimeridian_keeps_its_centre():
    # a land mass from 170 E to 170 W, stored as GeoJSON does: its far part at -180..-170
    ring = [[170, 60], [180, 60], [-180, 60], [-170, 60], [-170, 64], [-180, 64], [180, 64],
            [170, 64], [170, 60]]
    lat, lon = cp.representative_point({"type": "Polygon", "coordinates": [ring]})
    assert abs(lat - 62.0) < 0.01
    assert abs(abs(lon) - 180.0) < 0.01  # the middle is on the antimeridian, not near 0


def test_shipped_points_are_on_the_globe():
    points = cp.country_points()
    assert all(-90 <= lat <= 90 and -180 <= lon < 180 for lat, lon in points.values())
    lat, lon = points["RU"]
    assert lat > 50 and 60 < lon < 140  # Russia's main land, not the Bering Sea


def test_hole_moves_the_centroid():
    outer = _square(0, 0, 4)
    hole = _square(0, 0, 2)[::-1]  # the south-west quarter is cut out
    lat, lon = cp.representative_point({"type": "Polygon", "coordinates": [outer, hole]})
    assert lat > 2.0 and lon > 2.0


def test_derive_reads_iso_numeric_ids(tmp_path):
    src = tmp_path / "world.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "414", "name": "K"},
         "geometry": {"type": "Polygon", "coordinates": [_square(47, 29, 1)]}},
        {"type": "Feature", "properties": {"name": "no id"},
         "geometry": {"type": "Polygon", "coordinates": [_square(0, 0, 1)]}},
    ]}), "utf-8")
    out = tmp_path / "points.tsv"
    assert cp.derive(src, out) == 1
    points = cp.country_points(out)
    assert set(points) == {"KW"}
    assert points["KW"] == pytest.approx((29.5, 47.5))


def test_derive_keeps_the_largest_feature_of_a_shared_id(tmp_path):
    # Natural Earth gives Australia and the Ashmore and Cartier Islands the same id (036)
    src = tmp_path / "countries.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "036", "name": "mainland"},
         "geometry": {"type": "Polygon", "coordinates": [_square(130, -28, 8)]}},
        {"type": "Feature", "properties": {"id": "036", "name": "reef"},
         "geometry": {"type": "Polygon", "coordinates": [_square(123, -12.5, 0.2)]}},
    ]}), "utf-8")
    out = tmp_path / "points.tsv"
    assert cp.derive(src, out) == 1
    assert cp.country_points(out)["AU"] == pytest.approx((-24.0, 134.0))


def test_shipped_points_are_near_the_middle_of_the_country():
    points = cp.country_points()
    assert len(points) > 200
    # Egypt's point lies in the Western Desert, not on the Nile where its towns are
    assert haversine_km(*points["EG"], 26.5, 29.9) < 50
    # France and the United States: the mainland, not an overseas average
    assert haversine_km(*points["FR"], 46.6, 2.5) < 50
    assert haversine_km(*points["US"], 39.5, -99.0) < 100
    assert haversine_km(*points["AU"], -25.6, 134.4) < 100


@pytest.mark.parametrize("latin, arabic", [
    ("Al Khafjī", "الخفجي"),
    ("Rafḩā’", "رفحاء"),
    ("An Nu‘ayrīyah", "النعيرية"),
    ("Aş Şabāḩīyah", "الصباحية"),
    ("Imbābah", "امبابة"),
    ("Ra’s al Khafjī", "راس الخفجي"),
    ("Şabāḩ as Sālim", "صباح السالم"),
    ("Az̧ Z̧āhirīyah", "الظاهرية"),
    ("Salwá", "سلوى"),
])
def test_arabize_reads_bgn_romanisation(latin, arabic):
    assert arabize(latin) == arabic


@pytest.mark.parametrize("latin", [
    "Kuwait City", "Ouled Djellal", "Paris", "Al", "", "x" * 500, "Al Qāhirah 2",
])
def test_arabize_refuses_other_spellings(latin):
    assert arabize(latin) is None
