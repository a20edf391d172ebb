"""Interface labels in English and Arabic (from `labels.yaml`) and country names."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGS = ("en", "ar")


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, dict[str, str]]]:
    text = resources.files("marsad.web").joinpath("labels.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=4)
def _countries(lang: str) -> dict[str, str]:
    try:
        from babel import Locale

        return dict(Locale.parse(lang).territories)
    except (ImportError, ValueError, LookupError, OSError):  # no babel data: codes as they are
        return {}


class Translator:
    """`t(key)` for interface labels, `t.label(section, value)` for coded values."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "en"
        self.dir = "rtl" if self.lang == "ar" else "ltr"
        self._labels = labels()

    def __call__(self, key: str) -> str:
        return self.label("ui", key)

    def label(self, section: str, value: Any) -> str:
        if value is None:
            return ""
        entry = self._labels.get(section, {}).get(str(value))
        if not entry:
            return str(value)
        return entry.get(self.lang) or entry.get("en") or str(value)

    def country(self, code: str | None) -> str:
        if not code:
            return ""
        return _countries(self.lang).get(code.upper(), code)


def pick_lang(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The interface language: ?lang=, else the cookie, else Accept-Language, else English."""
    for value in (query, cookie):
        if value in LANGS:
            return value
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "en"
