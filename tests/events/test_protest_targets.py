"""Whom or what a protest is directed at: the words after a target marker that follows the
protest word ("احتجاجا على", "ضد", "أمام مبنى", "تنديدا بـ", "مطالبين برحيل", "protest
against", "outside the embassy"): an actor entry when one is named there, else the words
(marked "phrase"). A demand ("للمطالبة بـ") is no target; where they gathered gives way to
whom they addressed.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def protest(text: str, lang: str = "ar") -> dict:
    (e,) = [e.to_dict() for e in analyse(text, lang, PUB)._.events if e.type == "PROTEST"]
    return e


@pytest.mark.parametrize("text,lang,name,words", [
    ("وتظاهر مئات الطلاب أمس احتجاجا على قرار الحكومة.", "ar", "government", "الحكومة"),
    ("وتظاهر آلاف الطلاب مطالبين برحيل الرئيس.", "ar", "government", "الرئيس"),
    ("وتجمع المتظاهرون مطالبين الحكومة بالتدخل.", "ar", "government", "الحكومة"),
    ("Hundreds of students protested against the government in the capital.", "en",
     "government", "government"),
    ("Thousands rallied outside the US embassy on Friday.", "en", "United States",
     "US embassy"),
])
def test_an_actor_named_after_a_marker_is_the_target(text, lang, name, words):
    target = protest(text, lang)["target"]
    assert target["name"] == name
    assert not target.get("phrase")
    assert text[target["start"]:target["end"]] == words


@pytest.mark.parametrize("text,lang,words", [
    ("وخرج آلاف المتظاهرين في العاصمة ضد النظام العسكري.", "ar", "النظام العسكري"),
    ("واعتصم عشرات العمال أمام مبنى المحافظة أمس.", "ar", "مبنى المحافظة"),
    ("وتظاهر المئات في المدينة تنديدا بالغارة.", "ar", "بالغارة"),
    ("ورفع المتظاهرون لافتات مناهضة للحرب في المدينة.", "ar", "للحرب"),
    ("Workers protested the decision to close the factory.", "en", "the decision"),
    ("Demonstrators marched to the presidential palace.", "en", "the presidential palace"),
])
def test_the_words_after_a_marker_are_the_target(text, lang, words):
    target = protest(text, lang)["target"]
    assert target["phrase"] is True and target["name"] is None
    assert text[target["start"]:target["end"]] == words


def test_whom_they_addressed_wins_over_where_they_gathered():
    text = "وتجمع المتظاهرون أمام مبنى البرلمان مطالبين الحكومة بالتدخل."
    target = protest(text)["target"]
    assert text[target["start"]:target["end"]] == "الحكومة"


@pytest.mark.parametrize("text,lang", [
    ("وخرج المحتجون في مسيرة للمطالبة بصرف الرواتب المتأخرة.", "ar"),  # a demand
    ("وتظاهر المئات في العاصمة أمس.", "ar"),                           # no marker
    ("Protesters demanded higher wages.", "en"),                       # a demand
    ("Thousands protested outside the capital.", "en"),                # a place, no building
])
def test_no_target_from_a_demand_or_a_place(text, lang):
    assert protest(text, lang)["target"] is None


def test_a_phrase_ends_before_a_new_clause():
    text = "وتظاهر المئات احتجاجا على اعتقاله وحدثت مواجهات في المدينة."
    target = protest(text)["target"]
    assert text[target["start"]:target["end"]] == "اعتقاله"


def test_the_protesters_are_not_their_own_target():
    text = ("وفي المدينة نزل آلاف الأشخاص إلى الشوارع بينما طالب نحو ألف متظاهر في العاصمة "
            "بزيادة الأجور.")
    assert protest(text)["target"] is None
