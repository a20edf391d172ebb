"""Several processes ingesting into one PostgreSQL store at once: every document once.

Needs a PostgreSQL server: `MARSAD_TEST_PG` (as set by `.ci/services`) names a database the
tests may create schemas in; each test works in a fresh schema that is dropped afterwards.
Skipped when the variable is unset.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import uuid
from pathlib import Path

import batch_tasks
import pytest
from batch_reports import REPORTS

sqlalchemy = pytest.importorskip("sqlalchemy")
pytest.importorskip("psycopg")

WRITERS = 4
OWN_DOCS = 3


@pytest.fixture
def pg_url():
    """The URL of an empty schema in the test PostgreSQL database."""
    base = os.environ.get("MARSAD_TEST_PG")
    if not base:
        pytest.skip("MARSAD_TEST_PG is not set (see .ci/services)")
    from sqlalchemy import create_engine, text

    schema = f"marsad_batch_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1)
                           if base.startswith("postgresql://") else base)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except sqlalchemy.exc.OperationalError as err:
        pytest.skip(f"PostgreSQL at MARSAD_TEST_PG is not reachable: {err.orig}")
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def _write(path: Path, docs: list[tuple[str, str, str, str]]) -> Path:
    path.write_text("".join(
        json.dumps({"id": i, "lang": lang, "published": published, "text": text},
                   ensure_ascii=False) + "\n" for i, lang, published, text in docs), "utf-8")
    return path


def _count(url: str, sql: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


def test_concurrent_ingest_processes_store_every_document_once(pg_url: str,
                                                               tmp_path: Path) -> None:
    # every writer reads the same shared file (same bytes, so the same documents) in a
    # different order, plus documents only it has
    shared = [(f"{i}-{n}", lang, published, f"{text} ({n})")
              for n in range(2) for i, lang, published, text in REPORTS]
    inputs = []
    for w in range(WRITERS):
        rotated = shared[w * 5:] + shared[:w * 5]
        own = [(f"own-{w}-{k}", "en", "2020-02-02",
                f"Shelling hit a market in Taiz on Sunday, report {w}-{k} said.")
               for k in range(OWN_DOCS)]
        inputs.append([str(_write(tmp_path / f"shared-{w}.jsonl", rotated)),
                       str(_write(tmp_path / f"own-{w}.jsonl", own))])
    # the shared documents in the writers' files must be byte-identical lines
    assert len({frozenset(Path(p[0]).read_text("utf-8").splitlines()) for p in inputs}) == 1

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(WRITERS), context.Queue()
    writers = [context.Process(target=batch_tasks.ingest_writer,
                               args=(pg_url, paths, barrier, results)) for paths in inputs]
    for process in writers:
        process.start()
    outcomes = [results.get(timeout=300) for _ in writers]
    for process in writers:
        process.join(timeout=60)
    assert [status for status, _ in outcomes] == ["ok"] * WRITERS, outcomes
    assert all(p.exitcode == 0 for p in writers)

    expected = len(shared) + WRITERS * OWN_DOCS
    counts = [c for _, c in outcomes]
    assert sum(c["stored"] for c in counts) == expected  # each document stored by one writer
    assert all(c["read"] == len(shared) + OWN_DOCS for c in counts)
    assert all(c["stored"] + c["already"] == c["read"] for c in counts)
    assert _count(pg_url, "SELECT count(*) FROM documents") == expected
    assert _count(pg_url, "SELECT count(DISTINCT sha256) FROM documents") == expected
    assert _count(pg_url, "SELECT count(DISTINCT doc_id) FROM documents") == expected
    # events were stored once per document: no document has two events with one seq
    assert _count(pg_url, "SELECT count(*) FROM (SELECT document_id, seq FROM events "
                          "GROUP BY 1, 2 HAVING count(*) > 1) AS d") == 0
    assert _count(pg_url, "SELECT count(*) FROM events") == sum(c["events"] for c in counts)
    # no event is in two incidents
    assert _count(pg_url, "SELECT count(*) FROM (SELECT event_id FROM incident_members "
                          "GROUP BY 1 HAVING count(*) > 1) AS d") == 0
