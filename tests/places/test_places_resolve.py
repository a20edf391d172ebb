"""`resolve()` (what `marsad geocode` answers) and the recogniser on a small index."""

from __future__ import annotations

import pytest

from marsad.places.gazetteer import haversine_km
from marsad.places.recognizer import PlaceRecognizer
from marsad.places.resolve import resolve


@pytest.fixture(scope="module")
def recogniser(small_index):
    return PlaceRecognizer(gazetteer=small_index, lang="ar")


def _places(recogniser, text):
    from marsad.text.pipeline import get_pipeline

    doc = get_pipeline("ar", upto="marsad_normalizer")(text)
    return recogniser.places(doc)


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("name", ["", "   ", "x" * 10_000, "ب" * 10_000, "東京", "Москва",
                                  "12345", "!!!", "\u200f\u200e"])
def test_bad_names_have_no_candidate(name, small_index):
    assert resolve(name, gazetteer=small_index) == []


def test_unknown_name_has_no_candidate(small_index):
    assert resolve("قرية لا وجود لها", gazetteer=small_index) == []


# --------------------------------------------------------------------------- small index

def test_resolve_ranks_candidates(small_index):
    cands = resolve("كفر رمان", gazetteer=small_index)
    assert len(cands) == 1
    top = cands[0]
    assert top.entry.geonameid == 9990002
    assert top.precision == "village"
    data = top.to_dict()
    for key in ("geonameid", "name", "lat", "lon", "country", "admin1", "feature",
                "population", "score", "source"):
        assert key in data


def test_resolve_reads_phrases(small_index):
    top = resolve("قرية كفر رمان في منطقة النهر", gazetteer=small_index)[0]
    assert top.entry.geonameid == 9990002
    rel = resolve("شرق تل الزيتون", gazetteer=small_index)[0]
    assert (rel.direction, rel.precision, rel.relation) == ("east", "admin2", "direction")
    rural = resolve("ريف الوادي الغربي", gazetteer=small_index)[0]
    assert rural.entry.feature == "admin1"
    assert (rural.relation, rural.direction) == ("countryside", "west")


def test_recogniser_clitics_and_joined_names(recogniser):
    places = _places(recogniser, "قصفت الطائرات والبوجرن وقرية كفر رمان أمس.")
    by_text = {p.text: p for p in places}
    assert by_text["البوجرن"].name == "Abu Jurn"
    assert by_text["كفر رمان"].precision == "village"
    assert by_text["كفر رمان"].source == "wof"


def test_recogniser_keeps_offsets(recogniser):
    text = "وصلت القوات إلى حي الميناء في تل الزيتون."
    for place in _places(recogniser, text):
        assert text[place.start:place.end] == place.text


def test_recogniser_writes_doc_extension(small_index):
    from marsad.text.pipeline import get_pipeline

    doc = get_pipeline("ar", upto="marsad_normalizer")("سقطت قذائف على تل الزيتون.")
    doc = PlaceRecognizer(gazetteer=small_index, lang="ar")(doc)
    assert [p.name for p in doc._.places] == ["Tell Zaytun"]
    assert doc._.place_focus[0][0] == "SY"


# --------------------------------------------------------------------------- full index

@pytest.mark.parametrize("name, geonameid", [
    ("دير الزور", 170794), ("والبوكمال", 174448), ("البو كمال", 174448),
    ("بو كمال", 174448), ("Deir ez-Zor", 170794), ("Deir al-Zour", 170794),
    ("Dayr az Zawr", 170794), ("بغداد", 98182), ("مدينة حماة", 170017),
])
def test_geocode_names(name, geonameid):
    assert resolve(name)[0].entry.geonameid == geonameid


def test_geocode_relative_phrases():
    top = resolve("ريف إدلب الجنوبي")[0]
    assert (top.entry.geonameid, top.precision, top.direction) == (169387, "admin1", "south")
    dist = resolve("20 km north of Raqqa")[0]
    assert dist.relation == "distance" and dist.distance_km == 20.0
    assert dist.lat > dist.entry.lat  # the point moves north


def test_geocode_containment():
    assert resolve("تل رفعت في ريف حلب")[0].entry.admin1 == "Aleppo Governorate"
    top = resolve("Paris, Texas")[0]
    assert (top.entry.country, top.entry.admin1) == ("US", "Texas")


def test_geocode_seas_are_not_villages():
    for name in ("البحر الأسود", "المحيط الأطلسي", "Black Sea"):
        assert resolve(name)[0].entry.feature == "region"


def test_geocode_capital_before_area_of_its_name():
    assert resolve("Washington")[0].entry.geonameid == 4140963  # the capital, not the state
    assert resolve("Washington state")[0].entry.feature == "admin1"


def test_geocode_capital_spelled_otherwise_than_its_country_list():
    # the capitals list writes "Sanaa", "Bogota"; the index "Sana'a", "Bogotá"
    assert resolve("صنعاء")[0].entry.geonameid == 71137  # the city, not the governorate
    assert resolve("محافظة صنعاء")[0].entry.geonameid == 71132
    assert resolve("Bogota")[0].entry.geonameid == 3688689


def test_geocode_country_and_near():
    assert resolve("Tripoli", country="LB")[0].entry.country == "LB"
    assert resolve("Tripoli", country="LY")[0].entry.country == "LY"
    assert resolve("طرابلس", near="بيروت")[0].entry.country == "LB"
    assert resolve("طرابلس", near=(32.9, 13.2))[0].entry.country == "LY"


def test_geocode_common_words():
    assert resolve("سوق") == []  # never a place on its own
    assert resolve("قرية سوق")  # with a cue it may be the village
    assert resolve("السورية") == []  # an adjective


def test_geocode_spellings_of_one_name():
    # the index names Wadi Musa "بترا"; with the article or a final hamza it is still a candidate
    for name in ("البتراء", "البترا", "بالبترا"):
        assert resolve(name, country="JO")[0].entry.geonameid == 246008


def test_geocode_arabic_admin_areas():
    area = resolve("المنطقة الشرقية")[0].entry
    assert (area.country, area.feature) == ("SA", "admin1")
    dammam = resolve("الدمام")[0].entry  # its capital: the area lies around it, not at the
    assert haversine_km(area.lat, area.lon, dammam.lat, dammam.lon) < 300  # country's point
    assert resolve("الرياض")[0].entry.feature == "city"  # the city keeps its own name


@pytest.mark.parametrize("text, noun", [
    ("في العقبة الأولى", True),  # the first obstacle
    ("في الميادين العامة", True),  # public squares
    ("في القرن الماضي", True),  # the last century
    ("أمام الباب الرئيسي", True),  # a word that needs a cue, before an adjective
    ("في العقبة الجنوبية", False),  # a direction: southern Aqaba
    ("في العقبة الأردنية", False),  # a country adjective
    ("مطار الطبقة العسكري", False),  # the adjective is the airport's, not "الطبقة"'s
    ("في العقبة الأحد", False),  # a weekday, no adjective
    ("في الميادين والشوارع", False),
])
def test_common_noun_before_an_adjective(text, noun):
    from marsad.places.gazetteer import default_gazetteer
    from marsad.places.mentions import MentionFinder, words_from_text

    finder = MentionFinder(default_gazetteer(), "ar")
    first = finder.find(words_from_text(text))
    name = next(m for m in first if m.key.endswith(("عقبه", "ميادين", "قرن", "باب", "طبقه")))
    assert (name.stop == "never") == noun
