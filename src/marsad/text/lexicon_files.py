"""The text layer's word lists (`marsad/text/data/*.yaml`), read without importing spaCy, so
that light callers (the place finder of `marsad geocode`) can share them."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from marsad.text.normalize import YAML_LOADER

# the sections of numbers.yaml that hold cardinal number words: lists, and tables that map a
# value (or a scale's form) to its words
_CARDINAL_LISTS = ("teen_marker", "hundred", "hundred_dual")
_CARDINAL_TABLES = ("units", "teen_units", "tens")


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """The YAML data file `marsad/text/data/<name>.yaml`, parsed."""
    text = resources.files("marsad.text").joinpath("data", f"{name}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=YAML_LOADER)


def word_list(items, where: str) -> list[str]:
    """A lexicon word list, checked: every entry must be a string (YAML reads a bare `on` or
    `no` as a boolean)."""
    out = []
    for item in items or []:
        if not isinstance(item, str):
            raise TypeError(f"{where}: {item!r} is not a string (quote it)")
        out.append(item)
    return out


@cache
def cardinal_words(lang: str) -> tuple[str, ...]:
    """The cardinal number words of `lang` as numbers.yaml writes them ("خمس", "عشرة",
    "عشرين", "ألف"): units, teens, tens, hundreds and scales."""
    data = load_lexicon("numbers").get(lang) or {}
    words = [w for key in _CARDINAL_LISTS for w in data.get(key) or ()]
    for key in _CARDINAL_TABLES:
        for items in (data.get(key) or {}).values():
            words.extend(items or ())
    for forms in (data.get("scales") or {}).values():
        for items in (forms or {}).values():
            words.extend(items or ())
    return tuple(word_list(words, f"numbers.yaml: {lang}: cardinal words"))
