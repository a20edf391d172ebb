"""Arrow tables of a batch run: events, documents and errors, built from extract records.

Each table keeps the exact JSON of what it was built from (`event_json`, `places_json`, ...), so
a reader gets back precisely the dicts `marsad extract` prints, and flat typed columns that
pandas, DuckDB, Spark or R can filter on without parsing JSON.

Events are partitioned by the month of their date (`event_month=2017-11`, or
`event_month=unknown` when the event has no resolved date). The key is a string on purpose:
every engine reads a hive directory `event_month=2017-11` the same way, whereas numeric
`year=2017` keys change type when an `unknown` partition appears.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from marsad.values import as_date, as_float, as_int

UNKNOWN_MONTH = "unknown"
PARTITION_KEY = "event_month"

_MONTH = re.compile(r"^(\d{4})-(\d{2})")

_PLACE = pa.struct([
    ("text", pa.string()), ("name", pa.string()), ("geonameid", pa.int64()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("country", pa.string()),
    ("precision", pa.string()),
])
_CASUALTY = pa.struct([
    ("kind", pa.string()), ("group", pa.string()), ("min", pa.int64()), ("max", pa.int64()),
    ("text", pa.string()),
])
_SOURCE = pa.struct([("text", pa.string()), ("name", pa.string()), ("role", pa.string())])

EVENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("event_index", pa.int32()),
    ("doc_lang", pa.string()),
    ("doc_published", pa.date32()),
    ("type", pa.string()),
    ("mode", pa.string()),
    ("contexts", pa.list_(pa.string())),
    ("modality", pa.string()),
    ("confidence", pa.float64()),
    ("actor_name", pa.string()),
    ("actor_sector", pa.string()),
    ("actor_country", pa.string()),
    ("actor_text", pa.string()),
    ("target_name", pa.string()),
    ("target_sector", pa.string()),
    ("target_country", pa.string()),
    ("target_text", pa.string()),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("date_precision", pa.string()),
    ("date_text", pa.string()),
    ("place_name", pa.string()),
    ("place_country", pa.string()),
    ("place_lat", pa.float64()),
    ("place_lon", pa.float64()),
    ("place_geonameid", pa.int64()),
    ("places", pa.list_(_PLACE)),
    ("casualties", pa.list_(_CASUALTY)),
    ("attribution", pa.list_(_SOURCE)),
    ("acled_event_type", pa.string()),
    ("acled_sub_event_type", pa.string()),
    ("cameo", pa.string()),
    ("evidence_start", pa.int64()),
    ("evidence_end", pa.int64()),
    ("evidence_trigger", pa.string()),
    ("batch_partition", pa.int32()),
    ("position", pa.int32()),
    ("event_json", pa.string()),
])

DOCUMENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("batch_partition", pa.int32()),
    ("position", pa.int32()),
    ("source", pa.string()),
    ("lang", pa.string()),
    ("published", pa.date32()),
    ("title", pa.string()),
    ("url", pa.string()),
    ("sha256", pa.string()),
    ("n_events", pa.int32()),
    ("n_places", pa.int32()),
    ("n_errors", pa.int32()),
    ("places_json", pa.string()),
    ("quantities_json", pa.string()),
    ("dates_json", pa.string()),
])

ERROR_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("batch_partition", pa.int32()),
    ("position", pa.int32()),
    ("source", pa.string()),
    ("stage", pa.string()),
    ("message", pa.string()),
])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)



def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def event_month(event: dict[str, Any]) -> str:
    """The `event_month` partition of `event`: "YYYY-MM" of its date's start, else "unknown"."""
    start = _obj(event.get("date")).get("start")
    match = _MONTH.match(start) if isinstance(start, str) else None
    return f"{match.group(1)}-{match.group(2)}" if match else UNKNOWN_MONTH


def event_row(record: dict[str, Any], index: int, event: dict[str, Any], partition: int,
              position: int) -> dict:
    """One row of the events table: flat columns for querying, `event_json` for the whole."""
    actor, target = _obj(event.get("actor")), _obj(event.get("target"))
    when, acled, evidence = _obj(event.get("date")), _obj(event.get("acled")), _obj(event.get("evidence"))
    places = _list(event.get("places"))
    first = places[0] if places else {}
    contexts = event.get("contexts")
    return {
        "doc_id": _str(record.get("id")),
        "event_index": index,
        "doc_lang": _str(record.get("lang")),
        "doc_published": as_date(record.get("published")),
        "type": _str(event.get("type")),
        "mode": _str(event.get("mode")),
        "contexts": [_str(c) for c in contexts] if isinstance(contexts, list) else [],
        "modality": _str(event.get("modality")),
        "confidence": as_float(event.get("confidence")),
        "actor_name": _str(actor.get("name")),
        "actor_sector": _str(actor.get("sector")),
        "actor_country": _str(actor.get("country")),
        "actor_text": _str(actor.get("text")),
        "target_name": _str(target.get("name")),
        "target_sector": _str(target.get("sector")),
        "target_country": _str(target.get("country")),
        "target_text": _str(target.get("text")),
        "date_start": as_date(when.get("start")),
        "date_end": as_date(when.get("end")),
        "date_precision": _str(when.get("precision")),
        "date_text": _str(when.get("text")),
        "place_name": _str(first.get("name")),
        "place_country": _str(first.get("country")),
        "place_lat": as_float(first.get("lat")),
        "place_lon": as_float(first.get("lon")),
        "place_geonameid": as_int(first.get("geonameid")),
        "places": [
            {"text": _str(p.get("text")), "name": _str(p.get("name")),
             "geonameid": as_int(p.get("geonameid")), "lat": as_float(p.get("lat")),
             "lon": as_float(p.get("lon")), "country": _str(p.get("country")),
             "precision": _str(p.get("precision"))}
            for p in places
        ],
        "casualties": [
            {"kind": _str(c.get("kind")), "group": _str(c.get("group")), "min": as_int(c.get("min")),
             "max": as_int(c.get("max")), "text": _str(c.get("text"))}
            for c in _list(event.get("casualties"))
        ],
        "attribution": [
            {"text": _str(s.get("text")), "name": _str(s.get("name")), "role": _str(s.get("role"))}
            for s in _list(event.get("attribution"))
        ],
        "acled_event_type": _str(acled.get("event_type")),
        "acled_sub_event_type": _str(acled.get("sub_event_type")),
        "cameo": _str(event.get("cameo")),
        "evidence_start": as_int(evidence.get("start")),
        "evidence_end": as_int(evidence.get("end")),
        "evidence_trigger": _str(evidence.get("trigger")),
        "batch_partition": partition,
        "position": position,
        "event_json": _dumps(event),
    }


def document_row(record: dict[str, Any], partition: int, position: int, source: str,
                 sha256: str) -> dict:
    """One row of the documents table."""
    return {
        "doc_id": _str(record.get("id")),
        "batch_partition": partition,
        "position": position,
        "source": source,
        "lang": _str(record.get("lang")),
        "published": as_date(record.get("published")),
        "title": _str(record.get("title")),
        "url": _str(record.get("url")),
        "sha256": sha256,
        "n_events": len(record.get("events") or []),
        "n_places": len(record.get("places") or []),
        "n_errors": len(record.get("errors") or []),
        "places_json": _dumps(record.get("places") or []),
        "quantities_json": _dumps(record.get("quantities") or []),
        "dates_json": _dumps(record.get("dates") or []),
    }


def to_table(rows: Iterable[dict], schema: pa.Schema) -> pa.Table:
    """An Arrow table of `rows` (dicts keyed by column name) with exactly `schema`."""
    rows = list(rows)
    return pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()


def event_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The event dict an events-table row was built from."""
    return json.loads(row["event_json"])
