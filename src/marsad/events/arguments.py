"""Event arguments: roles of actor mentions, casualties, and the choice of actor and target.

- `RoleLexicon` (`data/roles.yaml`): words that mark the next actor as target ("ضد", "on"),
  agent ("على يد", "by"), place ("في سوريا"), modifier ("بقيادة", "led by") or topic ("حول").
- `VictimLexicon` (`data/victims.yaml`): nouns a casualty figure may count, with their victim
  group, the number one word names (مدني 1, طفلين 2, أطفال unknown) and, for قتلى/جرحى, the
  casualty kind the word itself says; and Arabic nationality nouns (`nationality_victims`:
  "تسعة عراقيين", "قتل عراقيان", "قتل ... فلسطينيا"), victims of unknown group.
- `CasualtyFinder`: casualty mentions of a sentence, from killing/injuring words, victim nouns
  and the quantities of `doc._.quantities` (a number counts a victim only when its noun is one:
  "695 تقريرا", "500 عنصر" deployed and "3 أيام" are not casualties).
- `actor_base` / `target_base`: how fit an actor mention is to be an event's actor or target
  (the base of `EventBuilder`'s scores).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from marsad.events.actors import ARMED_SECTORS, SPEAKING_KINDS, ActorMention
from marsad.events.lexicon import (
    cached_build,
    cue_forms,
    doc_forms,
    doc_norms,
    load_data,
    phrase_key,
    span_chars,
    token_chars,
)
from marsad.events.triggers import TriggerMention
from marsad.text.matcher import TermMatcher
from marsad.text.normalizer import doc_text

ROLES = ("target", "agent", "locative", "modifier", "population", "topic", "consequence",
         "undergo", "subject")
GROUPS = ("civilians", "children", "women", "combatants", "unknown")
KINDS = ("killed", "injured", "missing", "abducted", "arrested")

# quotes, brackets and dashes a name or phrase may stand between
QUOTES = {'"', "'", "«", "»", "“", "”", "(", ")", "-", "ـ"}


# ---------------------------------------------------------------------------------------------
# roles


def phrase_sets(data: dict[str, Any], key: str) -> dict[str, set[str]]:
    """`data[key]`'s phrases per language ("ar", "en"), as normalised keys."""
    return {lang: {" ".join(phrase_key(str(p), lang)) for p in (data.get(key) or {}).get(lang) or []}
            for lang in ("ar", "en")}


class RoleLexicon:
    """Role-marking words per language."""

    def __init__(self, data: dict[str, Any]):
        self.matchers = {"ar": TermMatcher(), "en": TermMatcher()}
        # the words that open and end an object phrase (an unnamed target)
        self.object_markers = phrase_sets(data, "object_markers")
        self.object_stops = phrase_sets(data, "object_stops")
        self.object_ends = phrase_sets(data, "object_ends")
        # words between an agent marker and the party it marks ("على أيدي رجال مسلحين")
        self.agent_heads = phrase_sets(data, "agent_heads")
        # words after which a clause with its own subject starts ("أن", "إن")
        self.subject_words = phrase_sets(data, "subject")
        # a word before victims that are part of those just counted ("بينهم نساء")
        self.subset_markers = phrase_sets(data, "subset_markers")
        # a count word an object phrase goes on after with "من" ("مجموعة من المتمردين")
        self.partitive_heads = phrase_sets(data, "partitive_heads")
        # a pronoun right before an event verb that stands for the speaker ("أنه قتل")
        self.pronoun_subjects = phrase_sets(data, "pronoun_subjects")
        # after an Arabic casualty verb, words that make it passive before an attack word
        self.passive_links = phrase_sets(data, "passive_links")
        # clause breaks ("but", "لكن": payload "break"; "but it", "لكنه": "same_subject"),
        # phrases that start like one but are none ("فيما يتعلق": None) and claims not made
        # ("did not claim", "لم يتبن": "disclaimer"), claims made ("claim") and the words of
        # a claim told in parts ("لم يعلن ... مسؤوليته"); the longest match wins
        self.clause_breaks = {"ar": TermMatcher(), "en": TermMatcher()}
        for key, kind in (("clause_breaks", "break"), ("same_subject_breaks", "same_subject"),
                          ("not_clause_breaks", None), ("disclaimers", "disclaimer"),
                          ("claims", "claim"), ("announcers", "announcer"),
                          ("negated_announcers", "negated_announcer"),
                          ("responsibility", "responsibility")):
            for lang in ("ar", "en"):
                for phrase, _ in cue_forms((data.get(key) or {}).get(lang), lang):
                    self.clause_breaks[lang].add(phrase_key(phrase, lang), kind)
        for role in ROLES:
            for lang in ("ar", "en"):
                for phrase, _ in cue_forms((data.get(role) or {}).get(lang), lang):
                    self.matchers[lang].add(phrase_key(phrase, lang), role)

    @classmethod
    def default(cls) -> RoleLexicon:
        return _default_roles()

    def matcher(self, lang: str) -> TermMatcher:
        return self.matchers["ar" if lang == "ar" else "en"]


@lru_cache(maxsize=1)
def _default_roles() -> RoleLexicon:
    return cached_build("roles", lambda: RoleLexicon(load_data("roles.yaml")))


def role_marks(doc: Doc, lexicon: RoleLexicon, lang: str) -> dict[int, str]:
    """Token index where a role marker ends -> its role (the marker governs what follows); an
    agent marker also governs past a word of `agent_heads` ("على أيدي رجال مسلحين")."""
    marks: dict[int, str] = {}
    heads = lexicon.agent_heads["ar" if lang == "ar" else "en"]
    norms = doc_norms(doc) if heads else []
    for match in lexicon.matcher(lang)(doc):
        marks[match.end] = match.payloads[0]
        if match.payloads[0] == "agent" and match.end < len(doc) and norms[match.end] in heads:
            marks.setdefault(match.end + 1, "agent")
    return marks


def mention_role(doc: Doc, m: ActorMention, marks: dict[int, str], lang: str) -> str | None:
    """The role a marker right before `m` gives it (quotes skipped), or a locative clitic."""
    norms = doc_norms(doc)
    i = m.start
    while i > 0 and norms[i - 1] in QUOTES:
        i -= 1
    role = marks.get(i)
    if role is None and i > 0 and norms[i - 1] in ("ال", "the"):
        role = marks.get(i - 1)
    if role is None and lang == "ar" and m.prefix:
        bare = m.prefix[1:] if m.prefix[:1] in ("و", "ف") else m.prefix
        if bare.startswith("ب") and m.entity is not None:
            # "بسوريا" is a place; "بالمدفعية" the means, not who fired
            role = "locative" if m.entity.kind in ("state", "region") else "instrument"
    if lang == "en" and m.end < len(doc) and norms[m.end] == "-" and m.end + 1 < len(doc) \
            and norms[m.end + 1] in ("led", "backed", "supported"):
        role = "modifier"
    return role


# ---------------------------------------------------------------------------------------------
# victims and casualties


@dataclass(frozen=True)
class Victim:
    group: str
    count: int | None  # 1, 2, or None for a plural
    kind: str | None = None
    national: bool = False  # a nationality noun ("عراقيين"): a victim only when counted
    country: str | None = None  # its country (nationality nouns)


# Arabic nationality adjective endings (the places gazetteer's forms) -> how many the noun
# names: plural (None), dual (2)
NATIONAL_ENDINGS = {"يين": None, "يون": None, "يان": 2, "يتين": 2}


def nationality_victims(nisba: dict[str, Any], broken_plurals: list[str]
                        ) -> dict[str, tuple[int | None, str | None]]:
    """Arabic nationality nouns that may count victims -> (how many one word names, country):
    the plural and dual forms of the gazetteer's nationality adjectives (`nisba`: form ->
    country), the indefinite accusative singular ("فلسطينيا", the object of "قتل جندي
    فلسطينيا") and the broken plurals listed in `victims.yaml` ("أفغان", no country)."""
    out: dict[str, tuple[int | None, str | None]] = {}
    for form, country in nisba.items():
        ending = next((e for e in NATIONAL_ENDINGS if form.endswith(e)), None)
        if ending is not None:
            out[form] = (NATIONAL_ENDINGS[ending], country)
        elif form.endswith("ي") and not form.startswith("ال"):
            out[form + "ا"] = (1, country)
    out.update(dict.fromkeys(broken_plurals, (None, None)))
    return out


class VictimLexicon:
    """Victim nouns per language."""

    def __init__(self, data: dict[str, Any]):
        self.matchers = {"ar": TermMatcher(), "en": TermMatcher()}
        kinds: dict[str, dict[str, str]] = {"ar": {}, "en": {}}
        for kind, block in (data.get("kinds") or {}).items():
            for lang in ("ar", "en"):
                for phrase in block.get(lang) or []:
                    kinds[lang][" ".join(phrase_key(str(phrase), lang))] = kind
        self.others = phrase_sets(data, "others")
        self.attack_nouns = phrase_sets(data, "attack_nouns")
        self.agent_markers = phrase_sets(data, "agent_markers")
        self.object_starts = phrase_sets(data, "object_starts")
        self.attackers = phrase_sets(data, "attackers")
        self.mixed = phrase_sets(data, "mixed")
        self.suspects = phrase_sets(data, "suspects")
        self.breaks = phrase_sets(data, "breaks")
        for entry in data.get("victims") or []:
            count = entry.get("count")
            count = None if count == "plural" else int(count)
            for lang in ("ar", "en"):
                for phrase in entry.get(lang) or []:
                    key = phrase_key(str(phrase), lang)
                    kind = kinds[lang].get(" ".join(key))
                    self.matchers[lang].add(key, Victim(entry["group"], count, kind))

    @classmethod
    def default(cls) -> VictimLexicon:
        return _default_victims()

    def matcher(self, lang: str) -> TermMatcher:
        return self.matchers["ar" if lang == "ar" else "en"]

    def add_nationals(self, forms: dict[str, tuple[int | None, str | None]]) -> None:
        """Arabic nationality nouns (`nationality_victims`) as victims of unknown group."""
        for form, (count, country) in forms.items():
            self.matchers["ar"].add(phrase_key(form, "ar"),
                                    Victim("unknown", count, None, True, country))


@lru_cache(maxsize=1)
def _default_victims() -> VictimLexicon:
    from marsad.places.gazetteer import default_gazetteer

    data = load_data("victims.yaml")
    lexicon = cached_build("victims", lambda: VictimLexicon(data))
    # the gazetteer is not part of the cache key: its forms are added on each load
    nisba = default_gazetteer().info.get("nisba") or {}
    lexicon.add_nationals(nationality_victims(nisba, (data.get("nationals") or {}).get("ar") or []))
    return lexicon


@dataclass
class VictimMention:
    start: int
    end: int
    victim: Victim
    other: bool = False  # "آخرين", "others": takes the group of the victims before


@dataclass
class Casualty:
    """A casualty figure: kind, victim group, range, and where it was read."""

    kind: str
    group: str
    min: int | None
    max: int | None
    text: str
    start: int  # characters
    end: int
    token: int  # token index of the victim noun or figure (to attach it to an event)
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.kind, "group": self.group, "min": self.min, "max": self.max,
               "text": self.text, "start": self.start, "end": self.end}
        if self.approximate:
            out["approximate"] = True
        return out


@dataclass
class _Qty:
    """The part of a quantity the casualty finder needs (from doc._.quantities)."""

    token_start: int
    token_end: int
    min: int | None
    max: int | None
    approximate: bool
    unknown: bool
    noun_start: int | None  # token index of the counted noun, if any


_DIGITS = re.compile(r"^\d+$")


def char_tokens(doc: Doc, start_char: int, end_char: int) -> tuple[int, int] | None:
    """The token range `(start, end)` of `doc.char_span(start_char, end_char,
    alignment_mode="expand")`, or None where that gives None, without making the `Span`
    (tokens tile the text: each holds its characters and the whitespace after them)."""
    size = len(doc_text(doc))
    if not (0 <= start_char < size and 0 < end_char <= size):
        return None
    starts, ends = token_chars(doc)
    start = bisect_right(starts, start_char) - 1
    end = bisect_right(starts, end_char - 1) - 1
    if start_char == ends[start]:
        start += 1  # the whitespace after a token is not part of it
    return start, end + 1


def quantities_of(doc: Doc) -> list[_Qty]:
    """The doc's quantities (from "marsad_numbers"), or plain digits when it did not run."""
    out: list[_Qty] = []
    if Doc.has_extension("quantities") and doc._.quantities is not None:
        for q in doc._.quantities:
            noun_tok = None
            if getattr(q, "noun_start", None) is not None:
                tokens = char_tokens(doc, q.noun_start, q.noun_end)
                noun_tok = tokens[0] if tokens is not None else None
            out.append(_Qty(q.token_start, q.token_end, q.min, q.max, bool(q.approximate),
                            bool(q.unknown), noun_tok))
        return out
    for tok in doc:
        if _DIGITS.match(tok.norm_):
            value = int(tok.norm_)
            nxt = tok.i + 1 if tok.i + 1 < len(doc) and tok.nbor(1).is_alpha else None
            out.append(_Qty(tok.i, tok.i + 1, value, value, False, False, nxt))
    return out


def _agrees(norms: list[str], start: int, end: int) -> bool:
    """The word before the tokens [start, end) ends as they do ("المسلحين العراقيين",
    "مصورا فرنسيا"): they are its adjective."""
    if start == 0:
        return False
    word, before = norms[end - 1], norms[start - 1]
    ending = word[-1:] if word.endswith("ا") else word[-2:]
    return len(before) > 2 and before.endswith(ending)


class CasualtyFinder:
    """Casualty mentions of one sentence: kind from a cue, group and range from the victims."""

    CUE_AFTER = 8  # how far after a killing word its victims may come
    CUE_BEFORE = 4  # how far before ("five civilians were killed", "مدنيين قتلوا")

    def __init__(self, lang: str, victims: VictimLexicon | None = None,
                 roles: RoleLexicon | None = None):
        self.lang = lang
        self.words_lang = "ar" if lang == "ar" else "en"  # which of the lexicon's word lists
        self.lexicon = victims or VictimLexicon.default()
        self.agent_heads = (roles or RoleLexicon.default()).agent_heads[self.words_lang]

    def victims(self, doc: Doc) -> list[VictimMention]:
        out = []
        lang = self.words_lang
        others, attack_nouns = self.lexicon.others[lang], self.lexicon.attack_nouns[lang]
        norms, forms = doc_norms(doc), doc_forms(doc)
        for match in self.lexicon.matcher(self.lang)(doc):
            if match.start and not attack_nouns.isdisjoint(forms[match.start - 1]):
                continue  # "هجوم انتحاري", "التفجير الانتحاري": an adjective, not a victim
            if match.payloads[0].national and (out and out[-1].end == match.start or
                                               _agrees(norms, match.start, match.end)):
                continue  # "ثلاثة جنود أمريكيين", "صحافيا عراقيا": an adjective
            text = " ".join(norms[match.start: match.end])
            out.append(VictimMention(match.start, match.end, match.payloads[0],
                                     other=text in others or any(f in others for f in
                                                                  forms[match.start])))
        return out

    SUBJECT_GAP = 3  # words between a killing verb's subject and its object ("أمس", "الجيش")

    def _object_after_subject(self, doc: Doc, cue: TriggerMention, after: list[VictimMention],
                              qtys: list[_Qty]) -> int:
        """Arabic verb-subject-object: after an active killing verb, uncounted nouns before an
        object-marked victim noun (counted: "قتلت الشرطة أمس ثمانية متظاهرين", "قتلت عناصر
        الشرطة 8 محتجين", "قتل مهاجم انتحاري 47 شخصا"; or accusative: "قتل شرطي متظاهرا")
        are the verb's subject (who killed), not victims. Not when they are joined ("قتل جندي
        و5 مدنيين") or a preposition or conjunction stands between ("قتل جندي في هجوم ...").
        In: the victim nouns after the verb; out: the index of the first victim (0: all are)."""
        if self.lang != "ar" or len(after) < 2 or \
                not any(s.pos in ("verb", "phrase") for s in cue.senses):
            return 0
        norms = doc_norms(doc)
        first = after[0]
        if first.victim.kind or norms[first.start].startswith("و") or \
                self._quantity_for(first, qtys) is not None:
            return 0
        breaks = self.lexicon.breaks["ar"]
        for k, obj in enumerate(after[1:], 1):
            gap = norms[first.end: obj.start]
            if len(gap) > self.SUBJECT_GAP or norms[obj.start].startswith("و") or any(
                    w in breaks or w in self._JOIN or w.startswith(("و", "ب", "ل")) for w in gap):
                return 0
            accusative = obj.victim.count == 1 and norms[obj.end - 1].endswith("ا")
            if accusative or self._quantity_for(obj, qtys) is not None:
                return k
        return 0

    def __call__(self, doc: Doc, sent: Span, cues: list[TriggerMention],
                 victims: list[VictimMention], quantities: list[_Qty]) -> list[Casualty]:
        """`cues`: the sentence's mentions whose word reports a casualty kind (`kills`)."""
        vics = [v for v in victims if sent.start <= v.start < sent.end]
        qtys = [q for q in quantities if sent.start <= q.token_start < sent.end]
        qty_tokens = {i for q in qtys for i in range(q.token_start, q.token_end)}
        cues = sorted((c for c in cues if c.kills and not self._mixed(doc, c)),
                      key=lambda c: c.start)
        taken: dict[int, str] = {}  # victim start -> kind
        heads: dict[int, int] = {}  # victim start -> start of the first victim of its run
        for c in cues:
            later = [o.start for o in cues if o.start > c.start]
            stop = min(later + [c.end + self.CUE_AFTER + 1, sent.end])
            after = [v for v in vics if c.end <= v.start < stop and v.start not in taken
                     and not self._agent(doc, v)]
            after = after[self._object_after_subject(doc, c, after, qtys):]
            if after:
                run = [after[0]]
                for w in after[1:]:
                    if self._joined(doc, run[-1], w, qty_tokens):
                        run.append(w)
                for v in run:
                    taken[v.start] = c.kills
                    heads[v.start] = run[0].start
                continue
            # a verb's subject may be its victims ("شخصين قتلا", "قتلا" also a noun), unless
            # an object follows it ("Gunmen abducted a photographer")
            if (any(s.pos in ("verb", "phrase") for s in c.senses) or
                    not any(s.pos == "noun" for s in c.senses)) and not self._has_object(doc, c):
                before = [v for v in vics if 0 <= c.start - v.end <= self.CUE_BEFORE
                          and v.start not in taken]
                if before:
                    # "12 civilians, including two children, were killed": the whole run
                    run = [before[-1]]
                    earlier = [v for v in vics if v.end <= run[0].start and v.start not in taken]
                    for v in reversed(earlier):
                        if self._joined(doc, v, run[0], qty_tokens):
                            run.insert(0, v)
                        else:
                            break
                    for v in run:
                        taken[v.start] = c.kills
        for v in vics:
            if v.victim.kind and v.start not in taken:
                taken[v.start] = v.victim.kind

        out: list[Casualty] = []
        skip: set[int] = set()
        last_group: str | None = None  # of the last run's first victims ("بينهم طفلان" is a subset)
        group_at: dict[int, str] = {}
        for v in vics:
            kind = taken.get(v.start)
            if kind is None or v.start in skip:
                continue
            qty = self._quantity_for(v, qtys)
            if qty is None and (v.victim.national and v.victim.count is None or any(
                    q.noun_start == v.start for q in qtys)):
                continue  # "عراقيين" uncounted may be an adjective ("المسلحين العراقيين")
            if self._partitive_whole(doc, v, vics, qtys):
                continue
            group = v.victim.group
            if v.other and last_group:
                group = last_group
            group_at[v.start] = group
            # "قتلى مدنيين", "dead civilians": the kind word, then the group word
            nxt = next((w for w in vics if w.start == v.end), None)
            if v.victim.kind and nxt is not None and nxt.victim.group != "unknown":
                group = nxt.victim.group
                skip.add(nxt.start)
            if qty is not None:
                low, high, approx = qty.min, qty.max, qty.approximate
                start_tok = min(qty.token_start, v.start)
                end_tok = max(v.end, qty.token_end)
            else:
                low = high = v.victim.count
                approx = False
                start_tok, end_tok = v.start, v.end
            start_char, end_char, text = span_chars(doc, start_tok, end_tok)
            out.append(Casualty(kind, group, low, high, text, start_char, end_char, v.start,
                                approx))
            last_group = group_at.get(heads.get(v.start, v.start), group)
        # a bare figure right after a killing word: "killing at least 12", "مقتل 12"
        for q in qtys:
            if q.noun_start is not None and (q.noun_start in taken or any(
                    v.start == q.noun_start for v in vics)):
                continue
            counted_cue = next((c for c in cues if q.noun_start is not None
                                and c.start <= q.noun_start < c.end), None)
            if counted_cue is not None:
                # "Five killed in Kabul blast": the figure counts the victims of the verb
                start_char, end_char, text = span_chars(doc, q.token_start, q.token_end)
                out.append(Casualty(counted_cue.kills, "unknown", q.min, q.max, text,
                                    start_char, end_char, q.token_start, q.approximate))
                continue
            if q.noun_start is not None and doc[q.noun_start].is_alpha and \
                    q.noun_start - q.token_end <= 2:
                continue  # it counts some other noun: "695 تقريرا", "3 أيام"
            cue = next((c for c in cues if 0 <= q.token_start - c.end <= (
                4 if any(s.pos == "noun" for s in c.senses) else 2)), None)
            if cue is None or (q.min is None and not q.unknown):
                continue
            start_char, end_char, text = span_chars(doc, q.token_start, q.token_end)
            out.append(Casualty(cue.kills, "unknown", q.min, q.max, text, start_char, end_char,
                                q.token_start, q.approximate))
        return out

    def _has_object(self, doc: Doc, c: TriggerMention) -> bool:
        """A killing verb followed by its object (a word that opens one, English "a", "the";
        or a number): it is active, and the nouns before it are no victims."""
        if c.end >= len(doc):
            return False
        return doc_norms(doc)[c.end] in self.lexicon.object_starts[self.words_lang] \
            or doc[c.end].like_num

    def _agent(self, doc: Doc, v: VictimMention) -> bool:
        """"killed by gunmen", "على يد مسلحين", "على أيدي رجال مسلحين": the noun after an agent
        marker (and a word of `agent_heads`) did the killing."""
        markers = self.lexicon.agent_markers[self.words_lang]
        norms = doc_norms(doc)
        end = v.start - 1 if v.start and (norms[v.start - 1] == "the" or
                                          norms[v.start - 1] in self.agent_heads) else v.start
        return any(" ".join(norms[max(0, end - n):end]) in markers for n in (1, 2))

    _PARTITIVE: frozenset[str] = frozenset({"من", "of", "of the"})

    def _partitive_whole(self, doc: Doc, v: VictimMention, vics: list[VictimMention],
                         qtys: list[_Qty]) -> bool:
        """"عنصر من الشرطة", "ثلاثة مدنيين من سكان القرية": an uncounted plural noun right
        after a counted victim noun and "من" is the group the victims belong to, not more
        victims."""
        if v.victim.count is not None or v.victim.kind or self._quantity_for(v, qtys):
            return False
        before = next((w for w in vics if v.start - 2 <= w.end <= v.start), None)
        if before is None or before.victim.count is None and \
                self._quantity_for(before, qtys) is None:
            return False
        return " ".join(doc_norms(doc)[before.end: v.start]) in self._PARTITIVE

    _JOIN: frozenset[str] = frozenset({"و", ",", "and", "بينهم", "بينها", "منهم", "ومنهم", "وبينهم", "including", "among",
             "them", "من", "of", "the", "في", "بين", "(", ")", "-"})

    def _joined(self, doc: Doc, a: VictimMention, b: VictimMention, qty_tokens: set[int]) -> bool:
        """`b` continues the victims of `a`: "3 مدنيين بينهم طفلان", "12 civilians, including"."""
        norms = doc_norms(doc)
        gap = range(a.end, b.start)
        if not gap:
            return norms[b.start].startswith("و") and norms[b.start] != "و"
        return all(norms[i] in self._JOIN or i in qty_tokens for i in gap)

    def _mixed(self, doc: Doc, c: TriggerMention) -> bool:
        """"قتل وتشريد الملايين": a killing word joined to displacement gives no toll."""
        mixed = self.lexicon.mixed[self.words_lang]
        norms, forms = doc_norms(doc), doc_forms(doc)
        for i in range(c.end, min(c.end + 2, len(doc))):
            if norms[i] in mixed or any(f in mixed for f in forms[i]):
                return True
        return False

    @staticmethod
    def _quantity_for(v: VictimMention, qtys: list[_Qty]) -> _Qty | None:
        for q in qtys:
            if q.noun_start is not None and v.start <= q.noun_start < v.end:
                return q
            if q.token_end <= v.start and v.start - q.token_end <= 1 and q.noun_start in (None, v.start):
                return q
        if v.victim.kind:
            # a toll: "ارتفع عدد القتلى إلى 15", "the dead rose to 15"
            for q in qtys:
                if 0 < q.token_start - v.end <= 4 and (q.noun_start is None or
                                                        q.noun_start < q.token_start):
                    return q
        return None


# ---------------------------------------------------------------------------------------------
# choosing actor and target


def coordinated_groups(doc: Doc, mentions: list[ActorMention]) -> list[list[ActorMention]]:
    """Runs of mentions joined by و / and / , / أو / or: "روسيا وسوريا والعراق وإيران"."""
    groups: list[list[ActorMention]] = []
    norms = doc_norms(doc)
    for m in mentions:
        if groups and groups[-1][-1].end <= m.start <= groups[-1][-1].end + 2:
            gap = norms[groups[-1][-1].end: m.start]  # at most two words join
            if (not gap and m.prefix[:1] == "و") or gap in (
                    ["و"], ["and"], [","], ["او"], ["or"], [",", "and"], ["و", "ال"]):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def actor_base(m: ActorMention, event_type: str) -> float:
    """How plausible an actor `m` is for an event of `event_type`, before position."""
    a = m.entity
    if a is None:
        return 0.0
    if event_type in ("ACCUSE", "CONCEDE", "AID") and a.kind in ("monitor", "organization"):
        return 0.9
    if a.kind in SPEAKING_KINDS or a.kind in ("block", "anaphor", "region"):
        return 0.0
    if event_type == "PROTEST":
        return 1.0 if a.sector in ("CVL", "JRN", "MED", "SOC", "LAB", "EDU") else 0.3
    if a.sector in ("CVL", "JRN", "MED", "REF", "EDU") or a.sector is None:
        return 0.05
    if a.kind in ("group", "forces", "coalition"):
        return 1.0
    if a.kind == "state":
        return 0.9
    if a.kind == "head":
        return 0.55
    if a.sector in ARMED_SECTORS:
        return 0.5
    return 0.4


def target_base(m: ActorMention) -> float:
    a = m.entity
    if a is None or a.kind in SPEAKING_KINDS or a.kind in ("block", "anaphor"):
        return 0.0
    if a.kind == "region":
        return 0.3
    return 1.0
