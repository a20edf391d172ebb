"""Incident casualty figures: per victim group and kind, the range over sources, each source kept.

A *source* is one document. Its figure for (kind, group) is the range over its events in the
incident ([smallest min, largest max]). The incident's figure is [smallest source min, largest
source max]: sources that disagree widen the range, none overwrites another. An open upper
bound ("at least 5": max None) counts as its min for the incident's max and marks the figure
`open` (the true number may be higher).

    figures = incident_figures(members)   # members: [{"document": {...}, "event": {...}}]
    totals(figures)  -> {"killed": (min, max) | None, "civilians_killed": ..., "injured": ...}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marsad.values import as_int

# Groups that are parts of "civilians" (counted inside it, not beside it).
CIVILIAN_SUBGROUPS = ("children", "women", "elderly")
GROUP_ORDER = ("civilians", "children", "women", "elderly", "combatants", "unknown")
KIND_ORDER = ("killed", "injured", "missing", "abducted", "detained", "displaced")



def source_figures(events: Iterable[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """One document's figures: (kind, group) -> {"min", "max", "open", "texts"}."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        for figure in event.get("casualties") or []:
            if not isinstance(figure, dict):
                continue
            low, high = as_int(figure.get("min")), as_int(figure.get("max"))
            if low is None and high is None:
                continue  # "many": unknown, not a figure
            if low is None:
                low = 0
            key = (str(figure.get("kind") or "killed"), str(figure.get("group") or "unknown"))
            entry = out.get(key)
            if entry is None:
                out[key] = {"min": low, "max": high, "open": high is None,
                            "texts": [figure["text"]] if figure.get("text") else []}
                continue
            entry["min"] = min(entry["min"], low)
            known = [v for v in (entry["max"], high) if v is not None]
            entry["max"] = max(known) if known else None
            entry["open"] = entry["open"] or high is None
            if figure.get("text"):
                entry["texts"].append(figure["text"])
    return out


def _order(key: tuple[str, str]) -> tuple:
    kind, group = key
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind,
            GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER), group)


def incident_figures(members: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures of an incident from its members (each {"document": {...}, "event": {...}}).

    Returns one dict per (kind, group), ordered: {"kind", "group", "min", "max", "open",
    "sources": [{"document_id", "doc_id", "outlet", "lang", "url", "min", "max", "open"}]}.
    """
    by_document: dict[Any, dict[str, Any]] = {}
    for member in members:
        document = member.get("document") or {}
        key = document.get("id", id(member))
        slot = by_document.setdefault(key, {"document": document, "events": []})
        slot["events"].append(member.get("event") or {})
    combined: dict[tuple[str, str], dict[str, Any]] = {}
    for slot in by_document.values():
        document = slot["document"]
        for key, figure in source_figures(slot["events"]).items():
            entry = combined.setdefault(key, {"kind": key[0], "group": key[1], "min": None,
                                              "max": None, "open": False, "sources": []})
            top = figure["max"] if figure["max"] is not None else figure["min"]
            entry["min"] = figure["min"] if entry["min"] is None else min(entry["min"],
                                                                          figure["min"])
            entry["max"] = top if entry["max"] is None else max(entry["max"], top)
            entry["open"] = entry["open"] or figure["open"]
            entry["sources"].append({
                "document_id": document.get("id"), "doc_id": document.get("doc_id"),
                "outlet": document.get("outlet"), "lang": document.get("lang"),
                "url": document.get("url"), "min": figure["min"], "max": figure["max"],
                "open": figure["open"], "texts": figure["texts"],
            })
    for entry in combined.values():
        entry["sources"].sort(key=lambda s: (str(s["document_id"]), str(s["doc_id"])))
    return [combined[key] for key in sorted(combined, key=_order)]


def _source_totals(sources: dict[Any, dict[tuple[str, str], tuple[int, int]]], kind: str,
                   civilians_only: bool) -> tuple[int, int] | None:
    ranges = []
    for figures in sources.values():
        civ = figures.get((kind, "civilians"))
        parts = [figures[(kind, g)] for g in CIVILIAN_SUBGROUPS if (kind, g) in figures]
        if parts:
            sub = (sum(p[0] for p in parts), sum(p[1] for p in parts))
            civ = sub if civ is None else (max(civ[0], sub[0]), max(civ[1], sub[1]))
        if civilians_only:
            if civ is not None:
                ranges.append(civ)
            continue
        others = [v for (k, g), v in figures.items()
                  if k == kind and g not in ("civilians", *CIVILIAN_SUBGROUPS)]
        if civ is None and not others:
            continue
        low = (civ[0] if civ else 0) + sum(v[0] for v in others)
        high = (civ[1] if civ else 0) + sum(v[1] for v in others)
        ranges.append((low, high))
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def totals(figures: list[dict[str, Any]]) -> dict[str, tuple[int, int] | None]:
    """Incident totals over sources: each source's own total, then the range over sources.

    `killed`/`injured`: all groups (children and women counted inside civilians);
    `civilians_killed`: civilians (or, when a source gives only parts, their sum).
    """
    per_source: dict[Any, dict[tuple[str, str], tuple[int, int]]] = {}
    for figure in figures:
        for source in figure["sources"]:
            high = source["max"] if source["max"] is not None else source["min"]
            per_source.setdefault(source["document_id"], {})[
                (figure["kind"], figure["group"])] = (source["min"], high)
    return {
        "killed": _source_totals(per_source, "killed", False),
        "civilians_killed": _source_totals(per_source, "killed", True),
        "injured": _source_totals(per_source, "injured", False),
    }
