"""Character normalisation for matching Arabic and English text.

`normalize_text(s) -> str` folds spelling variants that carry no meaning for matching:
alef and hamza forms, alef maqsura/ya, ta marbuta/ha, Persian and Urdu letter forms,
tatweel, diacritics, zero-width and bidi controls, Eastern Arabic and Persian digits,
Arabic punctuation, letters split by dots to dodge moderation, and Latin case.

`clitic_forms(norm) -> tuple[str, ...]` lists the forms a normalised Arabic word may stand
for once proclitics (و ف ب ل ك, ال, لل) and the possessive/dual ending of a ta-marbuta noun
are taken off, most literal first. Matchers look these up in their own lexicon, so a word is
only split when the remainder is a word they know: "والبوكمال" finds "البوكمال", while
"بغداد", "لبنان" or "وزير" are looked up whole first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_TRANSLATE = str.maketrans(
    {
        # alef forms and hamza carriers
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ؤ": "ء", "ئ": "ء",
        # alef maqsura, Persian/Urdu ya, ta marbuta and ha forms, Persian kaf
        "ى": "ي", "ی": "ي", "ې": "ي", "ے": "ي", "ۍ": "ي",
        "ة": "ه", "ۀ": "ه", "ە": "ه", "ہ": "ه", "ھ": "ه", "ۃ": "ه",
        "ک": "ك", "ڪ": "ك",
        # digits
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        # punctuation
        "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "«": '"', "»": '"',
        "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‐": "-", "‑": "-", "–": "-",
        "—": "-",
    }
)

# tatweel, harakat, superscript alef, Quranic marks; zero-width and bidi controls
_DELETE = re.compile(
    "[\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c\u00ad]"
)
_AR_LETTER = "\u0621-\u064a\u0671-\u06d3"
# a dot, asterisk or underscore inside a word, next to a single letter: ق.ص.ف, قص.ف, قصـ.ـف
_SPLIT_WORD = re.compile(
    rf"(?:(?<=(?<![{_AR_LETTER}])[{_AR_LETTER}])[._*•·]+(?=[{_AR_LETTER}]))"
    rf"|(?:(?<=[{_AR_LETTER}])[._*•·]+(?=[{_AR_LETTER}](?![{_AR_LETTER}])))"
)
_TATWEEL_SPLIT = re.compile(rf"(?<=[{_AR_LETTER}])\u0640+[._*•·]+\u0640*(?=[{_AR_LETTER}])"
                            rf"|(?<=[{_AR_LETTER}])[._*•·]+\u0640+(?=[{_AR_LETTER}])")
_ARABIC = re.compile(f"[{_AR_LETTER}]")


def normalize_text(text: str) -> str:
    """Return the matching form of `text` (any language); length may change.

    Idempotent: `normalize_text(normalize_text(s)) == normalize_text(s)` (the character map
    runs before dotted letters are joined, so "ا٫ا" does not become "ا.ا" and then "اا").
    """
    text = _TATWEEL_SPLIT.sub("", text)
    text = _DELETE.sub("", text)
    text = text.translate(_TRANSLATE)
    text = _SPLIT_WORD.sub("", text)
    return text.lower()


def is_arabic(text: str) -> bool:
    """True when `text` contains an Arabic-script letter."""
    return _ARABIC.search(text) is not None


_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
# possessive or dual endings of a ta-marbuta noun: مدينتي، مدينتين، مدينتان، مدينته، مدينتها
_TA_ENDINGS = ("تيهما", "تيها", "تهما", "تيه", "تين", "تان", "تهم", "تهن", "تها", "تنا", "تكم",
               "ته", "تي", "تا")

_PROTECTED_FILE = Path(__file__).with_name("data") / "protected_words.yaml"
# libyaml's safe loader when PyYAML has it (same result as `yaml.safe_load`, many times faster)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def protected_words() -> tuple[frozenset[str], tuple[str, ...], int]:
    """(whole words, word-initial prefixes, min length for a prefix) from protected_words.yaml.

    These words begin with a letter that looks like a proclitic (و ف ب ل ك) but is part of
    the word, so no prefix is ever stripped from them: "لبنان" is never "ل" + "بنان".
    """
    data = yaml.load(_PROTECTED_FILE.read_text("utf-8"), Loader=YAML_LOADER) or {}
    words = frozenset(
        normalize_text(str(w)).strip()
        for key in ("places", "words")
        for w in data.get(key) or ()
    )
    prefixes = data.get("prefixes") or {}
    items = tuple(normalize_text(str(p)) for p in prefixes.get("items") or ())
    return words, items, int(prefixes.get("min_length", 0))


def is_protected(word: str) -> bool:
    """True when no proclitic may be stripped from the normalised `word` (see above)."""
    words, prefixes, min_length = protected_words()
    if word in words:
        return True
    if len(word) >= min_length and word.startswith(prefixes):
        return True
    return any(base in words for base in _strip_ending(word))


def _strip_prefixes(word: str) -> list[str]:
    """Forms of `word` with a conjunction and/or preposition removed (لل gives ال).

    Nothing is stripped from a protected word, and a stem that is a protected word after a
    conjunction is kept whole ("ولبنان" -> "لبنان", not "بنان").
    """
    forms: list[str] = []
    if is_protected(word):
        return forms
    for conj in ("", *_CONJUNCTIONS):
        if conj and not word.startswith(conj):
            continue
        rest = word[len(conj):]
        if conj and is_protected(rest):
            if len(rest) >= 2:
                forms.append(rest)
            continue
        for prep in ("", *_PREPOSITIONS):
            if prep and not rest.startswith(prep):
                continue
            stem = rest[len(prep):]
            if (conj or prep) and len(stem) >= 2:
                forms.append(stem)
            if prep == "ل" and stem.startswith("ل"):
                forms.append("ا" + stem)
    return forms


def _strip_ending(word: str) -> list[str]:
    for ending in _TA_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return [word[: -len(ending)] + "ه"]
    return []


@lru_cache(maxsize=200_000)
def clitic_forms(norm: str) -> tuple[str, ...]:
    """Candidate forms of a normalised word, the word itself first, for lexicon look-up."""
    if not is_arabic(norm) or len(norm) < 3:
        return (norm,)
    forms = [norm]
    stems = _strip_prefixes(norm)
    forms.extend(stems)
    for base in [norm, *stems]:
        forms.extend(_strip_ending(base))
    for base in list(forms):
        if base.startswith("ال") and len(base) > 4:
            forms.append(base[2:])
    seen: dict[str, None] = {}
    for form in forms:
        seen.setdefault(form, None)
    return tuple(seen)
