"""Incident clustering: events of many reports that describe one happening become one incident.

Two events are compared component by component (type family, date, place, actor, casualty
figures, mode, same document); each component gives a weight (log-odds style, from
`clustering.yaml`) or a veto (dates or places too far apart, actors of opposite sides or
countries, wildly different figures). An event joins the incident whose members it matches
best on average, if that mean reaches the threshold and no other incident matches about as
well (an ambiguous report starts its own incident rather than being guessed into one).

Blocking keeps it near-linear: an incident is indexed under (family, day, 0.5-degree cell),
(family, day, admin area), (family, day, country) and (family, day, no place) keys of its
members; an event only looks at incidents under the keys of its own date window and
neighbouring cells. Processing events in date order lets old keys be evicted, so memory stays
bounded by the window, not the data set.

This module is pure Python over plain event dicts (see DESIGN.md) and knows nothing of the
database; `marsad.incidents.service` runs it against the store.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from marsad.values import as_date

CELL_DEG = 0.5
NEW = "new-incident"


# --------------------------------------------------------------------------- configuration


@dataclass
class Config:
    """Clustering parameters, read from `clustering.yaml` (or a dict with the same keys)."""

    raw: dict[str, Any]
    family_of: dict[str, str] = field(default_factory=dict)
    modalities: frozenset = frozenset()
    radius: dict[str, float | None] = field(default_factory=dict)
    area: frozenset = frozenset()
    slack: dict[str, float] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Config:
        config = cls(raw=raw)
        for family, types in raw["families"].items():
            for type_ in types:
                config.family_of[type_.upper()] = family
        config.modalities = frozenset(raw.get("modalities") or [])
        config.radius = dict(raw["place_radius_km"])
        config.area = frozenset(raw.get("area_precisions") or [])
        config.slack = {k: float(v) for k, v in raw["date_slack_days"].items()}
        config.weights = {k: float(v) for k, v in raw["weights"].items()}
        for side, sectors in (raw.get("actor_sides") or {}).items():
            for sector in sectors:
                config.sides[sector.upper()] = side
        return config

    def __getattr__(self, name: str) -> Any:  # scalar settings: config.threshold, ...
        try:
            return self.__dict__["raw"][name]
        except KeyError:
            raise AttributeError(name) from None

    def family(self, type_: str | None) -> str | None:
        if not type_:
            return None
        return self.family_of.get(type_.upper(), type_.upper())


@lru_cache(maxsize=1)
def default_config() -> Config:
    text = resources.files("marsad.incidents").joinpath("clustering.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    raw.setdefault("actor_sides", ACTOR_SIDES)
    return Config.from_dict(raw)


# Sides of a conflict by PLOVER/CAMEO sector: actors of different sides contradict.
ACTOR_SIDES = {
    "state": ["GOV", "MIL", "COP", "SPY", "JUD", "LEG", "SFO"],
    "nonstate": ["REB", "INS", "UAF", "TER", "CRM", "SEP"],
    "civilian": ["CVL", "JRN", "MED", "EDU", "BUS", "REF", "NGO", "LAB", "AGR", "REL", "HLH"],
}


# --------------------------------------------------------------------------- items


@dataclass(slots=True)
class Place:
    lat: float | None
    lon: float | None
    radius: float | None  # km; None = whole country
    country: str | None
    admin1: str | None
    gid: int | None
    precision: str
    area: bool
    name: str | None = None


@dataclass(slots=True)
class Item:
    """The clustering view of one event: compact, comparable, hashable by `key`."""

    key: Any  # the event's id
    doc: Any  # its document's id
    fam: str
    type: str
    mode: str | None
    d0: int  # first possible day (ordinal)
    d1: int  # last possible day (ordinal)
    dprec: str  # day | week | month | doc
    places: tuple[Place, ...]
    actor: tuple[str | None, str | None, str | None] | None  # name, side, country
    cas: tuple[tuple[str, str, int, float], ...]  # kind, group, min, max (inf when open)
    date_source: str = "text"  # text | published | text-other
    strength: int = 0  # how much the report pins down (0-6): strong reports go first


def strength(dprec: str, places: tuple[Place, ...], actor: Any, cas: tuple) -> int:
    """How precisely a report pins its incident down: day date 2, week 1; a precise place 2,
    an area 1; an actor 1; casualty figures 1."""
    score = 2 if dprec == "day" else 1 if dprec == "week" else 0
    if any(p.gid is not None or (p.lat is not None and p.radius is not None and p.radius <= 12)
           for p in places):
        score += 2
    elif any(p.radius is not None for p in places):
        score += 1
    return score + (1 if actor else 0) + (1 if cas else 0)


def event_window(
    event: dict[str, Any],
    published: date | None = None,
    text_date: date | None = None,
    config: Config | None = None,
) -> tuple[date, date, str, str] | None:
    """(first day, last day, precision, source) an event may have happened on, or None.

    The event's own date when it is at most `max_window_days` wide; else the document's
    published date, else a date from the document's text, each with a look-back window.
    """
    config = config or default_config()
    when = event.get("date") or {}
    start, end = as_date(when.get("start")), as_date(when.get("end"))
    precision = (when.get("precision") or "day") if start else None
    if start and not end:
        end = start
    if start and end and end < start:
        start, end = end, start
    if start and precision not in ("year", "unknown") and (
        (end - start).days <= config.max_window_days
    ):
        if precision not in config.slack:
            precision = "day" if start == end else "week" if (end - start).days <= 7 else "month"
        return start, end, precision, "text"
    anchor, source = (published, "published") if published else (text_date, "text-other")
    if anchor is None:
        return None
    lookback = timedelta(days=config.document_lookback_days)
    return anchor - lookback, anchor, "doc", source


def _place(raw: dict[str, Any], config: Config) -> Place | None:
    if not isinstance(raw, dict):
        return None
    precision = str(raw.get("precision") or "unknown").lower()
    lat, lon = raw.get("lat"), raw.get("lon")
    try:
        lat = float(lat) if lat is not None else None
        lon = float(lon) if lon is not None else None
    except (TypeError, ValueError):
        lat = lon = None
    if lat is None or lon is None:
        lat = lon = None
    country = raw.get("country")
    country = str(country).upper() if country else None
    admin1 = raw.get("admin1")
    admin1 = str(admin1) if admin1 not in (None, "") else None
    if precision == "country" or (lat is None and not admin1 and country):
        radius = None
    else:
        radius = config.radius.get(precision)
        if radius is None:
            radius = config.radius.get("unknown", 15)
    gid = raw.get("geonameid")
    try:
        gid = int(gid) if gid is not None else None
    except (TypeError, ValueError):
        gid = None
    if lat is None and not admin1 and not country and gid is None:
        return None
    return Place(lat, lon, radius, country, admin1, gid, precision,
                 precision in config.area, raw.get("name"))


def _norm_name(name: Any) -> str | None:
    if not name:
        return None
    return " ".join(str(name).lower().replace("the ", " ").split()) or None


def make_item(
    key: Any,
    doc: Any,
    event: dict[str, Any],
    *,
    published: date | None = None,
    text_date: date | None = None,
    config: Config | None = None,
) -> Item | None:
    """The clustering `Item` of an event dict, or None when it cannot form an incident.

    An event cannot form an incident when it has no type, its modality is excluded (a threat,
    a plan, a hypothesis), or neither it nor its document gives any date.
    """
    config = config or default_config()
    type_ = event.get("type")
    if not type_:
        return None
    modality = event.get("modality")
    if config.modalities and modality not in config.modalities:
        return None
    window = event_window(event, published, text_date, config)
    if window is None:
        return None
    start, end, dprec, source = window
    places = tuple(p for p in (_place(raw, config) for raw in event.get("places") or []) if p)
    actor = event.get("actor") or None
    if isinstance(actor, dict):
        sector = actor.get("sector")
        side = config.sides.get(str(sector).upper()) if sector else None
        country = actor.get("country")
        actor_t = (_norm_name(actor.get("name")), side, str(country).upper() if country else None)
        if actor_t == (None, None, None):
            actor_t = None
    else:
        actor_t = None
    cas = []
    for figure in event.get("casualties") or []:
        if not isinstance(figure, dict):
            continue
        low, high = figure.get("min"), figure.get("max")
        if low is None and high is None:
            continue
        try:
            low = int(low) if low is not None else 0
            high = float(high) if high is not None else math.inf
        except (TypeError, ValueError):
            continue
        cas.append((str(figure.get("kind") or "killed"), str(figure.get("group") or "unknown"),
                    low, max(high, low)))
    cas_t = tuple(cas)
    return Item(
        key=key, doc=doc, fam=config.family(type_), type=str(type_).upper(),
        mode=(event.get("mode") or None), d0=start.toordinal(), d1=end.toordinal(),
        dprec=dprec, places=places, actor=actor_t, cas=cas_t, date_source=source,
        strength=strength(dprec, places, actor_t, cas_t),
    )


# --------------------------------------------------------------------------- comparison


def _km(a: Place, b: Place) -> float:
    # equirectangular approximation: accurate to well under 1% at these distances
    mean_lat = math.radians((a.lat + b.lat) / 2)
    dx = math.radians(b.lon - a.lon) * math.cos(mean_lat)
    dy = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(dx, dy)


def _date_part(a: Item, b: Item, config: Config) -> str | None:
    gap = max(a.d0, b.d0) - min(a.d1, b.d1)
    if gap <= 0:
        if a.dprec == "day" and b.dprec == "day":
            return "date_same_day"
        if a.dprec in ("month", "doc") or b.dprec in ("month", "doc"):
            return "date_overlap_coarse"
        return "date_overlap_precise"
    allowed = config.slack.get(a.dprec, 0.0) + config.slack.get(b.dprec, 0.0)
    if gap > allowed:
        return None
    return "date_off_by_one" if gap <= 1 else "date_near"


def _place_pair(a: Place, b: Place, config: Config) -> str | None:
    if a.country and b.country and a.country != b.country:
        return None
    if a.gid is not None and a.gid == b.gid:
        return "place_same_id"
    if a.radius is None or b.radius is None:  # a whole country
        return "place_same_country" if a.country and a.country == b.country else "place_unknown"
    if a.area or b.area:
        if a.admin1 and b.admin1:
            if a.admin1 == b.admin1:
                return "place_in_area"
            if a.lat is None or b.lat is None:
                return None
        if a.lat is None or b.lat is None:
            return "place_same_country" if a.country and a.country == b.country else (
                "place_unknown")
        return "place_in_area" if _km(a, b) <= a.radius + b.radius else None
    if a.lat is None or b.lat is None:
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return None
        return "place_same_country" if a.country and a.country == b.country else "place_unknown"
    distance = _km(a, b)
    if distance <= config.same_place_km:
        return "place_same_spot"
    if distance > a.radius + b.radius:
        return None
    precise = config.precise_max_radius_km
    if a.gid is not None and b.gid is not None and a.radius <= precise and b.radius <= precise:
        return "place_adjacent" if distance <= config.nearby_km else "place_distinct"
    return "place_nearby" if distance <= config.nearby_km else "place_within"


def _place_part(a: Item, b: Item, config: Config) -> str | None:
    if not a.places or not b.places:
        return "place_unknown"
    best, best_w = None, -math.inf
    for pa in a.places:
        for pb in b.places:
            part = _place_pair(pa, pb, config)
            if part is not None and config.weights[part] > best_w:
                best, best_w = part, config.weights[part]
    return best


def _actor_part(a: Item, b: Item) -> str | None:
    if a.actor is None or b.actor is None:
        return "actor_unknown"
    name_a, side_a, country_a = a.actor
    name_b, side_b, country_b = b.actor
    if country_a and country_b and country_a != country_b:
        return None
    if side_a and side_b and side_a != side_b:
        return None
    if name_a and name_b:
        return "actor_same" if name_a == name_b else "actor_differs"
    if country_a and country_a == country_b:
        return "actor_same"
    return "actor_unknown"


def _casualty_part(a: Item, b: Item, config: Config) -> str | None:
    if not a.cas or not b.cas:
        return "casualties_none"
    ratios = config.casualty_ratio
    worst = None
    order = ("casualties_same", "casualties_agree", "casualties_near", "casualties_far",
             "casualties_very_far")
    for kind_a, group_a, low_a, high_a in a.cas:
        for kind_b, group_b, low_b, high_b in b.cas:
            if kind_a != kind_b:
                continue
            if group_a != group_b and "unknown" not in (group_a, group_b):
                continue
            low, high = max(low_a, low_b), min(high_a, high_b)
            if low_a == low_b and high_a == high_b and 0 < low_a and high_a != math.inf:
                part = "casualties_same"
            elif low <= high:
                part = "casualties_agree"
            else:
                ratio = (low + 1) / (high + 1)
                if ratio <= ratios["close"]:
                    part = "casualties_agree"
                elif ratio <= ratios["near"]:
                    part = "casualties_near"
                elif ratio <= ratios["far"]:
                    part = "casualties_far"
                elif ratio > 3 * ratios["far"] and low - high > config.casualty_veto_gap:
                    return None
                else:
                    part = "casualties_very_far"
            if worst is None or order.index(part) > order.index(worst):
                worst = part
    return worst or "casualties_none"


def compare(a: Item, b: Item, config: Config | None = None) -> tuple[float | None, tuple]:
    """(score, parts) of two items; score None when a component vetoes the match."""
    config = config or default_config()
    if a.fam != b.fam:
        return None, ("family_differs",)
    date_part = _date_part(a, b, config)
    if date_part is None:
        return None, ("date_apart",)
    place_part = _place_part(a, b, config)
    if place_part is None:
        return None, (date_part, "place_apart")
    actor_part = _actor_part(a, b)
    if actor_part is None:
        return None, (date_part, place_part, "actor_contradicts")
    cas_part = _casualty_part(a, b, config)
    if cas_part is None:
        return None, (date_part, place_part, actor_part, "casualties_contradict")
    type_part = "type_same" if a.type == b.type else "type_family"
    if a.mode and b.mode:
        mode_part = "mode_same" if a.mode == b.mode else "mode_differs"
    else:
        mode_part = "mode_unknown"
    parts = (date_part, place_part, actor_part, cas_part, type_part, mode_part)
    if a.doc == b.doc:
        parts += ("same_document",)
    w = config.weights
    return sum(w[p] for p in parts), parts


def describe(parts: tuple) -> str:
    """A rule string for the record: `date=same-day place=same-id ...`."""
    out = []
    for part in parts:
        head, _, tail = part.partition("_")
        out.append(f"{head}={tail.replace('_', '-')}" if tail else head)
    return " ".join(out)


# --------------------------------------------------------------------------- clustering


@dataclass(slots=True)
class Cluster:
    id: Any
    members: list[Item]
    seed: bool = False
    max_day: int = 0
    exempt: set = field(default_factory=set)  # members whose vetoes do not count


@dataclass(slots=True)
class Assignment:
    key: Any  # event id
    cluster: Any  # incident id (seed) or a negative int for a new incident
    rule: str
    score: float | None


class Clusterer:
    """Greedy, blocked, incremental clustering of `Item`s into clusters.

        clusterer = Clusterer(config)
        clusterer.seed(incident_id, items)          # existing incidents (ids kept)
        for assignment in clusterer.run(new_items): # sorted by date inside
            ...

    New clusters get ids -1, -2, ... in the order they are made.
    """

    def __init__(self, config: Config | None = None, *, evict: bool = True) -> None:
        self.config = config or default_config()
        self.clusters: dict[Any, Cluster] = {}
        self.index: dict[tuple, list[Any]] = defaultdict(list)
        self.keys_by_day: dict[int, list[tuple]] = defaultdict(list)
        self.next_new = -1
        self.evict = evict
        self.evicted_before = -(10**9)
        max_slack = max(self.config.slack.values(), default=0.0)
        self.reach = math.ceil(2 * max_slack) + 1  # days a lookup may reach back
        self.threshold = float(self.config.threshold)
        self.strong = int(self.config.strong_member)
        self.max_veto_share = float(self.config.max_veto_share)
        self.block = int(self.config.order_block_days)
        self.cap = int(self.config.max_members_compared)
        self.margin = float(self.config.raw.get("ambiguity_margin", 0.75))
        self.comparisons = 0

    # -- index ---------------------------------------------------------------------------

    def _item_keys(self, item: Item, days: Iterable[int]) -> Iterator[tuple]:
        fam = item.fam
        for day in days:
            if not item.places:
                yield (fam, day, "N")
                continue
            for place in item.places:
                if place.lat is not None:
                    yield (fam, day, math.floor(place.lon / CELL_DEG),
                           math.floor(place.lat / CELL_DEG))
                if place.admin1:
                    yield (fam, day, "A", place.country, place.admin1)
                if place.country:
                    yield (fam, day, "C", place.country)

    def _register(self, cluster: Cluster, item: Item) -> None:
        last = min(item.d1, item.d0 + self.config.max_window_days)
        for key in set(self._item_keys(item, range(item.d0, last + 1))):
            bucket = self.index[key]
            if not bucket or bucket[-1] != cluster.id:
                bucket.append(cluster.id)
                self.keys_by_day[key[1]].append(key)
        cluster.max_day = max(cluster.max_day, last)

    def _lookup_keys(self, item: Item) -> set[tuple]:
        slack = self.config.slack.get(item.dprec, 0.0)
        reach = math.ceil(slack + max(self.config.slack.values()))
        days = range(item.d0 - reach, min(item.d1, item.d0 + self.config.max_window_days)
                     + reach + 1)
        fam = item.fam
        keys: set[tuple] = set()
        for day in days:
            if not item.places:  # a report without a place only meets others without one
                keys.add((fam, day, "N"))
            for place in item.places:
                if place.radius is None:
                    if place.country:
                        keys.add((fam, day, "C", place.country))
                    continue
                if place.admin1:
                    keys.add((fam, day, "A", place.country, place.admin1))
                    if place.area:
                        continue  # precise places register their admin area too
                if place.lat is not None:
                    cx = math.floor(place.lon / CELL_DEG)
                    cy = math.floor(place.lat / CELL_DEG)
                    span = 1 if place.radius <= 30 else 2 if place.radius <= 60 else 3
                    for dx in range(-span, span + 1):
                        for dy in range(-span, span + 1):
                            keys.add((fam, day, cx + dx, cy + dy))
                elif place.country and not place.admin1:
                    keys.add((fam, day, "C", place.country))
        return keys

    def _evict_until(self, day: int) -> None:
        """Forget index keys of days before `day` (only valid for date-ordered input)."""
        if not self.evict or day <= self.evicted_before:
            return
        for old in sorted(d for d in self.keys_by_day if d < day):
            for key in self.keys_by_day.pop(old):
                for cid in self.index.pop(key, ()):
                    cluster = self.clusters.get(cid)
                    if cluster is not None and cluster.max_day < day:
                        del self.clusters[cid]  # unreachable from now on
        self.evicted_before = day

    # -- public --------------------------------------------------------------------------

    def seed(self, cluster_id: Any, items: Iterable[Item], exempt: Iterable[Any] = ()) -> None:
        """Add an existing incident with its member items; its id is kept.

        `exempt`: keys of members an analyst put there against the evidence (merged in):
        they attract new reports like any member but do not veto them.
        """
        cluster = self.clusters.get(cluster_id)
        if cluster is None:
            cluster = self.clusters[cluster_id] = Cluster(cluster_id, [], seed=True)
        cluster.exempt.update(exempt)
        for item in items:
            cluster.members.append(item)
            self._register(cluster, item)

    def _sample(self, members: list[Item]) -> list[Item]:
        if len(members) <= self.cap:
            return members
        half = self.cap // 2
        return members[:half] + members[-(self.cap - half):]

    def _link(self, item: Item, cluster: Cluster) -> tuple[float, tuple, int]:
        """(score, parts, members compared): the best member match, unless a strong member
        (or too many members) vetoes the item."""
        members = self._sample(cluster.members)
        best, best_parts, vetoes = -math.inf, (), 0
        slack = self.config.slack
        own = slack.get(item.dprec, 0.0)
        d0, d1 = item.d0, item.d1
        for member in members:
            self.comparisons += 1
            gap = (max(member.d0, d0)) - (min(member.d1, d1))
            if gap > 0 and gap > own + slack.get(member.dprec, 0.0):
                score, parts = None, ("date_apart",)  # the cheap, common veto
            else:
                score, parts = compare(item, member, self.config)
            if score is None:
                if cluster.exempt and member.key in cluster.exempt:
                    continue
                if member.strength >= self.strong:
                    return -math.inf, parts, len(members)
                vetoes += 1
                continue
            if score > best:
                best, best_parts = score, parts
        if vetoes > self.max_veto_share * len(members):
            return -math.inf, best_parts, len(members)
        return best, best_parts, len(members)

    def add(self, item: Item) -> Assignment:
        """Put one item into the best matching cluster, or a new one."""
        candidates: set[Any] = set()
        index = self.index
        for key in self._lookup_keys(item):
            bucket = index.get(key)
            if bucket:
                candidates.update(bucket)
        scored = []
        for cid in candidates:
            cluster = self.clusters.get(cid)
            if cluster is None:
                continue
            mean, parts, n = self._link(item, cluster)
            if mean >= self.threshold:
                scored.append((mean, cid, parts, n))
        if scored:
            scored.sort(key=lambda s: (-s[0], str(s[1])))
            mean, cid, parts, n = scored[0]
            if len(scored) > 1 and scored[1][0] > mean - self.margin:
                rule = (f"{NEW}: ambiguous between incidents {cid} ({mean:.2f}) and "
                        f"{scored[1][1]} ({scored[1][0]:.2f})")
                return self._new(item, rule)
            cluster = self.clusters[cid]
            cluster.members.append(item)
            self._register(cluster, item)
            rule = f"{describe(parts)} (best of {n} member{'s' if n > 1 else ''})"
            return Assignment(item.key, cid, rule, round(mean, 3))
        return self._new(item, NEW)

    def _new(self, item: Item, rule: str) -> Assignment:
        cid = self.next_new
        self.next_new -= 1
        cluster = self.clusters[cid] = Cluster(cid, [item])
        self._register(cluster, item)
        return Assignment(item.key, cid, rule, None)

    def run(self, items: Iterable[Item]) -> Iterator[Assignment]:
        """Cluster items block by block in date order, yielding one assignment per item.

        Inside each block of `order_block_days` days the reports that pin their incident down
        best go first, so the vaguer ones find the incidents already formed.
        """
        block = self.block
        ordered = sorted(items, key=lambda it: (it.d0 // block, -it.strength, it.d0, it.d1,
                                                str(it.doc), str(it.key)))
        for item in ordered:
            self._evict_until((item.d0 // block) * block - self.reach)
            yield self.add(item)


def cluster_items(items: Iterable[Item], config: Config | None = None) -> dict[Any, Any]:
    """Event key -> cluster id for items clustered from scratch (for benchmarks and tests)."""
    clusterer = Clusterer(config)
    return {a.key: a.cluster for a in clusterer.run(items)}
