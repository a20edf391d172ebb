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


# ------------------------------------------------------------------ a fallback actor across "but"
@pytest.mark.parametrize("text,lang", [
    ("A bomb exploded near a market in the city on Monday, but ISIS has not claimed it.", "en"),
    (("A bomb exploded near a market in the city on Monday, but ISIS said that its fighters were "
      "not involved."), "en"),
    ("انفجرت عبوة ناسفة قرب سوق في المدينة يوم الاثنين، لكن تنظيم داعش لم يتبن التفجير.", "ar"),
])
def test_a_speaker_after_but_is_no_actor_of_the_event_before(text, lang):
    (e,) = assaults(text, lang)
    assert e["modality"] == "asserted"
    assert e["actor"] is None
    assert "ISIS" not in [a["name"] for a in e["attribution"]]


# ------------------------------------------------------------------ a claim not made, in parts
@pytest.mark.parametrize("text,lang", [
    ("انفجرت عبوة ناسفة في سوق بمدينة كركوك. ولم يعلن تنظيم داعش مسؤوليته عن الهجوم.", "ar"),
    ("انفجرت عبوة ناسفة في سوق بمدينة كركوك. ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن.", "ar"),
    ("A bomb exploded at a market in Kirkuk. No group has claimed responsibility for the attack.",
     "en"),
    ("A bomb exploded at a market in Kirkuk. No one has claimed the bombing.", "en"),
])
def test_a_claim_not_made_names_no_actor_and_no_new_event(text, lang):
    (e,) = assaults(text, lang)
    assert (e["mode"], e["modality"]) == ("explosives", "asserted")
    assert e["actor"] is None
    assert e["attribution"] == []


# ------------------------------------------------------------------ a claim in the next sentence
@pytest.mark.parametrize("text,lang,actor", [
    (("Two civilians were killed in a car bomb in Kirkuk on Sunday. ISIS claimed responsibility "
      "for the attack."), "en", "ISIS"),
    ("Two civilians were killed in a car bomb in Kirkuk on Sunday. The Taliban claimed the attack.",
     "en", "Taliban"),
    ("قتل مدنيان في تفجير سيارة مفخخة في كركوك يوم الأحد. وتبنى تنظيم داعش الهجوم.", "ar", "ISIS"),
    ("قتل مدنيان في تفجير سيارة مفخخة في كركوك يوم الأحد. وأعلن تنظيم داعش مسؤوليته عن الهجوم.",
     "ar", "ISIS"),
])
def test_a_claim_told_after_an_attack_gives_it_its_actor(text, lang, actor):
    (e,) = assaults(text, lang)
    assert (e["mode"], e["modality"]) == ("explosives", "asserted")
    assert actor_names(e["actor"]) == [actor]
    assert actor_names(e["target"]) == ["civilians"]
    assert [(a["name"], a["role"]) for a in e["attribution"]] == [(actor, "speaker")]


@pytest.mark.parametrize("text,lang", [
    (("Two civilians were killed in a car bomb in Kirkuk on Sunday. ISIS later claimed "
      "responsibility."), "en"),
    ("قتل مدنيان في تفجير سيارة مفخخة في كركوك يوم الأحد. وأعلن تنظيم داعش مسؤوليته في بيان.",
     "ar"),
])
def test_a_claim_naming_no_attack_gives_the_attack_before_its_actor(text, lang):
    (e,) = events(text, lang)
    assert actor_names(e["actor"]) == ["ISIS"]
    assert [(a["name"], a["role"]) for a in e["attribution"]] == [("ISIS", "speaker")]


@pytest.mark.parametrize("text,lang", [
    ("A bomb exploded at a market in Kirkuk. ISIS has carried out attacks in the city before.",
     "en"),
    ("Two civilians were killed in a car bomb in Kirkuk on Sunday. ISIS did not claim it.", "en"),
])
def test_no_claim_no_claimant(text, lang):
    assert assaults(text, lang)[0]["actor"] is None


@pytest.mark.parametrize("text,lang", [
    (("Two civilians were killed in a car bomb in Kirkuk on Sunday. The government condemned "
      "the attack."), "en"),
    ("قتل مدنيان في تفجير سيارة مفخخة في كركوك يوم الأحد. وأدانت الحكومة الهجوم.", "ar"),
])
def test_who_condemns_an_attack_told_before_is_no_actor_of_it(text, lang):
    (e,) = assaults(text, lang)
    assert e["actor"] is None
    assert [x["type"] for x in events(text, lang)] == ["ASSAULT", "ACCUSE"]


# ------------------------------------------------------------------ firearms
@pytest.mark.parametrize("text,lang,target", [
    ("Gunmen fired on a school bus yesterday.", "en", "a school bus"),
    ("Unknown gunmen fired on a school bus near the town.", "en", "a school bus"),
    ("أطلق مسلحون النار على حافلة مدرسية أمس.", "ar", "حافلة مدرسية"),
    ("فتح مسلحون مجهولون النار على حافلة مدرسية.", "ar", "حافلة مدرسية"),
])
def test_gunmen_firing_on_a_bus_is_a_firearms_assault_on_the_bus(text, lang, target):
    (e,) = assaults(text, lang)
    assert (e["mode"], e["modality"]) == ("firearms", "asserted")
    assert actor_names(e["actor"]) == ["fighters"]
    assert e["target"]["text"] == target


def test_fired_at_takes_the_mode_of_the_weapon():
    (e,) = assaults("Gunmen fired at a police patrol in the city.", "en")
    assert e["mode"] == "firearms"
    assert actor_names(e["target"]) == ["police"]
    (e,) = assaults("Two rockets were fired at the town on Monday.", "en")
    assert e["mode"] == "heavy-weapons"


# ------------------------------------------------------------------ the actor's noun is no target
@pytest.mark.parametrize("text", [
    "شنت طائرات التحالف غارات على مدينة الرقة.",
    "نفذت طائرات التحالف غارات على مواقع التنظيم في المدينة.",
])
def test_the_noun_of_the_actor_is_no_target(text):
    (e,) = assaults(text, "ar")
    assert actor_names(e["actor"]) == ["International coalition"]
    assert "forces" not in actor_names(e["target"])
    assert e["target"] is not None


# ------------------------------------------------------------------ protests
@pytest.mark.parametrize("text,lang", [
    ("تظاهر مئات أمام السفارة الأمريكية في عمان.", "ar"),
    ("احتج العشرات قبالة السفارة الأمريكية في عمان.", "ar"),
    ("Hundreds protested outside the US embassy in Amman.", "en"),
])
def test_where_protesters_gather_is_no_actor(text, lang):
    (e,) = [e for e in events(text, lang) if e["type"] == "PROTEST"]
    assert "United States" not in actor_names(e["actor"])
    assert actor_names(e["target"]) == ["United States"]


@pytest.mark.parametrize("text,lang", [
    ("تظاهر مئات في عمان تنديدا بقرار الرئيس الأمريكي.", "ar"),
    ("خرج المئات في مسيرة في عمان للتنديد بقرار الرئيس الأمريكي.", "ar"),
    ("Hundreds protested in Amman in condemnation of the US decision.", "en"),
])
def test_what_a_protest_condemns_is_its_target_not_an_event(text, lang):
    assert [e["type"] for e in events(text, lang)] == ["PROTEST"]
    (e,) = events(text, lang)
    assert actor_names(e["target"]) == ["United States"]


# ------------------------------------------------------------------ background actors stay behind
@pytest.mark.parametrize("text,lang", [
    ("ISIS has carried out similar attacks in the area. A bomb exploded in the market on Monday.",
     "en"),
    ("نفذ تنظيم داعش هجمات مماثلة في المنطقة. وانفجرت عبوة ناسفة في السوق يوم الاثنين.", "ar"),
    ("In 2014, ISIS attacked the city. A bomb exploded in the market on Monday.", "en"),
    ("وكان تنظيم داعش قد هاجم المدينة عام 2014. وانفجرت عبوة ناسفة في السوق يوم الاثنين.", "ar"),
])
def test_the_actor_of_a_past_event_does_not_carry_over(text, lang):
    last = assaults(text, lang)[-1]
    assert last["mode"] == "explosives"
    assert last["actor"] is None


@pytest.mark.parametrize("text,lang", [
    ("ISIS attacked the city on Monday. A bomb exploded in the market on Monday.", "en"),
    ("هاجم تنظيم داعش المدينة يوم الاثنين. وانفجرت عبوة ناسفة في السوق يوم الاثنين.", "ar"),
])
def test_the_actor_of_an_event_of_the_same_day_still_carries_over(text, lang):
    assert actor_names(assaults(text, lang)[-1]["actor"]) == ["ISIS"]
