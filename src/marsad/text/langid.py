"""`identify_language(text) -> code`: Arabic, English, or what else it cheaply looks like.

Script counts decide Arabic script vs Latin. Inside Arabic script, letters Arabic does not use
(پ چ ژ گ ٹ ڈ ڑ ں ے) and function words of Persian and Urdu (است، این، را، ہے، کے) tell those
apart; a stray Persian ی or ک in an Arabic report (common in copied text) does not.
Returns "ar", "en", "fa", "ur", or "und" (undetermined: too little text or another script).
"""

from __future__ import annotations

import re

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+")

_PERSIAN_LETTERS = set("پچژگ")
_URDU_LETTERS = set("ٹڈڑںےۓ")
_PERSIAN_WORDS = {"است", "این", "را", "که", "می", "های", "برای", "از", "با", "آن", "شد", "بود",
                  "شده", "کرد", "یک", "ایران", "هم", "نیز", "تا", "بر", "اند", "گفت"}
_URDU_WORDS = {"ہے", "کے", "میں", "اور", "کی", "کا", "نے", "سے", "کو", "ہیں", "یہ", "پر", "تھا"}
_ARABIC_WORDS = {"في", "فى", "من", "على", "إلى", "الى", "أن", "ان", "التي", "الذي", "عن", "مع",
                 "هذا", "هذه", "كان", "قال", "بين", "بعد", "ضد", "أو", "لا", "ما", "تم", "كما"}
_ENGLISH_WORDS = {"the", "of", "and", "in", "to", "a", "was", "were", "said", "on", "for",
                  "by", "with", "is", "that", "at", "from", "killed", "has", "have"}


def identify_language(text: str) -> str:
    """Best guess of the language code of `text` (see module docstring)."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if arabic + latin < 3:
        return "und"
    words = _WORD.findall(text)
    if arabic >= latin:
        persian = sum(c in _PERSIAN_LETTERS for c in text) + 3 * sum(w in _PERSIAN_WORDS for w in words)
        urdu = sum(c in _URDU_LETTERS for c in text) + 3 * sum(w in _URDU_WORDS for w in words)
        arabic_words = 3 * sum(w in _ARABIC_WORDS for w in words) + 1
        if urdu > arabic_words and urdu >= persian:
            return "ur"
        if persian > arabic_words:
            return "fa"
        return "ar"
    lower = [w.lower() for w in words]
    if sum(w in _ENGLISH_WORDS for w in lower) * 10 >= len(lower) or len(lower) < 8:
        return "en"
    return "und"
