"""Date mentions, absolute and relative, resolved against the document's published date.

`DateRecognizer` is the spaCy component "marsad_dates". In: a `Doc` run through
"marsad_normalizer" and "marsad_numbers", with `doc._.published` (a `date`, `datetime`, ISO
string or None). Out: `doc._.dates`, a list of `DateMention` in text order; and
`doc._.quantities` without the numbers that are parts of a date (the 30 and 2017 of
"30 نوفمبر 2017"): this component owns date numbers.

Read (lexicon: babel month and weekday names, `data/dates.yaml` for the rest):
- absolute: "30 نوفمبر 2017", "30 تشرين الثاني 2017", "30 جانفي 2017", "November 30, 2017",
  "30 November 2017", "30/11/2017" (day first unless impossible), "2017-11-30" -> day;
  "نوفمبر 2017" / "November 2017" -> month; "عام 2017" / "in 2017" / "2017م" -> year;
  Hijri dates marked هـ/AH or with a Hijri month and year ("12 ربيع الأول 1439 هـ"), converted
  with the arithmetic (tabular) Islamic calendar: it may differ from the Umm al-Qura or
  sighted calendar by a day or two, so a Hijri day keeps precision "day" but is approximate;
- relative: اليوم / today, أمس / yesterday, أول أمس / أمس الأول, غدا / tomorrow, a weekday
  ("الخميس", "on Thursday": the most recent such day on or before `published`), with
  الماضي / last (strictly before `published`) or المقبل / next (strictly after),
  "اليوم الخميس" (the named weekday nearest to today: trusts the weekday when the article is
  dated a day late), الأسبوع/الشهر/العام الماضي, last/this/next week/month/year (week
  precision: the calendar week, Saturday-Friday for Arabic and Monday-Sunday for English, from
  babel's first day of the week of ar_EG / en_GB), "قبل ثلاثة أيام" / "three days ago" (the
  amount comes from `doc._.quantities`), a day or month with no year (the year that puts it at
  most 31 days after `published`), and parts of the day ("مساء أمس", "Thursday morning");
- vague: مؤخرا / recently, الأيام الماضية, "قبل أيام": precision "unknown", never resolved.

Without a published date a relative date keeps its precision but is unresolved
(start/end None, resolved False): it is never guessed.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from babel import Locale
from spacy.language import Language
from spacy.tokens import Doc, Token

from marsad.text.matcher import PassingWords, TermMatcher, token_positions
from marsad.text.normalize import clitic_forms, normalize_text
from marsad.text.normalizer import doc_text
from marsad.text.numbers import load_lexicon, word_list

if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=[])
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=[])

PRECISIONS = ("day", "week", "month", "year", "unknown")


@dataclass
class DateMention:
    """A date in the text: char span [start, end), the period it denotes, and how it was read.

    `start_date`/`end_date` bound the period (equal for a day); `resolved` is False when the
    period could not be placed (relative with no published date, or vague); `relative` is True
    when the text needs the published date (a weekday, "yesterday", a day with no year).
    """

    start: int
    end: int
    text: str
    start_date: date | None
    end_date: date | None
    precision: str
    resolved: bool
    relative: bool
    token_start: int = 0
    token_end: int = 0
    part_of_day: str | None = None
    calendar: str = "gregorian"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start_date.isoformat() if self.start_date else None,
            "end": self.end_date.isoformat() if self.end_date else None,
            "precision": self.precision,
            "resolved": self.resolved,
            "relative": self.relative,
            "char_start": self.start,
            "char_end": self.end,
            "part_of_day": self.part_of_day,
            "calendar": self.calendar,
        }


# ---------------------------------------------------------------------------------------------
# calendars


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Tabular (arithmetic) Islamic calendar -> Gregorian date; within a day or two of the
    official calendars."""
    jd = (day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354
          + (3 + 11 * year) // 30 + 1948439.5 - 1)
    return date.fromordinal(int(jd - 1721424.5))


def hijri_month_range(year: int, month: int) -> tuple[date, date]:
    first = hijri_to_gregorian(year, month, 1)
    nxt = hijri_to_gregorian(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


# ---------------------------------------------------------------------------------------------
# lexicon


class DateLexicon:
    """Month and weekday names from babel and the date words of dates.yaml, as a phrase
    matcher whose payloads are tuples like ("month", 11) or ("weekday", 3)."""

    def __init__(self, lang: str, tokenize) -> None:
        data = load_lexicon("dates")
        self.lang = lang
        self.phrases = TermMatcher()
        self.first_words: set[str] = set()  # first tokens of phrases, as written

        def add(words, payload, where):
            for phrase in word_list(words, f"dates.yaml: {where}"):
                tokens = tokenize(phrase)
                self.phrases.add(tokens, payload)
                self.first_words.update(tokens[:1])

        for loc in data["month_locales"].get(lang, []):
            months = Locale.parse(loc).months
            for context in ("format", "stand-alone"):
                for number, name in months[context]["wide"].items():
                    add([name], ("month", number), "month_locales")
        for loc in (data.get("abbreviated_month_locales") or {}).get(lang, []):
            for number, name in Locale.parse(loc).months["format"]["abbreviated"].items():
                add([name, name + "."], ("month", number), "abbreviated_month_locales")
        for number, names in (data.get("month_variants") or {}).get(lang, {}).items():
            add(names, ("month", int(number)), "month_variants")
        for loc in data["weekday_locales"].get(lang, []):
            days = Locale.parse(loc).days
            for context in ("format", "stand-alone"):
                for number, name in days[context]["wide"].items():
                    add([name], ("weekday", number), "weekday_locales")
        self.first_week_day = Locale.parse(data["week_locale"][lang]).first_week_day

        for number, names in data["day_ordinals"].items():
            add(names, ("day_ordinal", int(number)), "day_ordinals")
        for number, names in data["hijri_months"].items():
            add(names, ("hijri_month", int(number)), "hijri_months")
        add(data["hijri_markers"], ("era", "hijri"), "hijri_markers")
        add(data["gregorian_markers"], ("era", "gregorian"), "gregorian_markers")
        for item in data["relative_days"]:
            add(item["words"], ("rel_day", int(item["offset"]), item.get("part")),
                "relative_days")
        add(data["past"], ("direction", -1), "past")
        add(data["next"], ("direction", 1), "next")
        add(data["this"], ("direction", 0), "this")
        add(data["day_word"], ("day_word",), "day_word")
        for part, words in data["parts_of_day"].items():
            add(words, ("part", part), "parts_of_day")
        for unit, words in data["units"].items():
            for word in word_list(words, "dates.yaml: units"):
                tokens = tokenize(word)
                self.phrases.add(tokens, ("unit", unit, _is_plural(word)))
                self.first_words.update(tokens[:1])
        add(data["ago_before"], ("ago_before",), "ago_before")
        add(data["ago_after"], ("ago_after",), "ago_after")
        add(data.get("one", []), ("one",), "one")
        add(data["year_words"], ("year_word",), "year_words")
        add(data["year_context"], ("year_context",), "year_context")
        add(data["recent"], ("recent",), "recent")
        add(data["narrative_days"], ("narrative",), "narrative_days")
        add(data["linkers"], ("linker",), "linkers")
        add(data["month_word"], ("month_word",), "month_word")
        add(data["day_month_linkers"], ("day_month_linker",), "day_month_linkers")
        add(data["month_context"], ("month_context",), "month_context")


_PLURAL_UNITS = {normalize_text(w) for w in (
    "أيام", "أسابيع", "أشهر", "شهور", "أعوام", "سنوات", "سنين", "days", "weeks", "months", "years"
)}


def _is_plural(word: str) -> bool:
    return normalize_text(word) in _PLURAL_UNITS


# ---------------------------------------------------------------------------------------------
# matching

_NO_KINDS: frozenset[str] = frozenset()
_DIGIT = frozenset({"digit"})
_AMOUNT = frozenset({"amount"})
_YEAR_CONTEXT = frozenset({"year_context"})


def _has_digit(norm: str) -> bool:
    return not norm.isalpha() and any(ch.isdigit() for ch in norm)


_DAY = re.compile(r"^(?:[وفب]?(?:ال)?)(\d{1,2})(?:st|nd|rd|th)?$")
_YEAR = re.compile(r"^(?:[وفب]?(?:ال|ل)?)(\d{4})(م|ه|هـ)?$")
_NUMERIC = re.compile(r"^(?:[وفب])?(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})(?!\d)")


@dataclass
class DateExpr:
    """What a date mention says, before resolution."""

    kind: str  # absolute, weekday, rel_day, period, ago, vague, narrative
    start: int  # token span
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    calendar: str = "gregorian"
    weekday: int | None = None
    offset: int | None = None
    direction: int | None = None  # -1 last/الماضي, 0 this, 1 next, None plain
    unit: str | None = None  # day, week, month, year (period / ago)
    amount: int | None = None
    part_of_day: str | None = None
    precision: str = "day"
    number_tokens: set[int] = field(default_factory=set)  # date numbers (not quantities)


class DateMatcher:
    """Finds date expressions in a normalised `Doc` (no side effects)."""

    def __init__(self, lexicon: DateLexicon) -> None:
        self.lex = lexicon
        self.english = lexicon.lang == "en"
        self._digits = PassingWords()  # the words with a digit
        # each pattern, in the order they are tried, with the token kinds it can start at
        self._patterns = (
            (self._numeric, {"digit"}),
            (self._part_first, {"part"}),
            (self._day_first, {"digit", "day_ordinal"}),
            (self._month_first, {"month_word", "month"}),
            (self._hijri_first, {"hijri_month"}),
            (self._year_only, {"digit", "year_context", "year_word"}),
            (self._relative_day, {"rel_day"}),
            (self._weekday, {"direction", "day_word", "weekday"}),
            (self._period, {"direction", "unit"}),
            (self._ago, {"ago_before", "amount"}),
            (self._vague, {"recent", "narrative"}),
        )
        # token kinds a date can start with ("one" as the English amount "a week ago")
        self._first_kinds = frozenset({"one"}.union(*(kinds for _, kinds in self._patterns)))
        self._plans: dict[frozenset[str], tuple] = {}  # token kinds -> patterns to try
        self._kinds: dict[tuple, frozenset[str]] = {}  # phrase payloads -> their kinds

    # -- helpers ---------------------------------------------------------------------------

    def _cells(self, doc: Doc) -> dict[int, tuple[int, tuple, frozenset[str]]]:
        """Start token -> (end token, payloads, payload kinds) of the longest lexicon phrase."""
        cells = {}
        for m in self.lex.phrases.iter_matches(doc, overlapping=True):
            kinds = self._kinds.get(m.payloads)
            if kinds is None:
                kinds = self._kinds[m.payloads] = frozenset(p[0] for p in m.payloads)
            cells[m.start] = (m.end, m.payloads, kinds)
        return cells

    def _get(self, cells, doc: Doc, i: int, kind: str):
        """(end, payload) of a lexicon phrase of `kind` starting at token i, or None."""
        entry = cells.get(i)
        if entry is None:
            return None
        for payload in entry[1]:
            if payload[0] == kind:
                if self.english and kind in ("month", "weekday") and not doc[i].text[:1].isupper():
                    return None
                return entry[0], payload
        return None

    @staticmethod
    def _day(doc: Doc, i: int) -> int | None:
        if i >= len(doc):
            return None
        m = _DAY.match(doc[i].norm_)
        if m and 1 <= int(m.group(1)) <= 31:
            return int(m.group(1))
        return None

    @staticmethod
    def _year(doc: Doc, i: int, low: int = 1900, high: int = 2100) -> tuple[int, str | None] | None:
        if i >= len(doc):
            return None
        m = _YEAR.match(doc[i].norm_)
        if m and low <= int(m.group(1)) <= high:
            era = {"م": "gregorian", "ه": "hijri", "هـ": "hijri"}.get(m.group(2) or "")
            return int(m.group(1)), era
        return None

    def _any_year(self, doc: Doc, i: int, cells, default: str = "gregorian"):
        """A year at token i with an optional era marker: (year, calendar, end) or None.
        Unmarked, it is read in the `default` calendar."""
        found = self._year(doc, i, 1300, 2100)
        if found is None:
            return None
        year, era = found
        end = i + 1
        marker = self._get(cells, doc, end, "era")
        if era is None and marker is not None:
            era, end = marker[1][1], marker[0]
        era = era or default
        if (era == "gregorian" and not 1900 <= year <= 2100) or (
            era == "hijri" and not 1300 <= year <= 1500
        ):
            return None
        return year, era, end

    # -- patterns --------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> list[DateExpr]:
        cells = self._cells(doc)
        found: list[DateExpr] = []
        i = 0
        for start, kinds in self._candidates(doc, cells):
            if start < i:
                continue
            expr = self._at(doc, start, cells, kinds)
            if expr is not None:
                found.append(expr)
                i = expr.end
        return found

    def _candidates(self, doc: Doc, cells) -> list[tuple[int, frozenset[str]]]:
        """(index, kinds) of the tokens where a date may start, in order: a word with a digit
        ("digit"), an English quantity ("amount": "three days ago"), or a lexicon phrase of a
        kind a date starts with; "في"/"in" only before a year."""
        digits = set(token_positions(doc, self._digits, _has_digit))
        amounts = {q.token_start for q in doc._.quantities} if self.english else set()
        out = []
        for i in sorted(digits | amounts | cells.keys()):
            kinds = cells[i][2] if i in cells else _NO_KINDS
            if i in digits:
                kinds = kinds | _DIGIT
            if i in amounts or ("one" in kinds and self.english):
                kinds = kinds | _AMOUNT
            if kinds.isdisjoint(self._first_kinds) or (
                    kinds & self._first_kinds == _YEAR_CONTEXT
                    and not self._year_follows(cells, cells[i][0], digits)):
                continue
            out.append((i, kinds))
        return out

    @staticmethod
    def _year_follows(cells, j: int, digits: set[int]) -> bool:
        """Whether a year may stand at token j or after a year word there ("عام", "the year"),
        as `_year_only` reads it."""
        entry = cells.get(j)
        return (entry[0] if entry is not None and "year_word" in entry[2] else j) in digits

    def _at(self, doc: Doc, i: int, cells, kinds: frozenset[str]) -> DateExpr | None:
        """The first pattern that reads a date at token i; only the patterns that can start
        with a token of these `kinds` run."""
        patterns = self._plans.get(kinds)
        if patterns is None:
            patterns = self._plans[kinds] = tuple(
                pattern for pattern, first in self._patterns if not first.isdisjoint(kinds))
        for pattern in patterns:
            expr = pattern(doc, i, cells)
            if expr is not None:
                return expr
        return None

    def _numeric(self, doc, i, cells):
        """"30/11/2017", "30.11.2017", "2017-11-30" (one token or split at the dashes)."""
        token = doc[i]
        m = _NUMERIC.match(token.norm_)
        end = i + 1
        if not m and token.norm_.lstrip("وفب").isdigit():
            raw = normalize_text("".join(t.text_with_ws for t in doc[i:i + 5]))
            m = _NUMERIC.match(raw.split()[0] if raw.split() else "")
            if m:  # the tokenizer split it: find the token where the date ends
                stop = token.idx + len(m.group(0))
                while end < len(doc) and doc[end].idx < stop:
                    end += 1
                if doc[end - 1].idx + len(doc[end - 1].text) != stop:
                    return None
        if not m:
            return None
        a, b, c = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if len(m.group(1)) == 4:  # 2017-11-30
            y, mo, d = a, b, c
        elif len(m.group(4)) == 4:  # 30/11/2017 (day first unless that is impossible)
            y, d, mo = c, a, b
            if mo > 12 and d <= 12:
                d, mo = mo, d
        else:
            return None
        try:
            date(y, mo, d)
        except ValueError:
            return None
        return DateExpr("absolute", i, end, day=d, month=mo, year=y,
                        number_tokens=set(range(i, end)))

    def _month_at(self, doc, i, cells):
        """A month name at i, with "شهر"/"the month of" before and "/تشرين الثاني" after."""
        j = i
        word = self._get(cells, doc, j, "month_word")
        if word is not None:
            j = word[0]
        hit = self._get(cells, doc, j, "month")
        if hit is None:
            return None
        end, (_, month) = hit
        # the same month in another system: "نوفمبر/تشرين الثاني", "نوفمبر (تشرين الثاني)",
        # "يناير كانون الثاني"
        k = end
        opener = doc[k].norm_ if k < len(doc) and doc[k].norm_ in ("/", "(", "-") else ""
        alt = self._get(cells, doc, k + bool(opener), "month")
        if alt is not None and alt[1][1] == month:
            end = alt[0]
            if opener == "(" and end < len(doc) and doc[end].norm_ == ")":
                end += 1
        return month, end, word is not None

    def _year_after(self, doc, j, cells) -> tuple[int, int] | None:
        """A year at token j, maybe after "," / "عام" / "من عام" / "of": (year, its token)."""
        if j < len(doc) and doc[j].norm_ in (",", "of"):
            j += 1
        link = self._get(cells, doc, j, "day_month_linker")
        if link is not None and self._get(cells, doc, link[0], "year_word"):
            j = link[0]
        word = self._get(cells, doc, j, "year_word")
        if word is not None:
            j = word[0]
        found = self._year(doc, j)
        return (found[0], j) if found is not None else None

    def _part_first(self, doc, i, cells):
        """"صباح اليوم", "مساء أمس", "فجر الخميس", "مساء يوم الاثنين الماضي"."""
        part = self._get(cells, doc, i, "part")
        if part is None or self.english:
            return None
        j = part[0]
        expr = self._relative_day(doc, j, cells) or self._weekday(doc, j, cells)
        if expr is None:
            return None
        expr.start = i
        expr.part_of_day = part[1][1]
        return expr

    def _day_first(self, doc, i, cells):
        """"30 نوفمبر 2017", "30 من شهر نوفمبر", "30th of November 2017", and the day as an
        ordinal word: "الخامس من آذار", "the fifth of March"."""
        day, j, number_tokens = self._day(doc, i), i + 1, {i}
        if day is None:
            ordinal = self._get(cells, doc, i, "day_ordinal")
            if ordinal is None:
                return None
            (j, (_, day)), number_tokens = ordinal, set()
        link = self._get(cells, doc, j, "day_month_linker")
        if link is not None:
            j = link[0]
        month = self._month_at(doc, j, cells)
        if month is not None:
            number, end, _ = month
            expr = DateExpr("absolute", i, end, day=day, month=number,
                            number_tokens=number_tokens)
            self._attach_year(doc, expr, cells)
            return expr
        hijri = self._get(cells, doc, j, "hijri_month")
        if hijri is not None:
            end, (_, number) = hijri
            year = self._any_year(doc, end, cells, default="hijri")
            if year is None or year[1] != "hijri":
                return None
            return DateExpr("absolute", i, year[2], day=day, month=number, year=year[0],
                            calendar="hijri", number_tokens=number_tokens | {end})
        return None

    def _attach_year(self, doc, expr: DateExpr, cells) -> None:
        found = self._year_after(doc, expr.end, cells)
        if found is not None:
            expr.year, j = found
            expr.number_tokens.add(j)
            expr.end = j + 1
            marker = self._get(cells, doc, expr.end, "era")
            if marker is not None and marker[1][1] == "gregorian":
                expr.end = marker[0]

    def _month_first(self, doc, i, cells):
        """"November 30, 2017", "نوفمبر 2017", "في مارس", "نوفمبر الماضي"."""
        month = self._month_at(doc, i, cells)
        if month is None:
            return None
        number, end, had_word = month
        day = self._day(doc, end)
        if day is not None and self._year(doc, end) is None:
            expr = DateExpr("absolute", i, end + 1, day=day, month=number,
                            number_tokens={end})
            self._attach_year(doc, expr, cells)
            return expr
        year = self._year_after(doc, end, cells)
        if year is not None:
            expr = DateExpr("absolute", i, year[1] + 1, month=number, year=year[0],
                            precision="month", number_tokens={year[1]})
            marker = self._get(cells, doc, expr.end, "era")
            if marker is not None and marker[1][1] == "gregorian":
                expr.end = marker[0]
            return expr
        direction = self._get(cells, doc, end, "direction")
        before = self._get(cells, doc, i - 1, "direction") if i > 0 and self.english else None
        if direction is not None:
            return DateExpr("month", i, direction[0], month=number,
                            direction=direction[1][1], precision="month")
        if before is not None:
            return DateExpr("month", i - 1, end, month=number, direction=before[1][1],
                            precision="month")
        if had_word or self._context_before(doc, i, cells):
            return DateExpr("month", i, end, month=number, precision="month")
        return None

    def _context_before(self, doc, i, cells) -> bool:
        for k in range(max(0, i - 3), i):
            hit = self._get(cells, doc, k, "month_context")
            if hit is not None and hit[0] == i:
                return True
        return False

    def _hijri_first(self, doc, i, cells):
        """"ربيع الأول 1439 هـ" (month precision, Hijri)."""
        hit = self._get(cells, doc, i, "hijri_month")
        if hit is None:
            return None
        end = hit[0]
        year = self._any_year(doc, end, cells, default="hijri")
        if year is None or year[1] != "hijri":
            return None
        return DateExpr("absolute", i, year[2], month=hit[1][1], year=year[0],
                        calendar="hijri", precision="month", number_tokens={end})

    def _year_only(self, doc, i, cells):
        """"عام 2017", "in 2017" (the mention starts at 2017), "2017م", "1439 هـ"."""
        j = i
        context = self._get(cells, doc, j, "year_context")
        if context is not None:
            j = context[0]
        start = j
        word = self._get(cells, doc, j, "year_word")
        if word is not None:
            j = word[0]
        marked = context is not None or word is not None
        year = self._any_year(doc, j, cells, default="gregorian" if marked else "")
        if year is None or not year[1]:
            return None
        number, era, end = year
        return DateExpr("absolute", start, end, year=number, calendar=era, precision="year",
                        number_tokens={j})

    def _relative_day(self, doc, i, cells):
        """"اليوم", "أمس", "أول أمس", "اليوم الخميس", "yesterday morning"."""
        hit = self._get(cells, doc, i, "rel_day")
        if hit is None:
            return None
        end, (_, offset, part) = hit
        expr = DateExpr("rel_day", i, end, offset=offset, part_of_day=part)
        weekday = self._weekday_name(doc, end, cells)
        if weekday is not None:
            expr.weekday, expr.end = weekday[1], weekday[0]
        self._part_after(doc, expr, cells)
        return expr

    def _weekday_name(self, doc, i, cells):
        j = i
        if j < len(doc) and doc[j].norm_ == ",":
            j += 1
        word = self._get(cells, doc, j, "day_word")
        if word is not None:
            j = word[0]
        hit = self._get(cells, doc, j, "weekday")
        if hit is None:
            return None
        return hit[0], hit[1][1]

    def _part_after(self, doc, expr: DateExpr, cells) -> None:
        """English "Thursday morning", "yesterday evening"."""
        if not self.english:
            return
        part = self._get(cells, doc, expr.end, "part")
        if part is not None:
            expr.part_of_day, expr.end = part[1][1], part[0]

    def _weekday(self, doc, i, cells):
        """"الخميس", "يوم الاثنين الماضي", "last Monday", "on Thursday", "Thursday, 30 Nov"."""
        j = i
        direction = None
        before = self._get(cells, doc, j, "direction")
        if before is not None and (self.english or before[1][1] == 0):
            direction, j = before[1][1], before[0]
        word = self._get(cells, doc, j, "day_word")
        if word is not None:
            j = word[0]
        hit = self._get(cells, doc, j, "weekday")
        if hit is None:
            return None
        end, (_, weekday) = hit
        # a weekday followed by its date: "الخميس 30 نوفمبر", "Thursday, November 30"
        k = end
        link = self._get(cells, doc, k, "linker")
        if link is not None:
            k = link[0]
        absolute = self._day_first(doc, k, cells) or self._month_first(doc, k, cells)
        if absolute is not None and absolute.kind == "absolute":
            absolute.start = i
            absolute.weekday = weekday
            return absolute
        after = self._get(cells, doc, end, "direction")
        if after is not None and direction is None:
            direction, end = after[1][1], after[0]
        expr = DateExpr("weekday", i, end, weekday=weekday, direction=direction)
        self._part_after(doc, expr, cells)
        return expr

    def _period(self, doc, i, cells):
        """"الأسبوع الماضي", "هذا الشهر", "العام المقبل", "last week", "this year"."""
        j = i
        before = self._get(cells, doc, j, "direction")
        if before is not None:
            j = before[0]
        unit = self._get(cells, doc, j, "unit")
        if unit is None:
            return None
        end, (_, name, plural) = unit
        after = self._get(cells, doc, end, "direction")
        if before is not None and (self.english or before[1][1] == 0):
            direction = before[1][1]
            start = i
        elif after is not None:
            direction, end = after[1][1], after[0]
            start = j
        else:
            return None
        if name == "day":
            return None
        if plural:  # الأيام الماضية, the past weeks: no fixed window
            return DateExpr("vague", start, end, precision="unknown")
        return DateExpr("period", start, end, unit=name, direction=direction, precision=name)

    def _ago(self, doc, i, cells):
        """"قبل ثلاثة أيام", "منذ يومين", "قبل أسبوع", "three days ago", "a week ago"."""
        before = self._get(cells, doc, i, "ago_before")
        if before is not None:
            j = before[0]
            amount, end, vague = self._amount(doc, j)
            if amount is not None:
                unit = self._get(cells, doc, end, "unit")
                if unit is None and end == j + 1:  # a dual unit is its own amount: يومين
                    dual = self._get(cells, doc, j, "unit")
                    unit = (end, dual[1]) if dual is not None else None
            else:
                unit = self._get(cells, doc, j, "unit")
                if unit is None:
                    return None
                if unit[1][2]:  # قبل أيام, منذ سنوات
                    return DateExpr("vague", i, unit[0], precision="unknown")
                if self._weekday_name(doc, j, cells) or self._get(cells, doc, unit[0], "rel_day"):
                    return None  # قبل يوم الخميس: "before Thursday"
                amount = 1
            if unit is None:
                return None
            end = unit[0]
        elif self.english:
            amount, end, vague = self._amount(doc, i)
            if amount is None and self._get(cells, doc, i, "one"):
                amount, end = 1, i + 1
            if amount is None:
                return None
            unit = self._get(cells, doc, end, "unit")
            ago = self._get(cells, doc, unit[0], "ago_after") if unit is not None else None
            if ago is None:
                return None
            end = ago[0]
        else:
            return None
        if vague:
            return DateExpr("vague", i, end, precision="unknown")
        name = unit[1][1]
        return DateExpr("ago", i, end, unit=name, amount=amount, precision=name)

    @staticmethod
    def _amount(doc: Doc, i: int) -> tuple[int | None, int, bool]:
        """The quantity starting at token i: (value, token end, vague?)."""
        for q in doc._.quantities:
            if q.token_start == i:
                if q.min is not None and q.min == q.max:
                    return q.min, q.token_end, False
                return -1, q.token_end, True
        return None, i, False

    def _vague(self, doc, i, cells):
        for kind, precision in (("recent", "unknown"), ("narrative", "day")):
            hit = self._get(cells, doc, i, kind)
            if hit is not None:
                return DateExpr("narrative" if kind == "narrative" else "vague", i, hit[0],
                                precision=precision)
        return None


# ---------------------------------------------------------------------------------------------
# resolution


def as_date(value: Any) -> date | None:
    """A published value as a `date`: date, datetime, ISO string or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


class DateResolver:
    """Turns a `DateExpr` into (start, end, precision, resolved, relative) against `published`."""

    def __init__(self, first_week_day: int) -> None:
        self.first_week_day = first_week_day

    def week(self, day: date) -> tuple[date, date]:
        start = day - timedelta(days=(day.weekday() - self.first_week_day) % 7)
        return start, start + timedelta(days=6)

    def __call__(self, expr: DateExpr, published: date | None):
        """(start_date, end_date, precision, resolved, relative)."""
        kind = expr.kind
        if kind == "absolute":
            return self._absolute(expr, published)
        if kind in ("vague", "narrative"):
            return None, None, expr.precision, False, True
        if published is None:
            return None, None, self._precision(expr), False, True
        day = self._relative(expr, published)
        if day is None:
            return None, None, self._precision(expr), False, True
        return (*day, True, True)

    @staticmethod
    def _precision(expr: DateExpr) -> str:
        if expr.kind in ("period", "ago"):
            return expr.unit if expr.unit in PRECISIONS else "day"
        if expr.kind == "month":
            return "month"
        return "day"

    def _absolute(self, expr: DateExpr, published: date | None):
        if expr.calendar == "hijri":
            return self._hijri(expr)
        if expr.month is None:  # a year
            return date(expr.year, 1, 1), date(expr.year, 12, 31), "year", True, False
        year, relative = expr.year, False
        if year is None:
            relative = True
            if published is None:
                return None, None, expr.precision, False, True
            year = self._year_for(expr.month, expr.day or 1, published)
        if expr.day is None:
            first, last = month_range(year, expr.month)
            return first, last, "month", True, relative
        try:
            day = date(year, expr.month, expr.day)
        except ValueError:
            return None, None, "day", False, relative
        return day, day, "day", True, relative

    @staticmethod
    def _year_for(month: int, day: int, published: date) -> int:
        """The year that puts month/day at most 31 days after `published`."""
        year = published.year
        try:
            candidate = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        except ValueError:
            return year
        if candidate > published + timedelta(days=31):
            return year - 1
        if candidate < published - timedelta(days=366 - 31):
            return year + 1
        return year

    @staticmethod
    def _hijri(expr: DateExpr):
        if expr.month is None:
            start = hijri_to_gregorian(expr.year, 1, 1)
            end = hijri_to_gregorian(expr.year + 1, 1, 1) - timedelta(days=1)
            return start, end, "year", True, False
        if expr.day is None:
            start, end = hijri_month_range(expr.year, expr.month)
            return start, end, "month", True, False
        day = hijri_to_gregorian(expr.year, expr.month, expr.day)
        return day, day, "day", True, False

    def _relative(self, expr: DateExpr, published: date):
        kind = expr.kind
        if kind == "rel_day":
            anchor = published + timedelta(days=expr.offset)
            if expr.weekday is not None:
                anchor = _nearest_weekday(anchor, expr.weekday)
            return anchor, anchor, "day"
        if kind == "weekday":
            return (*[_weekday_from(published, expr.weekday, expr.direction)] * 2, "day")
        if kind == "month":
            year, month = published.year, expr.month
            if expr.direction == -1:
                if month >= published.month:
                    year -= 1
            elif expr.direction == 1:
                if month <= published.month:
                    year += 1
            elif expr.direction is None:
                year = self._year_for(month, 1, published)
            first, last = month_range(year, month)
            return first, last, "month"
        if kind == "period":
            return self._shifted(expr.unit, expr.direction or 0, published)
        if kind == "ago":
            if expr.unit == "day":
                day = published - timedelta(days=expr.amount)
                return day, day, "day"
            return self._shifted(expr.unit, -expr.amount, published)
        return None

    def _shifted(self, unit: str, by: int, published: date):
        if unit == "week":
            start, end = self.week(published + timedelta(days=7 * by))
            return start, end, "week"
        if unit == "month":
            year, month = shift_month(published.year, published.month, by)
            first, last = month_range(year, month)
            return first, last, "month"
        if unit == "year":
            year = published.year + by
            return date(year, 1, 1), date(year, 12, 31), "year"
        return None


def _weekday_from(published: date, weekday: int, direction: int | None) -> date:
    """The named weekday: last (before), next (after), or the most recent on or before."""
    back = (published.weekday() - weekday) % 7
    if direction == -1:
        return published - timedelta(days=back or 7)
    if direction == 1:
        ahead = (weekday - published.weekday()) % 7
        return published + timedelta(days=ahead or 7)
    return published - timedelta(days=back)


def _nearest_weekday(anchor: date, weekday: int) -> date:
    """The date with `weekday` nearest to `anchor` (ties go to the earlier one)."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    return anchor - timedelta(days=back) if back <= ahead else anchor + timedelta(days=ahead)


# ---------------------------------------------------------------------------------------------
# component


class DateRecognizer:
    """spaCy component "marsad_dates": fills `doc._.dates` and drops date numbers from
    `doc._.quantities`."""

    def __init__(self, nlp: Language) -> None:
        def tokenize(phrase: str) -> list[str]:
            return [normalize_text(t.text) for t in nlp.make_doc(phrase) if not t.is_space]

        lexicon = DateLexicon(nlp.lang, tokenize)
        self.first_words = lexicon.first_words
        self.matcher = DateMatcher(lexicon)
        self.resolver = DateResolver(lexicon.first_week_day)

    def __call__(self, doc: Doc) -> Doc:
        published = as_date(doc._.published)
        exprs = self.matcher(doc)
        doc._.dates = [self.mention(doc, expr, published) for expr in exprs]
        numbers = set().union(*(expr.number_tokens for expr in exprs)) if exprs else set()
        doc._.quantities = without_dates(doc._.quantities, doc._.dates, numbers)
        return doc

    def mention(self, doc: Doc, expr: DateExpr, published: date | None) -> DateMention:
        """The `DateMention` of `expr`."""
        start_date, end_date, precision, resolved, relative = self.resolver(expr, published)
        first, last = doc[expr.start], doc[expr.end - 1]
        start = first.idx + (0 if first.norm_ in self.first_words else _clitic_offset(first))
        end = last.idx + len(last.text)
        return DateMention(
            start=start,
            end=end,
            text=doc_text(doc)[start:end],
            start_date=start_date,
            end_date=end_date,
            precision=precision,
            resolved=resolved,
            relative=relative,
            token_start=expr.start,
            token_end=expr.end,
            part_of_day=expr.part_of_day,
            calendar=expr.calendar,
        )


def without_dates(quantities: list, mentions: list[DateMention], numbers: set[int]) -> list:
    """`quantities` minus those on the date-number tokens `numbers`; a counted noun that is
    part of a date the quantity is not in ("3 آلاف عام 2017") is dropped."""
    kept = []
    for q in quantities:
        if numbers.intersection(range(q.token_start, q.token_end)):
            continue
        if q.noun_start is not None and any(
            q.noun_start < m.end and m.start < q.noun_end and not m.start <= q.start < m.end
            for m in mentions
        ):
            q.noun = q.noun_norm = q.noun_start = q.noun_end = None
        kept.append(q)
    return kept


def _clitic_offset(token: Token) -> int:
    """Chars of a و/ف/ب/ل clitic glued to the first word of a mention (وأمس -> 1, و30 -> 1)."""
    norm = token.norm_
    digit = re.search(r"[0-9\u0660-\u0669\u06f0-\u06f9]", token.text)
    if digit and 0 < digit.start() <= 4 and not re.search(r"[0-9]", norm[:digit.start()]):
        return digit.start()
    forms = clitic_forms(norm)
    if len(forms) < 2 or not forms[1] or not norm.endswith(forms[1]):
        return 0
    cut = len(norm) - len(forms[1])
    if cut > 2 or norm[:cut].strip("وفبلك") != "":
        return 0
    return cut if token.text[:cut] == norm[:cut] else 0


@Language.factory("marsad_dates")
def make_dates(nlp: Language, name: str) -> DateRecognizer:
    return DateRecognizer(nlp)
