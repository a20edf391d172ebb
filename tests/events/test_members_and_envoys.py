"""Arrests told by a defective verb, member nouns (عنصر، شرطي، جندي), strikers and workers who
protest, and a summoned ambassador's state as the target.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

from .helpers import actor_names, actor_sectors

PUB = date(2017, 11, 30)


def events(text: str, type_: str, lang: str = "ar") -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, PUB)._.events
            if e.type == type_ and e.modality == "asserted"]


@pytest.mark.parametrize("text,actor", [
    ("ألقت الشرطة القبض على ثلاثة مطلوبين.", "police"),
    ("ألقت قوات الأمن أمس القبض على خمسة أشخاص.", "police"),
    ("ألقوا القبض على المتهم بعد مطاردة.", None),
    ("يلقي الأمن القبض على المشتبه بهم كل يوم.", None),
    ("أُلقي القبض على المتهم في المطار.", None),
])
def test_arrests_told_by_the_defective_verb_alqa(text, actor):
    (e,) = events(text, "COERCE")
    assert e["mode"] == "arrest"
    if actor:
        assert actor in actor_names(e["actor"])


def test_the_police_who_arrest_are_not_arrested():
    (e,) = events("اعتقلت الشرطة المتهم في منزله.", "COERCE")
    assert actor_names(e["actor"]) == ["police"]
    assert e["casualties"] == []


def test_fighters_who_lay_down_their_arms_concede():
    (e,) = events("ألقى المسلحون سلاحهم أمام الجيش.", "CONCEDE")
    assert e["mode"] == "disarm"


def test_a_member_of_the_police_is_one_casualty_not_the_whole_force():
    (e,) = events("قتل عنصر من الشرطة وثلاثة مدنيين.", "ASSAULT")
    assert [(c["kind"], c["group"], c["min"]) for c in e["casualties"]] == \
        [("killed", "combatants", 1), ("killed", "civilians", 3)]


def test_the_group_counted_victims_come_from_is_no_further_casualty():
    (e,) = events("قتل ثلاثة مدنيين من سكان القرية في القصف.", "ASSAULT")
    assert [(c["group"], c["min"]) for c in e["casualties"]] == [("civilians", 3)]


@pytest.mark.parametrize("text,actor,sector", [
    ("قتل شرطي متظاهرا.", "police", "COP"),
    ("اعتقل شرطي ثلاثة شبان.", "police", "COP"),
    ("قتل مسلح متظاهرا.", "fighters", "UAF"),
])
def test_a_singular_member_noun_before_its_object_is_the_actor(text, actor, sector):
    (e,) = [e for t in ("ASSAULT", "COERCE") for e in events(text, t)]
    assert actor in actor_names(e["actor"])
    assert sector in actor_sectors(e["actor"])


@pytest.mark.parametrize("text", ["قتل شرطي في انفجار.", "قتل جندي في هجوم."])
def test_a_singular_member_noun_that_was_killed_is_the_target(text):
    (e,) = events(text, "ASSAULT")
    assert e["actor"] is None
    assert e["target"] is not None
    assert [(c["group"], c["min"]) for c in e["casualties"]] == [("combatants", 1)]


@pytest.mark.parametrize("text,actor,sector", [
    ("أضرب المعلمون عن العمل.", "teachers", "EDU"),
    ("احتج مئات العمال أمام المصنع.", "workers", "LAB"),
    ("تظاهر آلاف الموظفين في العاصمة.", "workers", "LAB"),
    ("أضرب سائقو الحافلات أمس.", "workers", "LAB"),
])
def test_strikers_and_workers_who_protest_are_the_actor(text, actor, sector):
    (e,) = events(text, "PROTEST")
    assert actor_names(e["actor"]) == [actor]
    assert sector in actor_sectors(e["actor"])


def test_workers_killed_in_an_attack_are_violence_against_civilians():
    (e,) = events("قتل ثلاثة عمال في قصف.", "ASSAULT")
    assert e["acled"]["event_type"] == "Violence against civilians"


@pytest.mark.parametrize("text,lang,actor,target", [
    ("استدعت الخارجية السفير الإيراني.", "ar", "government", "Iran"),
    ("استدعت الخارجية المصرية السفير الإيراني.", "ar", "Egypt", "Iran"),
    ("استدعت وزارة الخارجية العراقية القائم بالأعمال التركي.", "ar", "Iraq", "Turkey"),
    # its own ambassador: the state it is posted to
    ("استدعت مصر سفيرها لدى تركيا للتشاور.", "ar", "Egypt", "Turkey"),
    ("The foreign ministry summoned the Iranian ambassador.", "en", "government", "Iran"),
])
def test_the_summoned_ambassadors_state_is_the_target(text, lang, actor, target):
    (e,) = events(text, "ACCUSE", lang)
    assert e["mode"] == "disapprove"
    assert actor_names(e["actor"]) == [actor]
    assert actor_names(e["target"]) == [target]
