"""Reading a partition's documents exactly as `marsad extract` reads them.

Documents must come out of a batch with the same ids, sources, languages and dates as out of
`marsad extract`, so these functions hand the work to `marsad.text.readers` and only add what a
partition needs: reading the lines in a byte range of a JSONL file (with their true line
numbers) and listing directories with Parquet files included.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from marsad.batch.parquet import is_parquet
from marsad.document import Document
from marsad.errors import InputError
from marsad.text import readers


def _resolve(path: str, base: str | None) -> str:
    """`path` as the client named it, resolved against the client's directory if relative
    and this process runs elsewhere."""
    if base is None or os.path.isabs(path) or os.getcwd() == base:
        return path
    return os.path.join(base, path)


def list_directory(directory: Path) -> list[Path]:
    """Files under `directory` in the order `marsad extract` reads them, plus Parquet files."""
    found = readers.iter_files(directory)
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if not f.startswith(".") and is_parquet(f))
    return sorted(found, key=lambda p: p.relative_to(directory).parts)


def is_ranged_jsonl(path: str | Path) -> bool:
    """A JSONL file that partitions can split by lines (UTF-16 files are read whole)."""
    if Path(path).suffix.lower() not in readers.JSONL_SUFFIXES:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(2)
    except OSError:
        return True  # planning reports the error
    return not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def read_files(paths: list[str], published: date | None, lang: str | None,
               base: str | None = None) -> Iterator[Document | InputError]:
    """Documents of whole files (text, HTML, JSON, JSONL), read by `readers.read_file`."""
    for path in paths:
        for item in readers.iter_documents([_resolve(path, base)], published=published,
                                           lang=lang):
            if path != _resolve(path, base):  # name files as the client did
                item.source = item.source.replace(_resolve(path, base), path, 1)
            yield item


def read_jsonl_range(path: str, start: int, stop: int, first_line: int, published: date | None,
                     lang: str | None, base: str | None = None) -> Iterator[Document | InputError]:
    """Documents of the JSONL lines in bytes [start, stop) of `path`, numbered from
    `first_line`, each read exactly as `readers.read_jsonl` reads it."""
    real = _resolve(path, base)
    with open(real, "rb") as handle:  # an unreadable file fails (and retries) the partition
        handle.seek(start)
        data = handle.read(stop - start)
        whole_file = start == 0 and stop >= os.fstat(handle.fileno()).st_size
    limit = readers.max_input_bytes()
    lines = ((number + first_line - 1, line, size)
             for number, line, size in readers.iter_jsonl_lines(io.BytesIO(data), limit))
    for item in readers.jsonl_items(lines, name=path, stem=Path(path).stem, published=published,
                                     lang=lang, limit=limit):
        # "empty file" is only true of the whole file, not of a run of blank lines
        if isinstance(item, InputError) and item.source == path and not whole_file:
            continue
        yield item
