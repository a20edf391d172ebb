"""Split batch inputs into partitions that workers read themselves.

The client never reads the documents: it lists files and counts lines or rows, then hands each
worker a small `Partition` that says where its documents are (a byte range of a JSONL file, a
row range of a Parquet file, or a list of text/HTML files). The plan is deterministic: the same
inputs and partition size give the same partitions, so a re-run can skip finished ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from marsad.batch.parquet import check_parquet_input, is_parquet, parquet_row_count
from marsad.errors import InputError

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Partition:
    """Where one partition's documents are.

    kind "jsonl": lines of `path` in bytes [start, stop), the first being line `first_line`;
    kind "parquet": rows [start, stop) of `path`; kind "files": the files in `paths`.
    `size` is the number of lines, rows or files (the progress unit).
    """

    index: int
    kind: str
    path: str = ""
    start: int = 0
    stop: int = 0
    first_line: int = 1
    paths: tuple[str, ...] = field(default_factory=tuple)
    size: int = 0

    def describe(self) -> str:
        if self.kind == "jsonl":
            return f"{self.path} lines {self.first_line}-{self.first_line + self.size - 1}"
        if self.kind == "parquet":
            return f"{self.path} rows {self.start + 1}-{self.stop}"
        first, last = self.paths[0], self.paths[-1]
        return first if len(self.paths) == 1 else f"{len(self.paths)} files {first} .. {last}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["paths"] = list(self.paths)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Partition:
        return cls(**{**data, "paths": tuple(data.get("paths", ()))})


def is_jsonl(path: str | Path) -> bool:
    """A JSONL file to split by lines (UTF-16 JSONL is read whole, like other files)."""
    from marsad.batch.sources import is_ranged_jsonl

    return is_ranged_jsonl(path)


def _list_directory(directory: Path) -> list[Path]:
    from marsad.batch.sources import list_directory

    return list_directory(directory)


def jsonl_line_offsets(path: str | Path, every: int) -> list[tuple[int, int, int]]:
    """(start byte, stop byte, lines) of consecutive runs of `every` lines of a file."""
    ranges: list[tuple[int, int, int]] = []
    start = position = lines = 0
    ends_with_newline = True
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            at = 0
            while True:
                newline = chunk.find(b"\n", at)
                if newline < 0:
                    break
                lines += 1
                at = newline + 1
                if lines == every:
                    ranges.append((start, position + at, lines))
                    start, lines = position + at, 0
            position += len(chunk)
            ends_with_newline = chunk.endswith(b"\n")
    if position > start:  # the last lines, the very last one perhaps without a newline
        ranges.append((start, position, lines if ends_with_newline else lines + 1))
    return ranges


def plan_partitions(inputs: Iterable[str | Path], partition_size: int) -> tuple[list[Partition], list[InputError]]:
    """Partitions of at most `partition_size` documents (lines, rows or files) each.

    A JSONL or Parquet file is split on its own; loose text/HTML files (named directly or
    found in directories) are grouped in order. Inputs that cannot be read come back as errors.
    """
    if partition_size < 1:
        raise ValueError("partition size must be at least 1")
    partitions: list[Partition] = []
    errors: list[InputError] = []
    loose: list[str] = []

    def flush_loose() -> None:
        for i in range(0, len(loose), partition_size):
            chunk = tuple(loose[i:i + partition_size])
            partitions.append(Partition(len(partitions), "files", paths=chunk, size=len(chunk)))
        loose.clear()

    for item in inputs:
        path = Path(item)
        if str(item) == "-":
            errors.append(InputError("-", "standard input cannot be read by a batch; "
                                          "save it to a file"))
            continue
        if not path.exists():
            errors.append(InputError(str(item), "no such file"))
            continue
        files = _list_directory(path) if path.is_dir() else [path]
        if path.is_dir() and not files:
            errors.append(InputError(str(item), "no .txt, .md, .html, .htm, .jsonl, .json or "
                                                ".parquet files in this directory"))
        for file in files:
            name = str(file)
            if is_jsonl(name):
                flush_loose()
                try:
                    ranges = jsonl_line_offsets(file, partition_size)
                except OSError as err:
                    errors.append(InputError(name, f"cannot read: {err.strerror or err}"))
                    continue
                line = 1
                for start, stop, lines in ranges:
                    partitions.append(Partition(len(partitions), "jsonl", path=name, start=start,
                                                stop=stop, first_line=line, size=lines))
                    line += lines
            elif is_parquet(name):
                flush_loose()
                try:
                    check_parquet_input(file)
                    rows = parquet_row_count(file)
                except InputError as err:
                    errors.append(err)
                    continue
                for start in range(0, rows, partition_size):
                    stop = min(rows, start + partition_size)
                    partitions.append(Partition(len(partitions), "parquet", path=name,
                                                start=start, stop=stop, size=stop - start))
            else:
                loose.append(name)
    flush_loose()
    return partitions, errors


def plan_fingerprint(partitions: list[Partition]) -> str:
    """A hash of the plan: re-runs into the same output directory must have the same one."""
    data = json.dumps([p.to_dict() for p in partitions], sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()
