"""Browser tests: headless Chromium (Debian's package, driven by Playwright) against the app
served by uvicorn on a loopback port with a seeded store.

They open the map and see markers, open an incident, grade it as an analyst and see the
audit entry, and are refused the same action as a viewer. Screenshots of the map and of an
Arabic incident page go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time

import pytest

from .conftest import ARTIFACTS
from .seed import PASSWORDS

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(seeded_db, tmp_path_factory):
    from marsad.store.database import Store
    from marsad.web.app import create_app
    from marsad.web.deps import WebConfig

    source, ids = seeded_db
    target = tmp_path_factory.mktemp("browser") / "store.db"
    shutil.copy(source, target)
    store = Store(f"sqlite:///{target}")
    app = create_app(WebConfig(db=store.url), store=store)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):  # bounded wait for the server to listen
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", ids
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                             headless=True)
        yield browser
        browser.close()


def new_page(browser, errors: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/assess") else None)
    return page


def log_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_map_markers_incident_grading_and_viewer_refusal(server, browser):
    base, ids = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = new_page(browser, errors)

    # anonymous visitors of a private store are sent to the login page
    page.goto(f"{base}/")
    assert "/login" in page.url

    # the analyst logs in and sees the map with the country outlines and incident markers
    log_in(page, base, "omar")
    page.wait_for_selector("#map path.leaflet-interactive, #map .marker-cluster")
    page.wait_for_function(
        "document.querySelectorAll('#map .leaflet-overlay-pane path').length > 50")
    markers = page.locator("#map path.leaflet-interactive, #map .marker-cluster").count()
    assert markers >= 2
    assert page.locator("svg.chart rect.bar").count() >= 1  # the timeline
    page.wait_for_timeout(400)  # let the fitBounds animation settle for the screenshot
    page.screenshot(path=str(ARTIFACTS / "map.png"))

    # a marker's popup links to its incident
    page.locator("#map path.leaflet-interactive").first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.get_attribute("href").startswith("/incidents/")

    # open the Arabic incident from the list, in the Arabic interface
    page.goto(f"{base}/incidents/{ids['market']}?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator(".doc-text[dir=rtl] mark.ev").count() >= 2
    assert page.locator("a.external").first.get_attribute("rel") == "noopener noreferrer"
    page.screenshot(path=str(ARTIFACTS / "incident_ar.png"), full_page=True)

    # grade it as an analyst: the audit entry appears in the history
    page.select_option("#assess-form select[name=grade]", "confirmed")
    page.fill("#assess-form input[name=why]", "three independent sources agree")
    page.click("#assess-form button[type=submit]")
    page.wait_for_selector("#history tr.audit-row")
    row = page.locator("#history tr.audit-row").first
    assert "omar" in row.inner_text()
    assert "confirmed" in row.inner_text()
    assert "three independent sources agree" in row.inner_text()
    assert "grade-confirmed" in page.get_attribute("#current-grade", "class")
    page.context.close()

    # a viewer sees the incident without the review forms, and a forged post is refused
    viewer = new_page(browser, errors)
    log_in(viewer, base, "vera")
    viewer.goto(f"{base}/incidents/{ids['market']}")
    assert viewer.locator("#assess-form").count() == 0
    assert viewer.locator(".read-only").count() == 1
    audit_rows = viewer.locator("#history tr.audit-row").count()
    token = viewer.get_attribute("input[name=csrf_token]", "value")  # from the logout form
    with viewer.expect_navigation():
        viewer.evaluate(
            """([id, token]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/incidents/' + id + '/assess';
                for (const [k, v] of [['grade', 'discounted'], ['csrf_token', token]]) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = k; input.value = v;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""", [ids["market"], token])
    assert "403" in viewer.inner_text("h1")
    viewer.goto(f"{base}/incidents/{ids['market']}")
    assert viewer.locator("#history tr.audit-row").count() == audit_rows
    assert "grade-confirmed" in viewer.get_attribute("#current-grade", "class")
    viewer.context.close()

    # the API docs render from the app's own copy of Swagger UI
    docs = new_page(browser, errors)
    docs.goto(f"{base}/docs")
    docs.wait_for_selector(".swagger-ui .info .title")
    assert "marsad API" in docs.inner_text(".swagger-ui .info .title")
    assert docs.locator(".opblock").count() >= 20
    docs.context.close()

    # no script errors and no Content-Security-Policy violations on any page
    assert [e for e in errors if "status of 403" not in e] == []
