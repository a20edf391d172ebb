"""Language identification: Arabic, English, and what must not be taken for them."""

from __future__ import annotations

import csv
import random

import pytest

from marsad.text import langid
from marsad.text.langid import identify_language

ARABIC = [
    "قتل خمسة مدنيين في قصف مدفعي استهدف قرية شرقي المدينة يوم الاثنين، وفق ما ذكرت مصادر محلية.",
    "أعلن المتحدث العسكرى أن القوات شنت غارات على مواقع التنظيم فى سيناء.",  # Egyptian spelling
    "غارة على البوكمال",
    "قصف",
    "قالت وكالة Reuters إن الغارة استهدفت مستشفى في مدينة Idlib.",
    # dialect spelling of names with Persian letters
    "وقال قائد مجموعة محلية إن القصف استمر ساعتين في منطقة چمچمال قرب گرمیان.",
    "قُتِلَ خَمْسَةُ مَدَنِيِّينَ فِي قَصْفٍ.",  # fully vocalised
]
PERSIAN = [
    "گزارش‌ها حاکی از آن است که پنج غیرنظامی در حمله هوایی به یک روستا کشته شدند.",
    "حمله هوایی به روستا",
    # typed on an Arabic keyboard: ي and ك instead of ی and ک
    "گزارشها حاكي از آن است كه پنج غيرنظامي در حمله هوايي كشته شدند.",
    "سخنگوی ارتش گفت این عملیات تا پایان هفته ادامه خواهد داشت.",
]
URDU = [
    "مقامی حکام کے مطابق فضائی حملے میں پانچ شہری ہلاک ہو گئے ہیں۔",
    "فضائی حملے میں پانچ ہلاک",
    "پولیس نے بتایا کہ دھماکہ بازار میں ہوا اور کئی افراد زخمی ہوئے۔",
]
ENGLISH = [
    "Five civilians were killed in an air strike on a village, local officials said.",
    "Airstrikes hit Raqqa",
    "The statement, titled «بيان», said five people were killed.",
    "'Don't get me wrong,' the commander told him.",
]
UNDETERMINED = [
    "Cinq civils ont été tués dans une frappe aérienne sur un village, selon des responsables.",
    "Frappe aérienne près d'Alep",
    "Cinco civiles murieron en un ataque aéreo contra una aldea, según fuentes locales.",
    "Fünf Zivilisten wurden bei einem Luftangriff auf ein Dorf getötet.",
    "Köyde düzenlenen hava saldırısında beş sivil hayatını kaybetti ve bir çocuk yaralandı.",
    "当地官员说，空袭造成五名平民死亡。",
    "Пять мирных жителей погибли в результате авиаудара.",
    "אזרחים נהרגו בתקיפה אווירית.",
    "پێنج هاوڵاتی لە هێرشێکی ئاسمانیدا کوژران.",  # Kurdish (Sorani)
    "په هوايي برید کې پنځه ملکیان ووژل شول.",  # Pashto
    "",
    "   \n",
    "123 456 ٣٤٥",
    "!!! ...",
    "ok",
]


@pytest.mark.parametrize(
    "text, expected",
    [(t, "ar") for t in ARABIC] + [(t, "fa") for t in PERSIAN] + [(t, "ur") for t in URDU]
    + [(t, "en") for t in ENGLISH] + [(t, "und") for t in UNDETERMINED],
)
def test_identify_language(text, expected):
    assert identify_language(text) == expected


def _with_persian_letters(text: str, count: int, seed: int) -> str:
    """`text` with `count` of its ي/ى/ك replaced by Persian ی/ک, as copied text often has."""
    positions = [i for i, c in enumerate(text) if c in "يىك"]
    chosen = random.Random(seed).sample(positions, min(count, len(positions)))
    chars = list(text)
    for i in chosen:
        chars[i] = "ک" if chars[i] == "ك" else "ی"
    return "".join(chars)


@pytest.mark.parametrize("seed", range(5))
def test_arabic_with_a_few_stray_persian_letters_is_arabic(seed):
    text = ARABIC[0] + " " + ARABIC[1]
    assert identify_language(_with_persian_letters(text, 3, seed)) == "ar"


def test_arabic_typed_entirely_on_a_persian_keyboard_is_still_arabic():
    text = ARABIC[0].replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")
    assert "ي" not in text
    assert identify_language(text) == "ar"


def test_persian_is_not_arabic_even_when_it_quotes_an_arabic_word():
    assert identify_language(PERSIAN[0] + " «الله اكبر»") == "fa"


def test_word_lists_are_data_and_strings():
    signals = langid.signals()
    assert "في" in signals.arabic_words and "the" in signals.english_words
    assert "on" in signals.english_words  # YAML would read a bare `on` as True
    for name in ("arabic_words", "persian_words", "urdu_words", "english_words",
                 "other_latin_words"):
        assert all(isinstance(w, str) and w for w in getattr(signals, name)), name


def test_seed_article_is_arabic(seed):
    assert identify_language(seed["text"]) == "ar"


def test_arabic_gsr_sentences_are_arabic(shared):
    folder = shared / "data" / "arabic_event_gsr"
    path = folder / "assault_gsr.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)][:1500]
    codes = [identify_language(t) for t in texts]
    assert codes.count("ar") >= 0.99 * len(codes)


def test_english_news_sentences_are_english(shared):
    path = shared / "data" / "cliff_english_places" / "bbc.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8", errors="replace") as handle:
        texts = [row["sentence"] for row in csv.DictReader(handle)
                 if len(row.get("sentence") or "") > 40]
    codes = [identify_language(t) for t in texts]
    assert texts and codes.count("en") >= 0.98 * len(codes)
