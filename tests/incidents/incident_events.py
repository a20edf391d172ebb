"""Synthetic event dicts (DESIGN.md shape) for clustering, figures and store tests.

Places are a handful of towns with their approximate coordinates; the reports are ours.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

# name: (geonameid, lat, lon, country, admin1, arabic)
TOWNS = {
    "Maarat al-Numan": (163270, 35.6436, 36.6738, "SY", "SY.13", "معرة النعمان"),
    "Kafr Nabl": (169389, 35.6136, 36.5614, "SY", "SY.13", "كفرنبل"),  # ~11 km from Maarat
    "Saraqib": (163345, 35.8640, 36.8006, "SY", "SY.13", "سراقب"),  # ~27 km from Maarat
    "Ariha": (173811, 35.8131, 36.6081, "SY", "SY.13", "أريحا"),
    "Deir ez-Zor": (170794, 35.3359, 40.1408, "SY", "SY.07", "دير الزور"),
    "Mosul": (99072, 36.3350, 43.1189, "IQ", "IQ.15", "الموصل"),
    "Taiz": (70225, 13.5795, 44.0209, "YE", "YE.25", "تعز"),
}
ADMIN1 = {"SY.13": ("Idlib Governorate", 35.80, 36.65, "SY")}

ACTORS = {
    "ru": {"name": "Russian Air Force", "sector": "MIL", "country": "RU"},
    "sy": {"name": "Syrian Arab Army", "sector": "MIL", "country": "SY"},
    "coalition": {"name": "International coalition", "sector": "MIL", "country": None},
    "is": {"name": "Islamic State", "sector": "REB", "country": None},
}


def town(name: str, precision: str = "town", with_id: bool = True) -> dict[str, Any]:
    gid, lat, lon, country, admin1, arabic = TOWNS[name]
    return {"text": arabic, "name": name, "geonameid": gid if with_id else None, "lat": lat,
            "lon": lon, "country": country, "admin1": admin1, "precision": precision}


def governorate(code: str = "SY.13") -> dict[str, Any]:
    name, lat, lon, country = ADMIN1[code]
    return {"text": name, "name": name, "geonameid": None, "lat": lat, "lon": lon,
            "country": country, "admin1": code, "precision": "admin1"}


def event(
    *,
    place: str | dict | None = "Maarat al-Numan",
    day: str | None = "2024-03-02",
    precision: str = "day",
    end: str | None = None,
    killed: int | tuple | None = 5,
    group: str = "civilians",
    injured: int | None = None,
    actor: str | dict | None = "ru",
    type: str = "ASSAULT",
    mode: str | None = "aerial",
    modality: str = "asserted",
    trigger: str = "غارة",
    start: int = 10,
) -> dict[str, Any]:
    """One event dict; `killed` may be a number, (min, max) or (min, None) for "at least"."""
    places = []
    if isinstance(place, dict):
        places = [place]
    elif place:
        places = [town(place)]
    casualties = []
    if killed is not None:
        low, high = (killed, killed) if isinstance(killed, int) else killed
        casualties.append({"kind": "killed", "group": group, "min": low, "max": high,
                           "text": str(killed)})
    if injured is not None:
        casualties.append({"kind": "injured", "group": group, "min": injured, "max": injured})
    return {
        "type": type, "mode": mode, "contexts": ["military"],
        "actor": deepcopy(ACTORS[actor]) if isinstance(actor, str) else actor,
        "target": None, "places": places,
        "date": {"text": day, "start": day, "end": end or day, "precision": precision}
        if day else None,
        "casualties": casualties,
        "attribution": [{"text": "", "name": "outlet", "role": "outlet"}],
        "modality": modality, "acled": None, "cameo": None,
        "evidence": {"start": start, "end": start + len(trigger), "trigger": trigger},
        "confidence": 0.8,
    }
