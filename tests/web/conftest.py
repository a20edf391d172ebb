"""Fixtures of the web tests: a seeded store (built once, copied per test), the app, clients
logged in as each role, and API tokens."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("argon2")

from fastapi.testclient import TestClient

from marsad.store.database import Store
from marsad.web import auth
from marsad.web.app import create_app
from marsad.web.deps import WebConfig

from .seed import PASSWORDS, seed_store

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
XSS_URL = "javascript:alert(document.cookie)"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"
XSS_DOCS = [
    {"key": "xss-1", "title": "Report " + XSS, "outlet": "Wire " + XSS, "url": XSS_URL,
     "text": "An air strike was reported. " + XSS + " More text follows.",
     "place": "Town" + XSS, "actor": "Group " + XSS},
    {"key": "xss-2", "title": '"><svg onload=alert(2)>', "outlet": "x' onmouseover='alert(3)",
     "url": 'https://ok.example.org/"><script>alert(4)</script>',
     "text": "Shelling hit a village </textarea><script>alert(5)</script> at dawn.",
     "actor": FORMULA},
]


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("seed")
    path = folder / "seed.db"
    ids = seed_store(f"sqlite:///{path}", extra_documents=XSS_DOCS)
    return path, ids


@pytest.fixture
def ids(seeded_db) -> dict:
    return seeded_db[1]


@pytest.fixture
def db_url(seeded_db, tmp_path) -> str:
    """A private copy of the seeded store for one test."""
    source, _ = seeded_db
    target = tmp_path / "store.db"
    shutil.copy(source, target)
    for suffix in ("-wal", "-shm"):
        extra = Path(str(source) + suffix)
        if extra.exists():
            shutil.copy(extra, Path(str(target) + suffix))
    return f"sqlite:///{target}"


@pytest.fixture
def make_app(db_url):
    stores: list[Store] = []

    def factory(**options):
        # changes made beside the app (CLI, other sessions) must show at once in tests
        options.setdefault("auth_cache_seconds", 0)
        store = Store(db_url)
        stores.append(store)
        return create_app(WebConfig(db=db_url, **options), store=store)

    yield factory
    for store in stores:
        store.close()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app) -> TestClient:
    """Anonymous."""
    return TestClient(app)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: TestClient, name: str, password: str | None = None):
    page = client.get("/login")
    assert page.status_code == 200
    return client.post("/login", data={"username": name,
                                       "password": password or PASSWORDS[name],
                                       "csrf_token": csrf_of(page.text), "next": "/"},
                       follow_redirects=False)


@pytest.fixture
def as_user(app):
    """`as_user("omar")`: a client with a browser session of that user (made directly: the
    login form itself is tested in test_security and test_browser; argon2 is slow on
    purpose)."""
    def factory(name: str) -> TestClient:
        with app.state.store.session() as session:
            user = auth.get_user(session, name)
            cookie = auth.create_session(session, user, auth.now_utc())
        return TestClient(app, cookies={"marsad_session": cookie})
    return factory


@pytest.fixture
def token_for(app):
    """`token_for("omar")`: an API token of that user."""
    def factory(name: str) -> str:
        with app.state.store.session() as session:
            _, secret = auth.create_token(session, name, "tests")
        return secret
    return factory


def page_csrf(client: TestClient, path: str = "/account") -> str:
    return csrf_of(client.get(path).text)
