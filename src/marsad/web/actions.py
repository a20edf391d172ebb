"""Analyst actions the web app offers: assess, merge and split incidents.

Thin wrappers over `marsad.incidents.assessment` (which writes the change and its audit-log
rows, and pins the members so re-clustering respects the decision); they turn its errors
into `ActionError` with the HTTP status to answer with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from marsad.incidents import assessment as store_assessment

ASSESSMENT_FIELDS = store_assessment.ASSESSMENT_FIELDS


class ActionError(ValueError):
    """An action that cannot be done; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _call(function, *args, **kwargs) -> dict[str, Any]:
    try:
        return function(*args, **kwargs)
    except store_assessment.AssessmentError as err:
        raise ActionError(str(err), getattr(err, "status", 400) or 400) from None


def assess(session: Session, incident_id: int, who: str, changes: Mapping[str, Any],
           why: str | None = None) -> dict[str, Any]:
    """Change the fields of `changes` (grade, response, conceded_min, conceded_max,
    duplicate_of, notes); returns {changed, before, after}."""
    unknown = set(changes) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ActionError(f"unknown field(s): {', '.join(sorted(unknown))}")
    return _call(store_assessment.assess, session, incident_id, who=who,
                 why=(why or "").strip() or None, **dict(changes))


def merge(session: Session, target_id: int, others: Iterable[int], who: str,
          why: str | None = None) -> dict[str, Any]:
    """Merge the `others` into `target_id`."""
    return _call(store_assessment.merge_incidents, session, target_id, list(others), who=who,
                 why=(why or "").strip() or None)


def split(session: Session, incident_id: int, event_ids: Iterable[int], who: str,
          why: str | None = None) -> dict[str, Any]:
    """Move these member events of an incident into a new incident."""
    return _call(store_assessment.split_incident, session, incident_id,
                 event_ids=list(event_ids), who=who, why=(why or "").strip() or None)
