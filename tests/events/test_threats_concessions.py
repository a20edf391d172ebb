"""English threats, concessions and retreats as PLOVER codes them: announced or conditional
coercion is THREATEN, a curfew lifted or a strike called off is CONCEDE, a resignation is
RETREAT. Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def types(text: str, lang: str = "en") -> list[tuple[str, str | None]]:
    return [(e.type, e.mode) for e in analyse(text, lang, PUB)._.events]


@pytest.mark.parametrize("text,mode", [
    ("The government will withdraw its troops from the region unless the rebels agree.", None),
    ("The rebels said they would attack the town if the army did not leave.", "violence"),
    ("The union said it would boycott the talks with the ministry.", "restrict"),
    ("The governor announced that he will extend the curfew in the city.", "restrict"),
    ("The navy said it would tighten the blockade of the port.", "restrict"),
    ("The authorities plan to impose restrictions on travel to the region.", "restrict"),
    ("Police will arrest anyone who joins the march.", "arrest"),
    ("The rebels have sworn to fight until they control the valley.", "violence"),
    ("The rebels vowed to fight the army in the north.", "violence"),
])
def test_announced_or_conditional_coercion_is_a_threat(text, mode):
    assert ("THREATEN", mode) in types(text)
    assert not {t for t, _ in types(text)} & {"COERCE", "RETREAT", "PROTEST"}


@pytest.mark.parametrize("text,kind", [
    ("The army imposed a curfew on the city on Monday.", "COERCE"),
    ("The government withdrew its troops from the region.", "RETREAT"),
    ("The union boycotted the talks with the ministry.", "PROTEST"),
])
def test_the_act_itself_is_no_threat(text, kind):
    assert kind in {t for t, _ in types(text)}
    assert "THREATEN" not in {t for t, _ in types(text)}


@pytest.mark.parametrize("text,lang", [
    ("The authorities lifted a night curfew in the province on Sunday.", "en"),
    ("The president shortened by one hour the nightly curfew in the capital.", "en"),
    ("The teachers union said it has called off a four-day strike.", "en"),
    ("The army ended the state of emergency in the north.", "en"),
    ("رفعت السلطات حظر التجول في المدينة.", "ar"),
    ("علق المعلمون إضرابهم أمس بعد الاتفاق مع الوزارة.", "ar"),
])
def test_a_curfew_lifted_or_a_strike_called_off_is_a_concession(text, lang):
    assert [t for t, _ in types(text, lang)] == ["CONCEDE"]


def test_a_resignation_is_a_retreat():
    assert "RETREAT" in {t for t, _ in types("The prime minister will resign next week.")}
