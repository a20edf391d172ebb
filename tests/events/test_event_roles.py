"""Who did what to whom: a reporting body is no author of the attack it reports, an army that
announces its own losses is their target, a counted nationality noun counts victims, Arabic
verb-subject-object order with an accusative object, and English canonical names.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.events.actors import load_supplement
from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def attacks(text: str) -> list[dict]:
    return [e.to_dict() for e in analyse(text, "ar", PUB)._.events if e.type == "ASSAULT"]


def only_attack(text: str) -> dict:
    found = attacks(text)
    assert len(found) == 1, found
    return found[0]


def casualties(event: dict) -> list[tuple]:
    return [(c["kind"], c["group"], c["min"], c["max"]) for c in event["casualties"]]


@pytest.mark.parametrize("text", [
    "قالت وزارة الخارجية الفرنسية إن القصف أصاب مستشفى في المدينة.",
    "أكدت وزارة الداخلية الأمريكية أن الهجوم استهدف حافلة في الضاحية.",
])
def test_a_reporting_ministry_is_no_author(text):
    event = only_attack(text)
    assert event["actor"] is None


def test_an_armed_speaker_is_no_author_when_the_report_names_its_own_subject():
    event = only_attack("قال الجيش العراقي إن مسلحين هاجموا حاجزا للشرطة قرب المدينة.")
    assert event["actor"] is not None
    assert event["actor"]["name"] == "fighters"
    event = only_attack("قالت الشرطة المصرية إن رجلا أطلق النار على حافلة في المدينة.")
    assert event["actor"] is None


def test_an_armed_speaker_whose_forces_act_stays_the_author():
    event = only_attack("قال الجيش التركي إن طائراته قصفت مواقع للمسلحين في الجبال.")
    assert event["actor"]["name"] == "Turkey"


def test_verb_subject_object_with_an_accusative_nationality_object():
    event = only_attack("قتل شرطي أردني سوريا قرب الحدود.")
    assert event["actor"] is not None and event["actor"]["country"] == "JO"
    assert casualties(event) == [("killed", "unknown", 1, 1)]
    assert event["target"]["text"] == "سوريا"


def test_an_army_announcing_its_own_losses_is_their_target():
    event = only_attack("أعلن الجيش البريطاني مقتل ثلاثة من جنوده في هجوم بعبوة ناسفة.")
    assert event["actor"] is None
    assert event["target"]["name"] == "United Kingdom" or event["target"]["country"] == "GB"


@pytest.mark.parametrize("text,want", [
    ("أصيب سبعة باكستانيين بجروح في انفجار سيارة مفخخة قرب السوق.",
     [("injured", "unknown", 7, 7)]),
    ("قتل لبنانيان في غارة جوية على قرية حدودية.", [("killed", "unknown", 2, 2)]),
    ("خطف مسلحون أربعة أفغان على الطريق السريع.", [("abducted", "unknown", 4, 4)]),
    ("قتل مسلحون ثلاثة جنود أمريكيين في كمين.", [("killed", "combatants", 3, 3)]),
])
def test_counted_nationality_nouns_are_victims(text, want):
    assert casualties(only_attack(text)) == want


def test_an_uncounted_nationality_adjective_is_no_victim():
    event = only_attack("قتل المسلحين العراقيين حارسا في هجوم ليلي.")
    assert all(c["text"] != "العراقيين" for c in event["casualties"])


def test_canonical_names_are_english():
    event = only_attack("قتل جنديان في انفجار عبوة ناسفة على الطريق.")
    assert event["target"]["name"].isascii()
    assert all(row["name"] is None or row["name"].isascii() for row in load_supplement())


def test_the_attacker_named_inside_the_attack_phrase_is_the_actor():
    event = only_attack("فجر انتحاري سيارة مفخخة أمام مطعم يرتاده رجال شرطة في المدينة.")
    assert event["actor"]["name"] == "suicide bomber"


def test_a_claim_of_responsibility_names_the_author_over_the_bomber():
    event = only_attack("فجر انتحاري حزاما ناسفا في سوق المدينة، وتبنت حركة الشباب الهجوم.")
    assert event["actor"]["name"] == "al-Shabaab"


def test_opening_fire_is_no_party():
    found = attacks("أفادت الشرطة بأن رجلا فتح النار ثم فجر عبوة كان يحملها قرب السوق.")
    assert found
    assert all(e["actor"] is None or "فتح" not in e["actor"]["text"] for e in found)


def test_the_object_after_a_verb_and_its_subject_is_the_target():
    event = only_attack("خطف مسلحون مهندسا أجنبيا قرب الحقل النفطي.")
    assert event["actor"]["name"] == "fighters"
    assert event["target"] is not None and "مهندسا" in event["target"]["text"]


def test_the_actor_is_not_its_own_victim():
    event = only_attack("خطف مسلحون قبل ثلاثة أيام، عددا من الموظفين في المدينة.")
    assert event["actor"]["name"] == "fighters"
    assert event["target"] is None or event["target"]["text"] != "مسلحون"


def test_a_counted_nationality_noun_is_the_crowd_of_a_protest():
    found = [e.to_dict() for e in analyse("تظاهر مئات الأردنيين أمام مقر البرلمان احتجاجا على "
                                          "رفع الأسعار.", "ar", PUB)._.events
             if e.type == "PROTEST"]
    assert found
    assert found[0]["actor"] is not None
    assert found[0]["actor"]["country"] == "JO" and found[0]["actor"]["sector"] == "CVL"
