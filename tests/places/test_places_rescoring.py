"""`DocumentResolver` rescores a mention in context only when what it reads changed (the
accepted mentions' top entries, its containers' top entries): on every case text this gives
the places that rescoring every mention in every round gives (also on all the case texts read as
one long report), and it does skip some."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from marsad.places.mentions import MentionFinder, words_from_doc
from marsad.places.resolve import DocumentResolver

HERE = Path(__file__).resolve().parent


class _Counting(DocumentResolver):
    """Counts the mentions scored in context (`_namesake` runs once per scoring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scorings = 0

    def _namesake(self, st) -> None:
        self.scorings += 1
        super()._namesake(st)


class _RescoreAlways(_Counting):
    """Forgets what each mention last read before each round: every mention is rescored."""

    def _context(self, states, scored=None) -> None:
        for st in states:
            st.context_read = None
        super()._context(states, scored)


def _texts(name: str) -> list[str]:
    return [case["text"] for case in yaml.safe_load((HERE / name).read_text("utf-8"))]


@pytest.mark.parametrize("lang,table", [("ar", "cases_ar.yaml"), ("en", "cases_en.yaml")])
def test_skipped_rescoring_equals_full_rescoring(lang, table, nlp_ar, nlp_en):
    nlp = nlp_ar if lang == "ar" else nlp_en
    gazetteer = nlp.get_pipe("marsad_places").gazetteer
    finder = MentionFinder(gazetteer, lang)
    skipping, always = _Counting(gazetteer, lang), _RescoreAlways(gazetteer, lang)
    texts = _texts(table)
    # each case alone, and all of them as one long report, where many mentions interact
    for text in [*texts, "\n".join(texts)]:
        doc = nlp(text)
        words = words_from_doc(doc)
        focus = finder.focus_words(words)
        fast = skipping.resolve(finder.find(words), words, doc.text, focus_words=focus)
        full = always.resolve(finder.find(words), words, doc.text, focus_words=focus)
        assert [p.to_dict() for p in fast] == [p.to_dict() for p in full], text
        assert skipping.focus(fast) == always.focus(full), text
    assert skipping.scorings < always.scorings  # some rescoring was skipped
