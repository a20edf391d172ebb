"""The JSON API under /api (OpenAPI schema at /openapi.json, browsable at /docs).

Reading needs a viewer (a session cookie or `Authorization: Bearer <token>`), or nothing in
public mode. Assessing, merging and splitting need an analyst; users need an admin; API
tokens are made by analysts and admins for themselves (admins for anybody). Requests made
with a session cookie instead of a token must send the CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from marsad import __version__
from marsad.store.models import GRADES, RESPONSES
from marsad.web import actions, auth, queries
from marsad.web.deps import (
    WebError,
    cache_key,
    check_csrf,
    config_of,
    db,
    principal,
    require_read,
    require_role,
    sync_reads,
    sync_search_if_needed,
    wrote,
)
from marsad.web.queries import DocumentFilters, EventFilters, FilterError, Filters

router = APIRouter(prefix="/api")
DB = Annotated[Session, Depends(db)]


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body.encode("utf-8"), status_code=status, media_type="application/json")


def _filter_error(err: FilterError) -> WebError:
    return WebError(422, str(err), "bad_request")


def _param(name: str, description: str, many: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if many:
        schema = {"type": "array", "items": {"type": "string"}}
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **({"style": "form", "explode": True} if many else {})}


# The incident filters, documented here and read from the query string by one function
# (`Filters.parse` checks them): declaring them one by one as FastAPI parameters costs
# about a millisecond a request on the hottest endpoints.
FILTER_PARAMS = [
    _param("date_from", "Incidents on or after this day (YYYY-MM-DD)."),
    _param("date_to", "Incidents on or before this day (YYYY-MM-DD)."),
    _param("type", "PLOVER event type(s), e.g. ASSAULT; repeat or comma-separate.", True),
    _param("mode", "Mode(s): aerial, drone, heavy-weapons, ...", True),
    _param("country", "ISO 3166 alpha-2 code(s).", True),
    _param("admin1", "First-level admin area name(s).", True),
    _param("actor", "Part of the actor's name (any case)."),
    _param("grade", f"Grade(s): {', '.join(GRADES)}.", True),
    _param("response", f"Belligerent response(s): {', '.join(RESPONSES)}.", True),
    _param("q", "Free text, Arabic in any spelling or English; every word must occur."),
    _param("bbox", "west,south,east,north in degrees (west > east crosses 180°)."),
    _param("min_killed", "At least this many killed (upper figure)."),
    _param("status", "active (default), merged, dissolved or all."),
]
WITH_FILTERS = {"parameters": FILTER_PARAMS}


async def incident_filters(request: Request) -> Filters:
    try:
        return Filters.from_query(request.query_params)
    except FilterError as err:
        raise _filter_error(err) from None


IncidentFilters = Annotated[Filters, Depends(incident_filters)]


def _read(request: Request, session: Session, filters: Filters | None = None):
    """Check the right to read; bring the incident index (and search) in step."""
    require_read(request, session)
    index = sync_reads(request, session)
    if filters is not None and filters.q:
        sync_search_if_needed(request, session)
    return index


def _cached(request: Request, build) -> Response:
    cache = request.app.state.cache
    key = cache_key(request)
    body = cache.get(key)
    if body is None:
        body = build()
        if not isinstance(body, bytes):  # already JSON: the map's points
            body = json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                              default=str).encode("utf-8")
        cache.put(key, body)
    return Response(body, media_type="application/json")


# `db` (the dependency) as a `with` block, for the answers built outside the dependency system
_session = contextmanager(db)


def _answer_now(request: Request, filters: Filters | None, build) -> Response:
    with _session(request) as session:
        index = _read(request, session, filters)
        try:
            return _cached(request, lambda: build(session, index))
        except FilterError as err:
            raise _filter_error(err) from None


async def _answer(request: Request, filters: Filters | None, build) -> Response:
    """A cached read answered on the event loop (no thread hop: these take a millisecond
    or two from the index or the cache); text searches, which scan, go to a thread."""
    if filters is not None and filters.q:
        return await run_in_threadpool(_answer_now, request, filters, build)
    return _answer_now(request, filters, build)


# --------------------------------------------------------------------------- reading


@router.get("/health", tags=["meta"], summary="Liveness and version")
async def health() -> dict[str, Any]:
    return {"ok": True, "version": __version__}


@router.get("/me", tags=["meta"], summary="Who the request is made as")
async def me(request: Request) -> dict[str, Any]:
    with _session(request) as session:
        who = principal(request, session)
    return {"user": who.name, "role": who.role, "via": who.via,
            "public": config_of(request).public,
            "can_read": who.user is not None or config_of(request).public,
            "can_assess": who.can("analyst"), "is_admin": who.can("admin")}


@router.get("/incidents", tags=["incidents"], summary="Incidents, filtered, sorted, paged", openapi_extra=WITH_FILTERS)
async def incidents(request: Request, filters: IncidentFilters,
                    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                    per_page: Annotated[int, Query(ge=1, le=queries.MAX_PER_PAGE)] = 50,
                    sort: Annotated[str, Query(description="-date (default), date, -killed, "
                                                           "killed, -sources, sources, id, -id")]
                    = "-date") -> Response:
    try:
        order = queries.parse_sort(sort)
    except FilterError as err:
        raise _filter_error(err) from None
    return await _answer(request, filters, lambda session, index: queries.list_incidents(
        session, index, filters, page=page, per_page=per_page, sort=order))


@router.get("/incidents/{incident_id}", tags=["incidents"],
            summary="One incident: sources with evidence, figures, assessment, audit log")
def incident(request: Request, session: DB, incident_id: int) -> Response:
    _read(request, session)
    detail = queries.incident_detail(session, incident_id)
    if detail is None:
        raise WebError(404, f"no incident {incident_id}", "not_found")
    return json_response(detail)


@router.get("/incidents/{incident_id}/audit", tags=["incidents"],
            summary="The audit log of an incident, newest first")
def incident_audit(request: Request, session: DB, incident_id: int) -> Response:
    _read(request, session)
    if session.get(queries.Incident, incident_id) is None:
        raise WebError(404, f"no incident {incident_id}", "not_found")
    return json_response({"incident_id": incident_id,
                          "items": queries.audit_entries(session, incident_id)})


@router.get("/map", tags=["incidents"],
            summary="Map markers: points, or grid clusters when there are many", openapi_extra=WITH_FILTERS)
async def map_data(request: Request, filters: IncidentFilters,
                   zoom: Annotated[int, Query(ge=0, le=20)] = 3,
                   limit: Annotated[int, Query(ge=1, le=queries.MAP_POINTS_LIMIT)]
                   = queries.MAP_POINTS_LIMIT) -> Response:
    return await _answer(request, filters, lambda session, index: queries.map_data(
        session, index, filters, zoom=zoom, limit=limit, raw=True))


@router.get("/timeline", tags=["incidents"], summary="Incidents and deaths per period", openapi_extra=WITH_FILTERS)
async def timeline(request: Request, filters: IncidentFilters,
                   interval: Annotated[str | None, Query(
                       description="day, week, month or year (default: by the span)")] = None
                   ) -> Response:
    return await _answer(request, filters, lambda session, index: queries.timeline(
        session, index, filters, interval or None))


@router.get("/stats", tags=["incidents"],
            summary="Counts and deaths by grade, response, country, type and actor", openapi_extra=WITH_FILTERS)
async def stats(request: Request, filters: IncidentFilters) -> Response:
    return await _answer(request, filters,
                         lambda session, index: queries.stats(session, index, filters))


@router.get("/facets", tags=["incidents"], summary="Values offered by the filters")
async def facets(request: Request) -> Response:
    return await _answer(request, None, lambda session, index: queries.facets(index))


@router.get("/documents", tags=["documents"], summary="Source documents, newest first")
def documents(request: Request, session: DB,
              q: Annotated[str | None, Query(description="Part of the title, outlet or URL.")]
              = None,
              lang: str | None = None, outlet: str | None = None,
              date_from: str | None = None, date_to: str | None = None,
              status: Annotated[str | None, Query(description="ok, errors or failed")] = None,
              incident_id: str | None = None,
              page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
              per_page: Annotated[int, Query(ge=1, le=queries.MAX_PER_PAGE)] = 50
              ) -> Response:
    _read(request, session)
    try:
        filters = DocumentFilters.parse(q=q, lang=lang, outlet=outlet, date_from=date_from,
                                        date_to=date_to, status=status,
                                        incident_id=incident_id)
    except FilterError as err:
        raise _filter_error(err) from None
    return json_response(queries.list_documents(session, filters, page=page,
                                                per_page=per_page))


@router.get("/documents/{document_id}", tags=["documents"],
            summary="One document with its text, events and evidence spans")
def document(request: Request, session: DB, document_id: int) -> Response:
    _read(request, session)
    detail = queries.document_detail(session, document_id)
    if detail is None:
        raise WebError(404, f"no document {document_id}", "not_found")
    return json_response(detail)


@router.get("/events", tags=["events"], summary="Extracted events, newest first")
def events(request: Request, session: DB,
           type: Annotated[list[str], Query()] = [],  # noqa: B006
           country: Annotated[list[str], Query()] = [],  # noqa: B006
           document_id: str | None = None, incident_id: str | None = None,
           date_from: str | None = None, date_to: str | None = None,
           bbox: str | None = None,
           page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
           per_page: Annotated[int, Query(ge=1, le=queries.MAX_PER_PAGE)] = 50) -> Response:
    _read(request, session)
    try:
        filters = EventFilters.parse(type=type, country=country, document_id=document_id,
                                     incident_id=incident_id, date_from=date_from,
                                     date_to=date_to, bbox=bbox)
    except FilterError as err:
        raise _filter_error(err) from None
    return json_response(queries.list_events(session, filters, page=page, per_page=per_page))


@router.get("/events/{event_id}", tags=["events"], summary="One event with evidence spans")
def event(request: Request, session: DB, event_id: int) -> Response:
    _read(request, session)
    detail = queries.event_detail(session, event_id)
    if detail is None:
        raise WebError(404, f"no event {event_id}", "not_found")
    return json_response(detail)


# --------------------------------------------------------------------------- exports

EXPORT_COLUMNS = ["id", "type", "mode", "date_start", "date_end", "date_precision",
                  "place_name", "admin1", "country", "lat", "lon", "place_precision",
                  "actor_name", "actor_sector", "n_documents", "n_events", "killed_min",
                  "killed_max", "civilians_killed_min", "civilians_killed_max", "grade",
                  "response", "status"]


def csv_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is quoted with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _stream(request: Request, filters: Filters, render) -> Iterator[bytes]:
    store, index = request.app.state.store, request.app.state.index
    with store.session() as session:
        yield from render(queries.iter_incidents(session, index, filters))


def _csv_lines(rows) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for n, row in enumerate(rows, 1):
        writer.writerow([csv_cell(row.get(c)) for c in EXPORT_COLUMNS])
        if n % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _geojson_lines(rows) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for row in rows:
        if row.get("lat") is None or row.get("lon") is None:
            continue
        feature = {"type": "Feature", "id": row["id"],
                   "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                   "properties": {k: row.get(k) for k in EXPORT_COLUMNS
                                  if k not in ("lat", "lon")}}
        yield (b"" if first else b",") + json.dumps(feature, ensure_ascii=False,
                                                    default=str).encode("utf-8")
        first = False
    yield b"]}"


@router.get("/export/incidents.csv", tags=["exports"], summary="Incidents as CSV (filters apply)", openapi_extra=WITH_FILTERS)
def export_csv(request: Request, session: DB, filters: IncidentFilters) -> StreamingResponse:
    _read(request, session, filters)
    return StreamingResponse(
        _stream(request, filters, _csv_lines), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="marsad-incidents.csv"'})


@router.get("/export/incidents.geojson", tags=["exports"],
            summary="Incidents as GeoJSON points (filters apply)", openapi_extra=WITH_FILTERS)
def export_geojson(request: Request, session: DB, filters: IncidentFilters
                   ) -> StreamingResponse:
    _read(request, session, filters)
    return StreamingResponse(
        _stream(request, filters, _geojson_lines), media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="marsad-incidents.geojson"'})


# --------------------------------------------------------------------------- review


class AssessmentIn(BaseModel):
    """Only the fields sent change."""

    grade: Literal[GRADES] | None = None  # type: ignore[valid-type]
    response: Literal[RESPONSES] | None = None  # type: ignore[valid-type]
    conceded_min: int | None = Field(None, ge=0)
    conceded_max: int | None = Field(None, ge=0)
    duplicate_of: int | None = Field(None, ge=1)
    notes: str | None = Field(None, max_length=10000)
    why: str | None = Field(None, max_length=4000)


class MergeIn(BaseModel):
    others: list[int] = Field(min_length=1, max_length=100,
                              description="Incidents whose events move into this one.")
    why: str | None = Field(None, max_length=4000)


class SplitIn(BaseModel):
    event_ids: list[int] = Field(min_length=1, max_length=1000,
                                 description="Member events that move to a new incident.")
    why: str | None = Field(None, max_length=4000)


def _write(request: Request, session: Session, role: str):
    who = require_role(request, session, role)
    check_csrf(request, who, None)
    return who


def _run(request: Request, session: Session, action) -> Any:
    try:
        result = action()
    except actions.ActionError as err:
        session.rollback()
        raise WebError(err.status, str(err), "bad_request") from None
    session.commit()
    wrote(request)
    return result


@router.post("/incidents/{incident_id}/assessment", tags=["review"],
             summary="Grade an incident and/or record the belligerent's response (analyst)")
def assess(request: Request, session: DB, incident_id: int, body: AssessmentIn) -> Response:
    who = _write(request, session, "analyst")
    changes = {k: getattr(body, k) for k in body.model_fields_set if k != "why"}
    result = _run(request, session, lambda: actions.assess(
        session, incident_id, who.name, changes, body.why))
    return json_response({**result, "assessment": queries.assessment_dict(
        session.get(queries.Incident, incident_id).assessment)})


@router.post("/incidents/{incident_id}/merge", tags=["review"],
             summary="Merge other incidents into this one (analyst)")
def merge(request: Request, session: DB, incident_id: int, body: MergeIn) -> Response:
    who = _write(request, session, "analyst")
    return json_response(_run(request, session, lambda: actions.merge(
        session, incident_id, body.others, who.name, body.why)))


@router.post("/incidents/{incident_id}/split", tags=["review"],
             summary="Move some member events into a new incident (analyst)")
def split(request: Request, session: DB, incident_id: int, body: SplitIn) -> Response:
    who = _write(request, session, "analyst")
    return json_response(_run(request, session, lambda: actions.split(
        session, incident_id, body.event_ids, who.name, body.why)), status=201)


# --------------------------------------------------------------------------- accounts


class TokenIn(BaseModel):
    name: str = Field("", max_length=120)
    user: str | None = Field(None, description="Whose token (admins only; default: yours).")


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    role: Literal["viewer", "analyst", "admin"]
    password: str | None = Field(None, min_length=auth.MIN_PASSWORD, max_length=1000)


class UserPatch(BaseModel):
    role: Literal["viewer", "analyst", "admin"] | None = None
    disabled: bool | None = None
    password: str | None = Field(None, min_length=auth.MIN_PASSWORD, max_length=1000)


def _token_dict(token, owner: str) -> dict[str, Any]:
    return {"id": token.id, "user": owner, "name": token.name, "prefix": token.prefix,
            "created_at": queries.iso_text(token.created_at),
            "last_used": queries.iso_text(token.last_used), "revoked": token.revoked}


def _user_dict(user) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "disabled": user.disabled,
            "created_at": queries.iso_text(user.created_at),
            "last_login": queries.iso_text(user.last_login),
            "can_log_in": bool(user.password_hash) and not user.disabled}


def _auth_call(session: Session, call):
    try:
        return call()
    except auth.AuthError as err:
        session.rollback()
        status = 404 if str(err).startswith("no ") else 409 if "exists" in str(err) else 400
        raise WebError(status, str(err), "bad_request") from None


@router.get("/tokens", tags=["accounts"], summary="Your API tokens (admins: everybody's)")
def tokens(request: Request, session: DB) -> Response:
    who = require_role(request, session, "analyst")
    rows = auth.list_tokens(session, None if who.can("admin") else who.name)
    return json_response({"items": [_token_dict(t, n) for t, n in rows]})


@router.post("/tokens", tags=["accounts"], status_code=201,
             summary="Make an API token; the secret is in this answer only")
def create_token(request: Request, session: DB, body: TokenIn) -> Response:
    who = _write(request, session, "analyst")
    owner = body.user or who.name
    if owner != who.name and not who.can("admin"):
        raise WebError(403, "only admins make tokens for other users", "forbidden")
    token, secret = _auth_call(session, lambda: auth.create_token(session, owner, body.name))
    session.commit()
    return json_response({**_token_dict(token, owner), "token": secret}, status=201)


@router.delete("/tokens/{token_id}", tags=["accounts"], summary="Revoke an API token")
def revoke_token(request: Request, session: DB, token_id: int) -> Response:
    who = _write(request, session, "analyst")
    token = _auth_call(session, lambda: auth.revoke_token(
        session, token_id, None if who.can("admin") else who.name))
    session.commit()
    request.app.state.auth_cache.clear()
    return json_response({"id": token.id, "revoked": True})


@router.get("/users", tags=["accounts"], summary="Accounts (admin)")
def users(request: Request, session: DB) -> Response:
    require_role(request, session, "admin")
    return json_response({"items": [_user_dict(u) for u in auth.list_users(session)]})


@router.post("/users", tags=["accounts"], status_code=201, summary="Add an account (admin)")
def add_user(request: Request, session: DB, body: UserIn) -> Response:
    _write(request, session, "admin")
    user = _auth_call(session, lambda: auth.add_user(session, body.name, body.role,
                                                     body.password))
    session.commit()
    return json_response(_user_dict(user), status=201)


@router.patch("/users/{name}", tags=["accounts"],
              summary="Change an account's role, password or disable it (admin)")
def change_user(request: Request, session: DB, name: str, body: UserPatch) -> Response:
    who = _write(request, session, "admin")
    if name == who.name and (body.disabled or (body.role and body.role != "admin")):
        raise WebError(409, "admins cannot demote or disable themselves", "bad_request")

    def change():
        user = auth.get_user(session, name)
        if body.role is not None:
            auth.set_role(session, name, body.role)
        if body.password is not None:
            auth.set_password(session, name, body.password)
        if body.disabled is not None:
            auth.set_disabled(session, name, body.disabled)
        return user

    user = _auth_call(session, change)
    session.commit()
    request.app.state.auth_cache.clear()
    return json_response(_user_dict(user))
