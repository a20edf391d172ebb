"""Reading a batch output directory back: Arrow tables and `marsad extract`-shaped records.

The tables are plain Parquet; any engine reads them (for example DuckDB:
`SELECT * FROM read_parquet('out/events/*/*.parquet', hive_partitioning = true)`).
`read_records` rebuilds, in input order, the records `marsad extract --format jsonl` prints;
it loads the whole output, so it is meant for checks and small runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from marsad.batch.tables import DOCUMENT_SCHEMA, ERROR_SCHEMA, EVENT_SCHEMA, PARTITION_KEY


def read_events(out: str | Path) -> pa.Table:
    """The events table with its `event_month` partition column (a string)."""
    partitioning = ds.partitioning(pa.schema([(PARTITION_KEY, pa.string())]), flavor="hive")
    return ds.dataset(Path(out) / "events", format="parquet", schema=EVENT_SCHEMA.append(
        pa.field(PARTITION_KEY, pa.string())), partitioning=partitioning).to_table()


def read_documents(out: str | Path) -> pa.Table:
    return ds.dataset(Path(out) / "documents", format="parquet", schema=DOCUMENT_SCHEMA).to_table()


def read_errors(out: str | Path) -> pa.Table:
    return ds.dataset(Path(out) / "errors", format="parquet", schema=ERROR_SCHEMA).to_table()


def read_records(out: str | Path) -> list[dict[str, Any]]:
    """One record per document, in input order, shaped like `marsad.extract.extract`'s."""
    events: dict[tuple[int, int], list[tuple[int, dict]]] = {}
    for row in read_events(out).select(
            ["batch_partition", "position", "event_index", "event_json"]).to_pylist():
        events.setdefault((row["batch_partition"], row["position"]), []).append(
            (row["event_index"], json.loads(row["event_json"])))
    errors: dict[tuple[int, int], list[str]] = {}
    for row in read_errors(out).sort_by([("batch_partition", "ascending"),
                                         ("position", "ascending")]).to_pylist():
        if row["stage"] == "extract":
            errors.setdefault((row["batch_partition"], row["position"]), []).append(row["message"])
    records = []
    documents = read_documents(out).sort_by([("batch_partition", "ascending"),
                                            ("position", "ascending")])
    for doc in documents.to_pylist():
        key = (doc["batch_partition"], doc["position"])
        records.append({
            "id": doc["doc_id"],
            "lang": doc["lang"],
            "published": doc["published"].isoformat() if doc["published"] else None,
            "title": doc["title"],
            "url": doc["url"],
            "events": [event for _, event in sorted(events.get(key, []), key=lambda e: e[0])],
            "places": json.loads(doc["places_json"]),
            "quantities": json.loads(doc["quantities_json"]),
            "dates": json.loads(doc["dates_json"]),
            "errors": errors.get(key, []),
        })
    return records


def read_input_errors(out: str | Path) -> list[str]:
    """Messages of input that could not become a document, in input order."""
    table = read_errors(out).sort_by([("batch_partition", "ascending"), ("position", "ascending")])
    return [row["message"] for row in table.to_pylist() if row["stage"] == "input"]
