"""Terminal tables: Arabic reordered for left-to-right terminals unless MARSAD_BIDI=0."""

from marsad.view import rtl

WORD = "الباغوز"


def test_arabic_is_reordered_for_ltr_terminals(monkeypatch):
    monkeypatch.delenv("MARSAD_BIDI", raising=False)
    assert rtl(WORD) == WORD[::-1]
    assert rtl("Baghuz") == "Baghuz"


def test_bidi_terminals_get_logical_order(monkeypatch):
    monkeypatch.setenv("MARSAD_BIDI", "0")
    assert rtl(WORD) == WORD


def test_empty_cell():
    assert rtl(None) == "" and rtl("") == ""
