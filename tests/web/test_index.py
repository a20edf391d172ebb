"""The in-process incident index: its answers equal a plain reading of the rows, and it
follows changes made beside the app."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from marsad.incidents.assessment import assess
from marsad.store.database import Store
from marsad.store.models import Assessment, Document, Event, Incident, IncidentMember
from marsad.web.queries import (
    Filters,
    incident_rows,
    list_incidents,
    map_data,
    stats,
    timeline,
)
from marsad.web.snapshot import IncidentIndex

COUNTRIES = ["SY", "IQ", "YE", None]
ADMIN = {"SY": ["Idlib", "Aleppo"], "IQ": ["Nineveh"], "YE": ["Aden", "Taiz"], None: [None]}
ACTORS = ["International coalition", "Houthi forces", "Islamic State", None]


@pytest.fixture(scope="module")
def random_store(tmp_path_factory):
    """300 random incidents with unknown values of every kind."""
    rng = random.Random(5)
    path = tmp_path_factory.mktemp("index") / "random.db"
    store = Store(f"sqlite:///{path}")
    rows = []
    with store.engine.begin() as conn:
        for i in range(1, 301):
            country = rng.choice(COUNTRIES)
            start = (date(2025, 1, 1) + timedelta(days=rng.randrange(500))
                     if rng.random() > 0.1 else None)
            killed = rng.choice([None, 0, 1, 3, 10, 40])
            located = rng.random() > 0.1
            row = {"id": i, "status": rng.choice(["active"] * 8 + ["merged", "dissolved"]),
                   "type": rng.choice(["ASSAULT", "THREATEN", None]),
                   "mode": rng.choice(["aerial", "drone", None]), "country": country,
                   "admin1": rng.choice(ADMIN[country]), "actor_name": rng.choice(ACTORS),
                   "place_name": f"Place {i % 17}", "date_start": start,
                   "date_end": start + timedelta(days=rng.choice([0, 0, 3]))
                   if start else None,
                   "lat": rng.uniform(10, 38) if located else None,
                   "lon": rng.uniform(30, 50) if located else None,
                   "killed_min": killed, "killed_max": None if killed is None
                   else killed + rng.choice([0, 2]), "civilians_killed_min": killed,
                   "civilians_killed_max": killed, "n_documents": rng.randint(1, 4),
                   "n_events": 1, "figures": []}
            rows.append(row)
        conn.execute(insert(Incident), rows)
        grades = [{"incident_id": i, "grade": rng.choice(["confirmed", "weak", "fair"]),
                   "response": rng.choice(["credible", "not yet assessed"])}
                  for i in range(1, 301) if rng.random() < 0.4]
        conn.execute(insert(Assessment), grades)
    grade_of = {g["incident_id"]: (g["grade"], g["response"]) for g in grades}
    for row in rows:
        row["grade"], row["response"] = grade_of.get(row["id"], ("unassessed",
                                                                 "not yet assessed"))
    yield store, rows
    store.close()


def reference(rows, f: Filters) -> list[dict]:
    """The filters read plainly, row by row."""
    out = []
    for r in rows:
        end = r["date_end"] or r["date_start"]
        if f.status != "all" and r["status"] != f.status:
            continue
        if f.date_from and not (end and end >= f.date_from):
            continue
        if f.date_to and not (r["date_start"] and r["date_start"] <= f.date_to):
            continue
        if f.type and r["type"] not in f.type or f.mode and r["mode"] not in f.mode:
            continue
        if f.country and r["country"] not in f.country:
            continue
        if f.admin1 and r["admin1"] not in f.admin1:
            continue
        if f.actor and not (r["actor_name"] and f.actor.lower() in r["actor_name"].lower()):
            continue
        if f.grade and r["grade"] not in f.grade or f.response and r["response"] not in \
                f.response:
            continue
        if f.min_killed is not None and (r["killed_max"] or 0) < f.min_killed:
            continue
        if f.bbox:
            west, south, east, north = f.bbox
            if r["lat"] is None or not (south <= r["lat"] <= north and west <= r["lon"] <= east):
                continue
        out.append(r)
    return out


def random_filters(rng: random.Random) -> Filters:
    params = {}
    if rng.random() < 0.3:
        params["country"] = rng.sample(["SY", "IQ", "YE"], rng.randint(1, 2))
    if rng.random() < 0.3:
        params["type"] = rng.choice(["ASSAULT", "THREATEN"])
    if rng.random() < 0.2:
        params["mode"] = "aerial"
    if rng.random() < 0.2:
        params["admin1"] = rng.choice(["Idlib", "Aden", "Nineveh"])
    if rng.random() < 0.2:
        params["actor"] = rng.choice(["coalition", "FORCES", "state"])
    if rng.random() < 0.3:
        params["grade"] = rng.sample(["unassessed", "confirmed", "weak", "fair"], 2)
    if rng.random() < 0.2:
        params["response"] = "credible"
    if rng.random() < 0.3:
        params["date_from"] = (date(2025, 1, 1) + timedelta(days=rng.randrange(400))).isoformat()
    if rng.random() < 0.3:
        params["date_to"] = (date(2025, 6, 1) + timedelta(days=rng.randrange(300))).isoformat()
        if params.get("date_from", "") > params["date_to"]:
            del params["date_from"]
    if rng.random() < 0.2:
        params["min_killed"] = rng.choice([1, 5, 20])
    if rng.random() < 0.2:
        params["bbox"] = "35,15,45,35"
    if rng.random() < 0.1:
        params["status"] = rng.choice(["all", "merged"])
    return Filters.parse(**params)


def test_index_answers_equal_a_plain_reading(random_store):
    store, rows = random_store
    index = IncidentIndex()
    rng = random.Random(9)
    with store.session() as session:
        index.refresh(session)
        for _ in range(150):
            f = random_filters(rng)
            expected = reference(rows, f)
            listing = list_incidents(session, index, f, per_page=200, sort="date_desc")
            assert listing["total"] == len(expected), f
            # newest first, unknown dates last, ties by id (newest first)
            order = sorted(expected, key=lambda r: (r["date_start"] is None,
                                                     -(r["date_start"] or date.min).toordinal(),
                                                     -r["id"]))
            assert [i["id"] for i in listing["items"]] == [r["id"] for r in order][:200]
            # the rows built from the index are the rows in the database
            assert listing["items"] == incident_rows(session, [i["id"] for i in listing["items"]])
            by_deaths = list_incidents(session, index, f, per_page=200, sort="killed_desc")
            order = sorted(expected, key=lambda r: (r["killed_max"] is None,
                                                     -(r["killed_max"] or 0), -r["id"]))
            assert [i["id"] for i in by_deaths["items"]] == [r["id"] for r in order][:200]
            located = [r for r in expected if r["lat"] is not None]
            points = map_data(session, index, f, zoom=5)
            assert sorted(p[0] for p in points["points"]) == sorted(r["id"] for r in located)
            assert json.loads(map_data(session, index, f, zoom=5, raw=True)) == points
            clusters = map_data(session, index, f, zoom=2, limit=1)
            if len(located) > 1:
                assert sum(c[2] for c in clusters["clusters"]) == len(located)
                assert sum(c[3] for c in clusters["clusters"]) == sum(
                    r["killed_max"] or 0 for r in located)
            series = timeline(session, index, f, "month")
            assert sum(s["incidents"] for s in series["series"]) + series["undated"] == len(
                expected)
            assert sum(s["killed_max"] for s in series["series"]) == sum(
                r["killed_max"] or 0 for r in expected if r["date_start"])
            summary = stats(session, index, f)
            assert summary["totals"]["incidents"] == len(expected)
            assert {g["key"]: g["incidents"] for g in summary["by_grade"]} == {
                g: n for g in {r["grade"] for r in expected}
                if (n := sum(r["grade"] == g for r in expected))}


def test_index_follows_changes_made_beside_the_app(make_app, db_url, ids):
    app = make_app(public=True, probe_seconds=0)
    client = TestClient(app)
    assert client.get("/api/incidents", params={"grade": "weak"}).json()["total"] == 0
    # another process assesses an incident and adds one (as `marsad review`/`ingest` would)
    other = Store(db_url)
    with other.session() as session:
        assess(session, ids["market"], who="someone", grade="weak")
        doc = Document(sha256="f" * 64, doc_id="late", text="Late report.", status="ok")
        session.add(doc)
        session.flush()
        event = Event(document_id=doc.id, seq=0, type="ASSAULT", data={})
        session.add(event)
        session.flush()
        incident = Incident(status="active", type="ASSAULT", country="LB", lat=33.3,
                            lon=35.2, figures=[], n_documents=1, n_events=1)
        session.add(incident)
        session.flush()
        session.add(IncidentMember(incident_id=incident.id, event_id=event.id,
                                   document_id=doc.id, added_by="clusterer"))
        new_id = incident.id
    other.close()
    client.get("/api/incidents")  # the probe sees the change and starts a refresh
    app.state.refresher.join(timeout=30)
    weak = client.get("/api/incidents", params={"grade": "weak"}).json()
    assert [i["id"] for i in weak["items"]] == [ids["market"]]
    lebanon = client.get("/api/map", params={"country": "LB"}).json()
    assert [p[0] for p in lebanon["points"]] == [new_id]
    # reading it all again finds nothing new: the cache and generation stay
    generation = app.state.index.generation
    with app.state.store.session() as session:
        assert app.state.index.refresh(session) == 0
    assert app.state.index.generation == generation
    with app.state.store.session() as session:
        assert session.scalar(select(Incident.country).where(Incident.id == new_id)) == "LB"


def test_auth_cache_is_cleared_by_revocation(make_app, token_for):
    app = make_app(auth_cache_seconds=60)
    secret = token_for("omar")
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {secret}"
    assert client.get("/api/me").json()["user"] == "omar"
    token_id = client.get("/api/tokens").json()["items"][-1]["id"]
    assert client.delete(f"/api/tokens/{token_id}").status_code == 200
    assert client.get("/api/me").status_code == 401  # at once, though cached for 60 s
