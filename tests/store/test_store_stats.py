"""`stats`: incidents and deaths by grade, response, period, country and belligerent."""

from __future__ import annotations

import pytest
from incident_events import event
from store_helpers import CannedExtractor, document

from marsad.incidents.stats import stats
from marsad.store import queries
from marsad.store.ingest import ingest_documents

EVENTS = {
    # Maarat, 2 March: 5-7 civilians, two reports
    "a1": [event(killed=5)], "a2": [event(killed=7, actor=None)],
    # Saraqib, 20 March: 2 civilians
    "b1": [event(place="Saraqib", day="2024-03-20", killed=2)],
    # Mosul, 5 April: 10-12 (unknown group), by Islamic State
    "c1": [event(place="Mosul", day="2024-04-05", actor="is", mode="explosives",
                 killed=10, group="unknown")],
    "c2": [event(place="Mosul", day="2024-04-05", actor="is", mode="explosives",
                 killed=12, group="unknown")],
    # Taiz, 6 April: no figure, no actor
    "d1": [event(place="Taiz", day="2024-04-06", actor=None, killed=None)],
}


@pytest.fixture
def summary(store):
    ingest_documents(store, [document(k) for k in EVENTS], extractor=CannedExtractor(EVENTS))
    with store.session() as session:
        ids = {i["place"]["name"]: i["id"] for i in queries.list_incidents(session)["items"]}
        queries.assess(session, ids["Maarat al-Numan"], who="a", grade="confirmed",
                       response="credible", conceded_min=3, conceded_max=4)
        queries.assess(session, ids["Saraqib"], who="a", grade="confirmed",
                       response="non-credible")
        queries.assess(session, ids["Mosul"], who="a", grade="contested")
    with store.session() as session:
        return stats(session)


def rows(result, dimension):
    return {r["key"]: r for r in result["by"][dimension]}


def test_totals_answer_the_monthly_report_questions(summary):
    totals = summary["totals"]
    assert totals["incidents"] == 4 and totals["documents"] == 6
    assert totals["assessed"] == 3 and totals["under_assessment"] == 1
    assert totals["response_pending"] == 2
    assert (totals["confirmed"]["incidents"], totals["confirmed"]["civilians_killed_min"],
            totals["confirmed"]["civilians_killed_max"]) == (2, 7, 9)
    assert (totals["civilians_killed_min"], totals["civilians_killed_max"]) == (7, 9)
    assert (totals["killed_min"], totals["killed_max"]) == (17, 21)
    assert (totals["conceded_min"], totals["conceded_max"]) == (3, 4)
    assert summary["store"]["documents"] == 6 and summary["store"]["unclustered_events"] == 0


def test_breakdowns(summary):
    grades = rows(summary, "grade")
    assert list(grades) == ["unassessed", "confirmed", "fair", "weak", "contested",
                            "discounted"]
    assert (grades["confirmed"]["incidents"], grades["contested"]["incidents"],
            grades["unassessed"]["incidents"], grades["weak"]["incidents"]) == (2, 1, 1, 0)
    responses = rows(summary, "response")
    assert (responses["credible"]["incidents"], responses["non-credible"]["incidents"],
            responses["not yet assessed"]["incidents"]) == (1, 1, 2)
    assert responses["credible"]["conceded_max"] == 4
    periods = rows(summary, "period")
    assert {k: v["incidents"] for k, v in periods.items()} == {"2024-03": 2, "2024-04": 2}
    assert periods["2024-04"]["killed_max"] == 12
    countries = rows(summary, "country")
    assert {k: v["incidents"] for k, v in countries.items()} == {"SY": 2, "IQ": 1, "YE": 1}
    actors = rows(summary, "belligerent")
    assert actors["Russian Air Force"]["incidents"] == 2
    assert actors["Islamic State"]["killed_min"] == 10
    assert actors["unknown"]["incidents"] == 1


def test_filters_and_yearly_periods(store, summary):
    with store.session() as session:
        april = stats(session, date_from="2024-04-01", period="year", by=["period"])
        syria = stats(session, country="sy", by=["grade"])
    assert april["totals"]["incidents"] == 2
    assert april["by"] == {"period": [{**april["by"]["period"][0], "key": "2024"}]}
    assert syria["totals"]["incidents"] == 2
    with pytest.raises(ValueError):
        stats(store.sessionmaker(), by=["colour"])
