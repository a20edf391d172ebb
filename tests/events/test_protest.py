"""PROTEST events: protesters who act, strikes, protests the forces broke up, protesters as
victims, and rallies in support of someone.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def protests(text: str, lang: str = "ar") -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, PUB)._.events
            if e.type == "PROTEST" and e.modality == "asserted"]


@pytest.mark.parametrize("text,trigger,mode", [
    ("وتجمع أمس مئات المتظاهرين أمام مبنى البلدية.", "وتجمع", "demo"),
    ("خرج آلاف المحتجين إلى شوارع المدينة.", "خرج", "demo"),
    ("وسد المتظاهرون طريقا رئيسيا في المدينة.", "وسد", "obstruct"),
    ("ورشق مئات المتظاهرين عناصر الشرطة بالحجارة.", "ورشق", "riot"),
    ("ونزل آلاف المتظاهرين إلى شوارع العاصمة.", "ونزل", "demo"),
])
def test_protesters_who_gather_or_block_a_road_protest(text, trigger, mode):
    (e,) = protests(text)
    assert e["evidence"]["trigger"] == trigger
    assert e["mode"] == mode
    assert len(e["evidence"]["mentions"]) == 2  # the verb and the protesters


def test_a_verb_with_other_objects_is_no_protest_word():
    (e,) = protests("وقطع متظاهرون مئات الكيلومترات للمشاركة في التجمع.")
    assert e["evidence"]["trigger"] == "متظاهرون"
    assert e["mode"] == "demo"


def test_a_strike_told_with_its_cause_is_one_strike():
    (e,) = protests("أضرب المعلمون أمس احتجاجا على تأخر الرواتب.")
    assert e["mode"] == "strike"
    assert [m["text"] for m in e["evidence"]["mentions"]] == ["أضرب", "احتجاجا"]


def test_riot_police_are_an_actor_not_a_riot():
    evs = protests("وتجمع المتظاهرون أمام البرلمان وسط انتشار قوات مكافحة الشغب.")
    assert [e["mode"] for e in evs] == ["demo"]


@pytest.mark.parametrize("text", [
    "أصيب ثمانية متظاهرين خلال مواجهات مع الشرطة أمس.",
    "قتلت الشرطة ثمانية متظاهرين في العاصمة.",
    "فتحت قوات الأمن النار على المتظاهرين.",
    "أطلقت الشرطة الغاز المسيل للدموع لتفريق المتظاهرين.",
    "فضت قوات الأمن اعتصاما أمام الوزارة.",
])
def test_protesters_as_victims_or_dispersed_are_named_in_passing(text):
    (e,) = protests(text)
    assert e["evidence"].get("named_in_passing") == "suppressed"


def test_protesters_who_act_are_not_named_in_passing():
    (e,) = protests("وتجمع مئات المتظاهرين أمام الوزارة.")
    assert "named_in_passing" not in e["evidence"]


@pytest.mark.parametrize("support,against,lang", [
    ("تظاهر مئات الطلاب أمس تأييدا لقرار الحكومة.",
     "تظاهر مئات الطلاب أمس احتجاجا على قرار الحكومة.", "ar"),
    ("Hundreds held a pro-government rally in the capital on Friday.",
     "Hundreds held an anti-government rally in the capital on Friday.", "en"),
])
def test_a_rally_in_support_is_a_weaker_protest(support, against, lang):
    (pro,) = protests(support, lang)
    (anti,) = protests(against, lang)
    assert pro["evidence"].get("in_support") is True
    assert "in_support" not in anti["evidence"]
    assert pro["confidence"] < anti["confidence"]


@pytest.mark.parametrize("text,actor", [
    ("وتجمع آلاف المتظاهرين القادمين من عدة ولايات قرب مبنى الوزارة.", "المتظاهرين"),
    ("وهتف المعتصمون ضد الحكومة أمام البرلمان.", "المعتصمون"),
])
def test_the_protesters_named_by_a_protest_word_are_its_actor(text, actor):
    (e,) = protests(text)
    assert e["actor"]["text"] == actor


def test_a_crowd_that_gathers_is_a_weaker_protest():
    (crowd,) = protests("وتجمع عشرات الطلاب أمام مبنى الجامعة.")
    (named,) = protests("وتجمع عشرات المتظاهرين أمام مبنى الجامعة.")
    assert crowd["evidence"]["trigger"] == "وتجمع"
    assert crowd["confidence"] < named["confidence"]


def _types(text: str, lang: str = "ar") -> list[tuple[str, str | None]]:
    return [(e.type, e.mode) for e in analyse(text, lang, PUB)._.events
            if e.modality == "asserted"]


@pytest.mark.parametrize("text,lang", [
    ("احتجت مصر رسمياً لدى إيران على تصريحات المسؤول.", "ar"),
    ("احتجت مصر لدى إيران على تصريحات المسؤول.", "ar"),
    ("قدمت الحكومة احتجاجا رسميا إلى السفارة.", "ar"),
    ("قدمت مصر احتجاجا لدى إيران.", "ar"),
    ("سلمت الخارجية مذكرة احتجاج للقائم بالأعمال.", "ar"),
    ("استدعت وزارة الخارجية المصرية السفير الإيراني.", "ar"),
    ("Egypt formally protested to Iran over the remarks.", "en"),
    ("Egypt lodged a formal protest with Iran.", "en"),
    ("The ministry summoned the Iranian ambassador on Monday.", "en"),
])
def test_a_diplomatic_protest_is_accuse_not_protest(text, lang):
    assert _types(text, lang) == [("ACCUSE", "disapprove")]


def test_a_diplomatic_protest_names_who_protests_to_whom():
    (e,) = [e.to_dict() for e in analyse("احتجت مصر رسمياً لدى إيران.", "ar", PUB)._.events]
    assert (e["actor"]["name"], e["target"]["name"]) == ("Egypt", "Iran")


@pytest.mark.parametrize("text,lang", [
    ("احتج مئات العمال أمام المصنع.", "ar"),
    ("Hundreds of workers protested outside the factory.", "en"),
])
def test_people_who_protest_in_the_street_still_protest(text, lang):
    assert _types(text, lang) == [("PROTEST", "demo")]


@pytest.mark.parametrize("text", [
    "اضرب بيد من حديد.",
    "قال القائد لجنوده: اضرب!",
    "يضرب الحارس السجين في المقطع المصور.",
])
def test_the_strike_verb_without_a_strike_context_is_no_strike(text):
    assert protests(text) == []


@pytest.mark.parametrize("text,mode", [
    ("يضرب العمال عن العمل منذ أسبوع.", "strike"),
    ("وأضرب موظفو البلدية عن العمل.", "strike"),
    ("أضرب السجناء عن الطعام.", "hunger"),
])
def test_the_strike_verb_with_who_strikes_or_what_they_stop_is_a_strike(text, mode):
    (e,) = protests(text)
    assert e["mode"] == mode
