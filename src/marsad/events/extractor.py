"""`EventExtractor`, the spaCy component "marsad_events": PLOVER events with their arguments.

In: a `Doc` after "marsad_normalizer" and the sentencizer (and, when present, "marsad_numbers",
"marsad_dates", "marsad_places"). Out: `doc._.events`, a list of `Event`s (`to_dict()` gives
the JSON shape of DESIGN.md), in text order.

Steps, each a class with one job:
1. `ActorTagger`, `TriggerTagger` (then `SplitTriggerTagger` for verb phrases split by their
   subject, `CircumfixNegation` for ما...ش) and `AttributionTagger` annotate the doc (actor
   mentions, triggers and modality cues, reporting frames).
2. `EventBuilder` reads those annotations sentence by sentence: one draft per trigger, its
   modality from the nearest cue (an attack that is threatened or called for becomes THREATEN),
   its mode from nearby weapon words, actor and target from the scored actor mentions, then
   merges drafts of one sentence that tell the same event ("الغارات ... الضربات"), attaches
   places, dates and casualties by position, attribution from the sentence's frame, the
   ACLED/CAMEO crosswalk and a confidence (for Arabic ASSAULT and PROTEST, the mean of the
   rule confidence and the learned `MainEventScorer` score).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span

from marsad.events.actors import ARMED_SECTORS, STATE_KINDS, Actor, ActorMention, ActorTagger
from marsad.events.arguments import (
    Casualty,
    CasualtyFinder,
    RoleLexicon,
    actor_base,
    char_tokens,
    coordinated_groups,
    mention_role,
    quantities_of,
    role_marks,
    target_base,
)
from marsad.events.attribution import AttributionTagger, Frame, Party, frame_for, party_of
from marsad.events.crosswalk import Crosswalk
from marsad.events.lexicon import (
    cached_build,
    doc_forms,
    doc_norms,
    expand_phrases,
    load_data,
    phrase_key,
    span_chars,
)
from marsad.events.protest_targets import ProtestTargetFinder
from marsad.events.salience import MainEventScorer
from marsad.events.triggers import (
    Cue,
    CueMention,
    Sense,
    SpecificityLexicon,
    TriggerLexicon,
    TriggerMention,
    TriggerTagger,
)
from marsad.text.matcher import PassingWords, TermMatcher, token_positions
from marsad.text.normalizer import doc_norm_ids, doc_text, norm_id_forms

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=[])

_END_PUNCT = {".", "!", "?", "؟", ":", "…", "...", '"', "»", ")"}
_PASSIVE_EN = {"was", "were", "been", "being", "is", "are", "be"}
CASUALTY_TYPES = {"killed": "ASSAULT", "injured": "ASSAULT", "missing": "ASSAULT",
                  "abducted": "ASSAULT", "arrested": "COERCE"}
# a threat or call to attack is coded THREATEN (PLOVER: not ASSAULT + a modality); the
# threat's mode is its content: type -> mode, or (type, mode) -> mode
THREAT_MODES = {"ASSAULT": "violence", "COERCE": "restrict", ("COERCE", "arrest"): "arrest",
                ("COERCE", "deport"): "expel", ("COERCE", "seize"): "territory"}
SPEECH_TYPES = {"CONCEDE", "ACCUSE", "THREATEN"}
# a threat (not a call) to strike, boycott or blockade is THREATEN "restrict" (CAMEO 1312, 133)
THREAT_RESTRICT = {"PROTEST"}
# an announced (planned, future) coercive act is a threat: a curfew, a blockade, an arrest, a
# boycott or a strike ("he will extend the curfew", "would boycott all contact")
ANNOUNCED_THREATS = {"COERCE": None, "PROTEST": ("boycott", "strike", "hunger", "obstruct")}
# an announced act with a condition after it ("will withdraw its force unless ...")
CONDITIONAL_THREATS = {"ASSAULT", "COERCE", "PROTEST", "RETREAT"}
# confidence: a sentence naming the day of the incident; an attack named in passing
RECENT_BONUS = 0.08
# speakers who may be the author of the attack they report ("ذكر التحالف ... ضربات نفذها")
ARMED_KINDS = ("forces", "coalition", "group")
MENTION_PENALTY = {"background": 0.25, "stance": 0.25, "suppressed": 0.25}
# a demonstration in support of someone ("تأييدا للحكومة"): PLOVER's PROTEST is against a target
SUPPORT_PENALTY = 0.25
# an event told only by a definite noun (referred back to) or a plural one (attacks in
# general), unless a numbered toll pins it down
NOMINAL_PENALTY = {"definite": 0.1, "plural": 0.15}
# the reported incident leads a news sentence: per 10 words before its first trigger,
# beyond the first DEPTH_FREE
DEPTH_FREE = 12
DEPTH_PENALTY = 0.05
PLACE_BONUS = 0.1
# "28 متطوعا في الجيش", "خمسة من عناصر": what joins counted victims to the group they belong to
VICTIM_LINKS = {"", "من", "في"}
# protesters named by a protest word ("وتجمع آلاف المتظاهرين") are its actor, with this
# confidence, when they follow the trigger within CROWD_REACH tokens
CROWD_ACTOR = 0.8
CROWD_REACH = 4
# an attack or arrest with no named target: its counted victims stand for it ("قتل 20 شخصا");
# their group gives the target's name and sector (PLOVER sectors; combatants' side is unknown)
VICTIM_TARGET_TYPES = {"ASSAULT", "COERCE"}
VICTIM_TARGET = {"civilians": ("civilians", "CVL"), "children": ("children", "CVL"),
                 "women": ("women", "CVL"), "combatants": ("combatants", None),
                 "unknown": ("people", None)}
VICTIM_TARGET_CONFIDENCE = 0.5
# people a suspicion word follows ("أشخاص يشتبه بانتمائهم", "people suspected of"): their group
# is unknown
SUSPECTED_PEOPLE = Actor(id="people:suspected", name="people", sector=None, country=None,
                         kind="generic")
# ... or the words after a target marker ("هجوم على حافلة مدنية"): at most this many
OBJECT_WORDS = 4
CAUSE_REACH = 6  # words from a casualty verb to the cause word of its attack ("في انفجار")
SUBSET_REACH = 3  # tokens between "بينهم" and the victims it names ("بينهم نساء وأطفال")
PARTITIVE = {"من", "of"}  # after a number or `partitive_heads` word, it goes on the object
OBJECT_CONFIDENCE = 0.4
# a protest's target named after a target marker ("احتجاجا على قرار الحكومة"): an actor entry
PROTEST_TARGET_CONFIDENCE = 0.6
# ... when it starts within this many words of the phrase ("قرار الحكومة", "مبنى وزارة الداخلية")
PROTEST_TARGET_HEAD = 1
# the actors.yaml entry of people who protest: never what a protest is directed at
PROTESTERS = "protesters"
# the learned main-event score's share of the confidence (types with weights, see salience.py)
MAIN_EVENT_SHARE = 0.5
# the main-event score also reads the words this many tokens either side of the first trigger
NEAR_WORDS = 10
# how many words back a verb of suffering ("تعرض", "نجا") may govern an event word it is
# linked to by a preposition: across its subject ("تعرض رئيس البلدية لهجوم")
UNDERGO_REACH = 8
# how many words after "أعلن", "لم يعلن" a responsibility word makes them a claim (not) made
CLAIM_REACH = 4
# the confidence of a claimant named in a sentence of its own as the actor of an attack before
CLAIMANT_CONFIDENCE = 0.6


@dataclass
class Argument:
    """An actor or target of an event: the mention (or members) and a confidence."""

    mention: ActorMention
    members: list[ActorMention] = field(default_factory=list)
    confidence: float = 0.5
    carried: bool = False  # taken from the previous sentence
    text: str | None = None  # the words, first to last member
    # said outright: inside the attack phrase ("فجر انتحاري") or after an agent marker ("تبنى")
    explicit: bool = False

    @property
    def entities(self) -> list[Actor]:
        """The actor entries of its mention or members."""
        return [m.entity for m in (self.members or [self.mention]) if m.entity]

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.entities if e.name]

    @property
    def sector(self) -> str | None:
        return _the_one({e.sector for e in self.entities})

    def to_dict(self) -> dict[str, Any]:
        mems = self.members or [self.mention]
        entities = self.entities
        names = [e.name for e in entities if e.name]
        start = min(m.start_char for m in mems)
        end = max(m.end_char for m in mems)
        out: dict[str, Any] = {
            "text": self.text or self.mention.text,
            "name": " + ".join(names) if names else None,
            "sector": _the_one({e.sector for e in entities}),
            "country": _the_one({e.country for e in entities}),
            "start": start, "end": end, "confidence": round(self.confidence, 2),
        }
        if len(entities) == 1 and entities[0].wikidata:
            out["wikidata"] = entities[0].wikidata
        if len(mems) > 1:
            out["members"] = [dict(m.to_dict()) for m in mems]
        if self.carried:
            out["carried_over"] = True
        return out


@dataclass
class Draft:
    """One event in the making: triggers, type, mode, modality and arguments."""

    triggers: list[TriggerMention]
    type: str
    mode: str | None
    contexts: list[str]
    modality: str
    sent_index: int
    weight: float = 1.0
    kills_only: bool = False
    consequence: bool = False  # ", killing four", "ما أسفر عن مقتل": outcome of the attack before
    cue: CueMention | None = None
    actor: Argument | None = None
    target: Argument | None = None
    places: list[Any] = field(default_factory=list)
    date: Any = None
    _date_dist: int = 1 << 30
    date_lent: bool = False
    casualties: list[Casualty] = field(default_factory=list)
    attribution: list[Party] = field(default_factory=list)
    mention: str | None = None  # "background" or "stance": an attack named in passing
    recent: bool = False  # the sentence names the day or time ("أمس", "yesterday")
    depth: int = 0  # words of the sentence before the first trigger
    nominal: str | None = None  # "definite" / "plural": only event nouns, "الاعتداء", "هجمات"
    support: bool = False  # a PROTEST rally for someone ("تأييدا للحكومة")
    undergone: bool = False  # told by a verb of suffering it: "تعرض لهجوم", "came under fire"
    undergo_end: int | None = None  # where that verb ends; who suffers may follow it

    @property
    def start(self) -> int:
        return min(t.start for t in self.triggers)

    @property
    def first(self) -> TriggerMention:
        if len(self.triggers) == 1:
            return self.triggers[0]
        return min(self.triggers, key=lambda t: t.start)


@dataclass
class Event:
    """A coded event, ready for JSON (`to_dict`)."""

    type: str
    mode: str | None
    contexts: list[str]
    actor: dict[str, Any] | None
    target: dict[str, Any] | None
    places: list[dict[str, Any]]
    date: dict[str, Any] | None
    casualties: list[dict[str, Any]]
    attribution: list[dict[str, Any]]
    modality: str
    acled: dict[str, str] | None
    cameo: str | None
    evidence: dict[str, Any]
    confidence: float
    # what the main-event score read (not in the JSON; tools/derive_main_event_weights.py)
    features: dict[str, float] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "mode": self.mode, "contexts": list(self.contexts),
            "actor": self.actor, "target": self.target, "places": list(self.places),
            "date": self.date, "casualties": list(self.casualties),
            "attribution": list(self.attribution), "modality": self.modality,
            "acled": self.acled, "cameo": self.cameo, "evidence": self.evidence,
            "confidence": self.confidence,
        }


_COUNTS_KEY = "marsad_word_counts"


def word_counts(doc: Doc) -> tuple[list[int], list[int]]:
    """Running counts over the tokens of `doc`: `(not_punct, words)`, where `not_punct[i]`
    counts the tokens before `i` that are no punctuation and `words[i]` those that are neither
    punctuation nor space (cached on the doc; a span's count is a difference)."""
    counts = doc.user_data.get(_COUNTS_KEY)
    if counts is None or len(counts[0]) != len(doc) + 1:
        flags = doc.to_array([IS_PUNCT, IS_SPACE]).reshape(len(doc), 2).astype(bool)
        not_punct = np.concatenate(([0], np.cumsum(~flags[:, 0])))
        words = np.concatenate(([0], np.cumsum(~(flags[:, 0] | flags[:, 1]))))
        counts = doc.user_data[_COUNTS_KEY] = (not_punct.tolist(), words.tolist())
    return counts


def _is_heading(doc: Doc, sent: Span) -> bool:
    words = word_counts(doc)[1]
    if words[sent.end] - words[sent.start] > 3:  # most sentences are no heading
        return False
    return not any(t.text in _END_PUNCT for t in sent)


class EventBuilder:
    """Builds `Event`s from an annotated doc (see the module docstring)."""

    MODE_WINDOW = 8
    ADJ_WINDOW = 2  # tokens between a trigger and the nationality adjective naming its actor

    def __init__(self, lang: str, triggers: TriggerLexicon | None = None,
                 roles: RoleLexicon | None = None, crosswalk: Crosswalk | None = None):
        self.lang = "ar" if lang == "ar" else "en"
        self.triggers = triggers or TriggerLexicon.default()
        self.roles = roles or RoleLexicon.default()
        self.crosswalk = crosswalk or Crosswalk.default()
        self.casualties = CasualtyFinder(self.lang, roles=self.roles)
        self.specificity = SpecificityLexicon.default()
        self.main_event = MainEventScorer.default()
        self.protest_targets = ProtestTargetFinder(self.lang, roles=self.roles)
        # (type, mode, contexts, target sector) -> crossing: few distinct keys, many events
        self._crossings: dict[tuple[Any, ...], Any] = {}

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc: Doc) -> list[Event]:
        sents = list(doc.sents)
        if not sents:
            return []
        triggers = doc._.event_triggers or []
        mentions = self._clean_mentions(doc._.actor_mentions or [], triggers)
        # an event word inside a longer actor name ("الحشد الشعبي") is no event; a weapon or
        # casualty word inside one ("الطيران الإسرائيلي") still tells the mode
        span_at = {i: (m.start, m.end) for m in mentions for i in range(m.start, m.end)}
        triggers = [_without_events(t) if _inside(span_at.get(t.start), t) else t
                    for t in triggers]
        triggers = [t for t in triggers if t.senses]
        marks = role_marks(doc, self.roles, self.lang)
        consequence = {end for end, role in marks.items() if role == "consequence"}
        undergo_ends = {end for end, role in marks.items() if role == "undergo"}
        place_spans = self._place_spans(doc)
        roles = self._roles(doc, mentions, marks, place_spans)
        claims = _claim_words([(m.start, m.end, m.payloads[0])
                               for m in self.roles.clause_breaks[self.lang](doc) if m.payloads[0]])
        # "ISIS has not claimed it": a claim not made reports nothing, and its negation is the
        # claim's, not the attack's ("لم يتبن التفجير")
        disclaimers = [(s, e) for s, e, kind in claims if kind == "disclaimer"]
        frames: list[Frame] = [f for f in doc._.attributions or []
                               if not any(s <= f.cue_start < e for s, e in disclaimers)]
        cues: list[CueMention] = [c for c in doc._.modality_cues or []
                                  if not any(s <= c.start < e for s, e in disclaimers)]
        victims = self.casualties.victims(doc)
        quantities = quantities_of(doc)
        places = list(getattr(doc._, "places", None) or []) if Doc.has_extension("places") else []
        dates = list(getattr(doc._, "dates", None) or []) if Doc.has_extension("dates") else []
        non_conflict = [m.start for m in self.triggers.non_conflict[self.lang](doc)]
        spec_cues = self.specificity(doc, self.lang)
        breaks = [(start, kind) for start, _, kind in claims]

        # everything bucketed by sentence once: the work stays linear in the document's length
        starts = [s.start for s in sents]
        char_starts = [s.start_char for s in sents]
        b_trig = _buckets(triggers, starts, lambda t: t.start)
        b_ment = _buckets(mentions, starts, lambda m: m.start)
        b_cues = _buckets(cues, starts, lambda c: c.start)
        b_frames = _buckets(frames, starts, lambda f: f.sent_start)
        b_vics = _buckets(victims, starts, lambda v: v.start)
        b_qtys = _buckets(quantities, starts, lambda q: q.token_start)
        b_calm = _buckets(non_conflict, starts, lambda p: p)
        b_spec = _buckets(spec_cues, starts, lambda c: c.start)
        b_breaks = _buckets(breaks, starts, lambda b: b[0])
        b_places = _buckets(places, char_starts, lambda p: p.start)
        b_dates = _buckets(dates, char_starts, lambda d: d.start)
        per_sent: list[list[Draft]] = []
        for si, sent in enumerate(sents):
            s_trig, s_ment, s_frames = b_trig[si], b_ment[si], b_frames[si]
            drafts: list[Draft] = []
            if not _is_heading(doc, sent):
                drafts = self._drafts(doc, sent, si, s_trig, b_cues[si], bool(b_calm[si]))
                drafts = self._without_protest_purposes(doc, sent, drafts)
            party_starts = {p.start for f in s_frames for p in f.parties}
            nationals = _counted_nationals(doc, b_vics[si], b_qtys[si]) if drafts else []
            for d in drafts:
                d.consequence = d.kills_only and self._is_consequence(doc, d.first, consequence)
                self._mode(d, s_trig)
                self._arguments(doc, d, sent, s_ment, roles, undergo_ends, party_starts,
                                s_trig, s_frames, nationals, b_breaks[si])
                self._protest_place_no_actor(doc, sent, d)
            drafts = self._merge(drafts)
            self._specific(doc, sent, drafts, b_spec[si], s_trig)
            self._regions(doc, sent, drafts, b_places[si], b_dates[si], s_ment)
            casualties = self.casualties(doc, sent, [t for t in s_trig if t.kills], b_vics[si],
                                         b_qtys[si])
            self._attach_casualties(drafts, casualties, per_sent, doc, sents, sent)
            self._victims_not_actors(doc, drafts, s_ment, casualties)
            self._suspects_not_civilians(doc, drafts)
            self._protesters_as_victims(drafts, casualties)
            for d in drafts:
                frame = frame_for(s_frames, d.first.start, sent)
                # who speaks after "but" does not tell the event before it (what was said
                # before may go on across a "but")
                if frame is not None and not (frame.cue_start > d.first.start and _across_clause(
                        b_breaks[si], frame.cue_start, d.first.start)):
                    d.attribution = frame.chain()
            per_sent.append(drafts)
        self._merge_claims(doc, sents, per_sent, claims, b_ment)
        self._merge_elaborations(doc, sents, per_sent)
        self._carry_actors(doc, sents, per_sent)
        self._lend_dates(doc, sents, per_sent, b_dates)
        facts = _DocFacts(doc, starts)
        events = [self._event(doc, sents, d, facts) for drafts in per_sent for d in drafts]
        return sorted(events, key=lambda e: e.evidence["start"])

    # ------------------------------------------------------------------ mentions
    @staticmethod
    def _clean_mentions(mentions: list[ActorMention], triggers: list[TriggerMention]) -> list[ActorMention]:
        """Drop actor mentions inside a longer trigger ("تحريك الخلايا النائمة"), but for the
        attacker an attack phrase names ("فجر انتحاري", `_phrase_subject`)."""
        span_at = {i: t for t in triggers if t.event_sense is not None
                   for i in range(t.start, t.end)}
        return [m for m in mentions if m.start not in span_at
                or _phrase_subject(span_at[m.start], m)
                or not _inside((span_at[m.start].start, span_at[m.start].end), m)]

    @staticmethod
    def _place_spans(doc: Doc) -> dict[int, int]:
        """Token end -> token start of each place mention (to walk back coordinations)."""
        out: dict[int, int] = {}
        if not Doc.has_extension("places"):
            return out
        for p in doc._.places or []:
            tokens = char_tokens(doc, p.start, p.end)
            if tokens is not None:
                out[tokens[1]] = tokens[0]
        return out

    def _roles(self, doc: Doc, mentions: list[ActorMention], marks: dict[int, str],
               place_spans: dict[int, int]) -> dict[int, str | None]:
        """Each mention's role; a coordinated item takes the role of the first one
        ("في سوريا والعراق", "إلى أوروبا أو أمريكا أو استراليا")."""
        items = dict(place_spans)
        for m in mentions:
            items[m.end] = min(m.start, items.get(m.end, m.start))
        roles: dict[int, str | None] = {}
        norms = doc_norms(doc)
        for m in mentions:
            role = mention_role(doc, m, marks, self.lang)
            start = m.start
            for _ in range(8):
                if role is not None:
                    break
                cursor = start
                glued = norms[start].startswith("و") and norms[start] != "و" or \
                    norms[start].startswith(("او", "or"))
                if not glued:
                    if cursor > 0 and norms[cursor - 1] in ("و", "او", "or", "and", ","):
                        cursor -= 1
                    else:
                        break
                if cursor not in items:
                    break
                start = items[cursor]
                probe = ActorMention(start, cursor, 0, 0, "", None)
                role = mention_role(doc, probe, marks, self.lang)
            roles[id(m)] = role
        return roles

    # ------------------------------------------------------------------ drafts and modality
    def _drafts(self, doc: Doc, sent: Span, si: int, trigs: list[TriggerMention],
                cues: list[CueMention], calm: bool) -> list[Draft]:
        drafts = []
        s_cues = [c for c in cues if sent.start <= c.start < sent.end]
        kept: list[tuple[TriggerMention, Sense, bool]] = []
        told: dict[int, tuple[str, CueMention | None]] = {}  # id(trigger) -> modality, cue
        for t in trigs:
            sense = self._sense(t, trigs)
            if sense is None:
                continue
            kills_only = sense.type == "ASSAULT" and sense.mode is None and bool(sense.kills)
            if calm and kills_only:
                continue
            kept.append((t, sense, kills_only))
            told[id(t)] = self._modality(doc, t, sense, s_cues, trigs)
        self._share_modality(doc, kept, told)
        for t, sense, kills_only in kept:
            modality, cue = told[id(t)]
            type_, mode = sense.type, sense.mode
            contexts = [sense.context] if sense.context else []
            if modality in ("threatened", "called_for"):
                called = modality == "called_for"
                modality = "threatened"
                if type_ in THREAT_MODES or (type_ in THREAT_RESTRICT and not called):
                    type_, mode = "THREATEN", _threat_mode(type_, mode)
                elif type_ != "THREATEN":
                    modality = "planned"
            elif type_ == "THREATEN":
                modality = "threatened" if modality == "asserted" else modality
            elif modality in ("planned", "hypothetical") and (
                    modality == "planned" and _announced_threat(type_, mode)
                    or type_ in CONDITIONAL_THREATS and _condition_after(t, s_cues)):
                type_, mode, modality = "THREATEN", _threat_mode(type_, mode), "threatened"
            drafts.append(Draft([t], type_, mode, contexts, modality, si, weight=sense.weight,
                                kills_only=kills_only, cue=cue))
        return drafts

    def _without_protest_purposes(self, doc: Doc, sent: Span, drafts: list[Draft]) -> list[Draft]:
        """Drop the condemnations told by a protest's target marker ("تظاهر ... تنديدا
        بالقرار", "protested in condemnation of the decision"): what a protest is against, no
        event of its own (the protest's target, `_protest_target`)."""
        protests = [d.first.end for d in drafts if d.type == "PROTEST"]
        if not protests or all(d.type != "ACCUSE" for d in drafts):
            return drafts
        spans = {span for end in protests for span in self.protest_targets.markers(doc, sent, end)}
        return [d for d in drafts if d.type != "ACCUSE" or not any(
            s <= d.first.start and d.first.end <= e for s, e in spans)]

    def _protest_place_no_actor(self, doc: Doc, sent: Span, d: Draft) -> None:
        """A protest's actor is none of the words a target or place marker after the protest
        word governs ("تظاهر مئات أمام السفارة الأمريكية": where they gathered, or whom they
        address)."""
        if d.type != "PROTEST" or d.actor is None:
            return
        at = d.actor.mention.start
        norms = doc_norms(doc)
        if any(e == at or e + 1 == at and norms[e] in ("the", "ال")
               for _, e in self.protest_targets.markers(doc, sent, d.first.end)):
            d.actor = None

    def _share_modality(self, doc: Doc, kept: list[tuple[TriggerMention, Sense, bool]],
                        told: dict[int, tuple[str, CueMention | None]]) -> None:
        """A split verb and the event noun that is its object tell one event, and so do a
        casualty verb and the attack it names as its cause (`_cause_of`): both take the
        verb's modality, or the noun's own when the verb's is asserted ("نفت أن تكون نفذت أي
        غارات": denied; "شن التحالف غارات مماثلة", "وكانت ... قد قتلت في هجوم انتحاري":
        historical). In: the kept triggers and `told` (id(trigger) -> modality and cue),
        updated in place."""
        for verb, _, _ in kept:
            start, end = verb.object_span or (-1, -1)
            cause = self._cause_of(doc, verb) if self.lang == "ar" and verb.kills else None
            for noun, _, _ in kept:
                if noun is not verb and (start <= noun.start < end or noun.start == cause):
                    shared = told[id(verb)] if told[id(verb)][0] != "asserted" else told[id(noun)]
                    told[id(verb)] = told[id(noun)] = shared

    def _cause_of(self, doc: Doc, t: TriggerMention, reach: int = CAUSE_REACH) -> int | None:
        """Where the attack word that the Arabic event verb `t` names as its cause may start:
        after a preposition of cause (`passive_links`: "قتلت في هجوم") or with a clitic بـ
        ("أصيب بانفجار"), right after the verb or, within `reach` words of its clause, past
        its victims and a coordinated casualty ("قتل ثلاثة جنود في انفجار", "قتلوا وأصيب
        آخرون في انفجار")."""
        norms = doc_norms(doc)
        for i in range(t.end, min(t.end + reach, doc[t.start].sent.end)):
            if doc[i].is_punct:
                return None
            if norms[i] in self.roles.passive_links["ar"]:
                return i + 1
            if i == t.end and norms[i].lstrip("وف").startswith("ب"):
                return i
        return None

    @staticmethod
    def _sense(t: TriggerMention, trigs: list[TriggerMention]) -> Sense | None:
        senses = [s for s in t.senses if s.role == "trigger"]
        if not senses:
            return None
        # "مسيرة" next to an attack word is a drone, not a march
        if t.mode_cue == "drone" and any(
                o is not t and o.event_sense and o.event_sense.type == "ASSAULT"
                and abs(o.start - t.start) <= 3 for o in trigs):
            return None
        return senses[0]

    def _modality(self, doc: Doc, t: TriggerMention, sense: Sense, cues: list[CueMention],
                  trigs: list[TriggerMention]) -> tuple[str, CueMention | None]:
        if sense.tense == "future1":
            return "threatened", None
        # a cue ends before the event word, or takes it in ("would boycott", "will strike"),
        # or follows it ("هجمات مماثلة": Arabic adjectives follow their noun)
        near = sorted((c for c in cues if (c.end <= t.start and t.start - c.end <= c.cue.window
                                           or c.start < t.start < c.end <= t.end)
                       and not c.cue.follows
                       or c.cue.follows and 0 <= c.start - t.end <= c.cue.window),
            key=lambda c: (-min(c.end, t.start), c.start))
        # قد before a past verb asserts ("قد قصفت", "قد اغتيل"): look further back for a real cue
        near = [c for c in near if not (c.cue.category == "maybe" and not _imperfect(doc, t, sense))
                and (not c.cue.types or sense.type in c.cue.types)
                and (c.cue.category != "pluperfect" or self._told_before(doc, t))]
        if any(c.cue.plural for c in near) and not self._plural_event(doc, t):
            near = [c for c in near if not c.cue.plural]  # "a similar attack" may be new
        best = near[0] if near else None
        if best is not None and not best.cue.follows and self._cue_blocked(doc, best, t, trigs):
            best = None
        if best is None or best.cue.modality == "neutral":
            return ("planned" if sense.tense == "future" else "asserted"), None
        if best.cue.category == "any":
            outer = self._polarity(doc, best, cues, trigs)
            if outer is not None:
                return outer.cue.modality, outer
        return best.cue.modality, best

    @staticmethod
    def _told_before(doc: Doc, t: TriggerMention) -> bool:
        """A كان cue makes `t` background ("وكان مسلحون قد هاجموا") when قد stands right
        before it and its sentence names no day relative to the report ("أمس", "الخميس"):
        "وكان آلاف قد تظاهروا أمس" is recent news told in the past perfect."""
        if t.start == 0 or doc_norms(doc)[t.start - 1] != "قد":
            return False
        sent = doc[t.start].sent
        return not any(m.relative and m.precision == "day" and sent.start <= m.token_start < sent.end
                       for m in doc._.dates or ())

    @staticmethod
    def _plural_event(doc: Doc, t: TriggerMention) -> bool:
        """`t` may be a plural event noun ("هجمات", "bombings", "attacks")."""
        norms = doc_norms(doc)
        return any(s.role == "trigger" and s.pos == "noun" for s in t.senses) and \
            _plural_noun(norms[t.end - 1], norms[t.start])

    @staticmethod
    def _polarity(doc: Doc, any_cue: CueMention, cues: list[CueMention],
                  trigs: list[TriggerMention]) -> CueMention | None:
        """The denial or negation an "any" cue stands under, which then governs its event
        instead ("denied that its aircraft had carried out any strikes", "لم يسجل أي هجوم"):
        the nearest other cue that reaches the "any" cue, or the word before it (the verb
        whose object it opens), with no event word or punctuation between; None when that cue
        is no denial or negation ("حذر من أي هجوم" stays hypothetical)."""
        outer = max((c for c in cues if c.end <= any_cue.start and c.cue.category not in (
            "any", "maybe") and any_cue.start - c.end <= c.cue.window + 1),
            key=lambda c: c.end, default=None)
        if outer is None or outer.cue.modality not in ("denied", "negated"):
            return None
        if any(o.event_sense is not None and outer.end <= o.start and o.end <= any_cue.start
               for o in trigs) or any(tok.is_punct for tok in doc[outer.end: any_cue.start]):
            return None
        return outer

    @staticmethod
    def _cue_blocked(doc: Doc, cue: CueMention, t: TriggerMention,
                     trigs: list[TriggerMention]) -> bool:
        """A cue governs the first event word after it (and words coordinated with that one),
        not an event further on: "تدعو ... لقتل الأطفال، انتقاما للضحايا في الضربات الجوية"."""
        between = sorted((o for o in trigs if o.event_sense is not None
                          and cue.end <= o.start and o.end <= t.start), key=lambda o: o.start)
        if not between:
            return False
        chain_end = between[0].end
        norms = doc_norms(doc)
        for o in between[1:] + [t]:
            gap = norms[chain_end: o.start]
            coordinated = (not gap and norms[o.start].startswith("و")) or gap in (
                ["و"], ["and"], ["or"], ["او"], [","])
            if not coordinated:
                return True
            chain_end = o.end
        return False

    def _is_consequence(self, doc: Doc, t: TriggerMention, ends: set[int]) -> bool:
        if t.start in ends or any(w in t.text for w in ("أسفر", "أدى", "أدت", "أودى", "أودت")):
            return True
        return self.lang == "en" and t.start > 0 and doc_norms(doc)[t.start - 1] == "," and \
            t.text.lower().endswith("ing")

    @staticmethod
    def _specific(doc: Doc, sent: Span, drafts: list[Draft], cues: list[CueMention],
                  trigs: list[TriggerMention]) -> None:
        """Mark drafts whose first trigger is an attack named in passing: right after a
        background cue ("غداة", "بعد", "التي") or within reach of a stance cue ("تدين",
        "التحقيق في", "claimed responsibility for") with no other event word in between;
        a finite verb only when the cue comes right before it (or before "أن");
        drafts of a sentence that names the day or time of the incident ("أمس"); how deep in
        the sentence the event is first told; and events told only by a definite or plural
        noun ("الاعتداء", "هجمات": an attack referred back to, or attacks in general); and
        demonstrations with a support cue after them or right before them (a rally for
        someone, not against: "تأييدا للحكومة", "a pro-government rally")."""
        recent = any(c.cue.modality == "recency" for c in cues)
        starts = sorted(t.start for t in trigs if t.event_sense is not None)
        norms = doc_norms(doc)
        not_punct = word_counts(doc)[0]
        for d in drafts:
            d.recent = recent
            t = d.first
            d.depth = max(0, not_punct[t.start] - not_punct[sent.start])
            if not d.undergone and all(s.pos == "noun" for x in d.triggers
                                       for s in x.senses if s.role == "trigger"):
                head = norms[t.start]
                if _plural_noun(norms[t.end - 1], head):
                    d.nominal = "plural"
                elif _definite_word(head) or _definite(doc, t):
                    d.nominal = "definite"
            d.support = d.type == "PROTEST" and any(
                c.cue.modality == "support" and (t.end <= c.start <= t.end + c.cue.window
                                                 or 0 <= t.start - c.end <= 1)
                for c in cues)
            for c in sorted(cues, key=lambda c: -c.end):
                if c.cue.modality in ("recency", "support") or c.end > t.start:
                    continue
                if t.start - c.end > c.cue.window:
                    break
                # a finite verb starts its own clause: only a cue right before it (or before
                # "أن": "بعد أن قصفت") governs it ("الذي خطفه", not "المشتبه بهم قصفت"); "the
                # attack" is a noun
                sense = t.event_sense
                if sense is not None and sense.pos == "verb" and not _definite(doc, t) and any(
                        norm not in ("ان", "أن", "that") for norm in norms[c.end: t.start]):
                    break
                # the cue governs the first event word after it only
                if any(c.end <= s < t.start for s in starts):
                    break
                d.mention = c.cue.modality
                break

    # ------------------------------------------------------------------ mode
    def _mode(self, d: Draft, trigs: list[TriggerMention]) -> None:
        if d.type not in ("ASSAULT",):
            return
        t = d.first
        refinable = self.triggers.refine.get(d.mode or "", set()) if d.mode else None
        best, best_d = None, self.MODE_WINDOW + 1
        for o in trigs:
            cue = o.mode_cue
            if cue is None or o is t:
                continue
            dist = o.start - t.end if o.start >= t.end else t.start - o.end
            if o.stripped and o.text.lstrip("وف").startswith("ب"):
                dist -= 3  # "بالمدفعية", "بطائرة مسيرة": the means, said outright
            if dist < best_d and (d.mode is None or cue in (refinable or ())):
                best, best_d = cue, dist
        if best is not None:
            d.mode = best

    # ------------------------------------------------------------------ actor and target
    def _arguments(self, doc: Doc, d: Draft, sent: Span, ments: list[ActorMention],
                   roles: dict[int, str | None], undergo_ends: set[int], party_starts: set[int],
                   trigs: list[TriggerMention], frames: list[Frame],
                   nationals: list[ActorMention], breaks: list[tuple[int, str]]) -> None:
        """Actor and target of `d` from the sentence's mentions; none across a clause break
        (`breaks`: token position and kind of "but", "لكن", see `_across_clause`), and none
        before the event word when a claim was not made in its clause (`_disclaimed`)."""
        t = d.first
        disclaimed = _disclaimed(breaks, t.start)
        anchor_s, anchor_e = t.start, t.end
        call = d.cue is not None and d.cue.cue.category == "called_for"
        # who threatens, calls, plans or denies is the actor: look around the cue
        threat_cue = d.cue is not None and d.cue.cue.category in (
            "threatened", "called_for", "planned", "denied")
        if threat_cue:
            anchor_s, anchor_e = d.cue.start, d.cue.end
        # "were attacked" is a passive; "were firing" a progressive, active like "fired"
        passive = self.lang == "en" and t.start > 0 and not doc[t.start].lower_.endswith("ing") \
            and any(norm in _PASSIVE_EN
                    for norm in doc_norms(doc)[max(sent.start, t.start - 2): t.start]) \
            or self._passive_ar(doc, sent, t, trigs)
        # "تعرضت القوات لهجوم", "came under fire": who stands before the event word suffers it
        undergo_end = self._undergone(doc, sent, t, undergo_ends, trigs)
        undergo = undergo_end is not None
        d.undergone = d.undergone or undergo
        d.undergo_end = undergo_end
        # "مسلحون اغتالوا ضابطا": a plural verb agrees with a subject before it; what follows
        # is its object
        plural_verb = self.lang == "ar" and t.event_sense is not None and \
            t.event_sense.pos == "verb" and doc_norms(doc)[t.start].endswith(("وا", "ون"))
        verb = t.event_sense is not None and t.event_sense.pos in ("verb", "phrase")
        other_trigs = sorted(o.start for o in trigs if o.event_sense and o is not t)
        # "استهدفت طائرة مسيرة سيارة ...": an unnamed aircraft is the subject; what follows
        # is the object
        # "طائراته قصفت مجموعة من المتمردين": a weapon or force noun right before the verb is
        # its subject too
        ar_verb = self.lang == "ar" and verb
        subject_filled = not passive and plural_verb or ar_verb and any(
            o.mode_cue and (o.end == t.start or o.start == t.end and o.event_sense is None
                            and all(m.start != o.start for m in ments)) for o in trigs) or \
            ar_verb and t.event_sense.pos == "verb" and any(
                m.end == t.start and m.entity is not None and m.entity.kind == "head"
                for m in ments)
        # "أعلن الحلف أنه قتل عددا من قادة التنظيم", "NATO said it killed": the verb's subject
        # is a pronoun for the speaker; what follows is its object
        speaker_subject = verb and t.start > sent.start and \
            doc_norms(doc)[t.start - 1] in self.roles.pronoun_subjects[self.lang]
        subject_filled = subject_filled or speaker_subject
        verbal_noun = self._governs_genitive(doc, t)
        eligible: list[tuple[ActorMention, str | None]] = []
        adjectives: set[int] = set()  # nationality adjectives of the trigger ("القصف التركي")
        inside: set[int] = set()  # the subject within a verb phrase ("فجر انتحاري")
        for m in ments:
            if m.start < t.end and m.end > t.start:
                if not _phrase_subject(t, m):
                    continue
                inside.add(id(m))
            role = roles.get(id(m))
            if m.start_char in party_starts:
                role = role or "speaker"
            if t.object_start is not None and m.start <= t.object_start < m.end:
                role = "target"  # "استدعت الخارجية السفير الإيراني": the summoned party
            if m.actor is None and m.nisba is not None:
                if not self._adjacent_adjective(doc, m, t):
                    continue
                m = _promote(m)
                adjectives.add(id(m))
            eligible.append((m, role))

        reporting = self._reporting_clause(frames, sent, t)
        # "قال الجيش إن مسلحين هاجموا": an attack verb with its own subject after "أن" was not
        # done by the (even armed) speaker ("إن 12 مسلحا قتلوا" names victims, not a subject)
        own_subject = verb and not d.kills_only and reporting[1] > 0 and \
            word_counts(doc)[1][t.start] - word_counts(doc)[1][reporting[1] + 1] > 0
        scored: list[tuple[float, ActorMention]] = []  # (score, mention) per candidate
        for m, role in eligible:
            if role in ("target", "topic", "modifier", "population", "instrument", "undergo"):
                continue
            if reporting[0] <= m.start < reporting[1] and (own_subject or not _armed(m.entity)):
                continue  # "قال المتحدث باسم الحكومة إن الهجوم ...": who tells is no author
            if subject_filled and m.start >= t.end and role != "agent" or \
                    undergo and m.start < t.start:
                continue
            if role == "locative" and m.entity is not None and m.entity.kind in ("state", "region"):
                continue
            if call and d.cue is not None and d.cue.end <= m.start < t.start:
                continue  # the addressee of a call ("تدعو الذئاب المنفردة لمهاجمة")
            if disclaimed and m.start < t.start or _across_clause(breaks, m.start, t.start):
                continue  # across "but", or a claimant that made no claim
            base = actor_base(m, d.type)
            if base <= 0.05 or verbal_noun and id(m) not in adjectives and \
                    self._object_genitive(doc, t, m):
                continue
            after = m.start >= anchor_e or id(m) in inside
            dist = max(0, m.start - anchor_e) if after else anchor_s - m.end
            if self.lang == "ar":
                bonus = 0.25 if after and dist <= 6 else (0.1 if not after else 0.0)
            else:
                bonus = 0.25 if not after else 0.0
            if passive and not after:
                bonus = -0.4
            if role == "agent" and (after or not _across_comma(doc, m.end, anchor_s)):
                bonus += 0.6  # not an agent of an event told before ("من قبل الشرطة، وقام")
            elif role == "subject" and not after and dist <= 3 and verb:
                bonus += 0.4  # "أن قوات أجنبية قتلت"
            elif role == "speaker" and not self._admits(d, frames, sent):
                bonus -= 0.45  # "أعلنت الشرطة مقتل ...": who reports is rarely who attacked
                if not _armed(m.entity):
                    bonus -= 0.3  # a state or its envoy describing an attack, rarer still
            between = _count_between(other_trigs, m.start, anchor_s)
            if m.entity is not None and m.entity.kind == "state" and dist > 3:
                base *= 0.5  # a bare state name acts when it is the verb's subject, next to it
            score = base + bonus - 0.04 * dist - 0.35 * between
            scored.append((score, m))

        best = max(scored, key=lambda x: x[0], default=None)
        if d.type == "PROTEST":
            # "تظاهر آلاف الإسرائيليين": a counted nationality noun after the protest word
            crowd = self._crowd(t, ments, trigs) or next(
                (m for m in nationals if t.start <= m.start <= t.end + CROWD_REACH), None)
            if crowd is not None and (best is None or best[0] < CROWD_ACTOR):
                d.actor = _argument(doc, crowd, [crowd], CROWD_ACTOR)
        if d.type == "COOPERATE":
            group = self._largest_group(doc, [m for m, r in eligible
                                              if r not in ("locative", "topic", "target")
                                              and m.entity and m.entity.kind in STATE_KINDS])
            if group:
                d.actor = _argument(doc, group[0], group, 0.6)
        if d.actor is None and speaker_subject:
            d.actor = self._speaker_actor(frames, sent, t, ments, breaks, d.type)
        if d.actor is None and best is not None and best[0] > 0.35:
            m = best[1]
            members = self._group_of(doc, m, [x for x, _ in eligible])
            d.actor = _argument(doc, m, members, min(0.95, best[0]))
            d.actor.explicit = id(m) in inside or any(x is m and r == "agent"
                                                      for x, r in eligible)
        if d.actor is None and not own_subject and not disclaimed:
            d.actor = self._speaker_actor(frames, sent, t, ments, breaks)

        # target
        actor_ids = {id(x) for x in ((d.actor.members or [d.actor.mention]) if d.actor else [])}
        tstart = t.end
        if threat_cue:
            tstart = t.end
        tscored: list[tuple[float, ActorMention]] = []
        actor_names = set(d.actor.names) if d.actor else set()
        for m, role in eligible:
            if id(m) in actor_ids or (d.actor and m.start == d.actor.mention.start):
                continue
            if m.entity is not None and m.entity.name in actor_names and (
                    m.entity.kind not in ("generic", "head") or m.entity.country is not None):
                continue  # an actor does not act on itself ("استدعت مصر سفيرها": Egypt's own)
            base = target_base(m)
            if base <= 0 or id(m) in adjectives or id(m) in inside:
                continue  # "القصف التركي" names who shelled, never what was shelled
            if d.actor and m.end == d.actor.mention.start and m.entity is not None and \
                    m.entity.kind == "head":
                continue  # "طائرات التحالف": the actor's own noun, in construct with it
            if disclaimed and m.start < t.start or _across_clause(breaks, m.start, t.start):
                continue
            if m.start >= tstart:
                dist = m.start - tstart
                if dist > 12:
                    continue
                if role == "target" or verbal_noun and self._object_genitive(doc, t, m):
                    score = 1.0 + 0.3 * base - 0.02 * dist
                elif role in ("locative", "topic", "modifier", "agent", "speaker", "instrument"):
                    continue
                elif m.entity is not None and m.entity.sector in ("CVL", "JRN", "MED"):
                    score = 0.8 - 0.02 * dist
                elif t.event_sense and t.event_sense.pos in ("verb", "phrase") and dist <= 4:
                    score = 0.6 - 0.02 * dist
                else:
                    score = 0.3 - 0.02 * dist
            else:
                dist = t.start - m.end
                if (passive or undergo) and dist <= 6 and role not in ("topic", "speaker") and \
                        (role != "locative" or self._partitive_whole(doc, m)) and \
                        not self._subset(doc, m) and not self.roles.subject_words[self.lang] \
                        .intersection(doc_norms(doc)[m.end:t.start]):
                    score = 0.9 - 0.02 * dist
                elif role == "target" and dist <= 8:
                    score = 0.5 - 0.02 * dist
                else:
                    continue
            between = _count_between(other_trigs, m.start, t.start)
            tscored.append((score - 0.5 * between, m))
        tbest = max(tscored, key=lambda x: x[0], default=None)
        if tbest is not None and tbest[0] > 0.25:
            m = tbest[1]
            members = self._group_of(doc, m, [x for x, _ in eligible])
            d.target = _argument(doc, m, members, min(0.95, tbest[0]))

    def _partitive_whole(self, doc: Doc, m: ActorMention) -> bool:
        """`m` after a number or count word and "من": the whole its counted part belongs to
        ("أربعة من حراس الأمن", "عدد من عناصر الشرطة"), not a place."""
        norms = doc_norms(doc)
        if m.start < 2 or norms[m.start - 1] not in PARTITIVE or \
                m.entity is not None and m.entity.kind in ("state", "region"):
            return False
        return doc[m.start - 2].like_num or \
            norms[m.start - 2] in self.roles.partitive_heads[self.lang]

    def _subset(self, doc: Doc, m: ActorMention) -> bool:
        """`m` names some of the victims just counted ("22 مدنيا بينهم نساء وأطفال قتلوا"):
        a `subset_markers` word within SUBSET_REACH tokens before it; the count is the
        target."""
        markers = self.roles.subset_markers[self.lang]
        return any(n in markers for n in doc_norms(doc)[max(0, m.start - SUBSET_REACH):m.start])

    def _passive_ar(self, doc: Doc, sent: Span, t: TriggerMention,
                    trigs: list[TriggerMention]) -> bool:
        """An Arabic casualty, attack or arrest verb read as passive: right after it, a
        preposition of cause (`passive_links`: "في", "جراء") then an attack word, or an attack
        word with a clitic بـ ("قتلت رئيسة الوزراء في هجوم انتحاري", "التي اغتيلت في هجوم",
        "أصيب ثلاثة جنود بانفجار عبوة"): it has neither subject nor object of its own, and
        who stands before it is the victim."""
        if self.lang != "ar" or t.event_sense is None or \
                t.event_sense.pos not in ("verb", "phrase") or \
                not (t.kills or t.event_sense.type in VICTIM_TARGET_TYPES) or t.end >= sent.end:
            return False
        cause = self._cause_of(doc, t, reach=1)
        return cause is not None and any(o.start == cause and o.event_sense is not None
                                         and o is not t for o in trigs)

    def _undergone(self, doc: Doc, sent: Span, t: TriggerMention, undergo: set[int],
                   trigs: list[TriggerMention]) -> int | None:
        """Where the verb of suffering that governs the event word `t` ends (None when none
        does): right before it ("تعرضت القوات لهجوم"), or further back, across its subject,
        when `t` (or the word before it, "لمحاولة اغتيال") takes the preposition the verb
        governs ("تعرض رئيس البلدية لهجوم", "نجا الوزير من انفجار"), with no other event word
        between. `undergo`: the token positions where the document's verbs of suffering end
        (`role_marks`)."""
        if not undergo:
            return None
        near = undergo.intersection(range(max(sent.start, t.start - 2), t.start + 1))
        if near:
            return max(near)
        if self.lang != "ar":
            return None
        norms = doc_norms(doc)
        governed = [norms[i] for i in (t.start - 1, t.start) if i >= sent.start]
        if not any(n == "من" or n.lstrip("وف").startswith("ل") for n in governed):
            return None
        for i in range(t.start - 2, max(sent.start, t.start - UNDERGO_REACH) - 1, -1):
            if i in undergo:
                return None if any(i <= o.start < t.start for o in trigs
                                   if o.event_sense is not None and o is not t) else i
        return None

    @staticmethod
    def _crowd(t: TriggerMention, ments: list[ActorMention],
               trigs: list[TriggerMention]) -> ActorMention | None:
        """"المتظاهرون", "وتجمع آلاف المتظاهرين": a generic civilian mention that is itself a
        protest word, at the trigger or within CROWD_REACH tokens after it, is who protests."""
        protest_words = [o for o in trigs if o.event_sense is not None
                         and o.event_sense.type == "PROTEST"]
        for m in ments:
            if m.entity is None or m.entity.kind != "generic" or m.entity.sector != "CVL" or \
                    not t.start <= m.start <= t.end + CROWD_REACH:
                continue
            if any(o.start < m.end and m.start < o.end for o in protest_words):
                return m
        return None

    def _governs_genitive(self, doc: Doc, t: TriggerMention) -> bool:
        """`t` is an Arabic verbal noun whose object may follow it as a genitive."""
        return self.lang == "ar" and t.event_sense is not None and \
            t.event_sense.pos == "noun" and \
            not self.triggers.object_genitive.isdisjoint(doc_forms(doc)[t.start])

    @staticmethod
    def _object_genitive(doc: Doc, t: TriggerMention, m: ActorMention) -> bool:
        """"استهداف قادة تنظيم داعش": right after a verbal noun (`_governs_genitive`) stands
        its object, unless a لـ object follows ("قتل التحالف لعدد من المدنيين")."""
        not_punct = word_counts(doc)[0]
        if m.start < t.end or not_punct[m.start] - not_punct[t.end] > 2:
            return False  # "استهداف وملاحقة قادة تنظيم داعش"
        after = doc_norms(doc)[m.end] if m.end < len(doc) else None
        return not (after is not None and after.lstrip("وف").startswith("ل") and len(after) > 2)

    @staticmethod
    def _admits(d: Draft, frames: list[Frame], sent: Span) -> bool:
        """The sentence's speaker admits the act ("أقر التحالف بمقتل", "acknowledged")."""
        frame = frame_for(frames, d.first.start, sent)
        return frame is not None and any(w in frame.cue for w in (
            "أقر", "اعترف", "admit", "acknowledg", "conced"))

    def _adjacent_adjective(self, doc: Doc, m: ActorMention, t: TriggerMention) -> bool:
        """"الضربات الجوية الأمريكية والروسية", "Russian airstrikes": the state behind a trigger
        (the words between are adjectives too: "الأعلام التركية" is a flag, not Turkey)."""
        if self.lang == "ar":
            if not t.end <= m.start <= t.end + self.ADJ_WINDOW:
                return False  # coordinated adjectives at most: "الأمريكية والروسية"
            gap = doc_norms(doc)[t.end: m.start]
            return all(norm.startswith(("ال", "وال")) and norm.endswith(("ي", "ية", "يه"))
                       for norm in gap)
        return m.end == t.start or (m.end == t.start - 1 and doc_norms(doc)[m.end] in ("-",))

    @staticmethod
    def _group_of(doc: Doc, m: ActorMention, pool: list[ActorMention]) -> list[ActorMention]:
        for group in coordinated_groups(doc, sorted(pool, key=lambda x: x.start)):
            if any(x.start == m.start for x in group):
                kinds = {x.entity.sector for x in group if x.entity}
                if m.entity is not None and m.entity.sector in kinds and len(group) > 1:
                    return [x for x in group if x.entity is not None and x.entity.kind not in
                            ("outlet", "source", "platform", "block")]
                return [m]
        return [m]

    @staticmethod
    def _largest_group(doc: Doc, pool: list[ActorMention]) -> list[ActorMention]:
        groups = [g for g in coordinated_groups(doc, sorted(pool, key=lambda x: x.start))
                  if len({x.entity.name for x in g if x.entity}) >= 2]
        return max(groups, key=len) if groups else []

    @staticmethod
    def _reporting_clause(frames: list[Frame], sent: Span, t: TriggerMention) -> tuple[int, int]:
        """Tokens [start, end) of the clause that reports the trigger, from the reporting word
        to the "أن/إن/that" before the trigger; (0, 0) when there is none."""
        frame = frame_for(frames, t.start, sent)
        if frame is None or frame.said_start is None or not frame.cue_start < frame.said_start \
                < t.start:
            return 0, 0
        return frame.cue_start, frame.said_start

    @staticmethod
    def _speaker_actor(frames: list[Frame], sent: Span, t: TriggerMention,
                       ments: list[ActorMention], breaks: list[tuple[int, str]],
                       event_type: str | None = None) -> Argument | None:
        """An armed speaker of the sentence ("ذكر التحالف ... ضربات نفذها") in the event word's
        clause; a state or its envoy describing an attack is not taken for its author. With
        `event_type` (the event verb's subject is a pronoun for the speaker: "أعلن الجيش أنه
        قتل"), any speaker fit to act in such an event (`actor_base`)."""
        frame = frame_for(frames, t.start, sent)
        if frame is None:
            return None
        for p in frame.parties:
            m = next((x for x in ments if x.start_char == p.start), None)
            if m is not None and (_armed(m.entity) if event_type is None else
                                  actor_base(m, event_type) > 0.05) and \
                    not _across_clause(breaks, m.start, t.start):
                return Argument(m, [], 0.35)
        return None

    # ------------------------------------------------------------------ merging
    def _compatible(self, a: Draft, b: Draft) -> bool:
        if a.type != b.type or a.modality != b.modality:
            return False
        if a.mode and b.mode and a.mode != b.mode and not (
                (a.mode in self.triggers.dominant) ^ (b.mode in self.triggers.dominant)):
            return False
        x, y = a.actor, b.actor
        return x is None or y is None or bool(set(x.names) & set(y.names)) \
            or _generic(x) or _generic(y)

    def _merge(self, drafts: list[Draft]) -> list[Draft]:
        out: list[Draft] = []
        for d in sorted(drafts, key=lambda x: x.start):
            host = next((o for o in out if self._compatible(o, d)), None)
            if host is None and d.consequence:
                host = next((o for o in reversed(out) if o.type == d.type
                             and o.modality == d.modality), None)
                if host is not None:
                    d.actor = d.target = None
            if host is None:
                out.append(d)
                continue
            host.triggers.extend(d.triggers)
            if d.mode in self.triggers.dominant or host.mode is None:
                host.mode = d.mode or host.mode
            host.contexts = sorted(set(host.contexts) | set(d.contexts))
            host.weight = max(host.weight, d.weight)
            host.kills_only = host.kills_only and d.kills_only
            host.undergone = host.undergone or d.undergone
            # a named actor tells more than a generic one, except for protests (by crowds)
            named = host.type != "PROTEST"
            if d.actor is not None and not _same(d.actor, host.target) and (
                    host.actor is None or (host.actor.explicit, d.actor.explicit) == (False, True)
                    or host.actor.explicit <= d.actor.explicit and (
                    named and _generic(host.actor), -host.actor.confidence) > (
                    named and _generic(d.actor), -d.actor.confidence)):
                host.actor = d.actor
            # a named target ("مواقع التنظيم") tells more than the victims ("801 مدني")
            if (host.target is None or (d.target is not None and _generic(host.target)
                                        and not _generic(d.target))) and \
                    not _same(d.target, host.actor):
                host.target = d.target or host.target
        return out

    def _merge_claims(self, doc: Doc, sents: list[Span], per_sent: list[list[Draft]],
                      claims: list[tuple[int, int, str]], mentions: list[list[ActorMention]]
                      ) -> None:
        """"ISIS claimed responsibility for the attack." / "وتبنى تنظيم داعش الهجوم.": an attack
        a claim (or a claim not made, or a stance: "The government condemned the attack") names
        right after it, referred back to with no place of its own, in one of the two sentences
        after the attack's, is that attack: its claimant, when the claim is made, is the
        attack's actor (unless it names one) and a speaker of its attribution; who takes a
        stance is neither (an armed group said to be behind it stays an event of its own). The
        attack is the last of the earlier sentence with the same mode, or with none. A claim
        that names no attack ("ISIS later claimed responsibility.") in a sentence with no event
        word gives the last attack before it its claimant the same way. `claims`: (start, end,
        kind) of the document's claims (not) made; `mentions`: actor mentions by sentence."""
        prev: list[Draft] = []
        prev_si = 0
        for si in range(len(sents)):
            if not per_sent[si] and prev and si - prev_si <= 2:
                host = next((h for h in reversed(prev) if h.type == "ASSAULT"
                             and h.modality == "asserted"), None)
                claimant = _claimant(mentions[si], [c for c in claims if c[2] == "claim"
                                                    and sents[si].start <= c[0] < sents[si].end])
                if host is not None and claimant is not None:
                    self._give_claimant(doc, host, Argument(claimant, [], CLAIMANT_CONFIDENCE))
                continue
            keep = []
            for d in per_sent[si]:
                claim = next((c for c in claims if c[0] >= sents[si].start and c[1] <= d.first.start
                              <= c[1] + CLAIM_REACH), None)
                host = next((h for h in reversed(prev) if h.type == d.type == "ASSAULT"
                             and h.modality == d.modality == "asserted"
                             and (h.mode is None or d.mode is None or h.mode == d.mode)),
                            None) if si - prev_si <= 2 else None
                stance = claim is None and d.mention == "stance" and (
                    d.actor is None or not _armed(d.actor.mention.entity))
                if claim is None and not stance or host is None or d.places or \
                        not all(_definite(doc, t) and not _coordinated(doc, t) for t in d.triggers):
                    keep.append(d)
                    continue
                host.triggers.extend(d.triggers)
                if claim is not None and claim[2] == "claim" and d.actor is not None:
                    self._give_claimant(doc, host, d.actor)
            per_sent[si] = keep
            if keep:
                prev, prev_si = keep, si

    @staticmethod
    def _give_claimant(doc: Doc, host: Draft, claimant: Argument) -> None:
        """Who claimed the attack `host` is its actor, unless it names one, and a speaker of
        its attribution."""
        if host.actor is not None and not _generic(host.actor):
            return
        host.actor = claimant
        party = party_of(claimant.mention, "speaker")
        if all(p.start != party.start for p in host.attribution):
            host.attribution.append(party)

    def _merge_elaborations(self, doc: Doc, sents: list[Span], per_sent: list[list[Draft]]) -> None:
        """"Airstrikes hit X. Five civilians were killed." / "... . وأسفرت الغارات عن مقتل ...":
        a bare killing, or an attack referred back to ("the strikes", "الغارات") with no actor or
        place of its own, in the next sentence adds to the attack before it."""
        for si in range(1, len(sents)):
            prev = [d for d in per_sent[si - 1] if d.type == "ASSAULT" and d.modality == "asserted"
                    and not d.kills_only]
            if not prev:
                continue
            keep = []
            for d in per_sent[si]:
                host = prev[-1]
                told_again = all(_definite(doc, t) or t.kills for t in d.triggers)
                if d.type == "ASSAULT" and d.modality == "asserted" and d.actor is None \
                        and not d.places and (d.kills_only or told_again) and \
                        self._compatible(host, d) and (d.kills_only and not _new_paragraph(
                            doc, sents[si - 1], sents[si]) or told_again):
                    host.triggers.extend(d.triggers)
                    host.casualties.extend(c for c in d.casualties if c not in host.casualties)
                    host.date = host.date or d.date
                    host.mode = host.mode or d.mode
                    continue
                keep.append(d)
            per_sent[si] = keep

    # ------------------------------------------------------------------ places, dates, casualties
    def _regions(self, doc: Doc, sent: Span, drafts: list[Draft], places: list[Any],
                 dates: list[Any], mentions: list[ActorMention]) -> None:
        """Each place and date goes to the nearest trigger before it (the first one if none)."""
        if not drafts:
            return
        starts = sorted(((t.start, d) for d in drafts for t in d.triggers), key=lambda x: x[0])
        actor_chars = [(m.start_char, m.end_char) for m in mentions
                       if sent.start_char <= m.start_char < sent.end_char]

        def owner(token: int) -> Draft:
            return self._owner(starts, token)

        def participant(d: Draft, start: int) -> bool:
            for arg in (d.actor, d.target):
                if arg is not None and any(m.start_char <= start < m.end_char
                                           for m in arg.members or [arg.mention]):
                    return True
            return False

        for p in places:
            pd = p.to_dict() if hasattr(p, "to_dict") else dict(p)
            if not (sent.start_char <= pd["start"] < sent.end_char):
                continue
            if any(s <= pd["start"] and pd["end"] <= e for s, e in actor_chars) and \
                    pd.get("precision") not in ("country", "continent", "region"):
                continue  # "الروسية" read as a village is the adjective of an actor
            tokens = char_tokens(doc, pd["start"], pd["end"])
            if tokens is None:
                continue
            d = owner(tokens[0])
            if participant(d, pd["start"]):
                continue  # the state acts or is acted upon here; it is not the place
            if not any(x.get("start") == pd["start"] for x in d.places):
                d.places.append(pd)
        for dm in dates:
            if not getattr(dm, "resolved", False) or dm.start_date is None:
                continue
            if not (sent.start_char <= dm.start < sent.end_char):
                continue
            tokens = char_tokens(doc, dm.start, dm.end)
            if tokens is None:
                continue
            d = owner(tokens[0])
            dist = min(abs(t.start - tokens[0]) for t in d.triggers)
            if d.date is None or dist < getattr(d, "_date_dist", 1 << 30):
                d.date, d._date_dist = dm, dist  # the date nearest the event words

    @staticmethod
    def _owner(starts: list[tuple[int, Draft]], token: int) -> Draft:
        """The draft of the nearest trigger at or before `token` (the first one if none)."""
        chosen = starts[0][1]
        for s, d in starts:
            if s <= token:
                chosen = d
        return chosen

    def _attach_casualties(self, drafts: list[Draft], casualties: list[Casualty],
                           per_sent: list[list[Draft]], doc: Doc, sents: list[Span],
                           sent: Span) -> None:
        """Each casualty goes to the asserted attack (or arrest) whose stretch holds it; victims
        of a threatened, planned or denied event are no toll. With no event in the sentence they
        go to the previous sentence's attack in the same paragraph."""
        starts = sorted(((t.start, d) for d in drafts for t in d.triggers), key=lambda x: x[0])
        for c in casualties:
            want = CASUALTY_TYPES.get(c.kind, "ASSAULT")
            if drafts:
                host = self._owner(starts, c.token)
                if host.type != want or host.modality != "asserted":
                    fits = [d for d in drafts if d.type == want and d.modality == "asserted"
                            and host.type not in ("ASSAULT", "THREATEN", "COERCE")]
                    if not fits:
                        continue
                    host = min(fits, key=lambda d: min(abs(t.start - c.token) for t in d.triggers))
            else:
                # "... . Dozens of people were wounded.": the attack of the sentence just before
                prev = per_sent[-1] if per_sent else []
                fits = [d for d in prev if d.type == want and d.modality == "asserted"]
                if not fits:
                    continue
                host = fits[-1]
            if not any(x.start == c.start and x.kind == c.kind for x in host.casualties):
                host.casualties.append(c)

    @staticmethod
    def _victims_not_actors(doc: Doc, drafts: list[Draft], mentions: list[ActorMention],
                            casualties: list[Casualty]) -> None:
        """"لقي أربعة جنود حتفهم", "قتل 5 جنود", "مقتل 28 متطوعا في الجيش": the counted victims
        of an attack, and the force or group any of its victims belong to ("من المتطوعين
        للجيش", "أعلن الجيش مقتل اثنين من جنوده": its own men), are its target, not its actor.
        An uncounted group that stays the actor of an arrest is not arrested ("اعتقلت الشرطة
        المتهم"; "قتل الجنود" may be passive). An event told as background keeps no toll: the
        sentence's `casualties` tell its victims ("وكان ثلاثة جنود قد قتلوا")."""
        text = doc_text(doc)
        for d in drafts:
            tolls = d.casualties or [c for c in casualties if d.modality == "historical"
                                     and CASUALTY_TYPES.get(c.kind, "ASSAULT") == d.type]
            if d.actor is None or d.actor.carried or not tolls:
                continue
            members = d.actor.members or [d.actor.mention]
            own_men = {m.entity.name for m in mentions if m.possessive and m.resolved_from
                       and m.entity is not None and any(
                           c.start < m.end_char and m.start_char < c.end for c in tolls)}
            if not own_men.isdisjoint(d.actor.names) or any(
                    c.min is not None and c.start < m.end_char and m.start_char < c.end or (
                        0 <= m.start_char - c.end <= 4 and
                        text[c.end: m.start_char].strip() in VICTIM_LINKS)
                    for c in tolls for m in members):
                d.target = d.target or d.actor
                d.actor = None
            elif d.type == "COERCE":
                d.casualties = [c for c in d.casualties if c.min is not None or not any(
                    c.start < m.end_char and m.start_char < c.end for m in members)]

    def _suspects_not_civilians(self, doc: Doc, drafts: list[Draft]) -> None:
        """"اعتقلت قوات الأمن خمسة أشخاص يشتبه بانتمائهم إلى تنظيم داعش", "arrested five
        people suspected of belonging to ISIS": a civilian target that a suspicion word
        follows keeps its words, but its group is unknown (name "people", no sector); women,
        children or journalists stay what they are."""
        suspects = self.casualties.lexicon.suspects[self.casualties.words_lang]
        norms = doc_norms(doc)
        for d in drafts:
            arg = d.target
            if arg is None or arg.names != ["civilians"]:
                continue
            end = max(m.end for m in arg.members or [arg.mention])
            if end < len(doc) and norms[end] in suspects:
                people = replace(arg.mention, actor=SUSPECTED_PEOPLE, nisba=None)
                d.target = Argument(people, [], arg.confidence, arg.carried, arg.text)

    @staticmethod
    def _protesters_as_victims(drafts: list[Draft], casualties: list[Casualty]) -> None:
        """"أصيب ثمانية متظاهرين", "أطلقت الشرطة النار على المحتجين": a protest told only by
        the protesters who are counted victims, or the target of an attack of the sentence, is
        named in passing (the sentence reports what was done to them)."""
        hit = [(c.start, c.end) for c in casualties]
        for d in drafts:
            if d.type in ("ASSAULT", "COERCE") and d.target is not None:
                hit.extend((m.start_char, m.end_char)
                           for m in d.target.members or [d.target.mention])
        if not hit:
            return
        for d in drafts:
            if d.type == "PROTEST" and d.mention is None and all(
                    any(s <= t.start_char < e for s, e in hit) for t in d.triggers):
                d.mention = "suppressed"

    def _lend_dates(self, doc: Doc, sents: list[Span], per_sent: list[list[Draft]],
                    dates: list[list[Any]]) -> None:
        """A sentence that dates something but reports no event dates its neighbours' events
        ("... تدعو لمهاجمة ... ." / "الرسالة المنشورة ... يوم الاثنين الماضي")."""
        for si, sent in enumerate(sents):
            if per_sent[si]:
                continue
            own = [dm for dm in dates[si] if getattr(dm, "resolved", False) and dm.start_date
                   and dm.precision != "unknown"]
            if not own:
                continue
            for sj in (si - 1, si + 1):
                if 0 <= sj < len(sents):
                    for d in per_sent[sj]:
                        if d.date is None:
                            d.date, d.date_lent = own[0], True

    def _carry_actors(self, doc: Doc, sents: list[Span], per_sent: list[list[Draft]]) -> None:
        """The subject carries over: an actorless event takes the previous sentence's actor
        when its own sentence names no actor at all and the paragraph goes on; not when a
        weapon or force of that sentence stands where the subject would and the previous event
        is of another type ("تظاهر المتظاهرون ... وأصاب صاروخ السيارة"; "ISIS attacked the
        city. A bomb exploded" carries); not from an event of the past it recalls (attacks of
        a kind, one named in passing, or one dated apart from it: "In 2014, ISIS attacked the
        city. A bomb exploded on Monday")."""
        instruments = sorted({t.start for t in doc._.event_triggers or [] if t.mode_cue} | {
            m.start for m in doc._.actor_mentions or [] if m.actor is not None
            and m.actor.kind in ("head", "forces")})
        for si in range(1, len(sents)):
            new_par = _new_paragraph(doc, sents[si - 1], sents[si])
            prev = [d for d in per_sent[si - 1] if d.actor is not None
                    and (not new_par or d.type in {x.type for x in per_sent[si]})]
            if not prev or prev[0].modality == "historical" or prev[0].mention == "background":
                continue
            names_here = any(d.actor or d.target for d in per_sent[si])
            armed_here = _count_between(instruments, sents[si].start - 1, sents[si].end) > 0
            for d in per_sent[si]:
                if d.actor is None and not names_here and d.type in ("ASSAULT", "THREATEN",
                                                                     "MOBILIZE", "COERCE") \
                        and not (armed_here and d.type != prev[0].type):
                    if _dated_apart(prev[0].date, d.date):
                        continue
                    src = prev[0].actor
                    d.actor = Argument(src.mention, src.members, max(0.2, src.confidence - 0.3),
                                       carried=True, text=src.text)

    # ------------------------------------------------------------------ output
    @staticmethod
    def _confidence(d: Draft) -> float:
        """How surely this is a specific, reported event: the trigger's weight, then one step
        per argument that pins it down (actor, target, place, date, a numbered toll, a second
        trigger telling the same event, a verb rather than a noun, a named source)."""
        first = d.first
        score = 0.35 * d.weight
        if d.actor is not None:
            score += 0.08 if d.actor.carried else (0.1 if _generic(d.actor) else 0.15)
        score += 0.05 if d.target is not None else 0.0
        score += PLACE_BONUS if d.places else 0.0
        score += (0.04 if d.date_lent else 0.08) if d.date is not None else 0.0
        if any(c.min is not None for c in d.casualties):
            score += 0.12
        elif d.casualties:
            score += 0.05
        score += 0.05 if len(d.triggers) > 1 else 0.0
        score += 0.05 if d.undergone or any(s.pos in ("verb", "phrase") for t in d.triggers
                                            for s in t.senses if s.role == "trigger") else 0.0
        score += 0.05 if d.attribution else 0.0
        if first.stripped and len(first.text) <= 4:
            score -= 0.05
        if d.recent and d.date is None:
            score += RECENT_BONUS
        if d.mention is not None:
            score -= MENTION_PENALTY[d.mention]
        if d.nominal is not None and not any(c.min is not None for c in d.casualties):
            score -= NOMINAL_PENALTY[d.nominal]
        score -= DEPTH_PENALTY * max(0, d.depth - DEPTH_FREE) / 10
        if d.support:
            score -= SUPPORT_PENALTY
        return score

    def _crossing(self, type_: str, mode: str | None, contexts: list[str],
                  target_sector: str | None) -> Any:
        key = (type_, mode, tuple(contexts), target_sector)
        if key not in self._crossings:
            self._crossings[key] = self.crosswalk.lookup(type_, mode, contexts, target_sector)
        return self._crossings[key]

    def _event(self, doc: Doc, sents: list[Span], d: Draft, facts: _DocFacts) -> Event:
        sent = sents[d.sent_index]
        first = d.first
        if d.type == "ASSAULT" and d.actor is not None and d.actor.mention.entity is not None \
                and d.actor.mention.entity.kind == "state" and "military" not in d.contexts:
            d.contexts.append("military")
        target_sector = d.target.sector if d.target else None
        if target_sector is None and any(c.group in ("civilians", "children", "women")
                                         for c in d.casualties):
            target_sector = "CVL"
        crossing = self._crossing(d.type, d.mode, d.contexts, target_sector)
        date = None
        if d.date is not None:
            dm = d.date
            date = {"text": dm.text, "start": dm.start_date.isoformat(),
                    "end": (dm.end_date or dm.start_date).isoformat(), "precision": dm.precision,
                    "span": [dm.start, dm.end]}
            if d.date_lent:
                date["inferred"] = True
        rule = self._confidence(d)
        features = self._features(doc, sent, d, rule, facts.words) \
            if self.main_event.reads(d.type, self.lang) else {}
        main = self.main_event.score(d.type, features) \
            if self.main_event.applies(d.type, self.lang) else None
        confidence = rule if main is None else (1 - MAIN_EVENT_SHARE) * rule + MAIN_EVENT_SHARE * main
        evidence = {
            "start": first.start_char, "end": first.end_char, "trigger": first.text,
            "sentence": {"start": sent.start_char, "end": sent.end_char},
            "mentions": [{"start": t.start_char, "end": t.end_char, "text": t.text}
                         for t in sorted(d.triggers, key=lambda x: x.start)],
        }
        if d.mention is not None:
            evidence["named_in_passing"] = d.mention
        if d.support:
            evidence["in_support"] = True
        if main is not None:
            evidence["main_event"] = round(main, 2)
            evidence["specificity"] = round(max(0.05, min(0.99, rule)), 2)
        return Event(
            type=d.type, mode=d.mode, contexts=sorted(set(d.contexts)),
            actor=d.actor.to_dict() if d.actor else None,
            target=self._protest_target(doc, sent, d, facts) if d.type == "PROTEST" else (
                d.target.to_dict() if d.target else (
                    self._object_phrase(doc, sent, d, facts.dated, facts.weapons) or
                    self._victims_target(doc, d))),
            places=d.places, date=date,
            casualties=[c.to_dict() for c in d.casualties],
            attribution=[p.to_dict() for p in d.attribution],
            modality=d.modality,
            acled=crossing.acled() if crossing else None,
            cameo=crossing.cameo if crossing else None,
            evidence=evidence, confidence=round(max(0.05, min(0.99, confidence)), 2),
            features=features,
        )

    def _object_phrase(self, doc: Doc, sent: Span, d: Draft, dated: set[int],
                       weapons: set[int]) -> dict[str, Any] | None:
        """The target of an attack or arrest told by words no actor entry names, marked
        `"phrase": true`: up to OBJECT_WORDS words after a target marker right after an event
        word, or one word later ("هجوم على حافلة مدنية", "هجوم مسلح على دورية", "fired on a
        school bus"), else between a verb of suffering and the event word ("تعرض رئيس البلدية
        لمحاولة اغتيال"), else after an active verb ("مجهولين خطفوا مصورا", "طائراته قصفت
        مجموعة من المتمردين", "خطف مسلحون مطران المدينة", "gunmen abducted a photographer"),
        a date right after it skipped ("اغتالوا الأسبوع الماضي إمام المسجد"), and for a weapon
        fired (`weapons`), the words after a target marker that follows it; None when there is
        no such phrase."""
        if d.type not in VICTIM_TARGET_TYPES:
            return None
        lang = self.casualties.words_lang
        markers = self.roles.object_markers[lang]
        norms = doc_norms(doc)
        triggers = sorted(d.triggers, key=lambda t: t.start)
        limit = sent.end
        # a trigger phrase may end with the marker ("fired on a school bus")
        marker = next((k for t in triggers for k in range(t.end - (t.end - t.start > 1),
                                                          min(t.end + 2, sent.end - 1))
                       if norms[k] in markers), None)
        fired = marker is None  # the phrase may be what a verb fired, not what it hit
        if marker is None and lang == "ar" and d.undergo_end is not None and \
                d.undergo_end < triggers[0].start and \
                not norms[d.undergo_end].lstrip("وف").startswith("ل"):
            # who suffers stands between the verb of suffering and the event word ("تعرض
            # رئيس البلدية لمحاولة اغتيال", "نجا الوزير من انفجار"); not what it governs
            # ("يتعرضون للتحقيق والتعذيب")
            marker, limit = d.undergo_end - 1, triggers[0].start
        elif marker is None:
            # a verb whose subject stands before it takes its object right after it ("مسلحون
            # خطفوا مصورا", "gunmen abducted a photographer"); an Arabic verb whose subject
            # follows it, right after the subject ("خطف مسلحون مطران المدينة")
            first = triggers[0]
            verb = first.event_sense is not None and first.event_sense.pos == "verb"
            before = norms[first.start - 1] if first.start > sent.start else ""
            subject = (d.actor.members or [d.actor.mention]) if d.actor is not None and \
                not d.actor.carried and d.actor.mention.start == first.end else []
            # and an Arabic verb right after its named subject ("طائراته قصفت مجموعة من
            # المتمردين")
            sv = lang == "ar" and d.actor is not None and not d.actor.carried and any(
                0 <= first.start - m.end <= 1 for m in d.actor.members or [d.actor.mention]) \
                and not norms[first.start].startswith("ال")
            if verb and lang == "ar" and subject:
                marker = max(m.end for m in subject) - 1
                # "أطلق مسلحون النار على حافلة": the verb's own object, then a target marker
                obj = first.object_span
                if obj is not None and obj[0] == marker + 1 and obj[1] < sent.end - 1 and \
                        norms[obj[1]] in markers:
                    marker = obj[1]
            elif not verb or not (norms[first.end - 1].endswith("وا") or sv if lang == "ar"
                                  else before not in _PASSIVE_EN):
                return None
            else:
                marker = first.end - 1
        start = marker + 1
        while start in dated and start < sent.end:
            start += 1  # a date between verb and object ("اغتالوا الأسبوع الماضي إمام المسجد")
        end = start
        if limit == sent.end and any(t.start <= start + 1 and start < t.end for t in triggers):
            return None  # the verb's object is the event noun ("وجهت القوات عدة ضربات")
        then = next((k for k in (start, start + 1) if k < limit - 1 and norms[k] in markers), None)
        if then is not None and limit == sent.end:
            start = then + 1  # "أطلقت الطائرة صاروخا على مجموعة": what is fired on
        if lang == "ar" and start + 2 < limit and norms[start + 1] in PARTITIVE and (
                doc[start].like_num or norms[start] in self.roles.partitive_heads[lang]):
            end = start + 2  # "أربعة من المتهمين", "مجموعة من المتمردين", "some of the"
        end = self._phrase_end(doc, start, end, limit, dated)
        if fired and limit == sent.end and not weapons.isdisjoint(range(start, start + 2)):
            # the object of a firing verb is what it fired: the target follows a marker after
            # it ("أطلقت عشرات الصواريخ فجر أمس على البلدات"), or is not told
            after = end
            while after in dated:
                after += 1
            if after >= sent.end - 1 or norms[after] not in markers:
                return None
            start = after + 1
            end = self._phrase_end(doc, start, start, limit, dated)
        if end == start or end == start + 1 and norms[start] in self.roles.partitive_heads[lang]:
            return None  # nothing, or a count word alone ("يتعرضون كل يوم")
        return _phrase_target(doc, start, end)

    def _phrase_end(self, doc: Doc, start: int, end: int, limit: int, dated: set[int]) -> int:
        """Where an object phrase that starts at `start` (its first words up to `end` taken)
        ends: before `limit`, OBJECT_WORDS words, punctuation, a number, a date, an
        `object_stops` word, or after its first word an `object_ends` or target-marker word."""
        lang = self.casualties.words_lang
        norms = doc_norms(doc)
        stops, ends = self.roles.object_stops[lang], self.roles.object_ends[lang]
        markers = self.roles.object_markers[lang]
        while end < limit and end - start < OBJECT_WORDS and norms[end] not in stops and \
                (end == start or norms[end] not in markers and (
                    norms[end] not in ends or norms[end - 1].lstrip("وب") in ends)) and \
                end not in dated and not doc[end].is_punct and not doc[end].like_num:
            end += 1  # (a direction goes on one: "مناطق بشمال غرب باكستان")
        return end

    def _protest_target(self, doc: Doc, sent: Span, d: Draft,
                        facts: _DocFacts) -> dict[str, Any] | None:
        """Whom or what a protest is directed at, from the words after a target marker that
        follows its protest word (`ProtestTargetFinder`: "احتجاجا على قرار الحكومة", "ضد
        النظام", "أمام السفارة", "protest against the government"): the first actor entry
        starting in its first words (with its coordinated members), else the words, marked
        `"phrase": true`. Without a marker, the target scored among the sentence's actors,
        unless it is the protesters themselves ("متظاهر": they protest no one); else None."""
        others = facts.other_events
        after = bisect.bisect_left(others, d.first.end)
        words = sorted((t.start, t.end) for t in d.triggers)
        span = self.protest_targets(doc, sent, words,
                                    others[after] if after < len(others) else sent.end,
                                    facts.dated)
        if span is None:
            scored = d.target.mention.entity if d.target is not None else None
            return d.target.to_dict() if d.target and (
                scored is None or scored.id != PROTESTERS) else None
        start, end = span
        own = {m.start for m in (d.actor.members or [d.actor.mention])} if d.actor else set()
        pool = facts.mentions[d.sent_index]
        for m in pool:
            if start <= m.start <= min(end - 1, start + PROTEST_TARGET_HEAD) and \
                    m.actor is not None and m.start not in own:
                members = self._group_of(doc, m, pool)
                return _argument(doc, m, members, PROTEST_TARGET_CONFIDENCE).to_dict()
        return _phrase_target(doc, start, end)

    def _victims_target(self, doc: Doc, d: Draft) -> dict[str, Any] | None:
        """The target of an attack or arrest that names none: the first victims its toll
        counts by a noun ("قتل 20 شخصا" -> the 20 people), unless there is no noun ("Five
        killed"), or it only says "others", names the attackers ("قتل الانتحاري") or is the
        event's actor ("خطف مسلحون ..."); marked `"victims": true`. None otherwise."""
        if d.type not in VICTIM_TARGET_TYPES or not d.casualties:
            return None
        lexicon = self.casualties.lexicon
        lang = self.casualties.words_lang
        skip = lexicon.others[lang] | lexicon.attackers[lang]
        forms = doc_forms(doc)
        actor = (d.actor.members or [d.actor.mention]) if d.actor is not None else []
        for c in sorted(d.casualties, key=lambda c: c.start):
            if doc[c.token].like_num or not skip.isdisjoint(forms[c.token]) or any(
                    c.start < m.end_char and m.start_char < c.end for m in actor):
                continue
            name, sector = VICTIM_TARGET[c.group]
            return {"text": c.text, "name": name, "sector": sector, "country": None,
                    "start": c.start, "end": c.end, "confidence": VICTIM_TARGET_CONFIDENCE,
                    "victims": True}
        return None

    @staticmethod
    def _features(doc: Doc, sent: Span, d: Draft, rule: float,
                  words: dict[int, tuple[list[str], dict[str, float]]]) -> dict[str, float]:
        """What the main-event score reads: the rule confidence, the cues behind it, the first
        trigger's form, the sentence's word forms (clitics stripped; kept in `words` by
        sentence start for the sentence's other events, with each token's feature)
        and, apart ("near=<form>"), those of the words within NEAR_WORDS tokens of the first
        trigger. Places are left out (the rule confidence without their share), so the score
        reads the same with or without the places step."""
        first = d.first
        forms = doc_forms(doc)
        f: dict[str, float] = {"rule": rule - (PLACE_BONUS if d.places else 0.0),
                               f"mode={d.mode}": 1.0, "depth": min(d.depth, 40) / 10}
        pos = {s.pos for t in d.triggers for s in t.senses if s.role == "trigger"}
        for name, on in (
                ("actor", d.actor is not None and not d.actor.carried),
                ("actor_carried", d.actor is not None and d.actor.carried),
                ("actor_generic", d.actor is not None and _generic(d.actor)),
                ("target", d.target is not None),
                ("date", d.date is not None and not d.date_lent), ("recent", d.recent),
                ("toll", any(c.min is not None for c in d.casualties)),
                ("victims", bool(d.casualties)), ("triggers>1", len(d.triggers) > 1),
                ("source", bool(d.attribution)), ("kills_only", d.kills_only),
                ("verb", bool(pos & {"verb", "phrase"}) or d.undergone),
                (f"passing={d.mention}", d.mention),
                (f"nominal={d.nominal}", d.nominal), ("support", d.support)):
            if on:
                f[name] = 1.0
        f["trigger=" + forms[first.start][-1]] = 1.0
        known = words.get(sent.start)
        if known is None:
            by_token = _word_features(doc, sent.start, sent.end)
            known = words[sent.start] = (by_token, dict.fromkeys(filter(None, by_token), 1.0))
        by_token, sent_words = known
        f.update(sent_words)
        near = by_token[max(0, first.start - NEAR_WORDS - sent.start):
                        first.end + NEAR_WORDS - sent.start]
        f.update(dict.fromkeys(["near=" + w[2:] for w in near if w], 1.0))
        return f


# NORM string id -> its "w=<form>" feature ("" for no word: punctuation, digits, one letter)
_WORD_FEATURES: dict[int, str] = {}
_MAX_WORD_FEATURES = 200_000


def _word_features(doc: Doc, start: int, end: int) -> list[str]:
    """The "w=<form>" feature of each token of [start, end): the last look-up form (clitics
    stripped) of a word of two letters or more, else ""."""
    ids = doc_norm_ids(doc)[start:end]
    try:
        return list(map(_WORD_FEATURES.__getitem__, ids))
    except KeyError:  # words not seen before: work out their features, then read again
        new = set(ids).difference(_WORD_FEATURES)
    if len(_WORD_FEATURES) + len(new) > _MAX_WORD_FEATURES:
        _WORD_FEATURES.clear()
        new = set(ids)
    strings = doc.vocab.strings
    for norm_id in new:
        word = norm_id_forms(norm_id, strings)[-1]
        _WORD_FEATURES[norm_id] = "w=" + word if len(word) > 1 and word.isalpha() else ""
    return list(map(_WORD_FEATURES.__getitem__, ids))


def _imperfect(doc: Doc, t: TriggerMention, sense: Sense) -> bool:
    """The Arabic event word `t` may be an imperfect verb, which قد makes "may" ("قد يتسبب",
    "قد يصاب"): a present or future form, or a form listed as written (passives) that opens
    with an imperfect prefix; a passive past ("اغتيل", "أصيب", "اعتقل") is none."""
    if sense.tense is not None:
        return sense.tense != "past"
    return doc_norms(doc)[t.start].startswith(("ي", "ت"))


def _threat_mode(type_: str, mode: str | None) -> str | None:
    """The content of a threat to carry out an event of `type_` and `mode` (PLOVER THREATEN
    modes: violence, restrict, arrest, expel, territory, relations)."""
    return THREAT_MODES.get((type_, mode), THREAT_MODES.get(type_, "restrict" if type_ ==
                                                            "PROTEST" else None))


def _announced_threat(type_: str, mode: str | None) -> bool:
    if type_ not in ANNOUNCED_THREATS:
        return False
    modes = ANNOUNCED_THREATS[type_]
    return modes is None or mode in modes


def _condition_after(t: TriggerMention, cues: list[CueMention]) -> bool:
    """A condition follows the event word in its sentence: "will withdraw ... unless"."""
    return any(c.cue.category == "conditional" and c.start >= t.end for c in cues)


def _count_between(positions: list[int], a: int, b: int) -> int:
    """How many of the ascending `positions` lie strictly between `a` and `b`."""
    low, high = min(a, b), max(a, b)
    if high - low < 2:
        return 0
    return bisect.bisect_left(positions, high) - bisect.bisect_right(positions, low)


class _DocFacts:
    """What `EventBuilder._event` reads of the whole document, worked out once for all its
    events: the token positions of dates, the ascending starts of the event words of other
    types than PROTEST, all actor mentions by sentence, and (filled as events ask, by
    `_features`) each sentence's word features."""

    def __init__(self, doc: Doc, starts: list[int]):
        self.dated = {i for m in doc._.dates or () for i in range(m.token_start, m.token_end)}
        self.other_events = sorted(t.start for t in doc._.event_triggers or []
                                   if t.event_sense is not None
                                   and t.event_sense.type != "PROTEST")
        self.mentions = _buckets(doc._.actor_mentions or [], starts, lambda m: m.start)
        # the token positions of weapon words that are no event words ("صاروخا", "قذائف")
        self.weapons = {i for t in doc._.event_triggers or [] if t.mode_cue is not None
                        and t.event_sense is None for i in range(t.start, t.end)}
        self.words: dict[int, tuple[list[str], dict[str, float]]] = {}


def _the_one(values: set[Any]) -> Any:
    """The value when all agree on one, else None."""
    return values.pop() if len(values) == 1 else None


def _phrase_target(doc: Doc, start: int, end: int) -> dict[str, Any]:
    """A target no actor entry names: the words of tokens `start`..`end`, `"phrase": true`."""
    start_char, end_char, text = span_chars(doc, start, end)
    return {"text": text, "name": None, "sector": None, "country": None,
            "start": start_char, "end": end_char, "confidence": OBJECT_CONFIDENCE,
            "phrase": True}


def _across_comma(doc: Doc, start: int, end: int) -> bool:
    """A comma stands among the tokens [start, end)."""
    return any(n in (",", "،") for n in doc_norms(doc)[start:end])


def _disclaimed(breaks: list[tuple[int, str]], trigger: int) -> bool:
    """A claim not made ("did not claim", "لم يتبن", kind "disclaimer") stands before the event
    word at `trigger` in its clause (no "but" between): no mention before the event word is its
    actor or target, the claimant written before the verb or after it ("لم يتبن تنظيم داعش
    الهجوم"), nor is the sentence's speaker ("The group has not claimed the bombing")."""
    return any(kind == "disclaimer" and at < trigger and not any(
        at < other < trigger for other, k in breaks if k == "break") for at, kind in breaks)


def _claimant(mentions: list[ActorMention], claims: list[tuple[int, int, str]]
              ) -> ActorMention | None:
    """The named party making one of `claims` (token spans): right before it, or one word
    before ("ISIS later claimed responsibility"), right after it ("وتبنى تنظيم داعش") or
    inside it ("أعلن تنظيم داعش مسؤوليته")."""
    return next((m for s, e, _ in claims for m in mentions if m.entity is not None
                 and (s - 1 <= m.end <= s or m.start == e or s < m.start and m.end <= e)), None)


def _dated_apart(a: Any, b: Any) -> bool:
    """Two date mentions (or None) whose resolved ranges do not meet."""
    if a is None or b is None:
        return False
    return (a.end_date or a.start_date) < b.start_date or (b.end_date or b.start_date) < a.start_date


def _claim_words(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Clause breaks, claims and claims not made as (start, end, kind), from the matches of
    `RoleLexicon.clause_breaks`: an announcer ("أعلن", "لم يعلن") is a claim ("claim",
    "disclaimer") up to a responsibility word that follows it within CLAIM_REACH words ("لم
    يعلن تنظيم داعش مسؤوليته"), else nothing, like a responsibility word on its own."""
    nouns = [(s, e) for s, e, kind in found if kind == "responsibility"]
    out = []
    for s, e, kind in found:
        if kind in ("announcer", "negated_announcer"):
            noun = next((ne for ns, ne in nouns if e <= ns <= e + CLAIM_REACH), None)
            if noun is not None:
                out.append((s, noun, "claim" if kind == "announcer" else "disclaimer"))
        elif kind != "responsibility":
            out.append((s, e, kind))
    return out


def _across_clause(breaks: list[tuple[int, str]], mention: int, trigger: int) -> bool:
    """A clause break stands between a mention and an event word (token starts); one that goes
    on with the same subject ("but it", "لكنه", kind "same_subject") cuts off only what
    follows it from an event before it. Claims (not) made are no breaks (see `_disclaimed`)."""
    if not breaks:
        return False
    low, high = min(mention, trigger), max(mention, trigger)
    return any(low < at < high and (kind == "break" or mention > trigger)
               for at, kind in breaks if kind in ("break", "same_subject"))


def _inside(span: tuple[int, int] | None, item: Any) -> bool:
    """`item` lies within the longer token span `span`."""
    if span is None:
        return False
    s, e = span
    return s <= item.start and item.end <= e and (e - s) > (item.end - item.start)


def _without_events(t: TriggerMention) -> TriggerMention:
    return TriggerMention(t.start, t.end, t.start_char, t.end_char, t.text,
                          tuple(s for s in t.senses if s.role != "trigger"), t.stripped)


def _definite(doc: Doc, t: TriggerMention) -> bool:
    """"الغارات", "the strikes": a trigger that refers back to an event already told."""
    norms = doc_norms(doc)
    if norms[t.start].lstrip("وف").startswith("ال"):
        return True
    return t.start > 0 and norms[t.start - 1] in ("the", "this", "these", "that")


def _coordinated(doc: Doc, t: TriggerMention) -> bool:
    """"والتعذيب", "and torture": a trigger joined to the word before it."""
    norms = doc_norms(doc)
    return norms[t.start].startswith("و") or t.start > 0 and norms[t.start - 1] in ("and", "or")


def _definite_word(norm: str) -> bool:
    """"الاعتداء", "بالهجوم", "وللتفجير": an Arabic noun with the article after its clitics."""
    word = norm.lstrip("وف")
    return word.startswith(("ال", "بال", "لل", "كال"))


def _plural_noun(last: str, head: str) -> bool:
    """"هجمات", "الاغتيالات", "attacks": a plural event noun (Arabic sound feminine plural;
    English -s). "عمليات" heads are plural whatever follows."""
    words = (last, head)
    return any(w.endswith(("ات", "اتها", "اته", "اتهم")) for w in words) or \
        (last.isascii() and last.endswith("s") and not last.endswith("ss"))


def _same(a: Argument | None, b: Argument | None) -> bool:
    """Both arguments are the same mention (one draft's actor is another's target)."""
    return a is not None and b is not None and a.mention.start_char == b.mention.start_char


def _phrase_subject(t: TriggerMention, m: ActorMention) -> bool:
    """`m` is the attacker named inside the attack phrase `t` after its verb ("فجر انتحاري",
    "وفجر المهاجمون"): an armed generic party (gunmen, attackers, suicide bombers), or the
    weapon the phrase ends on made a state's forces by the adjective after it ("أطلقت قذيفة
    مدفعية تركية", "سقط صاروخ إسرائيلي")."""
    sense = t.event_sense
    if sense is None or sense.type != "ASSAULT" or t.start >= m.start or m.entity is None:
        return False
    if m.composed and m.entity.kind == "forces" and m.start < t.end < m.end:
        return True
    return sense.pos == "phrase" and m.end <= t.end and \
        m.entity.kind == "generic" and m.entity.sector in ARMED_SECTORS


def _armed(entity: Actor | None) -> bool:
    """A speaker who may be the author of the attack it reports: a curated force, coalition
    or group; not a state's ministry or envoy ("وزارة الخارجية الأمريكية" composes into US
    forces of the government sector), nor a converted UniversalPetrarch entry (a rank or a
    title: "جنرال")."""
    return entity is not None and entity.kind in ARMED_KINDS and entity.origin == "marsad" \
        and (entity.kind != "forces" or entity.sector in ARMED_SECTORS)


def _generic(arg: Argument) -> bool:
    entity = arg.mention.entity
    return entity is None or entity.kind in ("generic", "head")


def _argument(doc: Doc, m: ActorMention, members: list[ActorMention],
              confidence: float) -> Argument:
    members = members if len(members) > 1 else []
    mems = members or [m]
    text = doc_text(doc)[min(x.start_char for x in mems): max(x.end_char for x in mems)]
    return Argument(m, members, confidence, text=text)


def _counted_nationals(doc: Doc, victims: list[Any], quantities: list[Any]) -> list[ActorMention]:
    """Counted nationality nouns of a sentence ("آلاف الإسرائيليين", "سبعة باكستانيين") as
    mentions of civilians of their country. In: the sentence's victim mentions and
    quantities (`CasualtyFinder.victims`, `quantities_of`)."""
    counted = {q.noun_start for q in quantities}
    out = []
    for v in victims:
        if v.victim.national and v.start in counted:
            start_char, end_char, text = span_chars(doc, v.start, v.end)
            people = Actor(id=f"nationals:{v.victim.country}", name="civilians", sector="CVL",
                           country=v.victim.country, kind="generic")
            out.append(ActorMention(v.start, v.end, start_char, end_char, text, people))
    return out


def _promote(m: ActorMention) -> ActorMention:
    """A nationality adjective standing for its state ("الضربات الأمريكية" -> United States)."""
    return ActorMention(m.start, m.end, m.start_char, m.end_char, m.text, m.nisba, None, m.prefix)


def _buckets(items: list[Any], starts: list[int], position: Any) -> list[list[Any]]:
    """`items` grouped by the sentence (whose first positions are `starts`) they fall in."""
    out: list[list[Any]] = [[] for _ in starts]
    for item in items:
        i = bisect.bisect_right(starts, position(item)) - 1
        if i >= 0:
            out[i].append(item)
    return out


def _new_paragraph(doc: Doc, a: Span, b: Span) -> bool:
    """True when a line break separates sentence `a` from the later sentence `b`."""
    return "\n" in doc_text(doc)[a.start_char: b.start_char]


class SplitTriggerTagger:
    """Verb phrases with the subject between verb and object ("أطلقت طائرة حربية صواريخ على",
    "لقي أربعة جنود حتفهم"; `data/split_verbs.yaml`). In: a doc with `doc._.event_triggers`
    and `doc._.actor_mentions` (a subject right after the verb allows a longer gap); out: a
    trigger added on each such verb that no trigger covers yet."""

    def __init__(self, lang: str, data: dict[str, Any] | None = None):
        self.lang = "ar" if lang == "ar" else "en"
        if data is None:  # the shipped file, built once and kept in the lexicon cache
            (self.gap, self.long_gap, self.heads, self.objects, self.entries,
             self.belonging) = cached_build(
                f"split_verbs_{self.lang}",
                lambda: _split_verb_matchers(load_data("split_verbs.yaml"), self.lang))
        else:
            self.gap, self.long_gap, self.heads, self.objects, self.entries, self.belonging = \
                _split_verb_matchers(data, self.lang)

    def __call__(self, doc: Doc) -> Doc:
        heads = self.heads(doc) if len(self.heads) else []
        if not heads:
            return doc
        triggers = list(doc._.event_triggers or [])
        covered = {i: t.event_sense.type for t in triggers if t.event_sense is not None
                   for i in range(t.start, t.end)}
        objects = self.objects(doc)  # left to right, not overlapping
        object_starts = [obj.start for obj in objects]
        names = {m.start: m.end for m in doc._.actor_mentions or []}
        # a subject: an actor, or the weapon that fires ("أطلقت مروحية", "طائرة بدون طيار")
        subjects = {t.start: t.end for t in triggers if t.mode_cue is not None
                    and t.event_sense is None} | names
        norms = doc_norms(doc)
        added, dropped = [], []  # dropped: (start, end, types) of the triggers replaced
        for head in heads:
            held = covered.get(head.start)
            long_reach = head.end  # how far a subject right after the verb lets it reach
            subject_end = subjects.get(head.end)
            if subject_end is None and head.end + 1 < len(doc):  # "طائرة" + "بدون طيار"
                subject_end = subjects.get(head.end + 1)
            if subject_end is not None and self.long_gap > self.gap:
                # a purpose clause ("لجمع التبرعات") ends the reach; an actor's name or a
                # word after "تابعة" with a genitive لـ ("تابعة للجيش", "لوكالة") does not
                purpose = next((i for i in range(subject_end, head.end + self.long_gap)
                                if i < len(doc) and i not in names
                                and norms[i - 1] not in self.belonging
                                and norms[i].lstrip("وف").startswith("ل")),
                               head.end + self.long_gap)
                long_reach = min(head.end + self.long_gap, purpose)
            reach = max([long_reach] + [head.end + self._gap(e) for e, _ in head.payloads])
            for k in range(bisect.bisect_left(object_starts, head.end), len(objects)):
                obj = objects[k]
                if obj.start > reach:
                    break
                gap = doc[head.end: obj.start]
                # no punctuation between, but for a hyphen inside a word ("a four-day strike")
                if any(tok.is_sent_end or tok.is_punct and not (
                        tok.text == "-" and not tok.nbor(-1).whitespace_) for tok in gap) or any(
                        i in covered for i in range(head.end, obj.start)):
                    continue
                fits = {entry for entry, _ in head.payloads if entry in obj.payloads
                        and (held is None or held in self._replaces(entry))
                        and obj.start <= max(long_reach, head.end + self._gap(entry))}
                if fits:
                    senses = tuple(sense for entry, sense in head.payloads if entry in fits)
                    span = doc[head.start: head.end]
                    acted_upon = any(self.entries.get(e, {}).get("object_is_target") for e in fits)
                    added.append(TriggerMention(head.start, head.end, span.start_char,
                                                span.end_char, span.text, senses, head.stripped,
                                                obj.start if acted_upon else None,
                                                (obj.start, obj.end)))
                    replaced = {kind for entry in fits for kind in self._replaces(entry)}
                    if replaced:
                        dropped.append((head.start, obj.end, replaced))
                    break
        if dropped:
            triggers = [t for t in triggers if t.event_sense is None or not any(
                start <= t.start < end and t.event_sense.type in kinds
                for start, end, kinds in dropped)]
        if added:
            doc._.event_triggers = sorted(triggers + added, key=lambda t: (t.start, t.end))
        return doc

    def _gap(self, entry: int) -> int:
        return self.entries.get(entry, {}).get("gap", self.gap)

    def _replaces(self, entry: int) -> frozenset[str]:
        return self.entries.get(entry, {}).get("replaces", frozenset())


def _split_verb_matchers(data: dict[str, Any], lang: str
                         ) -> tuple[int, int, TermMatcher, TermMatcher, dict[int, dict[str, Any]],
                                    frozenset[str]]:
    """From `split_verbs.yaml` data: the gaps allowed (plain, after a subject), the verbs
    (payload: entry index and sense) and the objects (payload: entry index) of `lang`,
    each entry's own options (entry index -> "gap": its gap, "replaces": event types) and
    the words of belonging after which a لـ is genitive (normalised)."""
    heads, objects = TermMatcher(), TermMatcher()
    options: dict[int, dict[str, Any]] = {}
    for i, entry in enumerate(data.get("entries") or []):
        if entry.get("replaces"):
            options.setdefault(i, {})["replaces"] = frozenset(entry["replaces"])
        if entry.get("gap") is not None:
            options.setdefault(i, {})["gap"] = int(entry["gap"])
        if entry.get("object_is_target"):
            options.setdefault(i, {})["object_is_target"] = True
        block = entry.get(lang) or {}
        for head in block.get("heads") or []:
            head = str(head)
            forms = expand_phrases({lang: {"verbs": [head]}}, lang) \
                if "/" in head or lang == "en" else [(head, "past")]
            for form, tense in forms:
                sense = Sense("trigger", entry["type"], entry.get("mode"), entry.get("context"),
                              entry.get("kills"), float(entry.get("weight", 1.0)), "verb", tense)
                heads.add(phrase_key(form, lang), (i, sense))
        for noun in block.get("nouns") or []:  # verbal nouns, as written: "إطلاق"
            sense = Sense("trigger", entry["type"], entry.get("mode"), entry.get("context"),
                          entry.get("kills"), float(entry.get("weight", 1.0)), "noun", None)
            heads.add(phrase_key(str(noun), lang), (i, sense))
        for obj in block.get("objects") or []:
            objects.add(phrase_key(str(obj), lang), i)
    gap = int(data.get("gap", 4))
    belonging = frozenset(phrase_key(str(w), lang)[0]
                          for w in (data.get("belonging") or {}).get(lang) or [])
    return gap, int(data.get("long_gap", gap)), heads, objects, options, belonging


class CircumfixNegation:
    """Egyptian and Levantine negation ما ...ش ("ماهاجمتش", "ما ضربوش الموقع"). In: a doc
    with `doc._.event_triggers` and `doc._.modality_cues`; out: the verb inside, when its
    stem is a trigger verb, added as a trigger with a "negated" cue right before it."""

    CUE = Cue("negated", 1, None, "negated")

    def __init__(self, lang: str, triggers: TriggerLexicon | None = None):
        self.lang = lang
        self.triggers = triggers or TriggerLexicon.default()
        self._shin_endings = PassingWords()  # the words `_ends_in_shin`

    def __call__(self, doc: Doc) -> Doc:
        if self.lang != "ar":
            return doc
        added, cues = [], []
        forms = doc_forms(doc)
        covered = {i for t in doc._.event_triggers or [] for i in range(t.start, t.end)}
        for i in token_positions(doc, self._shin_endings, _ends_in_shin):
            written = forms[i][0]
            if i in covered:
                continue
            norm = written.lstrip("وف") if len(written) > 4 else written
            if norm.startswith("ما") and len(norm) > 4:
                stem = norm[2:-1]
            elif i > 0 and forms[i - 1][0].lstrip("وف") == "ما":
                stem = norm[:-1]
            else:
                continue
            senses = self._senses(stem)
            if senses:
                tok = doc[i]
                added.append(TriggerMention(i, i + 1, tok.idx, tok.idx + len(tok.text),
                                            tok.text, senses))
                cues.append(CueMention(i, i, "ما...ش", self.CUE))
        if added:
            doc._.event_triggers = sorted(list(doc._.event_triggers or []) + added,
                                          key=lambda t: (t.start, t.end))
            doc._.modality_cues = sorted(list(doc._.modality_cues or []) + cues,
                                         key=lambda c: (c.start, c.end))
        return doc

    def _senses(self, stem: str) -> tuple[Sense, ...]:
        """Event senses of a verb stem; "ضربو" is written for "ضربوا"."""
        for form in (stem, stem + "ا") if stem.endswith("و") else (stem,):
            senses = tuple(s for s in self.triggers.senses(form, "ar")
                           if s.role == "trigger" and s.pos == "verb")
            if senses:
                return senses
        return ()


def _ends_in_shin(norm: str) -> bool:
    return norm.endswith("ش")


class EventExtractor:
    """The "marsad_events" component: annotates actors, triggers and attribution, then events."""

    def __init__(self, lang: str):
        self.lang = "ar" if lang == "ar" else "en"
        self.actors = ActorTagger(self.lang)
        self.triggers = TriggerTagger(self.lang)
        self.split_triggers = SplitTriggerTagger(self.lang)
        self.negation = CircumfixNegation(self.lang)
        self.attribution = AttributionTagger(self.lang)
        self.builder = EventBuilder(self.lang)

    def __call__(self, doc: Doc) -> Doc:
        self.actors(doc)
        self.triggers(doc)
        self.split_triggers(doc)
        self.negation(doc)
        self.attribution(doc)
        doc._.events = self.builder(doc)
        return doc


@Language.factory("marsad_events")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp.lang)


__all__ = ["Actor", "Event", "EventBuilder", "EventExtractor"]
