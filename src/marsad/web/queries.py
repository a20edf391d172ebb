"""Read queries of the web app over the store's tables: filters, lists, map, timeline, stats.

Everything here takes a SQLAlchemy `Session` and plain values, returns plain dicts and lists
(JSON-ready), and builds SQL only with bound parameters: user input never becomes SQL text
(sort keys and intervals are looked up in fixed tables).

Free-text search (`q`) matches Arabic however it is spelled: the query and the searchable
text both go through `marsad.text.normalize.normalize_text` (hamza and alef forms, ya/alef
maqsura, ta marbuta, diacritics, tatweel, digits), the normalised text of every incident is
kept in `web_search` (see `sync_search`), and each query word must occur in it; an Arabic
word's article (ال) and conjunction (و) are not required, so "بوكمال" finds "والبوكمال".
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session

from marsad.incidents.figures import GROUP_ORDER, KIND_ORDER, incident_figures, source_figures
from marsad.store.models import (
    Assessment,
    AuditLog,
    Document,
    Event,
    EvidenceSpan,
    Incident,
    IncidentMember,
)
from marsad.store.queries import (
    assessment_dict,
    audit_dict,
    document_dict,
    iso_text,
    span_dict,
)
from marsad.text.normalize import normalize_text
from marsad.web.models import SearchEntry
from marsad.web.snapshot import IncidentIndex

MAX_PER_PAGE = 200
MAP_POINTS_LIMIT = 3000  # more incidents than this in view: the server clusters them
GRADES = ("unassessed", "confirmed", "fair", "weak", "contested", "discounted")
RESPONSES = ("not yet assessed", "credible", "non-credible", "duplicate")


class FilterError(ValueError):
    """A filter value that cannot be used; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --------------------------------------------------------------------------- filters


def _date(name: str, value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FilterError(name, f"expected a date YYYY-MM-DD, got {value[:40]!r}") from None


def _multi(values: Iterable[str] | str | None, limit: int = 50) -> tuple[str, ...]:
    """Repeated parameters and comma-separated lists, blanks dropped."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part[:200])
    return tuple(out[:limit])


def _int(name: str, value: str | int | None, low: int, high: int | None = None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FilterError(name, f"expected a whole number, got {str(value)[:40]!r}") from None
    if number < low or (high is not None and number > high):
        raise FilterError(name, f"must be between {low} and {high}" if high is not None
                          else f"must be at least {low}")
    return number


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """`west,south,east,north` in degrees; west > east crosses the antimeridian."""
    if value is None or not value.strip():
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise FilterError("bbox", "expected west,south,east,north in degrees") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise FilterError("bbox", "expected finite numbers")
    if not (-90 <= south <= north <= 90):
        raise FilterError("bbox", "south and north must be latitudes, south <= north")
    if east - west >= 360:
        west, east = -180.0, 180.0
    west = (west + 180) % 360 - 180 if not -180 <= west <= 180 else west
    east = (east + 180) % 360 - 180 if not -180 <= east <= 180 else east
    return west, south, east, north


SORTS = {
    "date": "date_asc",
    "-date": "date_desc",
    "killed": "killed_asc",
    "-killed": "killed_desc",
    "sources": "sources_asc",
    "-sources": "sources_desc",
    "id": "id_asc",
    "-id": "id_desc",
}


@dataclass(frozen=True)
class Filters:
    """What the incident list, map, timeline, stats and exports are restricted to."""

    date_from: date | None = None
    date_to: date | None = None
    type: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    actor: str | None = None
    grade: tuple[str, ...] = ()
    response: tuple[str, ...] = ()
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_killed: int | None = None
    status: str = "active"

    @classmethod
    def from_query(cls, params) -> Filters:
        """`parse` of a request's query parameters (a Starlette `QueryParams`)."""
        return cls.parse(
            date_from=params.get("date_from"), date_to=params.get("date_to"),
            type=params.getlist("type"), mode=params.getlist("mode"),
            country=params.getlist("country"), admin1=params.getlist("admin1"),
            actor=params.get("actor"), grade=params.getlist("grade"),
            response=params.getlist("response"), q=params.get("q"), bbox=params.get("bbox"),
            min_killed=params.get("min_killed"), status=params.get("status"))

    @classmethod
    def parse(cls, *, date_from: str | None = None, date_to: str | None = None,
              type: Iterable[str] | str | None = None, mode: Iterable[str] | str | None = None,
              country: Iterable[str] | str | None = None,
              admin1: Iterable[str] | str | None = None, actor: str | None = None,
              grade: Iterable[str] | str | None = None,
              response: Iterable[str] | str | None = None, q: str | None = None,
              bbox: str | None = None, min_killed: str | int | None = None,
              status: str | None = None) -> Filters:
        grades = _multi(grade)
        for value in grades:
            if value not in GRADES:
                raise FilterError("grade", f"expected one of {', '.join(GRADES)}")
        responses = _multi(response)
        for value in responses:
            if value not in RESPONSES:
                raise FilterError("response", f"expected one of {', '.join(RESPONSES)}")
        status = (status or "active").strip()
        if status not in ("active", "merged", "dissolved", "all"):
            raise FilterError("status", "expected active, merged, dissolved or all")
        start, end = _date("date_from", date_from), _date("date_to", date_to)
        if start and end and start > end:
            raise FilterError("date_to", "is before date_from")
        q = (q or "").strip()[:300] or None
        actor = (actor or "").strip()[:200] or None
        return cls(
            date_from=start, date_to=end,
            type=tuple(v.upper() for v in _multi(type)),
            mode=_multi(mode),
            country=tuple(v.upper() for v in _multi(country)),
            admin1=_multi(admin1), actor=actor, grade=grades, response=responses, q=q,
            bbox=parse_bbox(bbox), min_killed=_int("min_killed", min_killed, 0),
            status=status,
        )

    def params(self) -> dict[str, Any]:
        """The filters as query parameters (for links that keep them)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, (), "") or (f.name == "status" and value == "active"):
                continue
            if f.name == "bbox":
                value = ",".join(f"{v:g}" for v in value)
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    def key(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_AR_WORD = re.compile(r"[\u0621-\u064a]")


def search_terms(q: str) -> list[str]:
    """The normalised words of a search; Arabic articles and conjunctions made optional."""
    terms: list[str] = []
    for word in normalize_text(q).replace('"', " ").split():
        word = word.strip(".,;:!?()[]{}'")
        if not word:
            continue
        if _AR_WORD.match(word):
            for prefix in ("وال", "فال", "بال", "كال", "لل", "ال"):
                if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                    word = word[len(prefix):]
                    break
        if word not in terms:
            terms.append(word)
    return terms[:10]


def search_ids(session: Session, q: str | None) -> set[int] | None:
    """Ids of the incidents whose normalised text holds every word of `q` (None: no search).
    The words are bound parameters of LIKE patterns with their wildcards escaped."""
    if not q:
        return None
    terms = search_terms(q)
    if not terms:
        return None
    query = select(SearchEntry.incident_id).where(and_(*(
        SearchEntry.norm.like(f"%{_like_escape(t)}%", escape="\\") for t in terms)))
    return set(session.scalars(query))


def _mask(session: Session, index: IncidentIndex, filters: Filters):
    return index.mask(filters, search_ids(session, filters.q))


# --------------------------------------------------------------------------- incidents


LIST_COLUMNS = [
    Incident.id, Incident.status, Incident.type, Incident.mode, Incident.date_start,
    Incident.date_end, Incident.date_precision, Incident.place_name, Incident.country,
    Incident.admin1, Incident.lat, Incident.lon, Incident.place_precision, Incident.actor_name,
    Incident.actor_sector, Incident.n_documents, Incident.n_events, Incident.killed_min,
    Incident.killed_max, Incident.civilians_killed_min, Incident.civilians_killed_max,
    func.coalesce(Assessment.grade, literal("unassessed")).label("grade"),
    func.coalesce(Assessment.response, literal("not yet assessed")).label("response"),
]


def parse_sort(sort: str | None) -> str:
    sort = (sort or "-date").strip()
    if sort in SORTS:
        return SORTS[sort]
    if sort in SORTS.values():
        return sort
    raise FilterError("sort", f"expected one of {', '.join(SORTS)}")


def _row_dict(row) -> dict[str, Any]:
    out = dict(row._mapping)
    for key in ("date_start", "date_end"):
        if isinstance(out.get(key), date):
            out[key] = out[key].isoformat()
    return out


def incident_rows(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The list columns of these incidents, in the order given."""
    if not ids:
        return []
    rows = session.execute(select(*LIST_COLUMNS).select_from(Incident).outerjoin(
        Assessment, Assessment.incident_id == Incident.id).where(Incident.id.in_(ids))).all()
    by_id = {r.id: _row_dict(r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def list_incidents(session: Session, index: IncidentIndex, filters: Filters, *,
                   page: int = 1, per_page: int = 50, sort: str = "date_desc"
                   ) -> dict[str, Any]:
    """One page of incidents matching `filters`: {total, page, per_page, pages, items}."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    keep = _mask(session, index, filters)
    total = int(keep.sum())
    return {"total": total, "page": page, "per_page": per_page,
            "pages": max(1, math.ceil(total / per_page)), "sort": sort,
            "items": index.page_rows(keep, sort, (page - 1) * per_page, per_page)}


def iter_incidents(session: Session, index: IncidentIndex, filters: Filters,
                   batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every incident matching `filters`, in id order, read in batches (exports)."""
    ids = [int(i) for i in index.ids(_mask(session, index, filters))]
    for start in range(0, len(ids), batch):
        yield from incident_rows(session, ids[start:start + batch])


# --------------------------------------------------------------------------- map


def _cell_size(zoom: int) -> float:
    """Degrees per clustering cell at a zoom level: about 60 px on screen."""
    return max(360.0 / (2 ** zoom) * 60 / 256, 0.01)


MAP_FIELDS = ["id", "lat", "lon", "killed", "grade", "type", "place", "date", "sources"]


def map_data(session: Session, index: IncidentIndex, filters: Filters, zoom: int = 3,
             limit: int = MAP_POINTS_LIMIT, raw: bool = False) -> dict[str, Any] | bytes:
    """Markers of the incidents in view: points when there are at most `limit`, else
    clusters on a grid whose cell is about 60 px at `zoom` (each with its count, deaths, the
    centre of its incidents, and the incident's id when it holds only one). With `raw`, a
    points answer comes as JSON bytes already."""
    keep = index.located(_mask(session, index, filters))
    total = int(keep.sum())
    if total <= limit:
        if raw:  # the markers are kept as JSON in the index: join them, do not encode
            head = json.dumps({"kind": "points", "total": total, "fields": MAP_FIELDS})
            return head[:-1].encode() + b',"points":' + index.map_points_json(keep) + b"}"
        return {"kind": "points", "total": total, "fields": MAP_FIELDS,
                "points": index.map_points(keep)}
    cell = _cell_size(zoom)
    return {"kind": "clusters", "total": total, "cell": cell,
            "fields": ["lat", "lon", "count", "killed", "id"],
            "clusters": index.map_clusters(keep, cell)}


# --------------------------------------------------------------------------- timeline

INTERVALS = ("day", "week", "month", "year")


def timeline(session: Session, index: IncidentIndex, filters: Filters,
             interval: str | None = None) -> dict[str, Any]:
    """Incidents and deaths per period (by the incident's first day): {interval, series,
    undated}; periods without incidents between the first and the last are zeros."""
    if interval is not None and interval not in INTERVALS:
        raise FilterError("interval", f"expected one of {', '.join(INTERVALS)}")
    interval, periods, undated = index.periods(_mask(session, index, filters), interval)
    if len(periods) > 5000:  # a day per bar over decades helps nobody: coarser bars
        return timeline(session, index, filters, "month" if interval != "year" else "year")
    series = [{"period": start.isoformat(), "incidents": v[0], "killed_min": v[1],
               "killed_max": v[2], "civilians_killed_max": v[3]} for start, v in periods]
    return {"interval": interval, "series": series, "undated": undated}


# --------------------------------------------------------------------------- stats


def stats(session: Session, index: IncidentIndex, filters: Filters) -> dict[str, Any]:
    """Counts and deaths by grade, response, country, type and actor; the totals."""
    keep = _mask(session, index, filters)
    by_grade = {g["key"]: g for g in index.group(keep, "grade")}
    return {
        "totals": index.totals(keep),
        "by_grade": [by_grade[g] for g in GRADES if g in by_grade],
        "by_response": index.group(keep, "response"),
        "by_country": index.group(keep, "country", 50),
        "by_type": index.group(keep, "type", 50),
        "by_actor": index.group(keep, "actor", 20),
    }


def facets(index: IncidentIndex) -> dict[str, list]:
    """Values offered in the filter form: types, modes, countries, admin areas, actors."""
    keep = index.mask(Filters())
    return {"type": index.values("type", keep, 200), "mode": index.values("mode", keep, 200),
            "country": index.values("country", keep, 200),
            "actor": index.values("actor", keep, 100),
            "admin1": index.pairs(keep, 300)}


# --------------------------------------------------------------------------- search index


def incident_search_text(session: Session, incident_ids: list[int]) -> dict[int, str]:
    """The normalised searchable text of each incident: its summary, its events' places,
    actors, triggers and figures, and its documents' outlets, titles and texts."""
    parts: dict[int, list[str]] = defaultdict(list)
    for row in session.execute(select(
            Incident.id, Incident.type, Incident.mode, Incident.place_name, Incident.admin1,
            Incident.country, Incident.actor_name).where(Incident.id.in_(incident_ids))):
        parts[row.id].extend(str(v) for v in row[1:] if v)
    seen_docs: set[tuple[int, int]] = set()
    for row in session.execute(
            select(IncidentMember.incident_id, IncidentMember.document_id, Event.data,
                   Document.title, Document.outlet, Document.url, Document.text)
            .join(Event, Event.id == IncidentMember.event_id)
            .join(Document, Document.id == IncidentMember.document_id)
            .where(IncidentMember.incident_id.in_(incident_ids))):
        bucket = parts[row.incident_id]
        bucket.extend(_event_words(row.data or {}))
        if (row.incident_id, row.document_id) not in seen_docs:
            seen_docs.add((row.incident_id, row.document_id))
            bucket.extend(v for v in (row.title, row.outlet, row.url) if v)
            bucket.append((row.text or "")[:20000])
    return {i: normalize_text("\n".join(p)) for i, p in parts.items()}


def _event_words(data: Mapping[str, Any]) -> Iterator[str]:
    for key in ("actor", "target"):
        value = data.get(key)
        if isinstance(value, Mapping):
            yield from (str(value[k]) for k in ("text", "name") if value.get(k))
    for place in data.get("places") or []:
        if isinstance(place, Mapping):
            yield from (str(place[k]) for k in ("text", "name") if place.get(k))
    evidence = data.get("evidence")
    if isinstance(evidence, Mapping) and evidence.get("trigger"):
        yield str(evidence["trigger"])


def sync_search_safely(session: Session) -> int:
    """`sync_search` and commit; when another server process is doing the same at the same
    moment (a duplicate entry, a locked database), leave it to them."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    try:
        built = sync_search(session)
        session.commit()
        return built
    except (IntegrityError, OperationalError):
        session.rollback()
        return 0


def sync_search(session: Session, batch: int = 500) -> int:
    """Bring `web_search` in step with the incidents; returns how many entries were built."""
    stale = select(Incident.id, Incident.updated_at, Incident.n_events,
                   Incident.n_documents).outerjoin(
        SearchEntry, SearchEntry.incident_id == Incident.id).where(or_(
            SearchEntry.incident_id.is_(None),
            SearchEntry.updated_at.is_distinct_from(Incident.updated_at),
            SearchEntry.n_events != Incident.n_events,
            SearchEntry.n_documents != Incident.n_documents))
    rows = session.execute(stale).all()
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        texts = incident_search_text(session, [r.id for r in chunk])
        existing = {e.incident_id: e for e in session.scalars(
            select(SearchEntry).where(SearchEntry.incident_id.in_([r.id for r in chunk])))}
        for r in chunk:
            entry = existing.get(r.id) or SearchEntry(incident_id=r.id)
            entry.norm = texts.get(r.id, "")
            entry.updated_at = r.updated_at
            entry.n_events = r.n_events or 0
            entry.n_documents = r.n_documents or 0
            session.add(entry)
        session.flush()
    return len(rows)


# --------------------------------------------------------------------------- one incident


def incident_summary(incident: Incident) -> dict[str, Any]:
    keys = [c.key for c in LIST_COLUMNS if c.key not in ("grade", "response")] + [
        "merged_into", "family", "actor_country", "geonameid", "created_at", "updated_at"]
    out = {k: iso_text(getattr(incident, k)) for k in keys}
    out["figures"] = incident.figures or []
    return out


def audit_entries(session: Session, incident_id: int, limit: int = 500) -> list[dict]:
    rows = session.scalars(select(AuditLog).where(AuditLog.incident_id == incident_id)
                           .order_by(AuditLog.id.desc()).limit(limit))
    return [audit_dict(r) for r in rows]


def event_dict(event: Event, spans: Iterable[EvidenceSpan] = ()) -> dict[str, Any]:
    return {"id": event.id, "document_id": event.document_id, "seq": event.seq,
            "type": event.type, "mode": event.mode, "modality": event.modality,
            "place_name": event.place_name, "country": event.country, "admin1": event.admin1,
            "lat": event.lat, "lon": event.lon, "date_start": iso_text(event.date_start),
            "date_end": iso_text(event.date_end), "actor_name": event.actor_name,
            "confidence": event.confidence, "data": event.data,
            "spans": [span_dict(s) for s in spans]}


def casualty_figures(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One source's figures (the events of one document): per kind and victim group the
    range over its events, as `marsad.incidents.figures.source_figures` computes it."""
    def order(key: tuple[str, str]) -> tuple:
        kind, group = key
        return (KIND_ORDER.index(kind) if kind in KIND_ORDER else 99, kind,
                GROUP_ORDER.index(group) if group in GROUP_ORDER else 99, group)

    figures = source_figures(list(events))
    return [{"kind": k, "group": g, **v} for (k, g), v in sorted(figures.items(),
                                                               key=lambda i: order(i[0]))]


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """`text` cut into (piece, role or None) with the evidence spans marked; spans outside
    the text are dropped and overlapping ones merged (the first role is kept)."""
    clean = sorted((max(0, s), min(len(text), e), role) for s, e, role in spans
                   if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text))
    merged: list[list] = []
    for s, e, role in clean:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e, role])
    out: list[tuple[str, str | None]] = []
    pos = 0
    for s, e, role in merged:
        if s > pos:
            out.append((text[pos:s], None))
        out.append((text[s:e], role))
        pos = e
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def incident_detail(session: Session, incident_id: int) -> dict[str, Any] | None:
    """Everything about one incident: summary, assessment, sources (each document with its
    member events, evidence spans and own casualty figures), combined figures, audit log."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        return None
    members = session.execute(
        select(IncidentMember, Event, Document)
        .join(Event, Event.id == IncidentMember.event_id)
        .join(Document, Document.id == IncidentMember.document_id)
        .where(IncidentMember.incident_id == incident_id)
        .order_by(Document.published.is_(None), Document.published, Document.id, Event.seq)
    ).all()
    event_ids = [e.id for _, e, _ in members]
    spans: dict[int, list[EvidenceSpan]] = defaultdict(list)
    if event_ids:
        for span in session.scalars(select(EvidenceSpan).where(
                EvidenceSpan.event_id.in_(event_ids)).order_by(EvidenceSpan.start)):
            spans[span.event_id].append(span)
    sources: dict[int, dict[str, Any]] = {}
    for member, event, doc in members:
        source = sources.get(doc.id)
        if source is None:
            source = sources[doc.id] = {"document": document_dict(doc) | {"text": doc.text},
                                        "events": [], "members": [], "_data": []}
        source["events"].append(event_dict(event, spans[event.id]))
        source["members"].append({"id": member.id, "event_id": member.event_id,
                                  "added_by": member.added_by, "added_at": iso_text(member.added_at),
                                  "rule": member.rule, "score": member.score,
                                  "reason": member.reason, "locked": member.locked})
        source["_data"].append(event.data or {})
    for source in sources.values():
        source["figures"] = casualty_figures(source.pop("_data"))
    # combined: the range over the sources' own figures, as the store keeps it
    combined = incident.figures or incident_figures(
        {"document": {"id": s["document"]["id"]}, "event": e["data"]}
        for s in sources.values() for e in s["events"])
    return {"incident": incident_summary(incident),
            "assessment": assessment_dict(incident.assessment),
            "sources": list(sources.values()),
            "figures": combined,
            "audit": audit_entries(session, incident_id)}


# --------------------------------------------------------------------------- documents, events


@dataclass(frozen=True)
class DocumentFilters:
    q: str | None = None
    lang: str | None = None
    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    incident_id: int | None = None

    @classmethod
    def parse(cls, *, q=None, lang=None, outlet=None, date_from=None, date_to=None,
              status=None, incident_id=None) -> DocumentFilters:
        return cls(q=(q or "").strip()[:300] or None, lang=(lang or "").strip()[:8] or None,
                   outlet=(outlet or "").strip()[:200] or None,
                   date_from=_date("date_from", date_from), date_to=_date("date_to", date_to),
                   status=(status or "").strip()[:16] or None,
                   incident_id=_int("incident_id", incident_id, 1))


def list_documents(session: Session, filters: DocumentFilters, *, page: int = 1,
                   per_page: int = 50) -> dict[str, Any]:
    """Documents newest first. `q` matches the title, outlet or URL (case-insensitive)."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    conds = []
    if filters.q:
        pattern = f"%{_like_escape(filters.q.lower())}%"
        conds.append(or_(*(func.lower(c).like(pattern, escape="\\")
                           for c in (Document.title, Document.outlet, Document.url))))
    if filters.lang:
        conds.append(Document.lang == filters.lang)
    if filters.outlet:
        conds.append(Document.outlet == filters.outlet)
    if filters.date_from:
        conds.append(Document.published >= filters.date_from)
    if filters.date_to:
        conds.append(Document.published <= filters.date_to)
    if filters.status:
        conds.append(Document.status == filters.status)
    if filters.incident_id:
        conds.append(Document.id.in_(select(IncidentMember.document_id).where(
            IncidentMember.incident_id == filters.incident_id)))
    total = session.scalar(select(func.count()).select_from(Document).where(*conds))
    docs = session.scalars(select(Document).where(*conds).order_by(
        Document.published.desc(), Document.id.desc()).limit(per_page)
        .offset((max(1, page) - 1) * per_page))
    return {"total": total, "page": max(1, page), "per_page": per_page,
            "pages": max(1, math.ceil(total / per_page)),
            "items": [document_dict(d) for d in docs]}


def document_detail(session: Session, document_id: int) -> dict[str, Any] | None:
    doc = session.get(Document, document_id)
    if doc is None:
        return None
    events = list(session.scalars(select(Event).where(Event.document_id == doc.id)
                                  .order_by(Event.seq)))
    spans: dict[int, list[EvidenceSpan]] = defaultdict(list)
    if events:
        for span in session.scalars(select(EvidenceSpan).where(
                EvidenceSpan.event_id.in_([e.id for e in events]))):
            spans[span.event_id].append(span)
    incidents = dict(session.execute(select(IncidentMember.event_id, IncidentMember.incident_id)
                                     .where(IncidentMember.document_id == doc.id)).all())
    out = document_dict(doc) | {"text": doc.text}
    out["events"] = [{**event_dict(e, spans[e.id]), "incident_id": incidents.get(e.id)}
                     for e in events]
    out["incident_ids"] = sorted(set(incidents.values()))
    out["errors"] = [e.message for e in doc.errors]
    return out


@dataclass(frozen=True)
class EventFilters:
    type: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    document_id: int | None = None
    incident_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None

    @classmethod
    def parse(cls, *, type=None, country=None, document_id=None, incident_id=None,
              date_from=None, date_to=None, bbox=None) -> EventFilters:
        return cls(type=tuple(v.upper() for v in _multi(type)),
                   country=tuple(v.upper() for v in _multi(country)),
                   document_id=_int("document_id", document_id, 1),
                   incident_id=_int("incident_id", incident_id, 1),
                   date_from=_date("date_from", date_from), date_to=_date("date_to", date_to),
                   bbox=parse_bbox(bbox))


def list_events(session: Session, filters: EventFilters, *, page: int = 1,
                per_page: int = 50) -> dict[str, Any]:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    conds = []
    if filters.type:
        conds.append(Event.type.in_(filters.type))
    if filters.country:
        conds.append(Event.country.in_(filters.country))
    if filters.document_id:
        conds.append(Event.document_id == filters.document_id)
    if filters.incident_id:
        conds.append(Event.id.in_(select(IncidentMember.event_id).where(
            IncidentMember.incident_id == filters.incident_id)))
    if filters.date_from:
        conds.append(func.coalesce(Event.date_end, Event.date_start) >= filters.date_from)
    if filters.date_to:
        conds.append(Event.date_start <= filters.date_to)
    if filters.bbox:
        west, south, east, north = filters.bbox
        conds.append(Event.lat.between(south, north))
        conds.append(Event.lon.between(west, east) if west <= east
                     else or_(Event.lon >= west, Event.lon <= east))
    total = session.scalar(select(func.count()).select_from(Event).where(*conds))
    events = list(session.scalars(select(Event).where(*conds).order_by(Event.id.desc())
                                  .limit(per_page).offset((max(1, page) - 1) * per_page)))
    members = dict(session.execute(select(IncidentMember.event_id, IncidentMember.incident_id)
                                   .where(IncidentMember.event_id.in_([e.id for e in events])))
                   .all()) if events else {}
    return {"total": total, "page": max(1, page), "per_page": per_page,
            "pages": max(1, math.ceil(total / per_page)),
            "items": [{**event_dict(e), "incident_id": members.get(e.id)} for e in events]}


def event_detail(session: Session, event_id: int) -> dict[str, Any] | None:
    event = session.get(Event, event_id)
    if event is None:
        return None
    member = session.scalar(select(IncidentMember).where(IncidentMember.event_id == event_id))
    out = event_dict(event, event.spans)
    out["incident_id"] = member.incident_id if member else None
    return out


# --------------------------------------------------------------------------- store version


def store_version(session: Session) -> tuple:
    """A cheap fingerprint that changes when incidents, memberships or assessments do."""
    row = session.execute(select(
        select(func.max(Incident.id)).scalar_subquery(),
        select(func.max(IncidentMember.id)).scalar_subquery(),
        select(func.max(AuditLog.id)).scalar_subquery(),
        select(func.count()).select_from(IncidentMember).scalar_subquery(),
    )).one()
    return tuple(row)
