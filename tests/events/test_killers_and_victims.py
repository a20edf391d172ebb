"""Who killed and who was killed: the subject of an active killing verb is its actor, the
counted noun after it the victims (Arabic verb-subject-object and English subject-verb-object).

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def attack(text: str, lang: str) -> dict:
    (e,) = [e.to_dict() for e in analyse(text, lang, PUB)._.events if e.type == "ASSAULT"]
    return e


@pytest.mark.parametrize("text,lang,count", [
    ("قتلت الشرطة ثمانية متظاهرين في العاصمة.", "ar", 8),
    ("وقتلت الشرطة أمس ثمانية متظاهرين.", "ar", 8),
    ("قتلت عناصر الشرطة 8 محتجين.", "ar", 8),
    ("قتلت الشرطة متظاهرين اثنين.", "ar", 2),
    ("Police killed eight protesters in the capital.", "en", 8),
    ("The police killed 8 protesters on Friday.", "en", 8),
])
def test_the_police_who_kill_are_the_actor_not_a_casualty(text, lang, count):
    e = attack(text, lang)
    assert e["actor"]["name"] == "police"
    assert e["target"]["name"] == "protesters"
    assert [(c["kind"], c["group"], c["min"]) for c in e["casualties"]] == \
        [("killed", "civilians", count)]


def test_soldiers_who_kill_civilians_are_no_combatant_casualty():
    e = attack("قتل جنود الجيش ثلاثة مدنيين.", "ar")
    assert [(c["group"], c["min"]) for c in e["casualties"]] == [("civilians", 3)]


def test_an_accusative_object_marks_the_noun_before_as_subject():
    e = attack("قتل شرطي متظاهرا.", "ar")
    assert [(c["group"], c["min"], c["text"]) for c in e["casualties"]] == \
        [("civilians", 1, "متظاهرا")]


@pytest.mark.parametrize("text,groups", [
    ("قتل جندي و5 مدنيين في هجوم.", [("combatants", 1), ("civilians", 5)]),
    ("قتل جندي في هجوم أسفر أيضا عن مقتل ثلاثة مدنيين.", [("combatants", 1), ("civilians", 3)]),
])
def test_joined_or_separated_victims_are_all_casualties(text, groups):
    e = attack(text, "ar")
    assert [(c["group"], c["min"]) for c in e["casualties"]] == groups
