"""Event triggers and modality cues: which words report which PLOVER event, and how surely.

`TriggerLexicon` loads `data/triggers.yaml` (event triggers per type and mode, casualty
cues, mode cues) and `ModalityLexicon` loads `data/modality.yaml`, each into a clitic-aware
`TermMatcher` per language. `TriggerTagger` writes `doc._.event_triggers` (trigger, casualty
and mode-cue mentions) and `doc._.modality_cues`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from marsad.events.lexicon import (
    cached_build,
    cue_forms,
    exact_ok,
    expand_phrases,
    load_data,
    phrase_key,
    span_chars,
)
from marsad.text.matcher import TermMatcher

for _name in ("event_triggers", "modality_cues"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

EVENT_TYPES = ("ASSAULT", "THREATEN", "MOBILIZE", "COOPERATE", "CONCEDE", "ACCUSE", "COERCE",
               "PROTEST", "AID", "RETREAT")
MODALITIES = ("asserted", "threatened", "planned", "denied", "hypothetical", "negated")


@dataclass(frozen=True)
class Sense:
    """What a trigger word means: event type and mode, or a casualty or mode cue."""

    role: str  # "trigger", "casualty" or "mode"
    type: str | None = None
    mode: str | None = None
    context: str | None = None
    kills: str | None = None  # casualty kind the word itself reports
    weight: float = 1.0
    pos: str = "noun"  # "verb", "noun" or "phrase"
    tense: str | None = None  # past, present, future, future1 (first person future)


@dataclass
class TriggerMention:
    """A trigger, casualty cue or mode cue found in a doc (token and character spans)."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    senses: tuple[Sense, ...]
    stripped: int = 0
    # a split verb whose object is acted upon ("استدعت الخارجية السفير"): where that object starts
    object_start: int | None = None
    # a split verb's object words ("شنت الطائرات غارات": غارات), tokens [start, end)
    object_span: tuple[int, int] | None = None
    # read many times per event by the builder, so worked out once from `senses`
    event_sense: Sense | None = field(init=False, repr=False, compare=False)
    kills: str | None = field(init=False, repr=False, compare=False)  # casualty kind said
    mode_cue: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.event_sense = self.kills = self.mode_cue = None
        for sense in reversed(self.senses):  # the first sense of each role wins
            if sense.role == "trigger":
                self.event_sense = sense
            elif sense.role == "mode":
                self.mode_cue = sense.mode
            if sense.kills:
                self.kills = sense.kills


@dataclass(frozen=True)
class Cue:
    """A modality cue: its modality, how far it reaches, and a case-sensitive spelling."""

    modality: str
    window: int
    exact: str | None = None
    category: str = ""
    follows: bool = False  # the cue comes after the event word ("هجمات مماثلة")
    plural: bool = False  # it governs plural event nouns only ("similar attacks")
    types: tuple[str, ...] = ()  # the event types it governs (all when empty)


@dataclass
class CueMention:
    start: int
    end: int
    text: str
    cue: Cue


class TriggerLexicon:
    """Triggers, casualty cues and mode cues with a matcher per language."""

    def __init__(self, data: dict[str, Any]):
        self.matchers = {"ar": TermMatcher(), "en": TermMatcher()}
        self.refine: dict[str, set[str]] = {k: set(v or []) for k, v in
                                             (data.get("refine") or {}).items()}
        self.dominant: set[str] = set(data.get("dominant") or [])
        self.object_genitive: set[str] = {phrase_key(str(w), "ar")[0] for w in
                                          (data.get("object_genitive") or {}).get("ar") or []}
        self.non_conflict = {"ar": TermMatcher(), "en": TermMatcher()}
        for type_, entries in (data.get("types") or {}).items():
            for entry in entries:
                self._add_entry(entry, "trigger", type_)
        for entry in data.get("casualty_cues") or []:
            self._add_entry(entry, "casualty", None)
        for mode, block in (data.get("mode_cues") or {}).items():
            for lang in ("ar", "en"):
                for phrase in block.get(lang) or []:
                    self.matchers[lang].add(phrase_key(str(phrase), lang), Sense("mode", mode=mode))
        for lang in ("ar", "en"):
            for phrase in (data.get("non_conflict") or {}).get(lang) or []:
                self.non_conflict[lang].add(phrase_key(str(phrase), lang), True)
            for phrase in (data.get("not_events") or {}).get(lang) or []:
                self.matchers[lang].add(phrase_key(str(phrase), lang), Sense("block"))

    @classmethod
    def default(cls) -> TriggerLexicon:
        return _default_triggers()

    def _add_entry(self, entry: dict[str, Any], role: str, type_: str | None) -> None:
        for lang in ("ar", "en"):
            block = entry.get(lang) or {}
            exclude = {phrase_key(str(x), lang) for x in block.get("exclude") or []}
            kinds = {"verbs": "verb", "nouns": "noun", "phrases": "phrase"}
            for key, pos in kinds.items():
                items = [x for x in block.get(key) or [] if " + " not in str(x)]
                for phrase, tense in expand_phrases({lang: {key: items}}, lang):
                    if key == "verbs" and phrase_key(phrase, lang) in exclude:
                        continue
                    sense = Sense(role, type_, entry.get("mode"), entry.get("context"),
                                  entry.get("kills"), float(entry.get("weight", 1.0)), pos,
                                  tense if pos == "verb" else None)
                    self.matchers[lang].add(phrase_key(phrase, lang), sense)
            # verb specs with a fixed tail: inflect the head only
            for spec in block.get("verbs") or []:
                if " + " not in str(spec):
                    continue
                head, tail = str(spec).split(" + ", 1)
                forms = expand_phrases({lang: {"verbs": [head]}}, lang)
                for form, tense in forms:
                    sense = Sense(role, type_, entry.get("mode"), entry.get("context"),
                                  entry.get("kills"), float(entry.get("weight", 1.0)), "verb", tense)
                    self.matchers[lang].add(phrase_key(f"{form} {tail}", lang), sense)

    def matcher(self, lang: str) -> TermMatcher:
        return self.matchers["ar" if lang == "ar" else "en"]

    def senses(self, phrase: str, lang: str = "ar") -> tuple[Sense, ...]:
        """Senses of a phrase exactly as listed (for tests and tools)."""
        return self.matcher(lang).lookup(phrase_key(phrase, lang))


class ModalityLexicon:
    """Modality cues (threatened, planned, denied, hypothetical, negated, neutral)."""

    def __init__(self, data: dict[str, Any]):
        self.matchers = {"ar": TermMatcher(), "en": TermMatcher()}
        for category, block in data.items():
            window = int(block.get("window", 6))
            modality = block.get("modality", category)
            flags = {"follows": bool(block.get("follows")), "plural": bool(block.get("plural")),
                     "types": tuple(block.get("types") or ())}
            for lang in ("ar", "en"):
                for phrase, _ in cue_forms(block.get(lang), lang):
                    self.matchers[lang].add(phrase_key(phrase, lang),
                                            Cue(modality, window, None, category, **flags))
            for phrase in block.get("en_exact") or []:
                self.matchers["en"].add(phrase_key(str(phrase), "en"),
                                        Cue(modality, window, str(phrase), category, **flags))

    @classmethod
    def default(cls) -> ModalityLexicon:
        return _default_modality()

    def matcher(self, lang: str) -> TermMatcher:
        return self.matchers["ar" if lang == "ar" else "en"]


class SpecificityLexicon:
    """Cues that move an event's confidence, not its type or modality (`data/specificity.yaml`):
    "background" (the attack dates something else: "غداة اعتداء", "after the bombing"),
    "stance" (it is condemned, claimed, investigated or tried), "suppressed" (a protest the
    forces dispersed: "لتفريق المتظاهرين"), "support" (a rally for someone, after the
    demonstration word: "تأييدا للحكومة") and "recency" (the day or time of a concrete
    incident: "أمس", "yesterday")."""

    CATEGORIES = ("background", "stance", "suppressed", "support", "recency")

    def __init__(self, data: dict[str, Any]):
        self.matchers = {"ar": TermMatcher(), "en": TermMatcher()}
        for category in self.CATEGORIES:
            block = data.get(category) or {}
            window = int(block.get("window", 0))
            for lang in ("ar", "en"):
                for phrase, _ in cue_forms(block.get(lang), lang):
                    self.matchers[lang].add(phrase_key(phrase, lang),
                                            Cue(category, window, None, category))

    @classmethod
    def default(cls) -> SpecificityLexicon:
        return _default_specificity()

    def __call__(self, doc: Doc, lang: str) -> list[CueMention]:
        out = []
        for match in self.matchers["ar" if lang == "ar" else "en"](doc):
            text = span_chars(doc, match.start, match.end)[2]
            out.append(CueMention(match.start, match.end, text, match.payloads[0]))
        return out


@lru_cache(maxsize=1)
def _default_specificity() -> SpecificityLexicon:
    return cached_build("specificity", lambda: SpecificityLexicon(load_data("specificity.yaml")))


@lru_cache(maxsize=1)
def _default_triggers() -> TriggerLexicon:
    return cached_build("triggers", lambda: TriggerLexicon(load_data("triggers.yaml")))


@lru_cache(maxsize=1)
def _default_modality() -> ModalityLexicon:
    return cached_build("modality", lambda: ModalityLexicon(load_data("modality.yaml")))


class TriggerMatcher:
    """Finds trigger, casualty-cue and mode-cue mentions in a doc."""

    def __init__(self, lexicon: TriggerLexicon, lang: str):
        self.matcher = lexicon.matcher(lang)

    def __call__(self, doc: Doc) -> list[TriggerMention]:
        out = []
        for match in self.matcher(doc):
            start_char, end_char, text = span_chars(doc, match.start, match.end)
            out.append(TriggerMention(match.start, match.end, start_char, end_char, text,
                                      tuple(match.payloads), match.stripped))
        return out


class CueMatcher:
    """Finds modality cues in a doc (case-sensitive cues checked against the text)."""

    def __init__(self, lexicon: ModalityLexicon, lang: str):
        self.matcher = lexicon.matcher(lang)

    def __call__(self, doc: Doc) -> list[CueMention]:
        out = []
        for match in self.matcher(doc):
            text = span_chars(doc, match.start, match.end)[2]
            cues = [c for c in match.payloads if c.exact is None or exact_ok(text, c.exact)]
            if cues:
                out.append(CueMention(match.start, match.end, text, cues[0]))
        return out


class TriggerTagger:
    """Writes `doc._.event_triggers` and `doc._.modality_cues`."""

    def __init__(self, lang: str, triggers: TriggerLexicon | None = None,
                 modality: ModalityLexicon | None = None):
        self.lexicon = triggers or TriggerLexicon.default()
        self.find_triggers = TriggerMatcher(self.lexicon, lang)
        self.find_cues = CueMatcher(modality or ModalityLexicon.default(), lang)

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_triggers = self.find_triggers(doc)
        doc._.modality_cues = self.find_cues(doc)
        return doc
