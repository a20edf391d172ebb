"""Split verb phrases, Egyptian negation ما...ش, and attacks told without an attacker.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def events(text: str, lang: str = "ar") -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, PUB)._.events]


def assaults(text: str, lang: str = "ar", modality: str = "asserted") -> list[dict]:
    return [e for e in events(text, lang) if e["type"] == "ASSAULT" and e["modality"] == modality]


@pytest.mark.parametrize("text,lang,trigger,mode", [
    ("أطلقت طائرة حربية صواريخ على مبنى في البلدة.", "ar", "أطلقت", "heavy-weapons"),
    ("أطلقت دبابة قذيفة على منزل في القرية.", "ar", "أطلقت", "heavy-weapons"),
    ("أطلق مسلحون النار على دورية للشرطة.", "ar", "أطلق", "firearms"),
    ("وألقى مجهولون قنبلة يدوية على مقهى في المدينة.", "ar", "وألقى", "explosives"),
    ("A tank fired two shells at the bridge.", "en", "fired", "heavy-weapons"),
])
def test_verb_and_object_split_by_the_subject(text, lang, trigger, mode):
    evs = assaults(text, lang)
    assert [e["evidence"]["trigger"] for e in evs] == [trigger]
    assert evs[0]["mode"] == mode


def test_split_verb_keeps_its_subject_as_actor():
    (e,) = assaults("أطلق مسلحون النار على دورية للشرطة.")
    assert e["actor"]["text"] == "مسلحون"


@pytest.mark.parametrize("text", [
    "أطلقت الحكومة حملة لجمع التبرعات.",
    "أطلق الجيش سراح ثلاثة معتقلين.",
    "أطلقت الوزارة برنامجا جديدا، وصواريخ الألعاب النارية ممنوعة.",
])
def test_other_objects_of_the_verb_are_no_attack(text):
    assert not assaults(text)


def test_victims_of_a_split_phrase_are_the_target_not_the_actor():
    (e,) = assaults("لقي أربعة جنود حتفهم في هجوم مسلح.")
    assert e["actor"] is None
    assert e["target"]["text"] == "جنود"
    assert [(c["kind"], c["group"], c["min"]) for c in e["casualties"]] == [
        ("killed", "combatants", 4)]


@pytest.mark.parametrize("text", [
    "الشرطة ماهاجمتش المتظاهرين.",
    "الطيارات ما قصفوش المستشفى.",
])
def test_egyptian_negation(text):
    assert not assaults(text)
    assert assaults(text, modality="negated")


def test_without_the_negation_the_attack_is_asserted():
    assert assaults("الطيارات قصفت المستشفى.")


@pytest.mark.parametrize("text,kind,group,count", [
    ("مقتل خمسة جنود في هجوم على حاجز شمال البلدة.", "killed", "combatants", 5),
    ("قتل مدنيان برصاص مجهولين في المدينة.", "killed", "civilians", 2),
    ("أصيب ثلاثة أشخاص بجروح في انفجار عبوة ناسفة.", "injured", "unknown", 3),
])
def test_attacks_told_without_an_attacker(text, kind, group, count):
    evs = assaults(text)
    assert len(evs) == 1
    assert (kind, group, count) in [(c["kind"], c["group"], c["min"]) for c in evs[0]["casualties"]]


@pytest.mark.parametrize("text", [
    "مقتل ثلاثة جنود في الجيش العراقي بانفجار عبوة ناسفة.",
    "قتل خمسة من عناصر الشرطة في هجوم على حاجز.",
])
def test_the_force_of_counted_victims_is_not_the_actor(text):
    (e,) = assaults(text)
    assert e["actor"] is None
    assert e["target"] is not None


def test_an_actor_named_before_the_victims_stays_the_actor():
    (e,) = assaults("قتل مسلحون خمسة جنود في هجوم على حاجز.")
    assert e["actor"]["text"] == "مسلحون"
    assert e["target"]["text"] == "جنود"


def test_a_strong_verbal_attack_is_no_attack():
    assert not events("شن رئيس النادي أمس هجوما قويا على بعض أعضاء الإدارة.")


def test_a_warning_against_going_on_is_no_attack_that_happened():
    assert not assaults("حذر الوزير الفصائل المسلحة من الاستمرار في إطلاق الصواريخ على المدن.")
    assert assaults("واصلت الفصائل المسلحة إطلاق الصواريخ على المدن.")
