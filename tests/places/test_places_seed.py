"""The seed article (../shared/seed): its places and nothing outside its trap list."""

from __future__ import annotations

ALLOWED_COUNTRIES = {"SY", "IQ", "US", "RU", "IR", "LB", "AU"}
COMMON_WORDS = ("ذئاب", "أطفال", "حضانة", "سوق", "نادي", "ناديا", "حديقة", "سوقا")


def _places(seed):
    from marsad.text.pipeline import analyse

    doc = analyse(seed["text"], "ar", upto="marsad_places")
    return doc._.places


def test_seed_places_resolve(seed):
    places = _places(seed)
    ids = {p.geonameid for p in places}
    for item in seed["expected"]["places"]:
        if "geonameid" in item:
            assert item["geonameid"] in ids, f"{item['mention']} not resolved"
            match = [p for p in places if p.geonameid == item["geonameid"]]
            assert all(p.country == item["country"] for p in match)
        else:
            match = [p for p in places if p.precision == item["precision"]
                     and p.country == item.get("country")]
            assert match, f"{item['mention']} ({item.get('country')}) not found"


def test_seed_albu_kamal_written_with_clitic(seed):
    places = _places(seed)
    hit = [p for p in places if p.geonameid == 174448]
    assert any(p.text == "البوكمال" for p in hit)
    assert all(seed["text"][p.start:p.end] == p.text for p in places)


def test_seed_has_no_ghost_places(seed):
    for place in _places(seed):
        assert place.country is None or place.country in ALLOWED_COUNTRIES, place
        if place.country is None:
            assert place.precision in ("continent", "region"), place
        assert not any(word in place.text for word in COMMON_WORDS), place
