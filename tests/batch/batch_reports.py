"""Short news reports written for these tests (neutral wire style, invented details).

Each is (id, lang, published, text). Together they cover air and drone strikes, shelling, a car
bomb, a threat, a protest, casualty figures, relative and absolute dates, attribution, and a
report with no event at all.
"""

from __future__ import annotations

REPORTS: list[tuple[str, str, str, str]] = [
    ("ar-airstrike", "ar", "2023-11-12",
     ("قالت وزارة الصحة يوم الأحد إن غارة جوية على مخيم جباليا أسفرت عن مقتل 12 مدنيا بينهم "
     "خمسة أطفال وإصابة العشرات. وأضافت الوزارة في بيان أن فرق الإسعاف ما زالت تبحث عن "
     "مفقودين تحت الأنقاض.")),
    ("ar-idlib", "ar", "2019-05-20",
     ("أفاد المرصد السوري لحقوق الإنسان بأن طائرات حربية روسية شنت أمس غارات على بلدة معرة "
     "النعمان في ريف إدلب، ما أدى إلى مقتل ثلاثة مدنيين وإصابة سبعة آخرين. ونفت وزارة الدفاع "
     "الروسية استهداف مناطق سكنية.")),
    ("ar-threat", "ar", "2024-01-09",
     ("هدد قائد فصيل مسلح باستهداف القواعد الأمريكية في دير الزور إذا استمرت الضربات، بحسب "
     "بيان نشرته وكالة أنباء محلية يوم الثلاثاء.")),
    ("ar-protest", "ar", "2022-07-15",
     ("خرج مئات المتظاهرين في شوارع الموصل يوم الجمعة احتجاجا على انقطاع الكهرباء، وقالت "
     "الشرطة إن التظاهرة انتهت دون حوادث.")),
    ("ar-carbomb", "ar", "2021-03-02",
     ("انفجرت سيارة مفخخة قرب سوق شعبي في مدينة الباب شمال حلب صباح اليوم، وقال الدفاع "
     "المدني إن الانفجار أودى بحياة ثمانية أشخاص على الأقل وأصاب أكثر من عشرين.")),
    ("ar-wheat", "ar", "2020-10-01",
     ("أعلنت وزارة الزراعة عن خطة لزيادة إنتاج القمح بنسبة عشرين في المئة خلال الموسم المقبل، "
     "وقال متحدث باسم الوزارة إن الخطة تشمل 40 ألف مزارع.")),
    ("en-drone", "en", "2018-06-05",
     ("A drone strike killed four fighters near the town of Marib on Tuesday, a local military "
     "official told reporters. The official said the vehicle was hit on a road east of the town.")),
    ("en-shelling", "en", "2016-03-10",
     ("Rebel forces shelled residential districts of Taiz on March 3, injuring at least 15 "
     "civilians, according to the United Nations humanitarian office.")),
    ("en-arrests", "en", "2019-01-18",
     ("Security forces arrested dozens of protesters in Khartoum yesterday, witnesses said. "
     "Police fired tear gas at the crowd near the main market.")),
    ("en-harvest", "en", "2020-09-01",
     ("The ministry of agriculture expects a larger harvest this year after heavy rains in the "
     "north, a spokesman said on Monday.")),
]
