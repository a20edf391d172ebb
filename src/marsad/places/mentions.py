"""Finding place-name mentions and their context cues in a stream of words.

`words_from_doc(doc)` (a spaCy `Doc` after `marsad_normalizer`) and `words_from_text(text)`
(a plain string, for `marsad geocode`, without loading spaCy) both give a list of `Word`s: the
folded look-up forms of each word (clitic forms first-literal for Arabic, see
`marsad.text.normalize.clitic_forms`), its character offsets, its capitalisation, and the
punctuation before it. Hashtags and underscores are split: "#حفر_الباطن" is two words, and
the "#" is no barrier ("مدينة #البتراء" is one phrase).

`MentionFinder(gazetteer, lang).find(words)` returns `RawMention`s: the longest gazetteer
names, left to right, each with the cues around it (type words such as "مدينة" or "town of",
relative words such as "ريف" or "outskirts of", compass directions, distances, locative
prepositions, list joiners) and links to the mentions it is coordinated with or contained in.
It decides nothing about which entry a name is, nor whether it is a place at all: that is
`marsad.places.resolve`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import compress, pairwise
from operator import attrgetter, itemgetter
from typing import Any

from marsad.places import lexicon
from marsad.places.gazetteer import FLAG_JOINED, FLAG_VARIANT, MAX_NAME_WORDS, Gazetteer
from marsad.places.names import MAX_NAME_CHARS, fold, name_key, name_words, script_of
from marsad.text.normalize import clitic_forms, is_arabic

_TRANSPARENT = frozenset("-'’‘ʼ`#")  # "#" opens a hashtag: "مدينة #البتراء" is one phrase
_QUOTES = frozenset('"«»“”„')
_SPLIT_TOKEN = re.compile(r"[#_@]+")
_LATIN_PARTICLES = frozenset(
    ["of", "the", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "el", "al", "ar", "as", "ash", "at", "az", "ad", "an", "en", "ez", "er", "es", "et", "ed", "bin", "ibn", "bint", "abu", "abou", "um", "umm", "sur", "upon", "on", "and", "y", "i", "van", "der", "den", "von", "au", "aux", "a", "am", "im"]
)
_FORMS = attrgetter("forms")
_KEY = attrgetter("key")
_CAN_START = itemgetter(3)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
# a word with the article, after a conjunction or preposition if any ("والحالة", "للعاصفة")
_DEFINITE = re.compile(r"^[وف]?(?:[بك]?ال|لل)\w{3}")
_DEFINITE_SHORT = re.compile(r"^[وف]?(?:[بك]?ال|لل)\w{2}")  # also "اليد", "الدم"
_MAX_PLANS = 500_000  # look-up answers for distinct words (and word runs) a finder keeps
_TANWEEN = re.compile("[\u064b-\u064d]")  # the endings of an indefinite word
_DUAL = ("تي", "تين", "تان")  # endings of a dual type word: "مدينتي", "بلدتين"
_MAJOR_POPULATION = 100_000  # a city this big is a major place (`MentionFinder.hyphen_pairs`)


@dataclass(slots=True, init=False)
class Word:
    """One word of the text: a token, or a piece of a token split at '#', '_' or '-'.

    `key` (its most literal form) and the two barrier flags are set once, when it is made
    (one `__init__` for all: a `Word` is made for every word of every document)."""

    text: str
    forms: tuple[str, ...]
    start: int
    end: int
    token: int
    sep: str  # punctuation between the previous word and this one
    sent_start: bool
    arabic: bool  # written with Arabic letters (worked out when not given)
    key: str
    barrier: bool  # a name may not run across the punctuation before this word
    # punctuation other than quotes before this word: cues do not reach across it
    hard_barrier: bool

    def __init__(self, text: str, forms: tuple[str, ...], start: int, end: int, token: int,
                 sep: str = "", sent_start: bool = False, arabic: bool | None = None) -> None:
        self.text = text
        self.forms = forms
        self.start = start
        self.end = end
        self.token = token
        self.sep = sep
        self.sent_start = sent_start
        self.arabic = is_arabic(text) if arabic is None else arabic
        self.key = forms[0] if forms else ""
        if sent_start:
            self.barrier = self.hard_barrier = True
        elif not sep:
            self.barrier = self.hard_barrier = False
        else:
            self.barrier, self.hard_barrier = _barriers(sep)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        letters = [ch for ch in self.text if ch.isalpha()]
        return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@lru_cache(maxsize=4096)
def _barriers(sep: str) -> tuple[bool, bool]:
    """(barrier, hard barrier) of the punctuation `sep` written before a word."""
    marks = [ch for ch in sep if ch not in _TRANSPARENT and not ch.isspace()]
    return bool(marks), any(ch not in _QUOTES for ch in marks)


def _word_forms(piece: str, spacy_forms: tuple[str, ...] | None = None) -> tuple[str, ...]:
    words = name_words(piece)
    if len(words) != 1:
        return tuple(words[:1])
    word = words[0]
    if not is_arabic(word):
        return (word,)
    forms = spacy_forms if spacy_forms else clitic_forms(word)
    out = [word]
    for f in forms:
        f = fold(f)
        if f and f not in out and " " not in f:
            out.append(f)
    return tuple(out)


def _pieces(text: str, start: int) -> list[tuple[str, int, int]]:
    """Split a token at '#', '_' and '@' (hashtags), and into its words (hyphens)."""
    out = []
    pos = 0
    for part in _SPLIT_TOKEN.split(text):
        idx = text.find(part, pos) if part else -1
        if not part or idx < 0:
            continue
        pos = idx + len(part)
        sub = name_words(part)
        if len(sub) <= 1:
            out.append((part, start + idx, start + idx + len(part)))
            continue
        # a hyphenated or dotted token: find each word's span approximately
        cursor = idx
        for w in re.split(r"[-‐‑/.]+", part):
            if not w:
                continue
            j = text.find(w, cursor)
            if j < 0:
                j = cursor
            out.append((w, start + j, start + j + len(w)))
            cursor = j + len(w)
    return out


@lru_cache(maxsize=100_000)
def _token_pieces(text: str, forms: tuple[str, ...]) -> tuple[tuple[str, int, int,
                                                                    tuple[str, ...], bool], ...]:
    """The words of one token written `text` whose clitic forms are `forms`: (piece, start and
    end offsets in the token, the piece's look-up forms, whether it is Arabic); pieces with no
    forms are left out."""
    pieces = _pieces(text, 0)
    out = []
    for piece, s, e in pieces:
        piece_forms = _word_forms(piece, forms if len(pieces) == 1 else None)
        if piece_forms:
            out.append((piece, s, e, piece_forms, is_arabic(piece)))
    return tuple(out)


_SENTENCE_END = frozenset([".", "!", "?", "؟", "\n"])
# (ORTH, NORM) string ids of a token -> how `words_from_doc` reads it: (0, has a line break)
# for white space, (1, text, ends a sentence) for punctuation, (2, piece) for a word of one
# piece and (3, pieces) for a word of several (pieces as `_token_pieces` gives them)
_TOKEN_READINGS: dict[tuple[int, int], tuple] = {}
_MAX_TOKEN_READINGS = 500_000


def _token_reading(strings: Any, orth: int, norm: int) -> tuple:
    text = strings[orth]
    if text.isspace():
        reading: tuple = (0, "\n" in text)
    elif not any(ch.isalnum() for ch in text):
        reading = (1, text, text in _SENTENCE_END)
    else:
        pieces = _token_pieces(text, clitic_forms(strings[norm]))
        reading = (2, pieces[0]) if len(pieces) == 1 else (3, pieces)
    if len(_TOKEN_READINGS) >= _MAX_TOKEN_READINGS:
        _TOKEN_READINGS.clear()
    _TOKEN_READINGS[(orth, norm)] = reading
    return reading


def words_from_doc(doc: Any) -> list[Word]:
    """Words of an analysed spaCy `Doc` (its tokens' `norm_` are the normalised forms).

    Reads the tokens' string ids as arrays, never making `Token`s; how each distinct (text,
    norm) pair splits into words and look-up forms is worked out once per process."""
    from spacy.attrs import IDX, NORM, ORTH, SENT_START  # `words_from_text` needs no spaCy

    words: list[Word] = []
    if not len(doc):
        return words
    with_sents = doc.has_annotation("SENT_START")
    columns = doc.to_array([ORTH, NORM, IDX, SENT_START] if with_sents
                           else [ORTH, NORM, IDX]).T.tolist()
    orths, norms, offsets = columns[0], columns[1], columns[2]
    sent_starts = columns[3] if with_sents else [0] * len(orths)
    strings = doc.vocab.strings
    append = words.append
    sep = ""
    pending_start = True
    readings = map(_TOKEN_READINGS.get, zip(orths, norms))
    for i, (reading, idx, sent_flag) in enumerate(zip(readings, offsets, sent_starts)):
        if sent_flag == 1:
            pending_start = True
        if reading is None:
            reading = _token_reading(strings, orths[i], norms[i])
        kind = reading[0]
        if kind == 2:
            piece, s, e, piece_forms, arabic = reading[1]
            append(Word(piece, piece_forms, idx + s, idx + e, i, sep, pending_start, arabic))
            pending_start = False
            sep = ""
        elif kind == 0:
            if reading[1]:
                pending_start = True
        elif kind == 1:
            sep += reading[1]
            if reading[2]:
                pending_start = True
        else:
            for n, (piece, s, e, piece_forms, arabic) in enumerate(reading[1]):
                append(Word(piece, piece_forms, idx + s, idx + e, i, sep if n == 0 else "-",
                            pending_start, arabic))
                pending_start = False
            sep = ""
    return words


_PLAIN_TOKEN = re.compile(r"[^\s,،;؛:!?؟()\[\]{}\"«»“”<>|]+|[,،;؛:!?؟()\[\]{}\"«»“”<>|]")


def words_from_text(text: str) -> list[Word]:
    """Words of a short plain text (a name or phrase given to `geocode`)."""
    words: list[Word] = []
    sep = ""
    for i, m in enumerate(_PLAIN_TOKEN.finditer(text[:MAX_NAME_CHARS * 5])):
        token = m.group()
        stripped = token.strip(".")
        if not any(ch.isalnum() for ch in token):
            sep += token
            continue
        offset = m.start() + token.find(stripped) if stripped else m.start()
        for n, (piece, s, e) in enumerate(_pieces(stripped or token, offset)):
            forms = _word_forms(piece)
            if forms:
                words.append(Word(piece, forms, s, e, i, sep if n == 0 else "-", not words))
        sep = ""
    return words


# --------------------------------------------------------------------------- mentions

@dataclass
class Cue:
    """A context word found next to a name."""

    kind: str  # type, relative, direction, locative, distance, container
    value: Any
    start: int  # word index of the cue's first word
    end: int


@dataclass(slots=True)
class RawMention:
    """A gazetteer name found in the words, with its context; not yet resolved."""

    start: int  # word indices [start, end)
    end: int
    key: str  # the name key matched
    rows: list[tuple[int, int]]  # (gazetteer row, flags)
    stripped: bool  # the first word matched through a clitic-stripped form
    lang: str
    # how the first word was matched: literal, clitic (و ف ب ل), kaf (ك), article (ال dropped
    # from the text), ending (a possessive or dual ending dropped)
    quality: str = "literal"
    type_cue: lexicon.TypeCue | None = None
    type_cue_inherited: bool = False
    relative: str | None = None
    direction: str | None = None
    distance_km: float | None = None
    locative: bool = False
    phrase_start: int = -1  # first word of the whole phrase (cues included)
    phrase_end: int = -1
    after_list: int | None = None  # index of the mention this one is listed after
    containers: list[int] = field(default_factory=list)  # indices of containing mentions
    contained: bool = False  # this mention is itself a container of an earlier one
    stop: str | None = None  # "never" / "needs_cue" (listed common words), "nisba" (adjective)
    lowercase: bool = False  # a Latin name written in lower case
    chunk: bool = False  # a Latin name inside a longer capitalised name
    between: bool = False
    headline: bool = False  # in a sentence written in title case
    state: str | None = None  # the US state abbreviated after it: "Charlotte, N.C."

    @property
    def strong_cue(self) -> bool:
        return bool((self.type_cue and not self.type_cue.weak) or self.relative
                    or self.direction or self.containers)


class MentionFinder:
    """Finds gazetteer names and their cues in a list of `Word`s."""

    def __init__(self, gazetteer: Gazetteer, lang: str) -> None:
        self.gazetteer = gazetteer
        self.lang = lang if lang in ("ar", "en") else "en"
        self.cues = lexicon.cues(self.lang)
        self.other_cues = lexicon.cues("en" if self.lang == "ar" else "ar")
        self.stop = lexicon.stopwords(self.lang)
        self.stop_other = lexicon.stopwords("en" if self.lang == "ar" else "ar")
        nisba = gazetteer.info.get("nisba") or {}
        self.nisba: dict[str, str | None] = nisba if isinstance(nisba, dict) else {
            k: None for k in nisba}
        self.demonyms = lexicon.demonyms("en")
        self.state_abbreviations = lexicon.us_state_abbreviations()
        self.numbers = lexicon.number_words("ar")
        self._article_keys: dict[tuple[str, int], bool] = {}  # see `_article_only`
        self.titles = lexicon.person_titles(self.lang) | lexicon.person_titles(
            "en" if self.lang == "ar" else "ar")
        self.groups = lexicon.group_words("ar")
        self.name_heads = lexicon.name_heads("ar")
        self._headline: list[bool] = []
        # (word index, country) of country names written as adjectives ("ليرة سورية") in the
        # words last given to `find`, for `focus_words`
        self._country_adjectives: list[tuple[int, str]] = []
        self._plans: dict[tuple[str, ...], tuple[tuple | None, int, str | None, bool]] = {}
        self._planned: tuple[list[Word], list[tuple]] = ([], [])  # the last words planned
        self._spans: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple] = {}
        self._table_lengths: dict[tuple[int, int], tuple[dict[str, Any], dict[str, int]]] = {}
        self._locatives = {c.locative: {k: k for k in c.locative}
                           for c in (self.cues, self.other_cues)}
        # for each language's cues: the words a cue before a name can end with, and those a
        # cue after a name can start with (a name with neither next to it has no cue)
        self._cue_edges = {id(c): (
            frozenset(k.split(" ")[-1] for table in (c.type_before, c.relative_before,
                                                     c.direction_before, c.locative)
                      for k in table),
            frozenset(k.split(" ")[0] for table in (c.type_after, c.relative_after,
                                                    c.direction_after) for k in table))
            for c in (self.cues, self.other_cues)}
        # for a Latin name in this finder's language (True) or the other: the words before it
        # that do not make it part of a longer capitalised name, and the cue words after it
        # that do not either (`_check_words`)
        self._chunk_edges = {
            same: (stop.function | self.cues.locative | _LATIN_PARTICLES | frozenset(
                k.split(" ")[-1] for k in (*c.type_before, *c.relative_before,
                                           *c.direction_before)),
                   frozenset(k.split(" ")[0] for k in (*c.type_after, *c.relative_after)))
            for same, stop, c in ((True, self.stop, self.cues),
                                  (False, self.stop_other, self.other_cues))}
        # words that are cues or function words are not names on their own ("شرقي", "الى")
        self.function_words: set[str] = set()
        for table in (self.cues, self.other_cues):
            for words in (table.type_before, table.type_after, table.relative_before,
                          table.relative_after, table.direction_before, table.direction_after,
                          table.locative, table.joiners, table.km_units, table.mile_units,
                          table.distance_lead):
                for phrase in words:
                    self.function_words.update(phrase.split(" "))

    # -- names
    def _plan(self, forms: tuple[str, ...]) -> tuple[tuple, int, str | None, bool]:
        """For a word with look-up `forms`: (the `_match` of the word alone, () for none; the
        most words of a name starting with it; the country of the adjective it is, if any;
        whether a name can start with it). Made once per distinct `forms`."""
        plan = self._plans.get(forms)
        if plan is None:
            lengths, lookup = self.gazetteer.name_lengths, self.gazetteer.lookup
            alone = next((self._match(forms, rank, (), rows) for rank, form in enumerate(forms)
                          if (rows := lookup(form))), ())
            longest = max(lengths.get(form, 1) for form in forms)
            plan = (alone, longest,
                    next((self.nisba[f] for f in forms if self.nisba.get(f)), None),
                    bool(alone) or longest > 1)
            if len(self._plans) >= _MAX_PLANS:
                self._plans.clear()
            self._plans[forms] = plan
        return plan

    def word_plans(self, words: list[Word]) -> list[tuple]:
        """The `_plan` of each of `words` (kept for the last list of words asked about)."""
        if self._planned[0] is words:
            return self._planned[1]
        plans = list(map(self._plans.get, map(_FORMS, words)))
        if None in plans:
            plans = [plan or self._plan(w.forms) for plan, w in zip(plans, words)]
        self._planned = (words, plans)
        return plans

    def _match_at(self, words: list[Word], keys: list[str], i: int, plan: tuple) -> tuple:
        """The `_match` of the longest name starting with word `i` (`keys`: the words' keys;
        `plan`: its `_plan`), () for none."""
        forms = words[i].forms
        longest = plan[1]
        limit = min(len(words), i + MAX_NAME_WORDS, i + longest)
        for j in range(i + 1, limit):
            if words[j].barrier:
                limit = j
                break
        if limit == i + 1:
            return plan[0]
        rest = tuple(keys[i + 1:limit])
        span = self._spans.get((forms, rest))
        if span is None:
            span = self._spans[(forms, rest)] = self._longest_name(forms, rest)
            if len(self._spans) >= _MAX_PLANS:
                self._spans.clear()
        return span

    def _longest_name(self, forms: tuple[str, ...], rest: tuple[str, ...]) -> tuple:
        """The `_match` of the longest name made of one of `forms` and the first of the words
        `rest`, its most literal form first; () for none."""
        lengths = self.gazetteer.name_lengths
        lookup = self.gazetteer.lookup
        best: tuple = ()
        found = 0  # words of the longest name found so far
        for rank, form in enumerate(forms):
            # no name starting with `form` has more words than `lengths` says
            for length in range(min(len(rest) + 1, lengths.get(form, 1)), found, -1):
                rows = lookup(" ".join([form, *rest[:length - 1]]) if length > 1 else form)
                if rows:
                    best = (rank, rest[:length - 1], rows)
                    found = length
                    break
        return self._match(forms, *best) if best else ()

    def _match(self, forms: tuple[str, ...], rank: int, rest: tuple[str, ...], rows: tuple
               ) -> tuple:
        """The name made of `forms[rank]` (the form of its first word) and the words `rest`,
        whose gazetteer rows are `rows`: (its number of words, key, rows, whether the first
        word matched through a stripped form, lang, quality);
        () for one word that is a cue or function word ("شرقي", "الى"), no name alone."""
        if not rest and (forms[rank] in self.function_words or forms[0] in self.function_words):
            return ()
        key = " ".join([forms[rank], *rest])
        return (1 + len(rest), key, rows, rank > 0,
                "ar" if script_of(key) == "ar" else "en", match_quality(forms[0], forms[rank]))

    def names(self, words: list[Word]) -> list[RawMention]:
        out: list[RawMention] = []
        plans = self.word_plans(words)
        keys = list(map(_KEY, words))
        after = 0  # the first word after the last name found
        # the words a name can start with
        for i in compress(range(len(words)), map(_CAN_START, plans)):
            if i < after:
                continue
            found = self._match_at(words, keys, i, plans[i])
            if not found or (keys[i] == "the" and self._longer_after(words, keys, i, found[0])):
                continue
            length, key, rows, stripped, lang, quality = found
            after = i + length
            mention = RawMention(i, after, key, rows, stripped, lang, quality=quality)
            self._check_words(mention, words)
            out.append(mention)
        return out

    def _longer_after(self, words: list[Word], keys: list[str], i: int, length: int) -> bool:
        """Whether a name written with capitals starting right after the "the" at `i` ends
        past the name of `length` words starting with it: "the Gulf of Aden" is not "the
        Gulf", "the Mediterranean Sea" not "the Mediterranean" ("the Gulf states" stays)."""
        if i + 1 >= len(words) or words[i + 1].barrier:
            return False
        plan = self.word_plans(words)[i + 1]
        after = self._match_at(words, keys, i + 1, plan) if plan[3] else ()
        return bool(after) and after[0] >= length and all(
            w.capitalised or w.key in _LATIN_PARTICLES for w in words[i + 1:i + 1 + after[0]])

    def _after_word(self, m: RawMention, word: Word, prev: Word | None) -> bool:
        """Whether the one-word name `m`, written as listed (`word`), follows an Arabic content
        word `prev` in the same phrase: a noun it may describe or count."""
        return m.end - m.start == 1 and m.quality == "literal" and prev is not None and \
            not word.barrier and prev.arabic and prev.key not in self.function_words and \
            prev.key not in self.stop.function

    def _adjective(self, m: RawMention, words: list[Word], prev: Word | None) -> bool:
        """Whether the one-word Arabic name `m` stands where an adjective would: shaped like
        one (ending in "ية", or a listed adjective such as a colour: "الراية البيضاء") right
        after a noun it agrees with, in the same hashtag if any:
        both with the article ("الحالة المطرية", the rainy spell, is not Al-Matariyah;
        "العملية السلمية" is the peace process), or both without it, the noun feminine ("حالة
        مطرية", "هطولات مطرية"). Country and first-level area names in "ية" are left alone
        ("الجارة السعودية"); listed adjectives are not ("اليد البيضاء" is no Al Bayda)."""
        word = words[m.start]
        listed = word.key in self.stop.adjectives
        if not (listed or word.key.endswith("يه")) or "#" in word.sep or \
                not self._after_word(m, word, prev):
            return False
        if listed:
            return bool(_DEFINITE_SHORT.match(prev.key))  # "الراية البيضاء", "اليد البيضاء"
        if word.key.startswith("ال"):
            if not _DEFINITE.match(prev.key):
                return False
        elif not prev.key.endswith(("ه", "ات")) or _DEFINITE.match(prev.key):
            return False
        feature = self.gazetteer.feature
        return not any(feature(row) in ("country", "admin1") for row, _ in m.rows)

    def _country_adjective(self, m: RawMention, words: list[Word], prev: Word | None) -> bool:
        """Whether the one-word Arabic name `m` of a country, written as listed and without the
        article, is spelt as its adjective is and follows an indefinite noun the adjective
        agrees with: feminine after a word in "ة" or "ات" ("ليرة سورية", "قوات صربية"), or
        with the accusative "ا" of an indefinite noun ("مواطنا سوريا", "جنديا تركيا").
        Records the country for `focus_words`."""
        word = words[m.start]
        if not self._after_word(m, word, prev) or _DEFINITE_SHORT.match(prev.key) or \
                word.key.startswith("ال") or "#" in word.sep:
            return False  # "#كورونا #ليبيا": two hashtags
        if word.key.endswith("يه"):
            agrees = prev.key.endswith(("ه", "ات"))
        elif word.key.endswith("يا"):  # not after a pronoun: "شهدتها كينيا", "وكذا روسيا"
            agrees = prev.key.endswith("ا") and not prev.key.endswith("ها") and \
                len(prev.key) >= 4 and self.stop.function.isdisjoint(prev.forms)
        else:
            return False
        country = next((self.gazetteer.country(row) for row, _ in m.rows
                        if self.gazetteer.feature(row) == "country"), None)
        if not agrees or country is None:
            return False
        self._country_adjectives.append((m.start, country))
        return True

    def _article_only(self, key: str, rows: list[tuple[int, int]]) -> bool:
        """Whether each entry of the one-word Arabic name `key` (written without the article)
        has the article in its own Arabic name, or in every Arabic name it has: `key` is then
        only a spelling made by dropping it (kept per key and number of rows: a spelling
        variant adds rows)."""
        known = self._article_keys.get((key, len(rows)))
        if known is None:
            if len(self._article_keys) >= _MAX_PLANS:
                self._article_keys.clear()
            g, with_article = self.gazetteer, "ال" + key
            known = self._article_keys[(key, len(rows))] = all(
                flags & FLAG_VARIANT and not flags & FLAG_JOINED
                or name_key(g.name_ar(row) or "") == with_article for row, flags in rows)
        return known

    def _common_reading(self, m: RawMention, words: list[Word], prev: Word | None) -> bool:
        """Whether the one-word Arabic name `m` reads more likely as a common word as written:

        - written without the article that every name of its entries has ("ظروف قاهرة",
          compelling circumstances, is not "القاهرة"; "سعودية" is an adjective);
        - a cardinal number: without the article, a count ("خمس سنوات"); with it, right after
          a definite noun it agrees with ("الساعات الخمس", the five hours, is not Al Khums);
        - a clitic and a function word ("بأي", with any, is not Bay);
        - written with a tanween, which no name takes ("صراعٍ قصيرٍ", a short struggle;
          "دوراً", a role; "سورياً", Syrian)."""
        if m.end - m.start != 1:
            return False
        word = words[m.start]
        if _TANWEEN.search(word.text):
            return True
        if m.quality in ("literal", "clitic", "kaf") and not m.key.startswith("ال") and \
                self._article_only(m.key, m.rows):
            return True
        if not self.numbers.isdisjoint(word.forms):
            if not _DEFINITE.match(word.key):
                return True  # "خمس", "وخمس", "بخمس": a count
            if self._after_word(m, word, prev) and _DEFINITE.match(prev.key):
                return True
        literal = word.forms[0]
        return m.quality in ("literal", "clitic") and any(
            form in self.stop.function and literal.endswith(form)
            and set(literal[:-len(form)]) <= _PARTICLES for form in word.forms[1:])

    def _quoted(self, m: RawMention, words: list[Word]) -> bool:
        """Whether the name `m` is written alone in guillemets, as the name of a paper, a
        group or an accord is («الشرق الأوسط», «القاعدة», «الطائف»), and names no country
        («إسرائيل» is the country). With a cue or a preposition such as "في" before it, it
        stays a place (حي «السلام», في «بيت كاحل»)."""
        if m.end >= len(words) or "«" not in words[m.start].sep or \
                "»" not in words[m.end].sep or (
                    m.start > 0 and not self.cues.locative.isdisjoint(words[m.start - 1].forms)):
            return False
        feature = self.gazetteer.feature
        return not any(feature(row) == "country" for row, _ in m.rows)

    def _noun_phrase(self, m: RawMention, words: list[Word]) -> bool:
        """Whether the one-word Arabic name `m`, also a common noun (listed in `nouns`, or
        needing a cue), is written with the article right before a definite adjective that
        is no country adjective, nor a direction (unless `_noun_direction`), and agrees with it
        ("العقبة الأولى", the first obstacle; "الميادين الرياضية", sports grounds; "الباب
        الرئيسي", the main door; "الضفة الشرقية للنهر"): the noun it describes. An
        adjective ends in "ي", "ية" or "ى" ("الماضي", "الكبرى") or is listed
        (`noun_adjectives`: "العامة"); after a name in "ة" it ends in "ة" or "ى" ("مطار
        الطبقة العسكري" names Tabqa). A listed noun without the article is the noun right
        before a definite word or an indefinite adjective ("ضفة النهر", "بلد عربي")."""
        if m.end - m.start != 1 or m.end >= len(words) or not (
                m.stop == "needs_cue" or m.key in self.stop.nouns):
            return False
        word, adjective = words[m.start], words[m.end]
        key = adjective.key
        if not _DEFINITE.match(word.key) and m.key in self.stop.nouns:
            # a listed noun without the article before a definite noun owns it ("ضفة النهر",
            # a river's bank; "طبقة الأوزون"); an indefinite adjective describes it ("بلد
            # عربي", an Arab country)
            return not adjective.barrier and adjective.arabic and \
                key not in self.stop.function and key not in self.function_words and (
                    _DEFINITE.match(key) is not None or key.endswith(("ي", "يه")))
        if not _DEFINITE.match(word.key) or adjective.barrier or not key.startswith("ال") or \
                key in self.stop.function or (
                    key in self.function_words and not self._noun_direction(m, words)) or \
                not self.nisba.keys().isdisjoint(adjective.forms):
            return False
        if word.text.endswith("ة") and not adjective.text.endswith(("ة", "ى")):
            return False
        return key.endswith(("ي", "يه")) or key in self.stop.noun_adjectives

    def _noun_direction(self, m: RawMention, words: list[Word]) -> bool:
        """Whether the Arabic name `m`, listed in `nouns` and written with no cue before it,
        is followed by a direction adjective and a word with "ل" that says of what: the noun
        it describes ("الضفة الشرقية للنهر", "الضفة الجنوبية للمتوسط"), not a part of a
        place ("الميادين الشرقية")."""
        if m.lang != "ar" or m.key not in self.stop.nouns or m.end + 1 >= len(words) or \
                m.type_cue or m.relative or m.direction or \
                words[m.end].key not in self.cues.direction_after:
            return False
        of = words[m.end + 1]
        return not of.barrier and of.key[:1] == "ل" and len(of.forms) > 1

    def _check_words(self, m: RawMention, words: list[Word]) -> None:
        stop = self.stop if m.lang == self.lang else self.stop_other
        span = words[m.start:m.end]
        m.headline = bool(self._headline) and self._headline[m.start]
        prev = words[m.start - 1] if m.start > 0 and not span[0].hard_barrier else None
        # "السورية", "والروسية": adjectives, never places (also after a title: "الرئيس السوري")
        nisba = m.end - m.start == 1 and not self.nisba.keys().isdisjoint(words[m.start].forms)
        if prev is not None and not nisba and not self.titles.isdisjoint(prev.forms[:2]):
            # "President Assad"; a listed given name is no place at all: "الفريق رياض"
            m.stop = "never" if m.key in stop.needs_cue else "person"
            return
        if m.key in stop.never or m.key in stop.function and not (m.lang == "en" and all(w.upper for w in span)):
            m.stop = "never"
        elif m.stripped and not stop.whole.isdisjoint(_more_literal(span[0].forms, m.key)):
            m.stop = "never"  # "للبنين" (for boys) holds no Benin
        elif len(span) > 1 and all(w in stop.function for w in m.key.split(" ")):
            m.stop = "never"  # "هي في"
        elif nisba:
            m.stop = "nisba"
        elif m.key in self.demonyms:
            m.stop = "nisba"  # "Syrian forces": the people, not the place
        elif m.lang == "ar" and self._country_adjective(m, words, prev):
            m.stop = "nisba"  # "ليرة سورية", "مواطنا سوريا": Syrian, not Syria
        elif m.key in stop.needs_cue or (m.lang == "ar" and (
                self._adjective(m, words, prev) or self._common_reading(m, words, prev))):
            m.stop = "needs_cue"
        if m.lang != "en":
            if m.stop == "needs_cue" and prev is not None and \
                    not self.groups.isdisjoint(prev.forms[:2]):
                m.stop = "never"  # "تنظيم القاعدة", "زعماء القاعدة": the group
            return
        first = span[0]
        if not first.capitalised and not (first.key == "the" and len(span) > 1):
            m.lowercase = True  # "the Netherlands" is fine, "reading" is not
        for w in span[1:]:
            if not w.capitalised and w.key not in _LATIN_PARTICLES:
                m.lowercase = True
        if len(m.key.replace(" ", "")) <= 2 and not all(w.upper for w in span):
            m.lowercase = True  # "US", "UK" only in capitals ("us" is a pronoun)
        m.chunk = any(self._chunk_sides(m, words))

    def _chunk_sides(self, m: RawMention, words: list[Word]) -> tuple[bool, bool]:
        """Whether the word before the Latin name `m`, and the word after it, make it part of
        a longer capitalised name ("George Clooney", "Washington Post"). A word in capitals
        goes with words in capitals: a dateline "LOS ANGELES" is no part of "Zorianna Kit"."""
        caps = all(w.upper for w in words[m.start:m.end])
        before = words[m.start - 1] if m.start > 0 and not words[m.start].barrier else None
        after = words[m.end] if m.end < len(words) and not words[m.end].barrier else None
        function, after_words = self._chunk_edges[m.lang == self.lang]
        return (before is not None and before.capitalised and before.key not in function
                and before.upper == caps,
                after is not None and after.capitalised and after.key not in after_words
                and after.upper == caps)

    def _major(self, m: RawMention) -> bool:
        """Whether the name `m` names a country, a first-level area or a city of
        `_MAJOR_POPULATION` people or more."""
        g = self.gazetteer
        return any(g.feature(row) in ("country", "admin1") or
                   g.population(row) >= _MAJOR_POPULATION for row, _ in m.rows)

    def hyphen_pairs(self, mentions: list[RawMention], words: list[Word]) -> None:
        """Two English names of major places joined by a hyphen ("the Kabul-Jalalabad
        highway", "the Iran-Iraq war") are two places, not one longer name: neither makes the
        other a chunk ("Coca-Cola", "Rolls-Royce" name no major places)."""
        for a, b in pairwise(mentions):
            if b.start != a.end or words[b.start].sep != "-" or not (a.chunk and b.chunk) \
                    or a.lang != "en" or b.lang != "en" or not (self._major(a) and self._major(b)):
                continue
            a.chunk = self._chunk_sides(a, words)[0]
            b.chunk = self._chunk_sides(b, words)[1]

    def _name_goes_on(self, m: RawMention, words: list[Word]) -> bool:
        """Whether the one-word Arabic name `m` is a generic first word of compound names
        (`name_heads`: "عين", "درب") written without the article and followed, in the same
        phrase, by a word that is no function or cue word, or by a listed given name that is
        written like one ("مير علي"): it opens a longer name ("عين علق", "درب السلطان") the
        gazetteer does not have."""
        if m.end - m.start != 1 or m.end >= len(words) or m.key not in self.name_heads:
            return False
        after = words[m.end]
        return not after.barrier and after.arabic and not _NUMBER.match(after.key) and (
            after.key in self.stop.needs_cue or after.key not in self.function_words
            and after.key not in self.stop.function)

    # -- cues
    def _phrase_before(self, words: list[Word], end: int, table: dict[str, Any],
                       longest: int) -> tuple[int, Any, int] | None:
        """The longest entry of `table` made of the words just before `end`: (first word,
        value, rank of the first word's form). Its first word may carry clitics ("لمدينتي");
        no punctuation may sit inside it."""
        # an entry of two words or more ends with the word before `end`
        longest = min(longest, end, self._lengths(table, -1).get(words[end - 1].key, 1))
        for length in range(longest, 0, -1):
            start = end - length
            if any(words[k].hard_barrier for k in range(start + 1, end)):
                continue
            tail = [w.key for w in words[start + 1:end]]
            for rank, form in enumerate(words[start].forms):
                value = table.get(" ".join([form, *tail]))
                if value is not None:
                    return start, value, rank
        return None

    def _phrase_after(self, words: list[Word], start: int, table: dict[str, Any],
                      longest: int) -> tuple[int, Any] | None:
        if start >= len(words):
            return None
        # an entry starts with the word at `start`
        longest = min(longest, len(words) - start, self._lengths(table, 0).get(words[start].key, 0))
        for length in range(longest, 0, -1):
            end = start + length
            if any(words[k].hard_barrier for k in range(start, end)):
                continue
            value = table.get(" ".join(w.key for w in words[start:end]))
            if value is not None:
                return end, value
        return None

    def _lengths(self, table: dict[str, Any], at: int) -> dict[str, int]:
        """The most words of an entry of `table`, by its first (`at` 0) or last (`at` -1) word:
        look-ups of more words always miss. Made once per table."""
        cached = self._table_lengths.get((id(table), at))
        if cached is None or cached[0] is not table:
            lengths: dict[str, int] = {}
            for phrase in table:
                words = phrase.split(" ")
                lengths[words[at]] = max(lengths.get(words[at], 0), len(words))
            cached = self._table_lengths[(id(table), at)] = (table, lengths)
        return cached[1]

    @staticmethod
    def _clitic_prefix(word: Word, rank: int, stem: str) -> str:
        """The proclitics written before `stem` in `word` when it matched a stripped form."""
        if rank <= 0 or not word.forms:
            return ""
        literal = word.forms[0]
        at = literal.find(stem[:3]) if stem else -1
        return literal[:at] if at > 0 else ""

    def cues_for(self, m: RawMention, words: list[Word], taken: set[int]) -> None:
        c = self.cues if m.lang == self.lang else self.other_cues
        head = m.key.split(" ")[0]
        if m.end - m.start > 1 and head in c.type_before:
            m.type_cue = c.type_before[head]  # the name itself says it: "محافظة إدلب"
        first = words[m.start]
        prefix = self._clitic_prefix(first, 1 if m.stripped else 0, head)
        if "ب" in prefix:
            m.locative = True  # "بسوريا"
        before_edge, after_edge = self._cue_edges[id(c)]
        m.phrase_start = m.start
        if m.start > 0 and not before_edge.isdisjoint(words[m.start - 1].forms):
            m.phrase_start = self._cues_before(m, words, taken, c)
        self._cues_after(m, words, taken, c, after_edge)
        if m.lang == "ar" and m.stop in (None, "needs_cue") and not (
                m.type_cue or m.relative or m.direction) and (
                    self._quoted(m, words) or self._noun_phrase(m, words)):
            m.stop = "never"  # «الشرق الأوسط»: a paper; "العقبة الأولى": the first obstacle
        if m.lang == "ar" and self._name_goes_on(m, words):
            # "بلدة عين علق": a longer name than the gazetteer has; its type word is its own
            m.stop, m.type_cue = "never", None

    def _cues_before(self, m: RawMention, words: list[Word], taken: set[int],
                     c: lexicon.Cues) -> int:
        """The cues before the name: a type word ("مدينة"), a relative word ("ريف"), a
        direction and distance ("20 كم شمال"), a locative ("في", "بين"); returns the first
        word of the phrase."""
        pos = m.start

        def before(table: dict[str, Any]) -> tuple[int, Any, int] | None:
            # an entry ends with a form of the word before `pos` (its key, for a longer one)
            if pos <= 0 or words[pos].hard_barrier or \
                    self._lengths(table, -1).keys().isdisjoint(words[pos - 1].forms):
                return None
            hit = self._phrase_before(words, pos, table, c.max_before)
            if hit is None or any(k in taken for k in range(hit[0], pos)):
                return None
            start, value, rank = hit
            if rank and match_quality(words[start].forms[0], words[start].forms[rank]) \
                    == "article":
                return None  # "المنطقة الخضراء": with the article it is a noun, not a cue
            not_after = getattr(value, "not_after", ())
            if not_after and start > 0 and any(f in not_after for f in words[start - 1].forms):
                return None  # "من ناحية ثانية", "ومن ناحية أخرى"
            return hit

        hit = before(c.type_before) if m.type_cue is None else None
        if hit and hit[1].office and not c.sectors.isdisjoint(words[m.start].forms):
            m.stop = "never"  # "مديرية الأمن": a directorate of a public service, no place
            hit = None
        if hit:
            pos, m.type_cue, rank = hit
            literal = words[pos].forms[0]
            if rank and literal.endswith(_DUAL) and not m.type_cue.plural:
                m.type_cue = replace(m.type_cue, plural=True)  # dual: "مدينتي X وY"
            if "ب" in self._clitic_prefix(words[pos], rank, words[pos].forms[rank]):
                m.locative = True
        hit = before(c.relative_before)
        if hit:
            pos, m.relative, rank = hit
            if "ب" in self._clitic_prefix(words[pos], rank, words[pos].forms[rank]):
                m.locative = True
        hit = before(c.direction_before)
        if hit:
            pos, m.direction, rank = hit
            if "ب" in self._clitic_prefix(words[pos], rank, words[pos].forms[rank]):
                m.locative = True
            if m.relative is None:
                hit = before(c.relative_before)  # "جنوب ريف X" is rare; "near" is common
                if hit and hit[1] != "countryside":
                    pos, m.relative, _ = hit
            pos = self._distance(words, pos, m, c)
        if m.relative == "near" and m.direction is None and m.distance_km is None:
            m.relative = None  # "قرب X" / "near X": a locative, not a new area
            m.locative = True
        hit = before(self._locatives[c.locative])
        if hit:
            m.locative = True
            m.between = hit[1] in ("بين", "between")
        return pos

    def _cues_after(self, m: RawMention, words: list[Word], taken: set[int], c: lexicon.Cues,
                    after_edge: frozenset[str]) -> None:
        """The cues after the name: a direction adjective ("ريف حلب الشمالي"), a type word
        ("X province"); sets `m.phrase_end`."""
        end = m.end
        # no cue starts with the word after the name: no look-up can find one
        tables = () if end >= len(words) or words[end].key not in after_edge else (
            (c.direction_after, "direction"), (c.type_after, "type_cue"),
            (c.relative_after, "relative"))
        for table, attr in tables:
            if getattr(m, attr) is not None or attr == "direction" and self._noun_direction(
                    m, words):
                continue
            hit_after = self._phrase_after(words, end, table, c.max_after)
            if hit_after is None or any(k in taken for k in range(end, hit_after[0])):
                continue
            if attr == "relative" and hit_after[1] == "near":
                continue
            if attr == "type_cue" and self._cue_of_next(words, end, hit_after[0], c):
                continue
            end, value = hit_after
            setattr(m, attr, value)
        if m.relative == "countryside" and m.direction is None:
            hit_after = self._phrase_after(words, end, c.direction_after, c.max_after)
            if hit_after:
                end, m.direction = hit_after
        m.phrase_end = end

    @staticmethod
    def _cue_of_next(words: list[Word], start: int, end: int, c: lexicon.Cues) -> bool:
        """Whether the type word at `start`..`end` after a name opens a cue of the next name
        instead ("the Sinai town of Arish": "town of" is Arish's, Sinai is no town)."""
        return end < len(words) and words[end].key == "of" and not words[end].barrier and \
            " ".join(w.key for w in words[start:end + 1]) in c.type_before

    def _distance(self, words: list[Word], pos: int, m: RawMention, c: lexicon.Cues) -> int:
        """"20 كم شمال X", "20 km north of X": a number and a unit before the direction."""
        if pos < 2:
            return pos
        unit = words[pos - 1].key
        factor = 1.0 if unit in c.km_units else 1.609 if unit in c.mile_units else 0.0
        number = words[pos - 2].key
        if factor and _NUMBER.match(number):
            m.distance_km = round(float(number.replace(",", "")) * factor, 1)
            pos -= 2
            for length in (2, 1):
                if pos >= length and " ".join(w.key for w in words[pos - length:pos]) \
                        in c.distance_lead:
                    pos -= length
                    break
        return pos

    # -- links between mentions
    def link(self, mentions: list[RawMention], words: list[Word]) -> None:
        """Lists ("X وY", "X، Y") and containment ("X في ريف حلب", "X، منطقة Y", "Tampa,
        Florida"). A comma may be either: the resolver keeps a container only when an entry
        of the first name lies inside it."""
        c = self.cues
        inside = {"في", "فى", "in", "of"}
        for k in range(1, len(mentions)):
            prev, cur = mentions[k - 1], mentions[k]
            gap = words[prev.phrase_end:cur.phrase_start]
            if len(gap) > 1 or cur.phrase_start >= len(words):
                continue
            head = words[cur.phrase_start]
            seps = "".join(w.sep for w in gap) + head.sep
            if seps.strip(",،- \"«»“”") or head.sent_start:
                continue  # a full stop, a bracket or a quote between them
            comma = "," in seps
            gap_key = gap[0].key if gap else None
            if "،" in seps and not comma:
                # the Arabic comma also ends clauses: it only lists after a plural type word
                # when the list goes on ("بلدات X، Y وZ"), and holds a name in the area named
                # with its type word or a compass word after it ("X، محافظة Y", "X، شمال Y")
                if gap or head.forms[0][:1] == "و":
                    continue
                if self._plural_list(k - 1, mentions, words) and self._list_follows(
                        cur, mentions[k + 1] if k + 1 < len(mentions) else None, words):
                    cur.after_list = k - 1
                elif cur.type_cue or cur.phrase_start < cur.start and (
                        cur.relative or cur.direction):
                    comma = True
                else:
                    continue
            and_clitic = head.forms[0][:1] == "و" and len(head.forms) > 1 and not gap
            if gap_key in c.joiners or (gap_key is None and (comma or and_clitic)):
                cur.after_list = k - 1
                if cur.type_cue is None and prev.type_cue and prev.type_cue.plural:
                    cur.type_cue, cur.type_cue_inherited = prev.type_cue, True
                if prev.between and gap_key in c.joiners | {None}:
                    cur.between = True
            # "X بريف حلب", "X شمال حلب"; "رفح بمحافظة شمال سيناء" (a name with its type word);
            # after a name with its own type word, "ب" alone: "حي الكرادة ببغداد"
            nested = gap_key in inside or (gap_key is None and (comma or (
                (cur.phrase_start < cur.start or cur.type_cue) and
                (cur.locative or cur.relative or cur.direction)) or (
                    cur.locative and cur.lang == "ar" and prev.type_cue is not None and
                    not prev.type_cue_inherited)))
            if nested and not prev.between and prev.key != cur.key:  # "#X في X": no X in X
                prev.containers.append(k)
                cur.contained = True
        for m in mentions:  # a plural cue covers a whole list ("بلدات X وY وZ")
            if m.after_list is not None and m.type_cue is None:
                head_m = mentions[m.after_list]
                if head_m.type_cue and head_m.type_cue.plural:
                    m.type_cue, m.type_cue_inherited = head_m.type_cue, True
        # a plural type word before one name and no list: "مدن البلاد" are the cities of the
        # country, not towns called البلاد (a dual names two: "منطقتي «راس لانوف» «السدرة»")
        for k, m in enumerate(mentions):
            if m.type_cue and m.type_cue.plural and not m.type_cue_inherited and \
                    not (m.start and words[m.start - 1].forms[0].endswith(_DUAL)) and \
                    not self._list_follows(m, mentions[k + 1] if k + 1 < len(mentions)
                                           else None, words):
                m.type_cue = None

    @staticmethod
    def _plural_list(k: int, mentions: list[RawMention], words: list[Word]) -> bool:
        """Whether mention `k` is in a list opened by a plural type word that is no dual
        ("بلدات X، Y", not "مدينتي X وY، Z")."""
        head = mentions[k]
        while head.after_list is not None:
            head = mentions[head.after_list]
        return bool(head.type_cue and head.type_cue.plural) and not (
            head.start and words[head.start - 1].forms[0].endswith(_DUAL))

    def _list_follows(self, m: RawMention, following: RawMention | None,
                      words: list[Word]) -> bool:
        """Whether a list goes on after the phrase of `m`: "و" joins a word to it ("أحياء
        الأشرفية والجميزة"), or a comma the next mention `following` ("قرى X، Y")."""
        if m.phrase_end >= len(words) or words[m.phrase_end].sent_start:
            return False
        after = words[m.phrase_end]
        if not after.barrier:
            return after.key in self.cues.joiners or (
                after.forms[0][:1] == "و" and len(after.forms) > 1)
        return following is not None and following.phrase_start == m.phrase_end and \
            not after.sep.strip(",، ")

    def focus_words(self, words: list[Word]) -> list[tuple[int, str]]:
        """(word index, country) of adjectives and words for a people ("السورية", "Syrian",
        "Syrians"): not places, but evidence of the report's focus country."""
        out = []
        plans = self.word_plans(words)
        for i, (w, plan) in enumerate(zip(words, plans)):
            if w.arabic:
                cc = plan[2]
            elif w.capitalised:
                pair = f"{w.key} {words[i + 1].key}" if i + 1 < len(words) else ""
                cc = self.demonyms.get(pair) or self.demonyms.get(w.key)
            else:
                cc = None
            if cc:
                out.append((i, cc))
        if self._country_adjectives and self._planned[0] is words:
            out = sorted(out + self._country_adjectives)
        return out

    def find(self, words: list[Word]) -> list[RawMention]:
        self._headline = headline_flags(words)
        self._country_adjectives = []
        mentions = self.names(words)
        if self.lang == "en":
            self.hyphen_pairs(mentions, words)
            self.surnames(mentions, words)
        taken = set()
        for m in mentions:
            taken.update(range(m.start, m.end))
        for m in mentions:
            self.cues_for(m, words, taken)
        if self.lang == "en":
            self.states_after(mentions, words)
        self.link(mentions, words)
        return mentions

    def states_after(self, mentions: list[RawMention], words: list[Word]) -> None:
        """A US state abbreviated after an English name, or after its phrase ("Dover Air Force
        Base, Del."), and a comma ("CHARLOTTE, N.C.", "Framingham, Mass.", "Tampa, FL"): sets
        the name's `state`. An abbreviation counts with its full stop, a postal code in
        capitals; it is then no name of its own ("GA"). Run after `cues_for`."""
        starts = {m.start: m for m in mentions}
        for m in mentions:
            end = max(m.end, m.phrase_end)
            if m.lang != "en" or end >= len(words) or "," not in words[end].sep \
                    or words[end].sent_start:
                continue
            for length in (1, 2):
                written = words[end:end + length]
                if len(written) < length or any(w.barrier for w in written[1:]):
                    break
                letters = "".join(ch for w in written for ch in w.text if ch.isalpha())
                after = words[end + length] if end + length < len(words) else None
                stop = written[-1].text.endswith(".") or (
                    after is not None and after.sep.startswith("."))
                state = (stop and self.state_abbreviations.get((letters, True))) or (
                    letters.isupper() and self.state_abbreviations.get((letters, False)))
                if state:
                    m.state = state
                    own = starts.get(end)
                    if own is not None and own.end <= end + length:
                        own.stop = "never"
                    break

    def surnames(self, mentions: list[RawMention], words: list[Word]) -> None:
        """A one-word English name written once as the end of a person's name ("Peyton
        Manning", "President Assad"; not in a headline) names that person elsewhere in the
        text too: its other bare mentions get `stop` "person"."""
        people = set()
        for m in mentions:
            if m.lang != "en" or m.end - m.start != 1 or m.headline:
                continue
            before = words[m.start - 1] if m.start > 0 and not words[m.start].barrier else None
            after = words[m.end] if m.end < len(words) and not words[m.end].hard_barrier \
                else None
            if m.stop == "person" or (
                    m.chunk and before is not None and before.capitalised and not before.upper
                    and not (after is not None and after.capitalised)):
                people.add(m.key)
        for m in mentions:
            if m.key in people and m.stop is None and not m.chunk and m.end - m.start == 1:
                m.stop = "person"


_CLITICS = "وفبلك"
_PARTICLES = frozenset("وفبل")  # clitics before a function word ("بأي", "فلما"); not ك


def _more_literal(forms: tuple[str, ...], key: str) -> tuple[str, ...]:
    """The look-up `forms` of a word that come before the form its name `key` starts with."""
    first = key.split(" ")[0]
    return forms[:forms.index(first)] if first in forms else ()


def match_quality(literal: str, form: str) -> str:
    """How a written word relates to the form it matched (see `RawMention.quality`)."""
    if literal == form:
        return "literal"
    at = literal.rfind(form)
    if at > 0 and at + len(form) == len(literal):
        prefix = literal[:at]
        if prefix.endswith(("ال", "لل")):
            return "article"
        if all(ch in _CLITICS for ch in prefix):
            return "kaf" if "ك" in prefix else "clitic"
    if form.startswith("ال") and literal.endswith(form[2:]) and literal[:-len(form) + 2] \
            .endswith("لل"):
        return "clitic"  # "للبوكمال" -> "البوكمال"
    return "ending"


def headline_flags(words: list[Word]) -> list[bool]:
    """For each word, whether its sentence is written in title case."""
    flags = [False] * len(words)
    start = 0
    for i in range(1, len(words) + 1):
        if i == len(words) or words[i].sent_start:
            value = title_case(words[start:i])
            for k in range(start, i):
                flags[k] = value
            start = i
    return flags


def title_case(words: Iterable[Word]) -> bool:
    """Nearly every longer Latin word capitalised: a headline, where capitals say nothing."""
    latin = [w for w in words if not w.arabic and w.text[:1].isalpha()
             and len(w.text) >= 4]
    if len(latin) < 3:
        return False
    caps = sum(1 for w in latin if w.capitalised)
    return caps / len(latin) >= 0.85
