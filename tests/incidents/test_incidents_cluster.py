"""Incident clustering on synthetic events: what merges, what stays apart, and why."""

from __future__ import annotations

import random
from datetime import date

import pytest
from incident_events import event, governorate, town

from marsad.incidents.cluster import (
    Clusterer,
    cluster_items,
    compare,
    default_config,
    event_window,
    make_item,
)

PUBLISHED = date(2024, 3, 2)


def items(*events, published=PUBLISHED):
    out = []
    for n, ev in enumerate(events):
        doc = ev.pop("_doc", f"doc{n}")
        item = make_item(n, doc, ev, published=published)
        assert item is not None
        out.append(item)
    return out


def groups(assignment: dict) -> list[set]:
    by: dict = {}
    for key, cluster in assignment.items():
        by.setdefault(cluster, set()).add(key)
    return sorted((g for g in by.values()), key=min)


def test_reports_of_one_strike_in_arabic_and_english_merge():
    reports = items(
        event(killed=5, trigger="غارة"),  # Arabic outlet
        event(killed=7, trigger="airstrike", mode=None, actor=None),  # English, later toll
        event(killed=(5, 8), place=town("Maarat al-Numan", precision="city")),
    )
    assert groups(cluster_items(reports)) == [{0, 1, 2}]


def test_same_town_other_day_stays_apart():
    reports = items(event(day="2024-03-02"), event(day="2024-03-05"))
    assert groups(cluster_items(reports)) == [{0}, {1}]
    score, parts = compare(*reports)
    assert score is None and "date_apart" in parts


def test_same_day_other_town_stays_apart():
    # Saraqib is ~27 km from Maarat al-Numan: two precise places with different ids
    reports = items(event(place="Maarat al-Numan", killed=3), event(place="Saraqib", killed=9))
    assert groups(cluster_items(reports)) == [{0}, {1}]


def test_governorate_level_report_joins_the_town_incident():
    reports = items(event(), event(place=governorate("SY.13"), killed=6))
    score, parts = compare(*reports)
    assert "place_in_area" in parts and score >= default_config().threshold
    assert groups(cluster_items(reports)) == [{0, 1}]


def test_far_place_is_a_veto_even_when_all_else_agrees():
    reports = items(event(place="Maarat al-Numan"), event(place="Deir ez-Zor"))
    score, parts = compare(*reports)
    assert score is None and parts[-1] == "place_apart"


def test_actors_of_opposite_sides_contradict():
    reports = items(event(actor="ru"), event(actor="is", mode="heavy-weapons"))
    score, parts = compare(*reports)
    assert score is None and parts[-1] == "actor_contradicts"
    assert groups(cluster_items(reports)) == [{0}, {1}]


def test_actors_of_different_countries_contradict():
    reports = items(event(actor="ru"), event(actor="sy"))
    assert compare(*reports)[0] is None


def test_wildly_different_tolls_do_not_merge():
    reports = items(event(killed=2), event(killed=300))
    score, parts = compare(*reports)
    assert score is None and parts[-1] == "casualties_contradict"


def test_a_rising_toll_still_merges():
    reports = items(event(killed=4), event(killed=9, actor=None))
    score, _parts = compare(*reports)
    assert score is not None and score >= default_config().threshold


def test_threats_are_not_incidents():
    assert make_item(1, "d", event(modality="threatened"), published=PUBLISHED) is None
    assert make_item(1, "d", event(type=""), published=PUBLISHED) is None


def test_undated_event_leans_on_published_then_on_text_date():
    undated = event(day=None)
    start, end, precision, source = event_window(undated, published=date(2024, 3, 3))
    assert (start, end, precision, source) == (date(2024, 2, 29), date(2024, 3, 3), "doc",
                                                "published")
    start, end, precision, source = event_window(undated, None, text_date=date(2024, 3, 3))
    assert source == "text-other" and end == date(2024, 3, 3)
    assert event_window(undated, None, None) is None


def test_undated_report_joins_the_strike_reported_the_day_before():
    dated = event(day="2024-03-02")
    undated = event(day=None)
    a = make_item(0, "a", dated, published=date(2024, 3, 2))
    b = make_item(1, "b", undated, published=date(2024, 3, 3))
    assert groups(cluster_items([a, b])) == [{0, 1}]


def test_day_precision_off_by_one_is_tolerated_but_scored_lower():
    same = compare(*items(event(day="2024-03-02"), event(day="2024-03-02")))
    off = compare(*items(event(day="2024-03-02"), event(day="2024-03-03")))
    assert off[0] is not None and off[0] < same[0]
    assert "date_off_by_one" in off[1]


def test_month_precision_date_overlaps_but_weakly():
    a, b = items(event(day="2024-03-02"),
                 event(day="2024-03-01", end="2024-03-31", precision="month"))
    _score, parts = compare(a, b)
    assert "date_overlap_coarse" in parts


def test_two_events_of_one_document_need_more_evidence():
    one = event(killed=5)
    one["_doc"] = "same"
    other = event(killed=5, place=governorate())
    other["_doc"] = "same"
    a, b = items(one, other)
    score, parts = compare(a, b)
    assert "same_document" in parts
    c, d = items(event(killed=5), event(killed=5, place=governorate()))
    assert score < compare(c, d)[0]


def test_rule_and_score_are_recorded_for_each_join():
    clusterer = Clusterer()
    result = list(clusterer.run(items(event(), event(killed=6))))
    first, second = sorted(result, key=lambda a: a.key)
    assert first.rule == "new-incident" and first.score is None
    assert second.cluster == first.cluster
    assert "date=same-day" in second.rule and "place=same-id" in second.rule
    assert second.score >= default_config().threshold


def test_ambiguous_report_starts_its_own_incident():
    # two separate strikes in the governorate that day; a governorate-level report with no
    # actor or figure could belong to either
    reports = items(event(place="Maarat al-Numan", killed=3),
                    event(place="Ariha", killed=3),
                    event(place=governorate(), killed=None, actor=None))
    assignment = {a.key: a for a in Clusterer().run(reports)}
    assert assignment[2].cluster not in (assignment[0].cluster, assignment[1].cluster)
    assert "ambiguous" in assignment[2].rule


def test_seeded_incidents_keep_their_ids_and_take_new_reports():
    clusterer = Clusterer()
    clusterer.seed(41, items(event(killed=5)))
    new = items(event(killed=6, actor=None), event(place="Deir ez-Zor", actor="coalition"))
    new[0].key, new[1].key = 100, 101
    result = {a.key: a.cluster for a in clusterer.run(new)}
    assert result[100] == 41
    assert result[101] != 41 and result[101] < 0  # a new incident


def test_eviction_does_not_change_the_result():
    rng = random.Random(3)
    names = ["Maarat al-Numan", "Saraqib", "Ariha", "Kafr Nabl", "Deir ez-Zor", "Mosul"]
    events = []
    for n in range(300):
        day = date(2024, 1, 1).toordinal() + rng.randrange(60)
        ev = event(place=rng.choice(names), day=date.fromordinal(day).isoformat(),
                   killed=rng.randrange(1, 12), actor=rng.choice(["ru", None, "coalition"]))
        events.append(make_item(n, f"d{n}", ev, published=date.fromordinal(day)))
    with_eviction = {a.key: a.cluster for a in Clusterer(evict=True).run(events)}
    without = {a.key: a.cluster for a in Clusterer(evict=False).run(events)}
    assert groups(with_eviction) == groups(without)
    assert len(groups(with_eviction)) < len(events)  # something merged


@pytest.mark.parametrize("precision,other", [("village", "neighbourhood"), ("town", "town")])
def test_place_without_id_merges_within_its_radius(precision, other):
    near = town("Maarat al-Numan", precision=other, with_id=False)
    near["lat"] += 0.01  # ~1 km
    reports = items(event(place=town("Maarat al-Numan", precision=precision)),
                    event(place=near))
    assert groups(cluster_items(reports)) == [{0, 1}]


def test_config_is_data():
    config = default_config()
    assert config.family("FIGHT") == config.family("ASSAULT") == "violence"
    assert config.family("SOMETHING") == "SOMETHING"
    assert config.radius["village"] < config.radius["city"] < config.radius["admin1"]


def test_members_an_analyst_merged_in_do_not_veto_new_reports():
    clusterer = Clusterer()
    maarat = items(event(killed=5))
    far = items(event(place="Deir ez-Zor", actor="coalition", killed=2))
    far[0].key = 7
    clusterer.seed(1, maarat + far, exempt={7})
    new = items(event(killed=5))
    new[0].key = 100
    (assignment,) = clusterer.run(new)
    assert assignment.cluster == 1
    strict = Clusterer()
    strict.seed(1, maarat + far)  # the far member (a strong report) vetoes
    (assignment,) = strict.run(items(event(killed=5)))
    assert assignment.cluster != 1
