"""Security: untrusted text escaped, SQL injection harmless, writes refused to anonymous and
viewer requests, CSRF, login rate limiting, cookies, headers, redirects, CSV formulas."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from marsad.store.models import AuditLog, Incident
from marsad.web.auth import RateLimit
from marsad.web.models import User

from .conftest import FORMULA, XSS, csrf_of, login, page_csrf

RAW = ["<script>alert", "<img src=x onerror", "<svg onload", "onmouseover='alert",
       "</textarea><script>"]


class _Elements(HTMLParser):
    """The elements and attributes a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_escaped(html: str) -> None:
    for raw in RAW:
        assert raw not in html, f"unescaped {raw!r} in the page"
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert tag not in ("img", "svg", "iframe", "object") or tag == "svg" and \
            attrs.get("class") == "chart", (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)


@pytest.fixture
def analyst(as_user):
    return as_user("omar")


@pytest.fixture
def viewer(as_user):
    return as_user("vera")


def test_untrusted_text_titles_and_urls_are_escaped_in_pages(analyst, ids):
    xss_incident, other = ids["extra"]
    pages = [f"/incidents/{xss_incident}", f"/incidents/{other}", "/", "/incidents",
             "/documents", "/stats", "/incidents?sort=id",
             "/?actor=" + XSS, "/incidents?q=" + XSS, "/documents?q=" + XSS,
             "/stats?actor=" + XSS, "/?admin1=" + XSS, "/login?next=" + XSS]
    with analyst.app.state.store.session() as session:
        from marsad.store.models import Document

        doc_ids = list(session.scalars(select(Document.id).where(
            Document.doc_id.in_(["xss-1", "xss-2"]))))
    pages += [f"/documents/{d}" for d in doc_ids]
    for path in pages:
        response = analyst.get(path)
        assert response.status_code == 200, path
        assert_escaped(response.text)
    page = analyst.get(f"/incidents/{xss_incident}").text
    assert "Report &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page  # shown, as text
    assert "Town&lt;script&gt;" in page
    # a javascript: URL is never a link; a real URL is, opening without opener or referrer
    assert "javascript:alert(document.cookie)" in page  # as text only
    second = analyst.get(f"/incidents/{other}").text
    link = re.search(r'<a href="(https://ok\.example\.org/[^"]*)"([^>]*)>', second)
    assert link and "&#34;&gt;&lt;script&gt;" in link.group(1)
    assert 'rel="noopener noreferrer"' in link.group(2)
    # the search term comes back escaped in the form
    searched = analyst.get("/incidents", params={"q": '"><script>alert(9)</script>'}).text
    assert 'value="&#34;&gt;&lt;script&gt;alert(9)&lt;/script&gt;"' in searched


def test_untrusted_text_in_error_pages_and_json_is_inert(analyst, ids):
    error = analyst.get("/incidents", params={"date_from": XSS})
    assert_escaped(error.text)
    assert "&lt;script&gt;" in error.text
    api = analyst.get("/api/incidents", params={"date_from": XSS})
    assert api.status_code == 422
    assert api.headers["content-type"] == "application/json"
    assert api.headers["x-content-type-options"] == "nosniff"
    missing = analyst.get("/incidents/<script>alert(1)</script>")
    assert missing.status_code in (404, 422)
    assert_escaped(missing.text)


SQLI = ["' OR '1'='1", "1; DROP TABLE incidents; --", "%' OR 1=1 --", "\\' UNION SELECT 1 --",
        "1) OR (1=1", "\" OR \"\"=\"", "%", "_", "ASSAULT' --"]
TEXT_FILTERS = ["q", "actor", "admin1", "country", "type", "mode"]
STRICT_FILTERS = ["date_from", "date_to", "grade", "response", "bbox", "min_killed", "sort",
                  "status", "interval"]


def _plain_search(app, q: str) -> set[int]:
    from marsad.web.models import SearchEntry
    from marsad.web.queries import search_terms

    terms = search_terms(q)
    with app.state.store.session() as session:
        return {e.incident_id for e in session.scalars(select(SearchEntry))
                if terms and all(t in e.norm for t in terms)}


@pytest.mark.parametrize("payload", SQLI)
def test_sql_injection_in_every_filter_is_harmless(analyst, payload):
    with analyst.app.state.store.session() as session:
        before = session.scalar(select(func.count()).select_from(Incident))
    for endpoint in ("/api/incidents", "/api/map", "/api/timeline", "/api/stats",
                     "/api/export/incidents.csv", "/incidents"):
        for name in TEXT_FILTERS:
            response = analyst.get(endpoint, params={name: payload})
            assert response.status_code == 200, (endpoint, name, response.text[:200])
            if endpoint == "/api/incidents":
                found = {i["id"] for i in response.json()["items"]}
                # text search finds the payload's words as words, nothing more
                expected = _plain_search(analyst.app, payload) if name == "q" else set()
                assert found == expected, (name, payload)
        for name in STRICT_FILTERS:
            response = analyst.get(endpoint, params={name: payload})
            assert response.status_code in (200, 422), (endpoint, name)
            if endpoint == "/api/incidents" and name != "interval":
                assert response.status_code == 422, (name, payload)
    for endpoint, names in (("/api/documents", ["q", "lang", "outlet", "status",
                                                 "incident_id", "date_from"]),
                            ("/api/events", ["type", "country", "document_id",
                                             "incident_id", "bbox", "date_to"])):
        for name in names:
            response = analyst.get(endpoint, params={name: payload})
            assert response.status_code in (200, 422), (endpoint, name)
            if response.status_code == 200:
                assert response.json()["total"] == 0, (endpoint, name, payload)
    with analyst.app.state.store.session() as session:
        assert session.scalar(select(func.count()).select_from(Incident)) == before
        assert session.scalar(select(func.count()).select_from(User)) == 3


def _writes(ids):
    """Every write: (method, path, JSON body or form data, is a form)."""
    market, mosul = ids["market"], ids["mosul"]
    return [
        ("post", f"/api/incidents/{market}/assessment", {"grade": "discounted"}, False),
        ("post", f"/api/incidents/{market}/merge", {"others": [mosul]}, False),
        ("post", f"/api/incidents/{market}/split", {"event_ids": [ids["events"]["en"]]},
         False),
        ("post", "/api/tokens", {"name": "x"}, False),
        ("delete", "/api/tokens/1", None, False),
        ("post", "/api/users", {"name": "eve", "role": "admin", "password": "x" * 12}, False),
        ("patch", "/api/users/vera", {"role": "admin"}, False),
        ("post", f"/incidents/{market}/assess", {"grade": "discounted"}, True),
        ("post", f"/incidents/{market}/merge", {"others": str(mosul)}, True),
        ("post", f"/incidents/{market}/split", {"event_ids": str(ids["events"]["en"])}, True),
        ("post", "/account/tokens", {"name": "x"}, True),
        ("post", "/account/tokens/1/revoke", {}, True),
    ]


def _send(client, method, path, body, form, csrf=None):
    if form:
        data = dict(body or {})
        if csrf:
            data["csrf_token"] = csrf
        return client.request(method, path, data=data, follow_redirects=False)
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    return client.request(method, path, json=body, headers=headers, follow_redirects=False)


def _nothing_changed(app, ids):
    with app.state.store.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 0
        assert session.get(Incident, ids["mosul"]).status == "active"
        assert session.scalar(select(User.role).where(User.name == "vera")) == "viewer"
        assert session.scalar(select(func.count()).select_from(User)) == 3


def test_writes_refuse_anonymous_requests(client, app, ids):
    for method, path, body, form in _writes(ids):
        response = _send(client, method, path, body, form)
        assert response.status_code == 401, (method, path, response.status_code)
    _nothing_changed(app, ids)


def test_writes_refuse_viewers_with_session_and_csrf(viewer, app, ids):
    csrf = page_csrf(viewer)
    for method, path, body, form in _writes(ids):
        response = _send(viewer, method, path, body, form, csrf)
        assert response.status_code == 403, (method, path, response.status_code)
    _nothing_changed(app, ids)


def test_writes_refuse_viewer_tokens(app, token_for, ids):
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token_for('vera')}"
    for method, path, body, form in _writes(ids):
        if form:
            continue
        response = _send(client, method, path, body, form)
        assert response.status_code == 403, (method, path, response.status_code)
    _nothing_changed(app, ids)


def test_analyst_writes_are_refused_for_admin_only_endpoints(analyst, app, ids):
    csrf = page_csrf(analyst)
    assert _send(analyst, "post", "/api/users", {"name": "eve", "role": "admin",
                                                 "password": "x" * 12}, False,
                 csrf).status_code == 403
    assert _send(analyst, "patch", "/api/users/vera", {"role": "admin"}, False,
                 csrf).status_code == 403
    assert analyst.get("/api/users").status_code == 403
    _nothing_changed(app, ids)


def test_form_posts_without_a_valid_csrf_token_are_refused(analyst, as_user, app, ids):
    other = page_csrf(as_user("amina"))  # a real token, of another session
    for method, path, body, form in _writes(ids):
        if not form:
            continue
        for token in (None, "0" * 64, other):
            response = _send(analyst, method, path, body, form, token)
            assert response.status_code == 403, (path, token, response.status_code)
    _nothing_changed(app, ids)
    # the right token from another origin is refused too
    good = page_csrf(analyst)
    response = analyst.post(f"/incidents/{ids['market']}/assess",
                            data={"grade": "weak", "csrf_token": good},
                            headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert response.status_code == 403
    _nothing_changed(app, ids)
    # and with it, from this site, the same post works
    response = analyst.post(f"/incidents/{ids['market']}/assess",
                            data={"grade": "weak", "csrf_token": good},
                            follow_redirects=False)
    assert response.status_code == 303


def test_cookie_api_writes_need_the_csrf_header(analyst, ids):
    url = f"/api/incidents/{ids['market']}/assessment"
    assert analyst.post(url, json={"grade": "weak"}).status_code == 403
    ok = analyst.post(url, json={"grade": "weak"}, headers={"X-CSRF-Token": page_csrf(analyst)})
    assert ok.status_code == 200


def test_login_needs_csrf_and_is_rate_limited(make_app):
    clock = {"now": datetime(2026, 11, 24, 12, 0, tzinfo=UTC)}
    app = make_app(clock=lambda: clock["now"], rate_limit=RateLimit(per_user=3, per_client=6))
    client = TestClient(app)
    no_token = client.post("/login", data={"username": "omar", "password": "analyst-pass-123"},
                           follow_redirects=False)
    assert no_token.status_code == 403
    for _ in range(3):
        assert login(client, "omar", "wrong password").status_code == 401
    blocked = login(client, "omar")  # the right password, but too many failures
    assert blocked.status_code == 429
    assert "marsad_session" not in blocked.cookies
    clock["now"] += timedelta(minutes=16)  # the window has passed
    assert login(client, "omar").status_code == 303
    # guessing many user names from one address is limited too
    other = TestClient(app)
    for n in range(6):
        assert login(other, f"nobody{n}", "guess guess").status_code == 401
    assert login(other, "vera").status_code == 429


def test_session_cookie_flags_logout_and_redirects(app):
    client = TestClient(app)
    response = login(client, "omar")
    cookie = response.headers["set-cookie"]
    assert "marsad_session=" in cookie and "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower() and "Path=/" in cookie
    session_value = client.cookies["marsad_session"]
    assert client.get("/api/me").json()["user"] == "omar"
    logout = client.post("/logout", data={"csrf_token": page_csrf(client)},
                         follow_redirects=False)
    assert logout.status_code == 303
    replay = TestClient(app, cookies={"marsad_session": session_value})
    assert replay.get("/api/me").json()["user"] is None  # ended on the server too
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:x"):
        page = client.get("/login")
        response = client.post("/login", data={
            "username": "omar", "password": "analyst-pass-123",
            "csrf_token": csrf_of(page.text), "next": target}, follow_redirects=False)
        assert response.headers["location"] == "/", target


def test_security_headers_and_secure_cookies(make_app):
    client = TestClient(make_app(cookie_secure=True))
    response = client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert "Secure" in response.headers["set-cookie"]
    assert "<script>" not in response.text.replace('<script src=', '')  # no inline scripts


def test_bad_tokens_are_refused_not_downgraded(client):
    for header in ("Bearer msd_not-a-token", "Bearer ", "Basic b21hcjpwYXNz", "Bearer x" * 50):
        response = client.get("/api/incidents", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_passwords_are_argon2_hashes(app):
    with app.state.store.session() as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any("pass-123" in h for h in hashes)


def test_csv_export_defuses_spreadsheet_formulas(analyst):
    rows = list(csv.DictReader(io.StringIO(analyst.get("/api/export/incidents.csv").text)))
    actors = [r["actor_name"] for r in rows if r["actor_name"]]
    assert "'" + FORMULA in actors
    assert FORMULA not in actors
