"""The web app on PostgreSQL (the team store): reads, search, review, tokens and the index.

Needs $MARSAD_TEST_PG (`.ci/services` starts a server and writes it to .ci/env); skipped
without it. The module seeds its own schema on that server and drops it afterwards.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .conftest import XSS_DOCS
from .seed import seed_store

PG_URL = os.environ.get("MARSAD_TEST_PG")
pytestmark = pytest.mark.skipif(not PG_URL, reason="MARSAD_TEST_PG is not set")


@pytest.fixture(scope="module")
def pg(request):
    import sqlalchemy as sa

    from marsad.store.database import resolve_url

    schema = f"web_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(resolve_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    base = resolve_url(PG_URL)
    url = f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    try:
        yield url, seed_store(url, extra_documents=XSS_DOCS)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def app(pg):
    from marsad.store.database import Store
    from marsad.web.app import create_app
    from marsad.web.deps import WebConfig

    url, _ = pg
    store = Store(url)
    yield create_app(WebConfig(db=url, probe_seconds=0, auth_cache_seconds=0), store=store)
    store.close()


@pytest.fixture(scope="module")
def analyst(app):
    from marsad.web import auth

    with app.state.store.session() as session:
        _, secret = auth.create_token(session, "omar", "pg")
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def test_reads_and_search_on_postgresql(analyst, pg):
    _, ids = pg
    listing = analyst.get("/api/incidents", params={"sort": "-killed"}).json()
    assert listing["total"] == 6 and listing["items"][0]["id"] == ids["market"]
    assert {i["id"] for i in analyst.get("/api/incidents", params={
        "country": "IQ"}).json()["items"]} == {ids["mosul"]}
    assert {i["id"] for i in analyst.get("/api/incidents", params={
        "q": "والبوكمال الانقاض"}).json()["items"]} == {ids["market"]}
    assert analyst.get("/api/incidents", params={"q": "%"}).json()["total"] == 0
    assert analyst.get("/api/incidents", params={"actor": "' OR 1=1 --"}).json()["total"] == 0
    assert analyst.get("/api/map").json()["total"] == 6
    assert analyst.get("/api/timeline", params={"interval": "month"}).json()["series"]
    assert analyst.get("/api/stats").json()["totals"]["incidents"] == 6
    detail = analyst.get(f"/api/incidents/{ids['market']}").json()
    assert len(detail["sources"]) == 3
    assert analyst.get("/api/documents", params={"q": "mosul"}).json()["total"] == 1
    assert analyst.get("/api/events", params={"bbox": "40,30,45,40"}).json()["total"] == 4
    assert "Albu Kamal" in analyst.get("/api/export/incidents.csv").text


def test_review_on_postgresql(analyst, pg):
    _, ids = pg
    assessed = analyst.post(f"/api/incidents/{ids['market']}/assessment",
                            json={"grade": "confirmed", "why": "pg"})
    assert assessed.status_code == 200, assessed.text
    assert [i["id"] for i in analyst.get("/api/incidents", params={
        "grade": "confirmed"}).json()["items"]] == [ids["market"]]
    split = analyst.post(f"/api/incidents/{ids['market']}/split",
                         json={"event_ids": [ids["events"]["en"]]})
    assert split.status_code == 201, split.text
    merged = analyst.post(f"/api/incidents/{ids['market']}/merge",
                          json={"others": [split.json()["new_incident"]]})
    assert merged.status_code == 200, merged.text
    audit = analyst.get(f"/api/incidents/{ids['market']}/audit").json()["items"]
    assert [a["action"] for a in audit] == ["merge", "split", "assess"]
