"""Attribution: who says what, as a chain outlet -> cited source -> original speaker.

`ReportLexicon` loads `data/reporting.yaml` (reporting verbs, "according to"-type phrases,
"he added"-type continuations). `AttributionTagger` reads each sentence's reporting cues with
the actor mentions around them and writes `doc._.attributions`, a list of `Frame`s:

    وقالت مصادر استخباراتية لمجلة "نيوزويك" ...  -> Newsweek (outlet), intelligence sources (source)
    ..., the Syrian Observatory for Human Rights said  -> SOHR (source)
    وأضاف : "..."                                     -> the previous frame's parties

An event takes the frame of its sentence whose cue is nearest before its trigger (or, for a
trailing "..., X said", the one after it).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from marsad.events.actors import ActorMention
from marsad.events.lexicon import (
    cached_build,
    cue_forms,
    doc_norms,
    load_data,
    phrase_key,
    span_chars,
)
from marsad.text.matcher import TermMatcher

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)

OUTLET_KINDS = frozenset({"outlet", "platform"})
SOURCE_KINDS = frozenset({"source", "monitor", "organization"})
_BOUNDARY = {",", "،", ":", '"', "«", "»", "“", "”", ".", ";", "(", ")", "-"}
COMPLEMENTIZERS = {"ان", "انه", "انها", "بان", "that", "إن"}


@dataclass
class Party:
    """One link of an attribution chain."""

    text: str
    name: str | None
    role: str  # outlet, source, speaker
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "role": self.role, "start": self.start,
                "end": self.end}


@dataclass
class Frame:
    """A reporting cue with its parties, scoped to one sentence."""

    cue_start: int  # tokens
    cue_end: int
    sent_start: int
    sent_end: int
    cue: str
    parties: list[Party] = field(default_factory=list)
    said_start: int | None = None  # token of the "أن/إن/that" that opens what was said

    def chain(self) -> list[Party]:
        order = {"outlet": 0, "source": 1, "speaker": 2}
        return sorted(self.parties, key=lambda p: order.get(p.role, 3))


class ReportLexicon:
    """Reporting cues per language: payload is "verb", "prep" or "continue"."""

    def __init__(self, data: dict[str, Any]):
        self.matchers = {"ar": TermMatcher(), "en": TermMatcher()}
        for kind in ("verbs", "preps", "continues"):
            for lang in ("ar", "en"):
                for phrase, _ in cue_forms((data.get(kind) or {}).get(lang), lang):
                    self.matchers[lang].add(phrase_key(phrase, lang), kind.rstrip("s"))

    @classmethod
    def default(cls) -> ReportLexicon:
        return _default_reports()

    def matcher(self, lang: str) -> TermMatcher:
        return self.matchers["ar" if lang == "ar" else "en"]


@lru_cache(maxsize=1)
def _default_reports() -> ReportLexicon:
    return cached_build("reporting", lambda: ReportLexicon(load_data("reporting.yaml")))


def party_of(m: ActorMention, role: str | None = None) -> Party:
    entity = m.entity
    kind = entity.kind if entity else None
    if role is None:
        if kind in OUTLET_KINDS:
            role = "outlet"
        elif kind in SOURCE_KINDS:
            role = "source"
        else:
            role = "speaker"
    return Party(m.text, entity.name if entity else None, role, m.start_char, m.end_char)


class AttributionTagger:
    """Writes `doc._.attributions`: the reporting frames of each sentence."""

    SPEAKER_AFTER = 4  # tokens after an Arabic verb (or English inverted "said X")
    SPEAKER_BEFORE = 8  # tokens before a verb (SVO, English)

    def __init__(self, lang: str, lexicon: ReportLexicon | None = None):
        self.lang = lang
        self.lexicon = lexicon or ReportLexicon.default()

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[ActorMention] = doc._.actor_mentions or []
        blocked = [(t.start, t.end) for t in (doc._.event_triggers or [])
                   if t.event_sense and t.event_sense.type == "MOBILIZE"]
        frames: list[Frame] = []
        cues = [m for m in self.lexicon.matcher(self.lang)(doc)
                if not any(s <= m.start and m.end <= e and (e - s) > (m.end - m.start)
                           for s, e in blocked)]
        sents = list(doc.sents)
        by_sent: dict[int, list[ActorMention]] = {}
        starts = [s.start for s in sents]
        for m in mentions:
            by_sent.setdefault(bisect.bisect_right(starts, m.start) - 1, []).append(m)
        si = 0
        for match in cues:
            while si < len(sents) and sents[si].end <= match.start:
                si += 1
            if si >= len(sents):
                break
            sent = sents[si]
            kind = match.payloads[0]
            frame = Frame(match.start, match.end, sent.start, sent.end,
                          span_chars(doc, match.start, match.end)[2])
            in_sent = by_sent.get(si, [])
            if kind == "prep":
                self._prep(doc, frame, in_sent)
            else:
                self._verb(doc, frame, in_sent, sent)
            if not frame.parties and (kind == "continue" or kind == "verb"):
                previous = self._previous(frames, sent)
                if previous is not None:
                    frame.parties = list(previous.parties)
            if frame.parties:
                frames.append(frame)
        doc._.attributions = frames
        return doc

    @staticmethod
    def _previous(frames: list[Frame], sent: Span) -> Frame | None:
        """The frame a continuation refers to: in this sentence, else the sentence before."""
        for frame in reversed(frames):
            if frame.sent_start == sent.start:
                return frame
        return frames[-1] if frames and frames[-1].sent_end >= sent.start - 1 else None

    def _prep(self, doc: Doc, frame: Frame, mentions: list[ActorMention]) -> None:
        after = [m for m in mentions if 0 <= m.start - frame.cue_end <= 2]
        if after:
            frame.parties.append(party_of(after[0]))
            self._outlet_after(doc, frame, after[0], mentions)
            return
        raw = self._raw_speaker(doc, frame.cue_end, frame.sent_end)
        if raw is not None:
            frame.parties.append(raw)

    def _verb(self, doc: Doc, frame: Frame, mentions: list[ActorMention], sent: Span) -> None:
        # what follows "أن/إن/that" is what was said, not who said it
        norms = doc_norms(doc)
        said = frame.said_start = next(
            (i for i in range(frame.cue_end, sent.end) if norms[i] in COMPLEMENTIZERS), None)
        limit = said if said is not None and said < frame.cue_end + self.SPEAKER_AFTER + 2 \
            else sent.end
        after = [m for m in mentions if frame.cue_end <= m.start < limit
                 and self._gap(doc, frame.cue_end, m.start) <= self.SPEAKER_AFTER]
        before = [m for m in mentions if 0 <= frame.cue_start - m.end <= self.SPEAKER_BEFORE]
        speaker: ActorMention | None = None
        if self.lang == "ar":
            candidates = [m for m in after if not self._dative(m, doc)]
            if candidates and self._gap(doc, frame.cue_end, candidates[0].start) <= 2:
                speaker = candidates[0]
            else:
                raw = self._raw_speaker(doc, frame.cue_end, sent.end)
                if raw is not None:
                    frame.parties.append(raw)
                    rest = [m for m in mentions if m.start_char >= raw.end]
                    self._outlet_dative(doc, frame, rest[:2])
                    return
                if before and frame.cue_start - before[-1].end <= 3:
                    speaker = before[-1]
                elif candidates:
                    speaker = candidates[0]
        else:
            if before:
                speaker = before[-1]
            elif after and self._gap(doc, frame.cue_end, after[0].start) <= 1:
                speaker = after[0]
        if speaker is not None:
            frame.parties.append(party_of(speaker))
            self._outlet_after(doc, frame, speaker, mentions)
            return
        raw = self._raw_speaker(doc, frame.cue_end, sent.end) if self.lang == "ar" else None
        if raw is not None:
            frame.parties.append(raw)
            rest = [m for m in mentions if m.start_char >= raw.end]
            self._outlet_dative(doc, frame, rest[:2])

    def _outlet_after(self, doc: Doc, frame: Frame, speaker: ActorMention,
                      mentions: list[ActorMention]) -> None:
        """"قالت مصادر لمجلة نيوزويك", "told Reuters": the outlet after the speaker or verb."""
        near = [m for m in mentions if m is not speaker and
                0 <= m.start - max(speaker.end, frame.cue_end) <= 4]
        self._outlet_dative(doc, frame, near)
        if self.lang == "en" and frame.cue.lower().startswith("told"):
            for m in mentions:
                if 0 <= m.start - frame.cue_end <= 1 and m is not speaker and \
                        not any(p.start == m.start_char for p in frame.parties):
                    frame.parties.append(party_of(m, "outlet"))

    def _outlet_dative(self, doc: Doc, frame: Frame, near: list[ActorMention]) -> None:
        for m in near:
            entity = m.entity
            if entity is None or entity.kind not in OUTLET_KINDS:
                continue
            if self.lang != "ar" or self._dative(m, doc):
                if not any(p.start == m.start_char for p in frame.parties):
                    frame.parties.append(party_of(m, "outlet"))
                return

    @staticmethod
    def _dative(m: ActorMention, doc: Doc) -> bool:
        """"لمجلة نيوزويك", "لـ"نيوزويك"", "لوكالة رويترز": the outlet was told."""
        if m.prefix.lstrip("وف").startswith("ل"):
            return True
        norms = doc_norms(doc)
        i = m.start
        while i > 0 and norms[i - 1] in _BOUNDARY:
            i -= 1
        if i > 0:
            prev = norms[i - 1]
            return prev.startswith(("ل", "ول")) and len(prev) <= 8 and prev not in ("لكن", "لم", "لن")
        return False

    @staticmethod
    def _gap(doc: Doc, start: int, end: int) -> int:
        """Tokens between `start` and `end`, not counting quotes and brackets."""
        return sum(1 for norm in doc_norms(doc)[start:end] if norm not in _BOUNDARY)

    @staticmethod
    def _raw_speaker(doc: Doc, start: int, stop: int) -> Party | None:
        """A speaker not in the lexicon: a few words after the verb, closed by punctuation."""
        norms = doc_norms(doc)
        i = start
        while i < stop and norms[i] in _BOUNDARY:
            i += 1
        j = i
        while j < stop and j - i < 4 and norms[j] not in _BOUNDARY \
                and norms[j] not in COMPLEMENTIZERS and doc[j].is_alpha:
            j += 1
        if j == i or j >= stop or norms[j] not in _BOUNDARY:
            return None
        start_char, end_char, text = span_chars(doc, i, j)
        return Party(text, None, "speaker", start_char, end_char)


def frame_for(frames: list[Frame], token: int, sent: Span) -> Frame | None:
    """The frame of `sent` governing a trigger at `token`: nearest cue before, else after."""
    in_sent = [f for f in frames if f.sent_start == sent.start]
    before = [f for f in in_sent if f.cue_start <= token]
    if before:
        return before[-1]
    return in_sent[0] if in_sent else None
