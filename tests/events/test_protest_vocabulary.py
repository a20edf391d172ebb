"""PROTEST vocabulary: the words and phrases of each PLOVER protest mode are found, in Arabic
and English, and the same words in other senses (a peace process, a career, a drone, a
diplomatic protest, interrupting a speaker, the month of March) are not.

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


def protest_modes(text: str, lang: str) -> list[str | None]:
    return [e.mode for e in analyse(text, lang, PUB)._.events
            if e.type == "PROTEST" and e.modality == "asserted"]


@pytest.mark.parametrize("text,mode", [
    ("اعتصم مئات العمال أمام مقر الوزارة.", "demo"),
    ("نفذ الموظفون اعتصاما مفتوحا أمام البلدية.", "demo"),
    ("نظم الأهالي وقفة احتجاجية أمام مبنى المحافظة.", "demo"),
    ("خرجت مسيرة حاشدة في شوارع المدينة أمس.", "demo"),
    ("نظم الطلاب مسيرة بالشموع في وسط المدينة.", "demo"),
    ("نظم السكان تظاهرة احتجاجا على انقطاع الكهرباء.", "demo"),
    ("احتج عشرات الأطباء أمام المستشفى على تأخر الرواتب.", "demo"),
    ("هتف المحتجون ضد الحكومة أمام البرلمان.", "demo"),
    ("شكل المحتجون سلسلة بشرية حول مبنى البرلمان.", "demo"),
    ("بدأ عصيان مدني في المدينة أمس.", "demo"),
    ("أضرب سائقو سيارات الأجرة عن العمل أمس.", "strike"),
    ("دخل عشرات المعتقلين في إضراب عن الطعام.", "hunger"),
    ("أضرب عشرات المعتقلين عن الطعام.", "hunger"),
    ("قاطعت أحزاب المعارضة الانتخابات البرلمانية.", "boycott"),
    ("أطلق ناشطون حملة مقاطعة للمنتجات المستوردة.", "boycott"),
    ("المتظاهرين قفلوا الشارع الرئيسي امبارح.", "obstruct"),
])
def test_arabic_protest_words(text, mode):
    assert mode in protest_modes(text, "ar")


@pytest.mark.parametrize("text,mode", [
    ("Hundreds staged a sit-in outside the ministry on Monday.", "demo"),
    ("Thousands marched through the capital on Friday.", "demo"),
    ("Thousands took part in a march against the war.", "demo"),
    ("Teachers held a rally in the main square.", "demo"),
    ("Workers went on strike over unpaid wages.", "strike"),
    ("Dock workers walked off the job on Monday.", "strike"),
    ("Prisoners began a hunger strike on Tuesday.", "hunger"),
    ("Opposition parties boycotted the election.", "boycott"),
    ("Residents blocked the highway for three hours.", "obstruct"),
])
def test_english_protest_words(text, mode):
    assert mode in protest_modes(text, "en")


@pytest.mark.parametrize("text,lang", [
    ("استؤنفت مسيرة المفاوضات بين الطرفين أمس.", "ar"),
    ("تحدث الوزير عن مسيرة السلام في المنطقة.", "ar"),
    ("بدأ اللاعب مسيرته الاحترافية في النادي.", "ar"),
    ("أسقطت الدفاعات الجوية طائرة مسيرة فوق المدينة.", "ar"),
    ("احتجت وزارة الخارجية رسميا لدى السفير الإيراني.", "ar"),
    ("ندد الوزير بالهجوم على السفارة.", "ar"),
    ("قاطع الرئيس المتحدث أثناء المؤتمر.", "ar"),
    ("The army launched a strike on militant positions.", "en"),
    ("The foreign ministry lodged a formal protest with the ambassador.", "en"),
    ("Troops will march on the city tomorrow.", "en"),
    ("The peace process resumed in March.", "en"),
])
def test_other_senses_are_no_protest(text, lang):
    assert protest_modes(text, lang) == []
