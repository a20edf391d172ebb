"""The web commands of the `marsad` CLI: `serve`, `users ...`, `tokens ...`.

Thin Typer functions over `marsad.web.auth` and `marsad.web.app`; heavy imports (FastAPI,
uvicorn, argon2) happen inside the commands so `marsad --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

users_app = typer.Typer(help="Web accounts: viewer, analyst or admin.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for scripts (Authorization: Bearer ...).",
                         no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Store URL (default: $MARSAD_DB or sqlite:///marsad.db).")]


def _fail(message: str, code: int = 2) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def _store(db: str | None):
    from marsad.store.database import Store, StoreError

    try:
        return Store(db)
    except StoreError as err:
        _fail(str(err), 1)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        _fail("no terminal to ask for a password: use --password-stdin")
    first = typer.prompt("Password", hide_input=True)
    second = typer.prompt("Repeat", hide_input=True)
    if first != second:
        _fail("the passwords differ")
    return first


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="User name (no spaces).")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin.")] = False,
    no_password: Annotated[bool, typer.Option(
        "--no-password", help="A token-only account (cannot log in to the pages).")] = False,
    db: DbOption = None,
) -> None:
    """Add an account; the password is asked twice (or read with --password-stdin)."""
    from marsad.web import auth

    try:
        auth.check_name(name)
        auth.check_role(role)
    except auth.AuthError as err:
        _fail(str(err))
    password = None if no_password else _read_password(password_stdin)
    store = _store(db)
    try:
        with store.session() as session:
            auth.add_user(session, name, role, password)
    except auth.AuthError as err:
        _fail(str(err), 1)
    finally:
        store.close()
    print(f"added {role} {name}")


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List the accounts."""
    from marsad.web import auth

    store = _store(db)
    with store.session() as session:
        for user in auth.list_users(session):
            state = "disabled" if user.disabled else (
                "token-only" if not user.password_hash else "active")
            print(f"{user.name}\t{user.role}\t{state}")
    store.close()


@users_app.command("set-role")
def users_set_role(name: str, role: str, db: DbOption = None) -> None:
    """Change an account's role."""
    from marsad.web import auth

    store = _store(db)
    try:
        with store.session() as session:
            auth.set_role(session, name, role)
    except auth.AuthError as err:
        _fail(str(err), 1)
    finally:
        store.close()
    print(f"{name} is now {role}")


@users_app.command("passwd")
def users_passwd(
    name: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
    db: DbOption = None,
) -> None:
    """Set an account's password (and end its browser sessions)."""
    from marsad.web import auth

    password = _read_password(password_stdin)
    store = _store(db)
    try:
        with store.session() as session:
            auth.set_password(session, name, password)
    except auth.AuthError as err:
        _fail(str(err), 1)
    finally:
        store.close()
    print(f"password of {name} changed")


@users_app.command("disable")
def users_disable(
    name: str,
    enable: Annotated[bool, typer.Option("--enable", help="Enable it again.")] = False,
    db: DbOption = None,
) -> None:
    """Disable an account (its sessions end, its tokens stop working)."""
    from marsad.web import auth

    store = _store(db)
    try:
        with store.session() as session:
            auth.set_disabled(session, name, not enable)
    except auth.AuthError as err:
        _fail(str(err), 1)
    finally:
        store.close()
    print(f"{name} {'enabled' if enable else 'disabled'}")


@tokens_app.command("add")
def tokens_add(
    user: Annotated[str, typer.Argument(help="Whose token.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
    db: DbOption = None,
) -> None:
    """Make an API token; it is printed once, on stdout."""
    from marsad.web import auth

    store = _store(db)
    try:
        with store.session() as session:
            token, secret = auth.create_token(session, user, name)
            token_id = token.id
    except auth.AuthError as err:
        _fail(str(err), 1)
    finally:
        store.close()
    print(f"token {token_id} for {user} (shown once):", file=sys.stderr)
    print(secret)


@tokens_app.command("list")
def tokens_list(user: Annotated[str | None, typer.Argument()] = None,
                db: DbOption = None) -> None:
    """List API tokens (never their secrets)."""
    from marsad.web import auth

    store = _store(db)
    with store.session() as session:
        for token, owner in auth.list_tokens(session, user):
            used = token.last_used.isoformat(timespec="minutes") if token.last_used else "-"
            print(f"{token.id}\t{owner}\t{token.prefix}…\t{token.name or '-'}\t"
                  f"{'revoked' if token.revoked else 'active'}\tlast used {used}")
    store.close()


@tokens_app.command("revoke")
def tokens_revoke(token_id: int, db: DbOption = None) -> None:
    """Revoke an API token."""
    from marsad.web import auth

    store = _store(db)
    try:
        with store.session() as session:
            auth.revoke_token(session, token_id)
    except auth.AuthError as err:
        _fail(str(err), 1)
    finally:
        store.close()
    print(f"token {token_id} revoked")


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    public: Annotated[bool, typer.Option(
        "--public", help="Anonymous visitors may read (never write).")] = False,
    tile_url: Annotated[str | None, typer.Option(
        help="A tile server URL template (https://{s}.example/{z}/{x}/{y}.png); default: "
             "the offline country outlines shipped with marsad.")] = None,
    tile_attribution: Annotated[str, typer.Option(help="Attribution of the tiles.")] = "",
    workers: Annotated[int, typer.Option(min=1, help="Server processes.")] = 1,
    cookie_secure: Annotated[bool, typer.Option(
        "--cookie-secure", help="Send cookies over HTTPS only (behind a TLS proxy).")] = False,
    proxy: Annotated[str | None, typer.Option(
        "--proxy", help="Behind a reverse proxy at this address (e.g. 127.0.0.1): take the "
                        "client address from its X-Forwarded-For (login rate limits count "
                        "per client).")] = None,
) -> None:
    """Serve the web app: map, timeline, incidents, review and the JSON API."""
    import os

    try:
        import uvicorn

        from marsad.web.app import WebConfig, create_app
    except ImportError as err:
        _fail(f"the web app needs the 'web' extra (pip install 'marsad[web]'): {err}", 1)
    from marsad.store.database import resolve_url

    url = resolve_url(db)
    _store(url).close()  # migrate once, and fail early with a clear message
    print(f"marsad: serving {'(public) ' if public else ''}on http://{host}:{port}/",
          file=sys.stderr)
    if workers > 1:
        os.environ.update(MARSAD_DB=url, MARSAD_PUBLIC="1" if public else "0",
                          MARSAD_TILE_URL=tile_url or "",
                          MARSAD_TILE_ATTRIBUTION=tile_attribution,
                          MARSAD_COOKIE_SECURE="1" if cookie_secure else "0")
        uvicorn.run("marsad.web.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level="warning", proxy_headers=bool(proxy),
                    forwarded_allow_ips=proxy)
        return
    app = create_app(WebConfig(db=url, public=public, tile_url=tile_url,
                               tile_attribution=tile_attribution, cookie_secure=cookie_secure,
                               warm=True))
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=bool(proxy),
                forwarded_allow_ips=proxy)
