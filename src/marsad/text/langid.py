"""`identify_language(text) -> code`: Arabic, English, or what else it cheaply looks like.

Returns "ar", "en", "fa" (Persian), "ur" (Urdu) or "und" (undetermined: too little text,
another script, another Latin-script language, or another Arabic-script language such as
Kurdish or Pashto). marsad reads "ar" and "en"; the others are reported as unsupported.

How: letter counts decide the script (Arabic, Latin, other). Inside Arabic script, Arabic
evidence (its function words, the article ال, ta marbuta ة and alef maqsura ى) is weighed
against Persian/Urdu evidence (letters Arabic does not use: پ چ ژ گ, ٹ ڈ ڑ ں ے ہ; the
zero-width non-joiner of Persian/Urdu spelling; Persian ی/ک when they are most of the text's
ya and kaf letters, not when a few stray ones turn up in copied Arabic; and function words
such as است، را، می، ہے، کے). Latin script is English when English function words beat those
of French, Spanish, German and other languages. The word lists are data: `data/langid.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("data") / "langid.yaml"

_ARABIC_SCRIPT = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"
                            "\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_ACCENTED = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_MARKS = re.compile("[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")  # tatweel, harakat
_WORD = re.compile(r"[^\W\d_]+")
_ZWNJ = "\u200c"
_AR_FOLD = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "أ": "ا", "إ": "ا", "آ": "ا",
                          "ٱ": "ا", "ۀ": "ه", "ہ": "ه", "ھ": "ه"})
_PERSIAN_YA_KAF = set("یک")
_ARABIC_YA_KAF = set("يىك")


@dataclass(frozen=True)
class _Signals:
    arabic_words: frozenset[str]
    persian_words: frozenset[str]
    urdu_words: frozenset[str]
    english_words: frozenset[str]
    other_latin_words: frozenset[str]
    persian_urdu_letters: frozenset[str]
    urdu_letters: frozenset[str]
    urdu_weak_letters: frozenset[str]
    other_arabic_script_letters: frozenset[str]


@lru_cache(maxsize=1)
def signals() -> _Signals:
    """The word and letter lists of `data/langid.yaml`."""
    data = yaml.safe_load(_DATA.read_text("utf-8"))

    def words(key: str, fold: bool = False) -> frozenset[str]:
        raw = data.get(key) or ()
        wrong = [w for w in raw if not isinstance(w, str)]
        if wrong:  # YAML reads a bare on/no/yes as a boolean: quote it in the file
            raise TypeError(f"{_DATA.name}: {key}: not a string: {wrong!r}")
        items = (_MARKS.sub("", w) for w in raw)
        return frozenset(w.translate(_AR_FOLD) if fold else w.lower() for w in items)

    def letters(key: str) -> frozenset[str]:
        return frozenset(str(data.get(key) or ""))

    return _Signals(
        arabic_words=words("arabic_words", fold=True),
        persian_words=words("persian_words"),
        urdu_words=words("urdu_words"),
        english_words=words("english_words"),
        other_latin_words=words("other_latin_words"),
        persian_urdu_letters=letters("persian_urdu_letters"),
        urdu_letters=letters("urdu_letters"),
        urdu_weak_letters=letters("urdu_weak_letters"),
        other_arabic_script_letters=letters("other_arabic_script_letters"),
    )


def identify_language(text: str) -> str:
    """Best guess of the language code of `text` (see module docstring)."""
    arabic = len(_ARABIC_SCRIPT.findall(text))
    latin = len(_LATIN.findall(text))
    other = sum(c.isalpha() for c in text) - arabic - latin
    if arabic + latin < 3 or other > arabic + latin:
        return "und"
    if arabic >= latin:
        return _arabic_script(text)
    return _latin_script(text)


def _arabic_script(text: str) -> str:
    sig = signals()
    plain = _MARKS.sub("", text)
    words = [w for w in _WORD.findall(plain) if _ARABIC_SCRIPT.match(w)]
    letters = [c for w in words for c in w]

    other_script = sum(c in sig.other_arabic_script_letters for c in letters)
    arabic_evidence = (
        3 * sum(w.translate(_AR_FOLD) in sig.arabic_words for w in words)
        + sum(len(w) > 3 and w.startswith("ال") for w in words)
        + letters.count("ة")
        + letters.count("ى")
    )
    persian_ya_kaf = sum(c in _PERSIAN_YA_KAF for c in letters)
    arabic_ya_kaf = sum(c in _ARABIC_YA_KAF for c in letters)
    # Persian ی/ک count only when they are most of the text's ya and kaf letters
    shared = 0.5 * persian_ya_kaf if persian_ya_kaf > 1.5 * arabic_ya_kaf else 0.0
    shared += sum(c in sig.persian_urdu_letters for c in letters) + plain.count(_ZWNJ)
    persian = 3 * sum(w in sig.persian_words for w in words)
    urdu = (3 * sum(w in sig.urdu_words for w in words)
            + sum(c in sig.urdu_letters for c in letters)
            + 0.25 * sum(c in sig.urdu_weak_letters for c in letters))

    if other_script >= 2 and other_script * 3 > arabic_evidence:
        return "und"
    if shared + max(persian, urdu) > arabic_evidence:
        return "ur" if urdu > persian else "fa"
    return "ar"


def _latin_script(text: str) -> str:
    sig = signals()
    words = [w.lower() for w in _WORD.findall(text) if _LATIN.match(w)]
    english = sum(w in sig.english_words for w in words)
    others = (sum(w in sig.other_latin_words for w in words)
              + 0.5 * len(_ACCENTED.findall(text)))
    if english and english >= others:
        return "en"
    if not english and not others and len(words) <= 20:
        return "en"  # a headline without function words: "Airstrikes hit Raqqa"
    return "und"
