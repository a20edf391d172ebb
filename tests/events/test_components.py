"""The event components on small inputs: arguments, casualties, attribution, modality, schema,
and bad input that must give events or an empty list, never a crash."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest

from marsad.events.extractor import EventExtractor
from marsad.schema import load_schema
from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def events(text: str, lang: str = "ar") -> list[dict]:
    return [e.to_dict() for e in analyse(text, lang, PUB)._.events]


def only(evs: list[dict], type_: str, modality: str = "asserted") -> list[dict]:
    return [e for e in evs if e["type"] == type_ and e["modality"] == modality]


def test_component_is_in_the_pipeline():
    from marsad.text.pipeline import get_pipeline

    nlp = get_pipeline("ar")
    assert nlp.pipe_names[-1] == "marsad_events"
    assert isinstance(nlp.get_pipe("marsad_events"), EventExtractor)


def test_vso_and_svo_actor():
    vso = only(events("قصفت الطائرات الروسية بلدة كفرنبل."), "ASSAULT")
    svo = only(events("The Syrian army shelled the village on Monday.", "en"), "ASSAULT")
    assert vso[0]["actor"]["name"] == "Russia"
    assert svo[0]["actor"]["name"] == "Syria" and svo[0]["actor"]["sector"] == "MIL"
    assert svo[0]["date"]["start"] == "2017-11-27"


def test_english_passive_agent():
    e = only(events("Two civilians were killed by Houthi snipers in Taiz.", "en"), "ASSAULT")[0]
    assert e["actor"]["name"] == "Houthis"
    assert {"kind": "killed", "group": "civilians", "min": 2, "max": 2}.items() <= \
        e["casualties"][0].items()


def test_target_after_marker():
    e = only(events("شن التحالف الدولي غارات على مواقع لتنظيم داعش."), "ASSAULT")[0]
    assert e["actor"]["name"] == "International coalition"
    assert e["target"]["name"] == "ISIS"


@pytest.mark.parametrize("text,lang", [
    ("حشد الجيش 500 عنصر على الحدود.", "ar"),
    ("أعدت المنظمة 695 تقريرا عن الغارات.", "ar"),
    ("استمرت الاشتباكات 3 أيام في المنطقة.", "ar"),
    ("The army deployed 500 troops after three days of clashes.", "en"),
])
def test_counted_nouns_that_are_not_victims(text, lang):
    assert all(not e["casualties"] for e in events(text, lang))


def test_vague_and_open_ranges():
    e = only(events("قتل عشرات المدنيين في قصف على المدينة."), "ASSAULT")[0]
    assert (e["casualties"][0]["min"], e["casualties"][0]["max"]) == (20, 99)
    e = only(events("At least 9 people were killed in the blast.", "en"), "ASSAULT")[0]
    assert (e["casualties"][0]["min"], e["casualties"][0]["max"]) == (9, None)
    e = only(events("قتل كثيرون في الغارات."), "ASSAULT")[0]
    assert e["casualties"] == [] or e["casualties"][0]["min"] is None


def test_between_range():
    e = only(events("Between 10 and 15 civilians were killed in the shelling.", "en"), "ASSAULT")[0]
    assert (e["casualties"][0]["min"], e["casualties"][0]["max"]) == (10, 15)


def test_attribution_chain():
    e = only(events("وقالت مصادر أمنية لوكالة رويترز إن مسلحين هاجموا حاجزا للجيش."), "ASSAULT")[0]
    chain = [(a["name"], a["role"]) for a in e["attribution"]]
    assert chain == [("Reuters", "outlet"), ("security sources", "source")]
    e = only(events("Gunmen attacked a checkpoint, according to the Syrian Observatory.", "en"),
             "ASSAULT")[0]
    assert e["attribution"][0]["name"] == "Syrian Observatory for Human Rights"


def test_continuation_keeps_the_speaker():
    evs = events("قال الجيش العراقي إن قواته تقدمت.\nوأضاف أن مسلحين هاجموا دورية قرب الموصل.")
    e = only(evs, "ASSAULT")[0]
    assert e["attribution"][0]["name"] == "Iraq"


@pytest.mark.parametrize("text,lang,modality", [
    ("نفى الجيش قصف المستشفى.", "ar", "denied"),
    ("The group threatened to attack the convoy.", "en", "threatened"),
    ("يخطط التنظيم لاستهداف السجن.", "ar", "planned"),
    ("لو هاجمت القوات المدينة لسقط مدنيون.", "ar", "hypothetical"),
    ("The army did not shell the town.", "en", "negated"),
])
def test_modality(text, lang, modality):
    evs = events(text, lang)
    assert any(e["modality"] == modality for e in evs), [(e["type"], e["modality"]) for e in evs]
    assert not only(evs, "ASSAULT")


def test_threat_becomes_threaten():
    e = events("هدد الحوثيون باستهداف السفن في البحر الأحمر.")
    assert [x["type"] for x in e] == ["THREATEN"]
    assert e[0]["actor"]["name"] == "Houthis" and e[0]["mode"] == "violence"


def test_non_conflict_deaths_are_not_attacks():
    assert not only(events("قتل خمسة أشخاص في حادث سير على الطريق الدولي."), "ASSAULT")
    assert not only(events("Three people died in floods in the north.", "en"), "ASSAULT")


def test_crosswalk_on_events():
    e = only(events("قتل 3 مدنيين في غارة جوية على البلدة."), "ASSAULT")[0]
    assert e["acled"] == {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    assert e["cameo"] == "195"


def test_offsets_point_at_the_words():
    text = "أفاد المرصد السوري لحقوق الإنسان بمقتل 4 عناصر من قسد بهجوم لمسلحين في ريف دير الزور."
    for e in events(text):
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["trigger"]
        for arg in (e["actor"], e["target"]):
            if arg:
                assert text[arg["start"]:arg["end"]] == arg["text"]
        for c in e["casualties"]:
            assert text[c["start"]:c["end"]] == c["text"]
        assert 0 < e["confidence"] <= 1


def test_events_follow_the_schema():
    schema = load_schema("event")
    texts = [("قتل 5 مدنيين بينهم طفلان بقصف جوي على إدلب، بحسب المرصد السوري.", "ar"),
             ("هدد الحوثيون باستهداف السفن.", "ar"),
             ("Russia and Iran agreed to share intelligence, officials said.", "en"),
             # targets no lexicon entry names: an object phrase, counted victims
             ("وقتل شخصان في هجوم على حافلة مدنية قرب المدينة.", "ar"),
             ("Five men were killed when a roadside bomb exploded.", "en")]
    n = 0
    for text, lang in texts:
        for e in events(text, lang):
            jsonschema.validate(e, schema)
            n += 1
    assert n >= 5


@pytest.mark.parametrize("text,lang", [
    ("123 456 7890 ١٢٣ 5,000 3.5 2017", "ar"),
    ("... !!! ؟؟؟ ،،، --- ((( ))) «» \" ' : ;", "ar"),
    ("", "ar"),
    ("   \n\n\t  ", "en"),
    ("Airstrikes قصف on إدلب killed 5 مدنيين yesterday أمس، according to المرصد.", "ar"),
    ("Airstrikes قصف on إدلب killed 5 مدنيين yesterday أمس، according to المرصد.", "en"),
    ("قتل" * 50, "ar"),
    ("ب و ل ك ال لل", "ar"),
])
def test_bad_input_never_crashes(text, lang):
    evs = events(text, lang)
    assert isinstance(evs, list)


def test_long_document():
    """A 50,000-word document: places and events come out, in order, without a crash."""
    sentence = ("قتل ثلاثة مدنيين في غارة جوية على بلدة في ريف إدلب يوم الاثنين، "
                "بحسب المرصد السوري لحقوق الإنسان. ")
    words = len(sentence.split())
    text = sentence * (50_000 // words + 1)
    assert len(text.split()) >= 50_000
    doc = analyse(text, "ar", PUB)  # the whole pipeline, places included
    assert len(doc._.places) >= 50_000 // words
    evs = doc._.events
    assert len(evs) >= 50_000 // words
    starts = [e.evidence["start"] for e in evs]
    assert starts == sorted(starts)
