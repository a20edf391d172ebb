"""Actor readings an analyst would reject: weapons and common words of the converted
UniversalPetrarch dictionary as actors, students as children, a progressive read as a passive;
and attacks told as background ("وكان ... قد") or as a habit ("often", "باستمرار").

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.events.actors import ActorLexicon, load_supplement
from marsad.events.lexicon import load_data
from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def events(text: str, lang: str, type_: str = "ASSAULT") -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, PUB)._.events if e.type == type_]


def actor_name(event: dict) -> str | None:
    return (event.get("actor") or {}).get("name")


def test_no_rejected_entry_is_in_the_converted_supplement():
    rejected = load_data("actors_upetrarch_rejected.yaml")
    heads = {w for words in rejected["heads"].values() for w in words}
    phrases = {w for words in rejected["phrases"].values() for w in words}
    for entry in load_supplement():
        alias = entry["ar"][0]
        assert alias not in phrases and alias.split(" ", 1)[0] not in heads, alias


@pytest.mark.parametrize("word", ["قنبلة", "صاروخ", "بندقية", "بري", "صدر", "عون", "نيسان"])
def test_weapons_and_common_words_name_no_actor(word):
    assert ActorLexicon.default().lookup(word, "ar") == []


@pytest.mark.parametrize("text", [
    "انفجرت قنبلة في سوق المدينة صباح اليوم.",
    "سقط صاروخ على حي سكني في المدينة.",
])
def test_the_weapon_of_an_attack_is_not_its_actor(text):
    found = events(text, "ar")
    assert found and all(e.get("actor") is None for e in found)


def test_a_tank_with_a_nationality_stands_for_the_state_forces():
    found = events("وأطلقت دبابة إسرائيلية قذيفة على تجمع للمواطنين قرب البلدة.", "ar")
    assert [actor_name(e) for e in found] == ["Israel"]


@pytest.mark.parametrize("text,lang", [
    ("Students protested outside the ministry on Monday.", "en"),
    ("تظاهر طلاب الجامعة أمام مبنى الوزارة.", "ar"),
    ("نظم الطلبة اعتصاما أمام مبنى الجامعة.", "ar"),
])
def test_students_are_students_not_children(text, lang):
    found = events(text, lang, "PROTEST")
    assert found and actor_name(found[0]) == "students"


def test_pupils_are_children():
    found = events("Pupils protested outside the school on Monday.", "en", "PROTEST")
    assert found and actor_name(found[0]) == "children"


def test_killed_students_are_civilians_not_children():
    found = events("Gunmen killed two students near the university on Monday.", "en")
    assert [c["group"] for c in found[0]["casualties"]] == ["civilians"]


@pytest.mark.parametrize("text,actor", [
    ("Gunmen were firing on the convoy near the town.", "fighters"),
    ("Soldiers were shelling the village on Tuesday.", "forces"),
    ("The convoy was attacked by gunmen near the town.", "fighters"),
])
def test_a_progressive_is_no_passive(text, actor):
    found = events(text, "en")
    assert found and actor_name(found[0]) == actor


@pytest.mark.parametrize("text,modality", [
    ("وكان مسلحون قد هاجموا حاجزا للشرطة في المدينة.", "historical"),
    ("وكانت طائرات التحالف قد قصفت المدينة الأسبوع الماضي.", "historical"),
    ("كانت الطائرات تقصف المدينة عندما وصل الوفد.", "asserted"),
    ("وكان شهود قد ذكروا أن هجوما استهدف حاجزا في المدينة.", "asserted"),
    ("وكان مسلحون قد هاجموا حاجزا للشرطة في المدينة أمس.", "asserted"),
])
def test_kana_qad_tells_what_happened_before(text, modality):
    found = events(text, "ar")
    assert found and found[0]["modality"] == modality


@pytest.mark.parametrize("text,lang,modality", [
    ("ISIS often attacks the city.", "en", "historical"),
    ("Militants regularly attack the checkpoints.", "en", "historical"),
    ("يستهدف التنظيم المدينة باستمرار.", "ar", "historical"),
    ("غالبا ما يقصف الجيش القرى الحدودية.", "ar", "historical"),
    ("ISIS attacked the city on Monday.", "en", "asserted"),
])
def test_a_habit_is_no_specific_attack(text, lang, modality):
    found = events(text, lang)
    assert found and found[0]["modality"] == modality


@pytest.mark.parametrize("text", [
    "وكانت رئيسة الوزراء السابقة قد قتلت في هجوم انتحاري في المدينة.",
    "وكانت الطفلة قد قتلت في غارة جوية على الحي.",
])
def test_a_casualty_verb_told_before_and_its_cause_are_one_background_event(text):
    events = [e for e in analyse(text, "ar", PUB)._.events if e.type == "ASSAULT"]
    assert [e.modality for e in events] == ["historical"]


@pytest.mark.parametrize("text", [
    "قتل ثلاثة جنود في انفجار عبوة ناسفة قرب القاعدة.",
    "سقطت قذائف داخل القاعدة مساء أمس.",
])
def test_a_base_named_by_a_spatial_word_is_not_al_qaeda(text):
    events = [e.to_dict() for e in analyse(text, "ar", PUB)._.events]
    assert events
    assert all(e["actor"] is None or "القاعدة" not in e["actor"]["text"] for e in events)


@pytest.mark.parametrize("text,modality", [
    ("وكان الصحفي قد اغتيل قرب منزله.", "historical"),
    ("قال مصدر في الشرطة إن المحامي قد اعتقل مساء أمس.", "asserted"),
    ("وقد قطع المتظاهرون الطريق أمس.", "asserted"),
    ("قد يهاجم المسلحون القرية.", "hypothetical"),
])
def test_qad_before_a_passive_past_verb_is_no_may(text, modality):
    found = [e for e in analyse(text, "ar", PUB)._.events]
    assert found and found[0].modality == modality


@pytest.mark.parametrize("text", [
    "وكان ثلاثة جنود قد قتلوا في انفجار عبوة ناسفة.",
    "وكان قد قتل ثلاثة جنود في انفجار عبوة ناسفة.",
    "وكان ثلاثة جنود قد قتلوا وأصيب خمسة آخرون في انفجار عبوة ناسفة.",
    "وكان الصحفي قد اغتيل في هجوم مسلح قرب منزله.",
])
def test_killed_told_before_is_one_background_event_whose_victims_act_not(text):
    found = events(text, "ar")
    assert [e["modality"] for e in found] == ["historical"]
    assert found[0].get("actor") is None


@pytest.mark.parametrize("text,lang,state", [
    ("سقط صاروخ إسرائيلي على السيارة قرب المعبر.", "ar", "Israel"),
    ("وأطلقت قذيفة مدفعية تركية على القرية.", "ar", "Turkey"),
    ("وقصفت طائرة روسية البلدة.", "ar", "Russia"),
    ("An Israeli missile struck the car near the crossing.", "en", "Israel"),
])
def test_a_weapon_with_a_nationality_stands_for_the_state(text, lang, state):
    assert [actor_name(e) for e in events(text, lang)] == [state]


@pytest.mark.parametrize("text", [
    "تظاهر المتظاهرون أمام مبنى البلدية. وأصابت قذيفة منزلا في الحي وقتلت امرأة.",
    "تظاهر المتظاهرون أمام مبنى البلدية. وأصاب صاروخ إسرائيلي السيارة وقتل ركابها.",
])
def test_a_weapon_in_its_own_sentence_keeps_the_last_actor_from_carrying_over(text):
    found = events(text, "ar")
    assert found and all(actor_name(e) != "protesters" for e in found)
