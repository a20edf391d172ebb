"""Analyst actions the web app offers: assess, merge and split incidents.

Each writes the change and one audit-log row per incident touched (who, when, what, why,
before and after) in the caller's session, and raises `ActionError` (a clear message, HTTP
400/404/409 in the app) for requests that cannot be done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marsad.store.models import (
    GRADES,
    RESPONSES,
    Assessment,
    AuditLog,
    Event,
    Incident,
    IncidentConstraint,
    IncidentMember,
    utcnow,
)
from marsad.web.queries import casualty_figures

ASSESSMENT_FIELDS = ("grade", "response", "conceded_min", "conceded_max", "duplicate_of",
                     "notes")


class ActionError(ValueError):
    """An action that cannot be done; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _incident(session: Session, incident_id: int, *, active: bool = True) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise ActionError(f"no incident {incident_id}", 404)
    if active and incident.status != "active":
        raise ActionError(f"incident {incident_id} is {incident.status}"
                          + (f" into {incident.merged_into}" if incident.merged_into else ""),
                          409)
    return incident


def _count(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ActionError(f"{name}: expected a whole number") from None
    if number < 0:
        raise ActionError(f"{name}: must not be negative")
    return number


def _why(why: str | None) -> str | None:
    why = (why or "").strip()
    return why[:4000] or None


def assess(session: Session, incident_id: int, who: str, changes: Mapping[str, Any],
           why: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Set the grade and/or belligerent response (with conceded deaths, duplicate_of, notes)
    of an incident. Only the fields present in `changes` change; returns {changed, before,
    after}. Nothing changes (and nothing is logged) when the values are the same."""
    incident = _incident(session, incident_id)
    unknown = set(changes) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ActionError(f"unknown field(s): {', '.join(sorted(unknown))}")
    assessment = incident.assessment
    if assessment is None:
        assessment = Assessment(incident_id=incident.id, grade="unassessed",
                                response="not yet assessed")
        session.add(assessment)
        incident.assessment = assessment
    current = {k: getattr(assessment, k) for k in ASSESSMENT_FIELDS}
    new = dict(current)
    if "grade" in changes:
        if changes["grade"] not in GRADES:
            raise ActionError(f"grade: expected one of {', '.join(GRADES)}")
        new["grade"] = changes["grade"]
    if "response" in changes:
        if changes["response"] not in RESPONSES:
            raise ActionError(f"response: expected one of {', '.join(RESPONSES)}")
        new["response"] = changes["response"]
    for key in ("conceded_min", "conceded_max"):
        if key in changes:
            new[key] = _count(changes[key], key)
    if "duplicate_of" in changes:
        new["duplicate_of"] = _count(changes["duplicate_of"], "duplicate_of")
    if "notes" in changes:
        new["notes"] = (str(changes["notes"] or "").strip()[:10000]) or None
    if (new["conceded_min"] is not None and new["conceded_max"] is not None
            and new["conceded_min"] > new["conceded_max"]):
        raise ActionError("conceded_min is larger than conceded_max")
    if new["duplicate_of"] is not None:
        if new["duplicate_of"] == incident.id:
            raise ActionError("duplicate_of: an incident is not a duplicate of itself")
        _incident(session, new["duplicate_of"], active=False)
        if new["response"] != "duplicate":
            raise ActionError("duplicate_of needs response 'duplicate'")
    elif new["response"] == "duplicate" and "duplicate_of" in changes:
        raise ActionError("response 'duplicate' needs duplicate_of")
    before = {k: v for k, v in current.items() if new[k] != v}
    after = {k: new[k] for k in before}
    if not after:
        return {"changed": False, "before": {}, "after": {}}
    now = now or utcnow()
    for key, value in after.items():
        setattr(assessment, key, value)
    assessment.updated_by = who
    assessment.updated_at = now
    session.add(AuditLog(at=now, who=who, action="assess", incident_id=incident.id,
                         why=_why(why), before=before, after=after))
    session.flush()
    return {"changed": True, "before": before, "after": after}


def merge(session: Session, target_id: int, others: Iterable[int], who: str,
          why: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Move every member of the `others` into `target_id`; they become 'merged' into it.
    Moved members are locked so re-clustering leaves them where the analyst put them."""
    target = _incident(session, target_id)
    ids = sorted({int(i) for i in others} - {target_id})
    if not ids:
        raise ActionError("merge: name at least one other incident")
    sources = [_incident(session, i) for i in ids]
    now = now or utcnow()
    moved: dict[int, list[int]] = {}
    for source in sources:
        members = list(session.scalars(select(IncidentMember).where(
            IncidentMember.incident_id == source.id)))
        moved[source.id] = [m.event_id for m in members]
        for member in members:
            member.incident_id = target.id
            member.locked = True
        source.status = "merged"
        source.merged_into = target.id
        source.updated_at = now
        session.add(AuditLog(at=now, who=who, action="merge", incident_id=source.id,
                             why=_why(why), before={"status": "active"},
                             after={"status": "merged", "merged_into": target.id,
                                    "events": moved[source.id]}))
    session.flush()
    before = {"n_events": target.n_events, "n_documents": target.n_documents}
    recompute(session, target, now)
    session.add(AuditLog(at=now, who=who, action="merge", incident_id=target.id, why=_why(why),
                         before=before,
                         after={"merged": ids, "n_events": target.n_events,
                                "n_documents": target.n_documents}))
    session.flush()
    return {"incident": target.id, "merged": ids, "events": moved}


def split(session: Session, incident_id: int, event_ids: Iterable[int], who: str,
          why: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Move the given member events of an incident into a new incident, and record that
    the two are separate (re-clustering keeps them apart)."""
    incident = _incident(session, incident_id)
    wanted = {int(e) for e in event_ids}
    members = list(session.scalars(select(IncidentMember).where(
        IncidentMember.incident_id == incident.id)))
    moving = [m for m in members if m.event_id in wanted]
    missing = wanted - {m.event_id for m in moving}
    if missing:
        raise ActionError(f"split: event(s) {', '.join(map(str, sorted(missing)))} are not "
                          f"members of incident {incident.id}")
    if not moving:
        raise ActionError("split: choose at least one event to move out")
    if len(moving) == len(members):
        raise ActionError("split: at least one event must stay in the incident")
    now = now or utcnow()
    new = Incident(status="active", created_at=now, updated_at=now, figures=[])
    session.add(new)
    session.flush()
    for member in moving:
        member.incident_id = new.id
        member.locked = True
        member.added_by = who
        member.added_at = now
        member.rule = "analyst-split"
        member.reason = _why(why)
    for member in members:  # what stays stays
        member.locked = True
    session.add(IncidentConstraint(incident_a=incident.id, incident_b=new.id, kind="separate",
                                   created_by=who, created_at=now, reason=_why(why)))
    session.flush()
    before = {"n_events": incident.n_events, "n_documents": incident.n_documents}
    recompute(session, incident, now)
    recompute(session, new, now)
    moved = sorted(m.event_id for m in moving)
    session.add(AuditLog(at=now, who=who, action="split", incident_id=incident.id,
                         why=_why(why), before=before,
                         after={"new_incident": new.id, "events": moved,
                                "n_events": incident.n_events}))
    session.add(AuditLog(at=now, who=who, action="split", incident_id=new.id, why=_why(why),
                         before={"from_incident": incident.id},
                         after={"events": moved, "n_events": new.n_events}))
    session.flush()
    return {"incident": incident.id, "new_incident": new.id, "events": moved}


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    return counts.most_common(1)[0][0] if counts else None


def recompute(session: Session, incident: Incident, now: datetime | None = None) -> None:
    """Refresh an incident's summary columns from its member events."""
    rows = session.execute(select(IncidentMember.document_id, Event).join(
        Event, Event.id == IncidentMember.event_id).where(
        IncidentMember.incident_id == incident.id)).all()
    events = [e for _, e in rows]
    incident.n_events = len(events)
    incident.n_documents = len({d for d, _ in rows})
    incident.type = _most_common(e.type for e in events)
    incident.family = _most_common(e.family for e in events)
    incident.mode = _most_common(e.mode for e in events)
    starts = [e.date_start or e.win_start for e in events if e.date_start or e.win_start]
    ends = [e.date_end or e.win_end or e.date_start for e in events
            if e.date_end or e.win_end or e.date_start]
    incident.date_start = min(starts) if starts else None
    incident.date_end = max(ends) if ends else None
    incident.date_precision = _most_common(e.date_precision for e in events)
    place = _most_common((e.place_name, e.lat, e.lon, e.country, e.admin1, e.geonameid,
                          e.place_precision) for e in events if e.place_name)
    (incident.place_name, incident.lat, incident.lon, incident.country, incident.admin1,
     incident.geonameid, incident.place_precision) = place or (None,) * 7
    actor = _most_common((e.actor_name, e.actor_sector, e.actor_country) for e in events
                         if e.actor_name)
    incident.actor_name, incident.actor_sector, incident.actor_country = actor or (None,) * 3
    per_doc: dict[int, list[Mapping[str, Any]]] = {}
    for doc, event in rows:
        per_doc.setdefault(doc, []).append(event.data or {})
    figures = casualty_figures({"casualties": casualty_figures(v)} for v in per_doc.values())
    killed = [f for f in figures if f["kind"] == "killed"]
    civ = [f for f in killed if f["group"] in ("civilians", "children", "women")]
    incident.killed_min = sum(f["min"] or 0 for f in killed) if killed else None
    incident.killed_max = sum(f["max"] or 0 for f in killed) if killed else None
    incident.civilians_killed_min = sum(f["min"] or 0 for f in civ) if civ else None
    incident.civilians_killed_max = sum(f["max"] or 0 for f in civ) if civ else None
    incident.figures = figures
    incident.updated_at = now or utcnow()
