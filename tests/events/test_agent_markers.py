"""Who fired or is blamed, told by a word before the attackers: "بنيران مسلحين", "برصاص
الشرطة" (by the fire / bullets of), "نسب إلى المتمردين" (attributed to).

Sentences are our own, in neutral news style.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.text.pipeline import analyse

PUB = date(2017, 11, 30)


@pytest.mark.parametrize("text,actor,victim", [
    ("وقتل شرطي بنيران مسلحين مجهولين في المدينة أمس.", "مسلحين مجهولين", "شرطي"),
    ("وقتل جندي برصاص الشرطة خلال الاشتباكات.", "الشرطة", "جندي"),
    ("وتعرضت قاعدة للجيش لهجوم انتحاري نسب إلى المتمردين.", "المتمردين", None),
])
def test_the_words_after_an_agent_marker_name_the_attacker(text, actor, victim):
    (e,) = [e.to_dict() for e in analyse(text, "ar", PUB)._.events if e.type == "ASSAULT"]
    assert e["actor"]["text"] == actor
    if victim is not None:
        assert e["target"]["text"] == victim
