"""The JSON API: every endpoint, its filters, pagination, errors and documented schema."""

from __future__ import annotations

import csv
import io
import json

import pytest

# every endpoint of the API; test_openapi_lists_exactly_these fails when one is added
# without being listed (and tested) here
ENDPOINTS = {
    ("get", "/api/health"), ("get", "/api/me"),
    ("get", "/api/incidents"), ("get", "/api/incidents/{incident_id}"),
    ("get", "/api/incidents/{incident_id}/audit"), ("get", "/api/map"),
    ("get", "/api/timeline"), ("get", "/api/stats"), ("get", "/api/facets"),
    ("get", "/api/documents"), ("get", "/api/documents/{document_id}"),
    ("get", "/api/events"), ("get", "/api/events/{event_id}"),
    ("get", "/api/export/incidents.csv"), ("get", "/api/export/incidents.geojson"),
    ("post", "/api/incidents/{incident_id}/assessment"),
    ("post", "/api/incidents/{incident_id}/merge"),
    ("post", "/api/incidents/{incident_id}/split"),
    ("get", "/api/tokens"), ("post", "/api/tokens"), ("delete", "/api/tokens/{token_id}"),
    ("get", "/api/users"), ("post", "/api/users"), ("patch", "/api/users/{name}"),
}


@pytest.fixture
def viewer(app, token_for):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token_for('vera')}"
    return client


@pytest.fixture
def analyst(app, token_for):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token_for('omar')}"
    return client


@pytest.fixture
def admin(app, token_for):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token_for('amina')}"
    return client


def test_openapi_lists_exactly_these(client):
    schema = client.get("/openapi.json").json()
    found = {(method, path) for path, item in schema["paths"].items()
             for method in item if path.startswith("/api/")}
    assert found == ENDPOINTS
    params = {p["name"] for p in schema["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"date_from", "date_to", "type", "country", "admin1", "actor", "grade", "q",
            "bbox", "page", "per_page", "sort"} <= params


def test_health_and_me(client, viewer):
    assert client.get("/api/health").json()["ok"] is True
    assert client.get("/api/me").json() == {
        "user": None, "role": None, "via": None, "public": False, "can_read": False,
        "can_assess": False, "is_admin": False}
    me = viewer.get("/api/me").json()
    assert (me["user"], me["role"], me["via"], me["can_assess"]) == ("vera", "viewer",
                                                                     "token", False)


def test_reading_needs_an_account_unless_public(client, make_app, ids):
    from fastapi.testclient import TestClient

    assert client.get("/api/incidents").status_code == 401
    assert client.get("/api/incidents").headers["www-authenticate"] == "Bearer"
    public = TestClient(make_app(public=True))
    assert public.get("/api/incidents").status_code == 200
    assert public.get(f"/api/incidents/{ids['market']}").status_code == 200


def test_incident_list_filters_sort_and_pages(viewer, ids):
    everything = viewer.get("/api/incidents").json()
    assert everything["total"] == 6
    assert [i["date_start"] for i in everything["items"]] == sorted(
        (i["date_start"] for i in everything["items"]), reverse=True)
    market = next(i for i in everything["items"] if i["id"] == ids["market"])
    assert (market["n_documents"], market["killed_min"], market["killed_max"]) == (3, 7, 9)
    assert market["grade"] == "unassessed"

    def total(**params):
        response = viewer.get("/api/incidents", params=params)
        assert response.status_code == 200, response.text
        return {i["id"] for i in response.json()["items"]}

    assert total(country="IQ") == {ids["mosul"]}
    assert total(country=["IQ", "YE"]) == {ids["mosul"], ids["aden"]}
    assert total(country="iq,ye") == {ids["mosul"], ids["aden"]}
    assert total(type="THREATEN") == {ids["aden"]}
    assert total(mode="drone") == {ids["idlib"]}
    assert total(admin1="Nineveh") == {ids["mosul"]}
    assert total(actor="coalition") == {ids["market"]}
    assert total(grade="fair") == {ids["mosul"]}
    assert ids["market"] in total(grade="unassessed")
    assert total(date_from="2026-09-01", date_to="2026-09-30") == {ids["mosul"]}
    assert total(min_killed=5) == {ids["market"]}
    assert total(bbox="40,30,45,40") == {ids["market"], ids["mosul"]}
    assert total(bbox="170,-10,-170,10") == set()  # across the antimeridian
    assert total(response="not yet assessed") >= {ids["market"], ids["mosul"]}

    page = viewer.get("/api/incidents", params={"per_page": 2, "page": 2, "sort": "id"}).json()
    assert (page["pages"], [i["id"] for i in page["items"]]) == (3, [3, 4])
    by_deaths = viewer.get("/api/incidents", params={"sort": "-killed"}).json()["items"]
    assert by_deaths[0]["id"] == ids["market"]


@pytest.mark.parametrize("params", [
    {"date_from": "yesterday"}, {"date_from": "2026-10-10", "date_to": "2026-01-01"},
    {"grade": "excellent"}, {"response": "maybe"}, {"bbox": "1,2,3"}, {"bbox": "0,80,10,70"},
    {"bbox": "nan,0,1,1"}, {"min_killed": "-1"}, {"min_killed": "many"}, {"sort": "random"},
    {"per_page": 1000}, {"page": 0}, {"status": "deleted"},
])
def test_incident_list_rejects_bad_filters_clearly(viewer, params):
    response = viewer.get("/api/incidents", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_incident_detail_sources_figures_audit(viewer, ids):
    detail = viewer.get(f"/api/incidents/{ids['market']}").json()
    assert detail["incident"]["place_name"] == "Albu Kamal"
    assert [s["document"]["lang"] for s in detail["sources"]] == ["ar", "en", "ar"]
    own = {s["document"]["id"]: s["figures"] for s in detail["sources"]}
    assert own[ids["docs"]["ar1"]][0]["min"] == 7
    assert own[ids["docs"]["en"]][0]["min"] == 9
    killed = next(f for f in detail["figures"] if f["kind"] == "killed")
    assert (killed["group"], killed["min"], killed["max"]) == ("civilians", 7, 9)
    spans = detail["sources"][0]["events"][0]["spans"]
    text = detail["sources"][0]["document"]["text"]
    assert {text[s["start"]:s["end"]] for s in spans} >= {"غارة جوية", "البوكمال"}
    assert detail["assessment"]["grade"] == "unassessed"
    assert detail["audit"] == []
    assert viewer.get("/api/incidents/99999").status_code == 404
    assert viewer.get("/api/incidents/abc").status_code == 422
    audit = viewer.get(f"/api/incidents/{ids['market']}/audit").json()
    assert audit == {"incident_id": ids["market"], "items": []}
    assert viewer.get("/api/incidents/99999/audit").status_code == 404


def test_map_points_and_server_clusters(viewer, ids):
    points = viewer.get("/api/map").json()
    assert points["kind"] == "points" and points["total"] == 6
    by_id = {p[0]: p for p in points["points"]}
    assert by_id[ids["market"]][1:5] == [34.4536, 40.9183, 9, "unassessed"]
    clusters = viewer.get("/api/map", params={"limit": 2, "zoom": 2}).json()
    assert clusters["kind"] == "clusters"
    assert sum(c[2] for c in clusters["clusters"]) == 6
    zoomed = viewer.get("/api/map", params={"limit": 2, "zoom": 12}).json()
    assert len(zoomed["clusters"]) > len(clusters["clusters"])
    only_iraq = viewer.get("/api/map", params={"country": "IQ"}).json()
    assert [p[0] for p in only_iraq["points"]] == [ids["mosul"]]


def test_timeline_and_stats(viewer, ids):
    series = viewer.get("/api/timeline", params={"interval": "month"}).json()
    assert series["interval"] == "month"
    months = {s["period"]: s for s in series["series"]}
    assert list(months) == ["2026-08-01", "2026-09-01", "2026-10-01"]
    assert months["2026-10-01"]["incidents"] == 4
    assert months["2026-10-01"]["killed_max"] == 9 + 2
    days = viewer.get("/api/timeline", params={"interval": "day"}).json()["series"]
    assert len(days) == (62 - 8) + 1  # every day from 20 Aug to 13 Oct, empty ones as zero
    assert viewer.get("/api/timeline", params={"interval": "hour"}).status_code == 422
    stats = viewer.get("/api/stats").json()
    assert stats["totals"]["incidents"] == 6
    assert stats["totals"]["under_assessment"] == 5
    assert {g["key"]: g["incidents"] for g in stats["by_grade"]} == {"unassessed": 5, "fair": 1}
    assert {c["key"] for c in stats["by_country"]} == {"SY", "IQ", "YE"}
    facets = viewer.get("/api/facets").json()
    assert facets["type"] == ["ASSAULT", "THREATEN"]
    assert "IQ" in facets["country"]


def test_documents_and_events(viewer, ids):
    docs = viewer.get("/api/documents", params={"per_page": 100}).json()
    assert docs["total"] == 8
    arabic = viewer.get("/api/documents", params={"lang": "ar"}).json()
    assert arabic["total"] == 3
    assert viewer.get("/api/documents", params={"q": "mosul"}).json()["total"] == 1
    members = viewer.get("/api/documents", params={"incident_id": ids["market"]}).json()
    assert members["total"] == 3
    doc = viewer.get(f"/api/documents/{ids['docs']['ar1']}").json()
    assert doc["text"].startswith("قالت مصادر محلية")
    assert doc["incident_ids"] == [ids["market"]]
    assert doc["events"][0]["incident_id"] == ids["market"]
    assert viewer.get("/api/documents/99999").status_code == 404
    assert viewer.get("/api/documents", params={"date_from": "x"}).status_code == 422

    events = viewer.get("/api/events", params={"incident_id": ids["market"]}).json()
    assert events["total"] == 3
    assert viewer.get("/api/events", params={"type": "THREATEN"}).json()["total"] == 1
    assert viewer.get("/api/events", params={"country": "IQ"}).json()["total"] == 1
    assert viewer.get("/api/events", params={"bbox": "40,30,45,40"}).json()["total"] == 4
    one = viewer.get(f"/api/events/{ids['events']['en']}").json()
    assert one["data"]["casualties"][0]["min"] == 9
    assert one["incident_id"] == ids["market"]
    assert {s["role"] for s in one["spans"]} == {"trigger", "place", "casualty"}
    assert viewer.get("/api/events/99999").status_code == 404


def test_api_and_store_read_a_document_alike(viewer, ids, db_url):
    """The API and the command line (`marsad documents show`) share one reading of a stored
    document: same fields, same values, times with their zone."""
    from marsad.store.database import Store
    from marsad.store.queries import get_document

    document_id = ids["docs"]["ar1"]
    with Store(db_url).session() as session:
        stored = get_document(session, document_id)
    shown = viewer.get(f"/api/documents/{document_id}").json()
    for key in ("doc_id", "sha256", "title", "lang", "published", "ingested_at", "text"):
        assert shown[key] == stored[key]
    assert shown["ingested_at"].endswith("+00:00")
    assert [e["spans"] for e in shown["events"]] == [e["spans"] for e in stored["events"]]


def test_exports_csv_and_geojson(viewer, ids):
    response = viewer.get("/api/export/incidents.csv", params={"country": "SY"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {int(r["id"]) for r in rows} == {ids["market"], ids["idlib"], *ids["extra"]}
    market = next(r for r in rows if int(r["id"]) == ids["market"])
    assert (market["killed_min"], market["killed_max"], market["grade"]) == ("7", "9",
                                                                            "unassessed")
    geo = json.loads(viewer.get("/api/export/incidents.geojson").text)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 6
    feature = next(f for f in geo["features"] if f["id"] == ids["mosul"])
    assert feature["geometry"]["coordinates"] == [43.1189, 36.335]
    assert feature["properties"]["grade"] == "fair"


def test_assessment_by_analyst_is_audited(analyst, viewer, ids):
    url = f"/api/incidents/{ids['market']}/assessment"
    response = analyst.post(url, json={"grade": "confirmed", "response": "credible",
                                       "conceded_min": 2, "conceded_max": 4,
                                       "why": "three sources"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["changed"] is True and body["assessment"]["grade"] == "confirmed"
    assert body["before"]["grade"] == "unassessed"
    again = analyst.post(url, json={"grade": "confirmed"}).json()
    assert again["changed"] is False  # nothing changed: nothing logged
    audit = viewer.get(f"/api/incidents/{ids['market']}/audit").json()["items"]
    assert len(audit) == 1
    assert (audit[0]["who"], audit[0]["action"], audit[0]["why"]) == ("omar", "assess",
                                                                      "three sources")
    assert audit[0]["after"]["conceded_max"] == 4
    # the change is visible at once in the cached list
    listed = viewer.get("/api/incidents", params={"grade": "confirmed"}).json()
    assert [i["id"] for i in listed["items"]] == [ids["market"]]
    bad = analyst.post(url, json={"conceded_min": 5, "conceded_max": 1})
    assert bad.status_code == 400 and "conceded" in bad.json()["detail"]
    assert analyst.post(url, json={"grade": "superb"}).status_code == 422
    assert analyst.post("/api/incidents/99999/assessment",
                        json={"grade": "weak"}).status_code == 404


def test_merge_and_split(analyst, viewer, ids):
    merged = analyst.post(f"/api/incidents/{ids['market']}/merge",
                          json={"others": [ids["idlib"]], "why": "same strike"})
    assert merged.status_code == 200, merged.text
    detail = viewer.get(f"/api/incidents/{ids['market']}").json()
    assert detail["incident"]["n_documents"] == 4
    gone = viewer.get(f"/api/incidents/{ids['idlib']}").json()["incident"]
    assert (gone["status"], gone["merged_into"]) == ("merged", ids["market"])
    assert ids["idlib"] not in {i["id"] for i in viewer.get("/api/incidents").json()["items"]}
    assert analyst.post(f"/api/incidents/{ids['market']}/merge",
                        json={"others": [ids["idlib"]]}).status_code == 409
    assert analyst.post(f"/api/incidents/{ids['market']}/merge",
                        json={"others": []}).status_code == 422

    split = analyst.post(f"/api/incidents/{ids['market']}/split",
                         json={"event_ids": [ids["events"]["en"]], "why": "other market"})
    assert split.status_code == 201, split.text
    new_id = split.json()["new_incident"]
    new = viewer.get(f"/api/incidents/{new_id}").json()
    assert [s["document"]["id"] for s in new["sources"]] == [ids["docs"]["en"]]
    actions = [a["action"] for a in viewer.get(
        f"/api/incidents/{ids['market']}/audit").json()["items"]]
    assert actions == ["split", "merge"]
    assert analyst.post(f"/api/incidents/{ids['market']}/split",
                        json={"event_ids": [99999]}).status_code == 400


def test_tokens_for_scripts(analyst, admin, viewer, client):
    made = analyst.post("/api/tokens", json={"name": "nightly export"})
    assert made.status_code == 201
    secret = made.json()["token"]
    assert secret.startswith("msd_")
    listed = analyst.get("/api/tokens").json()["items"]
    assert "token" not in listed[0] and {t["name"] for t in listed} >= {"nightly export"}
    client.headers["Authorization"] = f"Bearer {secret}"
    assert client.get("/api/me").json()["user"] == "omar"
    assert analyst.delete(f"/api/tokens/{made.json()['id']}").json()["revoked"] is True
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/incidents").status_code == 401
    # analysts make tokens for themselves only; admins for anybody
    assert analyst.post("/api/tokens", json={"user": "vera"}).status_code == 403
    for_vera = admin.post("/api/tokens", json={"user": "vera", "name": "reader"})
    assert for_vera.status_code == 201 and for_vera.json()["user"] == "vera"
    assert admin.post("/api/tokens", json={"user": "nobody"}).status_code == 404
    assert len(admin.get("/api/tokens").json()["items"]) > len(
        analyst.get("/api/tokens").json()["items"])
    assert analyst.delete("/api/tokens/99999").status_code == 404


def test_users_admin(admin, app):
    from fastapi.testclient import TestClient

    assert {u["name"] for u in admin.get("/api/users").json()["items"]} == {
        "amina", "omar", "vera"}
    made = admin.post("/api/users", json={"name": "nadia", "role": "analyst",
                                          "password": "a long passphrase"})
    assert made.status_code == 201 and made.json()["can_log_in"] is True
    assert admin.post("/api/users", json={"name": "nadia", "role": "viewer"}).status_code == 409
    assert admin.post("/api/users", json={"name": "x y", "role": "viewer"}).status_code == 400
    assert admin.post("/api/users", json={"name": "short", "role": "viewer",
                                          "password": "123"}).status_code == 422
    changed = admin.patch("/api/users/nadia", json={"role": "viewer"})
    assert changed.json()["role"] == "viewer"
    assert admin.patch("/api/users/nadia", json={"disabled": True}).json()["disabled"] is True
    from .conftest import login

    assert login(TestClient(app), "nadia", "a long passphrase").status_code == 401
    assert admin.patch("/api/users/amina", json={"role": "viewer"}).status_code == 409
    assert admin.patch("/api/users/ghost", json={"role": "viewer"}).status_code == 404
