"""Specificity: an attack the sentence reports vs. one it names in passing.

The attack keeps its type and modality ("asserted": it did happen); what changes is its
confidence and, for an attack named as background or as the object of a stance,
`evidence["named_in_passing"]`. Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def assaults(text: str, lang: str = "ar", published: date | None = PUB) -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, published)._.events
            if e.type == "ASSAULT" and e.modality == "asserted"]


def best(text: str, lang: str = "ar", published: date | None = PUB) -> dict:
    evs = assaults(text, lang, published)
    assert evs, text
    return max(evs, key=lambda e: e["confidence"])


@pytest.mark.parametrize("text,lang", [
    # the attack dates something else
    ("وصل وزير الداخلية إلى المدينة غداة الهجوم على السوق المركزي.", "ar"),
    ("عادت الحركة إلى الطريق بعد التفجير قرب الجسر.", "ar"),
    ("وجاء القرار إثر اغتيال رئيس البلدية.", "ar"),
    ("Schools reopened in the town after the bombing of the bus station.", "en"),
    # a relative clause about someone or something else
    ("أفرجت الشرطة عن السائق الذي خطفه مسلحون في الشهر الماضي.", "ar"),
])
def test_background_mention(text, lang):
    e = best(text, lang)
    assert e["modality"] == "asserted"
    assert e["evidence"].get("named_in_passing") == "background"


@pytest.mark.parametrize("text,lang", [
    ("أدانت وزارة الخارجية الهجوم على القافلة الإنسانية.", "ar"),
    ("ندد المجلس البلدي بالتفجير قرب مبنى البلدية.", "ar"),
    ("أعلنت الجماعة تبنيها الاعتداء على نقطة التفتيش.", "ar"),
    ("The foreign ministry condemned the bombing of the market.", "en"),
    ("Investigators questioned two men suspected of involvement in the bombing.", "en"),
])
def test_stance_mention(text, lang):
    e = best(text, lang)
    assert e["evidence"].get("named_in_passing") == "stance"


@pytest.mark.parametrize("text,lang", [
    ("قصفت الطائرات الحربية بلدة على أطراف المدينة.", "ar"),
    ("قتل ثلاثة مدنيين في انفجار عبوة ناسفة في السوق.", "ar"),
    ("Gunmen attacked a police checkpoint north of the city.", "en"),
])
def test_reported_attack_is_not_named_in_passing(text, lang):
    assert "named_in_passing" not in best(text, lang)["evidence"]


def test_cue_governs_only_the_next_event_word():
    """"بعد اعتقال" makes the arrest background, not the strike reported after it."""
    evs = assaults("بعد اعتقال أحد المشتبه بهم قصفت المدفعية مواقع المسلحين شرق البلدة.")
    assert [e["evidence"]["trigger"] for e in evs] == ["قصفت"]
    assert "named_in_passing" not in evs[0]["evidence"]
    evs = assaults("بعد الهجوم على الحاجز قصفت المدفعية مواقع المسلحين شرق البلدة.")
    assert evs[0]["evidence"]["trigger"] == "الهجوم"
    assert evs[0]["evidence"].get("named_in_passing") == "background"


def test_named_in_passing_lowers_confidence():
    reported = best("هاجم مسلحون القافلة الإنسانية على الطريق الساحلي.")
    condemned = best("أدانت وزارة الخارجية الهجوم على القافلة الإنسانية على الطريق الساحلي.")
    assert condemned["confidence"] < reported["confidence"] - 0.15


def test_day_of_the_incident_raises_confidence_without_a_resolved_date():
    plain = best("انفجرت سيارة مفخخة قرب مبنى البلدية.", published=None)
    dated = best("انفجرت سيارة مفخخة صباح أمس قرب مبنى البلدية.", published=None)
    assert dated["date"] is None
    assert dated["confidence"] > plain["confidence"]


def test_plural_and_definite_nouns_are_less_specific():
    one = best("وقع اعتداء على حاجز للشرطة في المدينة.")
    many = best("وقعت اعتداءات على حواجز للشرطة في المدينة.")
    told = best("وقع الاعتداء على حاجز للشرطة في المدينة.")
    assert many["confidence"] < one["confidence"]
    assert told["confidence"] < one["confidence"]


def test_numbered_toll_cancels_the_noun_penalty():
    told = best("وقع الاعتداء على حاجز للشرطة في المدينة.")
    counted = best("وقع الاعتداء على حاجز للشرطة في المدينة وقتل فيه 4 جنود.")
    assert counted["confidence"] > told["confidence"]


def test_attack_deep_in_a_long_sentence_is_less_specific():
    lead = best("قصفت الطائرات الحربية بلدة على أطراف المدينة.")
    deep = best("وقال المتحدث في مؤتمر صحافي عقده في العاصمة بعد اجتماع طويل مع ممثلي "
                "الأحزاب والنقابات والجمعيات الأهلية لبحث الأوضاع الاقتصادية والخدمات العامة "
                "إن الطائرات الحربية قصفت بلدة على أطراف المدينة.")
    assert deep["confidence"] < lead["confidence"]
