"""`TermMatcher`: a word that only begins one-word phrases is matched from its per-process
record (`_one_word_match`); the matches must be those of the full trie walk (`_longest_at`)
at every candidate, whatever mix of one-word and longer phrases the lexicon holds."""

from __future__ import annotations

from marsad.text.matcher import TermMatch, TermMatcher
from marsad.text.normalizer import doc_forms
from marsad.text.pipeline import analyse, phrase_tokens

TEXT = ("قصفت القوات الحكومية مواقع للجيش بالمدينة، وقالت وزارة الدفاع إن القوات "
        "انسحبت من المدينة")


def _matcher(entries: list[tuple[str, str]]) -> TermMatcher:
    matcher = TermMatcher()
    for phrase, payload in entries:
        matcher.add(phrase_tokens(phrase, "ar"), payload)
    return matcher


def _walked(matcher: TermMatcher, text: str) -> list[TermMatch]:
    """The non-overlapping longest matches found by walking the trie at every token."""
    doc = analyse(text, "ar", upto="marsad_normalizer")
    forms, out, i = doc_forms(doc), [], 0
    for start in range(len(doc)):
        if start < i:
            continue
        match = matcher._longest_at(forms, start)
        if match is not None:
            out.append(match)
            i = match.end
    return out


def _found(matcher: TermMatcher, text: str) -> list[TermMatch]:
    return matcher(analyse(text, "ar", upto="marsad_normalizer"))


def test_one_word_phrases_match_as_the_trie_walk():
    # "الجيش" and "جيش" are two stripped forms of "للجيش": the record keeps the walk's choice
    matcher = _matcher([("القوات", "forces"), ("الجيش", "army"), ("جيش", "army-bare"),
                        ("مدينة", "city"), ("المدينة", "the-city")])
    found = _found(matcher, TEXT)
    assert [m.payloads for m in found] == [m.payloads for m in _walked(matcher, TEXT)]
    assert found == _walked(matcher, TEXT)
    # between two equally stripped forms the walk keeps the last one ("جيش", "مدينة"); a
    # literal form wins ("المدينة")
    assert [m.payloads[0] for m in found] == ["forces", "army-bare", "city", "forces",
                                              "the-city"]


def test_a_longer_phrase_beats_the_one_word_record():
    # "القوات" begins a two-word phrase too, so it is walked, not read from the record
    matcher = _matcher([("القوات", "forces"), ("القوات الحكومية", "government forces"),
                        ("وزارة", "ministry")])
    found = _found(matcher, TEXT)
    assert found == _walked(matcher, TEXT)
    assert [(m.payloads[0], m.end - m.start) for m in found] == [
        ("government forces", 2), ("ministry", 1), ("forces", 1)]


def test_a_phrase_added_later_is_seen():
    matcher = _matcher([("القوات", "forces")])
    assert [m.payloads[0] for m in _found(matcher, TEXT)] == ["forces", "forces"]
    matcher.add(phrase_tokens("القوات الحكومية", "ar"), "government forces")
    assert [m.payloads[0] for m in _found(matcher, TEXT)] == ["government forces", "forces"]
