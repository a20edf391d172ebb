"""What a Dask worker does with one partition: read, extract, write Parquet, mark done.

`process_partition` is a plain function (no Dask in it), so it runs the same in a test, in a
thread or on a remote worker. The spaCy pipeline is built once per worker process: `extract`
goes through `marsad.text.pipeline.get_pipeline`, which caches one pipeline per language and
process, and partitions reuse it.

Files of partition N (all written atomically, the marker last):
  events/event_month=YYYY-MM/part-N.parquet   (or event_month=unknown)
  documents/part-N.parquet
  errors/part-N.parquet
  _markers/part-N.json                          the partition is finished when this exists
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.batch.parquet import iter_parquet_documents, write_parquet_atomic, write_text_atomic
from marsad.batch.plan import Partition
from marsad.batch.tables import (
    DOCUMENT_SCHEMA,
    ERROR_SCHEMA,
    EVENT_SCHEMA,
    PARTITION_KEY,
    UNKNOWN_MONTH,
    document_row,
    event_month,
    event_row,
    to_table,
)
from marsad.document import Document
from marsad.errors import InputError

MARKERS = "_markers"
MAX_REPORTED_ERRORS = 20


def part_name(index: int) -> str:
    return f"part-{index:06d}"


def marker_path(out: str | Path, index: int) -> Path:
    return Path(out) / MARKERS / f"{part_name(index)}.json"


def read_marker(out: str | Path, index: int) -> dict | None:
    """The summary a finished partition left, or None if it is not finished."""
    try:
        return json.loads(marker_path(out, index).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _open_path(path: str, base: str | None) -> str:
    """`path` as the client named it, resolved against the client's directory if relative
    and this process runs elsewhere."""
    if base is None or os.path.isabs(path) or os.getcwd() == base:
        return path
    return os.path.join(base, path)


def read_partition(partition: Partition, published: date | None = None, lang: str | None = None,
                   base: str | None = None) -> Iterator[Document | InputError]:
    """The documents (and input errors) of `partition`, in input order."""
    from marsad.batch import sources

    if partition.kind == "parquet":
        yield from iter_parquet_documents(_open_path(partition.path, base), partition.start,
                                          partition.stop, published, lang)
    elif partition.kind == "jsonl":
        yield from sources.read_jsonl_range(partition.path, partition.start, partition.stop,
                                            partition.first_line, published, lang, base)
    elif partition.kind == "files":
        yield from sources.read_files(list(partition.paths), published, lang, base)
    else:
        raise ValueError(f"unknown partition kind {partition.kind!r}")


def extract_record(document: Document) -> dict[str, Any]:
    """`marsad.extract.extract(document)`; a crash becomes an error in the record, as in the CLI."""
    from marsad.extract import extract

    try:
        return extract(document)
    except Exception as err:  # noqa: BLE001  (one bad document never stops the batch)
        return {"id": document.id, "lang": document.lang, "events": [], "places": [],
                "errors": [f"{document.source or document.id}: text: analysis failed: {err!r}"]}


def _pipeline_ids(langs: set[str]) -> dict[str, int]:
    """Identity of this process's cached pipeline per language (to check it is built once)."""
    from marsad.text.pipeline import get_pipeline

    ids = {}
    for lang in sorted(langs):
        try:
            ids[lang] = id(get_pipeline(lang))
        except Exception:  # noqa: BLE001, S112  (unsupported, or broken: reported per document)
            continue
    return ids


@lru_cache(maxsize=4)
def _open_store(url: str):
    """One store (engine and connection pool) per URL and worker process."""
    from marsad.store.database import open_store

    return open_store(url)


def _store_partition(url: str, partition: Partition, items: list[Document | InputError],
                     records: dict[int, dict[str, Any]]) -> dict[str, int]:
    """Ingest the partition's documents with the records already extracted (no second
    extraction) into the shared store; clustering is left to one task at the end of the run.

    Idempotent like every ingest (unique sha256): a partition done twice stores nothing new.
    """
    from marsad.store.ingest import ingest_documents

    report = ingest_documents(_open_store(url), items, inputs=[partition.describe()],
                              extractor=lambda document: records[id(document)], cluster=False)
    return report.counts()


def cluster_store(url: str) -> dict:
    """Cluster the store's events that are in no incident yet (one task, after the run)."""
    from marsad.store.incidents import cluster_pending

    return cluster_pending(_open_store(url)).as_dict()


def process_partition(partition: Partition | dict, out: str, options: dict | None = None) -> dict:
    """Extract every document of `partition` and write its files under `out`; return a summary.

    `options`: `published` (ISO date or None), `lang` (code or None) as in `marsad extract`,
    `base`, the client's working directory for relative input paths, and `db`, a store URL
    to ingest the documents and their events into as well (after the Parquet files, before
    the marker).
    """
    started = time.perf_counter()
    if isinstance(partition, dict):
        partition = Partition.from_dict(partition)
    options = options or {}
    published = date.fromisoformat(options["published"]) if options.get("published") else None
    lang, base = options.get("lang"), options.get("base")
    out_dir = Path(_open_path(str(out), base))
    index = partition.index

    events: dict[str, list[dict]] = {}
    documents: list[dict] = []
    errors: list[dict] = []
    failed_docs = 0
    langs: set[str] = set()
    items: list[Document | InputError] = []
    records: dict[int, dict[str, Any]] = {}  # id(document) -> its record, for the store
    for position, item in enumerate(read_partition(partition, published, lang, base)):
        if options.get("db"):
            items.append(item)
        if isinstance(item, InputError):
            errors.append({"doc_id": None, "batch_partition": index, "position": position,
                           "source": item.source, "stage": "input", "message": str(item)})
            continue
        record = extract_record(item)
        if options.get("db"):
            records[id(item)] = record
        if record.get("lang"):
            langs.add(record["lang"])
        for i, event in enumerate(record.get("events") or []):
            events.setdefault(event_month(event), []).append(event_row(record, i, event, index,
                                                                       position))
        documents.append(document_row(record, index, position, item.source, item.sha256))
        if record.get("errors"):
            failed_docs += 1
        for message in record.get("errors") or []:
            errors.append({"doc_id": record.get("id"), "batch_partition": index,
                           "position": position, "source": item.source, "stage": "extract",
                           "message": message})

    name = part_name(index)
    if not events:
        events[UNKNOWN_MONTH] = []  # an empty file keeps the events dataset readable
    wanted = {out_dir / "events" / f"{PARTITION_KEY}={month}" / f"{name}.parquet"
              for month in events}
    events_dir = out_dir / "events"
    if events_dir.is_dir():  # files of an earlier, unfinished attempt with other months
        for stale in events_dir.glob(f"{PARTITION_KEY}=*/{name}.parquet"):
            if stale not in wanted:
                stale.unlink(missing_ok=True)
    for month, rows in sorted(events.items()):
        write_parquet_atomic(to_table(rows, EVENT_SCHEMA),
                             events_dir / f"{PARTITION_KEY}={month}" / f"{name}.parquet")
    write_parquet_atomic(to_table(documents, DOCUMENT_SCHEMA),
                         out_dir / "documents" / f"{name}.parquet")
    write_parquet_atomic(to_table(errors, ERROR_SCHEMA), out_dir / "errors" / f"{name}.parquet")

    stored = _store_partition(options["db"], partition, items, records) if options.get("db") \
        else None

    summary = {
        "partition": partition.to_dict(),
        "store": stored,
        "documents": len(documents),
        "events": sum(len(rows) for rows in events.values()),
        "months": sorted(events),
        "input_errors": sum(1 for e in errors if e["stage"] == "input"),
        "failed_documents": failed_docs,
        "error_messages": [e["message"] for e in errors[:MAX_REPORTED_ERRORS]],
        "error_count": len(errors),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "pipelines": _pipeline_ids(langs),
        "seconds": round(time.perf_counter() - started, 3),
    }
    write_text_atomic(json.dumps(summary, ensure_ascii=False, indent=1),
                      marker_path(out_dir, index))
    return summary
