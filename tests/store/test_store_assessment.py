"""Assessment, merges and splits: every change in the audit log; decisions survive
re-clustering and new reports."""

from __future__ import annotations

import pytest
from incident_events import event
from sqlalchemy import func, select
from store_helpers import CannedExtractor, document

from marsad.incidents.assessment import AssessmentError
from marsad.store import queries
from marsad.store.ingest import ingest_documents
from marsad.store.models import AuditLog, Incident

EVENTS = {
    # one strike on Maarat al-Numan, three outlets
    "m1": [event(killed=5)], "m2": [event(killed=7, actor=None)], "m3": [event(killed=(5, 8))],
    # another strike, Deir ez-Zor
    "d1": [event(place="Deir ez-Zor", actor="coalition", killed=2)],
    "d2": [event(place="Deir ez-Zor", actor="coalition", killed=3)],
}


@pytest.fixture
def filled(store):
    ingest_documents(store, [document(k) for k in EVENTS], extractor=CannedExtractor(EVENTS))
    return store


def incident_of(session, doc_id: str) -> int:
    page = queries.list_incidents(session, document=_doc(session, doc_id))
    assert page["total"] == 1
    return page["items"][0]["id"]


def _doc(session, doc_id: str) -> int:
    from marsad.store.models import Document

    return session.execute(select(Document.id).where(Document.doc_id == doc_id)).scalar_one()


def groups(session) -> set[frozenset]:
    out = set()
    for record in queries.iter_incident_records(session):
        out.add(frozenset(record["documents"]))
    return out


def test_clustering_found_the_two_strikes(filled):
    with filled.session() as session:
        assert groups(session) == {frozenset({"m1", "m2", "m3"}), frozenset({"d1", "d2"})}


def test_every_assessment_change_is_in_the_audit_log(filled):
    with filled.session() as session:
        incident = incident_of(session, "m1")
        changes = [
            {"grade": "fair"},
            {"grade": "confirmed", "response": "credible", "conceded_min": 1,
             "conceded_max": 2},
            {"response": "non-credible", "conceded_min": None, "conceded_max": None},
            {"notes": "civil defence footage"},
            {"grade": "confirmed"},  # no change: no row
        ]
        results = [queries.assess(session, incident, who="analyst-a", why=f"step {n}", **c)
                   for n, c in enumerate(changes)]
    assert [r["changed"] for r in results] == [True, True, True, True, False]
    with filled.session() as session:
        log = queries.audit_log(session, incident_id=incident)
        record = queries.get_incident(session, incident)
    assert len(log) == 4
    history = record["history"]  # oldest first
    assert [h["why"] for h in history] == ["step 0", "step 1", "step 2", "step 3"]
    assert all(h["who"] == "analyst-a" and h["action"] == "assess" and h["at"]
               for h in history)
    assert history[0]["before"] == {"grade": "unassessed"}
    assert history[0]["after"] == {"grade": "fair"}
    assert history[1]["before"] == {"grade": "fair", "response": "not yet assessed",
                                    "conceded_min": None, "conceded_max": None}
    assert history[1]["after"] == {"grade": "confirmed", "response": "credible",
                                   "conceded_min": 1, "conceded_max": 2}
    assert history[2]["after"] == {"response": "non-credible", "conceded_min": None,
                                   "conceded_max": None}
    # replaying the log from "unassessed" gives the current state
    state = {"grade": "unassessed", "response": "not yet assessed", "conceded_min": None,
             "conceded_max": None, "notes": None}
    for row in history:
        assert {k: state.get(k) for k in row["before"]} == row["before"]
        state.update(row["after"])
    assert record["grade"] == state["grade"] == "confirmed"
    assert record["response"] == state["response"] == "non-credible"
    assert record["assessment"]["notes"] == state["notes"]
    assert record["assessment"]["updated_by"] == "analyst-a"


@pytest.mark.parametrize("changes,field", [
    ({"grade": "probable"}, "grade"),
    ({"response": "maybe"}, "response"),
    ({"conceded_min": 5, "conceded_max": 2}, "conceded_min"),
    ({"conceded_min": -1}, "conceded_min"),
    ({"duplicate_of": 999_999}, "duplicate_of"),
])
def test_bad_assessments_are_refused_and_not_logged(filled, changes, field):
    with filled.session() as session:
        incident = incident_of(session, "m1")
        with pytest.raises(AssessmentError) as err:
            queries.assess(session, incident, who="analyst-a", **changes)
        assert err.value.field == field
        assert session.execute(select(func.count(AuditLog.id))).scalar_one() == 0


def test_assessment_needs_a_name(filled):
    with filled.session() as session, pytest.raises(AssessmentError):
        queries.assess(session, incident_of(session, "m1"), who=" ", grade="weak")


def test_response_spellings_are_accepted(filled):
    with filled.session() as session:
        incident = incident_of(session, "m1")
        queries.assess(session, incident, who="a", response="Not-Yet-Assessed")
        result = queries.assess(session, incident, who="a", response="non credible")
        assert result["after"] == {"response": "non-credible"}


def test_merge_and_split_survive_reclustering_and_new_reports(filled):
    with filled.session() as session:
        maarat = incident_of(session, "m1")
        deir = incident_of(session, "d1")
        # an analyst decides m3 is a different strike, and that d2 belongs with Maarat
        m3_events = [m["event_id"] for m in queries.get_incident(session, maarat)["members"]
                     if m["doc_id"] == "m3"]
        split = queries.split_incident(session, maarat, event_ids=m3_events, who="analyst-b",
                                       why="different neighbourhood per the video")
        d2 = _doc(session, "d2")
        deir_record = queries.get_incident(session, deir)
        d2_events = [m["event_id"] for m in deir_record["members"] if m["doc_id"] == "d2"]
        moved = queries.split_incident(session, deir, event_ids=d2_events, who="analyst-b")
        queries.merge_incidents(session, maarat, [moved["new_incident"]], who="analyst-b",
                                why="misplaced by the outlet")
    expected = {frozenset({"m1", "m2", "d2"}), frozenset({"m3"}), frozenset({"d1"})}
    with filled.session() as session:
        assert groups(session) == expected
        ids_before = {frozenset(r["documents"]): r["id"]
                      for r in queries.iter_incident_records(session)}
        merged = session.get(Incident, moved["new_incident"])
        assert (merged.status, merged.merged_into) == ("merged", maarat)
        actions = [r["action"] for r in queries.audit_log(session)]
        assert sorted(actions) == sorted(["split", "split-from", "split", "split-from",
                                          "merge", "merged-into"])
        record = queries.get_incident(session, maarat)
        # provenance: the analyst added d2; m1 and m2 stay as the clusterer put them
        assert {m["doc_id"]: m["added_by"] for m in record["members"]} == {
            "m1": "clusterer", "m2": "clusterer", "d2": "analyst-b"}
        assert next(m["rule"] for m in record["members"] if m["doc_id"] == "d2") == (
            "analyst-merge")
        assert all(m["locked"] for m in record["members"])
        # kept apart from m3's incident, and (through the merged split) from Deir ez-Zor's
        assert record["separate_from"] == sorted([split["new_incident"], deir])
        assert d2 in {m["document_id"] for m in record["members"]}

    report = queries.recluster(filled, who="analyst-b")
    assert report.moved == 0
    with filled.session() as session:
        assert groups(session) == expected
        assert {frozenset(r["documents"]): r["id"]
                for r in queries.iter_incident_records(session)} == ids_before

    # a new report of the Maarat strike (m1's figure) joins the analyst's incident, not
    # m3's; d2, which the analyst moved there, does not veto it
    extra = {"m4": [event(killed=5)]}
    ingest_documents(filled, [document("m4")], extractor=CannedExtractor(extra))
    with filled.session() as session:
        now = groups(session)
    assert now == {frozenset({"m1", "m2", "d2", "m4"}), frozenset({"m3"}),
                   frozenset({"d1"})}
    queries.recluster(filled)
    with filled.session() as session:
        assert groups(session) == now


def test_reclustering_keeps_incident_ids_and_assessments(filled):
    with filled.session() as session:
        before = {frozenset(r["documents"]): r["id"]
                  for r in queries.iter_incident_records(session)}
        deir = incident_of(session, "d1")
        queries.assess(session, deir, who="analyst-c", grade="weak")
    report = queries.recluster(filled)
    assert (report.new_incidents, report.moved, report.dissolved) == (0, 0, 0)
    with filled.session() as session:
        after = {frozenset(r["documents"]): (r["id"], r["grade"])
                 for r in queries.iter_incident_records(session)}
    assert {k: v[0] for k, v in after.items()} == before
    assert after[frozenset({"d1", "d2"})][1] == "weak"


def test_cannot_split_off_everything_or_strangers(filled):
    with filled.session() as session:
        maarat = incident_of(session, "m1")
        members = [m["event_id"] for m in queries.get_incident(session, maarat)["members"]]
        with pytest.raises(AssessmentError):
            queries.split_incident(session, maarat, event_ids=members, who="x")
        with pytest.raises(AssessmentError):
            queries.split_incident(session, maarat, event_ids=[10**9], who="x")
        with pytest.raises(AssessmentError):
            queries.merge_incidents(session, maarat, [maarat], who="x")


def test_merged_incidents_cannot_be_assessed(filled):
    with filled.session() as session:
        maarat, deir = incident_of(session, "m1"), incident_of(session, "d1")
        queries.merge_incidents(session, maarat, [deir], who="x")
        with pytest.raises(AssessmentError) as err:
            queries.assess(session, deir, who="x", grade="weak")
        assert err.value.status == 409


def test_reclustering_with_new_rules_reuses_ids_and_logs(store):
    from dataclasses import replace

    from marsad.incidents.cluster import default_config
    from marsad.store.incidents import cluster_pending

    strict = replace(default_config(), raw={**default_config().raw, "threshold": 1000.0})
    ingest_documents(store, [document(k) for k in EVENTS], extractor=CannedExtractor(EVENTS),
                     cluster=False)
    cluster_pending(store, config=strict)  # nothing merges: five incidents
    with store.session() as session:
        before = {r["documents"][0]: r["id"] for r in queries.iter_incident_records(session)}
    assert len(before) == 5
    report = queries.recluster(store, who="admin")
    assert (report.new_incidents, report.dissolved) == (0, 3)
    with store.session() as session:
        after = {frozenset(r["documents"]): r["id"]
                 for r in queries.iter_incident_records(session)}
        statuses = queries.overview(session)["incidents_by_status"]
        log = queries.audit_log(session, action="recluster")
    assert set(after) == {frozenset({"m1", "m2", "m3"}), frozenset({"d1", "d2"})}
    # each merged incident kept the id of one of the incidents it is made of
    assert after[frozenset({"m1", "m2", "m3"})] in {before["m1"], before["m2"], before["m3"]}
    assert after[frozenset({"d1", "d2"})] in {before["d1"], before["d2"]}
    assert statuses == {"active": 2, "dissolved": 3}
    assert log[0]["who"] == "admin" and log[0]["after"]["moved"] == 3
