"""The learned main-event score: credited weights derived by the tool, read into the
confidence (and the evidence) of Arabic ASSAULT and PROTEST events, never making or
removing an event. Sentences are our own, in neutral news style."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from marsad.events.extractor import EventBuilder
from marsad.events.lexicon import data_text
from marsad.events.salience import MainEventScorer
from marsad.text.pipeline import analyse

ROOT = Path(__file__).resolve().parents[2]
PUB = date(2017, 11, 30)
TEXT = ("قصفت الطائرات الحربية بلدة على أطراف المدينة صباح أمس. وأدانت وزارة الخارجية الهجوم "
        "على القافلة الإنسانية. وتظاهر مئات الطلاب أمام مبنى الجامعة.")


def test_weights_are_credited_and_cover_the_gsr_types():
    text = data_text("main_event.tsv")
    assert "Open Event Data Alliance" in text and "MIT" in text
    scorer = MainEventScorer.default()
    assert set(scorer.weights) == {"ASSAULT", "PROTEST"}
    assert all(0.3 <= scorer.thresholds[t] <= 0.9 for t in scorer.weights)


def test_scorer_reads_weights_and_thresholds():
    scorer = MainEventScorer.from_text("# lang: ar\nASSAULT\tthreshold\t0.5\n"
                                       "ASSAULT\tbias\t0\nASSAULT\tw=قصف\t2\n")
    assert scorer.thresholds == {"ASSAULT": 0.5}
    assert scorer.score("ASSAULT", {}) == pytest.approx(0.5)
    assert scorer.score("ASSAULT", {"w=قصف": 1.0}) > 0.85
    assert scorer.score("PROTEST", {}) is None
    assert scorer.applies("ASSAULT", "ar") and not scorer.applies("ASSAULT", "en")


def test_score_enters_confidence_and_evidence():
    events = [e for e in analyse(TEXT, "ar", PUB)._.events if e.type in ("ASSAULT", "PROTEST")]
    assert {e.type for e in events} == {"ASSAULT", "PROTEST"}
    for e in events:
        main, rule = e.evidence["main_event"], e.evidence["specificity"]
        assert 0 <= main <= 1
        assert e.confidence == pytest.approx((rule + main) / 2, abs=0.02)


def test_english_events_are_not_scored():
    (e,) = [e for e in analyse("Gunmen attacked a police checkpoint north of the city.", "en",
                               PUB)._.events if e.type == "ASSAULT"]
    assert "main_event" not in e.evidence


def test_score_never_makes_or_removes_an_event():
    doc = analyse(TEXT, "ar", PUB)
    scored = doc._.events
    unscored = EventBuilder("ar")
    unscored.main_event = MainEventScorer({})
    plain = unscored(doc)
    assert [(e.type, e.modality, e.evidence["start"]) for e in scored] == \
        [(e.type, e.modality, e.evidence["start"]) for e in plain]
    assert any(a.confidence != b.confidence for a, b in zip(scored, plain))


def test_weights_are_what_the_tool_writes(shared, tmp_path):
    out = tmp_path / "main_event.tsv"
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "derive_main_event_weights.py"),
                             "--output", str(out)], capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr
    derived = MainEventScorer.from_text(out.read_text("utf-8"))
    shipped = MainEventScorer.default()
    assert derived.thresholds == shipped.thresholds
    # the same weights, up to the last printed digit: the linear algebra's sums may round
    # differently on another CPU or BLAS build
    for type_ in MainEventScorer.TYPES:
        ours, theirs = derived.weights[type_], shipped.weights[type_]
        for feature in set(ours) | set(theirs):
            assert ours.get(feature, 0.0) == pytest.approx(theirs.get(feature, 0.0), abs=0.0021), \
                (type_, feature)
