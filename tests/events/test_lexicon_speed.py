"""The speed-ups of the event lexicons change nothing: `TermMatcher`'s start-word index finds
what a plain scan finds, span offsets are spaCy's, and a cached lexicon is the one a fresh
build gives."""

from __future__ import annotations

from marsad.events import lexicon
from marsad.events.lexicon import cached_build, doc_norms, span_chars
from marsad.events.triggers import TriggerLexicon
from marsad.text import matcher as matcher_module
from marsad.text.matcher import TermMatcher
from marsad.text.pipeline import get_pipeline

TEXTS = [
    ("قالت مصادر أمنية إن غارات جوية استهدفت مواقع التنظيم في ريف حلب أمس، ما أسفر عن مقتل "
     "خمسة مدنيين. وأضافت المصادر أن الطيران الحربي قصف بلدة قريبة."),
    "Police said two gunmen attacked a checkpoint on Monday and wounded three officers.",
]


def _plain_scan(matcher: TermMatcher, doc, overlapping: bool) -> list:
    """The reference: try every token, longest match first."""
    forms = lexicon.doc_forms(doc)
    out, i = [], 0
    while i < len(forms):
        match = matcher._longest_at(forms, i)
        if match is None:
            i += 1
            continue
        out.append(match)
        i = i + 1 if overlapping else match.end
    return out


def test_matcher_finds_what_a_plain_scan_of_every_token_finds():
    for text in TEXTS:
        lang = "ar" if text[0] > "z" else "en"
        doc = get_pipeline(lang)(text)
        matcher = TriggerLexicon.default().matcher(lang)
        for overlapping in (False, True):
            found = list(matcher.iter_matches(doc, overlapping))
            assert found, text
            assert found == _plain_scan(matcher, doc, overlapping)


def test_matcher_stays_right_when_the_word_log_starts_afresh(monkeypatch):
    monkeypatch.setattr(matcher_module, "_MAX_REMEMBERED", 30)
    docs = [get_pipeline("ar")(TEXTS[0]), get_pipeline("en")(TEXTS[1])]
    matchers = [TriggerLexicon.default().matcher(lang) for lang in ("ar", "en")]
    for _ in range(2):
        for doc, matcher in zip(docs, matchers):
            assert matcher(doc) == _plain_scan(matcher, doc, False)


def test_span_offsets_and_norms_are_spacys():
    doc = get_pipeline("ar")(TEXTS[0])
    assert doc_norms(doc) == [t.norm_ for t in doc]
    for start in range(len(doc)):
        for end in range(start + 1, min(start + 4, len(doc)) + 1):
            span = doc[start:end]
            assert span_chars(doc, start, end) == (span.start_char, span.end_char, span.text)


def test_cached_build_builds_once_per_sources_stamp(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    stamp = ["one"]
    monkeypatch.setattr(lexicon, "_sources_stamp", lambda: stamp[0])
    builds = []

    def build():
        builds.append(1)
        return {"built": len(builds)}

    assert cached_build("demo", build) == {"built": 1}
    assert cached_build("demo", build) == {"built": 1}  # from the pickle
    assert len(builds) == 1
    stamp[0] = "two"  # a data file changed
    assert cached_build("demo", build) == {"built": 2}
    assert [p.name for p in (tmp_path / "events").glob("demo-*")] == ["demo-two.pickle"]


def test_a_cached_trigger_lexicon_reads_like_a_fresh_one(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    fresh = TriggerLexicon(lexicon.load_data("triggers.yaml"))
    cached_build("triggers-test", lambda: fresh)
    loaded = cached_build("triggers-test", lambda: None)
    assert loaded is not fresh
    assert loaded.matcher("ar")._root == fresh.matcher("ar")._root
    for word in ("قصف", "غارات", "استهدفت", "مقتل"):
        assert loaded.senses(word) == fresh.senses(word)
