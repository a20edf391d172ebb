"""Matching events against property criteria (the format of ../shared/seed/expected.json)."""

from __future__ import annotations

from typing import Any


def actor_names(arg: dict[str, Any] | None) -> list[str]:
    if not arg:
        return []
    members = arg.get("members") or [arg]
    return [m["name"] for m in members if m.get("name")]


def actor_sectors(arg: dict[str, Any] | None) -> set[str]:
    if not arg:
        return set()
    members = arg.get("members") or [arg]
    return {m.get("sector") for m in members if m.get("sector")} | (
        {arg["sector"]} if arg.get("sector") else set())


def casualty_matches(have: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(have.get(k) == v for k, v in want.items() if k in ("kind", "group", "min", "max"))


def problems(event: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """The criteria of `want` that `event` does not meet (empty: it matches)."""
    out = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            out.append(what)

    check(event["type"] == want["type"], "type")
    if "mode" in want:
        check(event.get("mode") == want["mode"], "mode")
    if "modality" in want:
        check(event.get("modality") == want["modality"], "modality")
    if "context" in want:
        check(want["context"] in event.get("contexts", []), "context")
    if "actor" in want:
        check(want["actor"] in actor_names(event.get("actor")), "actor")
    if "actor_any_of" in want:
        check(bool(set(want["actor_any_of"]) & set(actor_names(event.get("actor")))), "actor_any_of")
    if "actors_all_of" in want:
        check(set(want["actors_all_of"]) <= set(actor_names(event.get("actor"))), "actors_all_of")
    if "actor_sector" in want:
        check(want["actor_sector"] in actor_sectors(event.get("actor")), "actor_sector")
    if "target" in want:
        check(want["target"] in actor_names(event.get("target")), "target")
    if "target_sector" in want:
        check(want["target_sector"] in actor_sectors(event.get("target")), "target_sector")
    if "date" in want:
        date = event.get("date") or {}
        check(all(date.get(k) == v for k, v in want["date"].items()), "date")
    if "attribution_names" in want:
        names = {a.get("name") for a in event.get("attribution", [])}
        check(set(want["attribution_names"]) <= names, "attribution_names")
    if "places_countries" in want:
        countries = {p.get("country") for p in event.get("places", [])}
        check(set(want["places_countries"]) <= countries, "places_countries")
    if "geonameids" in want:
        ids = {p.get("geonameid") for p in event.get("places", [])}
        check(set(want["geonameids"]) <= ids, "geonameids")
    if "casualties" in want:
        for c in want["casualties"]:
            check(any(casualty_matches(h, c) for h in event.get("casualties", [])),
                  f"casualty {c}")
    if "evidence_contains" in want:
        ev = event.get("evidence") or {}
        texts = [ev.get("trigger", "")] + [m.get("text", "") for m in ev.get("mentions", [])]
        check(any(want["evidence_contains"] in t for t in texts), "evidence_contains")
    return out


def find(events: list[dict[str, Any]], want: dict[str, Any]) -> tuple[bool, str]:
    """Whether some event meets `want`; otherwise the nearest miss, for the assertion message."""
    best = None
    for e in events:
        miss = problems(e, want)
        if not miss:
            return True, ""
        if e["type"] == want["type"] and (best is None or len(miss) < len(best[0])):
            best = (miss, e)
    if best is None:
        return False, f"no {want['type']} event"
    miss, e = best
    summary = {k: e.get(k) for k in ("type", "mode", "modality", "actor", "target", "date")}
    return False, f"nearest {want['type']} misses {miss}: {summary}"
