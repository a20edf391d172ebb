"""An in-process columnar index of the incidents' summary columns, for fast filtering,
sorting, map clustering, timelines and statistics.

Every read endpoint filters incidents the same way; doing that in SQL means a table scan per
request for the map (clusters over every incident), the timeline and the statistics (about
0.2-1.5 s at 100k incidents on SQLite). Here the summary columns of all incidents live in
numpy arrays (about 100 bytes per incident), a filter is a boolean mask, a page is a partial
sort, a map cluster is a `bincount`; the rows of one page are then read from the database by
id. The index follows the store: `refresh` loads everything the first time, then only the
incidents created or changed since (new ids, a later `updated_at` on the incident or its
assessment); the app calls it when the store's fingerprint changes (see `deps`).

Free-text search (`q`) stays in SQL (`web_search`); its matching ids become a mask.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from marsad.store.models import Assessment, Incident

NO_DATE = -1
MARGIN_SECONDS = 120  # changes stamped this long before the last read are read again
CATEGORIES = ("status", "type", "mode", "country", "admin1", "actor", "grade", "response",
              "place", "date_precision", "place_precision", "actor_sector")
NUMBERS = ("killed_min", "killed_max", "civ_min", "civ_max", "n_documents", "n_events",
           "date_end")


class Vocab:
    """Values of one text column as small integer codes (0 is "no value")."""

    def __init__(self) -> None:
        self.values: list[str | None] = [None]
        self.codes: dict[str | None, int] = {None: 0}

    def code(self, value: str | None) -> int:
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code

    def lookup(self, values: Iterable[str]) -> list[int]:
        return [self.codes[v] for v in values if v in self.codes]


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else NO_DATE


def _stamp(value: datetime | None) -> float:
    if value is None:
        return 0.0
    if value.tzinfo is None:  # SQLite gives back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


@dataclass
class Columns:
    id: np.ndarray
    start: np.ndarray  # date ordinals, NO_DATE when unknown
    end: np.ndarray  # date_end, else date_start
    lat: np.ndarray  # NaN when unknown
    lon: np.ndarray
    numbers: dict[str, np.ndarray]  # -1 when unknown
    cats: dict[str, np.ndarray]
    point: np.ndarray  # the map marker as JSON bytes (None: no coordinates)

    def __len__(self) -> int:
        return len(self.id)

    def __post_init__(self) -> None:
        # derived once per refresh: clipped float weights for sums, period keys, sort keys
        self.weights = {k: np.maximum(v, 0).astype(np.float64) for k, v in self.numbers.items()}
        dated = self.start != NO_DATE
        years = np.zeros(len(self.id), np.int32)
        months = np.zeros(len(self.id), np.int32)
        if dated.any():
            # ordinal -> numpy datetime64 day: ordinal 719163 is 1970-01-01
            epoch_days = (self.start[dated].astype(np.int64) - 719163).astype("datetime64[D]")
            ym = epoch_days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
            months[dated] = ym
            years[dated] = ym // 12
        self.month = months  # months since 1970-01 (only where dated)
        self.year = years  # years since 1970
        self._sort_keys: dict[str, np.ndarray] = {}

    def sort_key(self, sort: str) -> np.ndarray:
        """One int64 per incident ordering it for `sort` (unknown values last, then id)."""
        key = self._sort_keys.get(sort)
        if key is None:
            field, _, direction = sort.rpartition("_")
            descending = direction == "desc"
            if field == "id":
                primary = np.zeros(len(self.id), np.int64)
            else:
                values = {"date": self.start, "killed": self.numbers["killed_max"],
                          "sources": self.numbers["n_documents"]}[field].astype(np.int64)
                primary = -values if descending else values.copy()
                primary[values < 0] = 1 << 27  # unknown: last either way
            key = primary * (1 << 35) + (-self.id if descending else self.id)
            self._sort_keys[sort] = key
        return key


COLUMNS = [Incident.id, Incident.status, Incident.type, Incident.mode, Incident.country,
           Incident.admin1, Incident.actor_name, Incident.place_name, Incident.date_start,
           Incident.date_end, Incident.lat, Incident.lon, Incident.killed_min,
           Incident.killed_max, Incident.civilians_killed_min, Incident.civilians_killed_max,
           Incident.n_documents, Incident.n_events, Incident.date_precision,
           Incident.place_precision, Incident.actor_sector, Incident.updated_at,
           Assessment.grade, Assessment.response, Assessment.updated_at.label("assessed_at")]


class IncidentIndex:
    """The columnar index; `columns` is replaced whole on refresh (readers keep theirs)."""

    def __init__(self) -> None:
        self.vocabs = {name: Vocab() for name in CATEGORIES}
        self.columns: Columns | None = None
        self.max_id = 0
        self.last_change = 0.0  # the newest change stamp seen
        self.last_read = 0.0  # when the last read began (wall clock)
        self.generation = 0  # bumped by every refresh that changed something
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ loading

    def _encode(self, rows) -> dict[str, np.ndarray]:
        """Rows of COLUMNS as arrays, column by column."""
        n = len(rows)
        cols = dict(zip([c.key for c in COLUMNS], zip(*rows), strict=True)) if n else {
            c.key: () for c in COLUMNS}

        def ints(values, missing: int = -1) -> np.ndarray:
            return np.array([missing if x is None else x for x in values], np.int64).reshape(n)

        def floats(values) -> np.ndarray:
            return np.array([np.nan if x is None else x for x in values], np.float64).reshape(n)

        def ordinals(values) -> np.ndarray:
            return np.array([x.toordinal() if x else NO_DATE for x in values],
                            np.int32).reshape(n)

        def codes(name: str, values, default: str | None = None) -> np.ndarray:
            vocab = self.vocabs[name]
            known = vocab.codes
            return np.array([known[x] if x in known else vocab.code(x)
                             for x in ((default if x is None else x) for x in values)]
                            if default else
                            [known[x] if x in known else vocab.code(x) for x in values],
                            np.int32).reshape(n)

        start = ordinals(cols["date_start"])
        end = ordinals(cols["date_end"])
        out = {
            "id": ints(cols["id"]), "start": start, "end": np.where(end == NO_DATE, start, end),
            "lat": floats(cols["lat"]), "lon": floats(cols["lon"]),
            "killed_min": ints(cols["killed_min"]), "killed_max": ints(cols["killed_max"]),
            "civ_min": ints(cols["civilians_killed_min"]),
            "civ_max": ints(cols["civilians_killed_max"]),
            "n_documents": ints(cols["n_documents"]), "n_events": ints(cols["n_events"]),
            "date_end": ordinals(cols["date_end"]).astype(np.int64),
            "date_precision": codes("date_precision", cols["date_precision"]),
            "place_precision": codes("place_precision", cols["place_precision"]),
            "actor_sector": codes("actor_sector", cols["actor_sector"]),
            "status": codes("status", cols["status"]), "type": codes("type", cols["type"]),
            "mode": codes("mode", cols["mode"]), "country": codes("country", cols["country"]),
            "admin1": codes("admin1", cols["admin1"]),
            "actor": codes("actor", cols["actor_name"]),
            "place": codes("place", cols["place_name"]),
            "grade": codes("grade", cols["grade"], "unassessed"),
            "response": codes("response", cols["response"], "not yet assessed"),
        }
        out["point"] = self._points(out)
        stamps = [max(x for x in column if x is not None)
                  for column in (cols["updated_at"], cols["assessed_at"]) if any(column)]
        if stamps:
            self.last_change = max(self.last_change, *(_stamp(x) for x in stamps))
        return out

    def _points(self, data: dict[str, np.ndarray]) -> np.ndarray:
        """Each incident's map marker as a ready JSON array (MAP_FIELDS order), so that a map
        answer is a join of byte strings; None where the incident has no coordinates."""
        v = self.vocabs
        grades, types, places = (v[k].values for k in ("grade", "type", "place"))
        out = np.empty(len(data["id"]), dtype=object)
        iso: dict[int, str | None] = {NO_DATE: None}
        for i, (id_, lat, lon, killed, grade, type_, place, start, sources) in enumerate(zip(
                data["id"].tolist(), data["lat"].tolist(), data["lon"].tolist(),
                data["killed_max"].tolist(), data["grade"].tolist(), data["type"].tolist(),
                data["place"].tolist(), data["start"].tolist(), data["n_documents"].tolist(),
                strict=True)):
            if math.isnan(lat) or math.isnan(lon):
                out[i] = None
                continue
            if start not in iso:
                iso[start] = date.fromordinal(start).isoformat()
            out[i] = json.dumps(
                [id_, round(lat, 4), round(lon, 4), killed if killed >= 0 else None,
                 grades[grade], types[type_], places[place], iso[start], sources],
                ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return out

    @staticmethod
    def _columns(data: dict[str, np.ndarray]) -> Columns:
        return Columns(id=data["id"], start=data["start"], end=data["end"], lat=data["lat"],
                       lon=data["lon"], numbers={k: data[k] for k in NUMBERS},
                       cats={k: data[k] for k in CATEGORIES}, point=data["point"])

    @staticmethod
    def _as_dict(columns: Columns) -> dict[str, np.ndarray]:
        return {"id": columns.id, "start": columns.start, "end": columns.end,
                "lat": columns.lat, "lon": columns.lon, **columns.numbers, **columns.cats,
                "point": columns.point}

    def _query(self):
        return select(*COLUMNS).select_from(Incident).outerjoin(
            Assessment, Assessment.incident_id == Incident.id)

    def refresh(self, session: Session, *, full: bool = False) -> int:
        """Load what changed since the last refresh; returns how many incidents were read."""
        with self._lock:
            started = time.time()
            if full or self.columns is None:
                self.vocabs = {name: Vocab() for name in CATEGORIES}
                self.last_change = 0.0
                self.last_read = started
                rows = session.execute(self._query().order_by(Incident.id)).all()
                data = self._encode(rows)
                self.columns = self._columns(data)
                self.max_id = int(data["id"][-1]) if len(rows) else 0
                self.generation += 1
                return len(rows)
            # changes stamped since the last read began, less a margin: a transaction may
            # commit a while after it stamped updated_at (and clocks differ a little)
            since = datetime.fromtimestamp(max(self.last_read - MARGIN_SECONDS, 0), tz=UTC)
            self.last_read = started
            rows = session.execute(self._query().where(or_(
                Incident.id > self.max_id,
                Incident.updated_at >= _naive_if_sqlite(session, since),
                Assessment.updated_at >= _naive_if_sqlite(session, since))
            ).order_by(Incident.id)).all()
            if not rows:
                return 0
            changed = self._encode(rows)
            current = self._as_dict(self.columns)
            ids = current["id"]
            pos = np.searchsorted(ids, changed["id"])
            known = (pos < len(ids)) & (ids[np.minimum(pos, len(ids) - 1)] == changed["id"]) \
                if len(ids) else np.zeros(len(rows), bool)
            same = known.all() and all(
                np.array_equal(current[k][pos], v, equal_nan=v.dtype.kind == "f")
                for k, v in changed.items() if k != "point")
            if same:  # only the margin's rows, read again: nothing changed
                return 0
            merged = {k: a.copy() for k, a in current.items()}
            for key, values in changed.items():
                merged[key][pos[known]] = values[known]
            if (~known).any():
                fresh = {k: v[~known] for k, v in changed.items()}
                merged = {k: np.concatenate([merged[k], fresh[k]]) for k in merged}
                order = np.argsort(merged["id"], kind="stable")
                if not np.all(order == np.arange(len(order))):
                    merged = {k: v[order] for k, v in merged.items()}
            self.columns = self._columns(merged)
            self.max_id = int(merged["id"][-1]) if len(merged["id"]) else 0
            self.generation += 1
            return len(rows)

    # ------------------------------------------------------------------ filtering

    def mask(self, filters, search_ids: Iterable[int] | None = None) -> np.ndarray:
        """Incidents matching `filters` (a `queries.Filters`) as a boolean mask."""
        c = self.columns
        v = self.vocabs
        keep = np.ones(len(c), bool)

        def category(name: str, values: Iterable[str]) -> None:
            nonlocal keep
            codes = v[name].lookup(values)
            if len(codes) == 1:
                keep &= c.cats[name] == codes[0]
            else:
                keep &= np.isin(c.cats[name], codes)

        if filters.status != "all":
            category("status", [filters.status])
        if filters.date_from:
            keep &= c.end >= filters.date_from.toordinal()
        if filters.date_to:
            keep &= (c.start != NO_DATE) & (c.start <= filters.date_to.toordinal())
        if filters.type:
            category("type", filters.type)
        if filters.mode:
            category("mode", filters.mode)
        if filters.country:
            category("country", filters.country)
        if filters.admin1:
            category("admin1", filters.admin1)
        if filters.actor:
            needle = filters.actor.lower()
            category("actor", [a for a in v["actor"].values if a and needle in a.lower()])
        if filters.grade:
            category("grade", filters.grade)
        if filters.response:
            category("response", filters.response)
        if filters.min_killed is not None:
            keep &= c.weights["killed_max"] >= filters.min_killed
        if filters.bbox:
            west, south, east, north = filters.bbox
            with np.errstate(invalid="ignore"):
                keep &= (c.lat >= south) & (c.lat <= north)
                keep &= ((c.lon >= west) & (c.lon <= east)) if west <= east else (
                    (c.lon >= west) | (c.lon <= east))
        if search_ids is not None:
            keep &= np.isin(c.id, np.fromiter(search_ids, np.int64))
        return keep

    # ------------------------------------------------------------------ answers

    def page_ids(self, keep: np.ndarray, sort: str, offset: int, limit: int) -> list[int]:
        """Ids of one page of the matching incidents in `sort` order (unknown values last)."""
        c = self.columns
        positions = np.flatnonzero(keep)
        if offset >= len(positions):
            return []
        key = c.sort_key(sort)[positions]
        wanted = offset + limit
        if wanted < len(key) // 2:
            top = np.argpartition(key, wanted - 1)[:wanted]
            order = top[np.argsort(key[top], kind="stable")]
        else:
            order = np.argsort(key, kind="stable")
        return [int(i) for i in c.id[positions[order[offset:wanted]]]]

    def page_rows(self, keep: np.ndarray, sort: str, offset: int, limit: int
                  ) -> list[dict[str, Any]]:
        """One page of the matching incidents as list rows (the API's incident list items),
        built from the index alone."""
        c, v = self.columns, self.vocabs
        ids = self.page_ids(keep, sort, offset, limit)
        if not ids:
            return []
        pos = np.searchsorted(c.id, np.array(ids, np.int64))
        iso: dict[int, str | None] = {NO_DATE: None}

        def day(value: int) -> str | None:
            if value not in iso:
                iso[value] = date.fromordinal(value).isoformat()
            return iso[value]

        def num(name: str) -> list[int | None]:
            return [x if x >= 0 else None for x in c.numbers[name][pos].tolist()]

        def cat(name: str) -> list[str | None]:
            return [v[name].values[i] for i in c.cats[name][pos].tolist()]

        def coord(values: np.ndarray) -> list[float | None]:
            return [None if math.isnan(x) else x for x in values[pos].tolist()]

        columns = {
            "id": ids, "status": cat("status"), "type": cat("type"), "mode": cat("mode"),
            "date_start": [day(d) for d in c.start[pos].tolist()],
            "date_end": [day(d) for d in c.numbers["date_end"][pos].tolist()],
            "date_precision": cat("date_precision"), "place_name": cat("place"),
            "country": cat("country"), "admin1": cat("admin1"), "lat": coord(c.lat),
            "lon": coord(c.lon), "place_precision": cat("place_precision"),
            "actor_name": cat("actor"), "actor_sector": cat("actor_sector"),
            "n_documents": num("n_documents"), "n_events": num("n_events"),
            "killed_min": num("killed_min"), "killed_max": num("killed_max"),
            "civilians_killed_min": num("civ_min"), "civilians_killed_max": num("civ_max"),
            "grade": cat("grade"), "response": cat("response"),
        }
        names = list(columns)
        return [dict(zip(names, row, strict=True))
                for row in zip(*columns.values(), strict=True)]

    def ids(self, keep: np.ndarray) -> np.ndarray:
        return self.columns.id[keep]

    def map_points(self, keep: np.ndarray) -> list[list[Any]]:
        """[id, lat, lon, killed, grade, type, place, date, sources] of each located match."""
        return json.loads(self.map_points_json(keep))

    def map_points_json(self, keep: np.ndarray) -> bytes:
        """The markers of the located matches as one JSON array (joined, not encoded)."""
        c = self.columns
        positions = np.flatnonzero(keep & ~np.isnan(c.lat) & ~np.isnan(c.lon))
        return b"[" + b",".join(c.point[positions].tolist()) + b"]"

    def located(self, keep: np.ndarray) -> np.ndarray:
        c = self.columns
        return keep & ~np.isnan(c.lat) & ~np.isnan(c.lon)

    def map_clusters(self, keep: np.ndarray, cell: float) -> list[list[Any]]:
        c = self.columns
        positions = np.flatnonzero(self.located(keep))
        if not len(positions):
            return []
        lat, lon = c.lat[positions], c.lon[positions]
        gy = np.floor((lat + 90.0) / cell).astype(np.int64)
        gx = np.floor((lon + 180.0) / cell).astype(np.int64)
        gy -= gy.min()  # the grid over the matches only: small whatever the zoom
        gx -= gx.min()
        width = int(gx.max()) + 1
        cells = gy * width + gx
        size = (int(gy.max()) + 1) * width
        if size <= max(4 * len(cells), 65_536):  # a dense grid: counting is one pass
            count = np.bincount(cells, minlength=size)
            used = np.flatnonzero(count)
            slot = np.empty(size, np.int64)
            slot[used] = np.arange(len(used))
            inverse = slot[cells]
            count = count[used]
        else:
            used, inverse = np.unique(cells, return_inverse=True)
            count = np.bincount(inverse)
        mean_lat = np.bincount(inverse, lat) / count
        mean_lon = np.bincount(inverse, lon) / count
        killed = np.bincount(inverse, c.weights["killed_max"][positions])
        first = np.full(len(used), np.iinfo(np.int64).max)
        single = count == 1
        if single.any():
            np.minimum.at(first, inverse, c.id[positions])
        return [[round(float(mean_lat[i]), 4), round(float(mean_lon[i]), 4), int(count[i]),
                 int(killed[i]), int(first[i]) if single[i] else None]
                for i in range(len(used))]

    def periods(self, keep: np.ndarray, interval: str | None
                ) -> tuple[str, list[tuple[date, list[int]]], int]:
        """Incidents and deaths per period of the incidents' first day, every period from
        the first to the last (empty ones as zeros): (interval, [(period start,
        [incidents, killed_min, killed_max, civilians_killed_max])], undated count).
        Without `interval`, one is chosen from the span."""
        c = self.columns
        dated = keep & (c.start != NO_DATE)
        undated = int((keep & (c.start == NO_DATE)).sum())
        positions = np.flatnonzero(dated)
        if not len(positions):
            return interval or "month", [], undated
        starts = c.start[positions]
        if interval is None:
            span = int(starts.max()) - int(starts.min())
            interval = "day" if span <= 62 else "week" if span <= 366 else (
                "month" if span <= 366 * 12 else "year")
        if interval == "day":
            keys = starts.astype(np.int64)
        elif interval == "week":  # ordinal 1 (0001-01-01) is a Monday
            keys = starts.astype(np.int64) - (starts.astype(np.int64) - 1) % 7
        elif interval == "month":
            keys = c.month[positions].astype(np.int64)
        else:
            keys = c.year[positions].astype(np.int64)
        step = 7 if interval == "week" else 1
        low = int(keys.min())
        slots = (keys - low) // step
        length = int(slots.max()) + 1
        sums = [np.bincount(slots, minlength=length)] + [
            np.bincount(slots, c.weights[name][positions], minlength=length)
            for name in ("killed_min", "killed_max", "civ_max")]
        out = []
        for i in range(length):
            key = low + i * step
            if interval in ("day", "week"):
                start = date.fromordinal(key)
            elif interval == "month":
                start = date(1970 + key // 12, key % 12 + 1, 1)
            else:
                start = date(1970 + key, 1, 1)
            out.append((start, [int(s[i]) for s in sums]))
        return interval, out, undated

    def group(self, keep: np.ndarray, name: str, limit: int | None = None
              ) -> list[dict[str, Any]]:
        """Counts and deaths per value of a category, most incidents first."""
        c, v = self.columns, self.vocabs
        codes = c.cats[name][keep]
        size = len(v[name].values)
        count = np.bincount(codes, minlength=size)
        sums = {key: np.bincount(codes, c.weights[col][keep], minlength=size)
                for key, col in (("killed_min", "killed_min"), ("killed_max", "killed_max"),
                                 ("civilians_killed_min", "civ_min"),
                                 ("civilians_killed_max", "civ_max"))}
        order = [int(i) for i in np.argsort(-count, kind="stable") if count[i] > 0]
        if limit:
            order = order[:limit]
        return [{"key": v[name].values[i], "incidents": int(count[i]),
                 **{k: int(s[i]) for k, s in sums.items()}} for i in order]

    def totals(self, keep: np.ndarray) -> dict[str, int]:
        c, v = self.columns, self.vocabs
        unassessed = v["grade"].codes.get("unassessed", -1)
        return {"incidents": int(keep.sum()),
                "killed_min": int(c.weights["killed_min"][keep].sum()),
                "killed_max": int(c.weights["killed_max"][keep].sum()),
                "source_links": int(c.weights["n_documents"][keep].sum()),
                "under_assessment": int((c.cats["grade"][keep] == unassessed).sum())}

    def values(self, name: str, keep: np.ndarray, limit: int) -> list[str]:
        """The most frequent values of a category among `keep`, sorted."""
        return sorted(g["key"] for g in self.group(keep, name, limit) if g["key"] is not None)

    def pairs(self, keep: np.ndarray, limit: int) -> list[tuple[str, str]]:
        """(country, admin1) pairs that occur, most frequent first, sorted."""
        c, v = self.columns, self.vocabs
        combined = c.cats["country"][keep].astype(np.int64) * 1_000_000 + c.cats["admin1"][keep]
        keys, count = np.unique(combined, return_counts=True)
        top = keys[np.argsort(-count, kind="stable")][:limit]
        out = {(v["country"].values[k // 1_000_000] or "", v["admin1"].values[k % 1_000_000])
               for k in top}
        return sorted((cc, a) for cc, a in out if a)


def _naive_if_sqlite(session: Session, value: datetime) -> datetime:
    """SQLite stores these timestamps as naive UTC text; compare like with like."""
    if session.get_bind().dialect.name == "sqlite":
        return value.astimezone(UTC).replace(tzinfo=None)
    return value

