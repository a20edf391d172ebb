"""Whom or what a protest is directed at (PLOVER: a PROTEST's target is its recipient).

- `ProtestTargetLexicon` (`data/protest_targets.yaml`): the words after which a protest's
  target follows ("احتجاجا على", "ضد", "أمام", "تنديدا بـ", "مطالبين برحيل", "against",
  "outside the embassy"), the building words a place marker needs ("نحو السفارة"), who is asked
  ("مطالبين الحكومة بـ") and the words that end a target phrase.
- `ProtestTargetFinder`: in: a doc, a sentence and the token where a protest word ends; out:
  the token span [start, end) of the words that name the protest's target (at most
  `PHRASE_WORDS` words after the first marker that follows the protest word), or None.
  `EventBuilder` turns the span into an actor entry when one is named there, else a phrase.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from marsad.events.arguments import QUOTES, RoleLexicon
from marsad.events.lexicon import cached_build, doc_forms, doc_norms, load_data, phrase_key
from marsad.text.matcher import TermMatch, TermMatcher

KINDS = ("target", "place", "seat", "addressee")
# markers of where a protest took place: their target is taken when no other marker gives one
PLACE_KINDS = ("place", "seat")
# a marker counts when it starts within this many tokens after the protest word
REACH = 20
# a target phrase has at most this many words
PHRASE_WORDS = 4
_MARKS_KEY = "marsad_protest_target_marks"


class ProtestTargetLexicon:
    """Target markers (payload: kind, and the clitic a "clitic" marker needs), building words
    and phrase stops per language."""

    def __init__(self, data: dict[str, Any]):
        self.matchers = {"ar": TermMatcher(), "en": TermMatcher()}
        for kind in KINDS:
            for lang in ("ar", "en"):
                for phrase in (data.get(kind) or {}).get(lang) or []:
                    self.matchers[lang].add(phrase_key(str(phrase), lang), (kind, ""))
        for clitic, words in (data.get("clitic") or {}).items():
            for word in words:
                self.matchers["ar"].add(phrase_key(str(word), "ar"), ("clitic", clitic))
        self.seats = {lang: {phrase_key(str(p), lang) for p in (data.get("seats") or {}).get(lang)
                             or []} for lang in ("ar", "en")}
        self.stops = {lang: {" ".join(phrase_key(str(p), lang))
                             for p in (data.get("stops") or {}).get(lang) or []}
                      for lang in ("ar", "en")}

    @classmethod
    def default(cls) -> ProtestTargetLexicon:
        return _default_lexicon()


@lru_cache(maxsize=1)
def _default_lexicon() -> ProtestTargetLexicon:
    return cached_build("protest_targets",
                        lambda: ProtestTargetLexicon(load_data("protest_targets.yaml")))


class ProtestTargetFinder:
    """The token span naming a protest's target (see the module docstring)."""

    def __init__(self, lang: str, lexicon: ProtestTargetLexicon | None = None,
                 roles: RoleLexicon | None = None):
        self.lang = "ar" if lang == "ar" else "en"
        self.lexicon = lexicon or ProtestTargetLexicon.default()
        roles = roles or RoleLexicon.default()
        self.stops = self.lexicon.stops[self.lang] | roles.object_stops[self.lang]

    def __call__(self, doc: Doc, sent: Span, words: list[tuple[int, int]], before: int,
                 dated: set[int]) -> tuple[int, int] | None:
        """The target span of a protest told by the words at token spans `words` (in text
        order): the markers from the first of them ("protested the decision") up to `before`
        (where another event's word starts; a marker may be that word: "ينددون بالغارة") and
        within REACH tokens of the nearest, are read in order; `dated` are the tokens of dates,
        which end a phrase."""
        place = None
        marks = self._marks(doc)
        starts = {m.start for m in marks}
        norms, forms = doc_norms(doc), doc_forms(doc)
        for m in marks:
            if m.start < words[0][0] or m.end >= sent.end:
                continue
            if m.start > before:
                break
            if m.start - max(e for s, e in words if s <= m.start) >= REACH:
                continue
            kind, clitic = m.payloads[0]
            first = m.end
            while first < sent.end and norms[first] in QUOTES:
                first += 1
            if first >= sent.end:
                continue
            word = norms[first]
            if kind == "clitic" and not (word.startswith(clitic) and len(word) > 2):
                continue
            if kind == "seat" and not self._seat_at(norms, first, sent.end):
                continue
            if kind == "addressee" and (word.startswith("ب") if self.lang == "ar"
                                        else word == "to"):
                continue  # the demand, not who is asked
            end = first
            while end < sent.end and end - first < PHRASE_WORDS and norms[end] not in self.stops \
                    and (end == first or end not in starts and not self._new_clause(forms[end])) \
                    and end not in dated and not doc[end].is_punct and not doc[end].like_num:
                end += 1
            if end == first:
                continue
            if kind not in PLACE_KINDS:
                return first, end
            place = place or (first, end)
        return place

    def markers(self, doc: Doc, sent: Span, after: int) -> list[tuple[int, int]]:
        """Token spans [start, end) of `sent`'s target markers (of every kind) that start
        within REACH tokens after token `after` (where a protest word ends)."""
        return [(m.start, m.end) for m in self._marks(doc)
                if sent.start <= m.start < sent.end and 0 <= m.start - after < REACH]

    def _marks(self, doc: Doc) -> list[TermMatch]:
        """The doc's target markers, in text order (kept on the doc for its other protests)."""
        cached = doc.user_data.get(_MARKS_KEY)
        if cached is None or cached[0] != len(doc):
            cached = doc.user_data[_MARKS_KEY] = (len(doc), self.lexicon.matchers[self.lang](doc))
        return cached[1]

    def _new_clause(self, forms: tuple[str, ...]) -> bool:
        """An Arabic word with the clitic و on an indefinite word, most often a verb that opens
        a new clause ("وحدثت"), not a coordinated definite noun ("والولاية")."""
        return self.lang == "ar" and len(forms) > 1 and forms[0].startswith("و") and \
            not forms[1].startswith("ال")

    def _seat_at(self, norms: list[str], i: int, end: int) -> bool:
        """A building word ("مبنى", "السفارة", "embassy") is among the PHRASE_WORDS words from
        token `i` ("the US embassy")."""
        return any(tuple(norms[j: j + len(key)]) == key for key in self.lexicon.seats[self.lang]
                   for j in range(i, min(i + PHRASE_WORDS, end - len(key) + 1)))
