"""English rules for areas and names: ISO 3166-2 subdivisions as gazetteer entries
(`gazetteer.add_subdivisions`, `data/subdivisions_en.yaml`), institutions named after a place
("Cornwall Council", weak `type_after` cues) and surnames that are also place names
(`MentionFinder.surnames`). Our own short news sentences, on the full gazetteer."""

from __future__ import annotations

import pytest

from marsad.places.lexicon import subdivision_names

# (sentence, place text, expected fields)
CASES = [
    ("Marines patrolled Helmand Province on Tuesday.", "Helmand",
     {"country": "AF", "feature": "admin1"}),
    ("Protests spread across Guangdong last week.", "Guangdong",
     {"country": "CN", "feature": "admin1"}),
    ("Militants attacked a checkpoint in Baluchistan.", "Baluchistan",
     {"country": "PK", "name": "Balochistan"}),
    ("Police in Bavaria arrested two men on Sunday.", "Bavaria",
     {"country": "DE", "feature": "admin1"}),
    ("Flooding closed several roads in Cornwall.", "Cornwall",
     {"country": "GB", "feature": "admin2"}),
    ("Storms caused damage across Scotland overnight.", "Scotland",
     {"country": "GB", "feature": "admin1"}),
    # a subdivision named like a city of its country: the city stays the reading
    ("Officials in Madrid announced new measures.", "Madrid",
     {"country": "ES", "feature": "city"}),
    # institutions named after a place
    ("Cornwall Council refused to name the councillors.", "Cornwall", {"country": "GB"}),
    ("Four Cornwall councillors were taken to court.", "Cornwall", {"country": "GB"}),
    ("The Texas Legislature approved new voting maps.", "Texas",
     {"country": "US", "feature": "admin1"}),
    ("Officials at Dover Air Force Base in Delaware said the gates were closed.", "Dover",
     {"country": "US", "admin1": "Delaware"}),
]


@pytest.mark.parametrize("text,place,fields", CASES, ids=[c[1] + str(i) for i, c in
                                                          enumerate(CASES)])
def test_english_area(nlp_en, text, place, fields):
    found = {p.text: p for p in nlp_en(text)._.places}
    assert place in found, f"{place!r} not found in {list(found)}"
    for key, value in fields.items():
        assert getattr(found[place], key) == value, (key, getattr(found[place], key))


def test_an_airport_named_after_nothing_known_is_no_town(nlp_en):
    doc = nlp_en("Flights resumed at Heathrow Airport on Friday.")
    assert not doc._.places


def test_a_surname_is_a_person_throughout_the_text(nlp_en):
    doc = nlp_en("Peyton Manning threw two passes. Manning said the team was ready.")
    assert not doc._.places
    # the same word with no person's name before it stays a place
    doc = nlp_en("Officials in Manning said the road was closed.")
    assert [p.text for p in doc._.places] == ["Manning"]


def test_a_title_makes_later_mentions_a_person(nlp_en):
    doc = nlp_en("President Assad spoke on Monday. Assad said the army would advance on Homs.")
    assert [p.text for p in doc._.places] == ["Homs"]


def test_subdivision_names_are_shortened_and_generic_ones_left_out():
    spec = subdivision_names()
    assert spec.short_name("Guangdong Sheng") == "Guangdong"
    assert spec.short_name("Xinjiang Uygur Zizhiqu") == "Xinjiang"
    assert spec.short_name("Madrid, Comunidad de") == "Madrid"
    assert spec.short_name("Catalunya [Cataluña]") == "Catalunya"
    assert spec.short_name("Free State") == "Free State"
    assert spec.is_generic("Central") and spec.is_generic("North East")
    assert not spec.is_generic("Helmand")
    assert "Baluchistan" in spec.aliases["PK-BA"]


def test_generic_subdivision_names_are_written_with_their_kind():
    spec = subdivision_names()
    assert spec.english_name("Helmand", "Province") == "Helmand"
    assert spec.english_name("Plateau", "State") == "Plateau State"
    assert spec.english_name("Far North", "Region") == "Far North Region"
    assert spec.english_name("Northern Territory", "Territory") == "Northern Territory"
    assert spec.english_name("Highland", "Council area") is None


def test_places_of_a_country_with_iso_admin_codes_lie_in_their_subdivision():
    from marsad.places.gazetteer import default_gazetteer

    g = default_gazetteer()
    glasgow = max((g.entry(r) for r, _ in g.search("Glasgow")), key=lambda e: e.population)
    assert glasgow.country == "GB" and glasgow.admin1 == "Scotland"
    # a generic ISO name ("Central") is no entry of the subdivisions source
    assert not any(g.source(r) == "subdivisions" for r, _ in g.search("Central"))
