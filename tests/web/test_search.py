"""Free-text search matches Arabic however it is spelled (and English in any case)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.web.queries import search_terms


@pytest.fixture
def reader(make_app):
    return TestClient(make_app(public=True))


def found(client, q: str) -> set[int]:
    response = client.get("/api/incidents", params={"q": q})
    assert response.status_code == 200, response.text
    return {i["id"] for i in response.json()["items"]}


@pytest.mark.parametrize("query", [
    "البوكمال",          # as written
    "بوكمال",            # without the article
    "والبوكمال",         # with a conjunction
    "غَارَةٌ جَوِّيَّة",    # with diacritics
    "غــارة",            # with tatweel
    "اصابه",             # إصابة: no hamza, ha for ta marbuta
    "الانقاض",           # الأنقاض: no hamza
    "إلى تسعة",          # the text has الى (no hamza): alef forms and alef maqsura fold
    "مدنیین",            # Persian ya
    "شبكة الرصد",         # an outlet
    "ارتفاع حصيلة",       # a title
    "ALBU kamal",        # English, any case
    "crowded market",
])
def test_arabic_and_english_spellings_find_the_market_strike(reader, ids, query):
    assert found(reader, query) == {ids["market"]}


def test_every_word_must_match_and_unknown_words_find_nothing(reader, ids):
    assert found(reader, "غارة عدن") == set()
    assert found(reader, "عدن") == {ids["aden"]}
    assert found(reader, "ميناء عدن هددت") == {ids["aden"]}
    assert found(reader, "Mosul hospital") == {ids["mosul"]}
    assert found(reader, "كلمة غير موجودة") == set()
    assert found(reader, "   ") == found(reader, "")  # blank: no filter


def test_search_terms_normalise_like_the_text():
    assert search_terms("والبوكمال  إلى") == ["بوكمال", "الي"]
    assert search_terms("«غارة» جوية؟") == ["غاره", "جويه"]
    assert search_terms("Albu-Kamal") == ["albu-kamal"]


def test_search_follows_merges_and_splits(app, token_for, ids):
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token_for('omar')}"
    assert found(client, "drone Idlib") == {ids["idlib"]}
    split = client.post(f"/api/incidents/{ids['market']}/split",
                        json={"event_ids": [ids["events"]["en"]]}).json()
    assert found(client, "crowded market") == {split["new_incident"]}
    assert found(client, "البوكمال") == {ids["market"]}  # the Arabic reports stayed
    client.post(f"/api/incidents/{ids['market']}/merge", json={"others": [ids["idlib"]]})
    assert found(client, "drone Idlib") == {ids["market"]}


def test_search_in_the_pages_and_filters_combine(reader, ids):
    page = reader.get("/incidents", params={"q": "بوكمال", "country": "SY"})
    assert f'href="/incidents/{ids["market"]}"' in page.text
    assert f'href="/incidents/{ids["mosul"]}"' not in page.text
    assert found(reader, "بوكمال") & {i["id"] for i in reader.get(
        "/api/incidents", params={"q": "بوكمال", "country": "IQ"}).json()["items"]} == set()
