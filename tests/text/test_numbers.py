"""Quantities (issue 2, point 5): digits, number words, duals, ranges, vague and unknown
amounts, and the noun each one counts.

Sentences are our own, in neutral news style. Each case names the quantity's text, its
range, and the matching key of the counted noun (None = no noun).
"""

from __future__ import annotations

import pytest

from marsad.text.normalize import normalize_text
from marsad.text.numbers import Quantity, load_lexicon, noun_key, word_list
from marsad.text.pipeline import analyse

OPEN = None  # an open bound


def quantities(text: str, lang: str = "ar", upto: str = "marsad_numbers") -> list[Quantity]:
    return analyse(text, lang, upto=upto)._.quantities


def the(text: str, span: str, lang: str = "ar", upto: str = "marsad_numbers") -> Quantity:
    """The one quantity whose text is `span`."""
    found = [q for q in quantities(text, lang, upto) if q.text == span]
    listing = [(q.text, q.min, q.max) for q in quantities(text, lang, upto)]
    assert len(found) == 1, f"{span!r} not found once in {listing}"
    return found[0]


def key(noun: str | None) -> str | None:
    """The expected noun key, written naturally (امرأة) and compared normalised (امراه)."""
    return normalize_text(noun) if noun is not None else None


# (sentence, quantity text, min, max, counted noun without ال / tamyiz alif)
ARABIC = [
    # digits, Western and Eastern, with separators
    ("قتل 1,200 شخص في المعارك", "1,200", 1200, 1200, "شخص"),
    ("نزح ١٬٢٠٠ مدني من البلدة", "١٬٢٠٠", 1200, 1200, "مدني"),
    ("أصيب 1.200 شخص بجروح", "1.200", 1200, 1200, "شخص"),
    ("قتل ٣٠ شخصا في القصف", "٣٠", 30, 30, "شخص"),
    ("وصل 1.5 مليون نازح إلى المخيمات", "1.5 مليون", 1_500_000, 1_500_000, "نازح"),
    ("دمر القصف 3 آلاف منزل", "3 آلاف", 3000, 3000, "منزل"),
    # number words: compounds, gender and case forms, scales
    ("قتل ثلاثة وعشرون مدنيا في الغارة", "ثلاثة وعشرون", 23, 23, "مدني"),
    ("أسفر القصف عن مقتل مئة وخمسين شخصا", "مئة وخمسين", 150, 150, "شخص"),
    ("نزح ألفين من السكان خلال الليل", "ألفين", 2000, 2000, "سكان"),
    ("دمر القصف ثلاثة آلاف منزل", "ثلاثة آلاف", 3000, 3000, "منزل"),
    ("قتل ثلاث مئة جندي في المعركة", "ثلاث مئة", 300, 300, "جندي"),
    ("انتشر خمسمائة عنصر على الحدود", "خمسمائة", 500, 500, "عنصر"),
    ("بلغ عدد النازحين خمسة وعشرين ألفا", "خمسة وعشرين ألفا", 25_000, 25_000, None),
    ("قتل أربعة عشر شخصا في الهجوم", "أربعة عشر", 14, 14, "شخص"),
    ("قتل اثنا عشر جنديا في الكمين", "اثنا عشر", 12, 12, "جندي"),
    ("قتلت إحدى عشرة امرأة في القصف", "إحدى عشرة", 11, 11, "امرأة"),
    ("قتل ثلاثين مسلحا في الاشتباكات", "ثلاثين", 30, 30, "مسلح"),
    ("قتل ثلاثون مسلحا في الاشتباكات", "ثلاثون", 30, 30, "مسلح"),
    ("نزح ثلاثة ملايين شخص منذ بدء الحرب", "ثلاثة ملايين", 3_000_000, 3_000_000, "شخص"),
    ("بلغ عدد الجرحى ألف ومئتين وخمسة وثلاثين", "ألف ومئتين وخمسة وثلاثين", 1235, 1235,
     None),
    ("قتل مئة ألف شخص خلال الحرب", "مئة ألف", 100_000, 100_000, "شخص"),
    # duals, and the post-nominal واحد / اثنان
    ("قتل طفلين في القصف", "طفلين", 2, 2, "طفل"),  # a dual's key is its singular
    ("أصيب طفلان بجروح", "طفلان", 2, 2, "طفل"),
    ("دمرت الغارة سيارتين للدفاع المدني", "سيارتين", 2, 2, "سيارة"),
    ("قتلت الطفلتان في القصف", "الطفلتان", 2, 2, "طفلة"),
    ("أصيب مدنيان اثنان في القصف", "اثنان", 2, 2, "مدنيان"),
    ("قتل شخص واحد في الانفجار", "واحد", 1, 1, "شخص"),
    ("قتل أحد الجنود في الكمين", "أحد", 1, 1, "جنود"),
    # vague amounts
    ("قتل عشرات المدنيين في الغارات", "عشرات", 20, 99, "مدنيين"),
    ("نزحت مئات العائلات من القرية", "مئات", 200, 999, "عائلات"),
    ("فر آلاف السكان من المدينة", "آلاف", 2000, 9999, "سكان"),
    ("نزح عشرات الآلاف من السكان", "عشرات الآلاف", 20_000, 99_999, "سكان"),
    ("قتل عدة مئات من المقاتلين", "عدة مئات", 300, 999, "مقاتلين"),
    ("أصيب عدة أشخاص في الحادث", "عدة", 3, 9, "أشخاص"),
    # bounds, approximations and ranges
    ("قتل ما لا يقل عن 12 شخصا في الهجوم", "ما لا يقل عن 12", 12, OPEN, "شخص"),
    ("قتل 12 شخصا على الأقل في الهجوم", "12 شخصا على الأقل", 12, OPEN, "شخص"),
    ("قتل أكثر من 20 عنصرا في المواجهات", "أكثر من 20", 21, OPEN, "عنصر"),
    ("قتل أقل من 10 أشخاص في الحادث", "أقل من 10", OPEN, 9, "أشخاص"),
    ("اعتقل ما يصل إلى 40 شخصا", "ما يصل إلى 40", OPEN, 40, "شخص"),
    ("قتل نحو 30 شخصا في الاشتباكات", "نحو 30", 30, 30, "شخص"),
    ("قتل بين 10 و15 مدنيا في القصف", "بين 10 و15", 10, 15, "مدني"),
    ("قتل ما بين عشرة وخمسة عشر شخصا", "ما بين عشرة وخمسة عشر", 10, 15, "شخص"),
    ("قتل 3 أو 4 أشخاص في الانفجار", "3 أو 4", 3, 4, "أشخاص"),
    ("قتل 10-15 جنديا في الهجوم", "10-15", 10, 15, "جندي"),
    ("ارتفع عدد القتلى إلى 12", "12", 12, 12, None),
    # what the number counts
    ("قال التحالف إنه لا يزال يقيم 695 تقريرا", "695", 695, 695, "تقرير"),
    ("نشر الجيش 500 عنصر على الحدود", "500", 500, 500, "عنصر"),
    ("استمرت المعارك 3 أيام متواصلة", "3", 3, 3, "أيام"),
    ("أقر التحالف بمقتل 801 مدني في غاراته", "801", 801, 801, "مدني"),
    ("قتل 5 من عناصر الأمن", "5", 5, 5, "عناصر"),
    ("مقتل 5 وإصابة 10 في الانفجار", "5", 5, 5, None),
]


@pytest.mark.parametrize(("text", "span", "lo", "hi", "noun"), ARABIC)
def test_arabic_quantities(text, span, lo, hi, noun):
    q = the(text, span)
    assert (q.min, q.max) == (lo, hi)
    assert q.noun_norm == key(noun)
    assert not q.unknown


ENGLISH = [
    ("At least 12 people were killed in the attack.", "At least 12", 12, OPEN, "people"),
    ("The shelling killed twenty-three civilians.", "twenty-three", 23, 23, "civilians"),
    ("Two hundred and five families fled the town.", "Two hundred and five", 205, 205,
     "families"),
    ("One thousand two hundred homes were destroyed.", "One thousand two hundred", 1200, 1200,
     "homes"),
    ("The war displaced 1.5 million refugees.", "1.5 million", 1_500_000, 1_500_000,
     "refugees"),
    ("Some 3,000 troops were deployed.", "Some 3,000", 3000, 3000, "troops"),
    ("A dozen soldiers were captured.", "A dozen", 12, 12, "soldiers"),
    ("Two dozen fighters surrendered.", "Two dozen", 24, 24, "fighters"),
    ("Dozens of civilians were wounded.", "Dozens", 20, 99, "civilians"),
    ("Hundreds of families left the camp.", "Hundreds", 200, 999, "families"),
    ("Several hundred troops crossed the border.", "Several hundred", 300, 999, "troops"),
    ("Tens of thousands of people fled.", "Tens of thousands", 20_000, 99_999, "people"),
    ("More than 20 Syrian soldiers were killed.", "More than 20", 21, OPEN, "soldiers"),
    ("Fewer than 10 people were hurt.", "Fewer than 10", OPEN, 9, "people"),
    ("Up to 40 people were detained.", "Up to 40", OPEN, 40, "people"),
    ("Between 10 and 15 civilians died.", "Between 10 and 15", 10, 15, "civilians"),
    ("Three or four civilians were wounded.", "Three or four", 3, 4, "civilians"),
    ("Police said 10 to 15 fighters were captured.", "10 to 15", 10, 15, "fighters"),
    ("A few people gathered outside.", "A few", 2, 5, "people"),
    ("The toll rose to 12 on Sunday.", "12", 12, 12, None),
    ("Officials said 12 Palestinians were killed.", "12", 12, 12, "palestinians"),
    ("The coalition is still assessing 695 reports.", "695", 695, 695, "reports"),
    ("The fighting lasted 3 days.", "3", 3, 3, "days"),
]


@pytest.mark.parametrize(("text", "span", "lo", "hi", "noun"), ENGLISH)
def test_english_quantities(text, span, lo, hi, noun):
    q = the(text, span, "en")
    assert (q.min, q.max) == (lo, hi)
    assert q.noun_norm == key(noun)


@pytest.mark.parametrize(
    ("text", "span", "lang"),
    [
        ("قتل نحو 30 شخصا", "نحو 30", "ar"),
        ("قتل حوالي 40 مدنيا", "حوالي 40", "ar"),
        ("قتل 50 شخصا تقريبا", "50 شخصا تقريبا", "ar"),
        ("About 30 militants were killed.", "About 30", "en"),
        ("Nearly a dozen houses burned.", "Nearly a dozen", "en"),
    ],
)
def test_approximate_amounts_keep_the_figure(text, span, lang):
    q = the(text, span, lang)
    assert q.approximate
    assert q.min == q.max is not None


@pytest.mark.parametrize(
    ("text", "span", "noun", "lang"),
    [
        ("أسفرت الغارات عن مقتل كثيرين من المدنيين", "كثيرين", "مدنيين", "ar"),
        ("قتل عدد كبير من المدنيين في القصف", "عدد كبير", "مدنيين", "ar"),
        ("قتل التحالف لعدد كبير من أطفال المقاتلين", "عدد كبير", "أطفال", "ar"),
        ("شارك العديد من الصحفيين في المؤتمر", "العديد من", "صحفيين", "ar"),
        ("Many civilians were killed in the strikes.", "Many", "civilians", "en"),
        ("A number of attacks were reported.", "A number of", "attacks", "en"),
    ],
)
def test_unknown_amounts_are_quantities_without_figures(text, span, noun, lang):
    q = the(text, span, lang)
    assert q.unknown
    assert (q.min, q.max) == (None, None)
    assert q.noun_norm == key(noun)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("قتل مدنيين في القصف", "ar"),  # a plural, not a dual
        ("أصيب مسلحين في الاشتباك", "ar"),
        ("ارتفعت الأسعار بنسبة 20%", "ar"),
        ("ارتفعت البطالة إلى 30 في المئة", "ar"),
        ("أشار البيان إلى القرار 2254", "ar"),
        ("بدأ القصف عند الساعة 10", "ar"),
        ("لا أحد يعرف ما حدث", "ar"),
        ("بلغ سعر السهم 0.146 دينار", "ar"),  # a decimal with no scale word is no count
        ("Prices rose by 20% last year.", "en"),
        ("The council passed Resolution 2254.", "en"),
        ("The 12th brigade moved north.", "en"),
        ("The attack was reported by news agencies.", "en"),
    ],
)
def test_must_not_be_quantities(text, lang):
    assert quantities(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "kept"),
    [
        ("وقع الهجوم في 30 نوفمبر 2017 وقتل 12 شخصا", "ar", ["12"]),
        ("قتل 40 شخصا عام 2015", "ar", ["40"]),
        ("وقع الهجوم في 30 تشرين الثاني 2017", "ar", []),
        ("The attack on November 30, 2017 killed 12 people.", "en", ["12"]),
        ("In 2016, 40 people were killed.", "en", ["40"]),
    ],
)
def test_numbers_of_dates_are_not_quantities(text, lang, kept):
    """Day and year numbers are removed by marsad_dates, which runs after marsad_numbers."""
    assert [q.text for q in quantities(text, lang, upto="marsad_dates")] == kept


def test_a_counted_noun_inside_a_date_is_dropped():
    q = the("قتل 3 آلاف عام 2017", "3 آلاف", upto="marsad_dates")
    assert q.noun is None


def test_a_change_is_not_a_range():
    """"rose from 10 to 15": 15 is the latest figure, 10 the earlier one, no 10-15 range."""
    found = [(q.text, q.min, q.max) for q in quantities("ارتفعت الحصيلة من 10 إلى 15 قتيلا")]
    assert found == [("10", 10, 10), ("15", 15, 15)]
    found = [(q.min, q.max) for q in quantities("The toll rose from 10 to 15.", "en")]
    assert found == [(10, 10), (15, 15)]
    # without a change verb the same words are a range
    assert [(q.min, q.max) for q in quantities("نزح من 10 إلى 15 ألف شخص")] == [
        (10_000, 15_000)
    ]


def test_spans_point_into_the_original_text():
    text = "قال مسؤول إن والعشرات قتلوا، وأصيب ١٬٢٠٠ شخص و«أكثر من 20» طفلا"
    found = quantities(text)
    assert found
    for q in found:
        assert text[q.start:q.end] == q.text
        assert q.text.strip() == q.text
        if q.noun is not None:
            assert text[q.noun_start:q.noun_end] == q.noun
    assert [q.text for q in found][:2] == ["العشرات", "١٬٢٠٠"]


def test_clitics_are_outside_the_span():
    q = quantities("وقتل وثلاثة وعشرون شخصا ولعدد كبير من الأطفال")
    assert [x.text for x in q] == ["ثلاثة وعشرون", "عدد كبير"]


def test_to_dict_follows_the_record_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import json
    from importlib import resources

    schema = json.loads(
        resources.files("marsad.schema").joinpath("record.schema.json").read_text("utf-8")
    )
    validator = jsonschema.Draft202012Validator({**schema["$defs"]["quantity"],
                                                 "$defs": schema["$defs"]})
    for q in quantities("قتل نحو 30 شخصا وعشرات المدنيين وعدد كبير من الجنود"):
        validator.validate(q.to_dict())
        assert set(q.to_dict()) >= {"start", "end", "text", "min", "max", "noun", "noun_norm",
                                    "approximate", "unknown", "token_start", "token_end"}


def test_to_dict_is_asdict():
    from dataclasses import asdict

    found = quantities("قتل نحو 30 شخصا وعشرات المدنيين بين 10 و15 جنديا")
    assert len(found) == 3
    for q in found:
        assert list(q.to_dict().items()) == list(asdict(q).items())


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_listed_number_word_reads_as_its_value(lang):
    """The data file drives the parser: each unit and tens word, alone, has its value."""
    data = load_lexicon("numbers")[lang]
    frame = "قتل {} في الهجوم" if lang == "ar" else "They saw {} there."
    for key in ("units", "tens"):
        for value, words in data[key].items():
            for word in words:
                if int(value) == 0:
                    continue
                found = quantities(frame.format(word), lang)
                assert [(q.min, q.max) for q in found] == [(int(value), int(value))], word


def test_every_listed_dual_noun_reads_as_two():
    for noun in load_lexicon("numbers")["ar"]["dual_nouns"]:
        dual = noun[:-1] + "تين" if noun.endswith("ة") else noun + "ين"
        found = quantities(f"شاهد السكان {dual} قرب الحدود")
        assert [(q.min, q.max, q.noun_norm) for q in found] == [(2, 2, normalize_text(noun))]


def test_noun_key():
    assert noun_key("والمدنيين") == "مدنيين"
    assert noun_key("للمدنيين") == "مدنيين"
    assert noun_key("وزراء") == "وزراء"  # a word that merely begins with و
    assert noun_key("تقريرا", tamyiz=True) == "تقرير"
    assert noun_key("ضحايا", tamyiz=False) == "ضحايا"


def test_lexicon_lists_must_be_strings():
    with pytest.raises(TypeError, match="quote it"):
        word_list(["of", True], "numbers.yaml: en: not_nouns")
