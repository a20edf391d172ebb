"""The store's commands end to end: ingest, incidents, review, stats, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from incident_events import event
from store_helpers import CannedExtractor, document
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import open_store, queries
from marsad.store.ingest import ingest_documents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
runner = CliRunner()


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args),
                         env={"MARSAD_USER": "cli-analyst", "COLUMNS": "200", **(env or {})})


def test_ingest_command_is_idempotent_and_reports_bad_lines(db_url):
    jsonl = str(FIXTURES / "reports.jsonl")
    first = run("ingest", jsonl, "--db", db_url, "--quiet")
    assert first.exit_code == 1, first.output  # the bad line
    errors = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "reports.jsonl:4" in errors[0] and "text" in errors[0]
    assert "3 read, 3 stored, 0 already stored" in first.stderr
    again = run("ingest", jsonl, "--db", db_url, "--quiet")
    assert "3 read, 0 stored, 3 already stored" in again.stderr
    with open_store(db_url) as store, store.session() as session:
        docs = queries.list_documents(session)
        assert docs["total"] == 3
        assert {d["doc_id"] for d in docs["items"]} == {"st-ar-1", "st-en-1", "st-en-2"}
        assert len(queries.ingest_runs(session)) == 2


def test_db_from_the_environment(db_url):
    result = run("ingest", str(FIXTURES / "news_en.atom"), "--quiet",
                 env={"MARSAD_DB": db_url})
    assert result.exit_code == 0, result.output
    assert "2 read, 2 stored" in result.stderr


def test_bad_db_url_is_a_usage_error(tmp_path):
    result = run("incidents", "--db", f"sqlite:///{tmp_path}/nope/x.db")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


EVENTS = {
    "a1": [event(killed=5)], "a2": [event(killed=7, actor=None)],
    "b1": [event(place="Mosul", actor="is", killed=3, mode="explosives")],
}


@pytest.fixture
def filled(db_url):
    with open_store(db_url) as store:
        ingest_documents(store, [document(k, outlet=k.upper()) for k in EVENTS],
                         extractor=CannedExtractor(EVENTS))
    return db_url


def test_incidents_jsonl_one_line_per_incident(filled):
    result = run("incidents", "--db", filled, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    maarat = next(r for r in lines if r["place"]["name"] == "Maarat al-Numan")
    assert maarat["documents"] == ["a1", "a2"]
    assert maarat["civilians_killed"] == {"min": 5, "max": 7}
    assert maarat["date"]["start"] == "2024-03-02" and maarat["grade"] == "unassessed"
    assert [s["doc_id"] for s in maarat["casualties"][0]["sources"]] == ["a1", "a2"]
    table = run("incidents", "--db", filled)
    assert table.exit_code == 0 and "Maarat" in table.stdout


def test_review_assess_merge_split_and_log(filled):
    with open_store(filled) as store, store.session() as session:
        ids = {i["place"]["name"]: i["id"] for i in queries.list_incidents(session)["items"]}
    maarat, mosul = ids["Maarat al-Numan"], ids["Mosul"]
    listing = run("review", "--db", filled)
    assert listing.exit_code == 0 and "Mosul" in listing.stdout
    result = run("review", "assess", str(maarat), "--grade", "confirmed", "--response",
                 "credible", "--conceded-min", "2", "--conceded-max", "4", "--why", "footage",
                 "--db", filled)
    assert result.exit_code == 0, result.output
    assert "grade: unassessed -> confirmed" in result.stderr
    bad = run("review", "assess", str(maarat), "--grade", "sure", "--db", filled)
    assert bad.exit_code == 1 and bad.stderr.startswith("error: grade:")
    shown = run("review", "show", str(maarat), "--format", "json", "--db", filled)
    record = json.loads(shown.stdout)
    assert record["grade"] == "confirmed" and record["conceded"] == {"min": 2, "max": 4}
    assert record["history"][0]["who"] == "cli-analyst"
    assert record["history"][0]["why"] == "footage"
    event_id = next(m["event_id"] for m in record["members"] if m["doc_id"] == "a2")
    split = run("review", "split", str(maarat), "--event", str(event_id), "--db", filled)
    assert split.exit_code == 0, split.output
    merge = run("review", "merge", str(maarat), str(mosul), "--why", "same", "--db", filled)
    assert merge.exit_code == 0, merge.output
    log = run("review", "log", "--format", "jsonl", "--db", filled)
    actions = [json.loads(line)["action"] for line in log.stdout.splitlines()]
    assert actions == ["merge", "merged-into", "split-from", "split", "assess"]
    text = run("review", "show", str(maarat), "--db", filled)
    assert text.exit_code == 0 and "audit log" in text.stdout


def test_stats_and_export_commands(filled, tmp_path):
    result = run("stats", "--db", filled, "--format", "json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["totals"]["incidents"] == 2
    assert stats["totals"]["under_assessment"] == 2
    assert run("stats", "--db", filled).exit_code == 0
    out = tmp_path / "acled.csv"
    result = run("export", "--format", "acled", "--out", str(out), "--db", filled)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 2 and {r["country"] for r in rows} == {"Syria", "Iraq"}
    result = run("export", "--format", "geojson", "--db", filled)
    assert json.loads(result.stdout)["type"] == "FeatureCollection"
