"""The gazetteer index: name keys, the WOF derivation, variants, the cache, user imports."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from marsad.places import gazetteer as gz
from marsad.places.names import name_key, script_of

FIXTURES = Path(__file__).resolve().parent / "fixtures"


# --------------------------------------------------------------------------- name keys

@pytest.mark.parametrize("text, key", [
    ("Ālbū Kamāl", "albu kamal"),
    ("Deir ez-Zor", "deir ez zor"),
    ("Ma'arrat al-Nu'man", "maarrat al numan"),
    ("U.S.", "us"),
    ("بَغْدادُ", "بغداد"),
    ("#دير_الزور", "دير الزور"),
    ("إدلب", "ادلب"),
    ("حماة", "حماه"),
    ("", ""),
    ("x" * 10_000, ""),
])
def test_name_key(text, key):
    assert name_key(text) == key


@pytest.mark.parametrize("text, script", [
    ("دير الزور", "ar"), ("Deir ez-Zor", "latin"), ("東京", "other"), ("Москва", "other"),
    ("123", "none"),
])
def test_script_of(text, script):
    assert script_of(text) == script


# --------------------------------------------------------------------------- WOF index

def test_derive_merges_duplicates_within_3_km(tmp_path):
    out = tmp_path / "wof.tsv.gz"
    stats = gz.derive_wof_index(FIXTURES / "wof", out)
    assert stats == {"admin_areas": 3, "places": 5, "merged_away": 1}
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        text = fh.read()
    assert text.startswith("# " + gz.CREDIT)
    rows = list(gz.read_compact_tsv(out))
    rumman = [r for r in rows if r["names_ar"].startswith("كفر رمان")]
    assert len(rumman) == 1
    assert rumman[0]["gn_id"] == "9990002"  # the record with a GeoNames id wins
    assert "Kafr Romman" in rumman[0]["names_en"]  # and keeps the other's names


def test_small_index_entries_and_links(small_index):
    rows = small_index.search("تل الزيتون")
    assert len(rows) == 1
    entry = small_index.entry(rows[0][0])
    assert entry.geonameid == 9990001
    assert entry.feature == "town"
    assert entry.admin1 == "Wadi Governorate"
    assert entry.admin2 == "Nahr District"
    assert entry.source == "wof"
    assert entry.country == "SY"
    assert small_index.entry(small_index.search("Abu Jurn")[0][0]).feature == "city"


def test_small_index_spelling_variants(small_index):
    abu_jurn = small_index.search("أبو جرن")[0][0]
    joined = dict(small_index.search("البوجرن"))
    assert abu_jurn in joined and joined[abu_jurn] & gz.FLAG_JOINED
    short = dict(small_index.search("بو جرن"))  # "البو X" is also written "بو X"
    assert abu_jurn in short and short[abu_jurn] & gz.FLAG_VARIANT
    bare = dict(small_index.search("زيتون"))
    assert not bare  # one word of a two-word name is no name
    assert small_index.search("Tall az Zaytun")
    assert small_index.search("Zaytun") == []


def _builder_index(entries: list[tuple[str, str, str]]) -> gz.Gazetteer:
    """An index of (name, country, feature) entries, one name each."""
    builder = gz.GazetteerBuilder()
    for name, cc, feature in entries:
        row = builder.add(name=name, feature=feature, lat=30.0, lon=35.0, country=cc,
                          source="test")
        builder.add_name(row, name)
    return builder.build()


def test_hamza_spellings_join_indexed_names_of_arab_countries():
    index = _builder_index([("بترا", "JO", "town"), ("البتراء", "SY", "village"),
                            ("نسا", "IR", "village"), ("نساء", "SY", "village"),
                            ("الشفا", "SA", "city")])
    rows = dict(index.lookup(name_key("البتراء")))
    jordan = [row for row in rows if index.country(row) == "JO"]
    assert jordan and rows[jordan[0]] & gz.FLAG_VARIANT  # Wadi Musa, as a spelling
    assert {index.country(row) for row, _ in index.lookup(name_key("نساء"))} == {"SY"}
    assert not index.lookup(name_key("الشفاء"))  # "recovery" is indexed nowhere: no new name


def test_romanised_ah_is_also_read_as_a():
    index = _builder_index([("Mūsá Qal‘ah", "AF", "village"), ("Savannah", "US", "city")])
    found = index.lookup(name_key("Musa Qala"))
    assert found and found[0][1] & gz.FLAG_VARIANT
    assert not index.lookup(name_key("Savanna"))  # an English name keeps its spelling


def test_index_round_trips_through_bytes(small_index, tmp_path):
    path = tmp_path / "index.idx"
    path.write_bytes(small_index.tobytes())
    again = gz.Gazetteer.open(path)
    assert len(again) == len(small_index)
    assert again.key_count == small_index.key_count
    row = again.search("كفر رمان")[0][0]
    assert again.entry(row) == small_index.entry(row)


def test_not_an_index(tmp_path):
    with pytest.raises(ValueError):
        gz.Gazetteer(b"not an index at all")


# --------------------------------------------------------------------------- cache

@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "places"


def _small_sources(tmp_path) -> gz.Sources:
    out = tmp_path / "wof_small.tsv.gz"
    if not out.exists():
        gz.derive_wof_index(FIXTURES / "wof", out)
    return gz.Sources(wof=(out,), geonames_cities=False, countries=False, regions=False,
                      imports=())


def test_cache_is_built_once_then_opened(tmp_path, cache, monkeypatch):
    sources = _small_sources(tmp_path)
    first = gz.load_gazetteer(sources)
    files = list(cache.glob("gazetteer-*.idx"))
    assert len(files) == 1

    def fail(*args, **kwargs):
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(gz, "build_gazetteer", fail)
    second = gz.load_gazetteer(sources)
    assert second.key_count == first.key_count


def test_damaged_cache_is_rebuilt(tmp_path, cache):
    sources = _small_sources(tmp_path)
    gz.load_gazetteer(sources)
    path = next(cache.glob("gazetteer-*.idx"))
    path.write_bytes(b"garbage")
    again = gz.load_gazetteer(sources)
    assert again.search("كفر رمان")


def test_cache_key_follows_the_sources(tmp_path, cache):
    sources = _small_sources(tmp_path)
    key = sources.fingerprint()
    extra = tmp_path / "extra.tsv.gz"
    extra.write_bytes(sources.wof[0].read_bytes())
    other = gz.Sources(wof=sources.wof, geonames_cities=False, countries=False,
                       regions=False, imports=(extra,))
    assert other.fingerprint() != key


# --------------------------------------------------------------------------- imports

def _index_with(tmp_path, *imports: Path) -> gz.Gazetteer:
    sources = _small_sources(tmp_path)
    return gz.build_gazetteer(gz.Sources(wof=sources.wof, geonames_cities=False,
                                         countries=False, regions=False, imports=imports))


def test_import_geonames_dump(tmp_path, cache):
    result = gz.import_file(FIXTURES / "geonames_XX.txt", rebuild=False)
    assert result.kind == "geonames"
    assert result.entries == 4
    assert result.output.parent == cache / "imports"
    index = _index_with(tmp_path, result.output)
    village = index.entry(index.search("قرية السهم")[0][0])
    assert village.geonameid == 9990101
    assert village.feature == "village"
    assert village.admin1 == "Wadi Sahm"  # linked to the ADM1 row of the same file
    assert village.source == "import:geonames_XX.txt"
    town = [index.entry(r) for r, _ in index.search("السهم")]
    assert any(e.feature == "city" and e.geonameid == 9990102 for e in town)
    mountain = index.entry(index.search("جبل السهم")[0][0])
    assert mountain.feature == "poi"


def test_import_wof_record(tmp_path, cache):
    result = gz.import_file(FIXTURES / "wof_record.geojson", rebuild=False)
    assert result.kind == "wof"
    index = _index_with(tmp_path, result.output)
    entry = index.entry(index.search("تل الرماح")[0][0])
    assert (entry.wof_id, entry.geonameid, entry.country) == (1999000001, 9990200, "IQ")
    assert index.search("Tell al-Rimah")


def test_import_merges_a_known_place(tmp_path, cache):
    dump = tmp_path / "SY.txt"
    columns = ["9990001", "Tall az Zaytun", "Tall az Zaytun", "تل الزيتون الكبير", "35.30",
               "39.10", "P", "PPL", "SY", "", "01", "", "", "", "15000", "", "300",
               "Asia/Damascus", "2024-01-01"]
    dump.write_text("\t".join(columns) + "\n", encoding="utf-8")
    result = gz.import_file(dump, rebuild=False)
    index = _index_with(tmp_path, result.output)
    rows = index.search("تل الزيتون الكبير")
    assert len(rows) == 1
    assert rows[0][0] == index.search("تل الزيتون")[0][0]  # the same entry, not a copy
    entry = index.entry(rows[0][0])
    assert entry.source == "wof+import:SY.txt"
    assert entry.population == 15000


@pytest.mark.parametrize("name", ["not_a_gazetteer.txt", "missing.txt"])
def test_import_refuses_other_files(name, cache):
    with pytest.raises(gz.ImportError_) as err:
        gz.import_file(FIXTURES / name, rebuild=False)
    assert name in str(err.value)
    assert "\n" not in str(err.value)
