"""Exports written, read back and compared with the store's incident records."""

from __future__ import annotations

import csv
import io
import json

import pytest
from incident_events import event, governorate
from store_helpers import CannedExtractor, document

from marsad.store import queries
from marsad.store.exports import (
    ACLED_COLUMNS,
    FLAT_COLUMNS,
    LIST_SEPARATOR,
    ExportError,
    export_incidents,
)
from marsad.store.ingest import ingest_documents

# victims standing in for an unnamed target, as the extractor marks them ("victims": true)
VICTIMS = {"text": "5 مدنيين", "name": "civilians", "sector": "CVL", "country": None,
           "start": 0, "end": 8, "confidence": 0.5, "victims": True}

EVENTS = {
    "a1": [{**event(killed=5, injured=12), "target": VICTIMS}],
    "a2": [event(killed=(7, None), actor=None)],  # "at least 7"
    "b1": [event(place="Deir ez-Zor", actor="coalition", killed=2, mode="drone")],
    "c1": [event(place="Mosul", actor="is", type="ASSAULT", mode="explosives", killed=11,
                 group="unknown")],
    "d1": [event(place=None, actor=None, killed=None)],  # no place: null geometry
    "e1": [event(place=governorate(), day="2024-02-01", end="2024-02-29", precision="month",
                 killed=None)],
}


@pytest.fixture
def records(store):
    docs = [document(k, outlet=f"Outlet {k[0].upper()}", lang="ar" if k[1] == "1" else "en")
            for k in EVENTS]
    ingest_documents(store, docs, extractor=CannedExtractor(EVENTS))
    with store.session() as session:
        maarat = next(i["id"] for i in queries.list_incidents(session)["items"]
                      if i["place"]["name"] == "Maarat al-Numan")
        queries.assess(session, maarat, who="analyst", grade="confirmed", response="credible",
                       conceded_min=1, conceded_max=3)
    with store.session() as session:
        out = list(queries.iter_incident_records(session))
    assert len(out) == 5
    return out


def export_text(store, fmt: str, **filters) -> str:
    buffer = io.StringIO()
    with store.session() as session:
        export_incidents(session, fmt, buffer, **filters)
    return buffer.getvalue()


def test_jsonl_round_trip(store, records):
    lines = export_text(store, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(json.dumps(records))
    maarat = next(r for r in records if r["place"]["name"] == "Maarat al-Numan")
    assert maarat["documents"] == ["a1", "a2"]
    assert maarat["killed"] == {"min": 5, "max": 7}
    assert maarat["casualties"][0]["open"] is True
    assert maarat["grade"] == "confirmed" and maarat["conceded"] == {"min": 1, "max": 3}


def _typed(column: str, value: str):
    from marsad.store.exports import FLOAT_COLUMNS, INT_COLUMNS

    if value == "":
        return [] if column in ("documents", "outlets", "urls") else None
    if column in INT_COLUMNS:
        return int(value)
    if column in FLOAT_COLUMNS:
        return float(value)
    if column in ("documents", "outlets", "urls"):
        return value.split(LIST_SEPARATOR)
    return value


def test_csv_round_trip(store, records):
    from marsad.store.exports import flat_row

    rows = list(csv.DictReader(io.StringIO(export_text(store, "csv"))))
    assert list(rows[0]) == list(FLAT_COLUMNS)
    back = [{k: _typed(k, v) for k, v in row.items()} for row in rows]
    assert back == [flat_row(r) for r in records]
    maarat = next(b for b in back if b["place_name"] == "Maarat al-Numan")
    assert maarat["documents"] == ["a1", "a2"] and maarat["injured_min"] == 12


def test_parquet_round_trip(store, records, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from marsad.store.exports import flat_row

    path = tmp_path / "incidents.parquet"
    with store.session() as session:
        assert export_incidents(session, "parquet", path) == len(records)
    table = pq.read_table(path)
    assert table.column_names == list(FLAT_COLUMNS)
    assert table.to_pylist() == [flat_row(r) for r in records]
    import pyarrow as pa

    kind = table.schema.field("documents").type
    assert pa.types.is_list(kind) and pa.types.is_string(kind.value_type)


def test_geojson_round_trip(store, records):
    collection = json.loads(export_text(store, "geojson"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["id"] for f in features] == [r["id"] for r in records]
    for feature, record in zip(features, records, strict=True):
        if record["place"]["lat"] is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"] == {
                "type": "Point", "coordinates": [record["place"]["lon"], record["place"]["lat"]]}
        assert feature["properties"]["grade"] == record["grade"]
        assert feature["properties"]["documents"] == record["documents"]


def test_acled_shape(store, records):
    rows = list(csv.DictReader(io.StringIO(export_text(store, "acled"))))
    assert tuple(rows[0]) == ACLED_COLUMNS
    by_location = {r["location"]: r for r in rows}
    maarat = by_location["Maarat al-Numan"]
    assert maarat["event_id_cnty"].startswith("SYR")
    assert maarat["event_date"] == "2024-03-02" and maarat["year"] == "2024"
    assert maarat["time_precision"] == "1"
    assert (maarat["event_type"], maarat["sub_event_type"]) == (
        "Explosions/Remote violence", "Air/drone strike")
    assert maarat["disorder_type"] == "Political violence"
    assert maarat["actor1"] == "Russian Air Force"
    assert maarat["inter1"] == "8"  # a foreign state's forces: external/other
    # the victims target is no ACLED actor name: the civilian toll names them
    assert maarat["actor2"] == "Civilians (Syria)" and maarat["inter2"] == "7"
    assert maarat["interaction"] == "78"
    assert maarat["civilian_targeting"] == "Civilian targeting"
    assert (maarat["iso"], maarat["country"], maarat["region"]) == ("760", "Syria",
                                                                     "Middle East")
    assert maarat["geo_precision"] == "1"
    assert maarat["fatalities"] == "5"  # the lowest total any source gives
    assert "5-7+" in maarat["notes"]
    assert maarat["source"] == "Outlet A"
    mosul = by_location["Mosul"]
    assert mosul["event_id_cnty"].startswith("IRQ") and mosul["inter1"] == "2"
    assert mosul["sub_event_type"] == "Remote explosive/landmine/IED"
    idlib = by_location["Idlib Governorate"]
    assert (idlib["time_precision"], idlib["geo_precision"]) == ("3", "3")


def test_plover_shape(store, records):
    lines = [json.loads(line) for line in export_text(store, "plover").splitlines()]
    assert len(lines) == len(records)
    for plover, record in zip(lines, records, strict=True):
        assert plover["id"] == f"marsad-{record['id']}"
        assert {"id", "date", "actor", "event"} <= set(plover)  # PLOVER's required fields
        assert plover["event"] == [record["type"]]
        assert plover["date"] == record["date"]["start"]
        assert plover["marsad"]["documents"] == record["documents"]
        assert len(plover["cite_info"]) == record["n_documents"]
    maarat = next(p for p in lines if p["event_loc"]["resolved_place"] == "Maarat al-Numan")
    assert maarat["actor"] == [{"code": "RUS", "sector": "MIL",
                                "entity_text": "Russian Air Force"}]
    assert maarat["event_loc"]["country_code"] == "SYR"
    assert maarat["event_loc"]["resolution"] == 4
    assert maarat["size"] == {"dead": 5, "injured": 12}
    assert maarat["mode"] == ["aerial"] and maarat["context"] == ["military"]
    assert maarat["event_text"] == ["غارة"]


def test_filters_apply_to_exports(store, records):
    lines = export_text(store, "jsonl", grade="confirmed").splitlines()
    assert [json.loads(line)["place"]["name"] for line in lines] == ["Maarat al-Numan"]
    assert export_text(store, "jsonl", country="IQ").count("\n") == 1


def test_unknown_format_and_bad_folder(store, records, tmp_path):
    with store.session() as session:
        with pytest.raises(ExportError):
            export_incidents(session, "xml", io.StringIO())
        with pytest.raises(ExportError):
            export_incidents(session, "csv", tmp_path / "no" / "such" / "x.csv")
