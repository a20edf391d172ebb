"""Who acted and who was acted upon: clause subjects, plural verbs, "تعرض لـ", victims and the
group they belong to, adjectives that are no actor, and verbs far from their object.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def assaults(text: str) -> list[dict]:
    return [e.to_dict() for e in analyse(text, "ar", PUB)._.events
            if e.type == "ASSAULT" and e.modality == "asserted"]


def text_of(arg: dict | None) -> str | None:
    return arg["text"] if arg else None


@pytest.mark.parametrize("text", [
    "أصيب جنديان في انفجار عند حاجز عسكري قرب المدينة.",
    "وفجر انتحاري نفسه أمام مصنع عسكري شمال البلاد.",
])
def test_military_as_an_adjective_is_no_actor(text):
    for e in assaults(text):
        assert "عسكري" not in (text_of(e["actor"]) or "")


def test_counted_volunteers_and_their_army_are_the_target():
    (e,) = assaults("وقتل 28 متطوعا في الجيش في هجوم انتحاري شرق المدينة.")
    assert e["actor"] is None
    assert text_of(e["target"]) == "الجيش"
    assert [(c["kind"], c["group"], c["min"]) for c in e["casualties"]] == [
        ("killed", "combatants", 28)]


def test_the_army_uncounted_victims_belong_to_is_no_actor():
    (e,) = assaults("وقتل في الانفجار عدد من المتطوعين للجيش قرب المعسكر.")
    assert e["actor"] is None
    assert text_of(e["target"]) == "للجيش"


@pytest.mark.parametrize("text", [
    "وقال بيان إن القوات الأمريكية تعرضت لهجوم في المدينة مساء الخميس.",
    "وتعرضت القوات الأمريكية لهجوم في المدينة مساء الخميس.",
])
def test_who_undergoes_an_attack_is_its_target(text):
    (e,) = assaults(text)
    assert e["actor"] is None
    assert e["target"]["name"] == "United States"


def test_a_plural_verb_takes_its_subject_before_it():
    (e,) = assaults("وقال مصدر إن مسلحين مجهولين اغتالوا ضابطا في الشرطة وسط المدينة.")
    assert text_of(e["actor"]) == "مسلحين مجهولين"


def test_the_subject_after_anna_is_the_actor():
    (e,) = assaults("قالت الوزارة إن قوات أجنبية قتلت تسعة جنود في ضربة جوية.")
    assert text_of(e["actor"]) == "قوات"
    assert text_of(e["target"]) == "جنود"


def test_a_noun_before_a_counted_toll_is_who_killed():
    (e,) = assaults("وقتل مهاجم انتحاري 47 شخصا في هجوم على سوق في المدينة.")
    assert text_of(e["actor"]) == "مهاجم انتحاري"
    assert [(c["group"], c["min"]) for c in e["casualties"]] == [("unknown", 47)]


def test_victims_joined_by_and_are_all_victims():
    (e,) = assaults("وقتل جندي و5 مدنيين في القصف على القرية.")
    assert e["actor"] is None
    assert [(c["group"], c["min"]) for c in e["casualties"]] == [
        ("combatants", 1), ("civilians", 5)]


def test_a_subject_lets_the_verb_reach_its_object_further_on():
    (e,) = assaults("وأطلقت القوات الإسرائيلية المتمركزة شرق القطاع صاروخا على مدرسة.")
    assert e["evidence"]["trigger"] == "وأطلقت"
    assert e["mode"] == "heavy-weapons"
    assert e["actor"]["name"] == "Israel"


def test_a_purpose_clause_stops_the_reach_of_the_verb():
    assert not assaults("أطلقت الحكومة حملة وطنية لجمع التبرعات لشراء صواريخ جديدة.")


def test_the_verbal_noun_of_a_split_phrase_is_an_attack():
    (e,) = assaults("وشهدت المنطقة أمس حادثا تمثل بإطلاق ثلاثة صواريخ على بلدة حدودية.")
    assert e["evidence"]["trigger"] == "بإطلاق"
    assert e["mode"] == "heavy-weapons"


def test_a_nationality_adjective_of_the_attack_is_its_actor_not_its_target():
    (e,) = assaults("قتل ثلاثة مدنيين في القصف المدفعي التركي على القرية.")
    assert e["actor"]["name"] == "Turkey"
    assert text_of(e["target"]) == "مدنيين"


def test_a_nationality_adjective_of_another_noun_is_no_actor():
    evs = [e.to_dict() for e in analyse("ورفع المتظاهرون الأعلام التركية أمام السفارة.", "ar",
                                        PUB)._.events]
    assert all("التركية" not in (text_of(e["actor"]) or "") + (text_of(e["target"]) or "")
               for e in evs)


def test_one_mention_is_not_both_actor_and_target():
    (e,) = assaults("استهداف قادة تنظيم داعش في غارة قرب الحدود.")
    assert text_of(e["target"]) == "تنظيم داعش"
    assert e["actor"] is None


@pytest.mark.parametrize("text,lang,actor", [
    ("قال الجيش السوري إن قواته قصفت مواقع المسلحين.", "ar", "Syria"),
    ("وأكدت تركيا أن جنودها قتلوا خمسة مسلحين.", "ar", "Turkey"),
    ("قال التحالف إن طائراته قصفت مواقع التنظيم.", "ar", "International coalition"),
    ("أعلن تنظيم داعش مسؤوليته عن الهجوم. وقال إن مقاتليه قتلوا عشرة جنود.", "ar", "ISIS"),
    ("Russia said its warplanes struck rebel positions.", "en", "Russia"),
    ("Turkey said its troops killed five militants.", "en", "Turkey"),
])
def test_its_forces_are_the_forces_of_the_state_or_group_named_before(text, lang, actor):
    events = [e.to_dict() for e in analyse(text, lang, PUB)._.events
              if e.type == "ASSAULT" and e.evidence["trigger"] not in ("الهجوم",)]
    assert [e["actor"]["name"] for e in events] == [actor]


def test_its_forces_with_no_state_named_before_stay_unnamed_forces():
    (e,) = [e.to_dict() for e in analyse("قال المتحدث إن قواته سيطرت على البلدة وقصفت مواقع.",
                                         "ar", PUB)._.events if e.type == "ASSAULT"]
    assert e["actor"]["name"] == "forces"


@pytest.mark.parametrize("text", [
    "قال المتحدث باسم الحكومة إن الهجوم أسفر عن مقتل ثلاثة مدنيين.",
    "أكدت الحكومة العراقية أن الانفجار أودى بحياة خمسة أشخاص.",
])
def test_a_government_reporting_an_attack_is_not_its_author(text):
    (e,) = assaults(text)
    assert e["actor"] is None


def test_an_armed_speaker_may_still_be_the_author():
    (e,) = assaults("ذكر التحالف في بيانه أن الضربات الجوية استهدفت مواقع التنظيم.")
    assert e["actor"] is not None and e["actor"]["name"] == "International coalition"


# ---------------------------------------------------------------------------------------------
# Arabic argument structure: passives, pronoun subjects, agents, objects after a date


@pytest.mark.parametrize("text,victims", [
    ("رئيسة الوزراء السابقة قتلت في هجوم انتحاري في المدينة أمس.", "رئيسة"),
    ("وقال مسؤولون إن أربعة من حراس الأمن قتلوا في هجوم قرب الحدود.", "حراس"),
    ("وزار الوفد قبر رئيس الوزراء السابق الذي اغتيل في هجوم بالقنابل.", "رئيس الوزراء"),
])
def test_a_casualty_verb_before_an_attack_word_is_passive(text, victims):
    events = [e for e in assaults(text) if e["evidence"]["trigger"] not in ("هجوم",)]
    (e,) = events
    assert e["actor"] is None
    assert victims in text_of(e["target"])


def test_an_active_casualty_verb_keeps_its_subject():
    (e,) = assaults("المسلحون قتلوا خمسة جنود في المدينة.")
    assert text_of(e["actor"]) == "المسلحون"


@pytest.mark.parametrize("text,lang,actor,target", [
    ("وقال حلف شمال الأطلسي إنه قتل عددا من قادة طالبان في غارات.", "ar", "NATO", "طالبان"),
    ("وأعلن الجيش السوري أنه قصف مواقع للتنظيم قرب المدينة.", "ar", "Syria", None),
    ("NATO said it killed ten Taliban fighters in the province.", "en", "NATO", None),
])
def test_a_pronoun_subject_stands_for_the_speaker(text, lang, actor, target):
    events = [e.to_dict() for e in analyse(text, lang, PUB)._.events
              if e.type == "ASSAULT" and e.evidence["trigger"] not in ("غارات",)]
    (e,) = events
    assert e["actor"]["name"] == actor
    if target:
        assert target in text_of(e["target"])


def test_without_the_pronoun_the_speaker_is_not_the_author():
    (e,) = assaults("وقال الجيش إن مسلحين قتلوا خمسة جنود.")
    assert text_of(e["actor"]) == "مسلحين"


@pytest.mark.parametrize("text,lang,actor", [
    ("وقال مسؤول إن خمسة أشخاص خطفوا على أيدي رجال مسلحين في المدينة.", "ar", "مسلحين"),
    ("Two soldiers were killed by several gunmen near the border.", "en", "gunmen"),
])
def test_an_agent_marker_reaches_past_a_head_word(text, lang, actor):
    (e,) = [e.to_dict() for e in analyse(text, lang, PUB)._.events if e.type == "ASSAULT"]
    assert text_of(e["actor"]) == actor
    assert all(actor not in c["text"] for c in e["casualties"])


def test_an_agent_of_an_event_told_before_a_comma_is_not_the_protesters():
    events = [e.to_dict() for e in analyse(
        "تعرض الكاتب للاعتداء من قبل أفراد الشرطة، وقام المتظاهرون بحمايته.", "ar", PUB
    )._.events if e.type == "PROTEST"]
    assert [text_of(e["actor"]) for e in events] == ["المتظاهرون"]


def test_victims_named_as_part_of_a_count_do_not_replace_it():
    (e,) = assaults("وقال مسؤول إن 22 مدنيا بينهم نساء وأطفال قتلوا في غارة جوية.")
    assert e["actor"] is None
    assert "مدنيا" in text_of(e["target"])
