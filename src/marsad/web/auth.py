"""Accounts, sessions, API tokens, CSRF tokens and login rate limiting.

Plain functions over a SQLAlchemy session, usable without the web server:

    with store.session() as s:
        add_user(s, "amal", "analyst", "a long passphrase")
        token = create_token(s, "amal", name="nightly export")   # shown once

- Passwords are hashed with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile).
- Session cookies and API tokens are random 256-bit strings; only their sha256 is stored,
  so a copy of the database does not let anyone log in.
- CSRF tokens are an HMAC of the browser's session (or pre-login) cookie with a signing key
  kept in the database (`web_settings`), so every server process accepts every other's.
- Login failures are counted per user name and per client address in a sliding window;
  past the limit the login is refused (HTTP 429) even with the right password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marsad.web.models import ROLES, ApiToken, LoginFailure, User, WebSession, WebSetting

TOKEN_PREFIX = "msd_"
SESSION_DAYS = 7
MIN_PASSWORD = 8

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anybody")


class AuthError(ValueError):
    """A user, role or token request that cannot be done (unknown user, bad role, ...)."""


def now_utc() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def role_rank(role: str | None) -> int:
    """0 for anonymous, 1 viewer, 2 analyst, 3 admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


# --------------------------------------------------------------------------- users


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120 or any(c.isspace() or ord(c) < 32 for c in name):
        raise AuthError("user name must be 1-120 characters without spaces")
    return name


def hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise AuthError(f"password must have at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def add_user(session: Session, name: str, role: str, password: str | None) -> User:
    """Create an account; `password=None` makes a token-only account (no web login)."""
    name, role = check_name(name), check_role(role)
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise AuthError(f"user {name!r} already exists")
    user = User(name=name, role=role,
                password_hash=hash_password(password) if password is not None else None)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise AuthError(f"user {name!r} already exists") from None
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AuthError(f"no user {name!r}")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def set_role(session: Session, name: str, role: str) -> User:
    user = get_user(session, name)
    user.role = check_role(role)
    return user


def set_password(session: Session, name: str, password: str) -> User:
    user = get_user(session, name)
    user.password_hash = hash_password(password)
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    return user


def set_disabled(session: Session, name: str, disabled: bool = True) -> User:
    user = get_user(session, name)
    user.disabled = disabled
    if disabled:
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    return user


def verify_password(user: User | None, password: str) -> bool:
    """True when `password` is the user's; takes as long for unknown users."""
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return False
    return ok and user is not None and bool(user.password_hash) and not user.disabled


# --------------------------------------------------------------------------- rate limit


@dataclass
class RateLimit:
    """At most `per_user` failed logins per user name and `per_client` per address in
    `window` seconds."""

    per_user: int = 5
    per_client: int = 20
    window: int = 15 * 60


def login_blocked(session: Session, username: str, client: str, limit: RateLimit,
                  now: datetime) -> bool:
    since = now - timedelta(seconds=limit.window)
    by_user = session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.username == username[:120], LoginFailure.at >= since))
    if by_user >= limit.per_user:
        return True
    by_client = session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.client == client[:64], LoginFailure.at >= since))
    return by_client >= limit.per_client


def record_failure(session: Session, username: str, client: str, now: datetime,
                   limit: RateLimit) -> None:
    session.add(LoginFailure(at=now, username=username[:120], client=client[:64]))
    # old rows are of no use any more
    session.execute(delete(LoginFailure).where(
        LoginFailure.at < now - timedelta(seconds=2 * limit.window)))


def clear_failures(session: Session, username: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.username == username[:120]))


# --------------------------------------------------------------------------- sessions


def create_session(session: Session, user: User, now: datetime) -> str:
    """A new browser session for `user`; returns the cookie value."""
    cookie = secrets.token_urlsafe(32)
    session.add(WebSession(id=sha256(cookie), user_id=user.id, created_at=now,
                           expires_at=now + timedelta(days=SESSION_DAYS)))
    user.last_login = now
    return cookie


def session_user(session: Session, cookie: str | None, now: datetime) -> User | None:
    if not cookie or len(cookie) > 200:
        return None
    row = session.execute(
        select(WebSession.expires_at, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id == sha256(cookie))
    ).first()
    if row is None:
        return None
    expires, user = row
    if _aware(expires) <= now or user.disabled:
        return None
    return user


def end_session(session: Session, cookie: str | None) -> None:
    if cookie:
        session.execute(delete(WebSession).where(WebSession.id == sha256(cookie)))


# --------------------------------------------------------------------------- API tokens


def create_token(session: Session, username: str, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for `username`: (its row, the secret, shown only this once)."""
    user = get_user(session, username)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=(name or "").strip()[:120],
                     token_hash=sha256(secret), prefix=secret[:12])
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, username: str | None = None) -> list[tuple[ApiToken, str]]:
    query = select(ApiToken, User.name).join(User, User.id == ApiToken.user_id)
    if username is not None:
        query = query.where(User.name == username)
    return [(t, n) for t, n in session.execute(query.order_by(ApiToken.id))]


def revoke_token(session: Session, token_id: int, username: str | None = None) -> ApiToken:
    """Revoke a token (only one of `username`'s when given)."""
    token = session.get(ApiToken, token_id)
    if token is None or (username is not None and
                         session.get(User, token.user_id).name != username):
        raise AuthError(f"no token {token_id}")
    token.revoked = True
    return token


def token_user(session: Session, secret: str | None, now: datetime) -> User | None:
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    row = session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == sha256(secret))
    ).first()
    if row is None:
        return None
    token, user = row
    if token.revoked or user.disabled:
        return None
    last = _aware(token.last_used)
    if last is None or now - last > timedelta(minutes=10):  # not a write per request
        token.last_used = now
    return user


# --------------------------------------------------------------------------- CSRF


def signing_key(session: Session) -> bytes:
    """The CSRF signing key shared by all server processes (made on first use)."""
    row = session.get(WebSetting, "csrf_key")
    if row is None:
        session.add(WebSetting(key="csrf_key", value=secrets.token_hex(32)))
        try:
            session.flush()
        except IntegrityError:  # another process made it first
            session.rollback()
        row = session.get(WebSetting, "csrf_key")
    return bytes.fromhex(row.value)


def csrf_token(key: bytes, cookie: str) -> str:
    return hmac.new(key, b"csrf|" + cookie.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_valid(key: bytes, cookie: str | None, token: str | None) -> bool:
    if not cookie or not token:
        return False
    return hmac.compare_digest(csrf_token(key, cookie), token)


Clock = Callable[[], datetime]
