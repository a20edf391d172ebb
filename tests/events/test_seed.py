"""The seed article (../shared/seed) yields every expected event and none of its traps."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.document import Document
from marsad.extract import extract
from tests.events.helpers import find


@pytest.fixture(scope="module")
def record(seed):
    exp = seed["expected"]
    doc = Document(id="seed", text=seed["text"], lang=exp["lang"],
                   published=date.fromisoformat(exp["published"]))
    return extract(doc)


def test_seed_events(record, seed):
    wanted = seed["expected"]["events"]
    assert wanted
    failures = []
    for want in wanted:
        ok, why = find(record["events"], want)
        if not ok:
            failures.append(f"{want['id']}: {why}")
    assert not failures, "\n".join(failures)


def test_seed_traps(record):
    for event in record["events"]:
        for c in event["casualties"]:
            assert 695 not in (c["min"], c["max"]), f"695 reports read as a toll: {c}"
            if 801 in (c["min"], c["max"]):
                assert c["kind"] == "killed", f"801 is a death toll, not {c['kind']}"


def test_seed_event_places_are_not_ghosts(record):
    allowed = {"SY", "IQ", "US", "RU", "IR", "LB", "AU", None}
    for event in record["events"]:
        for place in event["places"]:
            assert place.get("country") in allowed, place
            assert place.get("precision") in ("country", "continent", "region", "city",
                                              "admin1", "admin2", None) or \
                place.get("geonameid") in (170794, 174448, 98182), place


def test_seed_evidence_offsets(record, seed):
    text = seed["text"]
    for event in record["events"]:
        ev = event["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["trigger"]
        for arg in (event["actor"], event["target"]):
            if arg:
                assert text[arg["start"]:arg["end"]] == arg["text"]
        for c in event["casualties"]:
            assert text[c["start"]:c["end"]] == c["text"]
        for a in event["attribution"]:
            assert text[a["start"]:a["end"]] == a["text"]
