"""The event lexicons are data: they load, inflect, and a synonym needs no code change."""

from __future__ import annotations

from importlib.resources import files

import pytest
import yaml

from marsad.events.actors import ActorLexicon
from marsad.events.arguments import VictimLexicon
from marsad.events.crosswalk import Crosswalk
from marsad.events.lexicon import (
    arabic_noun_forms,
    arabic_verb_forms,
    english_noun_forms,
    english_verb_forms,
)
from marsad.events.triggers import EVENT_TYPES, TriggerLexicon
from marsad.text.normalize import normalize_text
from marsad.text.pipeline import analyse

DATA = files("marsad.events").joinpath("data")


class _NoDuplicates(yaml.SafeLoader):
    pass


def _mapping(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dup = {k for k in keys if keys.count(k) > 1}
    assert not dup, f"duplicate keys {dup} at line {node.start_mark.line + 1}"
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_NoDuplicates.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("name", ["actors", "triggers", "modality", "reporting", "roles", "victims"])
def test_data_files_parse_without_duplicate_keys(name):
    data = yaml.load(DATA.joinpath(f"{name}.yaml").read_text("utf-8"), Loader=_NoDuplicates)
    assert data


def test_arabic_verb_inflection():
    forms = {f: t for f, t in arabic_verb_forms("قصف/يقصف")}
    # person, number, object suffix; the passive قُصف is written like the active
    for form in ("قصف", "قصفت", "قصفوا", "يقصف", "تقصف", "يقصفون", "قصفتها", "يقصفوا"):
        assert form in forms, form
    assert forms["سيقصف"] == "future"
    assert forms["سنقصف"] == "future1"  # first person: a threat when it is an attack
    assert forms["هيقصفوا"] == "future"  # Egyptian future prefix


@pytest.mark.parametrize("spec,forms,not_forms", [
    # final ى: ألقت، ألقوا، ألقين، ألقاها; present يلقي، يلقون; the passive أُلقي is the past
    ("ألقى/يلقي", ["القي", "القت", "القوا", "القين", "القيا", "القاها", "القوها", "يلقي", "تلقي",
                   "يلقون", "يلقوا", "يلقيان", "يلقيها", "سيلقون"], ["يلقيون", "القيوا", "القيوها"]),
    ("استدعى/يستدعي", ["استدعت", "استدعوا", "استدعاها", "يستدعون"], ["استدعيوا"]),
    # final ي in the past, ى in the present: لقيت، لقوا; يلقون، يلقاها
    ("لقي/يلقى", ["لقي", "لقيت", "لقوا", "يلقى", "يلقون", "يلقاها"], ["لقيوا", "يلقيون"]),
    ("تلقى/يتلقى", ["تلقت", "تلقوا", "يتلقى", "يتلقون", "يتلقاها"], ["يتلقيون"]),
    # final و: دعت، دعوا; يدعون
    ("دعا/يدعو", ["دعا", "دعت", "دعوا", "دعاهم", "يدعو", "يدعون", "يدعوهم"], ["دعات", "يدعوون"]),
])
def test_arabic_defective_verb_inflection(spec, forms, not_forms):
    have = {normalize_text(f) for f, _ in arabic_verb_forms(spec)}
    for form in forms:
        assert normalize_text(form) in have, form
    for form in not_forms:
        assert normalize_text(form) not in have, form


def test_arabic_noun_inflection():
    assert {"غارات", "غاراته", "غاراتها"} <= set(arabic_noun_forms("غارات"))
    assert "عملياتها العسكريه" in arabic_noun_forms("العمليات العسكرية")
    assert "هجوما" in arabic_noun_forms("هجوم")


def test_english_inflection():
    assert english_verb_forms("shell") == ["shell", "shells", "shelled", "shelling"]
    assert "targeted" in english_verb_forms("target")
    assert english_noun_forms("airstrike") == ["airstrike", "airstrikes"]


def test_actor_aliases():
    lex = ActorLexicon.default()
    for alias in ("داعش", "تنظيم الدولة", "الدولة الإسلامية", "الدواعش"):
        assert "ISIS" in [a.name for a in lex.lookup(alias, "ar")], alias
    for alias in ("ISIS", "ISIL", "Daesh", "Islamic State"):
        assert "ISIS" in [a.name for a in lex.lookup(alias, "en")], alias
    assert lex.lookup("قسد")[0].name == "Syrian Democratic Forces"
    assert lex.lookup("أنصار الله")[0].name == "Houthis"
    assert lex.lookup("التحالف الدولي")[0].name == "International coalition"
    assert lex.lookup("المرصد السوري لحقوق الإنسان")[0].kind == "monitor"
    assert lex.lookup("نيوزويك")[0].sector == "JRN"


@pytest.mark.parametrize("text,lang,name,sector", [
    ("وتكثف القوات السورية عملياتها.", "ar", "Syria", "MIL"),
    ("قصف طيران النظام البلدة.", "ar", "Syria", "MIL"),
    ("Russian warplanes struck the town.", "en", "Russia", "MIL"),
    ("عناصر تنظيم داعش هاجموا الحاجز.", "ar", "ISIS", "REB"),
])
def test_actor_composition(text, lang, name, sector):
    doc = analyse(text, lang, upto="marsad_events")
    assert any(m.entity and m.entity.name == name and m.entity.sector == sector
               for m in doc._.actor_mentions), [(m.text, m.entity) for m in doc._.actor_mentions]


def test_acronyms_are_case_sensitive():
    doc = analyse("The report is due. IS fighters attacked the town.", "en", upto="marsad_events")
    names = [(m.text, m.entity.name) for m in doc._.actor_mentions if m.entity]
    assert ("IS", "ISIS") in names
    assert not any(t == "is" for t, _ in names)


def test_trigger_senses():
    lex = TriggerLexicon.default()
    assert lex.senses("غارات")[0].mode == "aerial"
    assert lex.senses("airstrike", "en")[0].type == "ASSAULT"
    assert lex.senses("مقتل")[0].kills == "killed"
    assert lex.senses("تبادل المعلومات")[0].context == "intelligence"
    assert lex.senses("فجر") == ()  # "dawn" as well as "detonated": only its other forms


def test_a_synonym_is_data(tmp_path):
    """Adding an alias or a trigger word is an edit of the data, not of the code."""
    lex = ActorLexicon([{"id": "x", "name": "Example Brigade", "sector": "REB", "kind": "group",
                         "ar": ["كتيبة المثال"]}])
    assert lex.lookup("كتيبة المثال")[0].name == "Example Brigade"
    trig = TriggerLexicon({"types": {"ASSAULT": [{"mode": "drone", "ar": {"nouns": ["درونات"]}}]}})
    assert trig.senses("درونات")[0].mode == "drone"


def test_victims_lexicon():
    lex = VictimLexicon.default()
    from marsad.events.lexicon import phrase_key
    assert lex.matcher("ar").lookup(phrase_key("طفلين", "ar"))[0].count == 2
    assert lex.matcher("ar").lookup(phrase_key("مدنيين", "ar"))[0].count is None
    assert lex.matcher("ar").lookup(phrase_key("قتلى", "ar"))[0].kind == "killed"


def test_crosswalk_covers_every_type():
    cw = Crosswalk.default()
    for type_ in EVENT_TYPES:
        crossing = cw.lookup(type_)
        assert crossing is not None and crossing.cameo, type_
    assert cw.lookup("ASSAULT", "aerial").acled_sub_event_type == "Air/drone strike"
    assert cw.lookup("ASSAULT", "aerial").cameo == "195"
    assert cw.lookup("ASSAULT", None, (), "CVL").acled_event_type == "Violence against civilians"
    assert cw.lookup("COOPERATE", None, ["intelligence"]).cameo == "064"
    assert cw.lookup("PROTEST", "riot").acled_event_type == "Riots"


def test_crosswalk_codes_exist_in_cameo2plover(shared):
    """Every CAMEO code of the crosswalk is a code of CAMEO2PLOVER-2021.txt."""
    text = (shared / "reference" / "plover" / "CAMEO2PLOVER-2021.txt").read_text("utf-8")
    codes = {line.split(":", 1)[0].strip() for line in text.splitlines() if ":" in line}
    for row in Crosswalk.default().rows:
        assert row.crossing.cameo in codes, row
