"""What every request needs: configuration, a database session, who is asking, access
checks, CSRF checks and the response cache. Shared by the API and the pages."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from fastapi import Request
from sqlalchemy.orm import Session

from marsad.web import auth
from marsad.web.auth import RateLimit, now_utc
from marsad.web.snapshot import IncidentIndex

SESSION_COOKIE = "marsad_session"
PRE_COOKIE = "marsad_pre"  # anonymous browser id: the CSRF token of the login form
LANG_COOKIE = "marsad_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass
class WebConfig:
    """Settings of one web app. `public`: anonymous visitors may read (never write)."""

    db: str | None = None
    public: bool = False
    tile_url: str | None = None
    tile_attribution: str = ""
    cookie_secure: bool = False
    auth_cache_seconds: float = 2.0  # see AuthCache
    rate_limit: RateLimit = field(default_factory=RateLimit)
    cache: bool = True
    cache_max_age: float = 30.0  # re-read recent changes at least this often (seconds)
    search_sync_seconds: float = 2.0
    probe_seconds: float = 1.0  # how often the store's fingerprint is read
    warm: bool = False  # load the incident index when the app is made, not on first use
    clock: Callable[[], datetime] = now_utc

    def tile_origin(self) -> str | None:
        if not self.tile_url:
            return None
        parts = urlsplit(self.tile_url.replace("{s}", "a"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        host = parts.netloc
        if "{s}" in self.tile_url:
            host = "*." + host.split(".", 1)[-1]
        return f"{parts.scheme}://{host}"


class WebError(Exception):
    """An error answered as JSON under /api and as a page elsewhere.

    `key` names an interface label (labels.yaml) for pages; `detail` is the plain message.
    """

    def __init__(self, status: int, detail: str, key: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.key = key


@dataclass
class Principal:
    user: Account | None = None
    via: str | None = None  # "session", "token" or None

    @property
    def name(self) -> str | None:
        return self.user.name if self.user else None

    @property
    def role(self) -> str | None:
        return self.user.role if self.user else None

    @property
    def rank(self) -> int:
        return auth.role_rank(self.role)

    def can(self, role: str) -> bool:
        return self.rank >= auth.role_rank(role)


def config_of(request: Request) -> WebConfig:
    return request.app.state.config


def db(request: Request) -> Iterator[Session]:
    """A session on the store, closed (and rolled back unless committed) afterwards."""
    session = request.app.state.store.sessionmaker()
    try:
        yield session
    finally:
        session.close()


@dataclass(frozen=True)
class Account:
    """Who a token or session belongs to (a copy: safe to keep between requests)."""

    id: int
    name: str
    role: str


class AuthCache:
    """Recently checked tokens and session cookies -> account, for `seconds` (0: off).

    Checking a token is a database read per request; this saves it for requests that
    follow within a moment. Revoking, logging out or changing an account through this
    process clears it at once; a change made by another process (another server worker,
    `marsad tokens revoke`) takes effect within `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._entries: dict[tuple[str, str], tuple[float, Account]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> Account | None:
        if self.seconds <= 0:
            return None
        item = self._entries.get(key)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def put(self, key: tuple[str, str], account: Account) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + self.seconds, account)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def principal(request: Request, session: Session) -> Principal:
    """Who is asking: a bearer token (scripts), else a session cookie, else nobody. A bearer
    token that does not work is an error, never a silent downgrade to anonymous."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    now = config_of(request).clock()
    accounts: AuthCache = request.app.state.auth_cache
    header = request.headers.get("authorization")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            raise WebError(401, "unsupported Authorization scheme: use 'Bearer <token>'")
        key = ("token", auth.sha256(secret.strip()))
        account = accounts.get(key)
        if account is None:
            user = auth.token_user(session, secret.strip(), now)
            if user is None:
                raise WebError(401, "invalid or revoked API token")
            if session.dirty:  # last_used moved on
                session.commit()
            account = Account(user.id, user.name, user.role)
            accounts.put(key, account)
        result = Principal(account, "token")
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        account = None
        if cookie:
            key = ("session", auth.sha256(cookie))
            account = accounts.get(key)
            if account is None:
                user = auth.session_user(session, cookie, now)
                if user is not None:
                    account = Account(user.id, user.name, user.role)
                    accounts.put(key, account)
        result = Principal(account, "session" if account else None)
    request.state.principal = result
    return result


def require_read(request: Request, session: Session) -> Principal:
    who = principal(request, session)
    if who.user is None and not config_of(request).public:
        raise WebError(401, "log in or send an API token to read this store", "login")
    return who


def require_role(request: Request, session: Session, role: str) -> Principal:
    who = principal(request, session)
    if who.user is None:
        raise WebError(401, f"this needs a logged-in {role} (or an API token)", "login")
    if not who.can(role):
        raise WebError(403, f"this needs the {role} role; {who.name} is a {who.role}",
                       "forbidden")
    return who


# --------------------------------------------------------------------------- CSRF


def csrf_key(request: Request) -> bytes:
    return request.app.state.csrf_key


def csrf_base(request: Request, who: Principal) -> tuple[str, bool]:
    """The cookie the CSRF token is bound to: the session cookie of a logged-in browser, else
    its pre-login cookie (made now if it has none: (value, must be set))."""
    if who.via == "session":
        return request.cookies[SESSION_COOKIE], False
    pre = request.cookies.get(PRE_COOKIE)
    if pre and 20 <= len(pre) <= 100:
        return pre, False
    fresh = getattr(request.state, "new_pre_cookie", None)
    if fresh is None:
        fresh = request.state.new_pre_cookie = secrets.token_urlsafe(24)
    return fresh, True


def csrf_for(request: Request, who: Principal) -> str:
    base, _ = csrf_base(request, who)
    return auth.csrf_token(csrf_key(request), base)


def same_origin(request: Request) -> bool:
    """False when the browser says the request came from another site."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", "")


def check_csrf(request: Request, who: Principal, token: str | None) -> None:
    """Unsafe requests made with cookies must carry the CSRF token (form field or
    X-CSRF-Token header) and must not come from another origin. Token requests need
    neither: a browser never sends a bearer token by itself."""
    if who.via == "token":
        return
    token = token or request.headers.get(CSRF_HEADER)
    if who.via == "session":
        base = request.cookies.get(SESSION_COOKIE)
    else:
        base = request.cookies.get(PRE_COOKIE)
    if not same_origin(request) or not auth.csrf_valid(csrf_key(request), base, token):
        raise WebError(403, "missing or invalid CSRF token", "csrf_failed")


def set_cookie(response, request: Request, name: str, value: str, *,
               max_age: int | None = None, http_only: bool = True) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=http_only, samesite="lax",
                        secure=config_of(request).cookie_secure, path="/")


# --------------------------------------------------------------------------- cache


def cache_key(request: Request, *extra) -> tuple:
    """Path, sorted query and the index generation (entries of an older index never match)."""
    return (request.url.path, tuple(sorted(request.query_params.multi_items())),
            request.app.state.index.generation, *extra)


def sync_reads(request: Request, session: Session) -> IncidentIndex:
    """The incident index, kept in step with the store.

    After this process wrote (or before the first load) the index is refreshed here and now.
    Otherwise the store's fingerprint is probed at most every `probe_seconds`; when it
    changed (another server process, `marsad ingest`, `marsad review`), or `cache_max_age`
    seconds passed, a background thread reads what changed while requests go on being
    answered from the current index."""
    state = request.app.state
    config = config_of(request)
    now = time.monotonic()
    if (state.index.columns is not None and not state.dirty
            and now - state.probed < config.probe_seconds):
        return state.index
    from marsad.web.queries import store_version

    with state.sync_lock:
        if state.index.columns is None or state.dirty:
            state.dirty = False
            version = store_version(session)
            state.index.refresh(session)
            state.cache.clear()
            state.version, state.refreshed, state.probed = version, now, now
            return state.index
        if now - state.probed < config.probe_seconds:
            return state.index
        state.probed = now
        version = store_version(session)
        stale = version != state.version or now - state.refreshed > config.cache_max_age
        if stale and (state.refresher is None or not state.refresher.is_alive()):
            state.refresher = threading.Thread(target=_refresh_in_background,
                                               args=(request.app, version), daemon=True,
                                               name="marsad-index-refresh")
            state.refresher.start()
    return state.index


def _refresh_in_background(app, version) -> None:
    # cached answers carry the index generation in their key: a refresh that changed
    # something makes them unreachable, one that found nothing new leaves them be
    state = app.state
    session = state.store.sessionmaker()
    try:
        state.index.refresh(session)
    finally:
        session.close()
    state.version, state.refreshed = version, time.monotonic()


def sync_search_if_needed(request: Request, session: Session) -> None:
    """Bring the search index in step before a text search (at most every few seconds per
    process, and at once after this process wrote)."""
    from marsad.web.queries import sync_search_safely

    state = request.app.state
    now = time.monotonic()
    if now - state.search_synced < config_of(request).search_sync_seconds:
        return
    with state.search_lock:
        if now - state.search_synced < config_of(request).search_sync_seconds:
            return
        sync_search_safely(session)
        state.search_synced = time.monotonic()


def wrote(request: Request) -> None:
    """This process changed the store: drop cached responses, re-read the index and re-sync
    search on the next read."""
    state = request.app.state
    state.cache.clear()
    state.auth_cache.clear()
    state.dirty = True
    state.search_synced = float("-inf")
