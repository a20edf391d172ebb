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

WRITERS = 3
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


def _run_writers(url: str, tmp_path: Path, cluster: bool) -> tuple[list, int]:
    """Start WRITERS ingest processes at once on overlapping inputs; their outcomes and the
    number of distinct documents they were given."""
    # every writer reads the same shared file (same bytes, so the same documents) in a
    # different order, plus documents only it has
    shared = [(f"{i}-{n}", lang, published, f"{text} ({n})")
              for n in range(2) for i, lang, published, text in REPORTS]
    inputs = []
    for w in range(WRITERS):
        rotated = shared[w * 7:] + shared[:w * 7]
        own = [(f"own-{w}-{k}", "en", "2020-02-02",
                (f"Shelling hit a market in Taiz on Sunday, killing {k + 2} people, report {w} "
                f"said.")) for k in range(OWN_DOCS)]
        inputs.append([str(_write(tmp_path / f"shared-{w}.jsonl", rotated)),
                       str(_write(tmp_path / f"own-{w}.jsonl", own))])
    # the shared documents in the writers' files must be byte-identical lines
    assert len({frozenset(Path(p[0]).read_text("utf-8").splitlines()) for p in inputs}) == 1

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(WRITERS), context.Queue()
    writers = [context.Process(target=batch_tasks.ingest_writer,
                               args=(url, paths, barrier, results, cluster)) for paths in inputs]
    for process in writers:
        process.start()
    outcomes = [results.get(timeout=300) for _ in writers]
    for process in writers:
        process.join(timeout=60)
    return outcomes, len(shared) + WRITERS * OWN_DOCS


def test_concurrent_ingest_processes_store_every_document_once(pg_url: str,
                                                               tmp_path: Path) -> None:
    outcomes, expected = _run_writers(pg_url, tmp_path, cluster=False)
    assert [status for status, _ in outcomes] == ["ok"] * WRITERS, outcomes
    counts = [c for _, c in outcomes]
    assert sum(c["stored"] for c in counts) == expected  # each document stored by one writer
    assert all(c["stored"] + c["already"] == c["read"] for c in counts)
    assert sum(c["read"] for c in counts) == WRITERS * (2 * len(REPORTS) + OWN_DOCS)
    assert _count(pg_url, "SELECT count(*) FROM documents") == expected
    assert _count(pg_url, "SELECT count(DISTINCT sha256) FROM documents") == expected
    assert _count(pg_url, "SELECT count(DISTINCT doc_id) FROM documents") == expected
    # events were stored once per document: no document has two events with one seq
    assert _count(pg_url, "SELECT count(*) FROM (SELECT document_id, seq FROM events "
                          "GROUP BY 1, 2 HAVING count(*) > 1) AS d") == 0
    assert _count(pg_url, "SELECT count(*) FROM events") == sum(c["events"] for c in counts)


def test_concurrent_ingest_with_clustering_never_fails_a_writer(pg_url: str,
                                                               tmp_path: Path) -> None:
    """`marsad ingest` clusters after storing; writers clustering at once must not collide
    (an event may join only one incident) nor crash one another."""
    outcomes, expected = _run_writers(pg_url, tmp_path, cluster=True)
    assert _count(pg_url, "SELECT count(*) FROM documents") == expected
    assert [status for status, _ in outcomes] == ["ok"] * WRITERS, outcomes
    assert _count(pg_url, "SELECT count(*) FROM (SELECT event_id FROM incident_members "
                          "GROUP BY 1 HAVING count(*) > 1) AS d") == 0
    assert _count(pg_url, "SELECT count(*) FROM events e WHERE e.clusterable AND NOT EXISTS "
                          "(SELECT 1 FROM incident_members m WHERE m.event_id = e.id)") == 0


def test_batch_workers_ingest_into_one_store_every_document_once(client, pg_url: str,
                                                                 tmp_path: Path) -> None:
    from marsad.batch import run_batch
    from marsad.batch.results import read_events

    extra = [("extra-1", "en", "2021-05-05", ("Gunmen attacked a checkpoint near Kirkuk on "
              "Friday, killing two soldiers, police said.")),
             ("extra-2", "ar", "2021-05-06", ("قال مصدر أمني إن مسلحين هاجموا نقطة تفتيش قرب "
              "كركوك يوم الجمعة ما أسفر عن مقتل جنديين."))]
    first = _write(tmp_path / "first.jsonl", REPORTS)
    second = _write(tmp_path / "second.jsonl", [*REPORTS, *extra])  # 10 of 12 seen before
    out = tmp_path / "out"
    result = run_batch([first, second], out, scheduler=client, partition_size=2, db=pg_url,
                       progress=False)
    assert result.failures == [] and result.documents == 2 * len(REPORTS) + len(extra)
    distinct = len(REPORTS) + len(extra)
    assert result.store["stored"] == distinct
    assert result.store["already"] == len(REPORTS)
    assert result.clustering is not None
    assert _count(pg_url, "SELECT count(*) FROM documents") == distinct
    assert _count(pg_url, "SELECT count(DISTINCT sha256) FROM documents") == distinct
    events = {(row["doc_id"], row["event_index"])
              for row in read_events(out).select(["doc_id", "event_index"]).to_pylist()}
    assert _count(pg_url, "SELECT count(*) FROM events") == len(events)
    # a re-run stores nothing new and skips every partition
    again = run_batch([first, second], out, scheduler=client, partition_size=2, db=pg_url,
                      progress=False)
    assert again.processed == 0 and _count(pg_url, "SELECT count(*) FROM documents") == distinct


def test_batch_with_unreachable_store_stops_before_running(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    source = _write(tmp_path / "in.jsonl", REPORTS[:1])
    result = CliRunner().invoke(app, [
        "batch", str(source), "--out", str(tmp_path / "out"), "--quiet",
        "--db", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"])
    assert result.exit_code == 2
    assert "cannot open store" in result.output and "secret" not in result.output
    assert not (tmp_path / "out").exists()
