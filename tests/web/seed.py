"""A small seeded store for the web tests: our own neutral news-style reports in Arabic and
English, their events with evidence spans, incidents, members and an assessment.

Rows go in through the store's models (the store's public schema); offsets of evidence are
found in the texts so they always point at the words they name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import object_session

from marsad.store.database import Store
from marsad.store.incidents import refresh_incidents
from marsad.store.models import (
    Assessment,
    Document,
    Event,
    EvidenceSpan,
    Incident,
    IncidentMember,
)
from marsad.web import auth

PASSWORDS = {"amina": "admin-pass-123", "omar": "analyst-pass-123", "vera": "viewer-pass-123"}
ROLES = {"amina": "admin", "omar": "analyst", "vera": "viewer"}

AR_MARKET = (
    "قالت مصادر محلية إن غارة جوية استهدفت صباح الثلاثاء سوقاً شعبية في مدينة البوكمال "
    "شرقي سوريا، ما أسفر عن مقتل سبعة مدنيين وإصابة اثني عشر آخرين. وأضافت المصادر أن "
    "فرق الدفاع المدني ما زالت تبحث عن مفقودين تحت الأنقاض."
)
EN_MARKET = (
    "An air strike hit a crowded market in the eastern Syrian town of Albu Kamal on Tuesday "
    "morning, killing at least nine civilians, a local monitoring group said. Rescue teams "
    "were still searching the rubble."
)
AR_MARKET_2 = (
    "أفاد ناشطون بأن طائرات حربية قصفت سوق مدينة البوكمال، وأن حصيلة القتلى ارتفعت الى "
    "تسعة مدنيين بينهم طفلان."
)
EN_MOSUL = (
    "Artillery shelling struck a residential district of Mosul on Sunday, killing three "
    "people and wounding five, according to a hospital official."
)
AR_ADEN = (
    "هددت جماعة مسلحة بشن هجمات على ميناء عدن خلال الأيام المقبلة، بحسب بيان نشرته على "
    "موقعها."
)
EN_IDLIB = (
    "A drone strike on a vehicle near Idlib killed two men on Friday, a civil defence "
    "spokesman said."
)


def _span(text: str, needle: str, role: str) -> tuple[int, int, str, str]:
    start = text.index(needle)
    return start, start + len(needle), role, needle


def _event(doc: Document, seq: int, *, type_: str, mode: str | None, place: dict[str, Any],
           day: date, casualties: list[dict[str, Any]], actor: dict[str, Any] | None,
           spans: list[tuple[int, int, str, str]], attribution: list[dict[str, Any]],
           modality: str = "asserted") -> Event:
    trigger = next(s for s in spans if s[2] == "trigger")
    data = {
        "type": type_, "mode": mode, "contexts": ["military"], "actor": actor, "target": None,
        "places": [place], "date": {"text": "", "start": day.isoformat(),
                                    "end": day.isoformat(), "precision": "day"},
        "casualties": casualties, "attribution": attribution, "modality": modality,
        "evidence": {"start": trigger[0], "end": trigger[1], "trigger": trigger[3]},
        "confidence": 0.8,
    }
    event = Event(document=doc, seq=seq, type=type_, family="attack" if type_ == "ASSAULT"
                  else type_.lower(), mode=mode, modality=modality,
                  actor_name=(actor or {}).get("name"), actor_sector=(actor or {}).get("sector"),
                  place_name=place["name"], geonameid=place.get("geonameid"), lat=place["lat"],
                  lon=place["lon"], country=place["country"], admin1=place.get("admin1"),
                  place_precision=place.get("precision"), date_start=day, date_end=day,
                  date_precision="day", win_start=day, win_end=day, win_source="text",
                  clusterable=True, confidence=0.8, evidence_start=trigger[0], evidence_end=trigger[1],
                  trigger=trigger[3], data=data)
    for start, end, role, text in spans:
        event.spans.append(EvidenceSpan(role=role, start=start, end=end, text=text))
    object_session(doc).add(event)
    return event


ALBU_KAMAL = {"text": "البوكمال", "name": "Albu Kamal", "geonameid": 172515, "lat": 34.4536,
              "lon": 40.9183, "country": "SY", "admin1": "Deir ez-Zor", "precision": "city"}
MOSUL = {"text": "Mosul", "name": "Mosul", "geonameid": 99072, "lat": 36.335, "lon": 43.1189,
         "country": "IQ", "admin1": "Nineveh", "precision": "city"}
ADEN = {"text": "عدن", "name": "Aden", "geonameid": 415189, "lat": 12.7794, "lon": 45.0367,
        "country": "YE", "admin1": "Aden", "precision": "city"}
IDLIB = {"text": "Idlib", "name": "Idlib", "geonameid": 169388, "lat": 35.9306,
         "lon": 36.6339, "country": "SY", "admin1": "Idlib", "precision": "city"}


def _doc(session, key: str, text: str, *, lang: str, title: str, outlet: str, url: str | None,
         published: date) -> Document:
    doc = Document(sha256=auth.sha256(key + text), doc_id=key, source=f"fixtures/{key}",
                   url=url, title=title, outlet=outlet, lang=lang, encoding="utf-8",
                   published=published, text=text, status="ok",
                   retrieved_at=datetime(2026, 11, 1, tzinfo=UTC))
    session.add(doc)
    return doc


def seed_store(url: str, *, extra_documents: list[dict[str, Any]] | None = None
               ) -> dict[str, Any]:
    """Create and fill a store at `url`; returns the ids the tests need."""
    store = Store(url)
    ids: dict[str, Any] = {"url": url}
    with store.session() as s:
        for name, role in ROLES.items():
            auth.add_user(s, name, role, PASSWORDS[name])
        tuesday = date(2026, 10, 13)
        d1 = _doc(s, "ar-market-1", AR_MARKET, lang="ar", title="غارة جوية على سوق البوكمال",
                  outlet="وكالة الأنباء المحلية", url="https://news.example.org/ar/1",
                  published=tuesday)
        d2 = _doc(s, "en-market-1", EN_MARKET, lang="en", title="Air strike hits Albu Kamal market",
                  outlet="Example Wire", url="https://wire.example.com/story/2",
                  published=tuesday)
        d3 = _doc(s, "ar-market-2", AR_MARKET_2, lang="ar", title="ارتفاع حصيلة قصف سوق البوكمال",
                  outlet="شبكة الرصد", url="https://monitor.example.net/3",
                  published=date(2026, 10, 14))
        d4 = _doc(s, "en-mosul", EN_MOSUL, lang="en", title="Shelling in Mosul",
                  outlet="Example Wire", url="https://wire.example.com/story/4",
                  published=date(2026, 9, 6))
        d5 = _doc(s, "ar-aden", AR_ADEN, lang="ar", title="تهديد بهجمات على ميناء عدن",
                  outlet="صحيفة الساحل", url=None, published=date(2026, 8, 20))
        d6 = _doc(s, "en-idlib", EN_IDLIB, lang="en", title="Drone strike near Idlib",
                  outlet="Example Wire", url="https://wire.example.com/story/6",
                  published=date(2026, 10, 2))
        coalition = {"text": "", "name": "International coalition", "sector": "MIL",
                     "country": None}
        e1 = _event(d1, 0, type_="ASSAULT", mode="aerial", place=ALBU_KAMAL, day=tuesday,
                    casualties=[{"kind": "killed", "group": "civilians", "min": 7, "max": 7,
                                 "text": "مقتل سبعة مدنيين"},
                                {"kind": "injured", "group": "unknown", "min": 12, "max": 12,
                                 "text": "إصابة اثني عشر"}],
                    actor=coalition,
                    spans=[_span(AR_MARKET, "غارة جوية", "trigger"),
                           _span(AR_MARKET, "البوكمال", "place"),
                           _span(AR_MARKET, "مقتل سبعة مدنيين", "casualty")],
                    attribution=[{"text": "وكالة الأنباء المحلية", "name": "وكالة الأنباء المحلية",
                                  "role": "outlet"},
                                 {"text": "مصادر محلية", "name": "مصادر محلية", "role": "source"}])
        e2 = _event(d2, 0, type_="ASSAULT", mode="aerial", place={**ALBU_KAMAL, "text": "Albu Kamal"},
                    day=tuesday,
                    casualties=[{"kind": "killed", "group": "civilians", "min": 9, "max": 9,
                                 "text": "killing at least nine civilians"}],
                    actor=coalition,
                    spans=[_span(EN_MARKET, "air strike", "trigger"),
                           _span(EN_MARKET, "Albu Kamal", "place"),
                           _span(EN_MARKET, "killing at least nine civilians", "casualty")],
                    attribution=[{"text": "Example Wire", "name": "Example Wire",
                                  "role": "outlet"},
                                 {"text": "a local monitoring group",
                                  "name": "a local monitoring group", "role": "source"}])
        e3 = _event(d3, 0, type_="ASSAULT", mode="aerial", place=ALBU_KAMAL, day=tuesday,
                    casualties=[{"kind": "killed", "group": "civilians", "min": 9, "max": 9,
                                 "text": "تسعة مدنيين"}],
                    actor=None,
                    spans=[_span(AR_MARKET_2, "قصفت", "trigger"),
                           _span(AR_MARKET_2, "البوكمال", "place"),
                           _span(AR_MARKET_2, "تسعة مدنيين", "casualty")],
                    attribution=[{"text": "ناشطون", "name": "ناشطون", "role": "source"}])
        e4 = _event(d4, 0, type_="ASSAULT", mode="heavy-weapons", place=MOSUL,
                    day=date(2026, 9, 6),
                    casualties=[{"kind": "killed", "group": "unknown", "min": 3, "max": 3,
                                 "text": "killing three people"},
                                {"kind": "injured", "group": "unknown", "min": 5, "max": 5,
                                 "text": "wounding five"}],
                    actor=None,
                    spans=[_span(EN_MOSUL, "shelling", "trigger"),
                           _span(EN_MOSUL, "Mosul", "place")],
                    attribution=[{"text": "a hospital official", "name": "hospital official",
                                  "role": "source"}])
        e5 = _event(d5, 0, type_="THREATEN", mode=None, place=ADEN, day=date(2026, 8, 20),
                    casualties=[], actor={"text": "جماعة مسلحة", "name": "armed group",
                                          "sector": "REB", "country": None},
                    spans=[_span(AR_ADEN, "هددت", "trigger"), _span(AR_ADEN, "عدن", "place")],
                    attribution=[], modality="threatened")
        e6 = _event(d6, 0, type_="ASSAULT", mode="drone", place=IDLIB, day=date(2026, 10, 2),
                    casualties=[{"kind": "killed", "group": "unknown", "min": 2, "max": 2,
                                 "text": "killed two men"}],
                    actor=None,
                    spans=[_span(EN_IDLIB, "drone strike", "trigger"),
                           _span(EN_IDLIB, "Idlib", "place")],
                    attribution=[])
        s.flush()
        market = Incident(status="active", figures=[])
        mosul = Incident(status="active", figures=[])
        aden = Incident(status="active", figures=[])
        idlib = Incident(status="active", figures=[])
        s.add_all([market, mosul, aden, idlib])
        s.flush()
        for incident, events in ((market, [e1, e2, e3]), (mosul, [e4]), (aden, [e5]),
                                 (idlib, [e6])):
            for event in events:
                s.add(IncidentMember(incident_id=incident.id, event_id=event.id,
                                     document_id=event.document_id, added_by="clusterer",
                                     rule="same-day same-place", score=2.5,
                                     reason="same type family, day and town"))
        s.flush()
        refresh_incidents(s, [market.id, mosul.id, aden.id, idlib.id])
        s.add(Assessment(incident_id=mosul.id, grade="fair", response="not yet assessed"))
        for extra in extra_documents or []:
            doc = _doc(s, extra["key"], extra["text"], lang=extra.get("lang", "en"),
                       title=extra["title"], outlet=extra.get("outlet", "Example Wire"),
                       url=extra.get("url"), published=extra.get("published", tuesday))
            place = {**IDLIB, "lat": 35.0, "lon": 37.0}
            if extra.get("place"):
                place.update(name=extra["place"], text=extra["place"])
            actor = ({"text": extra["actor"], "name": extra["actor"], "sector": "REB",
                      "country": None} if extra.get("actor") else None)
            event = _event(doc, 0, type_="ASSAULT", mode="aerial", place=place,
                           day=extra.get("published", tuesday), casualties=[], actor=actor,
                           spans=[(0, min(5, len(extra["text"])), "trigger",
                                   extra["text"][:5])], attribution=[])
            s.flush()
            incident = Incident(status="active", figures=[])
            s.add(incident)
            s.flush()
            s.add(IncidentMember(incident_id=incident.id, event_id=event.id,
                                 document_id=doc.id, added_by="clusterer"))
            s.flush()
            refresh_incidents(s, [incident.id])
            ids.setdefault("extra", []).append(incident.id)
        s.flush()
        ids.update(market=market.id, mosul=mosul.id, aden=aden.id, idlib=idlib.id,
                   events={"ar1": e1.id, "en": e2.id, "ar2": e3.id},
                   docs={"ar1": d1.id, "en": d2.id, "ar2": d3.id, "aden": d5.id})
    store.close()
    return ids
