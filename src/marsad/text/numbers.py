"""Quantities: numbers, number words, ranges and vague amounts, each with the noun it counts.

`QuantityRecognizer` is the spaCy component "marsad_numbers". In: a `Doc` run through
"marsad_normalizer". Out: `doc._.quantities`, a list of `Quantity` in text order.

What is read (lexicon: `data/numbers.yaml`):
- digits with thousands separators, Western or Eastern: 1,200 / ١٬٢٠٠ / 1.200 (a dot followed by
  groups of exactly three digits is a thousands separator; any other decimal counts only
  before a scale word: 1.5 مليون / 1.5 million);
- number words to the billions: ثلاثة وعشرون, مئة وخمسون, ألفين, ثلاثة آلاف, خمسمائة ألف;
  twenty-three, two hundred and five, a dozen, 1.5 million;
- the dual of a countable noun (طفلين, سيارتان = 2), from a list of nouns whose dual is not
  spelt like their plural (مدنيين is a plural and is not read as 2);
- ranges: between 10 and 15 / بين 10 و15, 10-15, 10 to 15, 3 or 4 (approximate);
  "rose from 10 to 15" / "ارتفع من 10 إلى 15" is a change, not a range: two quantities;
- bounds: at least / ما لا يقل عن / على الأقل (after) -> min only; more than / أكثر من -> min+1;
  less than / أقل من -> max-1; up to / ما يصل إلى -> max only; or more / فأكثر -> min only;
- approximations: about / نحو / حوالي / قرابة / تقريبا -> min = max = the figure, approximate;
- vague amounts as ranges (conventions documented in the data file): عشرات / dozens 20-99,
  مئات / hundreds 200-999, آلاف / thousands 2000-9999, عدة / several 3-9, a few 2-5,
  and "several hundred" / "عدة مئات" 300-999;
- unknown amounts: many / كثيرين / عدد كبير / العديد: min = max = None, unknown = True.

Not quantities: percentages (20%, 20 في المئة), labels and times (القرار 2254, الساعة 10),
ordinals (12th), a decimal with no scale word. Numbers that are part of a date (30 نوفمبر,
2017) are removed by "marsad_dates", which runs next and owns date numbers.

The counted noun is the first content word after the number (passing من / of / the), the noun
before a post-nominal واحد/اثنين/كثيرين ("مدنيين اثنين"), or the dual noun itself. `noun_norm`
is its matching key: normalised, without و/ف/ب/ل + ال, and without the accusative alif of a
tamyiz after 11-99 ("695 تقريرا" -> تقرير); for a dual, the singular ("طفلين" -> طفل).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from marsad.text.lexicon_files import load_lexicon, word_list
from marsad.text.matcher import PassingWords, TermMatcher, token_positions
from marsad.text.normalize import is_arabic, normalize_text
from marsad.text.normalizer import doc_text

if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=[])


@dataclass
class Quantity:
    """A number expression: char span [start, end) in the original text, its range and noun."""

    start: int
    end: int
    text: str
    min: int | None
    max: int | None
    approximate: bool = False
    unknown: bool = False
    noun: str | None = None
    noun_norm: str | None = None
    noun_start: int | None = None
    noun_end: int | None = None
    token_start: int = 0
    token_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict, in field order (`dataclasses.asdict` without its deep copy:
        every field is a number, string or None)."""
        return {name: getattr(self, name) for name in _QUANTITY_FIELDS}


_QUANTITY_FIELDS = tuple(f.name for f in fields(Quantity))


# ---------------------------------------------------------------------------------------------
# lexicon

_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_NUMBER = (
    rf"{_D}{{1,3}}(?:[,\u066c]{_D}{{3}})+(?:[.\u066b]{_D}+)?"  # 1,200 / 1,200.5 / ١٬٢٠٠
    rf"|{_D}+(?:\.{_D}{{3}})+"  # 1.200 (dot as thousands separator)
    rf"|{_D}+(?:[.\u066b]{_D}+)?"  # 12 / 1.5
)
# optional clitics/quotes before, optional "-N" range or % after
_DIGIT_TOKEN = re.compile(
    rf"^(?P<pre>(?:[وفبلك]|ال|لل|وال|بال|فال|ول|وب)?\u0640*[\"'«“(]?)"
    rf"(?P<num>{_NUMBER})(?:[-\u2013](?P<num2>{_NUMBER}))?(?P<post>[%\u066a]?)$"
)
_DIGIT_TRANS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                              **{chr(0x06F0 + i): str(i) for i in range(10)},
                              "\u066b": ".", "\u066c": ","})
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _digit_value(raw: str) -> tuple[float | int, bool]:
    """Value of a digit string and whether it is a decimal fraction."""
    s = raw.translate(_DIGIT_TRANS)
    if _DOT_THOUSANDS.fullmatch(s):  # 1.200 = 1200 (dot as thousands sep.)
        return int(s.replace(".", "")), False
    s = s.replace(",", "")
    if "." in s:
        return float(s), True
    return int(s), False


@lru_cache(maxsize=50_000)
def _digit_reading(text: str) -> tuple | None:
    """How a token's text reads as a number: (value, second value of a "10-15" range or None,
    decimal?, start and end of the figures in `text`, percent?, prefix before the figures);
    None when it is no number."""
    m = _DIGIT_TOKEN.match(text)
    if not m:
        return None
    value, decimal = _digit_value(m.group("num"))
    value2 = None
    if m.group("num2"):
        value2, decimal2 = _digit_value(m.group("num2"))
        decimal = decimal or decimal2
    end = m.end("num2") if m.group("num2") else m.end("num")
    return value, value2, decimal, m.start("num"), end, bool(m.group("post")), m.group("pre")


@dataclass(frozen=True)
class Atom:
    """One number word: kind (unit, teen_unit, teen, ten, hundred, scale, scale_dual,
    scale_plural, dozen, article) and value."""

    kind: str
    value: int


_MAX_READINGS = 100_000  # words whose `NumberLexicon.atoms` are remembered


class NumberLexicon:
    """Normalised number words and quantity phrases of one language, from numbers.yaml."""

    def __init__(self, lang: str, tokenize) -> None:
        data = load_lexicon("numbers")[lang]
        self.lang = lang
        self.arabic = lang == "ar"
        self.words: dict[str, list[Atom]] = {}
        self._readings: dict[str, tuple[list[Atom], int, bool]] = {}  # norm -> `atoms(norm)`
        for value, words in (data.get("units") or {}).items():
            self._add(words, Atom("unit", int(value)))
        for value, words in (data.get("teen_units") or {}).items():
            self._add(words, Atom("teen_unit", int(value)))
        self._add(data.get("teen_marker", []), Atom("teen", 10))
        for value, words in (data.get("tens") or {}).items():
            self._add(words, Atom("ten", int(value)))
        self._add(data.get("hundred", []), Atom("hundred", 100))
        self._add(data.get("hundred_dual", []), Atom("hundreds", 200))
        for value, stems in (data.get("hundred_prefixes") or {}).items():
            for stem in stems:
                for hundred in data.get("hundred", []):
                    self._add([stem + hundred], Atom("hundreds", int(value) * 100))
        for scale, forms in (data.get("scales") or {}).items():
            for kind in ("singular", "dual", "plural"):
                self._add(forms.get(kind, []), Atom(f"scale_{kind}", int(scale)))
        self._add(data.get("dozen", []), Atom("dozen", 12))
        self._add(data.get("articles", []), Atom("article", 1))

        self.connectors = self._set(data, "connectors")
        self.not_nouns = self._set(data, "not_nouns")
        self.noun_skip = self._set(data, "noun_skip")
        self.noun_modifiers = self._set(data, "noun_modifiers")
        self.dual_nouns = self._set(data, "dual_nouns")
        self.waw_nouns = self._set(data, "waw_nouns")
        self.post_nominal_numbers = self._set(data, "post_nominal_numbers")

        # multi-word phrases, matched clitic-aware
        self.phrases = TermMatcher()

        self.first_words: set[str] = set()

        def add(words, payload):
            for phrase in word_list(words, f"numbers.yaml: {lang}: {payload[0]}"):
                tokens = tokenize(phrase)
                self.phrases.add(tokens, payload)
                if tokens:
                    self.first_words.add(tokens[0])

        for kind, words in (data.get("modifiers") or {}).items():
            add(words, ("mod", kind))
        for kind, words in (data.get("post_modifiers") or {}).items():
            add(words, ("post", kind))
        for item in data.get("vague", []):
            add([item["phrase"]], ("vague", item["min"], item["max"]))
        for item in data.get("vague_multipliers", []):
            add([item["phrase"]], ("vmult", item["min"], item["max"]))
        add(data.get("unknown", []), ("unknown",))
        add(data.get("post_nominal", []), ("post_nominal",))
        add(data.get("percent", []), ("percent",))
        add(data.get("labels", []), ("label",))
        add(data.get("between", []), ("between",))
        add(data.get("range_from", []), ("from",))
        add(data.get("range_connectors", []), ("range",))
        add(data.get("change_words", []), ("change",))

    def _set(self, data: dict, key: str) -> set[str]:
        return {normalize_text(w) for w in word_list(data.get(key), f"numbers.yaml: {key}")}

    def _add(self, words, atom: Atom) -> None:
        for word in word_list(words, f"numbers.yaml: {self.lang}: {atom.kind}"):
            self.words.setdefault(normalize_text(word), []).append(atom)

    def atoms(self, norm: str) -> tuple[list[Atom], int, bool]:
        """Number-word readings of a normalised token: (atoms, length of a stripped clitic
        prefix, whether that prefix was the conjunction و/ف); remembered per word."""
        reading = self._readings.get(norm)
        if reading is None:
            if len(self._readings) >= _MAX_READINGS:
                self._readings.clear()
            reading = self._readings[norm] = self._read_atoms(norm)
        return reading

    def _read_atoms(self, norm: str) -> tuple[list[Atom], int, bool]:
        if norm in self.words:
            return self.words[norm], 0, False
        if not self.arabic:
            return [], 0, False
        for conj in ("و", "ف", ""):
            rest = norm[len(conj):] if norm.startswith(conj) else None
            if rest is None:
                continue
            if conj and len(rest) >= 3 and rest in self.words:
                return self.words[rest], len(conj), True
            for prep in ("ب", "ل", "ك"):
                if rest.startswith(prep) and len(rest) - 1 >= 4 and rest[1:] in self.words:
                    return self.words[rest[1:]], len(conj) + 1, bool(conj)
        return [], 0, False

    def dual_form(self, norm: str) -> str | None:
        """The singular when `norm` is the dual of a listed noun: طفلين -> طفل,
        الطفلان -> طفل, سيارتين -> سياره (normalised); else None."""
        if not norm.endswith(("ين", "ان")):  # nor do its forms: they differ only in prefixes
            return None
        for form in _prefix_forms(norm):
            for ending in ("ين", "ان"):
                if form.endswith(ending) and len(form) > len(ending) + 1:
                    stem = form[: -len(ending)]
                    if stem in self.dual_nouns:
                        return stem
                    if stem.endswith("ت") and stem[:-1] + "ه" in self.dual_nouns:
                        return stem[:-1] + "ه"
        return None


# a conjunction and/or preposition before a word (kept: ال of the word itself)
_CLITIC = re.compile(r"^(?:[وف][بلك]?|[بلك])(?=ال|[^ا])")
_ARTICLE = re.compile(r"^[وف]?(?:[بك]?ال|لل)")


def _prefix_forms(norm: str) -> list[str]:
    """`norm` and its forms without و/ف, ب/ل/ك and ال (longest stem last)."""
    forms = [norm]
    word = norm
    if word[:1] in ("و", "ف") and len(word) > 4:
        word = word[1:]
        forms.append(word)
    if word.startswith("لل") and len(word) > 4:
        word = "ال" + word[2:]
        forms.append(word)
    elif word[:1] in ("ب", "ل", "ك") and word[1:3] == "ال":
        word = word[1:]
        forms.append(word)
    if word.startswith("ال") and len(word) > 4:
        forms.append(word[2:])
    return forms


def noun_key(norm: str, tamyiz: bool = False) -> str:
    """Matching key of a counted noun: without و/ف/ب/ل + ال and the tamyiz alif (تقريرا)."""
    word = norm
    m = _ARTICLE.match(word)
    if m and len(word) - m.end() >= 3:
        word = word[m.end():]
    if tamyiz and is_arabic(word) and len(word) > 3 and word.endswith("ا") and word[-2] not in "اء":
        word = word[:-1]
    return word


# ---------------------------------------------------------------------------------------------
# matching


@dataclass
class Core:
    """A quantity core before modifiers: token span, char span, value range."""

    start: int
    end: int
    char_start: int
    char_end: int
    min: int | None
    max: int | None
    approximate: bool = False
    unknown: bool = False
    exact: int | None = None  # the written figure, when there is one
    last: int | None = None  # the last figure written (its noun agrees with it)
    scale: int = 1  # a scale word after digits: 3 آلاف, 1.5 million
    words: bool = False  # written in words (not digits)
    post_nominal: bool = False  # واحد/اثنين/كثيرين: may follow its noun
    dual: bool = False  # a dual noun: the token is its own noun


@dataclass
class QuantityMatch:
    """A matched quantity: token span, char span, range and counted-noun token span."""

    start: int
    end: int
    char_start: int
    char_end: int
    min: int | None
    max: int | None
    approximate: bool = False
    unknown: bool = False
    noun: tuple[int, int] | None = None
    noun_norm: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _prefix_chars(raw: str, norm_prefix_len: int) -> int:
    """Length in `raw` of the characters that normalise to the first `norm_prefix_len` chars."""
    if norm_prefix_len <= 0:
        return 0
    for k in range(1, len(raw) + 1):
        if len(normalize_text(raw[:k])) >= norm_prefix_len:
            # skip a tatweel right after the prefix
            while k < len(raw) and raw[k] == "\u0640":
                k += 1
            return k
    return 0


# phrase kinds a quantity core starts with (see `QuantityMatcher.core`), and those that lead
# into a core ("أكثر من 20", "بين 10 و15", "من 10 إلى 15")
_CORE_PHRASES = frozenset({"vmult", "vague", "unknown", "post_nominal"})
_LEAD_PHRASES = frozenset({"mod", "between", "from"})


class QuantityMatcher:
    """Finds quantities in a normalised `Doc`; returns `QuantityMatch`es (no side effects)."""

    def __init__(self, lexicon: NumberLexicon) -> None:
        self.lex = lexicon
        self._starts = PassingWords()  # the words `_may_start` is true of

    # -- phrases ---------------------------------------------------------------------------

    def _phrases(self, doc: Doc) -> dict[int, tuple[int, tuple]]:
        """Start token -> (end token, payloads) of the longest lexicon phrase there."""
        found: dict[int, tuple[int, tuple]] = {}
        for m in self.lex.phrases.iter_matches(doc, overlapping=True):
            found[m.start] = (m.end, m.payloads)
        return found

    @staticmethod
    def _has(phrases, i: int, kind: str) -> tuple | None:
        entry = phrases.get(i)
        if entry is None:
            return None
        for payload in entry[1]:
            if payload[0] == kind:
                return entry[0], payload
        return None

    # -- numbers ---------------------------------------------------------------------------

    @staticmethod
    def _digits(token: Token):
        """`_digit_reading` of the token, with the figures' offsets in the doc's text."""
        reading = _digit_reading(token.text)
        if reading is None:
            return None
        value, value2, decimal, start, end, percent, pre = reading
        return value, value2, decimal, token.idx + start, token.idx + end, percent, pre

    def number(self, doc: Doc, i: int, phrases) -> Core | None:
        """A number (digits or words, with a scale word) starting at token i."""
        if i >= len(doc):
            return None
        token = doc[i]
        digits = self._digits(token)
        if digits is not None:
            value, value2, decimal, cstart, cend, percent, _pre = digits
            if percent:
                return None
            j = i + 1
            scaled = 1
            if j < len(doc):
                atoms, plen, _ = self.lex.atoms(doc[j].norm_)
                scale = next((a for a in atoms if a.kind in ("scale_singular", "scale_plural")),
                             None)
                if scale is not None and plen == 0:
                    scaled = scale.value
                    value = round(value * scale.value)
                    if value2 is not None:
                        value2 = round(value2 * scale.value)
                    decimal = False
                    cend = doc[j].idx + len(doc[j].text)
                    j += 1
            if decimal:
                return None
            lo, hi = int(value), int(value2) if value2 is not None else int(value)
            if value2 is not None and hi <= lo:
                return None
            return Core(i, j, cstart, cend, lo, hi, exact=lo if value2 is None else None,
                        last=hi, scale=scaled)
        return self._words(doc, i)

    def _words(self, doc: Doc, i: int) -> Core | None:
        lex = self.lex
        total, current = 0, 0
        orders: set[str] = set()
        last_scale = 10**15
        last_kind = ""
        last_unit = 0
        started = False
        j = i
        end = i
        cstart = None
        pending_connector = False
        while j < len(doc):
            token = doc[j]
            norm = token.norm_
            if started and norm in lex.connectors and not pending_connector:
                pending_connector = True
                j += 1
                continue
            atoms, plen, conj = lex.atoms(norm)
            if not atoms:
                break
            connected = pending_connector or conj
            if conj and not started:
                connected = False
            if started and plen and not conj:
                break  # ب/ل is allowed on the first word only: بثلاثة
            step = self._step(atoms, started, connected, total, current, orders, last_scale,
                              last_kind, last_unit)
            if step is None:
                break
            total, current, orders, last_scale, last_kind, last_unit = step
            if not started:
                cstart = token.idx + _prefix_chars(token.text, plen)
                started = True
            pending_connector = False
            j += 1
            end = j
        if not started:
            return None
        if last_kind in ("article", "teen_unit"):
            return None
        value = total + current
        if value <= 0 and last_kind != "unit":
            return None
        last = doc[end - 1]
        core = Core(i, end, cstart, last.idx + len(last.text), value, value, exact=value,
                    last=value, words=True)
        if end - i == 1 and doc[i].norm_ in lex.post_nominal_numbers:
            core.post_nominal = True
        return core

    def _step(self, atoms, started, connected, total, current, orders, last_scale, last_kind,
              last_unit):
        """Add one number word to the running value; None when it does not continue it."""
        arabic = self.lex.arabic
        kinds = {a.kind: a for a in atoms}
        orders = set(orders)

        # English "a hundred", "a dozen", "a million"
        if "article" in kinds:
            if started:
                return None
            return total, 0, orders, last_scale, "article", 0
        if last_kind == "article" and not any(
            k in kinds for k in ("hundred", "dozen", "scale_singular")
        ):
            return None
        # Arabic teens: ثلاثة عشر, أحد عشر, اثنتا عشرة
        if "teen" in kinds and started and not connected and last_kind in ("unit", "teen_unit") \
                and 1 <= last_unit <= 9:
            orders.add("t")
            return total, current + 10, orders, last_scale, "teen", 0
        if "teen_unit" in kinds and not ({"unit", "ten"} & kinds.keys()):
            if started and not connected:
                return None
            if "u" in orders or "t" in orders:
                return None
            orders.add("u")
            atom = kinds["teen_unit"]
            return total, current + atom.value, orders, last_scale, "teen_unit", atom.value
        if last_kind == "teen_unit":
            return None
        additive_ok = (not started) or connected or (not arabic)
        if "unit" in kinds:
            atom = kinds["unit"]
            if not additive_ok or "u" in orders:
                return None
            if not arabic and started and last_kind not in ("ten", "hundred", "scale_singular",
                                                             "dozen"):
                return None
            if not arabic and atom.value >= 10:
                if "t" in orders:
                    return None
                orders.add("t")
            orders.add("u")
            return total, current + atom.value, orders, last_scale, "unit", atom.value
        if "ten" in kinds:
            atom = kinds["ten"]
            if not additive_ok or "t" in orders:
                return None
            if not arabic and "u" in orders:
                return None
            orders.add("t")
            return total, current + atom.value, orders, last_scale, "ten", 0
        if "hundred" in kinds:
            # ثلاث مئة / three hundred: multiply the unit just read
            if started and not connected and last_kind in ("unit",) and "h" not in orders:
                unit = last_unit if arabic else current
                if arabic and not 3 <= unit <= 9:
                    return None
                if arabic:
                    current = current - unit + unit * 100
                else:
                    current = current * 100
                orders = {"h"}
                return total, current, orders, last_scale, "hundred", 0
            if last_kind == "article":
                return total, 100, {"h"}, last_scale, "hundred", 0
            if not additive_ok or "h" in orders or (not arabic and started):
                return None
            orders.add("h")
            return total, current + 100, orders, last_scale, "hundred", 0
        if "hundreds" in kinds:
            if not additive_ok or "h" in orders:
                return None
            orders.add("h")
            return total, current + kinds["hundreds"].value, orders, last_scale, "hundred", 0
        if "dozen" in kinds:
            if last_kind == "article":
                return total, 12, orders, last_scale, "dozen", 0
            if started and last_kind == "unit" and not connected:
                return total, current * 12, orders, last_scale, "dozen", 0
            return None
        scale_atom = kinds.get("scale_singular") or kinds.get("scale_plural") \
            or kinds.get("scale_dual")
        if scale_atom is None:
            return None
        scale = scale_atom.value
        if scale >= last_scale:
            return None
        if last_kind == "article":
            return total + scale, 0, set(), scale, "scale_singular", 0
        if current == 0:
            if started and not connected:
                return None
            if "scale_dual" in kinds:
                return total + 2 * scale, 0, set(), scale, "scale_dual", 0
            if "scale_singular" in kinds:
                return total + scale, 0, set(), scale, "scale_singular", 0
            return None  # a bare plural (آلاف) is a vague amount, read as a phrase
        if connected or not ({"scale_singular", "scale_plural"} & kinds.keys()):
            return None
        return total + current * scale, 0, set(), scale, "scale_singular", 0
        return None

    # -- quantity cores ----------------------------------------------------------------------

    def core(self, doc: Doc, i: int, phrases) -> Core | None:
        """A number, range, vague or unknown amount, or dual noun starting at token i."""
        lex = self.lex
        hit = self._has(phrases, i, "vmult")
        if hit:
            end, (_, lo, hi) = hit
            nxt = self._scale_base(doc, end, phrases)
            if nxt is not None:
                base, stop = nxt
                last = doc[stop - 1]
                return Core(i, stop, doc[i].idx + self._clitic_chars(doc[i]),
                            last.idx + len(last.text),
                            lo * base, (hi + 1) * base - 1, approximate=True)
        number = self.number(doc, i, phrases)
        if number is not None:
            return self._range(doc, number, phrases)
        one = self._one_of(doc, i)
        if one is not None:
            return one
        hit = self._has(phrases, i, "vague")
        if hit:
            end, (_, lo, hi) = hit
            last = doc[end - 1]
            return Core(i, end, doc[i].idx + self._clitic_chars(doc[i]), last.idx + len(last.text),
                        lo, hi, approximate=True)
        hit = self._has(phrases, i, "unknown") or self._has(phrases, i, "post_nominal")
        if hit:
            end, _ = hit
            last = doc[end - 1]
            return Core(i, end, doc[i].idx + self._clitic_chars(doc[i]),
                        last.idx + len(last.text), None, None, unknown=True,
                        post_nominal=self._has(phrases, i, "post_nominal") is not None)
        if lex.arabic and is_arabic(doc[i].norm_) and lex.dual_form(doc[i].norm_) is not None:
            token = doc[i]
            core = Core(i, i + 1, token.idx, token.idx + len(token.text), 2, 2, exact=2,
                        dual=True)
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.norm_ in lex.post_nominal_numbers:
                atoms, _, _ = lex.atoms(nxt.norm_)
                if any(a.value == 2 for a in atoms):
                    core.end = i + 2
                    core.char_end = nxt.idx + len(nxt.text)
            return core
        return None

    def _one_of(self, doc: Doc, i: int) -> Core | None:
        """"أحد الجنود" / "إحدى النساء": one of a definite plural."""
        atoms, plen, _ = self.lex.atoms(doc[i].norm_)
        if not any(a.kind == "teen_unit" and a.value == 1 for a in atoms):
            return None
        if i + 1 >= len(doc) or not doc[i + 1].norm_.startswith("ال"):
            return None
        if not self._is_word(doc[i + 1]) or self.lex.atoms(doc[i + 1].norm_)[0]:
            return None
        token = doc[i]
        return Core(i, i + 1, token.idx + _prefix_chars(token.text, plen),
                    token.idx + len(token.text), 1, 1, exact=1, last=1, words=True)

    def _clitic_chars(self, token: Token) -> int:
        """Chars of a و/ف/ب/ل clitic glued before a phrase word: لعدد -> 1, والعشرات -> 1."""
        norm = token.norm_
        if not self.lex.arabic:
            return 0
        if norm in self.lex.first_words:
            return 0
        m = _CLITIC.match(norm)
        if not m or len(norm) - m.end() < 3:
            return 0
        return _prefix_chars(token.text, m.end())

    def _scale_base(self, doc: Doc, i: int, phrases) -> tuple[int, int] | None:
        """After "several"/"عدة": the base of a scale word (hundred 100, مئات 100, dozen 12)."""
        if i >= len(doc):
            return None
        hit = self._has(phrases, i, "vague")
        if hit:
            end, (_, lo, _hi) = hit
            if lo >= 20 and lo % 2 == 0:
                return lo // 2, end
        atoms, _, _ = self.lex.atoms(doc[i].norm_)
        for atom in atoms:
            if atom.kind in ("hundred", "dozen", "scale_singular", "scale_plural"):
                return atom.value, i + 1
        return None

    @staticmethod
    def _shared_scale(first: Core, second: Core) -> None:
        """"10 إلى 15 ألفا", "10 to 15 thousand": the scale word counts for both figures."""
        if first.scale == 1 and second.scale > 1 and first.min is not None \
                and second.min is not None and first.min * second.scale <= second.min:
            first.min *= second.scale
            first.scale = second.scale

    def _range(self, doc: Doc, first: Core, phrases) -> Core:
        """Extend a number into a range: "10 to 15", "10-15", "3 أو 4"."""
        j = first.end
        hit = self._has(phrases, j, "range")
        if hit is None or (doc[j].norm_ == "-" and first.words):
            return first
        second = self.number(doc, hit[0], phrases)
        if second is None:
            return first
        self._shared_scale(first, second)
        if second.min is None or first.min is None or second.min <= first.min:
            return first
        first.max = second.max
        first.end = second.end
        first.char_end = second.char_end
        first.exact = None
        first.last = second.last
        if doc[j].norm_ in ("او", "or"):
            first.approximate = True
        first.words = first.words and second.words
        return first

    # -- driver ----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> list[QuantityMatch]:
        phrases = self._phrases(doc)
        matches: list[QuantityMatch] = []
        i = 0
        for start in self._candidates(doc, phrases):
            if start < i:
                continue
            i = start
            mod = None
            between = False
            from_ = False
            hit = self._has(phrases, i, "mod")
            if hit and self._starts_quantity(doc, hit[0], phrases):
                mod = hit[1][1]
                i = hit[0]
            else:
                for kind in ("between", "from"):
                    hit = self._has(phrases, i, kind)
                    if hit and self._starts_quantity(doc, hit[0], phrases):
                        between, from_ = kind == "between", kind == "from"
                        i = hit[0]
                        break
            core = self.core(doc, i, phrases)
            if core is None:
                i = start + 1
                continue
            if self._is_label(doc, core, phrases):
                i = core.end
                continue
            if between and core.max == core.min and not core.unknown:
                core = self._between(doc, core, phrases)
            if from_ and core.max != core.min and self._change_context(doc, start, phrases):
                core = self._split_change(doc, core, phrases, matches)
            if self._has(phrases, core.end, "percent") or self._percent_inside(doc, core):
                i = core.end
                continue
            match = self._build(doc, core, mod, start if (mod or between) else core.start,
                                phrases)
            matches.append(match)
            i = max(match.end, core.end)
        return matches

    def _candidates(self, doc: Doc, phrases) -> list[int]:
        """Indices of the tokens where a quantity may start: where a core may start (`core`
        reads a number, number word or dual there, or a vague/unknown phrase starts there), or
        a modifier/"between"/"from" phrase that a core follows. One look-up per token,
        remembered per word."""
        cores = set(token_positions(doc, self._starts, self._may_start))
        leads = set()
        for i, (end, payloads) in phrases.items():
            kinds = {payload[0] for payload in payloads}
            if kinds & _CORE_PHRASES:
                cores.add(i)
            elif kinds & _LEAD_PHRASES:
                leads.add(i)
        cores.update(i for i in leads if phrases[i][0] in cores)
        return sorted(cores)

    def _may_start(self, norm: str) -> bool:
        """Could a quantity with no lexicon phrase start at a token whose norm is `norm`?"""
        if not norm.isalpha() and any(ch.isdigit() for ch in norm):
            return True
        if not self.lex.arabic:
            return norm in self.lex.words
        return bool(self.lex.atoms(norm)[0]) or self.lex.dual_form(norm) is not None

    def _starts_quantity(self, doc: Doc, i: int, phrases) -> bool:
        return i < len(doc) and self.core(doc, i, phrases) is not None

    def _percent_inside(self, doc: Doc, core: Core) -> bool:
        digits = self._digits(doc[core.end - 1])
        return bool(digits and digits[5])

    def _is_label(self, doc: Doc, core: Core, phrases) -> bool:
        """A digit number right after a label word (القرار 2254, الساعة 10) is no count."""
        if core.words or core.unknown or core.dual or core.start == 0:
            return False
        prev = core.start - 1
        for start in range(max(0, prev - 2), prev + 1):
            hit = self._has(phrases, start, "label")
            if hit and hit[0] == core.start:
                return True
        return False

    def _between(self, doc: Doc, core: Core, phrases) -> Core:
        """"بين 10 و15" / "between 10 and 15": read the second figure after و/and."""
        j = core.end
        if j >= len(doc):
            return core
        norm = doc[j].norm_
        if norm in self.lex.connectors:
            second = self.number(doc, j + 1, phrases)
        elif self.lex.arabic and norm.startswith("و") and len(norm) > 1:
            second = self._after_conj(doc, j, phrases)
        else:
            second = None
        if second is not None:
            self._shared_scale(core, second)
        if second is None or second.min is None or core.min is None or second.min <= core.min:
            return core
        core.max = second.max
        core.end = second.end
        core.char_end = second.char_end
        core.exact = None
        core.last = second.last
        return core

    def _after_conj(self, doc: Doc, j: int, phrases) -> Core | None:
        """A number written with a glued و: "و15", "وعشرين"."""
        token = doc[j]
        digits = self._digits(token)
        if digits is not None and digits[6].startswith("و"):
            return self.number(doc, j, phrases)
        atoms, _, conj = self.lex.atoms(token.norm_)
        if atoms and conj:
            return self.number(doc, j, phrases)
        return None

    def _change_context(self, doc: Doc, start: int, phrases) -> bool:
        """A rise/fall verb shortly before "من X إلى Y": a change, not a range."""
        sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
        for k in range(max(sent_start, start - 6), start):
            if self._has(phrases, k, "change"):
                return True
        return False

    def _split_change(self, doc: Doc, core: Core, phrases, matches) -> Core:
        """"rose from 10 to 15": keep 10 as its own quantity and return 15."""
        first = self.number(doc, core.start, phrases)
        if first is None:
            return core
        matches.append(self._build(doc, first, None, first.start, phrases))
        j = first.end
        hit = self._has(phrases, j, "range")
        k = hit[0] if hit else j
        second = self.number(doc, k, phrases)
        return second if second is not None else core

    # -- noun and modifiers ----------------------------------------------------------------

    def _build(self, doc: Doc, core: Core, mod: str | None, start: int, phrases) -> QuantityMatch:
        lo, hi = core.min, core.max
        approximate, unknown = core.approximate, core.unknown
        end, char_end = core.end, core.char_end
        lo, hi, approximate = _apply(mod, lo, hi, approximate)

        noun = None
        post = self._post(doc, end, phrases)
        if post is not None:
            lo, hi, approximate = _apply_post(post[1], lo, hi, approximate)
            end = post[0]
            char_end = doc[end - 1].idx + len(doc[end - 1].text)
        if core.dual:
            noun = (core.start, core.start + 1)
        elif core.post_nominal:
            noun = self._noun_before(doc, core.start, end, phrases)
        if noun is None and not core.dual:
            noun = self._noun_after(doc, end, phrases)
            if noun is not None and post is None:
                post = self._post(doc, noun[1], phrases)
                if post is not None:
                    lo, hi, approximate = _apply_post(post[1], lo, hi, approximate)
                    end = post[0]
                    char_end = doc[end - 1].idx + len(doc[end - 1].text)
        char_start = core.char_start if start == core.start else doc[start].idx + (
            self._clitic_chars(doc[start]))
        noun_norm = None
        if core.dual:  # the dual's singular: طفلين -> طفل
            noun_norm = self.lex.dual_form(doc[core.start].norm_)
        elif noun is not None:
            tamyiz = core.last is not None and 11 <= core.last % 100 <= 99
            noun_norm = noun_key(doc[noun[0]].norm_, tamyiz=tamyiz)
        return QuantityMatch(start, end, char_start, char_end, lo, hi, approximate, unknown,
                             noun, noun_norm)

    def _post(self, doc: Doc, j: int, phrases) -> tuple[int, str] | None:
        hit = self._has(phrases, j, "post")
        if hit:
            return hit[0], hit[1][1]
        return None

    def _is_word(self, token: Token) -> bool:
        text = token.norm_
        if not text or not any(ch.isalpha() for ch in text) or any(ch.isdigit() for ch in text):
            return False
        if self.lex.arabic:
            return is_arabic(text) and len(text) >= 2
        return text.replace("-", "").replace("'", "").isalpha()

    def _nounish(self, token: Token, phrases) -> bool:
        """Could this token be a counted noun? (not a function word, number or phrase word)."""
        if not self._is_word(token):
            return False
        norm = token.norm_
        if self.lex.arabic and norm[0] == "و" and norm not in self.lex.waw_nouns:
            return False  # a new clause or phrase: "5 وإصابة 10", "3 والجرحى", "2 ويقول"
        if norm in self.lex.not_nouns:
            return False
        return not self.lex.atoms(norm)[0]

    def _noun_after(self, doc: Doc, j: int, phrases) -> tuple[int, int] | None:
        lex = self.lex
        skipped = 0
        while j < len(doc) and skipped < 3:
            token = doc[j]
            norm = token.norm_
            if norm in lex.noun_skip:
                j += 1
                skipped += 1
                continue
            if self._has(phrases, j, "mod") or self._has(phrases, j, "vague") \
                    or self._has(phrases, j, "unknown") or self._has(phrases, j, "post"):
                return None
            if not self._nounish(token, phrases):
                return None
            if (
                not lex.arabic
                and (norm in lex.noun_modifiers or self._adjective(doc, j))
                and j + 1 < len(doc)
                and self._nounish(doc[j + 1], phrases)
            ):
                j += 1
                skipped += 1
                continue
            return j, j + 1
        return None

    def _adjective(self, doc: Doc, j: int) -> bool:
        """English: a capitalised word (Syrian, Palestinian) before a lower-case noun."""
        token = doc[j]
        return token.text[:1].isupper() and j + 1 < len(doc) and doc[j + 1].text[:1].islower()

    def _noun_before(self, doc: Doc, start: int, end: int, phrases) -> tuple[int, int] | None:
        """The noun before a post-nominal واحد/اثنين/كثيرين, unless من + noun follows."""
        if end < len(doc) and doc[end].norm_ in self.lex.noun_skip:
            return None
        if start == 0:
            return None
        prev = doc[start - 1]
        if not self._nounish(prev, phrases):
            return None
        norm = prev.norm_
        nominal = (
            norm.endswith(("ين", "ون", "ان", "ات", "ه", "ي", "ي"))
            or norm.startswith(("ال", "وال", "بال", "لل"))
            or any(f in self.lex.dual_nouns for f in _prefix_forms(norm))
            or not self.lex.arabic
        )
        return (start - 1, start) if nominal else None


def _apply(mod: str | None, lo, hi, approximate):
    """Apply a modifier written before the amount."""
    if mod is None:
        return lo, hi, approximate
    if mod == "at_least":
        return lo, None, approximate
    if mod == "more_than":
        return (lo + 1 if lo is not None and lo == hi else lo), None, approximate
    if mod == "less_than":
        return None, (hi - 1 if hi is not None and lo == hi else hi), approximate
    if mod == "up_to":
        return None, hi, approximate
    if mod == "about":
        return lo, hi, True
    return lo, hi, approximate


def _apply_post(kind: str, lo, hi, approximate):
    """Apply a modifier written after the amount (or its noun)."""
    if kind in ("at_least", "or_more"):
        return lo, None, approximate
    if kind == "about":
        return lo, hi, True
    return lo, hi, approximate


class QuantityRecognizer:
    """spaCy component "marsad_numbers": fills `doc._.quantities` with `Quantity` objects."""

    def __init__(self, nlp: Language) -> None:
        def tokenize(phrase: str) -> list[str]:
            return [normalize_text(t.text) for t in nlp.make_doc(phrase) if not t.is_space]

        self.matcher = QuantityMatcher(NumberLexicon(nlp.lang, tokenize))

    def __call__(self, doc: Doc) -> Doc:
        doc._.quantities = [self.to_quantity(doc, m) for m in self.matcher(doc)]
        return doc

    @staticmethod
    def to_quantity(doc: Doc, match: QuantityMatch) -> Quantity:
        """The `Quantity` of `match`."""
        noun = noun_start = noun_end = None
        if match.noun is not None:
            token = doc[match.noun[0]]
            noun, noun_start, noun_end = token.text, token.idx, token.idx + len(token.text)
        return Quantity(
            start=match.char_start,
            end=match.char_end,
            text=doc_text(doc)[match.char_start:match.char_end],
            min=match.min,
            max=match.max,
            approximate=match.approximate,
            unknown=match.unknown,
            noun=noun,
            noun_norm=match.noun_norm,
            noun_start=noun_start,
            noun_end=noun_end,
            token_start=match.start,
            token_end=match.end,
        )


@Language.factory("marsad_numbers")
def make_numbers(nlp: Language, name: str) -> QuantityRecognizer:
    return QuantityRecognizer(nlp)
