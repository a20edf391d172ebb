"""Our short reports (tests/fixtures/events/reports.yaml): each yields its expected events,
none of its `absent` ones, and no casualty figure that counts something else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from marsad.document import Document
from marsad.extract import extract
from tests.events.helpers import find, problems

REPORTS = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "fixtures" / "events" / "reports.yaml").read_text("utf-8")
)["reports"]


def run(report: dict) -> list[dict]:
    published = date.fromisoformat(report.get("published", "2017-11-30"))
    doc = Document(id=report["id"], text=report["text"], lang=report["lang"], published=published)
    return extract(doc)["events"]


@pytest.mark.parametrize("report", REPORTS, ids=[r["id"] for r in REPORTS])
def test_report(report):
    events = run(report)
    failures = []
    for want in report.get("expect", []):
        ok, why = find(events, want)
        if not ok:
            failures.append(why)
    for bad in report.get("absent", []):
        hits = [e for e in events if not problems(e, bad)]
        if hits:
            failures.append(f"unexpected {bad}: {hits[0]['evidence']['trigger']}")
    if report.get("no_casualties"):
        cas = [c for e in events for c in e["casualties"]]
        if cas:
            failures.append(f"casualties where there are none: {cas}")
    for n in report.get("not_tolls", []):
        for e in events:
            for c in e["casualties"]:
                if n in (c["min"], c["max"]):
                    failures.append(f"{n} read as a toll: {c}")
    assert not failures, "\n".join(failures)


def test_fixture_coverage():
    """The reports cover each coded type, each attack mode and each modality, in both languages."""
    langs = {r["lang"] for r in REPORTS}
    assert langs == {"ar", "en"}
    assert sum(r["lang"] == "ar" for r in REPORTS) >= 25
    assert sum(r["lang"] == "en" for r in REPORTS) >= 15
    wanted = [w for r in REPORTS for w in r.get("expect", [])]
    types = {w["type"] for w in wanted}
    assert {"ASSAULT", "THREATEN", "MOBILIZE", "COOPERATE", "CONCEDE", "ACCUSE", "COERCE",
            "PROTEST", "AID"} <= types
    modes = {w.get("mode") for w in wanted if w["type"] == "ASSAULT"}
    assert {"aerial", "drone", "heavy-weapons", "explosives", "suicide-attack", "firearms"} <= modes
    modalities = {w.get("modality") for w in wanted} | {
        w.get("modality") for r in REPORTS for w in r.get("absent", [])}
    assert {"asserted", "threatened", "planned", "denied", "hypothetical"} <= modalities
