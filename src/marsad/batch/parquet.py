"""Parquet in and out: documents from a Parquet table, atomic writes of result files.

Input tables have one document per row: `text` (required), `id`, `published`, `lang`, `url`,
`title` (optional; a missing id becomes "<file stem>-<row>", as for JSONL lines). `published`
may be a date, a timestamp or a `YYYY-MM-DD` string. Each row is checked exactly like a JSONL
line; a row that cannot become a document is an `InputError` naming `file:row N` and the
field, and the rest is read. A document's sha256 is that of the row as canonical JSON.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.document import Document
from marsad.errors import InputError

COLUMNS = ("id", "text", "published", "lang", "url", "title")
PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")


def is_parquet(path: str | Path) -> bool:
    return str(path).lower().endswith(PARQUET_SUFFIXES)


def parquet_row_count(path: str | Path) -> int:
    """Rows in a Parquet file, from its footer (the data is not read)."""
    return pq.ParquetFile(path).metadata.num_rows


def check_parquet_input(path: str | Path) -> None:
    """Raise `InputError` if `path` is not a Parquet file with a `text` column."""
    try:
        names = set(pq.ParquetFile(path).schema_arrow.names)
    except (OSError, pa.ArrowException) as err:
        raise InputError(str(path), f"not a readable Parquet file ({err})") from None
    missing = [c for c in ("text",) if c not in names]
    if missing:
        raise InputError(str(path), "missing column(s) " + ", ".join(missing)
                         + f"; found {', '.join(sorted(names)) or 'none'}")


def _read_rows(path: str | Path, start: int, stop: int) -> list[dict[str, Any]]:
    """Rows [start, stop) of a Parquet file, reading only the row groups that hold them."""
    file = pq.ParquetFile(path)
    columns = [c for c in COLUMNS if c in file.schema_arrow.names]
    groups, first_row, offset = [], None, 0
    for i in range(file.metadata.num_row_groups):
        n = file.metadata.row_group(i).num_rows
        if offset + n > start and offset < stop:
            groups.append(i)
            if first_row is None:
                first_row = offset
        offset += n
    if not groups:
        return []
    table = file.read_row_groups(groups, columns=columns)
    return table.slice(start - first_row, stop - start).to_pylist()


def _jsonable(value: Any) -> Any:
    """A Parquet cell as the JSON value a JSONL line would hold (dates as ISO strings)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_document(row: dict[str, Any], where: str, default_id: str,
                 published: date | None = None, lang: str | None = None) -> Document:
    """A `Document` from one input row, validated exactly like a JSONL line (the row's own
    `published`/`lang` win over the defaults); raises `InputError` naming the field."""
    from marsad.text.readers import document_from_record

    record = {key: _jsonable(row[key]) for key in COLUMNS if row.get(key) is not None}
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str,
                           separators=(",", ":"))
    return document_from_record(record, raw=canonical.encode("utf-8"), source=where,
                                default_id=default_id, published=published, lang=lang)


def iter_parquet_documents(path: str | Path, start: int = 0, stop: int | None = None,
                           published: date | None = None,
                           lang: str | None = None) -> Iterator[Document | InputError]:
    """Documents of rows [start, stop) of a Parquet file (row numbers in errors count from 1)."""
    try:
        check_parquet_input(path)
        stop = parquet_row_count(path) if stop is None else stop
        rows = _read_rows(path, start, stop)
    except InputError as err:
        yield err
        return
    stem = Path(path).stem
    for offset, row in enumerate(rows):
        number = start + offset + 1
        try:
            yield row_document(row, f"{path}:row {number}", f"{stem}-{number}", published, lang)
        except InputError as err:
            yield err


def write_parquet_atomic(table: pa.Table, path: str | Path) -> None:
    """Write `table` to `path` so that readers see either no file or the whole file.

    The data goes to a hidden temporary file in the same directory (names starting with "."
    are skipped by pyarrow, Spark and DuckDB globs), is flushed to disk, then renamed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(text: str, path: str | Path) -> None:
    """Write `text` to `path` atomically (temporary file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
