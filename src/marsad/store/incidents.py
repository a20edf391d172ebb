"""Incidents in the store: cluster new events into them, re-cluster, keep summaries current.

- `cluster_pending(store)`: incremental. Events not yet in an incident are clustered against
  the incidents of their time window (loaded from the store, ids kept): each joins one of
  them, or a new incident, with the rule and score recorded on its membership row. Work is
  committed in date-ordered chunks, so an interrupted run resumes where it stopped.
- `recluster(store)`: everything again from scratch, keeping every analyst decision: members
  an analyst merged, split or assessed are locked where they are, and incidents keep their
  ids (a new cluster takes the id of the old incident it overlaps most).
- `refresh_incidents(session, ids)`: recompute the summary columns (type, date, place, actor,
  figures) of incidents from their members.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marsad.incidents.cluster import Clusterer, Config, Item, default_config, make_item
from marsad.incidents.figures import incident_figures, totals
from marsad.store.database import Store
from marsad.store.models import (
    Assessment,
    AuditLog,
    Document,
    Event,
    Incident,
    IncidentMember,
    utcnow,
)
from marsad.values import as_float, as_int

CLUSTERER = "clusterer"
CHUNK_EVENTS = 20_000


@dataclass
class ClusterReport:
    mode: str = "incremental"
    events: int = 0  # events clustered
    joined: int = 0  # ... that joined an existing incident
    new_incidents: int = 0
    moved: int = 0  # re-clustering: events now in another incident
    dissolved: int = 0  # re-clustering: incidents left without members
    incidents_touched: int = 0

    def summary(self) -> str:
        text = (f"{self.events} events clustered: {self.joined} joined existing incidents, "
                f"{self.new_incidents} new incidents")
        if self.mode == "full":
            text += f", {self.moved} moved, {self.dissolved} dissolved"
        return text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- loading


_EVENT_COLUMNS = (Event.id, Event.document_id, Event.data, Document.published,
                  Document.text_date)


def _item(row, config: Config) -> Item | None:
    return make_item(row.id, row.document_id, row.data, published=row.published,
                     text_date=row.text_date, config=config)


def _pending_rows(session: Session, limit: int):
    query = (
        select(*_EVENT_COLUMNS, Event.win_start)
        .join(Document, Document.id == Event.document_id)
        .outerjoin(IncidentMember, IncidentMember.event_id == Event.id)
        .where(Event.clusterable.is_(True), IncidentMember.id.is_(None))
        .order_by(Event.win_start, Event.id)
        .limit(limit)
    )
    return session.execute(query).all()


def _seed_incidents(session: Session, low: date, high: date, config: Config,
                    clusterer: Clusterer) -> None:
    """Seed the clusterer with the active incidents that have a member in [low, high]."""
    # windows are at most max_window_days long: bounding win_start keeps the index useful
    earliest = low - timedelta(days=config.max_window_days + config.document_lookback_days + 1)
    ids = select(IncidentMember.incident_id).join(Event, Event.id == IncidentMember.event_id)
    ids = ids.where(Event.win_start >= earliest, Event.win_start <= high,
                    Event.win_end >= low).distinct()
    incident_ids = [i for (i,) in session.execute(ids)]
    for chunk in _chunks(incident_ids, 500):
        rows = session.execute(
            select(IncidentMember.incident_id, IncidentMember.added_by, *_EVENT_COLUMNS)
            .join(Event, Event.id == IncidentMember.event_id)
            .join(Document, Document.id == Event.document_id)
            .join(Incident, Incident.id == IncidentMember.incident_id)
            .where(IncidentMember.incident_id.in_(chunk), Incident.status == "active")
            .order_by(IncidentMember.id)
        ).all()
        grouped: dict[int, list[Item]] = defaultdict(list)
        exempt: dict[int, set[int]] = defaultdict(set)
        for row in rows:
            item = _item(row, config)
            if item is not None:
                grouped[row.incident_id].append(item)
                if row.added_by != CLUSTERER:
                    exempt[row.incident_id].add(row.id)
        for incident_id, items in grouped.items():
            clusterer.seed(incident_id, items, exempt.get(incident_id, ()))


def _chunks(values: list, size: int) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _new_incident(session: Session) -> Incident:
    incident = Incident(status="active", figures=[])
    incident.assessment = Assessment()
    session.add(incident)
    return incident


def new_incidents(session: Session, n: int) -> list[int]:
    """Create `n` empty active incidents (with default assessments) at once; their ids."""
    if n <= 0:
        return []
    now = utcnow()
    rows = [{"status": "active", "created_at": now, "updated_at": now, "figures": [],
             "n_documents": 0, "n_events": 0} for _ in range(n)]
    table = Incident.__table__
    ids = list(session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars())
    session.execute(insert(Assessment.__table__), [
        {"incident_id": i, "grade": "unassessed", "response": "not yet assessed"}
        for i in ids])
    return ids


# --------------------------------------------------------------------------- incremental


def cluster_pending(store: Store, *, config: Config | None = None,
                    chunk: int = CHUNK_EVENTS) -> ClusterReport:
    """Cluster every event that is not yet in an incident (see the module docstring).

    Several processes may run this at once on one store: on PostgreSQL they take turns (an
    advisory lock); elsewhere a process whose events another one clustered meanwhile (the
    unique constraint on the member's event refuses it) rolls back and looks again.
    """
    config = config or default_config()
    report = ClusterReport()
    touched: set[int] = set()
    conflicts = 0
    while True:
        try:
            with store.session() as session:
                _lock_clustering(session)
                n_rows, counts, chunk_touched = _cluster_chunk(session, config, chunk)
        except IntegrityError:
            conflicts += 1
            if conflicts > 20:
                raise
            continue
        if counts:
            report.events += counts["events"]
            report.joined += counts["joined"]
            report.new_incidents += counts["new_incidents"]
            touched |= chunk_touched
        if n_rows < chunk:
            break
    report.incidents_touched = len(touched)
    return report


_CLUSTER_LOCK = 74_617_284  # pg_advisory_xact_lock key: one clusterer at a time


def _lock_clustering(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CLUSTER_LOCK})


def _cluster_chunk(session: Session, config: Config, chunk: int
                   ) -> tuple[int, dict[str, int] | None, set[int]]:
    """Cluster up to `chunk` pending events in the caller's transaction."""
    rows = _pending_rows(session, chunk)
    if not rows:
        return 0, None, set()
    items = [it for it in (_item(row, config) for row in rows) if it is not None]
    if len(items) < len(rows):  # flagged clusterable, but not under this config
        keep = {it.key for it in items}
        session.execute(update(Event).where(
            Event.id.in_([r.id for r in rows if r.id not in keep])).values(clusterable=False))
        if not items:
            return chunk, None, set()  # look again: the next rows may be clusterable
    low = date.fromordinal(min(it.d0 for it in items))
    high = date.fromordinal(max(it.d1 for it in items))
    clusterer = Clusterer(config)
    reach = timedelta(days=clusterer.reach)  # how far a look-up reaches past a window
    _seed_incidents(session, low - reach, high + reach, config, clusterer)
    seeds = set(clusterer.clusters)
    documents = {it.key: it.doc for it in items}
    assignments = list(clusterer.run(items))
    fresh = list(dict.fromkeys(a.cluster for a in assignments if a.cluster not in seeds))
    new_ids = dict(zip(fresh, new_incidents(session, len(fresh)), strict=True))
    members = []
    touched: set[int] = set()
    joined = 0
    now = utcnow()
    for assignment in assignments:
        target = assignment.cluster
        if target in seeds:
            joined += 1
            incident_id = target
        else:
            incident_id = new_ids[target]
        touched.add(incident_id)
        members.append({
            "incident_id": incident_id, "event_id": assignment.key,
            "document_id": documents[assignment.key], "added_by": CLUSTERER, "added_at": now,
            "rule": assignment.rule, "score": assignment.score, "locked": False,
        })
    if members:
        session.execute(IncidentMember.__table__.insert(), members)
    refresh_incidents(session, touched)
    return len(rows), {"events": len(members), "joined": joined,
                       "new_incidents": len(fresh)}, touched


# --------------------------------------------------------------------------- full


def recluster(store: Store, *, who: str = CLUSTERER, config: Config | None = None,
              why: str | None = None) -> ClusterReport:
    """Cluster all events again, keeping analyst decisions and incident ids."""
    config = config or default_config()
    report = ClusterReport(mode="full")
    with store.session() as session:
        _lock_clustering(session)
        rows = session.execute(
            select(*_EVENT_COLUMNS, IncidentMember.incident_id, IncidentMember.locked,
                   IncidentMember.added_by, Incident.status)
            .join(Document, Document.id == Event.document_id)
            .outerjoin(IncidentMember, IncidentMember.event_id == Event.id)
            .outerjoin(Incident, Incident.id == IncidentMember.incident_id)
            .where(Event.clusterable.is_(True))
        ).all()
        clusterer = Clusterer(config)
        locked: dict[int, list[Item]] = defaultdict(list)
        exempt: dict[int, set[int]] = defaultdict(set)
        free: list[Item] = []
        old_incident: dict[int, int | None] = {}
        documents: dict[int, int] = {}
        for row in rows:
            item = _item(row, config)
            if item is None:
                continue
            documents[row.id] = row.document_id
            if row.locked and row.status == "active":
                locked[row.incident_id].append(item)
                if row.added_by != CLUSTERER:
                    exempt[row.incident_id].add(row.id)
            else:
                free.append(item)
                old_incident[row.id] = row.incident_id
        for incident_id, items in locked.items():
            clusterer.seed(incident_id, items, exempt.get(incident_id, ()))
        seeds = set(locked)
        assignments = list(clusterer.run(free))

        # new clusters take the id of the (non-anchored, active) incident they overlap most
        overlap: Counter = Counter()
        for a in assignments:
            old = old_incident.get(a.key)
            if a.cluster not in seeds and old is not None and old not in seeds:
                overlap[(a.cluster, old)] += 1
        active = {i for (i,) in session.execute(
            select(Incident.id).where(Incident.status == "active"))}
        mapping: dict[Any, int] = {}
        used: set[int] = set()
        for (cluster, old), _n in sorted(overlap.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            if cluster in mapping or old in used or old not in active:
                continue
            mapping[cluster] = old
            used.add(old)
        touched: set[int] = set()
        fresh = list(dict.fromkeys(a.cluster for a in assignments
                                   if a.cluster not in seeds and a.cluster not in mapping))
        mapping.update(zip(fresh, new_incidents(session, len(fresh)), strict=True))
        report.new_incidents = len(fresh)
        members = IncidentMember.__table__
        kept, moved_ids, added = [], [], []
        now = utcnow()
        for a in assignments:
            target = a.cluster if a.cluster in seeds else mapping[a.cluster]
            old = old_incident.get(a.key)
            touched.add(target)
            if old is not None:
                touched.add(old)
            if a.score is not None:
                report.joined += 1
            if old == target:
                kept.append({"_event": a.key, "rule": a.rule, "score": a.score})
                continue
            if old is not None:
                moved_ids.append(a.key)
            added.append({"incident_id": target, "event_id": a.key,
                          "document_id": documents[a.key], "added_by": CLUSTERER,
                          "added_at": now, "rule": a.rule, "score": a.score, "locked": False})
        report.moved = len(moved_ids)
        if kept:
            session.execute(update(members).where(members.c.event_id == bindparam("_event"))
                            .values(rule=bindparam("rule"), score=bindparam("score")), kept)
        for chunk in _chunks(moved_ids, 500):
            session.execute(delete(members).where(members.c.event_id.in_(chunk)))
        if added:
            session.execute(insert(members), added)
        report.events = len(assignments)
        session.flush()
        refresh_incidents(session, touched)
        # incidents left without members
        empty = session.execute(
            select(Incident.id).where(
                Incident.status == "active",
                ~select(IncidentMember.id).where(
                    IncidentMember.incident_id == Incident.id).exists())
        ).scalars().all()
        if empty:
            session.execute(update(Incident).where(Incident.id.in_(empty)).values(
                status="dissolved", updated_at=utcnow()))
        report.dissolved = len(empty)
        report.incidents_touched = len(touched)
        session.add(AuditLog(who=who, action="recluster", why=why, before=None,
                             after=report.as_dict()))
    return report


# --------------------------------------------------------------------------- summaries

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "doc": 3}


def _place_key(place: dict[str, Any]) -> tuple:
    if place.get("geonameid") is not None:
        return ("id", str(place["geonameid"]))
    lat, lon = place.get("lat"), place.get("lon")
    if lat is not None and lon is not None:
        return ("ll", round(float(lat), 3), round(float(lon), 3))
    return ("name", place.get("name"), place.get("country"), place.get("admin1"))


def summarise(members: list[dict[str, Any]], config: Config | None = None) -> dict[str, Any]:
    """Summary columns of an incident from its members ({"document": {...}, "event": {...}})."""
    config = config or default_config()
    events = [m["event"] for m in members]
    types = Counter(e.get("type") for e in events if e.get("type"))
    modes = Counter(e.get("mode") for e in events if e.get("mode"))
    type_ = types.most_common(1)[0][0] if types else None
    out: dict[str, Any] = {
        "type": type_, "family": config.family(type_), "mode":
        modes.most_common(1)[0][0] if modes else None,
        "n_events": len(events),
        "n_documents": len({m["document"].get("id") for m in members}),
    }
    # date: the most precise dates the members give, their span
    dated = []
    for m in members:
        when = m["event"].get("date") or {}
        start = when.get("start")
        if start:
            dated.append((when.get("precision") or "day", start, when.get("end") or start))
    if dated:
        best = min(PRECISION_RANK.get(p, 9) for p, _, _ in dated)
        chosen = [d for d in dated if PRECISION_RANK.get(d[0], 9) == best]
        out["date_start"] = date.fromisoformat(min(d[1] for d in chosen)[:10])
        out["date_end"] = date.fromisoformat(max(d[2] for d in chosen)[:10])
        out["date_precision"] = chosen[0][0]
    else:
        published = [m["document"].get("published") for m in members
                     if m["document"].get("published")]
        if published:
            out["date_start"] = out["date_end"] = min(published)
            out["date_precision"] = "published"
        else:
            out["date_start"] = out["date_end"] = out["date_precision"] = None
    # place: the most supported, then the most precise
    support: Counter = Counter()
    places: dict[tuple, dict[str, Any]] = {}
    for e in events:
        seen = set()
        for place in e.get("places") or []:
            if not isinstance(place, dict):
                continue
            key = _place_key(place)
            if key in seen:
                continue
            seen.add(key)
            support[key] += 1
            places.setdefault(key, place)

    def radius(place: dict[str, Any]) -> float:
        value = config.radius.get(str(place.get("precision") or "unknown").lower(), 15)
        return math.inf if value is None else value

    if places:
        key = max(places, key=lambda k: (support[k], -radius(places[k]), str(k)))
        place = places[key]
        out.update(place_name=place.get("name"), geonameid=as_int(place.get("geonameid")),
                   lat=as_float(place.get("lat")), lon=as_float(place.get("lon")),
                   country=place.get("country"), admin1=place.get("admin1"),
                   place_precision=place.get("precision"))
    else:
        out.update(place_name=None, geonameid=None, lat=None, lon=None, country=None,
                   admin1=None, place_precision=None)
    # actor: the most named
    actors = Counter()
    actor_of = {}
    for e in events:
        actor = e.get("actor")
        if isinstance(actor, dict) and actor.get("name"):
            actors[actor["name"]] += 1
            actor_of.setdefault(actor["name"], actor)
    if actors:
        name = actors.most_common(1)[0][0]
        out.update(actor_name=name, actor_sector=actor_of[name].get("sector"),
                   actor_country=actor_of[name].get("country"))
    else:
        out.update(actor_name=None, actor_sector=None, actor_country=None)
    figures = incident_figures(members)
    total = totals(figures)
    out["figures"] = figures
    out["killed_min"], out["killed_max"] = total["killed"] or (None, None)
    out["civilians_killed_min"], out["civilians_killed_max"] = (
        total["civilians_killed"] or (None, None))
    return out




def document_info(row: Document | Any) -> dict[str, Any]:
    return {"id": row.id, "doc_id": row.doc_id, "outlet": row.outlet, "lang": row.lang,
            "url": row.url, "published": row.published}


def refresh_incidents(session: Session, incident_ids: Iterable[int]) -> None:
    """Recompute summary columns and figures of these incidents from their members."""
    ids = sorted({i for i in incident_ids if i is not None})
    config = default_config()
    for chunk in _chunks(ids, 500):
        rows = session.execute(
            select(IncidentMember.incident_id, Event.data, Document.id, Document.doc_id,
                   Document.outlet, Document.lang, Document.url, Document.published)
            .join(Event, Event.id == IncidentMember.event_id)
            .join(Document, Document.id == IncidentMember.document_id)
            .where(IncidentMember.incident_id.in_(chunk))
            .order_by(IncidentMember.incident_id, IncidentMember.id)
        ).all()
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            grouped[row.incident_id].append({"event": row.data, "document": {
                "id": row.id, "doc_id": row.doc_id, "outlet": row.outlet, "lang": row.lang,
                "url": row.url, "published": row.published}})
        now = utcnow()
        empty = {"n_events": 0, "n_documents": 0, "figures": [], "killed_min": None,
                 "killed_max": None, "civilians_killed_min": None,
                 "civilians_killed_max": None}
        by_columns: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for incident_id in chunk:
            members = grouped.get(incident_id, [])
            values = summarise(members, config) if members else dict(empty)
            values["figures"] = _jsonable(values["figures"])
            values["updated_at"] = now
            by_columns[tuple(sorted(values))].append({"_id": incident_id, **values})
        table = Incident.__table__
        for columns, rows in by_columns.items():
            statement = update(table).where(table.c.id == bindparam("_id")).values(
                {name: bindparam(name) for name in columns})
            session.execute(statement, rows)  # one executemany per column set


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def unclustered_events(session: Session) -> int:
    """How many clusterable events are not in an incident yet."""
    query = (select(func.count(Event.id))
             .outerjoin(IncidentMember, IncidentMember.event_id == Event.id)
             .where(and_(Event.clusterable.is_(True), IncidentMember.id.is_(None))))
    return session.execute(query).scalar_one()
