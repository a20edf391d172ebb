"""The short cuts of the place component give what the long way gives.

- `DocumentResolver` scores in context only the mentions whose evidence can reach `ACCEPT`
  (`_evidence_bound`): on every case text the bound is never below the evidence `_accept`
  gives, and scoring every mention yields the same places.
- `Word` works out its barriers once, from the punctuation before it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from marsad.places.mentions import MentionFinder, Word, words_from_doc
from marsad.places.resolve import DocumentResolver

HERE = Path(__file__).resolve().parent


class _ScoreEverything(DocumentResolver):
    """A resolver that prunes nothing and checks the bound at each `_accept`."""

    checked = 0

    def _evidence_bound(self, st, contains, listed_after, list_size) -> float:
        return math.inf  # no mention is left unscored

    def _accept(self, states, accept_all, links) -> None:
        for st in states:
            st.evidence = -math.inf  # left so by a mention `_accept` rejects at once
        super()._accept(states, accept_all, links)
        for k, st in enumerate(states):
            if st.evidence == -math.inf:
                continue
            bound = DocumentResolver._evidence_bound(
                self, st, k in links.contained, k in links.listed_after, links.list_sizes[k])
            assert st.evidence <= bound + 1e-9, (st.m.key, st.evidence, bound)
            _ScoreEverything.checked += 1


def _texts(name: str) -> list[str]:
    return [case["text"] for case in yaml.safe_load((HERE / name).read_text("utf-8"))]


@pytest.mark.parametrize("lang,table", [("ar", "cases_ar.yaml"), ("en", "cases_en.yaml")])
def test_pruned_resolution_equals_full_scoring(lang, table, nlp_ar, nlp_en):
    nlp = nlp_ar if lang == "ar" else nlp_en
    recogniser = nlp.get_pipe("marsad_places")
    finder = MentionFinder(recogniser.gazetteer, lang)
    before = _ScoreEverything.checked
    for text in _texts(table):
        doc = nlp(text)
        words = words_from_doc(doc)
        mentions = finder.find(words)
        full = _ScoreEverything(recogniser.gazetteer, lang).resolve(
            mentions, words, doc.text, focus_words=finder.focus_words(words))
        assert [p.to_dict() for p in full] == [p.to_dict() for p in doc._.places], text
    assert _ScoreEverything.checked > before  # the bound was checked on some mentions


def _check_bound_on(nlp, texts: list[str], lang: str) -> int:
    """Resolve `texts` scoring every mention, checking the bound at each `_accept`; returns
    how many evidences were checked."""
    recogniser = nlp.get_pipe("marsad_places")
    finder = MentionFinder(recogniser.gazetteer, lang)
    resolver = _ScoreEverything(recogniser.gazetteer, lang)
    before = _ScoreEverything.checked
    for text in texts:
        words = words_from_doc(nlp(text))
        resolver.resolve(finder.find(words), words, text, focus_words=finder.focus_words(words))
    return _ScoreEverything.checked - before


@pytest.mark.parametrize("lang,table", [("ar", "cases_ar.yaml"), ("en", "cases_en.yaml")])
def test_evidence_bound_holds_in_a_long_report(lang, table, nlp_ar, nlp_en):
    """All case texts read as one report: named countries, lists, focus and far places
    interact, and the bound still holds for every mention in every round."""
    assert _check_bound_on(nlp_ar if lang == "ar" else nlp_en,
                           ["\n".join(_texts(table))], lang) > 100


def test_evidence_bound_holds_on_news_sentences(shared, nlp_ar):
    """The bound on real reports: Arabic news sentences of the GSR files, read in reports of
    ten sentences."""
    import csv

    path = shared / "data" / "arabic_event_gsr" / "protest_gsr.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as f:
        sentences = [row["text"] for _, row in zip(range(400), csv.DictReader(f))]
    reports = ["\n".join(sentences[i:i + 10]) for i in range(0, len(sentences), 10)]
    assert _check_bound_on(nlp_ar, reports, "ar") > 1000


@pytest.mark.parametrize("sep,sent_start,barrier,hard", [
    ("", False, False, False), (" ", False, False, False), ("-", False, False, False),
    (",", False, True, True), ("، ", False, True, True), ('"', False, True, False),
    ("«", False, True, False), ("", True, True, True), ("-", True, True, True),
])
def test_word_barriers(sep, sent_start, barrier, hard):
    word = Word("حلب", ("حلب",), 0, 3, 0, sep, sent_start)
    assert (word.barrier, word.hard_barrier) == (barrier, hard)
    assert word.key == "حلب" and word.arabic


def test_fold_keeps_words_of_folded_letters():
    """`fold` returns a word of `_FOLDED_LETTERS` as it is, and `_strip_accents` one of
    `_PLAIN` characters: the long way gives those words back unchanged."""
    import random
    import unicodedata

    from marsad.places import names
    from marsad.text.normalize import normalize_text

    def strip_accents_long_way(text: str) -> str:
        kept = [ch for ch in unicodedata.normalize("NFKD", text)
                if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff"]
        return unicodedata.normalize("NFC", "".join(kept))

    assert "ب" in names._FOLDED_LETTERS and "ة" not in names._FOLDED_LETTERS
    plain = [chr(c) for c in range(0x80)] + [chr(c) for c in range(0x0621, 0x063B)] + [
        chr(c) for c in range(0x0640, 0x064B)]
    rng = random.Random(7)
    for _ in range(3000):
        word = "".join(rng.choice(names._FOLDED_LETTERS) for _ in range(rng.randint(1, 9)))
        assert names.fold(word) == word
        assert names._DROP.sub("", strip_accents_long_way(normalize_text(word))) == word
        text = "".join(rng.choice(plain) for _ in range(rng.randint(1, 9)))
        assert names._strip_accents(text) == strip_accents_long_way(text)
