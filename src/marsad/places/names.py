"""Name keys: how a place name (or a run of document tokens) becomes a gazetteer look-up key.

`name_words(text)` folds a name exactly as document tokens are folded: `normalize_text` (alef,
hamza, ta marbuta, ya, digits, case), accents stripped from Latin letters ("Ālbū Kamāl" ->
"albu kamal"), apostrophes and ayn/hamza signs dropped ("Ma'arrat" -> "maarrat"), dotted
abbreviations joined ("U.S." -> "us"), and split into words on anything that is not a letter
or digit (hyphens, underscores of hashtags, punctuation). `name_key` joins those words with
one space. Both the index builder and the recogniser use these, so they always agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from marsad.text.normalize import is_arabic, normalize_text

_DROP = re.compile("['’‘`´ʻʼʿʾ\u02bb\u02bc\u02be\u02bf\u0301]")
_WORD = re.compile(r"[^\W_]+")
_ABBREV = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]\.?$")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# scripts that are neither Arabic nor Latin: a name written only in these is not ours
_OTHER_SCRIPT = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0700-\u074f\u0900-\u0dff"
    "\u0e00-\u0eff\u10a0-\u10ff\u1100-\u11ff\u1200-\u137f\u3040-\u30ff\u3400-\u9fff"
    "\uac00-\ud7af]"
)

MAX_NAME_CHARS = 200  # longer input is not a place name


# letters (hamza to yeh, tatweel) and ASCII: text made only of these has no accent to strip, and
# decomposing and composing it again gives it back
_PLAIN = re.compile(r"[\u0621-\u063a\u0640-\u064a\x00-\x7f]*")


def _strip_accents(text: str) -> str:
    if _PLAIN.fullmatch(text):
        return text
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch) and not ("\u0600" <= ch <= "\u06ff"):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


_ASCII_DROP = str.maketrans("", "", "'`")


# the Arabic letters `fold` keeps as they are: a word written only with these is folded already
# (most clitic forms of a normalised word are)
_FOLDED_LETTERS = "".join(ch for ch in map(chr, range(0x0621, 0x064B)) if normalize_text(ch) == ch
                          and _strip_accents(ch) == ch and not _DROP.search(ch))
_FOLDED = re.compile(f"[{_FOLDED_LETTERS}]+")


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """The matching form of a name or token (see the module docstring), not yet split."""
    if text.isascii():
        text = text.lower()
        if "." in text and _ABBREV.match(text):
            text = text.replace(".", "")
        return text.translate(_ASCII_DROP)
    if _FOLDED.fullmatch(text):
        return text
    text = normalize_text(text)
    text = _strip_accents(text)
    if _ABBREV.match(text):
        text = text.replace(".", "")
    return _DROP.sub("", text)


def name_words(text: str) -> list[str]:
    """The folded words of `text`."""
    if not text or len(text) > MAX_NAME_CHARS:
        return []
    return _WORD.findall(fold(text))


def name_key(text: str) -> str:
    """The look-up key of a name: its folded words joined by one space ("" for no words)."""
    return " ".join(name_words(text))


def script_of(text: str) -> str:
    """"ar" (Arabic script), "latin", "other" (another script only) or "none" (no letters)."""
    if is_arabic(text):
        return "ar"
    if _LATIN.search(text):
        return "latin"
    if _OTHER_SCRIPT.search(text):
        return "other"
    return "latin" if any(ch.isalpha() for ch in text) else "none"
