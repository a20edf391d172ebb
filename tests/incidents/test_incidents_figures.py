"""Incident casualty figures: ranges over sources, every source kept, conflicts widen."""

from __future__ import annotations

from incident_events import event

from marsad.incidents.figures import incident_figures, source_figures, totals


def member(doc: int, ev: dict, outlet: str = "Outlet") -> dict:
    return {"document": {"id": doc, "doc_id": f"d{doc}", "outlet": outlet, "lang": "ar"},
            "event": ev}


def test_conflicting_sources_widen_the_range_and_each_is_kept():
    figures = incident_figures([member(1, event(killed=5), "A"), member(2, event(killed=9), "B"),
                                member(3, event(killed=(6, 8)), "C")])
    assert len(figures) == 1
    killed = figures[0]
    assert (killed["kind"], killed["group"], killed["min"], killed["max"]) == (
        "killed", "civilians", 5, 9)
    assert [(s["outlet"], s["min"], s["max"]) for s in killed["sources"]] == [
        ("A", 5, 5), ("B", 9, 9), ("C", 6, 8)]


def test_groups_and_kinds_are_kept_apart():
    figures = incident_figures([
        member(1, event(killed=4, injured=10)),
        member(2, event(killed=3, group="children")),
        member(3, event(killed=2, group="combatants")),
    ])
    keys = [(f["kind"], f["group"]) for f in figures]
    assert keys == [("killed", "civilians"), ("killed", "children"), ("killed", "combatants"),
                    ("injured", "civilians")]


def test_at_least_is_open_ended_and_counts_as_its_min():
    figures = incident_figures([member(1, event(killed=(7, None))), member(2, event(killed=5))])
    killed = figures[0]
    assert (killed["min"], killed["max"], killed["open"]) == (5, 7, True)
    assert killed["sources"][0]["max"] is None


def test_one_document_with_two_figures_gives_its_own_range():
    figures = source_figures([event(killed=3), event(killed=6)])
    assert figures[("killed", "civilians")]["min"] == 3
    assert figures[("killed", "civilians")]["max"] == 6
    merged = incident_figures([member(1, event(killed=3)), member(1, event(killed=6))])
    assert len(merged[0]["sources"]) == 1


def test_totals_count_children_inside_civilians_and_range_over_sources():
    figures = incident_figures([
        # source 1: 6 civilians of whom 2 children, plus 3 fighters
        member(1, event(killed=6)), member(1, event(killed=2, group="children")),
        member(1, event(killed=3, group="combatants")),
        # source 2: only children (4) and women (1): civilians at least 5
        member(2, event(killed=4, group="children")), member(2, event(killed=1, group="women")),
    ])
    result = totals(figures)
    assert result["civilians_killed"] == (5, 6)
    assert result["killed"] == (5, 9)
    assert result["injured"] is None


def test_vague_figures_without_numbers_are_not_figures():
    ev = event(killed=None)
    ev["casualties"] = [{"kind": "killed", "group": "civilians", "min": None, "max": None,
                         "text": "many"}]
    assert incident_figures([member(1, ev)]) == []
