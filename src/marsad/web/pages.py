"""Server-rendered pages: map and timeline, incident list, incident page with review forms,
documents, statistics, login and account. Jinja2 with autoescaping on every template;
htmx swaps the result list when filters change; forms carry a CSRF token."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from marsad import __version__
from marsad.store.models import GRADES, RESPONSES
from marsad.web import actions, auth, queries
from marsad.web.deps import (
    LANG_COOKIE,
    PRE_COOKIE,
    SESSION_COOKIE,
    WebError,
    check_csrf,
    config_of,
    csrf_base,
    db,
    principal,
    require_read,
    require_role,
    set_cookie,
    sync_reads,
    sync_search_if_needed,
    wrote,
)
from marsad.web.i18n import Translator, labels, pick_lang
from marsad.web.models import User
from marsad.web.queries import DocumentFilters, FilterError, Filters

router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(db)]


# --------------------------------------------------------------------------- templates


def safe_url(url: Any) -> str | None:
    """Only http(s) links are links: `javascript:` and the like are dropped."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def fmt_range(low: Any, high: Any) -> Markup:
    """A figure or range, kept left-to-right inside Arabic text ("7–9", never "9–7")."""
    if low is None and high is None:
        text = "–"
    elif low is None or high is None or low == high:
        text = str(low if high is None else high)
    else:
        text = f"{low}–{high}"
    return Markup('<bdi dir="ltr" class="range">{}</bdi>').format(text)


def fmt_date(value: Any) -> Markup:
    """An ISO date, kept left-to-right inside Arabic text."""
    if not value:
        return Markup("")
    text = str(value)[:10]
    return Markup('<time dir="ltr" datetime="{0}">{0}</time>').format(text)


def fmt_num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def text_dir(lang: str | None) -> str:
    return "rtl" if lang in ("ar", "fa", "ur", "he") else "auto"


def map_labels(t: Translator) -> dict[str, Any]:
    """Labels map.js shows in popups (passed as JSON in a data attribute)."""
    return {"killed": t("killed"), "sources": t("sources"), "loading": t("map_loading"),
            "incidents": t("results"),
            "clusters": t("map_clusters"), "undated": t("undated"),
            "grade": {g: t.label("grade", g) for g in GRADES},
            "type": {k: t.label("type", k) for k in labels()["type"]}}


def make_env() -> Environment:
    env = Environment(loader=PackageLoader("marsad.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(safe_url=safe_url, range=fmt_range, num=fmt_num, dir=text_dir,
                       date=fmt_date)
    env.globals.update(version=__version__, GRADES=GRADES, RESPONSES=RESPONSES,
                       map_labels=map_labels,
                       urlencode=lambda p: urlencode(p, doseq=True))
    return env


def translator(request: Request) -> Translator:
    return Translator(pick_lang(request.query_params.get("lang"),
                                request.cookies.get(LANG_COOKIE),
                                request.headers.get("accept-language")))


def render(request: Request, session: Session, template: str, status: int = 200,
           **context: Any) -> HTMLResponse:
    who = principal(request, session)
    t = translator(request)
    base, fresh = csrf_base(request, who)
    context.update(request=request, t=t, who=who, config=config_of(request),
                   csrf=auth.csrf_token(request.app.state.csrf_key, base),
                   lang_url=_with_params(request, lang="en" if t.lang == "ar" else "ar"))
    html = request.app.state.templates.get_template(template).render(context)
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    if fresh:
        set_cookie(response, request, PRE_COOKIE, base)
    if request.query_params.get("lang") in ("en", "ar"):
        set_cookie(response, request, LANG_COOKIE, t.lang, max_age=365 * 86400)
    return response


def _with_params(request: Request, **params: Any) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in params]
    query += [(k, v) for k, v in params.items() if v is not None]
    return request.url.path + ("?" + urlencode(query) if query else "")


def error_page(request: Request, session: Session | None, status: int, detail: str,
               key: str | None) -> Response:
    if session is None:
        session = request.app.state.store.sessionmaker()
        try:
            return error_page(request, session, status, detail, key)
        finally:
            session.close()
    return render(request, session, "error.html", status=status, status_code=status,
                  detail=detail, key=key)


def _filters(request: Request) -> tuple[Filters | None, str | None]:
    try:
        return Filters.from_query(request.query_params), None
    except FilterError as err:
        return Filters(), str(err)


def _page_number(request: Request) -> int:
    try:
        return max(1, min(int(request.query_params.get("page", "1")), 1_000_000))
    except ValueError:
        return 1


def _results(request: Request, session: Session) -> dict[str, Any]:
    filters, error = _filters(request)
    index = sync_reads(request, session)
    if filters.q:
        sync_search_if_needed(request, session)
    try:
        sort = queries.parse_sort(request.query_params.get("sort"))
    except FilterError as err:
        sort, error = "date_desc", str(err)
    listing = queries.list_incidents(session, index, filters, page=_page_number(request),
                                     per_page=50, sort=sort)
    series = queries.timeline(session, index, filters)
    params = filters.params()
    if request.query_params.get("sort"):
        params["sort"] = request.query_params.get("sort")
    return {"filters": filters, "error": error, "listing": listing,
            "chart": timeline_chart(series), "params": params,
            "query": urlencode(params, doseq=True)}


# --------------------------------------------------------------------------- timeline chart


def timeline_chart(data: dict[str, Any], width: int = 720, height: int = 160) -> dict[str, Any]:
    """Bars (incidents) and a line (deaths, upper figure) as SVG coordinates."""
    series = data["series"]
    pad_left, pad_bottom, pad_top = 36, 22, 8
    inner_w, inner_h = width - pad_left - 8, height - pad_bottom - pad_top
    n = len(series)
    max_n = max((s["incidents"] for s in series), default=0) or 1
    max_k = max((s["killed_max"] for s in series), default=0) or 1
    step = inner_w / n if n else inner_w
    bars, points = [], []
    for i, s in enumerate(series):
        h = inner_h * s["incidents"] / max_n
        x = pad_left + i * step
        bars.append({"x": round(x + step * 0.1, 1), "y": round(pad_top + inner_h - h, 1),
                     "w": round(max(step * 0.8, 1), 1), "h": round(h, 1), **s})
        points.append(f"{x + step / 2:.1f},{pad_top + inner_h - inner_h * s['killed_max'] / max_k:.1f}")
    ticks = []
    if n:
        every = max(1, math.ceil(n / 6))
        for i in range(0, n, every):
            ticks.append({"x": round(pad_left + i * step + step / 2, 1),
                          "label": series[i]["period"][: 7 if data["interval"] in ("month",)
                                                         else 4 if data["interval"] == "year"
                                                         else 10]})
    return {"width": width, "height": height, "bars": bars, "line": " ".join(points),
            "ticks": ticks, "max_n": max_n, "max_k": max_k, "interval": data["interval"],
            "base_y": pad_top + inner_h, "pad_left": pad_left, "top": pad_top,
            "undated": data.get("undated", 0)}


# --------------------------------------------------------------------------- map & lists


@router.get("/", response_class=HTMLResponse)
def index(request: Request, session: DB) -> Response:
    require_read(request, session)
    context = _results(request, session)
    if request.headers.get("hx-request"):
        return render(request, session, "_results.html", **context)
    return render(request, session, "index.html", facets=queries.facets(request.app.state.index), **context)


@router.get("/incidents", response_class=HTMLResponse)
def incident_list(request: Request, session: DB) -> Response:
    require_read(request, session)
    context = _results(request, session)
    if request.headers.get("hx-request"):
        return render(request, session, "_results.html", **context)
    return render(request, session, "incidents.html", facets=queries.facets(request.app.state.index),
                  **context)


def _incident_page(request: Request, session: Session, incident_id: int,
                   status: int = 200, **extra: Any) -> Response:
    detail = queries.incident_detail(session, incident_id)
    if detail is None:
        raise WebError(404, f"no incident {incident_id}", "not_found")
    for source in detail["sources"]:
        doc = source["document"]
        spans = [(s["start"], s["end"], s["role"]) for e in source["events"]
                 for s in e["spans"]]
        spans += [(e["data"].get("evidence", {}).get("start"),
                   e["data"].get("evidence", {}).get("end"), "trigger")
                  for e in source["events"] if isinstance(e["data"].get("evidence"), dict)]
        source["pieces"] = queries.highlight(doc["text"] or "", spans)
    return render(request, session, "incident.html", status=status, d=detail,
                  inc=detail["incident"], **extra)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, session: DB, incident_id: int) -> Response:
    require_read(request, session)
    return _incident_page(request, session, incident_id)


def _review(request: Request, session: Session, incident_id: int, csrf_token: str | None,
            action) -> Response:
    who = require_role(request, session, "analyst")
    check_csrf(request, who, csrf_token)
    try:
        action(who)
    except actions.ActionError as err:
        session.rollback()
        return _incident_page(request, session, incident_id, status=err.status,
                              form_error=str(err))
    session.commit()
    wrote(request)
    return RedirectResponse(f"/incidents/{incident_id}#history", status_code=303)


@router.post("/incidents/{incident_id}/assess")
def assess_form(request: Request, session: DB, incident_id: int,
                csrf_token: Annotated[str | None, Form()] = None,
                grade: Annotated[str | None, Form()] = None,
                response: Annotated[str | None, Form()] = None,
                conceded_min: Annotated[str | None, Form()] = None,
                conceded_max: Annotated[str | None, Form()] = None,
                duplicate_of: Annotated[str | None, Form()] = None,
                notes: Annotated[str | None, Form()] = None,
                why: Annotated[str | None, Form()] = None) -> Response:
    changes: dict[str, Any] = {}
    for key, value in (("grade", grade), ("response", response),
                       ("conceded_min", conceded_min), ("conceded_max", conceded_max),
                       ("duplicate_of", duplicate_of), ("notes", notes)):
        if value is not None:
            changes[key] = value
    return _review(request, session, incident_id, csrf_token, lambda who: actions.assess(
        session, incident_id, who.name, changes, why))


def _ids(text: str | None, field: str) -> list[int]:
    ids = []
    for part in (text or "").replace(";", ",").replace(" ", ",").split(","):
        part = part.strip().lstrip("#")
        if not part:
            continue
        if not part.isdigit():
            raise actions.ActionError(f"{field}: {part[:20]!r} is not an incident number")
        ids.append(int(part))
    return ids


@router.post("/incidents/{incident_id}/merge")
def merge_form(request: Request, session: DB, incident_id: int,
               csrf_token: Annotated[str | None, Form()] = None,
               others: Annotated[str | None, Form()] = None,
               why: Annotated[str | None, Form()] = None) -> Response:
    return _review(request, session, incident_id, csrf_token, lambda who: actions.merge(
        session, incident_id, _ids(others, "others"), who.name, why))


@router.post("/incidents/{incident_id}/split")
def split_form(request: Request, session: DB, incident_id: int,
               csrf_token: Annotated[str | None, Form()] = None,
               event_ids: Annotated[list[str] | None, Form()] = None,
               why: Annotated[str | None, Form()] = None) -> Response:
    return _review(request, session, incident_id, csrf_token, lambda who: actions.split(
        session, incident_id, _ids(",".join(event_ids or []), "event_ids"), who.name, why))


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, session: DB) -> Response:
    require_read(request, session)
    params = request.query_params
    error = None
    try:
        filters = DocumentFilters.parse(q=params.get("q"), lang=params.get("lang_filter"),
                                        outlet=params.get("outlet"),
                                        date_from=params.get("date_from"),
                                        date_to=params.get("date_to"))
    except FilterError as err:
        filters, error = DocumentFilters(), str(err)
    listing = queries.list_documents(session, filters, page=_page_number(request))
    query = {k: v for k, v in (("q", filters.q), ("outlet", filters.outlet)) if v}
    return render(request, session, "documents.html", listing=listing, filters=filters,
                  error=error, query=urlencode(query))


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, session: DB, document_id: int) -> Response:
    require_read(request, session)
    detail = queries.document_detail(session, document_id)
    if detail is None:
        raise WebError(404, f"no document {document_id}", "not_found")
    spans = [(s["start"], s["end"], s["role"]) for e in detail["events"] for s in e["spans"]]
    spans += [(e["data"].get("evidence", {}).get("start"),
               e["data"].get("evidence", {}).get("end"), "trigger")
              for e in detail["events"] if isinstance(e["data"].get("evidence"), dict)]
    return render(request, session, "document.html", doc=detail,
                  pieces=queries.highlight(detail["text"] or "", spans))


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, session: DB) -> Response:
    require_read(request, session)
    filters, error = _filters(request)
    index = sync_reads(request, session)
    if filters.q:
        sync_search_if_needed(request, session)
    return render(request, session, "stats.html", stats=queries.stats(session, index, filters),
                  error=error, query=urlencode(filters.params(), doseq=True))


# --------------------------------------------------------------------------- accounts


def _next(url: str | None) -> str:
    """Only a path on this site (no //host, no scheme) is a place to go back to."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, session: DB, next: str | None = None) -> Response:
    return render(request, session, "login.html", next=_next(next))


@router.post("/login")
def login(request: Request, session: DB,
          username: Annotated[str, Form(max_length=200)] = "",
          password: Annotated[str, Form(max_length=1000)] = "",
          csrf_token: Annotated[str | None, Form()] = None,
          next: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, principal(request, session), csrf_token)
    config = config_of(request)
    now = config.clock()
    client = request.client.host if request.client else "?"
    username = username.strip()
    if auth.login_blocked(session, username, client, config.rate_limit, now):
        return render(request, session, "login.html", status=429, next=_next(next),
                      error="login_blocked", username=username)
    user = session.scalar(select(User).where(User.name == username))
    if not auth.verify_password(user, password):
        auth.record_failure(session, username, client, now, config.rate_limit)
        session.commit()
        return render(request, session, "login.html", status=401, next=_next(next),
                      error="login_failed", username=username)
    auth.clear_failures(session, username)
    cookie = auth.create_session(session, user, now)
    session.commit()
    response = RedirectResponse(_next(next), status_code=303)
    set_cookie(response, request, SESSION_COOKIE, cookie, max_age=auth.SESSION_DAYS * 86400)
    return response


@router.post("/logout")
def logout(request: Request, session: DB,
           csrf_token: Annotated[str | None, Form()] = None) -> Response:
    who = principal(request, session)
    check_csrf(request, who, csrf_token)
    auth.end_session(session, request.cookies.get(SESSION_COOKIE))
    session.commit()
    request.app.state.auth_cache.clear()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _account(request: Request, session: Session, who, **extra: Any) -> Response:
    tokens = auth.list_tokens(session, who.name) if who.can("analyst") else []
    return render(request, session, "account.html", tokens=tokens, **extra)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: DB) -> Response:
    who = require_role(request, session, "viewer")
    return _account(request, session, who)


@router.post("/account/tokens", response_class=HTMLResponse)
def account_new_token(request: Request, session: DB,
                      csrf_token: Annotated[str | None, Form()] = None,
                      name: Annotated[str, Form(max_length=120)] = "") -> Response:
    who = require_role(request, session, "analyst")
    check_csrf(request, who, csrf_token)
    _, secret = auth.create_token(session, who.name, name)
    session.commit()
    return _account(request, session, who, new_token=secret)


@router.post("/account/tokens/{token_id}/revoke")
def account_revoke_token(request: Request, session: DB, token_id: int,
                         csrf_token: Annotated[str | None, Form()] = None) -> Response:
    who = require_role(request, session, "analyst")
    check_csrf(request, who, csrf_token)
    try:
        auth.revoke_token(session, token_id, who.name)
    except auth.AuthError as err:
        raise WebError(404, str(err), "not_found") from None
    session.commit()
    request.app.state.auth_cache.clear()
    return RedirectResponse("/account", status_code=303)

