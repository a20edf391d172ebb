"""Summary statistics of incidents, the way monitors' monthly reports give them.

    stats(session, by=("grade", "response", "period", "country", "belligerent"),
          period="month", date_from=None, date_to=None, country=None)

Each dimension is a list of rows {"key", "incidents", "documents", "killed_min",
"killed_max", "civilians_killed_min", "civilians_killed_max", "conceded_min",
"conceded_max"}: how many incidents, how many reports they rest on, and the sums of their
casualty ranges (each incident's range over its sources; sums of mins and sums of maxes) and
of the deaths the belligerent concedes. Grades and responses are listed in full, zeros
included. `totals` answers "how many incidents and deaths are confirmed, how many reports are
still under assessment".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from marsad.store.models import GRADES, RESPONSES, Assessment, Incident
from marsad.store.queries import incident_filters, overview

DIMENSIONS = ("grade", "response", "period", "country", "belligerent")
PERIODS = ("month", "year")
_SUMS = ("killed_min", "killed_max", "civilians_killed_min", "civilians_killed_max",
         "conceded_min", "conceded_max")


def _aggregates():
    return (
        func.count(Incident.id),
        func.coalesce(func.sum(Incident.n_documents), 0),
        func.coalesce(func.sum(Incident.killed_min), 0),
        func.coalesce(func.sum(Incident.killed_max), 0),
        func.coalesce(func.sum(Incident.civilians_killed_min), 0),
        func.coalesce(func.sum(Incident.civilians_killed_max), 0),
        func.coalesce(func.sum(Assessment.conceded_min), 0),
        func.coalesce(func.sum(Assessment.conceded_max), 0),
    )


def _row(key: Any, values: tuple) -> dict[str, Any]:
    count, documents, *sums = values
    return {"key": key, "incidents": int(count), "documents": int(documents),
            **{name: int(v) for name, v in zip(_SUMS, sums, strict=True)}}


def _empty(key: Any) -> dict[str, Any]:
    return {"key": key, "incidents": 0, "documents": 0, **dict.fromkeys(_SUMS, 0)}


def _grouped(session: Session, keys: list, where: list) -> list[tuple]:
    query = (select(*keys, *_aggregates()).select_from(Incident)
             .outerjoin(Assessment, Assessment.incident_id == Incident.id)
             .where(*where).group_by(*keys))
    return session.execute(query).all()


def stats(
    session: Session,
    *,
    by: tuple[str, ...] | list[str] = DIMENSIONS,
    period: str = "month",
    date_from: Any = None,
    date_to: Any = None,
    country: str | None = None,
    status: str = "active",
) -> dict[str, Any]:
    """Totals and breakdowns of the incidents matching the filters."""
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise ValueError(f"by: expected some of {', '.join(DIMENSIONS)}, got {unknown}")
    if period not in PERIODS:
        raise ValueError(f"period: expected month or year, got {period!r}")
    where = incident_filters(status=status, date_from=date_from, date_to=date_to,
                             country=country)
    total = session.execute(
        select(*_aggregates()).select_from(Incident)
        .outerjoin(Assessment, Assessment.incident_id == Incident.id).where(*where)).one()
    out: dict[str, Any] = {"filters": {"date_from": str(date_from) if date_from else None,
                                       "date_to": str(date_to) if date_to else None,
                                       "country": country, "status": status},
                           "totals": _row("all", tuple(total)), "by": {}}
    grades = {g: _empty(g) for g in GRADES}
    for grade, *values in _grouped(session, [func.coalesce(Assessment.grade, "unassessed")],
                                   where):
        grades[grade] = _row(grade, tuple(values))
    responses = {r: _empty(r) for r in RESPONSES}
    for response, *values in _grouped(
            session, [func.coalesce(Assessment.response, "not yet assessed")], where):
        responses[response] = _row(response, tuple(values))
    totals = out["totals"]
    totals["under_assessment"] = grades["unassessed"]["incidents"]
    totals["assessed"] = totals["incidents"] - totals["under_assessment"]
    totals["response_pending"] = responses["not yet assessed"]["incidents"]
    totals["confirmed"] = grades["confirmed"]
    if "grade" in by:
        out["by"]["grade"] = list(grades.values())
    if "response" in by:
        out["by"]["response"] = list(responses.values())
    if "period" in by:
        year = extract("year", Incident.date_start)
        keys = [year] if period == "year" else [year, extract("month", Incident.date_start)]
        rows = []
        for row in _grouped(session, keys, where):
            parts = row[:len(keys)]
            if parts[0] is None:
                key = "undated"
            elif period == "year":
                key = f"{int(parts[0]):04d}"
            else:
                key = f"{int(parts[0]):04d}-{int(parts[1]):02d}"
            rows.append(_row(key, tuple(row[len(keys):])))
        out["by"]["period"] = sorted(rows, key=lambda r: (r["key"] == "undated", r["key"]))
    if "country" in by:
        rows = [_row(key or "unknown", tuple(values))
                for key, *values in _grouped(session, [Incident.country], where)]
        out["by"]["country"] = sorted(rows, key=lambda r: (-r["incidents"], r["key"]))
    if "belligerent" in by:
        rows = [_row(key or "unknown", tuple(values))
                for key, *values in _grouped(session, [Incident.actor_name], where)]
        out["by"]["belligerent"] = sorted(rows, key=lambda r: (-r["incidents"], r["key"]))
    out["store"] = overview(session)
    return out
