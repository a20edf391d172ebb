"""Loaders for the places lexicons in `marsad/places/data/` (YAML): cue words, stop words,
regions, country aliases and name variants.

Every word is turned into its look-up key with `name_key` when loaded, so the files are
written in ordinary spelling. Each loader is cached; `data_files()` lists the files so the
gazetteer cache can be keyed on their contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from marsad.places.names import name_key
from marsad.text.lexicon_files import cardinal_words
from marsad.text.normalize import YAML_LOADER

DATA = Path(__file__).with_name("data")
LEXICON_FILES = ("cues.yaml", "stopwords.yaml", "regions.yaml", "country_aliases.yaml",
                 "name_variants.yaml", "demonyms.yaml", "subdivisions_en.yaml",
                 "subdivisions_ar.yaml", "city_names_ar.yaml", "wof_corrections.yaml")


def data_files() -> list[Path]:
    return [DATA / name for name in LEXICON_FILES]


@cache
def _load(name: str) -> dict[str, Any]:
    path = DATA / name
    data = yaml.load(path.read_text("utf-8"), Loader=YAML_LOADER) or {}
    if not isinstance(data, dict):
        raise TypeError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class TypeCue:
    """A word that says what kind of place a name is ("مدينة", "town of", "province")."""

    features: tuple[str, ...]
    precision: str
    plural: bool = False
    weak: bool = False
    not_after: tuple[str, ...] = ()  # words that make it no cue: "من ناحية (ثانية)"
    office: bool = False  # also names a government office: "مديرية الأمن" (`Cues.sectors`)


@dataclass(frozen=True)
class Cues:
    """All context words of one language, keyed by their look-up keys."""

    type_before: dict[str, TypeCue]
    type_after: dict[str, TypeCue]
    relative_before: dict[str, str]
    relative_after: dict[str, str]
    direction_before: dict[str, str]
    direction_after: dict[str, str]
    locative: frozenset[str]
    locative_clitics: tuple[str, ...]
    joiners: frozenset[str]
    km_units: frozenset[str]
    mile_units: frozenset[str]
    distance_lead: frozenset[str]
    # words for a sector of public service ("الأمن", "الصحة"): after a type word they name an
    # institution ("مديرية الأمن", the security directorate), not a place
    sectors: frozenset[str] = frozenset()
    max_before: int = 3  # longest cue before a name, in words
    max_after: int = 3


def _keys(words: Any) -> list[str]:
    return [k for k in (name_key(str(w)) for w in words or ()) if k]


def _type_cues(section: dict[str, Any] | None) -> dict[str, TypeCue]:
    out: dict[str, TypeCue] = {}
    for word, spec in (section or {}).items():
        key = name_key(str(word))
        if not key:
            continue
        spec = spec or {}
        out[key] = TypeCue(
            features=tuple(spec.get("features") or ()),
            precision=str(spec.get("precision") or "city"),
            plural=bool(spec.get("plural", False)),
            weak=bool(spec.get("weak", False)),
            not_after=tuple(_keys(spec.get("not_after"))),
            office=bool(spec.get("office", False)),
        )
    return out


def _word_map(section: dict[str, Any] | None) -> dict[str, str]:
    return {name_key(str(k)): str(v) for k, v in (section or {}).items() if name_key(str(k))}


@cache
def cues(lang: str) -> Cues:
    """The cue words of `lang` ("ar" or "en")."""
    data = _load("cues.yaml")
    directions = (data.get("directions") or {}).get(lang) or {}
    units = data.get("distance_units") or {}
    result = Cues(
        type_before=_type_cues((data.get("type") or {}).get(lang)),
        type_after=_type_cues((data.get("type_after") or {}).get(lang)),
        relative_before=_word_map((data.get("relative") or {}).get(lang)),
        relative_after=_word_map((data.get("relative_after") or {}).get(lang)),
        direction_before=_word_map(directions.get("before")),
        direction_after=_word_map(directions.get("after")),
        locative=frozenset(_keys((data.get("locative") or {}).get(lang))),
        locative_clitics=tuple(_keys(data.get("locative_clitics"))) if lang == "ar" else (),
        joiners=frozenset(_keys((data.get("list_joiners") or {}).get(lang))),
        km_units=frozenset(_keys(units.get("km"))),
        mile_units=frozenset(_keys(units.get("miles"))),
        distance_lead=frozenset(_keys(units.get("lead"))),
        sectors=frozenset(_article_forms(_keys((data.get("sectors") or {}).get(lang)))),
    )
    longest = max(
        (len(k.split()) for table in (result.type_before, result.relative_before,
                                      result.direction_before) for k in table),
        default=1,
    )
    after = max(
        (len(k.split()) for table in (result.type_after, result.relative_after,
                                      result.direction_after) for k in table),
        default=1,
    )
    return Cues(**{**result.__dict__, "max_before": longest, "max_after": after})


@dataclass(frozen=True)
class StopWords:
    never: frozenset[str]
    needs_cue: frozenset[str]
    function: frozenset[str] = frozenset()  # spaCy stop words ("US" in capitals is a name)
    # words with a clitic or the article that are common words as written: no name is read
    # inside them by stripping ("البنين", the boys, is not Benin)
    whole: frozenset[str] = frozenset()
    # Arabic adjectives that are also names: after a definite noun, its adjective
    adjectives: frozenset[str] = frozenset()
    # Arabic names that are also common nouns: before a definite adjective, the noun; and the
    # adjectives not shaped like a nisba or a feminine elative that are read so there
    nouns: frozenset[str] = frozenset()
    noun_adjectives: frozenset[str] = frozenset()


def _article_forms(keys: list[str]) -> set[str]:
    """Arabic words cover their form with and without the article."""
    out = set()
    for key in keys:
        out.add(key)
        if key.startswith("ال") and len(key) > 4:
            out.add(key[2:])
        elif " " not in key and "\u0600" <= key[:1] <= "\u06ff":
            out.add("ال" + key)
    return out


def _function_words(lang: str) -> list[str]:
    """spaCy's stop words of `lang` (pronouns, particles, prepositions): never place names.

    Read from spaCy's `lang/<lang>/stop_words.py` without importing spaCy (half a second),
    so `marsad geocode` starts fast."""
    import sys
    from importlib.util import find_spec

    module = sys.modules.get(f"spacy.lang.{lang}.stop_words")
    if module is not None:
        return _keys(module.STOP_WORDS)
    spec = find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
    namespace: dict[str, Any] = {}
    try:
        exec(compile(path.read_text("utf-8"), str(path), "exec"), namespace)  # noqa: S102
    except (OSError, SyntaxError):
        return []
    return _keys(namespace.get("STOP_WORDS", ()))


@cache
def stopwords(lang: str) -> StopWords:
    data = _load("stopwords.yaml")
    never = _keys((data.get("never") or {}).get(lang))
    needs = _keys((data.get("needs_cue") or {}).get(lang))
    names = _keys((data.get("person_names") or {}).get(lang))  # as written, no article forms
    function = frozenset(_function_words(lang))
    whole = frozenset(_keys((data.get("whole_words") or {}).get(lang)))
    adjectives = frozenset(_keys((data.get("adjectives") or {}).get(lang)))
    nouns = frozenset(_keys((data.get("nouns") or {}).get(lang)))
    noun_adjectives = frozenset(_keys((data.get("noun_adjectives") or {}).get(lang)))
    if lang == "ar":
        return StopWords(frozenset(_article_forms(never)),
                         frozenset(_article_forms(needs)) | frozenset(names), function, whole,
                         adjectives, frozenset(_article_forms(nouns)), noun_adjectives)
    return StopWords(frozenset(never), frozenset(needs) | frozenset(names), function, whole,
                     adjectives, nouns, noun_adjectives)


@cache
def number_words(lang: str) -> frozenset[str]:
    """Look-up keys of the cardinal number words of `lang` ("خمس", "عشرة", "عشرين"), from the
    numbers layer's lexicon."""
    return frozenset(_keys(cardinal_words(lang)))


@dataclass(frozen=True)
class Region:
    id: str
    names_ar: tuple[str, ...]
    names_en: tuple[str, ...]
    continent: str | None = None
    lat: float | None = None
    lon: float | None = None
    countries: tuple[str, ...] = ()
    feature: str = "region"
    country: str | None = None
    water: bool = False  # an ocean, sea, gulf or strait


@cache
def regions() -> tuple[list[Region], list[Region]]:
    """(continents, regions) from regions.yaml; names as written (keys are made by the index)."""
    data = _load("regions.yaml")

    def make(item: dict[str, Any], feature: str) -> Region:
        return Region(
            id=str(item["id"]),
            names_ar=tuple(str(n) for n in item.get("ar") or ()),
            names_en=tuple(str(n) for n in item.get("en") or ()),
            continent=item.get("continent"),
            lat=item.get("lat"),
            lon=item.get("lon"),
            countries=tuple(item.get("countries") or ()),
            feature=str(item.get("feature") or feature),
            country=item.get("country"),
            water=bool(item.get("water")),
        )

    return ([make(i, "continent") for i in data.get("continents") or ()],
            [make(i, "region") for i in data.get("regions") or ()])


@cache
def city_names_ar() -> dict[int, tuple[str, ...]]:
    """{GeoNames id: Arabic names} of world places cities500 names in no Arabic form."""
    return {int(gid): tuple(str(n) for n in names)
            for gid, names in _load("city_names_ar.yaml").items()}


@dataclass(frozen=True)
class WofCorrection:
    """What one Who's On First entry wrongly has (wof_corrections.yaml)."""

    names: frozenset[str]  # names of other places
    geonameid: bool  # its GeoNames id is another place's
    added: tuple[str, ...] = ()  # Arabic names it lacks


@cache
def wof_corrections() -> dict[int, WofCorrection]:
    """{WOF id: its correction} from wof_corrections.yaml."""
    return {int(wid): WofCorrection(frozenset(str(n) for n in spec.get("drop") or ()),
                                    bool(spec.get("no_geonameid")),
                                    tuple(str(n) for n in spec.get("add") or ()))
            for wid, spec in _load("wof_corrections.yaml").items()}


def country_aliases() -> dict[str, dict[str, tuple[str, ...]]]:
    """{lang: {ISO code: names}} from country_aliases.yaml."""
    data = _load("country_aliases.yaml")
    return {
        lang: {str(cc): tuple(str(n) for n in names or ()) for cc, names in table.items()}
        for lang, table in data.items() if lang != "shared"
    }


@cache
def shared_country_names() -> dict[str, tuple[str, ...]]:
    """{name: ISO codes, the default reading first} of words naming whichever of several
    countries a report is about ("المملكة"), from the `shared` section of
    country_aliases.yaml; all languages together (the names differ)."""
    data = _load("country_aliases.yaml").get("shared") or {}
    return {str(name): tuple(str(cc) for cc in codes or ())
            for table in data.values() for name, codes in (table or {}).items()}


@dataclass(frozen=True)
class NameVariants:
    joinable: frozenset[str]
    first_word: dict[str, tuple[str, ...]] = field(default_factory=dict)
    latin_articles: frozenset[str] = frozenset()
    arabic_countries: frozenset[str] = frozenset()


@cache
def name_variants() -> NameVariants:
    data = _load("name_variants.yaml")
    return NameVariants(
        joinable=frozenset(_keys(data.get("joinable"))),
        first_word={name_key(str(k)): tuple(_keys(v)) for k, v in
                    (data.get("first_word") or {}).items()},
        latin_articles=frozenset(str(a).strip("-").lower() for a in
                                 data.get("latin_articles") or ()),
        arabic_countries=frozenset(str(c) for c in data.get("arabic_countries") or ()),
    )


@cache
def demonyms(lang: str = "en") -> dict[str, str]:
    """{look-up key: ISO code} of the words for a country's people ("syrian", "syrians";
    Arabic ones with and without the article: "الألمان", "ألمان")."""
    data = _load("demonyms.yaml").get(lang) or {}
    out: dict[str, str] = {}
    for cc, words in data.items():
        if lang == "ar":  # written without the article ("ألمان": its "أل" is no article)
            out.update(dict.fromkeys(_keys([*words, *("ال" + w for w in words)]), str(cc)))
            continue
        for word in words or ():
            key = name_key(str(word))
            if not key:
                continue
            out[key] = str(cc)
            plural = key[:-2] + "men" if key.endswith("man") else key + (
                "es" if key.endswith(("sh", "ch", "ss", "x", "s", "z")) else "s")
            if not key.endswith(("ese", "ish", "ch", "ss", "s")):
                out.setdefault(plural, str(cc))
    return out


@cache
def us_state_abbreviations() -> dict[tuple[str, bool], str]:
    """{(letters as written: "NC", "Mass", "WVa"; whether written with a full stop): the
    state's name} of the abbreviations US news writes after a town ("Charlotte, N.C.")."""
    out: dict[tuple[str, bool], str] = {}
    for state, forms in _load("us_state_abbreviations.yaml").items():
        for form in forms or ():
            letters = "".join(ch for ch in str(form) if ch.isalpha())
            out[(letters, "." in str(form))] = str(state)
    return out


@cache
def person_titles(lang: str) -> frozenset[str]:
    """Titles before a person's name ("Mr", "President", "الرئيس"): the next name is a person."""
    return frozenset(_keys((_load("cues.yaml").get("person_titles") or {}).get(lang)))


@cache
def group_words(lang: str) -> frozenset[str]:
    """Words before the name of an armed group or party ("تنظيم", "زعماء"): a common word
    after them that is also a place name ("القاعدة") names the group."""
    return frozenset(_keys((_load("cues.yaml").get("group_words") or {}).get(lang)))


@cache
def name_heads(lang: str) -> frozenset[str]:
    """Generic first words of compound place names ("عين", "تل", "درب"; Arabic: with the
    joinable first words of `name_variants.yaml`): followed by another word, they open a
    longer name, not a place of their own."""
    heads = frozenset(_keys((_load("cues.yaml").get("name_heads") or {}).get(lang)))
    return heads | name_variants().joinable if lang == "ar" else heads


@dataclass(frozen=True)
class SubdivisionNames:
    """How ISO 3166-2 subdivision names become English entries (subdivisions_en.yaml)."""

    suffixes: tuple[str, ...]  # longest first: "Uygur Zizhiqu" before "Zizhiqu"
    generic: frozenset[str]  # look-up keys of words that name no particular area
    aliases: dict[str, tuple[str, ...]]  # ISO 3166-2 code -> names as written
    kinds: frozenset[str] = frozenset()  # look-up keys of kinds a generic name is written with

    def short_name(self, name: str) -> str:
        """The ISO name without a bracketed alternate, an inverted tail or a trailing kind
        of area ("Guangdong Sheng" -> "Guangdong", "Catalunya [Cataluña]" -> "Catalunya",
        "Madrid, Comunidad de" -> "Madrid")."""
        name = name.split("[")[0].split(",")[0].strip()
        for suffix in self.suffixes:
            if name.endswith(" " + suffix) and len(name) > len(suffix) + 2:
                return name[:-len(suffix) - 1].strip()
        return name

    def is_generic(self, name: str) -> bool:
        """Made of words that name no particular area only ("Central", "North East")."""
        words = name_key(name).replace("-", " ").split()
        return not words or all(w in self.generic for w in words)

    def english_name(self, name: str, kind: str) -> str | None:
        """The name English reports write for a subdivision named `name` of the ISO kind
        `kind`: `name`; a generic name with its kind after it ("Plateau", a State: "Plateau
        State"), or as it is when it ends with one ("Northern Territory"); None for a generic
        name of no listed kind ("Highland", a council area)."""
        if not self.is_generic(name):
            return name
        words = name_key(name).replace("-", " ").split()
        if words and words[-1] in self.kinds:
            return name
        return f"{name} {kind}" if name_key(kind) in self.kinds else None


@cache
def subdivision_names() -> SubdivisionNames:
    data = _load("subdivisions_en.yaml")
    return SubdivisionNames(
        suffixes=tuple(sorted((str(s) for s in data.get("suffixes") or ()), key=len,
                              reverse=True)),
        generic=frozenset(_keys(data.get("generic"))),
        aliases={str(code): tuple(str(n) for n in names or ())
                 for code, names in (data.get("aliases") or {}).items()},
        kinds=frozenset(_keys(data.get("kinds"))),
    )


@dataclass(frozen=True)
class ArabicSubdivision:
    """Arabic names of one ISO 3166-2 subdivision and its capital (subdivisions_ar.yaml)."""

    names: tuple[str, ...]  # as written, the usual one first
    capital: int | None  # GeoNames id of its capital


@cache
def subdivision_names_ar() -> dict[str, ArabicSubdivision]:
    """ISO 3166-2 code -> its Arabic names and capital."""
    return {str(code): ArabicSubdivision(tuple(str(n) for n in spec.get("names") or ()),
                                         int(spec["capital"]) if spec.get("capital") else None)
            for code, spec in _load("subdivisions_ar.yaml").items()}
