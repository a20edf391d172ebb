"""data/wof_corrections.yaml: each correction names a record of the shipped WOF index and
names it has, and the built index reads those names as the places they belong to."""

from __future__ import annotations

from marsad.places import lexicon
from marsad.places.gazetteer import WOF_INDEX, default_gazetteer, read_compact_tsv
from marsad.places.names import name_key


def test_corrections_name_records_and_names_of_the_shipped_index():
    corrections = lexicon.wof_corrections()
    assert corrections
    records = {int(rec["wof_id"]): rec for rec in read_compact_tsv(WOF_INDEX)
               if int(rec["wof_id"] or 0) in corrections}
    for wid, fix in corrections.items():
        assert wid in records, wid
        names = {*records[wid]["names_ar"].split("|"), *records[wid]["names_en"].split("|")}
        assert fix.names <= names, wid  # it drops only names the record has
        assert not set(fix.added) & names, wid  # and adds only names it lacks
        assert not fix.geonameid or records[wid]["gn_id"], wid


def test_index_reads_corrected_names_as_their_own_places():
    g = default_gazetteer()
    for wid, fix in lexicon.wof_corrections().items():
        entry = g.by_wof_id(wid)
        assert entry is not None, wid
        for name in fix.names:
            assert all(g.entry(r).wof_id != wid for r, _ in g.lookup(name_key(name))), name
        for name in fix.added:
            assert any(g.entry(r).wof_id == wid for r, _ in g.lookup(name_key(name))), name
        if fix.geonameid:
            assert entry.geonameid is None, wid
    # Ni'lin is the village west of Ramallah, not Balata Camp in Nablus
    assert {g.entry(r).name for r, _ in g.lookup(name_key("نعلين"))} == {"Ni'lin", "Ni‘līn"}
