"""The store's query API: what the CLI and the web app read and change.

Every function takes a SQLAlchemy `Session` (from `Store.session()`) and plain values and
returns plain, JSON-ready dicts and lists (dates as ISO strings). Writes happen in the
caller's session; the caller commits (`Store.session()` does on leaving its block).

Read:
    list_incidents(session, grade=, response=, country=, actor=, type=, date_from=, date_to=,
                   document=, min_documents=, q=, status="active", order="date", limit=, offset=)
        -> {"total", "limit", "offset", "items": [incident summary, ...]}
    get_incident(session, id) -> incident record + members (document, event, evidence spans,
                                 rule, score, who added it) + assessment history, or None
    iter_incident_records(session, **filters) -> one export record per incident (streamed)
    list_documents(session, ...), get_document(session, id)
    audit_log(session, incident_id=, who=, action=, limit=, offset=)
    ingest_runs(session), ingest_errors(session, run_id=)
    overview(session) -> counts of documents, events, incidents, unclustered events, ...
Write (re-exported):
    assess, merge_incidents, split_incident   (marsad.incidents.assessment)
    cluster_pending, recluster                 (marsad.store.incidents)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from marsad.incidents.assessment import (
    AssessmentError,
    assess,
    merge_incidents,
    normalise_grade,
    normalise_response,
    split_incident,
)
from marsad.store.incidents import cluster_pending, recluster, unclustered_events
from marsad.store.models import (
    Assessment,
    AuditLog,
    Document,
    DocumentError,
    Event,
    EvidenceSpan,
    Incident,
    IncidentConstraint,
    IncidentMember,
    IngestError,
    IngestRun,
)

__all__ = [
    "AssessmentError", "QueryError", "assess", "audit_log", "cluster_pending", "get_document",
    "get_incident", "incident_record", "ingest_errors", "ingest_runs", "iter_incident_records",
    "list_documents", "list_incidents", "merge_incidents", "overview", "recluster",
    "split_incident",
]

MAX_LIMIT = 1000
ORDERS = {
    "date": (Incident.date_start.desc(), Incident.id.desc()),
    "-date": (Incident.date_start.asc(), Incident.id.asc()),
    "id": (Incident.id.asc(),),
    "-id": (Incident.id.desc(),),
    "documents": (Incident.n_documents.desc(), Incident.id.desc()),
    "killed": (Incident.killed_max.desc(), Incident.id.desc()),
    "updated": (Incident.updated_at.desc(), Incident.id.desc()),
}


class QueryError(ValueError):
    """A filter value that cannot be used; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def iso_text(value: Any) -> Any:
    """A date or time as ISO 8601 text (a time without zone is UTC, as the store writes it);
    any other value unchanged."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite keeps no zone; the store writes UTC
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _date(field: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise QueryError(field, f"expected YYYY-MM-DD, got {value!r}") from None


def _range(low: Any, high: Any) -> dict[str, Any] | None:
    if low is None and high is None:
        return None
    return {"min": low, "max": high}


# --------------------------------------------------------------------------- incidents


def incident_filters(
    *,
    status: str | None = "active",
    grade: str | None = None,
    response: str | None = None,
    country: str | None = None,
    actor: str | None = None,
    type: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    document: int | None = None,
    min_documents: int | None = None,
    q: str | None = None,
) -> list[Any]:
    """SQL conditions on Incident (joined with Assessment) for these filters."""
    where: list[Any] = []
    if status and status != "all":
        where.append(Incident.status == status)
    if grade:
        try:
            where.append(Assessment.grade == normalise_grade(grade))
        except AssessmentError as err:
            raise QueryError("grade", err.message) from None
    if response:
        try:
            where.append(Assessment.response == normalise_response(response))
        except AssessmentError as err:
            raise QueryError("response", err.message) from None
    if country:
        where.append(func.upper(Incident.country) == country.strip().upper())
    if actor:
        where.append(func.lower(Incident.actor_name).contains(actor.strip().lower()))
    if type:
        where.append(func.upper(Incident.type) == type.strip().upper())
    low, high = _date("date_from", date_from), _date("date_to", date_to)
    if low:
        where.append(Incident.date_end >= low)
    if high:
        where.append(Incident.date_start <= high)
    if document is not None:
        where.append(Incident.id.in_(select(IncidentMember.incident_id).where(
            IncidentMember.document_id == int(document))))
    if min_documents:
        where.append(Incident.n_documents >= int(min_documents))
    if q:
        pattern = q.strip().lower()
        where.append(or_(func.lower(Incident.place_name).contains(pattern),
                         func.lower(Incident.actor_name).contains(pattern),
                         Incident.id.in_(select(IncidentMember.incident_id).join(
                             Document, Document.id == IncidentMember.document_id).where(
                             or_(func.lower(Document.title).contains(pattern),
                                 Document.doc_id == q.strip())))))
    return where


def _incident_select(where: list[Any]) -> Select:
    return (select(Incident, Assessment)
            .outerjoin(Assessment, Assessment.incident_id == Incident.id)
            .where(*where))


def incident_summary(incident: Incident, assessment: Assessment | None) -> dict[str, Any]:
    """The list-row view of an incident."""
    return {
        "id": incident.id,
        "status": incident.status,
        "merged_into": incident.merged_into,
        "type": incident.type,
        "mode": incident.mode,
        "date": {"start": iso_text(incident.date_start), "end": iso_text(incident.date_end),
                 "precision": incident.date_precision},
        "place": {"name": incident.place_name, "geonameid": incident.geonameid,
                  "lat": incident.lat, "lon": incident.lon, "country": incident.country,
                  "admin1": incident.admin1, "precision": incident.place_precision},
        "actor": {"name": incident.actor_name, "sector": incident.actor_sector,
                  "country": incident.actor_country},
        "n_documents": incident.n_documents,
        "n_events": incident.n_events,
        "killed": _range(incident.killed_min, incident.killed_max),
        "civilians_killed": _range(incident.civilians_killed_min,
                                   incident.civilians_killed_max),
        "grade": assessment.grade if assessment else "unassessed",
        "response": assessment.response if assessment else "not yet assessed",
        "conceded": _range(assessment.conceded_min, assessment.conceded_max)
        if assessment else None,
        "duplicate_of": assessment.duplicate_of if assessment else None,
        "created_at": iso_text(incident.created_at),
        "updated_at": iso_text(incident.updated_at),
    }


def list_incidents(session: Session, *, order: str = "date", limit: int = 50,
                   offset: int = 0, **filters: Any) -> dict[str, Any]:
    """A page of incidents matching the filters (see `incident_filters`)."""
    if order not in ORDERS:
        raise QueryError("order", f"expected one of {', '.join(ORDERS)}, got {order!r}")
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    where = incident_filters(**filters)
    total = session.execute(
        select(func.count()).select_from(Incident)
        .outerjoin(Assessment, Assessment.incident_id == Incident.id).where(*where)
    ).scalar_one()
    rows = session.execute(
        _incident_select(where).order_by(*ORDERS[order]).limit(limit).offset(offset)).all()
    return {"total": total, "limit": limit, "offset": offset,
            "items": [incident_summary(i, a) for i, a in rows]}


def _members(session: Session, incident_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(IncidentMember, Document.doc_id, Document.sha256, Document.outlet,
               Document.url, Document.lang, Document.published, Document.title)
        .join(Document, Document.id == IncidentMember.document_id)
        .where(IncidentMember.incident_id.in_(incident_ids))
        .order_by(IncidentMember.incident_id, IncidentMember.document_id,
                  IncidentMember.event_id)
    ).all()
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for member, doc_id, sha, outlet, url, lang, published, title in rows:
        out[member.incident_id].append({
            "event_id": member.event_id, "document_id": member.document_id,
            "doc_id": doc_id, "sha256": sha, "outlet": outlet, "url": url, "lang": lang,
            "published": iso_text(published), "title": title, "added_by": member.added_by,
            "added_at": iso_text(member.added_at), "rule": member.rule, "score": member.score,
            "reason": member.reason, "locked": member.locked,
        })
    return out


def incident_record(incident: Incident, assessment: Assessment | None,
                    members: list[dict[str, Any]]) -> dict[str, Any]:
    """The export record of an incident (one line of `marsad incidents --format jsonl`)."""
    record = incident_summary(incident, assessment)
    documents = []
    for member in members:
        if member["doc_id"] not in documents:
            documents.append(member["doc_id"])
    record["documents"] = documents
    record["members"] = members
    record["casualties"] = incident.figures or []
    record["outlets"] = sorted({m["outlet"] for m in members if m["outlet"]})
    return record


def iter_incident_records(session: Session, *, batch: int = 500,
                          **filters: Any) -> Iterator[dict[str, Any]]:
    """Export records of all incidents matching the filters, by id, in batches."""
    where = incident_filters(**filters)
    last = 0
    while True:
        rows = session.execute(_incident_select([*where, Incident.id > last])
                               .order_by(Incident.id).limit(batch)).all()
        if not rows:
            return
        members = _members(session, [i.id for i, _ in rows])
        for incident, assessment in rows:
            yield incident_record(incident, assessment, members.get(incident.id, []))
        last = rows[-1][0].id


def span_dict(span: EvidenceSpan) -> dict[str, Any]:
    """An evidence span as JSON: role, character offsets, text."""
    return {"role": span.role, "start": span.start, "end": span.end, "text": span.text}


def audit_dict(row: AuditLog) -> dict[str, Any]:
    """One audit-log row as JSON."""
    return {"id": row.id, "at": iso_text(row.at), "who": row.who, "action": row.action,
            "incident_id": row.incident_id, "why": row.why, "before": row.before,
            "after": row.after}


UNASSESSED = {"grade": "unassessed", "response": "not yet assessed", "conceded_min": None,
              "conceded_max": None, "duplicate_of": None, "notes": None, "updated_by": None,
              "updated_at": None}


def assessment_dict(assessment: Assessment | None) -> dict[str, Any]:
    """An incident's assessment as JSON; an incident nobody assessed yet reads UNASSESSED."""
    if assessment is None:
        return dict(UNASSESSED)
    return {"grade": assessment.grade, "response": assessment.response,
            "conceded_min": assessment.conceded_min, "conceded_max": assessment.conceded_max,
            "duplicate_of": assessment.duplicate_of, "notes": assessment.notes,
            "updated_by": assessment.updated_by, "updated_at": iso_text(assessment.updated_at)}


def get_incident(session: Session, incident_id: int, *, with_text: bool = False
                 ) -> dict[str, Any] | None:
    """One incident with everything about it, or None.

    Members carry their document (outlet, url, lang, published, title; its text when
    `with_text`), the full event dict, its evidence spans, and who added it, by which rule and
    score. `history` is the incident's audit log, oldest first; `separate_from` lists the
    incidents an analyst split it from.
    """
    row = session.execute(_incident_select([Incident.id == int(incident_id)])).first()
    if row is None:
        return None
    incident, assessment = row
    members = _members(session, [incident.id]).get(incident.id, [])
    record = incident_record(incident, assessment, members)
    event_ids = [m["event_id"] for m in members]
    events = {e.id: e for e in session.execute(
        select(Event).where(Event.id.in_(event_ids))).scalars()} if event_ids else {}
    spans: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if event_ids:
        for span in session.execute(select(EvidenceSpan).where(
                EvidenceSpan.event_id.in_(event_ids)).order_by(EvidenceSpan.start)).scalars():
            spans[span.event_id].append(span_dict(span))
    texts = {}
    if with_text and members:
        texts = dict(session.execute(select(Document.id, Document.text).where(
            Document.id.in_({m["document_id"] for m in members}))).all())
    for member in members:
        event = events.get(member["event_id"])
        member["event"] = event.data if event else None
        member["seq"] = event.seq if event else None
        member["spans"] = spans.get(member["event_id"], [])
        if with_text:
            member["text"] = texts.get(member["document_id"])
    record["history"] = [audit_dict(row) for row in session.execute(
        select(AuditLog).where(AuditLog.incident_id == incident.id)
        .order_by(AuditLog.at, AuditLog.id)).scalars()]
    record["assessment"] = None if assessment is None else assessment_dict(assessment)
    record["separate_from"] = sorted(
        (c.incident_b if c.incident_a == incident.id else c.incident_a)
        for c in session.execute(select(IncidentConstraint).where(or_(
            IncidentConstraint.incident_a == incident.id,
            IncidentConstraint.incident_b == incident.id))).scalars())
    return record


# --------------------------------------------------------------------------- documents


def document_dict(doc: Document) -> dict[str, Any]:
    """A stored document's metadata as JSON (no text)."""
    return {"id": doc.id, "doc_id": doc.doc_id, "sha256": doc.sha256, "source": doc.source,
            "url": doc.url, "title": doc.title, "outlet": doc.outlet, "lang": doc.lang,
            "encoding": doc.encoding, "published": iso_text(doc.published),
            "text_date": iso_text(doc.text_date), "retrieved_at": iso_text(doc.retrieved_at),
            "ingested_at": iso_text(doc.ingested_at), "status": doc.status,
            "extractor": doc.extractor}


def list_documents(session: Session, *, status: str | None = None, outlet: str | None = None,
                   lang: str | None = None, q: str | None = None, limit: int = 50,
                   offset: int = 0) -> dict[str, Any]:
    """A page of documents, newest ingested first."""
    where = []
    if status:
        where.append(Document.status == status)
    if outlet:
        where.append(Document.outlet == outlet)
    if lang:
        where.append(Document.lang == lang)
    if q:
        pattern = q.strip().lower()
        where.append(or_(func.lower(Document.title).contains(pattern),
                         Document.doc_id == q.strip(), Document.sha256 == q.strip()))
    limit = max(1, min(int(limit), MAX_LIMIT))
    total = session.execute(select(func.count(Document.id)).where(*where)).scalar_one()
    rows = session.execute(select(Document).where(*where)
                           .order_by(Document.id.desc()).limit(limit).offset(offset)).scalars()
    return {"total": total, "limit": limit, "offset": offset,
            "items": [document_dict(d) for d in rows]}


def get_document(session: Session, document_id: int) -> dict[str, Any] | None:
    """A document with its text, events (with spans and incident), errors and record."""
    doc = session.get(Document, int(document_id))
    if doc is None:
        return None
    out = document_dict(doc)
    out["text"] = doc.text
    out["record"] = doc.record
    out["errors"] = [e.message for e in session.execute(
        select(DocumentError).where(DocumentError.document_id == doc.id)
        .order_by(DocumentError.id)).scalars()]
    events = session.execute(select(Event, IncidentMember.incident_id)
                             .outerjoin(IncidentMember, IncidentMember.event_id == Event.id)
                             .where(Event.document_id == doc.id).order_by(Event.seq)).all()
    out["events"] = [{"id": e.id, "seq": e.seq, "incident_id": incident_id, "event": e.data,
                      "spans": [span_dict(s) for s in e.spans]} for e, incident_id in events]
    return out


# --------------------------------------------------------------------------- logs


def audit_log(session: Session, *, incident_id: int | None = None, who: str | None = None,
              action: str | None = None, limit: int = 100, offset: int = 0
              ) -> list[dict[str, Any]]:
    """Audit-log rows, newest first."""
    where = []
    if incident_id is not None:
        where.append(AuditLog.incident_id == int(incident_id))
    if who:
        where.append(AuditLog.who == who)
    if action:
        where.append(AuditLog.action == action)
    limit = max(1, min(int(limit), MAX_LIMIT))
    return [audit_dict(row) for row in session.execute(
        select(AuditLog).where(*where).order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit).offset(offset)).scalars()]


def ingest_runs(session: Session, *, limit: int = 20) -> list[dict[str, Any]]:
    """Recent ingest runs, newest first; an unfinished run was interrupted or is running."""
    rows = session.execute(select(IngestRun).order_by(IngestRun.id.desc()).limit(limit))
    return [{"id": r.id, "started_at": iso_text(r.started_at), "finished_at": iso_text(r.finished_at),
             "inputs": r.inputs, "counts": r.counts} for r in rows.scalars()]


def ingest_errors(session: Session, *, run_id: int | None = None, limit: int = 1000
                  ) -> list[dict[str, Any]]:
    """Inputs that could not be read, and documents stored with errors (extraction failed or
    warned), of one run or all runs."""
    where = [IngestError.run_id == run_id] if run_id is not None else []
    out = [{"source": e.source, "field": e.field, "message": e.message, "run_id": e.run_id,
            "document_id": None, "at": iso_text(e.created_at)}
           for e in session.execute(select(IngestError).where(*where)
                                    .order_by(IngestError.id).limit(limit)).scalars()]
    doc_where = [Document.run_id == run_id] if run_id is not None else []
    rows = session.execute(
        select(DocumentError, Document.source, Document.run_id)
        .join(Document, Document.id == DocumentError.document_id)
        .where(*doc_where).order_by(DocumentError.id).limit(limit)).all()
    out += [{"source": source, "field": None, "message": e.message, "run_id": run,
             "document_id": e.document_id, "at": iso_text(e.created_at)}
            for e, source, run in rows]
    return out


def overview(session: Session) -> dict[str, Any]:
    """Counts: documents (by status), events, incidents (by status), unclustered events."""
    docs = dict(session.execute(select(Document.status, func.count(Document.id))
                                .group_by(Document.status)).all())
    incidents = dict(session.execute(select(Incident.status, func.count(Incident.id))
                                     .group_by(Incident.status)).all())
    return {
        "documents": sum(docs.values()), "documents_by_status": docs,
        "events": session.execute(select(func.count(Event.id))).scalar_one(),
        "incidents": incidents.get("active", 0), "incidents_by_status": incidents,
        "unclustered_events": unclustered_events(session),
    }
