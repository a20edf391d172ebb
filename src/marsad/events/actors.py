"""Actors: the lexicon of who acts in conflict news, and the tagger that finds them.

`ActorLexicon` loads `data/actors.yaml` (curated) and `data/actors_upetrarch.tsv` (converted
from UniversalPetrarch's Arabic dictionaries by `tools/convert_upetrarch_actors.py`) into one
clitic-aware `TermMatcher` per language. `ActorTagger` is the spaCy-side step: it finds actor
mentions, composes a force head with a nationality adjective ("القوات السورية",
"Russian warplanes") into the state's forces, resolves anaphors ("التنظيم", "the newspaper")
to the last matching actor, resolves a force with a possessive pronoun ("قواته", "its
warplanes") to the state or armed group it belongs to, and writes `doc._.actor_mentions`.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from marsad.events.lexicon import (
    cached_build,
    data_text,
    doc_norms,
    load_data,
    phrase_key,
    possessive_forms,
    span_chars,
)
from marsad.text.matcher import TermMatcher
from marsad.text.normalize import normalize_text

if not Doc.has_extension("actor_mentions"):
    Doc.set_extension("actor_mentions", default=None)

ARMED_SECTORS = frozenset({"MIL", "REB", "PRM", "UAF", "COP", "SPY"})
STATE_KINDS = frozenset({"state", "forces", "coalition"})
SPEAKING_KINDS = frozenset({"outlet", "monitor", "source", "platform"})
# clitics a weapon word may carry before its nationality adjective ("بصاروخ إسرائيلي"); not
# the article, which the clitic-aware TermMatcher would strip: `weapon_heads` lists the
# definite forms that count ("الطائرة الكويتية" is a hijacked airliner, not Kuwait's forces)
WEAPON_CLITICS = ("", "و", "ف", "ب", "وب", "ل", "ول")


@dataclass(frozen=True)
class Actor:
    """One entity of the lexicon (or a composition of a head and a state)."""

    id: str
    name: str | None
    sector: str | None
    country: str | None
    kind: str
    wikidata: str | None = None
    compose: str | None = None
    resolves_to: tuple[str, ...] = ()
    default: str | None = None
    origin: str = "marsad"

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "name": self.name, "sector": self.sector, "country": self.country,
               "kind": self.kind}
        if self.wikidata:
            out["wikidata"] = self.wikidata
        return out


@dataclass(frozen=True)
class Alias:
    """A trie payload: which actor a phrase names, and how (name or nationality adjective)."""

    actor: Actor
    role: str  # "name", "nisba" or "possessive" (a head with a possessive suffix: قواته)
    key: tuple[str, ...]
    exact: str | None = None  # case-sensitive spelling the text must have (acronyms)


@dataclass
class ActorMention:
    """An actor found in a doc: token span [start, end), character span, and reading."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    actor: Actor | None  # the entity named (None for a bare nationality adjective)
    nisba: Actor | None = None  # the state a nationality adjective names
    prefix: str = ""  # clitic letters before the alias on its first token ("و", "ب", "لل")
    composed: bool = False
    resolved_from: str | None = None  # text of the anaphor, when resolved
    possessive: bool = False  # a force head with a possessive: "قواته", "its warplanes"
    members: list[Actor] = field(default_factory=list)

    @property
    def entity(self) -> Actor | None:
        return self.actor or self.nisba

    def narrowed(self, other: ActorMention, doc: Doc) -> ActorMention:
        """This mention re-anchored on `other`'s span (a coordinated adjective)."""
        self.start, self.end = other.start, other.end
        self.start_char, self.end_char, self.text = span_chars(doc, other.start, other.end)
        self.prefix = other.prefix
        return self

    def to_dict(self) -> dict[str, Any]:
        entity = self.entity
        return {"text": self.text, "name": entity.name if entity else None,
                "sector": entity.sector if entity else None,
                "country": entity.country if entity else None,
                "start": self.start_char, "end": self.end_char}


def _nisba_forms(stem: str, lang: str) -> list[str]:
    if lang == "en":
        return [stem]
    norm = normalize_text(stem)
    return [norm, norm + "ه", norm + "ين", norm + "ون", norm + "ا"]


class ActorLexicon:
    """All actors and their aliases, with a clitic-aware matcher per language."""

    def __init__(self, entries: Iterable[dict[str, Any]], supplement: Iterable[dict[str, Any]] = (),
                 possessive_determiners: dict[str, list[str]] | None = None,
                 weapon_heads: dict[str, list[str]] | None = None):
        self.actors: dict[str, Actor] = {}
        # English words that make the head after them possessive ("its forces")
        self.possessive_determiners = {lang: frozenset(
            " ".join(phrase_key(str(w), lang)) for w in (possessive_determiners or {}).get(lang) or [])
            for lang in ("ar", "en")}
        # weapons and vehicles that take a nationality adjective ("صاروخ إسرائيلي"): phrase keys
        self.weapon_heads = {lang: frozenset(
            phrase_key(str(w), lang) for w in (weapon_heads or {}).get(lang) or [])
            for lang in ("ar", "en")}
        self._matchers: dict[str, TermMatcher] = {"ar": TermMatcher(), "en": TermMatcher()}
        self._supplement: dict[str, TermMatcher] = {"ar": TermMatcher(), "en": TermMatcher()}
        for entry in entries:
            self._add(entry, "marsad")
        for entry in supplement:
            self._add(entry, "upetrarch")

    @classmethod
    def default(cls) -> ActorLexicon:
        return _default_lexicon()

    def _add(self, entry: dict[str, Any], origin: str) -> None:
        actor = Actor(
            id=str(entry["id"]), name=entry.get("name"), sector=entry.get("sector"),
            country=entry.get("country"), kind=entry.get("kind", "generic"),
            wikidata=entry.get("wikidata"), compose=entry.get("compose"),
            resolves_to=tuple(entry.get("resolves_to") or ()), default=entry.get("default"),
            origin=origin,
        )
        self.actors[actor.id] = actor
        for lang in ("ar", "en"):
            for phrase in entry.get(lang) or []:
                self._add_alias(actor, "name", str(phrase), lang)
                if lang == "ar" and (actor.kind == "head" or _members_kind(actor)) and \
                        " " not in str(phrase).strip():
                    # its own forces: قواته، طائراتها، جنودهم، مقاتليه (not انتحاريه, which
                    # is انتحارية once ة is folded)
                    for form in possessive_forms(str(phrase)):
                        if not form.endswith("يه") or normalize_text(str(phrase)).endswith(
                                ("ين", "ون")):
                            self._add_alias(actor, "possessive", form, lang)
        for phrase in entry.get("en_exact") or []:
            self._add_alias(actor, "name", str(phrase), "en", exact=True)
        nisba = entry.get("nisba") or {}
        for lang in ("ar", "en"):
            for stem in nisba.get(lang) or []:
                for form in _nisba_forms(str(stem), lang):
                    self._add_alias(actor, "nisba", form, lang, exact=form.isupper() or "." in form)

    def _add_alias(self, actor: Actor, role: str, phrase: str, lang: str, exact: bool = False) -> None:
        key = phrase_key(phrase, lang)
        if not key:
            return
        alias = Alias(actor, role, key, phrase if exact else None)
        target = self._supplement if actor.origin != "marsad" else self._matchers
        target[lang].add(key, alias)

    def matcher(self, lang: str) -> TermMatcher:
        """The curated aliases."""
        return self._matchers["ar" if lang == "ar" else "en"]

    def supplement_matcher(self, lang: str) -> TermMatcher:
        """The converted UniversalPetrarch aliases (used where no curated alias matches)."""
        return self._supplement["ar" if lang == "ar" else "en"]

    def lookup(self, phrase: str, lang: str = "ar") -> list[Actor]:
        """Actors a phrase names exactly (for tests and tools): curated first."""
        key = phrase_key(phrase, lang)
        return [a.actor for a in self.matcher(lang).lookup(key)
                + self.supplement_matcher(lang).lookup(key)]


def load_supplement() -> list[dict[str, Any]]:
    """Entries of the converted UniversalPetrarch supplement (empty when absent). The
    dictionary has no English names: each entry is named in English by `supplement_name`."""
    try:
        text = data_text("actors_upetrarch.tsv")
    except FileNotFoundError:
        return []
    rows = csv.DictReader(io.StringIO("".join(
        line for line in text.splitlines(keepends=True) if not line.startswith("#"))),
        delimiter="\t")
    curated = load_data("actors.yaml")
    states = {a["country"]: a["name"] for a in curated["actors"]
              if a.get("kind") == "state" and a.get("country")}
    sectors = curated.get("sector_names") or {}
    return [{"id": f"up:{row['alias']}",
             "name": supplement_name(row["country"] or None, row["sector"] or None, states,
                                     sectors),
             "sector": row["sector"] or None, "country": row["country"] or None,
             "kind": row.get("kind") or "group", "ar": [row["alias"]]} for row in rows]


def supplement_name(country: str | None, sector: str | None, states: dict[str, str],
                    sectors: dict[str, str]) -> str | None:
    """An English name from a country code and a PLOVER sector: the curated state's name and
    the sector's word ("Israel military"), or either alone; None when neither is known."""
    words = [w for w in (states.get(country or ""), sectors.get(sector or "")) if w]
    return " ".join(words) or None


@lru_cache(maxsize=1)
def _default_lexicon() -> ActorLexicon:
    def build() -> ActorLexicon:
        data = load_data("actors.yaml")
        return ActorLexicon(data["actors"], load_supplement(), data.get("possessive_determiners"),
                            data.get("weapon_heads"))

    return cached_build("actors", build)


def clitic_prefix(token_norm: str, alias_first: str) -> str:
    """The clitic letters in front of an alias's first token ("والعراق" + "العراق" -> "و")."""
    if token_norm == alias_first:
        return ""
    for candidate in (alias_first, alias_first[2:] if alias_first.startswith("ال") else None):
        if candidate and token_norm.endswith(candidate):
            return token_norm[: len(token_norm) - len(candidate)]
        if candidate and candidate.endswith("ه"):
            stem = candidate[:-1]
            idx = token_norm.find(stem)
            if idx >= 0:
                return token_norm[:idx]
    idx = token_norm.find(alias_first[:3]) if len(alias_first) >= 3 else -1
    return token_norm[:idx] if idx > 0 else ""


class ActorMatcher:
    """Finds raw actor mentions (one per longest match) in a doc."""

    def __init__(self, lexicon: ActorLexicon, lang: str):
        self.lexicon = lexicon
        self.lang = lang
        self.matcher = lexicon.matcher(lang)
        self.supplement = lexicon.supplement_matcher(lang)

    def _matches(self, doc: Doc) -> list[Any]:
        """Curated matches, then supplement matches on the words no curated alias covers."""
        curated = self.matcher(doc)
        if not len(self.supplement):
            return curated
        covered = {i for m in curated for i in range(m.start, m.end)}
        extra = [m for m in self.supplement(doc)
                 if not any(i in covered for i in range(m.start, m.end))
                 and (m.end - m.start > 1 or not m.stripped)]
        return sorted(curated + extra, key=lambda m: m.start)

    def __call__(self, doc: Doc) -> list[ActorMention]:
        mentions: list[ActorMention] = []
        norms = doc_norms(doc)
        for match in self._matches(doc):
            start_char, end_char, text = span_chars(doc, match.start, match.end)
            aliases = [a for a in match.payloads if a.exact is None or _exact_ok(text, a.exact)]
            if not aliases:
                continue
            if any(a.actor.kind == "block" for a in aliases):
                continue
            # curated entries win over the converted supplement
            curated = [a for a in aliases if a.actor.origin == "marsad"] or aliases
            names = [a for a in curated if a.role in ("name", "possessive")]
            nisbas = [a for a in curated if a.role == "nisba"]
            first = (names or nisbas)[0]
            prefix = clitic_prefix(norms[match.start], first.key[0]) if match.stripped else ""
            mentions.append(ActorMention(
                start=match.start, end=match.end, start_char=start_char,
                end_char=end_char, text=text,
                actor=names[0].actor if names else None,
                nisba=nisbas[0].actor if nisbas else None, prefix=prefix,
                possessive=bool(names) and names[0].role == "possessive"))
        return mentions


def _exact_ok(text: str, exact: str) -> bool:
    return text.replace(" ", "") == exact.replace(" ", "")


def _compose(head: ActorMention, state: Actor, end: ActorMention, doc: Doc) -> ActorMention:
    base = head.actor
    assert base is not None
    if base.compose == "country":
        actor = Actor(id=f"{state.id}+{base.id}", name=state.name, sector=base.sector,
                      country=state.country, kind="forces", wikidata=state.wikidata)
    else:
        actor = Actor(id=f"{base.id}@{state.id}", name=base.name, sector=base.sector,
                      country=state.country, kind=base.kind)
    start, stop = min(head.start, end.start), max(head.end, end.end)
    start_char, end_char, text = span_chars(doc, start, stop)
    return ActorMention(start=start, end=stop, start_char=start_char,
                        end_char=end_char, text=text, actor=actor,
                        prefix=head.prefix if head.start == start else end.prefix, composed=True)


def _is_member_noun(m: ActorMention) -> bool:
    """A generic noun for a group's members (عناصر، مسلحو، fighters) that takes the group."""
    return m.actor is not None and _members_kind(m.actor)


def _members_kind(a: Actor) -> bool:
    return a.kind == "generic" and a.sector in ("UAF", "REB")


def _is_head(m: ActorMention) -> bool:
    return m.actor is not None and m.actor.compose is not None


def _owner_kind(m: ActorMention) -> bool:
    """`m` names a state, a state's forces, a coalition or an armed group (who owns forces)."""
    a = m.actor
    return a is not None and a.name is not None and (
        a.kind in ("state", "coalition") or a.kind == "forces" and a.country is not None
        or a.kind == "group" and a.sector in ARMED_SECTORS)


def _joined_by_and(doc: Doc, left: ActorMention, right: ActorMention) -> bool:
    """`right` follows `left` as a coordinated item: "والعراقية", "and Iraqi", "أو العراقية"."""
    gap = doc_norms(doc)[left.end: right.start]
    if not gap:
        return right.prefix.startswith("و")
    return gap in (["و"], ["and"], [","], ["او"], ["or"], [",", "and"])


class ActorTagger:
    """Writes `doc._.actor_mentions`: composed, anaphor-resolved actor mentions."""

    def __init__(self, lang: str, lexicon: ActorLexicon | None = None):
        self.lang = lang
        self.lexicon = lexicon or ActorLexicon.default()
        self.find = ActorMatcher(self.lexicon, lang)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self._weapon_heads(self._resolve(self.find(doc)), doc)
        doc._.actor_mentions = self._owners(self._compose_all(mentions, doc), doc)
        return doc

    def _weapon_heads(self, mentions: list[ActorMention], doc: Doc) -> list[ActorMention]:
        """A weapon or vehicle right before an Arabic nationality adjective (right after an
        English one) becomes a force head, which the adjective composes into that state's
        forces ("قذيفة مدفعية تركية", "an Israeli missile"); elsewhere it names no actor."""
        weapons = self.lexicon.weapon_heads["ar" if self.lang == "ar" else "en"]
        forces = self.lexicon.actors.get("head-forces")
        if not weapons or forces is None:
            return mentions
        norms = doc_norms(doc)
        clitics = WEAPON_CLITICS if self.lang == "ar" else ("",)
        taken = {i for m in mentions for i in range(m.start, m.end)}
        heads: list[ActorMention] = []
        for m in mentions:
            if m.nisba is None or m.actor is not None:
                continue
            for size in (2, 1):
                start, end = (m.start - size, m.start) if self.lang == "ar" else (m.end, m.end + size)
                if start < 0 or end > len(doc) or taken.intersection(range(start, end)):
                    continue
                words = norms[start:end]
                prefix = next((p for p in clitics if words[0].startswith(p)
                               and (words[0][len(p):], *words[1:]) in weapons), None)
                if prefix is None:
                    continue
                start_char, end_char, text = span_chars(doc, start, end)
                heads.append(ActorMention(start, end, start_char, end_char, text, forces,
                                          prefix=prefix))
                break
        return sorted(mentions + heads, key=lambda m: m.start) if heads else mentions

    def _owners(self, mentions: list[ActorMention], doc: Doc) -> list[ActorMention]:
        """A force head with a possessive ("قواته", "طائراتها", "its warplanes") becomes the
        forces of the nearest named state, force or armed group before it in its sentence, or
        else in the sentence before ("قال الجيش السوري إن قواته" -> Syria's forces; "أعلن
        التنظيم أن مقاتليه" -> the group's fighters). It stays a head (kind "head"): its
        owner's own men may be the victims ("مقتل اثنين من جنوده"). Left as it is when there
        is no owner."""
        determiners = self.lexicon.possessive_determiners["en"]
        norms = doc_norms(doc)
        if self.lang != "ar" and determiners:
            for m in mentions:
                if _is_head(m) and not m.composed and m.start > 0 and \
                        norms[m.start - 1] in determiners:
                    m.possessive = True
        if not any(m.possessive for m in mentions):
            return mentions
        sent_starts = sorted(s.start for s in doc.sents)
        for i, m in enumerate(mentions):
            if not m.possessive or m.composed or not (_is_head(m) or _is_member_noun(m)):
                continue
            here = bisect_right(sent_starts, m.start) - 1
            window_start = sent_starts[here - 1] if here > 0 else 0
            owner = None
            for prev in reversed(mentions[:i]):
                if prev.start < window_start:
                    break
                if _owner_kind(prev):
                    owner = prev.actor
                    break
            if owner is None:
                continue
            assert m.actor is not None
            m.resolved_from = m.text
            # still a head: its owner's own men may be the victims ("مقتل اثنين من جنوده")
            state = owner.kind in ("state", "forces")
            m.actor = Actor(id=f"{owner.id}+{m.actor.id}", name=owner.name,
                            sector=m.actor.sector if state else owner.sector,
                            country=owner.country, kind="head", wikidata=owner.wikidata)
        return mentions

    def _compose_all(self, mentions: list[ActorMention], doc: Doc) -> list[ActorMention]:
        out: list[ActorMention] = []
        norms = doc_norms(doc)
        i = 0
        while i < len(mentions):
            m = mentions[i]
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if nxt and _is_member_noun(m) and nxt.actor and nxt.actor.kind in ("group", "forces",
                                                                              "coalition") \
                    and (nxt.start == m.end or (nxt.start == m.end + 1
                                                and norms[m.end] in ("من", "of"))):
                # "عناصر تنظيم داعش", "مقاتلي قسد", "fighters of Hezbollah": the group itself
                start_char, _, text = span_chars(doc, m.start, nxt.end)
                nxt.start, nxt.start_char, nxt.text, nxt.prefix = m.start, start_char, text, \
                    m.prefix
                i += 1
                continue
            if self.lang == "ar" and _is_head(m) and nxt and nxt.nisba and nxt.start == m.end:
                composed = _compose(m, nxt.nisba, nxt, doc)
                out.append(composed)
                i += 2
                # coordinated adjectives share the head: "القوات السورية والعراقية"
                while i < len(mentions) and mentions[i].nisba and \
                        _joined_by_and(doc, mentions[i - 1], mentions[i]):
                    out.append(_compose(m, mentions[i].nisba, mentions[i], doc).narrowed(
                        mentions[i], doc))
                    i += 1
                continue
            if self.lang != "ar" and m.nisba:
                # English: "U.S. and Iraqi forces", "Russian warplanes"
                run = [m]
                j = i + 1
                while j < len(mentions) and mentions[j].nisba and _joined_by_and(doc, run[-1], mentions[j]):
                    run.append(mentions[j])
                    j += 1
                if j < len(mentions) and _is_head(mentions[j]) and mentions[j].start == run[-1].end:
                    head = mentions[j]
                    for k, adj in enumerate(run):
                        composed = _compose(head, adj.nisba, adj, doc)
                        if k < len(run) - 1:
                            composed = composed.narrowed(adj, doc)
                        out.append(composed)
                    i = j + 1
                    continue
            out.append(m)
            i += 1
        return out

    def _resolve(self, mentions: list[ActorMention]) -> list[ActorMention]:
        """Replace anaphors by the last actor they can refer to; drop those that refer to none."""
        out: list[ActorMention] = []
        for m in mentions:
            actor = m.actor
            if actor is None or actor.kind != "anaphor":
                out.append(m)
                continue
            target = None
            for prev in reversed(out):
                cand = prev.actor
                if cand is None or cand.kind in ("anaphor", "head", "generic", "source"):
                    continue
                if cand.sector in actor.resolves_to or cand.kind in actor.resolves_to:
                    target = cand
                    break
            if target is None and actor.default:
                target = self.lexicon.actors.get(actor.default)
            if target is None:
                continue
            m.resolved_from = m.text
            m.actor = target
            out.append(m)
        return out

