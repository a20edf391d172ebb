"""A pipeline is built once per language and stopping point, and leaves the garbage collector
set for analysing documents.

- `get_pipeline("ar")`, `get_pipeline("ar", None)` and `get_pipeline("ar", upto=None)` are one
  object (`analyse` and `extract` ask with `upto=None`): one pipeline to build and keep.
- Analysing a document makes no reference cycles, which is why the youngest generation may be
  collected less often (`_settle_collector`).
"""

from __future__ import annotations

import gc
from datetime import date

import pytest

from marsad.document import Document
from marsad.extract import extract
from marsad.text.pipeline import _GC_YOUNG_OBJECTS, _settle_collector, get_pipeline

REPORTS = [
    ("ar", "قتل ثلاثة مدنيين في غارة جوية على بلدة في ريف إدلب يوم الثلاثاء، بحسب مصادر محلية."),
    ("en", "Two civilians were killed when a car bomb exploded in Mosul, police said."),
]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_one_pipeline_whatever_the_arguments(lang):
    full = get_pipeline(lang)
    assert get_pipeline(lang, None) is full
    assert get_pipeline(lang, upto=None) is full
    assert get_pipeline(lang, "marsad_numbers") is get_pipeline(lang, upto="marsad_numbers")
    assert get_pipeline(lang, "marsad_numbers") is not full


def test_collector_collects_the_young_less_often():
    get_pipeline("ar")
    assert gc.get_threshold()[0] >= _GC_YOUNG_OBJECTS


@pytest.mark.parametrize("young", [0, 50_000])
def test_collector_setting_of_the_process_is_kept(young):
    before = gc.get_threshold()
    try:
        gc.set_threshold(young, *before[1:])
        _settle_collector()
        assert gc.get_threshold() == (young, *before[1:])
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize(("lang", "text"), REPORTS)
def test_analysing_a_document_makes_no_reference_cycles(lang, text):
    document = Document(id="1", text=text, lang=lang, published=date(2020, 3, 3))
    extract(document)  # what is loaded on first use is not the document's
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        record = extract(document)
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
    assert record["events"]  # the document was analysed, not skipped
