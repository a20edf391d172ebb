"""The Arabic and English case tables (cases_ar.yaml, cases_en.yaml) on the full gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
FIELDS = ("geonameid", "country", "precision", "direction", "relation", "admin1", "feature",
          "distance_km", "name", "name_ar")


def _cases(name: str) -> list[dict]:
    return yaml.safe_load((HERE / name).read_text("utf-8"))


AR = _cases("cases_ar.yaml")
EN = _cases("cases_en.yaml")


def test_case_tables_are_large_enough():
    assert len(AR) >= 60
    assert len(EN) >= 30


def _check(doc, case: dict) -> None:
    places = doc._.places
    found = {p.text: p for p in places}
    for want in case.get("places") or []:
        assert want["text"] in found, (
            f"{want['text']!r} not found in {[p.text for p in places]}")
        place = found[want["text"]]
        for key in FIELDS:
            if key in want:
                assert getattr(place, key) == want[key], (
                    f"{want['text']!r}: {key} is {getattr(place, key)!r}, "
                    f"expected {want[key]!r}")
    for word in case.get("absent") or []:
        assert not any(word in p.text for p in places), f"{word!r} taken for a place"
    if case.get("only"):
        expected = {w["text"] for w in case.get("places") or []}
        extra = [p.text for p in places if p.text not in expected]
        assert not extra, f"unexpected places {extra}"
    if "focus" in case:
        assert doc._.place_focus and doc._.place_focus[0][0] == case["focus"]


@pytest.mark.parametrize("case", AR, ids=[f"ar{i:02d}" for i in range(len(AR))])
def test_arabic_case(case, nlp_ar):
    _check(nlp_ar(case["text"]), case)


@pytest.mark.parametrize("case", EN, ids=[f"en{i:02d}" for i in range(len(EN))])
def test_english_case(case, nlp_en):
    _check(nlp_en(case["text"]), case)


def test_places_serialise_to_the_record_schema(nlp_ar):
    jsonschema = pytest.importorskip("jsonschema")
    from marsad.schema import load_schema

    schema = load_schema()
    place_schema = {**schema["$defs"]["place"], "$defs": schema["$defs"]}
    doc = nlp_ar("سقطت قذائف شرق دير الزور وفي بغداد وأوروبا.")
    assert doc._.places
    for place in doc._.places:
        record = place.to_dict()
        jsonschema.validate(record, place_schema)
        assert doc.text[record["start"]:record["end"]] == record["text"]
        assert record["source"]
