"""What the words around an event say about it: a denial's content is the denied event, attacks
of a kind are background, an object phrase ends before a time word, suspects are no civilians.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse
from tests.events.helpers import actor_names

PUB = date(2020, 3, 10)


def events(text: str, lang: str) -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, PUB)._.events]


def assaults(text: str, lang: str) -> list[dict]:
    return [e for e in events(text, lang) if e["type"] == "ASSAULT"]


# ------------------------------------------------------------------ a denial and its content
@pytest.mark.parametrize("text,lang", [
    ("نفت وزارة الدفاع الروسية أن تكون طائراتها قد نفذت أي غارات في المنطقة.", "ar"),
    (("The Russian defence ministry denied that its aircraft had carried out any strikes in the "
      "area."), "en"),
])
def test_a_denied_attack_is_one_denied_event(text, lang):
    (e,) = assaults(text, lang)
    assert (e["mode"], e["modality"]) == ("aerial", "denied")
    assert actor_names(e["actor"]) == ["Russia"]


def test_denied_verb_and_its_object_are_one_event():
    (e,) = assaults("نفى الجيش أن تكون قواته قد شنت أي غارات على القرية.", "ar")
    assert e["modality"] == "denied"
    assert {m["text"] for m in e["evidence"]["mentions"]} == {"شنت", "غارات"}


@pytest.mark.parametrize("text,lang", [
    ("لم تنفذ الطائرات أي غارات في المنطقة.", "ar"),
    ("لم يسجل أي هجوم في المدينة.", "ar"),
    ("The army did not launch any attacks on the town.", "en"),
])
def test_any_under_a_negation_is_negated(text, lang):
    assert [e["modality"] for e in assaults(text, lang)] == ["negated"]


@pytest.mark.parametrize("text,lang", [
    ("حذر الجيش من أي هجوم على المدينة.", "ar"),
    ("The ministry warned against any attack on the port.", "en"),
])
def test_any_without_a_denial_stays_hypothetical(text, lang):
    assert [e["modality"] for e in assaults(text, lang)] == ["hypothetical"]


# ------------------------------------------------------------------ attacks of a kind
@pytest.mark.parametrize("text,lang", [
    (("No group immediately claimed responsibility for the attack, but Islamic State militants "
      "have carried out similar bombings in the area."), "en"),
    ("لم تتبن أي جهة المسؤولية عن الهجوم، لكن تنظيم داعش نفذ هجمات مماثلة في المنطقة.", "ar"),
    ("لم تعلن أي جهة مسؤوليتها عن التفجير، وسبق أن نفذ تنظيم داعش هجمات في المنطقة.", "ar"),
])
def test_similar_attacks_are_background_and_name_no_claimant(text, lang):
    evs = assaults(text, lang)
    background = [e for e in evs if e["modality"] == "historical"]
    assert [actor_names(e["actor"]) for e in background] == [["ISIS"]]
    reported = [e for e in evs if e["modality"] == "asserted"]
    assert len(reported) == 1
    assert reported[0]["actor"] is None


@pytest.mark.parametrize("text,lang", [
    ("وشهدت المدينة اعتداءات مماثلة خلال العام الماضي.", "ar"),
    ("نفذ مسلحون عمليات مشابهة وهجمات مشابهة في الريف.", "ar"),
    ("Militants have carried out similar attacks in the province.", "en"),
    ("شن التحالف غارات مماثلة على المدينة.", "ar"),
])
def test_attacks_of_a_kind_are_historical(text, lang):
    evs = assaults(text, lang)
    assert evs and all(e["modality"] == "historical" for e in evs)


@pytest.mark.parametrize("text,lang", [
    ("وقتل شخصان في هجوم مماثل على سوق المدينة أمس.", "ar"),
    ("A similar attack killed two people in the city on Monday.", "en"),
])
def test_a_single_similar_attack_is_still_reported(text, lang):
    assert [e["modality"] for e in assaults(text, lang)] == ["asserted"]


@pytest.mark.parametrize("text,lang", [
    ("Gunmen attacked a checkpoint, but the army said the situation was calm.", "en"),
    ("Gunmen attacked a checkpoint, but they were repelled by the army.", "en"),
    ("هاجم مسلحون حاجزا، لكن الجيش قال إن الوضع هادئ.", "ar"),
])
def test_a_party_after_but_is_no_party_of_the_event_before(text, lang):
    (e,) = assaults(text, lang)
    assert actor_names(e["actor"]) == ["fighters"]
    assert "forces" not in actor_names(e["target"])


@pytest.mark.parametrize("text,lang", [
    ("NATO said it was studying its role, but it does not intend to impose a naval blockade.",
     "en"),
    ("قال حلف شمال الأطلسي إنه يدرس دوره، لكنه لا ينوي فرض حصار بحري.", "ar"),
])
def test_but_with_a_pronoun_goes_on_with_the_subject_before(text, lang):
    (e,) = [e for e in events(text, lang) if e["mode"] == "restrict"]
    assert actor_names(e["actor"]) == ["NATO"]


# ------------------------------------------------------------------ where a target phrase ends
@pytest.mark.parametrize("text,lang,target", [
    ("غارات للتحالف على صنعاء الآن", "ar", "صنعاء"),
    ("هجوم مسلح على حافلة ركاب صباحا", "ar", "حافلة ركاب"),
    ("هجوم مسلح على حافلة ركاب ليلة أمس", "ar", "حافلة ركاب"),
    ("Gunmen opened fire on a bus now.", "en", "a bus"),
    ("Gunmen opened fire on a bus overnight.", "en", "a bus"),
    ("Gunmen opened fire on a bus today.", "en", "a bus"),
    ("Gunmen opened fire on a bus March 3.", "en", "a bus"),
])
def test_a_target_phrase_stops_before_a_time_word(text, lang, target):
    (e,) = assaults(text, lang)
    assert e["target"]["phrase"] is True
    assert e["target"]["text"] == target


# ------------------------------------------------------------------ suspects
@pytest.mark.parametrize("text,lang", [
    ("اعتقلت قوات الأمن خمسة أشخاص يشتبه بانتمائهم إلى تنظيم داعش.", "ar"),
    ("اعتقلت الشرطة ثلاثة مواطنين بتهمة الانتماء إلى تنظيم داعش.", "ar"),
    ("Security forces arrested five people suspected of belonging to ISIS.", "en"),
])
def test_suspects_arrested_are_no_civilians(text, lang):
    (e,) = [e for e in events(text, lang) if e["type"] == "COERCE"]
    assert e["modality"] == "asserted"
    assert actor_names(e["actor"]) == ["police"]
    assert e["target"] is not None and e["target"]["sector"] is None
    assert e["target"]["name"] == "people"


@pytest.mark.parametrize("text,lang", [
    ("اعتقلت قوات الأمن خمسة أشخاص في المدينة.", "ar"),
    ("Security forces arrested five people in the city.", "en"),
])
def test_people_arrested_without_suspicion_stay_civilians(text, lang):
    (e,) = [e for e in events(text, lang) if e["type"] == "COERCE"]
    assert e["target"]["sector"] == "CVL"


# ------------------------------------------------------------------ a claim not made
@pytest.mark.parametrize("text,lang", [
    ("انفجرت عبوة ناسفة في سوق بمدينة كركوك. ولم يتبن تنظيم داعش الهجوم.", "ar"),
    ("انفجرت عبوة ناسفة في سوق بمدينة كركوك. ولم تتبن جبهة النصرة التفجير حتى الآن.", "ar"),
    ("A bomb exploded at a market in Kirkuk. ISIS did not claim responsibility for the attack.",
     "en"),
    ("A bomb exploded at a market in Kirkuk. The Taliban have not claimed the bombing.", "en"),
])
def test_who_did_not_claim_an_attack_is_no_actor(text, lang):
    found = assaults(text, lang)
    assert found
    assert all(e["actor"] is None for e in found)


@pytest.mark.parametrize("text,lang,actor", [
    ("انفجرت عبوة ناسفة في سوق بمدينة كركوك. وتبنى تنظيم داعش الهجوم.", "ar", "ISIS"),
    ("A bomb exploded at a market in Kirkuk. ISIS claimed responsibility for the attack.", "en",
     "ISIS"),
])
def test_who_claims_an_attack_stays_its_actor(text, lang, actor):
    assert actor in [name for e in assaults(text, lang) for name in actor_names(e["actor"])]
