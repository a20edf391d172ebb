"""Attacks the rules used to miss or weaken: a long subject between a firing verb and its
object, attacks suffered ("تعرض لـ", "نجا من"), assassination attempts, raids launched with
their author between verb and noun, and where these stop.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def assaults(text: str, modality: str = "asserted") -> list[dict]:
    return [e.to_dict() for e in analyse(text, "ar", PUB)._.events
            if e.type == "ASSAULT" and e.modality == modality]


def rule_confidence(text: str) -> float:
    """The highest rule confidence (before the learned main-event score) of an asserted
    attack in `text`."""
    doc = analyse(text, "ar", PUB)
    return max(e.evidence["specificity"] for e in doc._.events
               if e.type == "ASSAULT" and e.modality == "asserted")


@pytest.mark.parametrize("text,trigger,mode", [
    # a weapon as subject, with whom it belongs to, before the object
    ("وأطلقت طائرة بدون طيار تابعة للجيش الأمريكي عدة صواريخ على منزل في القرية.",
     "وأطلقت", "drone"),
    ("أطلقت مروحية عسكرية تابعة لقوات الحكومة ثلاثة صواريخ على سيارة قرب الجسر.",
     "أطلقت", "heavy-weapons"),
    # raids launched with their author between verb and noun
    ("وشنت طائرات التحالف الدولي غارات على مواقع التنظيم في المدينة.", "وشنت", "aerial"),
    ("ونفذت مقاتلات إسرائيلية سلسلة غارات على مواقع في القطاع.", "ونفذت", "aerial"),
])
def test_verb_reaches_its_object_across_a_long_subject(text, trigger, mode):
    found = assaults(text)
    assert len(found) == 1
    assert found[0]["evidence"]["trigger"] == trigger
    assert found[0]["mode"] == mode


def test_a_purpose_clause_still_ends_the_reach():
    assert not assaults("أطلقت الجمعية الخيرية حملة واسعة لجمع التبرعات لشراء صواريخ للأطفال.")


def test_a_verbal_attack_by_an_official_is_no_raid():
    assert not assaults("شن رئيس النادي أمس هجوما قويا على بعض أعضاء الإدارة.")


def test_the_object_of_a_raid_verb_is_not_its_target():
    found = assaults("ووجهت القوات الأمريكية عدة ضربات جوية داخل البلاد.")
    assert len(found) == 1
    assert found[0]["mode"] == "aerial"
    assert found[0]["target"] is None


@pytest.mark.parametrize("text,target", [
    ("وتعرض رئيس البلدية لمحاولة اغتيال في المدينة أمس.", "رئيس البلدية"),
    ("ونجا محافظ المدينة من انفجار سيارة مفخخة عند مرور موكبه.", "محافظ المدينة"),
])
def test_who_suffers_or_survives_an_attack_is_its_target(text, target):
    found = assaults(text)
    assert len(found) == 1
    assert found[0]["target"]["text"] == target
    assert found[0]["actor"] is None


def test_an_assassination_attempt_is_an_asserted_attack():
    found = assaults("وتعرض رئيس البلدية لمحاولة اغتيال في المدينة أمس.")
    assert found[0]["mode"] == "targeted"
    assert "محاولة اغتيال" in found[0]["evidence"]["trigger"]


def test_beating_suffered_is_an_attack():
    found = assaults("وقال المعتقل إنه تعرض للضرب خلال وجوده في السجن.")
    assert [e["mode"] for e in found] == ["beat"]


def test_beating_alone_is_no_attack():
    assert not assaults("ويدرس التلاميذ جدول الضرب في الصف الثالث.")


def test_a_suffered_attack_counts_as_told_by_a_verb():
    # the same attack noun scores higher when a verb of suffering tells it than when it is
    # only named
    suffered = rule_confidence("وتعرضت قافلة الإغاثة لهجوم قرب الحدود.")
    named = rule_confidence("وقع هجوم على قافلة الإغاثة قرب الحدود.")
    assert suffered > named


def test_the_suffering_verb_governs_only_through_its_preposition():
    # "تعرض" far before an attack noun it does not govern leaves that noun's actor alone
    found = assaults("وتعرض الاقتصاد لأزمة حادة، وقصفت القوات الحكومية القرية أمس.")
    assert found and all(e["actor"] is not None for e in found)
