"""Server-rendered pages: map page, list, incident page with evidence, RTL Arabic, review
forms, accounts, static assets shipped with the app."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from marsad.store.models import AuditLog
from marsad.web.app import STATIC

from .conftest import csrf_of

TEMPLATES = Path(STATIC).parent / "templates"


def test_private_pages_send_visitors_to_login(client):
    response = client.get("/incidents?country=SY", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fincidents%3Fcountry%3DSY"
    assert client.get("/login").status_code == 200


def test_map_page_timeline_and_list(as_user, ids):
    page = as_user("vera").get("/").text
    assert 'id="map"' in page and 'data-api="/api/map"' in page
    assert 'data-basemap="/static/basemap/countries-50m.geojson"' in page
    for asset in ("/static/vendor/leaflet/leaflet.js",
                  "/static/vendor/markercluster/leaflet.markercluster.js",
                  "/static/vendor/htmx/htmx.min.js", "/static/map.js"):
        assert f'src="{asset}' in page
    assert len(re.findall(r'<rect class="bar"', page)) >= 4  # the timeline
    assert f'href="/incidents/{ids["market"]}"' in page
    assert 'hx-get="/"' in page and 'hx-target="#results"' in page


def test_htmx_requests_get_only_the_results(as_user, ids):
    client = as_user("vera")
    partial = client.get("/", params={"country": "IQ"}, headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<section id="results"')
    assert "<html" not in partial
    assert f'href="/incidents/{ids["mosul"]}"' in partial
    assert f'href="/incidents/{ids["market"]}"' not in partial


def test_arabic_interface_is_right_to_left(as_user):
    client = as_user("vera")
    page = client.get("/", params={"lang": "ar"})
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "الحوادث" in page.text and "التصفية" in page.text
    assert "marsad_lang=ar" in page.headers["set-cookie"]
    again = client.get("/incidents").text  # the choice is remembered
    assert '<html lang="ar" dir="rtl">' in again
    english = client.get("/incidents", params={"lang": "en"}).text
    assert '<html lang="en" dir="ltr">' in english
    fresh = TestClient(client.app)
    assert 'dir="rtl"' in fresh.get("/login", headers={"Accept-Language": "ar-SY,ar;q=0.9"}).text


def test_incident_page_sources_side_by_side_with_evidence(as_user, ids):
    page = as_user("vera").get(f"/incidents/{ids['market']}", params={"lang": "ar"}).text
    assert page.count('<article class="source"') == 3
    boxes = re.findall(r'<div class="doc-text" dir="(\w+)" lang="(\w+)">', page)
    assert boxes == [("rtl", "ar"), ("auto", "en"), ("rtl", "ar")]
    assert '<mark class="ev ev-trigger" title="لفظ الحدث">غارة جوية</mark>' in page
    assert '<mark class="ev ev-place" title="المكان">البوكمال</mark>' in page
    assert '<mark class="ev ev-casualty"' in page and ">killing at least nine civilians<" in page
    # the combined range and each source's own figure, kept left-to-right
    assert '<bdi dir="ltr" class="range">7–9</bdi>' in page
    assert '<bdi dir="ltr" class="range">7</bdi>' in page
    assert page.count('rel="noopener noreferrer" target="_blank"') == 3
    assert '<time dir="ltr" datetime="2026-10-13">2026-10-13</time>' in page
    assert "لم يُسجّل أي تغيير بعد." in page  # empty history, in Arabic


def test_review_forms_only_for_analysts(as_user, ids):
    viewer = as_user("vera").get(f"/incidents/{ids['market']}").text
    assert 'id="assess-form"' not in viewer and 'class="muted read-only"' in viewer
    analyst = as_user("omar").get(f"/incidents/{ids['market']}").text
    for form in ("assess-form", "merge-form", "split-form"):
        assert f'id="{form}"' in analyst
    assert len(re.findall(r'name="event_ids" value="\d+"', analyst)) == 3


def test_review_through_the_forms(as_user, app, ids):
    client = as_user("omar")
    csrf = csrf_of(client.get(f"/incidents/{ids['market']}").text)
    response = client.post(f"/incidents/{ids['market']}/assess", data={
        "csrf_token": csrf, "grade": "contested", "response": "non-credible",
        "conceded_min": "", "conceded_max": "", "duplicate_of": "", "notes": "ملاحظة",
        "why": "sources disagree"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/incidents/{ids['market']}#history"
    page = client.get(f"/incidents/{ids['market']}").text
    row = re.search(r'<tr class="audit-row" data-action="assess">(.*?)</tr>', page, re.DOTALL)
    assert row and "omar" in row.group(1) and "sources disagree" in row.group(1)
    assert "<ins>contested</ins>" in row.group(1)
    bad = client.post(f"/incidents/{ids['market']}/assess", data={
        "csrf_token": csrf, "conceded_min": "9", "conceded_max": "1"})
    assert bad.status_code == 400 and "conceded_min" in bad.text
    merged = client.post(f"/incidents/{ids['market']}/merge", data={
        "csrf_token": csrf, "others": f"#{ids['idlib']}", "why": "same"},
        follow_redirects=False)
    assert merged.status_code == 303
    wrong = client.post(f"/incidents/{ids['market']}/merge", data={
        "csrf_token": csrf, "others": "abc"})
    assert wrong.status_code == 400 and "not an incident number" in wrong.text
    split = client.post(f"/incidents/{ids['market']}/split", data={
        "csrf_token": csrf, "event_ids": [str(ids["events"]["en"])], "why": "apart"},
        follow_redirects=False)
    assert split.status_code == 303
    with app.state.store.session() as session:
        actions = sorted(session.scalars(select(AuditLog.action)))
        assert actions == ["assess", "merge", "merged-into", "split", "split-from"]
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 5
    merged_page = client.get(f"/incidents/{ids['idlib']}").text
    assert f'href="/incidents/{ids["market"]}"' in merged_page and "merged" in merged_page
    assert 'id="assess-form"' not in merged_page  # a merged incident is read-only


def test_documents_stats_account_pages(as_user, ids):
    client = as_user("omar")
    docs = client.get("/documents", params={"q": "albu"}).text
    assert f'href="/documents/{ids["docs"]["en"]}"' in docs
    doc = client.get(f"/documents/{ids['docs']['ar1']}").text
    assert '<div class="doc-text full" dir="rtl" lang="ar">' in doc
    assert f'href="/incidents/{ids["market"]}"' in doc
    stats = client.get("/stats", params={"lang": "ar"}).text
    assert "حسب التقييم" in stats and "غير مقيّمة" in stats
    account = client.get("/account").text
    made = client.post("/account/tokens", data={"csrf_token": csrf_of(account),
                                                "name": "laptop"})
    token = re.search(r'<code class="token" id="new-token">(msd_[\w-]+)</code>', made.text)
    assert token
    script = TestClient(client.app)
    assert script.get("/api/me", headers={
        "Authorization": f"Bearer {token.group(1)}"}).json()["user"] == "omar"
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', made.text).group(1)
    client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(made.text)})
    assert script.get("/api/me", headers={
        "Authorization": f"Bearer {token.group(1)}"}).status_code == 401
    viewer_account = as_user("vera").get("/account").text
    assert "/account/tokens" not in viewer_account


def test_not_found_and_bad_input_pages(as_user):
    client = as_user("vera")
    missing = client.get("/incidents/99999")
    assert missing.status_code == 404 and "<h1>404" in missing.text
    assert client.get("/no/such/page").status_code == 404
    bad = client.get("/incidents", params={"date_from": "soon"})
    assert bad.status_code == 200 and "date_from: expected a date" in bad.text


def test_assets_are_shipped_with_the_app_never_from_a_cdn(client):
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text("utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), template.name
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
                 "/static/vendor/markercluster/leaflet.markercluster.js",
                 "/static/vendor/htmx/htmx.min.js", "/static/map.js", "/static/app.css",
                 "/static/vendor/leaflet/images/marker-icon.png"):
        assert client.get(path).status_code == 200, path
    for licence in ("vendor/leaflet/LICENSE.txt", "vendor/markercluster/LICENSE.txt",
                    "vendor/htmx/LICENSE.txt", "basemap/LICENSE-world-atlas.txt",
                    "vendor/VERSIONS.txt"):
        assert (STATIC / licence).is_file(), licence
    basemap = json.loads(client.get("/static/basemap/countries-50m.geojson").text)
    assert basemap["type"] == "FeatureCollection" and len(basemap["features"]) > 200
    names = {f["properties"]["name"] for f in basemap["features"]}
    assert {"Syria", "Iraq", "Yemen", "Lebanon", "Palestine"} <= names


def test_api_docs_are_served_locally(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert 'src="/static/vendor/swagger-ui/swagger-ui-bundle.js' in page.text
    assert "<script>" not in page.text  # no inline script
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/docs.js").status_code == 200


def test_a_tile_server_can_be_configured(make_app, token_for):
    app = make_app(public=True, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
                   tile_attribution="© Example")
    page = TestClient(app).get("/")
    assert 'data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in page.text
    assert "img-src 'self' data: https://*.tiles.example.org" in page.headers[
        "content-security-policy"]
