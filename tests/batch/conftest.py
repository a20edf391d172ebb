"""Fixtures of the batch tests: one small LocalCluster shared by all, and input files."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from batch_reports import REPORTS


@pytest.fixture(scope="session")
def client():
    """A LocalCluster of 2 worker processes with 1 thread each, on loopback, no dashboard."""
    import warnings

    from distributed import Client, LocalCluster

    warnings.filterwarnings("ignore", message="Port .* is already in use")
    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                       dashboard_address=None, silence_logs=logging.ERROR) as cluster,
          Client(cluster) as client):
        yield client


def write_jsonl(path: Path, reports=REPORTS, extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps({"id": i, "lang": lang, "published": published, "text": text},
                        ensure_ascii=False) for i, lang, published, text in reports]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


def write_parquet(path: Path, reports=REPORTS) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "id": [r[0] for r in reports], "lang": [r[1] for r in reports],
        "published": [r[2] for r in reports], "text": [r[3] for r in reports],
        "url": [f"https://example.org/{r[0]}" for r in reports],
    })
    pq.write_table(table, path, row_group_size=4)
    return path


def write_directory(path: Path, reports=REPORTS) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for i, _, _, text in reports:
        (path / f"{i}.txt").write_text(text + "\n", encoding="utf-8")
    return path


@pytest.fixture
def jsonl_input(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "reports.jsonl")


@pytest.fixture
def parquet_input(tmp_path: Path) -> Path:
    return write_parquet(tmp_path / "reports.parquet")


@pytest.fixture
def directory_input(tmp_path: Path) -> Path:
    return write_directory(tmp_path / "texts")
