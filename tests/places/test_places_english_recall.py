"""English recall: a name kept as a place in a report is a place where the report names it
again, written alike (one sense per report); not inside a longer name."""

from __future__ import annotations


def _texts(doc) -> list[str]:
    return [p.text for p in doc._.places]


def test_a_name_kept_once_is_a_place_again(nlp_en):
    doc = nlp_en("Protesters gathered in Crown Heights in New York on Sunday. "
                 "Police said Crown Heights stayed calm overnight.")
    assert _texts(doc).count("Crown Heights") == 2


def test_a_name_inside_a_longer_name_stays_out(nlp_en):
    doc = nlp_en("Protesters gathered in Crown Heights in New York on Sunday. "
                 "The Crown Heights Youth Council met later.")
    assert _texts(doc).count("Crown Heights") == 1


def test_a_name_never_kept_gets_nothing_from_its_repetition(nlp_en):
    doc = nlp_en("Engineers said Wynnewood had been spared. Wynnewood reopened its roads.")
    assert "Wynnewood" not in _texts(doc)
