"""Analyst assessment of incidents, and analyst merges and splits, with an audit trail.

Two axes, as civilian-harm monitors use them:

- grade (the analyst's): unassessed, confirmed, fair, weak, contested, discounted;
- belligerent response: not yet assessed, credible, non-credible, duplicate (with the deaths
  the belligerent concedes, min and max, and for "duplicate" the incident it duplicates).

Every change writes one `AuditLog` row per incident touched: who, when, what (action), why,
and the changed values before and after. Acting on an incident pins its members (`locked`):
re-clustering never takes an event out of an incident an analyst has assessed, merged or
split, and never dissolves it; new reports may still join it.

All functions work in the caller's session (the caller commits) and raise `AssessmentError`
(a one-line message naming the field) for requests that cannot be done.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
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

__all__ = ["GRADES", "RESPONSES", "AssessmentError", "assess", "merge_incidents",
           "normalise_grade", "normalise_response", "split_incident"]

_UNSET: Any = object()
ASSESSMENT_FIELDS = ("grade", "response", "conceded_min", "conceded_max", "duplicate_of",
                     "notes")


class AssessmentError(ValueError):
    """A request that cannot be done; `field` names what is wrong, `status` an HTTP code."""

    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        self.field = field
        self.message = message
        self.status = status
        super().__init__(f"{field}: {message}" if field else message)


def normalise_grade(value: str) -> str:
    """A grade from user input ("Confirmed", "confirmed") or AssessmentError."""
    grade = str(value).strip().lower()
    if grade not in GRADES:
        raise AssessmentError(f"expected one of {', '.join(GRADES)}, got {value!r}", "grade")
    return grade


def normalise_response(value: str) -> str:
    """A response from user input ("non-credible", "not-yet-assessed", "Not yet assessed")."""
    response = " ".join(str(value).strip().lower().replace("_", " ").split())
    if response not in RESPONSES:
        response = response.replace(" ", "-") if response.replace(" ", "-") in RESPONSES else (
            response.replace("-", " "))
    if response not in RESPONSES:
        raise AssessmentError(
            f"expected one of {', '.join(RESPONSES)}, got {value!r}", "response")
    return response


def _who(who: str | None) -> str:
    who = (who or "").strip()
    if not who:
        raise AssessmentError("name who makes the change", "who")
    return who[:120]


def _count(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise AssessmentError(f"expected a whole number, got {value!r}", field) from None
    if number < 0:
        raise AssessmentError("must not be negative", field)
    return number


def _incident(session: Session, incident_id: int, *, active: bool = True) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise AssessmentError(f"no incident {incident_id}", "incident", status=404)
    if active and incident.status != "active":
        into = f" into {incident.merged_into}" if incident.merged_into else ""
        raise AssessmentError(f"incident {incident_id} is {incident.status}{into}",
                              "incident", status=409)
    return incident


def _lock_members(session: Session, incident_id: int) -> None:
    session.execute(update(IncidentMember).where(
        IncidentMember.incident_id == incident_id).values(locked=True))


def _log(session: Session, *, who: str, action: str, incident_id: int | None, why: str | None,
         before: dict[str, Any] | None, after: dict[str, Any] | None,
         at: datetime | None = None) -> AuditLog:
    row = AuditLog(who=who, action=action, incident_id=incident_id, why=why, before=before,
                   after=after, at=at or utcnow())
    session.add(row)
    return row


def assessment_state(assessment: Assessment) -> dict[str, Any]:
    return {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS}


def assess(
    session: Session,
    incident_id: int,
    *,
    who: str,
    why: str | None = None,
    grade: str = _UNSET,
    response: str = _UNSET,
    conceded_min: int | None = _UNSET,
    conceded_max: int | None = _UNSET,
    duplicate_of: int | None = _UNSET,
    notes: str | None = _UNSET,
) -> dict[str, Any]:
    """Change an incident's assessment; only the fields given change.

    Returns {"changed": bool, "before": {...}, "after": {...}} with the changed fields.
    A change writes one audit-log row; no change writes nothing.
    """
    who = _who(who)
    incident = _incident(session, incident_id)
    assessment = incident.assessment
    if assessment is None:
        assessment = incident.assessment = Assessment(incident_id=incident.id)
        session.flush()
    current = assessment_state(assessment)
    wanted = dict(current)
    if grade is not _UNSET:
        wanted["grade"] = normalise_grade(grade)
    if response is not _UNSET:
        wanted["response"] = normalise_response(response)
    if conceded_min is not _UNSET:
        wanted["conceded_min"] = _count(conceded_min, "conceded_min")
    if conceded_max is not _UNSET:
        wanted["conceded_max"] = _count(conceded_max, "conceded_max")
    if duplicate_of is not _UNSET:
        wanted["duplicate_of"] = _count(duplicate_of, "duplicate_of")
    if notes is not _UNSET:
        wanted["notes"] = (notes or "").strip() or None
    low, high = wanted["conceded_min"], wanted["conceded_max"]
    if low is not None and high is not None and low > high:
        raise AssessmentError(f"conceded_min {low} is above conceded_max {high}",
                              "conceded_min")
    if wanted["duplicate_of"] is not None:
        if wanted["duplicate_of"] == incident.id:
            raise AssessmentError("an incident cannot duplicate itself", "duplicate_of")
        if session.get(Incident, wanted["duplicate_of"]) is None:
            raise AssessmentError(f"no incident {wanted['duplicate_of']}", "duplicate_of")
    before = {k: current[k] for k in ASSESSMENT_FIELDS if current[k] != wanted[k]}
    after = {k: wanted[k] for k in before}
    if not before:
        return {"changed": False, "before": {}, "after": {}}
    now = utcnow()
    for name, value in after.items():
        setattr(assessment, name, value)
    assessment.updated_by = who
    assessment.updated_at = now
    incident.updated_at = now
    _lock_members(session, incident.id)
    _log(session, who=who, action="assess", incident_id=incident.id, why=why, before=before,
         after=after, at=now)
    session.flush()
    return {"changed": True, "before": before, "after": after}


def _member_ids(session: Session, incident_id: int) -> list[int]:
    return list(session.execute(
        select(IncidentMember.event_id).where(IncidentMember.incident_id == incident_id)
        .order_by(IncidentMember.event_id)).scalars())


def merge_incidents(
    session: Session,
    target_id: int,
    source_ids: Iterable[int],
    *,
    who: str,
    why: str | None = None,
) -> dict[str, Any]:
    """Merge incidents into `target_id`: their members move there (locked, added by `who`);
    each source becomes status "merged" with `merged_into` = target. One audit row for the
    target and one per source."""
    from marsad.store.incidents import refresh_incidents

    who = _who(who)
    sources = [int(s) for s in dict.fromkeys(source_ids)]
    if not sources:
        raise AssessmentError("name at least one incident to merge into the target",
                              "incidents")
    if target_id in sources:
        raise AssessmentError(f"incident {target_id} cannot be merged into itself",
                              "incidents")
    target = _incident(session, target_id)
    source_rows = [_incident(session, s) for s in sources]
    now = utcnow()
    target_before = _member_ids(session, target.id)
    moved: list[int] = []
    for source in source_rows:
        members = _member_ids(session, source.id)
        session.execute(update(IncidentMember).where(
            IncidentMember.incident_id == source.id).values(
            incident_id=target.id, locked=True, added_by=who, added_at=now,
            rule="analyst-merge", score=None, reason=why or f"merged from incident {source.id}"))
        moved.extend(members)
        source.status = "merged"
        source.merged_into = target.id
        source.updated_at = now
        # decisions that kept the source apart from others now bind the target
        for constraint in session.execute(select(IncidentConstraint).where(or_(
                IncidentConstraint.incident_a == source.id,
                IncidentConstraint.incident_b == source.id))).scalars():
            other = constraint.incident_b if constraint.incident_a == source.id else (
                constraint.incident_a)
            if other == target.id:
                session.delete(constraint)
                continue
            constraint.incident_a, constraint.incident_b = sorted((target.id, other))
        _log(session, who=who, action="merged-into", incident_id=source.id, why=why,
             before={"status": "active", "members": members},
             after={"status": "merged", "merged_into": target.id, "members": []}, at=now)
    _lock_members(session, target.id)
    target.updated_at = now
    session.flush()
    _dedupe_constraints(session)
    refresh_incidents(session, [target.id, *sources])
    after = sorted(target_before + moved)
    _log(session, who=who, action="merge", incident_id=target.id, why=why,
         before={"members": target_before},
         after={"members": after, "merged": sources}, at=now)
    session.flush()
    return {"incident": target.id, "merged": sources, "members": after}


def _dedupe_constraints(session: Session) -> None:
    seen = set()
    for constraint in session.execute(select(IncidentConstraint).order_by(
            IncidentConstraint.id)).scalars():
        key = (constraint.incident_a, constraint.incident_b, constraint.kind)
        if key in seen or constraint.incident_a == constraint.incident_b:
            session.delete(constraint)
        seen.add(key)
    session.flush()


def split_incident(
    session: Session,
    incident_id: int,
    *,
    event_ids: Iterable[int] = (),
    document_ids: Iterable[int] = (),
    who: str,
    why: str | None = None,
) -> dict[str, Any]:
    """Move some members of an incident (events, or all events of documents) to a new incident.

    Both incidents' members are locked and a "separate" constraint keeps them apart. Returns
    {"incident": old id, "new_incident": new id, "moved": [event ids], "kept": [...]}.
    """
    from marsad.store.incidents import _new_incident, refresh_incidents

    who = _who(who)
    incident = _incident(session, incident_id)
    members = _member_ids(session, incident.id)
    chosen = {int(e) for e in event_ids}
    document_ids = {int(d) for d in document_ids}
    if document_ids:
        chosen |= set(session.execute(
            select(IncidentMember.event_id).where(
                IncidentMember.incident_id == incident.id,
                IncidentMember.document_id.in_(document_ids))).scalars())
    if not chosen:
        raise AssessmentError("name the events or documents to split off", "events")
    strangers = sorted(chosen - set(members))
    if strangers:
        raise AssessmentError(
            f"event(s) {', '.join(map(str, strangers))} are not in incident {incident.id}",
            "events")
    if chosen == set(members):
        raise AssessmentError("cannot split off every member; leave at least one", "events")
    now = utcnow()
    new = _new_incident(session)
    session.flush()
    moved = sorted(chosen)
    session.execute(update(IncidentMember).where(IncidentMember.event_id.in_(moved)).values(
        incident_id=new.id, locked=True, added_by=who, added_at=now, rule="analyst-split",
        score=None, reason=why or f"split from incident {incident.id}"))
    _lock_members(session, incident.id)
    a, b = sorted((incident.id, new.id))
    session.add(IncidentConstraint(incident_a=a, incident_b=b, kind="separate",
                                   created_by=who, reason=why))
    incident.updated_at = now
    session.flush()
    refresh_incidents(session, [incident.id, new.id])
    kept = sorted(set(members) - chosen)
    _log(session, who=who, action="split", incident_id=incident.id, why=why,
         before={"members": members}, after={"members": kept, "split_into": new.id}, at=now)
    _log(session, who=who, action="split-from", incident_id=new.id, why=why,
         before={"members": []}, after={"members": moved, "split_from": incident.id}, at=now)
    session.flush()
    return {"incident": incident.id, "new_incident": new.id, "moved": moved, "kept": kept}


def events_of_documents(session: Session, incident_id: int, document_ids: Iterable[int]
                        ) -> list[int]:
    """Event ids of these documents that are members of the incident."""
    return list(session.execute(select(Event.id).join(
        IncidentMember, IncidentMember.event_id == Event.id).where(
        IncidentMember.incident_id == incident_id,
        Event.document_id.in_(list(document_ids)))).scalars())
