"""The marsad web app: `create_app(WebConfig(db=URL))` gives a FastAPI application.

    from marsad.web.app import create_app, WebConfig
    app = create_app(WebConfig(db="sqlite:///marsad.db", public=False))

or from the shell: `marsad serve --db sqlite:///marsad.db`.

Pages at /, /incidents, /incidents/{id}, /documents, /stats, /login, /account; the JSON API
under /api (OpenAPI schema at /openapi.json, docs at /docs); static files (Leaflet,
markercluster, htmx, the offline country basemap) under /static, served by the app itself.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.store.database import Store
from marsad.web import api, auth, pages
from marsad.web.cache import ResponseCache
from marsad.web.deps import AuthCache, WebConfig, WebError
from marsad.web.snapshot import IncidentIndex

STATIC = Path(__file__).resolve().parent / "static"

__all__ = ["WebConfig", "create_app"]


class SecurityHeaders:
    """Adds the security headers to every HTTP response (plain ASGI: no per-request
    overhead beyond the header list)."""

    def __init__(self, app, config: WebConfig) -> None:
        self.app = app
        tiles = config.tile_origin()
        img = "'self' data:" + (f" {tiles}" if tiles else "")
        csp = ("default-src 'self'; script-src 'self'; style-src 'self'; "
               f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        # the API docs (Swagger UI, served from /static) set inline styles
        docs_csp = csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        self.docs_headers = [(b"content-security-policy", docs_csp.encode())] + [
            h for h in self.headers if h[0] != b"content-security-policy"]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] == "/docs" else self.headers

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(config: WebConfig | None = None, store: Store | None = None) -> FastAPI:
    """The FastAPI app over the store at `config.db` (or the given open `store`)."""
    config = config or WebConfig()
    store = store or Store(config.db)
    app = FastAPI(
        title="marsad API",
        version=__version__,
        description=(
            "Conflict incidents, events and source documents extracted from Arabic and English "
            "news reports, with analyst assessments. Read with a session cookie or "
            "`Authorization: Bearer <token>` (`marsad tokens add USER`); analysts assess, merge "
            "and split incidents. Cookie-authenticated writes need the `X-CSRF-Token` header."),
        docs_url=None, redoc_url=None,
    )
    app.state.config = config
    app.state.store = store
    # answers are keyed by the index generation, so they may live long
    app.state.cache = ResponseCache(enabled=config.cache, max_age=600.0)
    app.state.templates = pages.make_env()
    app.state.search_synced = float("-inf")
    app.state.search_lock = threading.Lock()
    app.state.index = IncidentIndex()
    app.state.sync_lock = threading.Lock()
    app.state.probed = app.state.refreshed = float("-inf")
    app.state.version = None
    app.state.dirty = False
    app.state.auth_cache = AuthCache(config.auth_cache_seconds)
    app.state.refresher = None
    with store.session() as session:
        app.state.csrf_key = auth.signing_key(session)
        if config.warm:
            import time

            from marsad.web import queries
            from marsad.web.queries import store_version

            app.state.version = store_version(session)
            app.state.index.refresh(session)
            queries.sync_search_safely(session)
            app.state.probed = app.state.refreshed = time.monotonic()

    @app.exception_handler(WebError)
    async def web_error(request: Request, err: WebError) -> Response:
        if _wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
            return JSONResponse({"detail": err.detail}, status_code=err.status, headers=headers)
        if err.status == 401 and request.method in ("GET", "HEAD"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return pages.error_page(request, None, err.status, err.detail, err.key)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code,
                                headers=getattr(err, "headers", None))
        key = {404: "not_found", 403: "forbidden"}.get(err.status_code, "bad_request")
        return pages.error_page(request, None, err.status_code, str(err.detail), key)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, err: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
                  for e in err.errors()]
        if _wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        message = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in errors)
        return pages.error_page(request, None, 422, message, "bad_request")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        """Swagger UI over /openapi.json, from the app's own static files (no CDN)."""
        html = app.state.templates.get_template("docs.html").render()
        return Response(html, media_type="text/html")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders, config=config)
    if config.warm:
        import gc

        gc.collect()
        gc.freeze()  # what was loaded stays: full collections no longer walk it
    return app


def app_from_env() -> FastAPI:
    """For `uvicorn --factory marsad.web.app:app_from_env` with several workers: settings
    from MARSAD_DB, MARSAD_PUBLIC=1, MARSAD_TILE_URL, MARSAD_COOKIE_SECURE=1,
    MARSAD_WEB_CACHE=0 (no response cache; MARSAD_CACHE is the index cache folder)."""
    import os

    return create_app(WebConfig(
        db=os.environ.get("MARSAD_DB"),
        public=os.environ.get("MARSAD_PUBLIC") == "1",
        tile_url=os.environ.get("MARSAD_TILE_URL") or None,
        tile_attribution=os.environ.get("MARSAD_TILE_ATTRIBUTION", ""),
        cookie_secure=os.environ.get("MARSAD_COOKIE_SECURE") == "1",
        cache=os.environ.get("MARSAD_WEB_CACHE", "1") != "0", warm=True,
    ))
