"""An attack whose target no actor entry names: the words after a target marker or an active
verb give it (marked "phrase"), else its counted victims stand for it (marked "victims"); the
words that describe an attack ("هجوم انتحاري", "هجوم مسلح") or its authors are no victims.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def attacks(text: str, lang: str = "ar") -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, PUB)._.events if e.type == "ASSAULT"]


@pytest.mark.parametrize("text,lang,name,sector,words", [
    ("قتل 20 شخصا حين انفجرت سيارة مفخخة في السوق أمس.", "ar", "people", None, "20 شخصا"),
    ("أصيب خمسة أطفال بانفجار عبوة ناسفة قرب المدرسة.", "ar", "children", "CVL", "خمسة أطفال"),
    ("Five men were killed when a roadside bomb exploded.", "en", "civilians", "CVL",
     "Five men"),
    ("Two civilians were killed by gunmen.", "en", "civilians", "CVL", "Two civilians"),
])
def test_the_counted_victims_are_the_target(text, lang, name, sector, words):
    (e,) = attacks(text, lang)
    target = e["target"]
    assert target["victims"] is True
    assert (target["name"], target["sector"]) == (name, sector)
    assert target["text"] == words
    assert text[target["start"]:target["end"]] == words


@pytest.mark.parametrize("text,lang,words", [
    ("وقتل شخصان في هجوم على حافلة مدنية قرب المدينة.", "ar", "حافلة مدنية"),
    ("وقال إن مجهولين خطفوا مصورا فرنسيا في المدينة.", "ar", "مصورا فرنسيا"),
    ("Gunmen opened fire on a school bus in the north.", "en", "a school bus"),
    ("Gunmen abducted a French photographer in the port city.", "en", "a French photographer"),
])
def test_the_words_after_a_marker_or_an_active_verb_are_the_target(text, lang, words):
    (e,) = attacks(text, lang)
    target = e["target"]
    assert target["phrase"] is True and target["name"] is None
    assert text[target["start"]:target["end"]] == words


@pytest.mark.parametrize("text,lang", [
    ("قتل خمسة جنود على الأقل في الهجوم.", "ar"),      # "على الأقل": at least
    ("An attack on Monday killed three people.", "en"),  # a date, not a target
    ("The convoy was attacked near the border.", "en"),  # a passive verb takes no object
])
def test_no_phrase_target_from_stops_dates_or_passives(text, lang):
    for e in attacks(text, lang):
        assert e["target"] is None or not e["target"].get("phrase")


def test_a_named_target_is_kept_and_not_marked_as_victims():
    (e,) = attacks("استهدف الطيران مواقع التنظيم في المدينة مما أدى إلى مقتل 12 مسلحا.")
    assert e["target"] is not None
    assert "victims" not in e["target"]


@pytest.mark.parametrize("text", [
    "قتل الانتحاري وحده في الانفجار.",
    "The attacker was shot dead by the guards.",  # "by the guards": who shot, not who died
])
def test_the_attackers_killed_are_no_target(text):
    lang = "en" if text.isascii() else "ar"
    for e in attacks(text, lang):
        assert e["target"] is None or not e["target"].get("victims")


def test_others_alone_are_no_target():
    (e,) = attacks("وأصيب سبعة آخرون في الانفجار.")
    assert e["target"] is None


@pytest.mark.parametrize("text,groups", [
    # the adjective of an attack noun is no victim
    ("قتل 11 مدنيا في التفجير الانتحاري الذي وقع في البلدة.", [("civilians", 11)]),
    ("قتل ثلاثة جنود في هجوم مسلح على حاجز قرب المدينة.", [("combatants", 3)]),
    ("أصيب شخصان في هجوم انتحاري بحزام ناسف.", [("unknown", 2)]),
    # the victims of a verb may come before it ("شخصين قتلا")
    ("وقال المصدر إن شخصين قتلا في الهجوم.", [("unknown", 2)]),
    # who did the killing is no victim
    ("Two civilians were killed by gunmen.", [("civilians", 2)]),
    ("Gunmen abducted a French photographer in the port city.", []),
    # "two of its soldiers"
    ("أعلن الجيش مقتل اثنين من جنوده في انفجار عبوة.", [("combatants", 2)]),
])
def test_who_is_counted(text, groups):
    casualties = [c for e in attacks(text, "en" if text.isascii() else "ar")
                  for c in e["casualties"]]
    assert [(c["group"], c["min"]) for c in casualties] == groups


@pytest.mark.parametrize("text,words", [
    # a date between the verb and its object
    ("وقال الجيش إن مسلحين مجهولين اغتالوا الأسبوع الماضي إمام المسجد في المدينة.",
     "إمام المسجد"),
    ("أعلنت الشرطة أن مجهولين خطفوا أمس مدير المدرسة في البلدة.", "مدير المدرسة"),
    # a singular verb right after its named subject
    ("قال الجيش إن طائراته قصفت مجموعة من المتمردين في شمال البلاد.",
     "مجموعة من المتمردين"),
    # a number or count word with "من" goes on the object
    ("وكانت قوة من الجيش قد قتلت أمس أربعة من المتهمين.", "أربعة من المتهمين"),
    # who suffers stands between the verb of suffering and the event word
    ("تعرضت قافلة الوزير لإطلاق نار كثيف.", "قافلة الوزير"),
    ("نجا المحافظ من انفجار عبوة ناسفة قرب منزله.", "المحافظ"),
])
def test_the_unnamed_object_of_a_verb_is_the_target(text, words):
    (e,) = attacks(text)
    assert e["target"]["text"] == words
    assert e["target"]["phrase"] is True


def test_a_place_word_ends_the_object_phrase():
    (e,) = attacks("خطف مسلحون أمس عددا من الأشخاص جنوب المدينة.")
    assert e["target"]["text"] == "عددا من الأشخاص"


@pytest.mark.parametrize("text,words", [
    ("وكانت كتائب القسام قد أطلقت عشرات الصواريخ فجر أمس على البلدات المجاورة.",
     "البلدات المجاورة"),
    ("وقال الجيش إن مسلحين أطلقوا قذيفة على نقطة تفتيش قرب المدينة.", "نقطة تفتيش"),
])
def test_what_a_weapon_is_fired_on_is_the_target(text, words):
    (e,) = attacks(text)
    assert e["target"]["text"] == words


@pytest.mark.parametrize("text", [
    "وقال شهود إن مسلحين أطلقوا عشرات الصواريخ أمس.",
    "وقال شهود إن مسلحين أطلقوا عشرات الصواريخ",  # the text ends with the weapon
    "وقال شهود إن مسلحين أطلقوا صاروخا على",
])
def test_a_weapon_fired_at_nothing_named_is_no_target(text):
    (e,) = attacks(text)
    assert e["target"] is None or "الصواريخ" not in e["target"]["text"]
