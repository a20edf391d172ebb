"""Batch pieces that need no cluster: planning, Parquet input, tables, one partition."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_reports import REPORTS
from conftest import write_jsonl, write_parquet

from marsad.batch.parquet import iter_parquet_documents, write_parquet_atomic
from marsad.batch.plan import Partition, jsonl_line_offsets, plan_fingerprint, plan_partitions
from marsad.batch.results import read_events, read_records
from marsad.batch.tables import EVENT_SCHEMA, event_month, event_row, to_table
from marsad.batch.worker import marker_path, process_partition
from marsad.document import Document
from marsad.errors import InputError
from marsad.extract import extract

EVENT = {
    "type": "ASSAULT", "mode": "aerial", "contexts": ["military"],
    "actor": {"text": "طائرات حربية", "name": "Russian air force", "sector": "MIL", "country": "RU"},
    "target": None,
    "places": [{"text": "معرة النعمان", "name": "Maarat al-Numan", "geonameid": 169577,
                "lat": 35.64, "lon": 36.67, "country": "SY", "precision": "city"}],
    "date": {"text": "أمس", "start": "2019-05-19", "end": "2019-05-19", "precision": "day"},
    "casualties": [{"kind": "killed", "group": "civilians", "min": 3, "max": 3, "text": "ثلاثة"}],
    "attribution": [{"text": "المرصد", "name": "SOHR", "role": "source"}],
    "modality": "asserted", "acled": {"event_type": "Explosions/Remote violence",
                                      "sub_event_type": "Air/drone strike"},
    "cameo": "195", "evidence": {"start": 10, "end": 20, "trigger": "غارات"}, "confidence": 0.8,
    "extra_field_from_a_later_version": {"kept": True},
}


def test_jsonl_offsets_cover_every_line_once(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": str(i), "text": "نص " * i}, ensure_ascii=False) for i in range(10)]
    path.write_bytes(("\n".join(lines)).encode("utf-8"))  # no newline at the end
    ranges = jsonl_line_offsets(path, 3)
    assert [n for _, _, n in ranges] == [3, 3, 3, 1]
    data = path.read_bytes()
    pieces = [data[a:b] for a, b, _ in ranges]
    assert b"".join(pieces) == data
    assert pieces[1].decode("utf-8").splitlines() == lines[3:6]


def test_plan_is_deterministic_and_groups_loose_files(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl")
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in ("c.txt", "a.txt", "b.txt", ".hidden.txt"):
        (texts / name).write_text("نص", encoding="utf-8")
    write_parquet(tmp_path / "p.parquet")
    inputs = [tmp_path / "a.jsonl", texts, tmp_path / "p.parquet", tmp_path / "missing.jsonl"]
    parts, errors = plan_partitions(inputs, 4)
    assert [p.kind for p in parts] == ["jsonl"] * 3 + ["files"] + ["parquet"] * 3
    assert [p.size for p in parts] == [4, 4, 2, 3, 4, 4, 2]
    assert [Path(p).name for p in parts[3].paths] == ["a.txt", "b.txt", "c.txt"]
    assert [p.first_line for p in parts[:3]] == [1, 5, 9]
    assert [p.index for p in parts] == list(range(7))
    assert len(errors) == 1 and "missing.jsonl" in str(errors[0])
    again, _ = plan_partitions(inputs, 4)
    assert plan_fingerprint(again) == plan_fingerprint(parts)
    assert plan_fingerprint(plan_partitions(inputs, 5)[0]) != plan_fingerprint(parts)
    assert Partition.from_dict(parts[3].to_dict()) == parts[3]


def test_parquet_rows_become_documents_and_bad_rows_errors(tmp_path: Path) -> None:
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({
        "id": ["a", "b", None, "d", "e"],
        "text": ["قصف على البلدة", None, "نص", "text", "more text"],
        "published": ["2020-01-02", "2020-01-03", None, "2nd of May", None],
        "lang": ["AR", None, None, None, "und"],
    }), path, row_group_size=2)
    items = list(iter_parquet_documents(path, 0, 5, published=date(2021, 1, 1), lang="en"))
    first = items[0]
    assert isinstance(first, Document)
    assert (first.id, first.published, first.lang) == ("a", date(2020, 1, 2), "ar")
    assert first.source == f"{path}:row 1" and len(first.sha256) == 64
    # a row without id is named like a JSONL line without one; defaults fill the gaps
    assert (items[2].id, items[2].published, items[2].lang) == ("docs-3", date(2021, 1, 1), "en")
    assert items[4].lang == "en"
    assert [str(e) for e in (items[1], items[3])] == [
        f"{path}:row 2: text: missing",
        f"{path}:row 4: published: expected YYYY-MM-DD, got '2nd of May'",
    ]
    # a slice across row groups reads the right rows
    assert [d.id for d in iter_parquet_documents(path, 0, 1)] == ["a"]
    sliced = list(iter_parquet_documents(path, 1, 3))
    assert str(sliced[0]).startswith(f"{path}:row 2: text") and sliced[1].id == "docs-3"


def test_parquet_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    pq.write_table(pa.table({"id": pa.array([7, 8], pa.int64()), "text": ["نص أول", "نص ثان"],
                             "published": pa.array([date(2020, 1, 1), None], pa.date32())}),
                   path)
    first, second = iter_parquet_documents(path)
    assert (first.id, first.published, second.published) == ("7", date(2020, 1, 1), None)
    assert first.sha256 != second.sha256


def test_parquet_without_text_column_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "wrong.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), path)
    items = list(iter_parquet_documents(path))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "missing column(s) text" in str(items[0])
    parts, errors = plan_partitions([path], 10)
    assert parts == [] and "missing column(s) text" in str(errors[0])


def test_event_rows_keep_the_whole_event_and_flat_columns(tmp_path: Path) -> None:
    record = {"id": "d1", "lang": "ar", "published": "2019-05-20"}
    row = event_row(record, 0, EVENT, partition=7, position=2)
    assert json.loads(row["event_json"]) == EVENT
    assert (row["place_name"], row["place_lat"], row["date_start"]) == (
        "Maarat al-Numan", 35.64, date(2019, 5, 19))
    assert row["casualties"][0]["min"] == 3 and row["acled_sub_event_type"] == "Air/drone strike"
    table = to_table([row], EVENT_SCHEMA)
    assert table.schema == EVENT_SCHEMA
    # odd values from a producer never break the table: they are dropped from flat columns
    odd = {**EVENT, "confidence": "high", "places": [{"geonameid": "x"}], "date": "yesterday"}
    odd_row = event_row(record, 1, odd, partition=7, position=2)
    assert odd_row["confidence"] is None and odd_row["date_start"] is None
    assert to_table([odd_row], EVENT_SCHEMA).num_rows == 1
    assert json.loads(odd_row["event_json"]) == odd


@pytest.mark.parametrize("when, month", [
    ({"start": "2019-05-19"}, "2019-05"), ({"start": "2019-05"}, "2019-05"),
    ({"start": None}, "unknown"), (None, "unknown"), ({"start": "soon"}, "unknown"),
])
def test_event_month(when, month) -> None:
    assert event_month({**EVENT, "date": when}) == month


def test_process_partition_writes_files_then_marker(tmp_path: Path, parquet_input: Path) -> None:
    out = tmp_path / "out"
    part = Partition(0, "parquet", path=str(parquet_input), start=0, stop=4, size=4)
    summary = process_partition(part.to_dict(), str(out), {})
    assert marker_path(out, 0).is_file() and summary["documents"] == 4
    records = read_records(out)
    expected = [extract(d) for d in iter_parquet_documents(parquet_input, 0, 4)]
    assert records == expected
    assert [r["id"] for r in records] == [r[0] for r in REPORTS[:4]]
    assert not list(out.rglob(".*.tmp"))


def test_events_land_in_their_month_partition(tmp_path: Path) -> None:
    out = tmp_path / "out"
    other = {**EVENT, "date": None}
    rows = [event_row({"id": "d1"}, 0, EVENT, 0, 0), event_row({"id": "d1"}, 1, other, 0, 0)]
    for row, month in zip(rows, ("2019-05", "unknown")):
        write_parquet_atomic(to_table([row], EVENT_SCHEMA),
                             out / "events" / f"event_month={month}" / "part-000000.parquet")
    table = read_events(out)
    assert sorted(table.column("event_month").to_pylist()) == ["2019-05", "unknown"]
    import pandas as pd

    frame = pd.read_parquet(out / "events")  # pandas discovers the hive partitioning itself
    assert sorted(frame["event_month"].astype(str)) == ["2019-05", "unknown"]
    assert set(frame["doc_id"]) == {"d1"}


def test_duckdb_reads_the_events_dataset(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    write_parquet_atomic(to_table([event_row({"id": "d1"}, 0, EVENT, 0, 0)], EVENT_SCHEMA),
                         out / "events" / "event_month=2019-05" / "part-000000.parquet")
    rows = duckdb.sql(
        f"SELECT event_month, place_name FROM read_parquet('{out}/events/*/*.parquet', "
        "hive_partitioning = true)").fetchall()
    assert rows == [("2019-05", "Maarat al-Numan")]
