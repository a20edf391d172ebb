"""Exports of incidents: JSONL, CSV, Parquet, GeoJSON, ACLED-shaped CSV, PLOVER-shaped JSONL.

    with store.session() as session:
        n = export_incidents(session, "geojson", "incidents.geojson", grade="confirmed")

- `jsonl`: one incident record per line (as `marsad incidents --format jsonl`): member
  document ids, members with provenance, casualty figures per source, place, date, grade.
- `csv`, `parquet`: one flat row per incident (`FLAT_COLUMNS`); in CSV the list columns
  (documents, outlets, urls) are joined with " | ", in Parquet they are lists.
- `geojson`: a FeatureCollection, one Point per incident (null geometry when unplaced), the
  flat row as properties.
- `acled`: ACLED's column names and codes (event_id_cnty, event_date, time_precision,
  disorder_type, event_type, sub_event_type, actor1, inter1, ..., geo_precision, source,
  notes, fatalities, timestamp). `fatalities` is the lowest total any source reports, as
  ACLED codes the most conservative figure; the range is in `notes`.
- `plover`: PLOVER JSON records (id, date, enddate, actor, recipient, event, mode, context,
  event_loc, size, cite_info, coder, ...) one per line, with marsad's own fields under
  `marsad` (grade, response, casualty ranges, member documents).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from marsad import __version__
from marsad.incidents.figures import totals
from marsad.store.queries import iter_incident_records

FORMATS = ("jsonl", "csv", "parquet", "geojson", "acled", "plover")
LIST_SEPARATOR = " | "

FLAT_COLUMNS = (
    "id", "status", "type", "mode", "date_start", "date_end", "date_precision", "place_name",
    "geonameid", "lat", "lon", "country", "admin1", "place_precision", "actor_name",
    "actor_sector", "actor_country", "n_documents", "n_events", "killed_min", "killed_max",
    "civilians_killed_min", "civilians_killed_max", "injured_min", "injured_max", "grade",
    "response", "conceded_min", "conceded_max", "duplicate_of", "documents", "outlets",
    "urls", "updated_at",
)
LIST_COLUMNS = ("documents", "outlets", "urls")
INT_COLUMNS = ("id", "geonameid", "n_documents", "n_events", "killed_min", "killed_max",
               "civilians_killed_min", "civilians_killed_max", "injured_min", "injured_max",
               "conceded_min", "conceded_max", "duplicate_of")
FLOAT_COLUMNS = ("lat", "lon")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)

# ACLED regions of the countries marsad covers best (others: "")
ACLED_REGIONS = {
    **dict.fromkeys(("SY", "IQ", "YE", "LB", "PS", "IL", "JO", "SA", "IR", "TR", "KW", "BH",
                     "QA", "AE", "OM"), "Middle East"),
    **dict.fromkeys(("LY", "EG", "TN", "DZ", "MA", "SD"), "Northern Africa"),
    **dict.fromkeys(("SO", "ET", "ER", "DJ", "KE", "UG", "SS", "TZ", "RW", "BI"),
                    "Eastern Africa"),
    **dict.fromkeys(("AF", "PK"), "Caucasus and Central Asia"),
}
ACLED_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED actor type codes (inter1/inter2) by PLOVER/CAMEO sector
ACLED_INTER = {
    **dict.fromkeys(("GOV", "MIL", "COP", "SPY", "JUD", "LEG", "SFO"), 1),
    **dict.fromkeys(("REB", "INS", "UAF", "SEP"), 2),
    **dict.fromkeys(("TER", "CRM"), 3),
    **dict.fromkeys(("ETH", "REL"), 4),
    "RIO": 5,
    **dict.fromkeys(("OPP", "PRO", "LAB", "EDU"), 6),
    **dict.fromkeys(("CVL", "JRN", "MED", "REF", "NGO", "HLH", "BUS", "AGR"), 7),
    "IGO": 8,
}
ACLED_GEO_PRECISION = {
    **dict.fromkeys(("point", "poi", "building", "neighbourhood", "neighborhood", "quarter",
                     "village", "locality", "town", "city"), 1),
    **dict.fromkeys(("district", "admin2", "admin3", "county"), 2),
    **dict.fromkeys(("admin1", "governorate", "province", "region", "state", "country"), 3),
}
PLOVER_RESOLUTION = {
    **dict.fromkeys(("point", "poi", "building", "neighbourhood", "neighborhood", "quarter"),
                    5),
    **dict.fromkeys(("village", "locality", "town", "city"), 4),
    **dict.fromkeys(("district", "admin2", "admin3", "county"), 3),
    **dict.fromkeys(("admin1", "governorate", "province", "region", "state"), 2),
    "country": 1,
}


class ExportError(ValueError):
    """An export that cannot be written (unknown format, missing library, bad path)."""


# --------------------------------------------------------------------------- helpers


def _country(alpha2: str | None) -> Any:
    if not alpha2:
        return None
    try:
        import pycountry

        return pycountry.countries.get(alpha_2=alpha2.upper())
    except (ImportError, LookupError, KeyError):
        return None


def country_name(alpha2: str | None) -> str:
    country = _country(alpha2)
    if country is None:
        return alpha2 or ""
    return getattr(country, "common_name", None) or country.name


def _list(values: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and str(value) not in out:
            out.append(str(value))
    return out


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """The flat (CSV, Parquet, GeoJSON properties) row of an incident record."""
    date_, place, actor = record["date"], record["place"], record["actor"]
    injured = totals(record.get("casualties") or [])["injured"]
    conceded = record.get("conceded") or {}
    killed = record.get("killed") or {}
    civilians = record.get("civilians_killed") or {}
    members = record.get("members") or []
    return {
        "id": record["id"], "status": record["status"], "type": record["type"],
        "mode": record["mode"], "date_start": date_["start"], "date_end": date_["end"],
        "date_precision": date_["precision"], "place_name": place["name"],
        "geonameid": place["geonameid"], "lat": place["lat"], "lon": place["lon"],
        "country": place["country"], "admin1": place["admin1"],
        "place_precision": place["precision"], "actor_name": actor["name"],
        "actor_sector": actor["sector"], "actor_country": actor["country"],
        "n_documents": record["n_documents"], "n_events": record["n_events"],
        "killed_min": killed.get("min"), "killed_max": killed.get("max"),
        "civilians_killed_min": civilians.get("min"),
        "civilians_killed_max": civilians.get("max"),
        "injured_min": injured[0] if injured else None,
        "injured_max": injured[1] if injured else None,
        "grade": record["grade"], "response": record["response"],
        "conceded_min": conceded.get("min"), "conceded_max": conceded.get("max"),
        "duplicate_of": record.get("duplicate_of"),
        "documents": list(record.get("documents") or []),
        "outlets": _list(m.get("outlet") for m in members),
        "urls": _list(m.get("url") for m in members),
        "updated_at": record.get("updated_at"),
    }


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


@contextmanager
def _text_out(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    if str(out) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(out)
    if not path.parent.is_dir():
        raise ExportError(f"--out: folder {path.parent} does not exist")
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


# --------------------------------------------------------------------------- writers


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow({k: _csv_value(v) for k, v in flat_row(record).items()})
        n += 1
    return n


def parquet_schema():
    import pyarrow as pa

    fields = []
    for name in FLAT_COLUMNS:
        if name in INT_COLUMNS:
            kind = pa.int64()
        elif name in FLOAT_COLUMNS:
            kind = pa.float64()
        elif name in LIST_COLUMNS:
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind))
    return pa.schema(fields, metadata={"generator": f"marsad {__version__}",
                                       "content": "marsad incidents"})


def write_parquet(records: Iterable[dict[str, Any]], out: str | Path | IO[bytes],
                  batch: int = 10_000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("parquet export needs pyarrow: pip install 'marsad[batch]'") from None
    schema = parquet_schema()
    target = sys.stdout.buffer if str(out) == "-" else out
    if not hasattr(target, "write"):
        path = Path(target)
        if not path.parent.is_dir():
            raise ExportError(f"--out: folder {path.parent} does not exist")
        target = str(path)
    n = 0
    with pq.ParquetWriter(target, schema) as writer:
        rows: list[dict[str, Any]] = []
        for record in records:
            rows.append(flat_row(record))
            n += 1
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return n


def write_geojson(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for record in records:
        row = flat_row(record)
        geometry = None
        if row["lat"] is not None and row["lon"] is not None:
            geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        feature = {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False, default=str)
                  + "\n")
        n += 1
    out.write("]}\n")
    return n


def _crossing(type_: str | None, mode: str | None) -> dict[str, str] | None:
    if not type_:
        return None
    try:
        from marsad.events.crosswalk import Crosswalk

        found = Crosswalk.default().lookup(type_, mode)
    except Exception:  # noqa: BLE001 - the crosswalk is optional here
        return None
    return found.acled() if found else None


def _acled_types(record: dict[str, Any], events: list[dict[str, Any]]) -> tuple[str, str]:
    votes = Counter()
    for event in events:
        acled = event.get("acled") if isinstance(event, dict) else None
        if isinstance(acled, dict) and acled.get("event_type"):
            votes[(acled["event_type"], acled.get("sub_event_type") or "")] += 1
    if votes:
        return votes.most_common(1)[0][0]
    crossing = _crossing(record.get("type"), record.get("mode"))
    if crossing:
        return crossing["event_type"], crossing["sub_event_type"]
    return "Strategic developments", "Other"


def _time_precision(date_: dict[str, Any]) -> int | str:
    precision = date_.get("precision")
    if precision == "day":
        return 1
    if precision == "week" or (date_.get("start") and date_.get("end") and (
            date.fromisoformat(date_["end"]) - date.fromisoformat(date_["start"])).days <= 7):
        return 2
    return 3


def _inter(sector: str | None, actor_country: str | None, place_country: str | None) -> Any:
    if not sector:
        return ""
    code = ACLED_INTER.get(str(sector).upper(), "")
    if code == 1 and actor_country and place_country and actor_country != place_country:
        return 8  # external/other forces
    return code


def acled_row(record: dict[str, Any], events: list[dict[str, Any]] | None = None
              ) -> dict[str, Any]:
    """One ACLED-shaped row of an incident record (events: its member event dicts)."""
    events = events or [m.get("event") for m in record.get("members") or [] if m.get("event")]
    date_, place, actor = record["date"], record["place"], record["actor"]
    country = _country(place["country"])
    event_type, sub_event_type = _acled_types(record, events)
    inter1 = _inter(actor["sector"], actor["country"], place["country"])
    civilians = record.get("civilians_killed") or {}
    targets = Counter()
    for event in events:
        target = event.get("target") if isinstance(event, dict) else None
        # a named target; victims standing in for one ("victims": true) are told by the
        # civilian toll below, as ACLED names them ("Civilians (Syria)")
        if isinstance(target, dict) and target.get("name") and not target.get("victims"):
            targets[(target["name"], target.get("sector"))] += 1
    if targets:
        (actor2, sector2), _ = targets.most_common(1)[0]
        inter2 = _inter(sector2, None, None)
    elif civilians.get("max"):
        actor2, inter2 = f"Civilians ({country_name(place['country'])})", 7
    else:
        actor2, inter2 = "", ""
    interaction = ""
    if inter1 != "" and inter2 != "":
        a, b = sorted((int(inter1), int(inter2)))
        interaction = int(f"{a}{b}")
    elif inter1 != "":
        interaction = int(f"{inter1}0")
    killed = record.get("killed") or {}
    figures = []
    for figure in record.get("casualties") or []:
        low, high = figure["min"], figure["max"]
        span = f"{low}" if low == high else f"{low}-{high}"
        figures.append(f"{figure['group']} {figure['kind']}: {span}"
                       f"{'+' if figure.get('open') else ''} ({len(figure['sources'])} sources)")
    outlets = _list(m.get("outlet") for m in record.get("members") or [])
    notes = (f"On {date_['start'] or 'an unknown date'}, "
             f"{actor['name'] or 'unidentified forces'} ({record['type'] or 'event'}"
             f"{', ' + record['mode'] if record['mode'] else ''}) at "
             f"{place['name'] or 'an unknown location'}. "
             + ("; ".join(figures) + ". " if figures else "")
             + f"marsad incident {record['id']}, grade {record['grade']}, "
             f"response {record['response']}, {record['n_documents']} reports.")
    updated = record.get("updated_at")
    timestamp = int(datetime.fromisoformat(updated).timestamp()) if updated else ""
    return {
        "event_id_cnty": f"{country.alpha_3 if country else (place['country'] or 'XXX')}"
                         f"{record['id']}",
        "event_date": date_["start"] or "",
        "year": int(date_["start"][:4]) if date_["start"] else "",
        "time_precision": _time_precision(date_),
        "disorder_type": ACLED_DISORDER.get(event_type, "Political violence"),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor["name"] or "Unidentified Armed Group",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilians.get("max") else "",
        "iso": int(country.numeric) if country else "",
        "region": ACLED_REGIONS.get((place["country"] or "").upper(), ""),
        "country": country_name(place["country"]),
        "admin1": place["admin1"] or "",
        "admin2": "",
        "admin3": "",
        "location": place["name"] or "",
        "latitude": place["lat"] if place["lat"] is not None else "",
        "longitude": place["lon"] if place["lon"] is not None else "",
        "geo_precision": ACLED_GEO_PRECISION.get(str(place["precision"] or "").lower(), 3),
        "source": "; ".join(outlets),
        "source_scale": "",
        "notes": notes,
        "fatalities": killed.get("min") if killed.get("min") is not None else 0,
        "tags": "",
        "timestamp": timestamp,
    }


def write_acled(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(acled_row(record))
        n += 1
    return n


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    """The PLOVER JSON record of an incident record (events from its members)."""
    members = record.get("members") or []
    events = [m.get("event") for m in members if isinstance(m.get("event"), dict)]
    date_, place, actor = record["date"], record["place"], record["actor"]
    actor_country = _country(actor["country"])
    place_country = _country(place["country"])
    contexts = _list(c for e in events for c in (e.get("contexts") or []))
    recipients = []
    for event in events:
        target = event.get("target")
        if isinstance(target, dict) and (target.get("name") or target.get("sector")):
            entry = {"code": (_country(target.get("country")).alpha_3
                              if _country(target.get("country")) else ""),
                     "sector": target.get("sector") or "",
                     "entity_text": target.get("text") or target.get("name") or ""}
            if entry not in recipients:
                recipients.append(entry)
    event_text = _list((e.get("evidence") or {}).get("trigger") for e in events)
    killed = record.get("killed") or {}
    injured = totals(record.get("casualties") or [])["injured"]
    cites = []
    seen = set()
    for member in members:
        if member["document_id"] in seen:
            continue
        seen.add(member["document_id"])
        cites.append({"citation": member.get("doc_id"), "url": member.get("url"),
                      "title": member.get("title"), "language": member.get("lang"),
                      "publication": member.get("outlet")})
    return {
        "id": f"marsad-{record['id']}",
        "has_event": True,
        "date": date_["start"],
        "enddate": date_["end"],
        "actor": [{"code": actor_country.alpha_3 if actor_country else "",
                   "sector": actor["sector"] or "", "entity_text": actor["name"] or ""}],
        "recipient": recipients,
        "event": [record["type"]] if record["type"] else [],
        "mode": [record["mode"]] if record["mode"] else [],
        "context": contexts,
        "event_loc": {
            "extracted_place": place["name"], "resolved_place": place["name"],
            "geonameid": place["geonameid"], "lat": place["lat"], "lon": place["lon"],
            "province": place["admin1"], "country": country_name(place["country"]) or None,
            "country_code": place_country.alpha_3 if place_country else None,
            "resolution": PLOVER_RESOLUTION.get(str(place["precision"] or "").lower()),
        },
        "event_text": event_text,
        "size": {"dead": killed.get("min"), "injured": injured[0] if injured else None},
        "cite_info": cites,
        "coder": f"marsad {__version__}",
        "coded_date": date.today().isoformat(),
        "comment": f"grade {record['grade']}; belligerent response {record['response']}",
        "marsad": {"incident": record["id"], "grade": record["grade"],
                   "response": record["response"], "conceded": record.get("conceded"),
                   "killed": record.get("killed"),
                   "civilians_killed": record.get("civilians_killed"),
                   "casualties": record.get("casualties"), "documents": record["documents"],
                   "date_precision": date_["precision"], "place_precision": place["precision"]},
    }


def write_plover(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    return write_jsonl((plover_record(r) for r in records), out)


_TEXT_WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], IO[str]], int]] = {
    "jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson, "acled": write_acled,
    "plover": write_plover,
}


def export_records(records: Iterable[dict[str, Any]], fmt: str,
                   out: str | Path | IO[Any]) -> int:
    """Write incident records in `fmt` to `out` (a path, "-" for stdout, or a stream)."""
    if fmt not in FORMATS:
        raise ExportError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "parquet":
        return write_parquet(records, out)
    with _text_out(out) as handle:
        return _TEXT_WRITERS[fmt](records, handle)


def export_incidents(session: Session, fmt: str, out: str | Path | IO[Any],
                     **filters: Any) -> int:
    """Write the incidents matching `filters` (see `queries.incident_filters`); returns how
    many were written. PLOVER and ACLED rows take their event details from member events."""
    records = iter_incident_records(session, **filters)
    if fmt in ("plover", "acled"):
        records = _with_events(session, records)
    return export_records(records, fmt, out)


def _with_events(session: Session, records: Iterator[dict[str, Any]]
                 ) -> Iterator[dict[str, Any]]:
    from sqlalchemy import select

    from marsad.store.models import Event

    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        ids = [m["event_id"] for r in batch for m in r["members"]]
        data = dict(session.execute(select(Event.id, Event.data).where(
            Event.id.in_(ids))).all()) if ids else {}
        for r in batch:
            for m in r["members"]:
                m["event"] = data.get(m["event_id"])
        yield from batch
        batch.clear()

    for record in records:
        batch.append(record)
        if len(batch) >= 200:
            yield from flush()
    yield from flush()


def read_back_csv(text: str) -> list[dict[str, str]]:
    """Rows of an exported CSV (for checks and tests)."""
    return list(csv.DictReader(io.StringIO(text)))
