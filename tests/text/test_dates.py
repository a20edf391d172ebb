"""Dates (issue 2, point 6): absolute dates in English and the three Arabic month-name
systems, Hijri dates, and relative dates resolved against the published date.

Sentences are our own. Unless a test says otherwise the article is published on Thursday
2017-11-30.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from babel import Locale

from marsad.text.dates import (
    DateMention,
    as_date,
    hijri_to_gregorian,
    load_lexicon,
)
from marsad.text.pipeline import analyse

PUBLISHED = date(2017, 11, 30)  # a Thursday


def dates(text: str, lang: str = "ar", published=PUBLISHED) -> list[DateMention]:
    return analyse(text, lang, published, upto="marsad_dates")._.dates


def the(text: str, span: str, lang: str = "ar", published=PUBLISHED) -> DateMention:
    found = [d for d in dates(text, lang, published) if d.text == span]
    listing = [d.text for d in dates(text, lang, published)]
    assert len(found) == 1, f"{span!r} not found once in {listing}"
    return found[0]


def day(iso: str) -> date:
    return date.fromisoformat(iso)


# (sentence, date text, start, end, precision)
ARABIC_RELATIVE = [
    ("أقر الجيش اليوم الخميس بمقتل جنديين", "اليوم الخميس", "2017-11-30", "2017-11-30", "day"),
    ("نشرت الرسالة يوم الاثنين الماضي على الإنترنت", "يوم الاثنين الماضي", "2017-11-27",
     "2017-11-27", "day"),
    ("نشرت الرسالة يوم الاثنين الماضى", "يوم الاثنين الماضى", "2017-11-27", "2017-11-27", "day"),
    ("وصل الوفد الإثنين الماضي إلى العاصمة", "الإثنين الماضي", "2017-11-27", "2017-11-27",
     "day"),
    ("وصل الوفد الأثنين الماضي إلى العاصمة", "الأثنين الماضي", "2017-11-27", "2017-11-27",
     "day"),
    ("أعلنت الوزارة أمس عن الحصيلة", "أمس", "2017-11-29", "2017-11-29", "day"),
    ("وقع الانفجار أمس الأول في السوق", "أمس الأول", "2017-11-28", "2017-11-28", "day"),
    ("وقع الانفجار أول أمس في السوق", "أول أمس", "2017-11-28", "2017-11-28", "day"),
    ("تعقد الجلسة غدا في جنيف", "غدا", "2017-12-01", "2017-12-01", "day"),
    ("أعلن المتحدث الخميس عن الحصيلة", "الخميس", "2017-11-30", "2017-11-30", "day"),
    ("أعلن المتحدث الأربعاء عن الحصيلة", "الأربعاء", "2017-11-29", "2017-11-29", "day"),
    ("قصفت الطائرات البلدة يوم الجمعة", "يوم الجمعة", "2017-11-24", "2017-11-24", "day"),
    ("تبدأ المحادثات الأحد المقبل", "الأحد المقبل", "2017-12-03", "2017-12-03", "day"),
    ("قصفت المدفعية الحي مساء أمس", "مساء أمس", "2017-11-29", "2017-11-29", "day"),
    ("قصفت المدفعية الحي صباح اليوم", "صباح اليوم", "2017-11-30", "2017-11-30", "day"),
    ("قصفت المدفعية الحي فجر الأربعاء", "فجر الأربعاء", "2017-11-29", "2017-11-29", "day"),
    ("قتل ثلاثة جنود الأسبوع الماضي", "الأسبوع الماضي", "2017-11-18", "2017-11-24", "week"),
    ("تصاعدت المعارك هذا الأسبوع", "هذا الأسبوع", "2017-11-25", "2017-12-01", "week"),
    ("تراجعت الهجمات الشهر الماضي", "الشهر الماضي", "2017-10-01", "2017-10-31", "month"),
    ("تراجعت الهجمات العام الماضي", "العام الماضي", "2016-01-01", "2016-12-31", "year"),
    ("تراجعت الهجمات السنة الماضية", "السنة الماضية", "2016-01-01", "2016-12-31", "year"),
    ("وقع الهجوم قبل ثلاثة أيام", "قبل ثلاثة أيام", "2017-11-27", "2017-11-27", "day"),
    ("وقع الهجوم قبل يومين", "قبل يومين", "2017-11-28", "2017-11-28", "day"),
    ("وقع الهجوم منذ أسبوع", "منذ أسبوع", "2017-11-18", "2017-11-24", "week"),
    ("وقع الهجوم في 5 ديسمبر", "5 ديسمبر", "2017-12-05", "2017-12-05", "day"),
    ("وقع الهجوم في 20 يناير", "20 يناير", "2017-01-20", "2017-01-20", "day"),
    ("وقع الهجوم في شهر آب", "شهر آب", "2017-08-01", "2017-08-31", "month"),
]


@pytest.mark.parametrize(("text", "span", "start", "end", "precision"), ARABIC_RELATIVE)
def test_arabic_relative_dates(text, span, start, end, precision):
    d = the(text, span)
    assert (d.start_date, d.end_date, d.precision) == (day(start), day(end), precision)
    assert d.resolved and d.relative


ABSOLUTE = [
    # the three Arabic month-name systems, and Morocco's
    ("ar", "وقع الهجوم في 30 نوفمبر 2017", "30 نوفمبر 2017", "2017-11-30", "2017-11-30", "day"),
    ("ar", "وقع الهجوم في 30 تشرين الثاني 2017", "30 تشرين الثاني 2017", "2017-11-30",
     "2017-11-30", "day"),
    ("ar", "وقع الهجوم في 30 جانفي 2017", "30 جانفي 2017", "2017-01-30", "2017-01-30", "day"),
    ("ar", "وقع الهجوم في 3 آب 2015", "3 آب 2015", "2015-08-03", "2015-08-03", "day"),
    ("ar", "وقع الهجوم في 12 أيار 2014", "12 أيار 2014", "2014-05-12", "2014-05-12", "day"),
    ("ar", "وقع الهجوم في 15 غشت 2016", "15 غشت 2016", "2016-08-15", "2016-08-15", "day"),
    ("ar", "وقع الهجوم في 4 جويلية 2016", "4 جويلية 2016", "2016-07-04", "2016-07-04", "day"),
    ("ar", "صدر القرار في 9 يونيه 2013", "9 يونيه 2013", "2013-06-09", "2013-06-09", "day"),
    ("ar", "صدر القرار في 9 من شهر مارس 2013", "9 من شهر مارس 2013", "2013-03-09",
     "2013-03-09", "day"),
    ("ar", "وقع الهجوم في 30 نوفمبر/تشرين الثاني 2017", "30 نوفمبر/تشرين الثاني 2017",
     "2017-11-30", "2017-11-30", "day"),
    ("ar", "وقع الهجوم في نوفمبر 2017", "نوفمبر 2017", "2017-11-01", "2017-11-30", "month"),
    ("ar", "بدأت الحملة في يناير كانون الثاني عام 2006", "يناير كانون الثاني عام 2006",
     "2006-01-01", "2006-01-31", "month"),
    ("ar", "وقع الهجوم في 30 نوفمبر من عام 2017", "30 نوفمبر من عام 2017", "2017-11-30",
     "2017-11-30", "day"),
    ("ar", "وقع الهجوم في 8 شباط (فبراير) 2006", "8 شباط (فبراير) 2006", "2006-02-08",
     "2006-02-08", "day"),
    ("ar", "وقع الهجوم في كانون الأول 2016", "كانون الأول 2016", "2016-12-01", "2016-12-31",
     "month"),
    ("ar", "تأسست الجماعة عام 2014", "عام 2014", "2014-01-01", "2014-12-31", "year"),
    ("ar", "تأسست الجماعة في 2014م", "2014م", "2014-01-01", "2014-12-31", "year"),
    ("ar", "وقع الهجوم في 30/11/2017", "30/11/2017", "2017-11-30", "2017-11-30", "day"),
    ("ar", "وقع الهجوم في ٢٠١٧/١١/٣٠", "٢٠١٧/١١/٣٠", "2017-11-30", "2017-11-30", "day"),
    ("ar", "عقد الاجتماع يوم الخميس الموافق 23 نوفمبر 2017",
     "يوم الخميس الموافق 23 نوفمبر 2017", "2017-11-23", "2017-11-23", "day"),
    ("en", "The attack happened on November 30, 2017.", "November 30, 2017", "2017-11-30",
     "2017-11-30", "day"),
    ("en", "The attack happened on 30 November 2017.", "30 November 2017", "2017-11-30",
     "2017-11-30", "day"),
    ("en", "The attack happened in November 2017.", "November 2017", "2017-11-01",
     "2017-11-30", "month"),
    ("en", "The group was founded in 2014.", "2014", "2014-01-01", "2014-12-31", "year"),
    ("en", "The report is dated 2017-11-30.", "2017-11-30", "2017-11-30", "2017-11-30", "day"),
    # the day as an ordinal word
    ("ar", "وقع الهجوم في الخامس من آذار 2016", "الخامس من آذار 2016", "2016-03-05",
     "2016-03-05", "day"),
    ("ar", "اندلعت الاشتباكات في الحادي والعشرين من شهر تشرين الأول عام 2015",
     "الحادي والعشرين من شهر تشرين الأول عام 2015", "2015-10-21", "2015-10-21", "day"),
    ("ar", "سقطت القذائف في الثالث عشر من يوليو 2014", "الثالث عشر من يوليو 2014",
     "2014-07-13", "2014-07-13", "day"),
    ("en", "The convoy was hit on the twenty-first of May 2016.", "twenty-first of May 2016",
     "2016-05-21", "2016-05-21", "day"),
]


@pytest.mark.parametrize(("lang", "text", "span", "start", "end", "precision"), ABSOLUTE)
def test_absolute_dates(lang, text, span, start, end, precision):
    d = the(text, span, lang)
    assert (d.start_date, d.end_date, d.precision) == (day(start), day(end), precision)
    assert d.resolved and not d.relative
    # an absolute date does not need the published date
    assert the(text, span, lang, published=None).start_date == day(start)


ENGLISH_RELATIVE = [
    ("The ministry announced the toll today.", "today", "2017-11-30", "2017-11-30", "day"),
    ("The ministry announced the toll yesterday.", "yesterday", "2017-11-29", "2017-11-29",
     "day"),
    ("It happened the day before yesterday.", "the day before yesterday", "2017-11-28",
     "2017-11-28", "day"),
    ("The message was posted last Monday.", "last Monday", "2017-11-27", "2017-11-27", "day"),
    ("Officials said on Tuesday that talks failed.", "on Tuesday", "2017-11-28", "2017-11-28",
     "day"),
    ("Talks resume next Friday.", "next Friday", "2017-12-01", "2017-12-01", "day"),
    ("Shelling resumed Thursday morning.", "Thursday morning", "2017-11-30", "2017-11-30",
     "day"),
    ("Three soldiers were killed last week.", "last week", "2017-11-20", "2017-11-26", "week"),
    ("Attacks fell last month.", "last month", "2017-10-01", "2017-10-31", "month"),
    ("Attacks fell last year.", "last year", "2016-01-01", "2016-12-31", "year"),
    ("The strike took place three days ago.", "three days ago", "2017-11-27", "2017-11-27",
     "day"),
    ("The strike took place a week ago.", "a week ago", "2017-11-20", "2017-11-26", "week"),
]


@pytest.mark.parametrize(("text", "span", "start", "end", "precision"), ENGLISH_RELATIVE)
def test_english_relative_dates(text, span, start, end, precision):
    d = the(text, span, "en")
    assert (d.start_date, d.end_date, d.precision) == (day(start), day(end), precision)
    assert d.resolved and d.relative


@pytest.mark.parametrize(
    ("text", "span", "precision", "lang"),
    [
        ("أقر الجيش اليوم الخميس بمقتل جنديين", "اليوم الخميس", "day", "ar"),
        ("نشرت الرسالة يوم الاثنين الماضي", "يوم الاثنين الماضي", "day", "ar"),
        ("أعلنت الوزارة أمس عن الحصيلة", "أمس", "day", "ar"),
        ("قتل ثلاثة جنود الأسبوع الماضي", "الأسبوع الماضي", "week", "ar"),
        ("تراجعت الهجمات الشهر الماضي", "الشهر الماضي", "month", "ar"),
        ("وقع الهجوم في 5 ديسمبر", "5 ديسمبر", "day", "ar"),
        ("The message was posted last Monday.", "last Monday", "day", "en"),
        ("Attacks fell last year.", "last year", "year", "en"),
        ("The strike took place three days ago.", "three days ago", "day", "en"),
    ],
)
def test_relative_dates_stay_unresolved_without_a_published_date(text, span, precision, lang):
    d = the(text, span, lang, published=None)
    assert (d.start_date, d.end_date, d.resolved, d.relative) == (None, None, False, True)
    assert d.precision == precision


@pytest.mark.parametrize(
    ("text", "span", "lang"),
    [
        ("كشفت روسيا مؤخرا عن الخطة", "مؤخرا", "ar"),
        ("تصاعد القصف خلال الأيام الماضية", "خلال الأيام الماضية", "ar"),
        ("وقع الهجوم قبل أيام", "قبل أيام", "ar"),
        ("Russia recently disclosed the plan.", "recently", "en"),
    ],
)
def test_vague_dates_have_unknown_precision(text, span, lang):
    d = the(text, span, lang)
    assert (d.precision, d.resolved, d.start_date) == ("unknown", False, None)


def test_an_ordinal_day_without_a_year_takes_the_year_of_the_published_date():
    d = the("قتل ثلاثة مدنيين في الخامس من آذار", "الخامس من آذار")
    assert (d.start_date, d.precision, d.relative) == (date(2017, 3, 5), "day", True)
    assert the("Talks resumed on the fifth of November.", "fifth of November", "en"
               ).start_date == date(2017, 11, 5)


def test_today_with_a_weekday_trusts_the_weekday():
    """Dated a day late (Friday), "today, Thursday" is still the Thursday."""
    d = the("أقر الجيش اليوم الخميس بمقتل جنديين", "اليوم الخميس", published=date(2017, 12, 1))
    assert d.start_date == date(2017, 11, 30)


@pytest.mark.parametrize("published", [datetime(2017, 11, 30, 9, 15), "2017-11-30"])
def test_published_may_be_a_datetime_or_a_string(published):
    assert the("أعلنت الوزارة أمس عن الحصيلة", "أمس", published=published).start_date == date(
        2017, 11, 29
    )
    assert as_date("not a date") is None


def test_last_weekday_is_strictly_before_the_published_day():
    # published on a Monday, "last Monday" is a week earlier; a bare "Monday" is that day
    monday = date(2017, 11, 27)
    assert the("نشرت الرسالة الاثنين الماضي", "الاثنين الماضي", published=monday).start_date \
        == monday - timedelta(days=7)
    assert the("نشرت الرسالة الاثنين", "الاثنين", published=monday).start_date == monday


def test_parts_of_the_day_are_kept():
    assert the("قصفت المدفعية الحي مساء أمس", "مساء أمس").part_of_day == "evening"
    assert the("Shelling resumed Thursday morning.", "Thursday morning", "en").part_of_day \
        == "morning"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("مارس الجيش ضغوطا على السكان", "ar"),  # مارس, a verb here
        ("قتل أب لثلاثة أطفال في القصف", "ar"),  # أب (father), not آب (August)
        ("قال الأمين العام إن المحادثات ستستمر", "ar"),  # العام, "general"
        ("بلغ عدد القتلى 2017 شخصا", "ar"),  # a count, not a year
        ("He may go to the talks.", "en"),
        ("وصل الوفد الثاني من الأمم المتحدة", "ar"),  # an ordinal, no month after it
        ("The second of the two attacks hit the market.", "en"),
        ("The fighters will march north.", "en"),
    ],
)
def test_must_not_be_dates(text, lang):
    assert dates(text, lang) == []


def test_hijri_dates_convert_approximately():
    # 1 Ramadan 1438 was 27 May 2017 in the Umm al-Qura calendar
    assert abs(hijri_to_gregorian(1438, 9, 1) - date(2017, 5, 27)) <= timedelta(days=2)
    d = the("وقع الهجوم في 1 رمضان 1438 هـ", "1 رمضان 1438 هـ")
    assert d.calendar == "hijri" and d.precision == "day"
    assert abs(d.start_date - date(2017, 5, 27)) <= timedelta(days=2)
    year = the("صدر الكتاب عام 1438 هـ", "عام 1438 هـ")
    assert year.precision == "year"
    assert year.start_date.year == 2016 and year.end_date.year == 2017


def test_month_names_come_from_babel():
    """Every wide month name of each configured locale reads as its month."""
    locales = load_lexicon("dates")["month_locales"]["ar"]
    for loc in locales:
        for number, name in Locale.parse(loc).months["format"]["wide"].items():
            d = the(f"وقع الهجوم في 14 {name} 2016", f"14 {name} 2016")
            assert d.start_date == date(2016, number, 14), (loc, name)


def test_weekday_names_come_from_babel():
    for lang in ("ar", "en"):
        for number, name in Locale.parse(lang).days["format"]["wide"].items():
            text = f"قصفت الطائرات البلدة {name}" if lang == "ar" else f"It fell on {name}."
            found = dates(text, lang)
            assert len(found) == 1, name
            assert found[0].start_date.weekday() == number
            assert PUBLISHED - timedelta(days=6) <= found[0].start_date <= PUBLISHED


def test_spans_point_into_the_original_text():
    text = "وقال المصدر إن الهجوم وقع وأمس الأول، وفي 30 تشرين الثاني 2017 ومساء أمس."
    found = dates(text)
    assert len(found) == 3
    for d in found:
        assert text[d.start:d.end] == d.text
    assert found[0].text == "أمس الأول"


def test_to_dict_follows_the_record_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import json
    from importlib import resources

    schema = json.loads(
        resources.files("marsad.schema").joinpath("record.schema.json").read_text("utf-8")
    )
    validator = jsonschema.Draft202012Validator({**schema["$defs"]["date"],
                                                 "$defs": schema["$defs"]})
    for d in dates("أقر الجيش اليوم الخميس بمقتل جنديين مؤخرا في 30 نوفمبر 2017"):
        record = d.to_dict()
        validator.validate(record)
        if d.resolved:
            assert record["start"] == d.start_date.isoformat()


# -- the seed article (../shared/seed), read at test time -----------------------------------


def test_seed_relative_dates(seed):
    published = date.fromisoformat(seed["expected"]["published"])
    doc = analyse(seed["text"], "ar", published, upto="marsad_dates")
    found = {d.text: d for d in doc._.dates}
    assert found["اليوم الخميس"].start_date == date(2017, 11, 30)
    assert found["يوم الاثنين الماضى"].start_date == date(2017, 11, 27)
    assert all(d.precision == "day" for d in (found["اليوم الخميس"],
                                             found["يوم الاثنين الماضى"]))
    # the dates the expected events carry are all among them
    wanted = {e["date"]["start"] for e in seed["expected"]["events"] if "date" in e}
    assert wanted <= {d.start_date.isoformat() for d in doc._.dates if d.resolved}


def test_seed_quantities(seed):
    doc = analyse(seed["text"], "ar", date(2017, 11, 30), upto="marsad_dates")
    by_figure = {q.min: q for q in doc._.quantities if q.min is not None}
    assert by_figure[801].noun_norm == "مدني"
    assert by_figure[695].noun_norm == "تقرير"  # reports, not people
    unknown = [q.noun_norm for q in doc._.quantities if q.unknown]
    assert "مدنيين" in unknown and "اطفال" in unknown


def test_seed_full_pipeline_runs(seed):
    doc = analyse(seed["text"], "ar", date(2017, 11, 30))
    resolved = {d.start_date for d in doc._.dates if d.resolved}
    assert {date(2017, 11, 30), date(2017, 11, 27)} <= resolved
