"""The text layer's shortcuts give what the plain spaCy parts give.

- `SentenceSplitter` (array-based) sets the same sentence starts as spaCy's `Sentencizer`.
- marsad's tokenizer, which drops special cases that change nothing (so its cache stays on)
  and normalises the norms of the others, splits like a tokenizer that keeps every special case.
- `token_positions` gives the tokens whose norm passes a test, asking once per new word.
- `TermMatcher` remembers per word whether a phrase can begin there; adding a phrase later
  must not leave that memory stale.
- Every pipeline of a language shares one tokenizer with `phrase_tokens`.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer

from marsad.text import matcher as matcher_module
from marsad.text.matcher import PassingWords, TermMatcher, token_positions
from marsad.text.normalize import normalize_text
from marsad.text.pipeline import _SENTENCE_ENDS, _ordinary_words, get_pipeline, phrase_tokens
from marsad.text.sentencizer import SentenceSplitter

TEXTS = [
    "قصفت الطائرات البلدة أمس. وقال مسؤول محلي إن القصف استمر ساعتين!",
    "«سقطت قذيفتان على السوق».\nوأضاف المصدر: \"لا إصابات\"... ثم غادر",
    "... بدأ الاجتماع صباحاً؟ نعم؛ وانتهى مساءً.\n\nالخبر التالي",
    "Police said two people were hurt. \"We are looking into it,\" he said. Then — nothing.",
    "The council met on Monday\tto discuss it… It didn't vote. :) The end.",
    "قال: «انتهى.» (ثم) غادر!! وعاد؟! ...",
    ".",
    "\n",
    "",
]


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("text", TEXTS)
def test_sentence_splitter_matches_spacy_sentencizer(lang, text):
    nlp = get_pipeline(lang, upto="marsad_normalizer")
    ours = SentenceSplitter(punct_chars=_SENTENCE_ENDS)
    spacys = Sentencizer(punct_chars=_SENTENCE_ENDS)
    a, b = ours(nlp(text)), spacys(nlp(text))
    assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b]


def test_pipeline_sentences_are_split():
    doc = get_pipeline("ar", upto="sentencizer")("قصفت الطائرات البلدة. وقال مسؤول إن القصف توقف.")
    assert [s.text for s in doc.sents] == ["قصفت الطائرات البلدة.", "وقال مسؤول إن القصف توقف."]


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("text", TEXTS)
def test_tokenizer_splits_as_with_every_special_case(lang, text):
    tokenizer = get_pipeline(lang, upto="marsad_normalizer").tokenizer
    defaults = spacy.blank(lang).tokenizer
    full = Tokenizer(tokenizer.vocab, rules=defaults.rules, prefix_search=tokenizer.prefix_search,
                     suffix_search=tokenizer.suffix_search,
                     infix_finditer=tokenizer.infix_finditer, token_match=tokenizer.token_match,
                     url_match=tokenizer.url_match)
    assert len(tokenizer.rules) < len(defaults.rules)  # some special cases were dropped
    ours, theirs = tokenizer(text), full(text)
    assert [(t.text, t.norm_, t.whitespace_) for t in ours] == \
        [(t.text, normalize_text(t.norm_), t.whitespace_) for t in theirs]


def test_special_case_norms_are_normalised():
    doc = get_pipeline("ar", upto="marsad_normalizer")("قال د. أحمد إن الوضع هادئ")
    assert [t.norm_ for t in doc][1:3] == ["دكتور", "احمد"]
    assert not len(get_pipeline("ar", upto="marsad_normalizer")
                   .get_pipe("marsad_normalizer")._own_norms)  # nothing left to fold per doc


def test_ordinary_words_keep_their_own_norm():
    # spaCy's Arabic exceptions read "أنا" (I) and "نا" as hadith-chain abbreviations
    doc = get_pipeline("ar", upto="marsad_normalizer")("وقال أحدهم: أنا كنت هناك، وأكد أنا نا")
    norms = {t.text: t.norm_ for t in doc}
    assert norms["أنا"] == "انا"
    assert norms["نا"] == "نا"
    assert norms["أحدهم"] == "احدهم"
    # every word listed in data/tokenizer.yaml, and spaCy does have an exception for each
    exceptions = spacy.blank("ar").Defaults.tokenizer_exceptions
    nlp = get_pipeline("ar", upto="marsad_normalizer")
    for word in _ordinary_words():
        assert word in exceptions, word
        assert [t.norm_ for t in nlp(word)] == [normalize_text(word)], word


def test_term_matcher_sees_a_phrase_added_after_matching():
    nlp = get_pipeline("ar", upto="marsad_normalizer")
    doc = nlp("وصل الوفد إلى المدينة")
    matcher = TermMatcher()
    matcher.add(phrase_tokens("الوفد"), "delegation")
    assert [m.payloads for m in matcher(doc)] == [("delegation",)]
    matcher.add(phrase_tokens("المدينة"), "city")  # "المدينة" was remembered as no first word
    for text_doc in (doc, nlp("وصل الوفد إلى المدينة")):  # the same doc, and a new one
        assert [m.payloads for m in matcher(text_doc)] == [("delegation",), ("city",)]


def test_pipelines_share_one_tokenizer():
    full, short = get_pipeline("ar"), get_pipeline("ar", upto="marsad_numbers")
    assert full.tokenizer is short.tokenizer and full.vocab is short.vocab
    assert phrase_tokens("قصـ.ـف المدينة") == ["قصف", "المدينه"]


def test_token_positions_tests_each_new_word_once(monkeypatch):
    nlp = get_pipeline("ar", upto="marsad_normalizer")
    doc = nlp("قتل 3 أشخاص و3 جرحى في 2017 وقتل آخرون")
    asked: list[str] = []

    def has_digit(norm: str) -> bool:
        asked.append(norm)
        return any(ch.isdigit() for ch in norm)

    expected = [i for i, t in enumerate(doc) if any(ch.isdigit() for ch in t.norm_)]
    memo = PassingWords()
    assert token_positions(doc, memo, has_digit) == expected == [1, 3, 6]
    # every word logged so far is asked once ("قتل" twice in the doc, asked once)
    assert {t.norm_ for t in doc} <= set(asked) and len(asked) == len(set(asked))
    asked.clear()
    assert token_positions(doc, memo, has_digit) == expected
    assert asked == []  # all remembered
    other = nlp("قتل 4 أشخاص أمس")
    assert token_positions(other, memo, has_digit) == [1]
    assert set(asked) <= {"4", "امس"}  # none of the words asked before
    monkeypatch.setattr(matcher_module, "_MAX_REMEMBERED", 1)
    asked.clear()
    third = nlp("جرح 5 أشخاص")
    assert token_positions(third, memo, has_digit) == [1]
    assert sorted(asked) == sorted({t.norm_ for t in third})  # the log started afresh
