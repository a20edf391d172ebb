"""Arabic spellings of romanised Arabic place names, for places no source names in Arabic.

GeoNames writes the towns of Arab countries in the BGN/PCGN romanisation ("Al Khafjī",
"Rafḩā’", "An Nu‘ayrīyah", "Aş Şulaybīkhāt"), which maps back to Arabic letters almost one to
one: long vowels and consonants are written, short vowels are not, the article is "Al" or
assimilated ("Aş Ş..."), a final "-ah" is ta marbuta. `arabize` does that mapping and answers
None for names that are not in that romanisation (French "Ouled ...", English "Kuwait City"),
so only names it can read get an Arabic key. The index adds these keys as variants of places
that have no Arabic name of their own.
"""

from __future__ import annotations

import re
import unicodedata

_ARTICLES = frozenset({"al", "el", "ad", "adh", "ar", "an", "as", "ash", "at", "ath", "az",
                       "aş", "aḑ", "aţ", "az̧"})
_DIGRAPHS = {"sh": "ش", "kh": "خ", "th": "ث", "dh": "ذ", "gh": "غ"}
_LETTERS = {
    "b": "ب", "t": "ت", "j": "ج", "ḩ": "ح", "d": "د", "r": "ر", "z": "ز", "s": "س", "ş": "ص",
    "ḑ": "ض", "ţ": "ط", "z̧": "ظ", "‘": "ع", "f": "ف", "q": "ق", "k": "ك", "l": "ل", "m": "م",
    "n": "ن", "h": "ه", "w": "و", "y": "ي", "ā": "ا", "ī": "ي", "ū": "و", "á": "ى", "’": "ء",
}
_SHORT = frozenset("aiu")
# a name with any other letter is not in the BGN/PCGN romanisation of Arabic
_ALLOWED = re.compile(r"^[abdfhijklmnqrstuwyzāīūáḩşḑţ‘’\u0327 '-]+$")


def _word(word: str) -> str | None:
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        pair = word[i:i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        if pair == "z\u0327":
            out.append("ظ")
            i += 2
            continue
        if ch in _SHORT:
            if i == n - 2 and word[i:] == "ah" and i > 0:
                out.append("ة")
                break
            if i == 0:
                out.append("ا")
            i += 1
            continue
        if ch in ("ī", "ū", "ā") and i == 0:
            out.append("ا" if ch != "ā" else "آ")
            if ch != "ā":
                out.append(_LETTERS[ch])
            i += 1
            continue
        if ch == "’" and 0 < i < n - 1:
            out.append("ا")  # medial hamza: "Ra’s" -> راس (as normalised Arabic writes it)
            i += 1
            continue
        letter = _LETTERS.get(ch)
        if letter is None:
            return None
        out.append(letter)
        i += 1
    # shadda is not written: "Şabāḩīyah" -> صباحية, not صباحيية
    merged: list[str] = []
    for letter in out:
        if merged and merged[-1] == letter and letter not in "ا":
            continue
        merged.append(letter)
    return "".join(merged) or None


def arabize(name: str) -> str | None:
    """The Arabic spelling of a BGN/PCGN romanised name, or None when `name` is not one."""
    if not name or len(name) > 60:
        return None
    text = unicodedata.normalize("NFD", name)
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("'", "’").replace("`", "‘").replace("ʼ", "’").replace("ʻ", "‘")
    if not _ALLOWED.match(text):
        return None
    if not any(ch in text for ch in "āīūḩşḑţ‘’\u0327á"):
        return None  # no BGN mark: an English or French spelling ("Kuwait City")
    words = [w for w in re.split(r"[\s-]+", text) if w]
    out: list[str] = []
    article = False
    for w in words:
        if w in _ARTICLES:
            article = True
            continue
        arabic = _word(w)
        if arabic is None:
            return None
        out.append(("ال" + arabic) if article else arabic)
        article = False
    if article or not out:
        return None
    return " ".join(out)
