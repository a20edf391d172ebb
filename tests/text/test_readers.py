"""Readers: encodings, HTML, JSONL, directories, stdin and bad input."""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import Document
from marsad.errors import InputError
from marsad.text import readers
from marsad.text.readers import decode_bytes, iter_documents, read_file, read_stdin

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
AR = (FIXTURES / "ar_utf8.txt").read_text("utf-8")
EN = (FIXTURES / "en_utf8.txt").read_text("utf-8")


def items(*paths, **kwargs) -> list[Document | InputError]:
    return list(iter_documents([str(p) for p in paths], **kwargs))


def one(path, **kwargs) -> Document | InputError:
    result = items(path, **kwargs)
    assert len(result) == 1, result
    return result[0]


def doc(path, **kwargs) -> Document:
    result = one(path, **kwargs)
    assert isinstance(result, Document), str(result)
    return result


def error(path, **kwargs) -> InputError:
    result = one(path, **kwargs)
    assert isinstance(result, InputError), result
    return result


# ----------------------------------------------------------------------------- encodings

@pytest.mark.parametrize(
    "name, encoding",
    [
        ("ar_utf8.txt", "utf-8"),
        ("ar_utf8_bom.txt", "utf-8-sig"),
        ("ar_utf16.txt", "utf-16"),
        ("ar_utf16le_nobom.txt", "utf-16-le"),
        ("ar_cp1256.txt", "cp1256"),
        ("ar_cp1256_crlf.txt", "cp1256"),
        ("ar_iso8859_6.txt", "iso8859-6"),
    ],
)
def test_arabic_file_decodes_to_the_same_text_in_every_encoding(name, encoding):
    document = doc(FIXTURES / name)
    assert document.text == AR
    assert document.encoding == encoding
    assert "\ufeff" not in document.text and "\r" not in document.text


def test_windows_1256_short_arabic_is_not_taken_for_a_cjk_code_page():
    # charset-normalizer alone reads these bytes as Big5/Johab
    for text in ("غارة جوية", "مقتل 5 مدنيين", "قصف «البوكمال» أمس؛ لا إصابات."):
        assert decode_bytes(text.encode("cp1256")) == (text, "cp1256")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["قال مسؤول – «قتل خمسة»", "غارة", "Five “civilians” – killed."])
def test_utf16_without_bom(text, encoding):
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_dos_end_of_file_mark_is_dropped():
    assert decode_bytes("قتل خمسة مدنيين".encode("cp1256") + b"\x1a") == ("قتل خمسة مدنيين",
                                                                          "cp1256")


def test_latin1_french_file():
    assert doc(FIXTURES / "fr_latin1.txt").text.startswith("Cinq civils ont été tués")


def test_document_fields_of_a_text_file(tmp_path):
    path = tmp_path / "report-17.txt"
    raw = AR.encode("cp1256")
    path.write_bytes(raw)
    document = doc(path, published=date(2017, 11, 30), lang="ar")
    assert document.id == "report-17"
    assert document.source == str(path)
    assert document.published == date(2017, 11, 30)
    assert document.lang == "ar"
    assert document.sha256 == hashlib.sha256(raw).hexdigest()
    assert document.retrieved_at is not None and document.retrieved_at.tzinfo is not None
    assert document.url is None and document.title is None


def test_same_text_in_another_encoding_has_another_hash():
    assert doc(FIXTURES / "ar_utf8.txt").sha256 != doc(FIXTURES / "ar_cp1256.txt").sha256
    assert doc(FIXTURES / "ar_utf8.txt").sha256 == doc(FIXTURES / "ar_utf8.txt").sha256


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوية", min_size=3, max_size=8),
                min_size=3, max_size=12))
def test_windows_1256_arabic_round_trips(words):
    text = " ".join(words) + "."
    assert decode_bytes(text.encode("cp1256"))[0] == text


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1))
def test_utf8_round_trips(text):
    assert decode_bytes(text.encode("utf-8"))[0] == text.replace("\r\n", "\n").replace("\r", "\n")


# ----------------------------------------------------------------------------- bad files

def test_missing_path(tmp_path):
    err = error(tmp_path / "nope.txt")
    assert str(err) == f"{tmp_path / 'nope.txt'}: no such file"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n ", codecs.BOM_UTF8, "\n".encode("utf-16")])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert str(error(path)) == f"{path}: empty file"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(2000),
        random.Random(2).randbytes(5000),
        bytes(range(256)) * 8,
        b"%PDF-1.4\n" + random.Random(3).randbytes(3000),
        b"text at first\x00\x01\x02\x03 then binary" * 10,
    ],
    ids=["png", "random", "all-bytes", "pdf", "nul"],
)
def test_binary_file(tmp_path, content):
    path = tmp_path / "image.txt"
    path.write_bytes(content)
    err = error(path)
    assert str(err).startswith(f"{path}: binary file, not text")


def test_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    # a sparse file of NUL bytes: read, it would be "binary"; refused first for its size
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert str(error(path)) == f"{path}: file too large (50 MB > 20 MB limit)"


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    path = tmp_path / "report.txt"
    path.write_text(EN * 100, "utf-8")
    assert isinstance(one(path), Document)
    assert "file too large" in str(error(path, max_bytes=1000))
    monkeypatch.setenv("MARSAD_MAX_INPUT_MB", "0.01")
    assert "MB limit" in str(error(path))


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text(AR, "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(EN, "utf-8")
    result = items(tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "missing.txt",
                   tmp_path / "c.txt")
    kinds = [type(item).__name__ for item in result]
    assert kinds == ["Document", "InputError", "InputError", "Document"]


# ----------------------------------------------------------------------------- HTML

def test_html_page_in_windows_1256():
    document = doc(FIXTURES / "page_ar_cp1256.html")
    assert document.encoding == "cp1256"
    assert document.title == "قصف مدفعي على سوق في الميادين"
    assert document.url == "https://news.example.org/ar/2017/11/30/mayadin"
    assert document.published == date(2017, 11, 30)  # from the page: none was given
    for paragraph in AR.strip().split("\n"):
        assert paragraph in document.text
    for boilerplate in ("الرئيسية", "رياضة", "جميع الحقوق", "tracking", "<p>"):
        assert boilerplate not in document.text


def test_given_published_date_wins_over_the_page_date():
    assert doc(FIXTURES / "page_ar_cp1256.html", published=date(2018, 1, 2)).published == \
        date(2018, 1, 2)


def test_html_page_utf8():
    document = doc(FIXTURES / "page_en.html")
    assert document.title == "Shelling hits market in Mayadin"
    assert document.url == "https://news.example.org/en/mayadin-market"
    assert "artillery shells hit a market" in document.text
    assert "shelling resumed on Thursday morning" in document.text
    for boilerplate in ("Most read", "All rights reserved", "Sport"):
        assert boilerplate not in document.text
    assert document.sha256 == hashlib.sha256((FIXTURES / "page_en.html").read_bytes()).hexdigest()


def test_broken_html_still_yields_its_text():
    document = doc(FIXTURES / "page_broken.html")
    assert "artillery shells hit a market" in document.text
    assert "shelling resumed on Thursday morning" in document.text
    assert "<p>" not in document.text


def test_html_without_text_is_a_clear_error():
    path = FIXTURES / "page_no_text.html"
    assert str(error(path)) == f"{path}: no article text found in the HTML page"


def test_html_content_is_sniffed_in_a_txt_file(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_bytes((FIXTURES / "page_en.html").read_bytes())
    document = doc(path)
    assert document.title == "Shelling hits market in Mayadin"
    assert "<p>" not in document.text and "Most read" not in document.text


def test_utf8_page_with_a_stale_windows_1256_declaration(tmp_path):
    page = (FIXTURES / "page_ar_cp1256.html").read_bytes().decode("cp1256")
    path = tmp_path / "resaved.html"
    path.write_bytes(page.encode("utf-8"))  # bytes are UTF-8, <meta> still says windows-1256
    document = doc(path)
    assert document.encoding == "utf-8"
    assert document.title == "قصف مدفعي على سوق في الميادين"
    assert AR.split("\n")[0] in document.text


def test_short_or_plain_html_files(tmp_path):
    fragment = tmp_path / "fragment.html"
    fragment.write_bytes("<p>قتل خمسة مدنيين في قصف".encode("cp1256"))
    assert doc(fragment).text == "قتل خمسة مدنيين في قصف"
    plain = tmp_path / "plain.html"
    plain.write_text(EN, "utf-8")
    assert doc(plain).text == EN


def test_plain_text_with_a_tag_is_not_html(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("The <b>official</b> said five people were killed.\n", "utf-8")
    assert doc(path).text == "The <b>official</b> said five people were killed.\n"


# ----------------------------------------------------------------------------- JSONL

def test_jsonl_fixture_every_good_line_read_the_bad_one_reported():
    path = FIXTURES / "reports.jsonl"
    result = items(path, published=date(2020, 5, 5), lang="en")
    assert [type(item).__name__ for item in result] == ["Document", "Document", "InputError",
                                                        "Document"]
    ar, en, bad, no_id = result
    assert (ar.id, ar.lang, ar.published, ar.title, ar.url) == (
        "r-ar", "ar", date(2017, 11, 30), "قصف الميادين", "https://news.example.org/ar/1")
    assert ar.text == AR and ar.source == f"{path}:1"
    # a line's own published date wins over the default; the default fills in otherwise
    assert (en.id, en.published, en.lang) == ("r-en", date(2017, 11, 29), "en")
    assert str(bad).startswith(f"{path}:3: malformed JSON (")
    assert (no_id.id, no_id.source, no_id.published) == ("reports-5", f"{path}:5",
                                                          date(2020, 5, 5))
    line_1 = path.read_bytes().split(b"\n")[0]
    assert ar.sha256 == hashlib.sha256(line_1).hexdigest()


def write_jsonl(tmp_path, *lines, name="batch.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line,
                                                                             ensure_ascii=False)
                              for line in lines) + "\n", "utf-8")
    return path


@pytest.mark.parametrize(
    "record, field, message",
    [
        ({"id": "x"}, "text", "missing"),
        ({"id": "x", "text": None}, "text", "missing"),
        ({"id": "x", "text": 42}, "text", "expected a string, got int"),
        ({"id": "x", "text": ["a"]}, "text", "expected a string, got list"),
        ({"id": "x", "text": "   "}, "text", "empty"),
        ({"id": "x", "text": "Shells hit.", "published": "30/11/2017"}, "published",
         "expected YYYY-MM-DD, got '30/11/2017'"),
        ({"id": "x", "text": "Shells hit.", "published": 20171130}, "published",
         "expected a YYYY-MM-DD string, got int"),
        ({"id": "x", "text": "Shells hit.", "lang": 1}, "lang",
         "expected a language code string, got int"),
        ({"id": {"a": 1}, "text": "Shells hit."}, "id", "expected a string, got dict"),
        ({"id": "x", "text": "Shells hit.", "retrieved_at": "yesterday"}, "retrieved_at",
         "expected an ISO date-time, got 'yesterday'"),
    ],
)
def test_jsonl_field_errors_name_file_line_and_field(tmp_path, record, field, message):
    path = write_jsonl(tmp_path, {"id": "ok", "text": EN}, record, {"id": "ok2", "text": AR})
    result = items(path)
    assert [getattr(item, "id", None) for item in result] == ["ok", None, "ok2"]
    assert str(result[1]) == f"{path}:2: {field}: {message}"
    assert result[1].field == field


def test_jsonl_lines_that_are_not_objects(tmp_path):
    path = write_jsonl(tmp_path, "[1, 2]", '"text"', "{not json}", "{}")
    messages = [str(item) for item in items(path)]
    assert messages == [
        f"{path}:1: expected a JSON object, got list",
        f"{path}:2: expected a JSON object, got str",
        f"{path}:3: malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:4: text: missing",
    ]


def test_jsonl_values_are_normalised(tmp_path):
    path = write_jsonl(tmp_path, {"id": 7, "text": "Shells hit.\r\nMore.", "lang": "AR-sy",
                                  "published": "2017-11-30T08:00:00Z", "title": 12,
                                  "retrieved_at": "2017-12-01T10:00:00"})
    document = doc(path)
    assert (document.id, document.lang, document.published, document.title) == (
        "7", "ar", date(2017, 11, 30), "12")
    assert document.text == "Shells hit.\nMore."
    assert document.retrieved_at.isoformat() == "2017-12-01T10:00:00+00:00"


def test_jsonl_auto_lang_falls_back_to_default(tmp_path):
    path = write_jsonl(tmp_path, {"text": "Shells hit.", "lang": "auto"})
    assert doc(path, lang="en").lang == "en"
    assert doc(path).lang is None


def test_jsonl_bom_crlf_and_blank_lines(tmp_path):
    path = tmp_path / "win.jsonl"
    lines = [json.dumps({"id": "a", "text": AR}, ensure_ascii=False),
             json.dumps({"id": "b", "text": EN})]
    path.write_bytes(codecs.BOM_UTF8 + ("\r\n\r\n".join(lines) + "\r\n").encode("utf-8"))
    result = items(path)
    assert [(d.id, d.source) for d in result] == [("a", f"{path}:1"), ("b", f"{path}:3")]
    assert result[0].sha256 == hashlib.sha256(lines[0].encode("utf-8")).hexdigest()


def test_jsonl_utf16(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes((json.dumps({"id": "a", "text": AR}, ensure_ascii=False) + "\n"
                      + "{broken\n").encode("utf-16"))
    first, second = items(path)
    assert first.text == AR
    assert str(second).startswith(f"{path}:2: malformed JSON")


def test_jsonl_line_not_utf8(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps({"id": "a", "text": "x"}).encode() + b"\n"
                     + '{"id": "b", "text": "قصف"}'.encode("cp1256") + b"\n")
    first, second = items(path)
    assert first.id == "a"
    assert str(second) == f"{path}:2: line is not UTF-8 text (JSONL must be UTF-8)"


def test_jsonl_over_long_line_is_skipped_and_the_next_line_read(tmp_path):
    path = write_jsonl(tmp_path, {"id": "big", "text": "x" * 5000}, {"id": "small", "text": "y"})
    big, small = items(path, max_bytes=1000)
    assert str(big) == f"{path}:1: line too large (0 MB > 0 MB limit)"
    assert small.id == "small" and small.source == f"{path}:2"


def test_big_jsonl_file_is_streamed_not_refused(tmp_path):
    lines = [{"id": f"d{i}", "text": EN} for i in range(40)]
    path = write_jsonl(tmp_path, *lines)
    assert path.stat().st_size > 5000
    assert len(items(path, max_bytes=5000)) == 40


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_jsonl(tmp_path, content):
    path = tmp_path / "none.jsonl"
    path.write_text(content, "utf-8")
    assert str(error(path)) == f"{path}: empty file"


# ----------------------------------------------------------------------------- JSON

def test_json_object_and_list(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": AR, "title": "t"}, ensure_ascii=False), "utf-8")
    document = doc(single)
    assert (document.id, document.title, document.source) == ("one", "t", str(single))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": "a", "text": EN}, {"id": "b"}, {"text": AR}]), "utf-8")
    a, b, c = items(many)
    assert a.id == "a" and c.id == "many-3" and c.source == f"{many}[3]"
    assert str(b) == f"{many}[2]: text: missing"


def test_json_file_holding_jsonl_and_malformed_json(tmp_path):
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps({"id": "a", "text": EN}) + "\n" + json.dumps(
        {"id": "b", "text": AR}, ensure_ascii=False) + "\n", "utf-8")
    assert [d.id for d in items(lines)] == ["a", "b"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": "x",,}', "utf-8")
    assert str(error(broken)).startswith(f"{broken}: malformed JSON (")


# ----------------------------------------------------------------------------- directories

def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text(EN, "utf-8")
    (tmp_path / "b" / "a.htm").write_bytes((FIXTURES / "page_en.html").read_bytes())
    (tmp_path / "a.txt").write_text(AR, "utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j", "text": EN}) + "\n", "utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 zip")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text(EN, "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(EN, "utf-8")
    assert [d.id for d in items(tmp_path)] == ["a", "a", "z", "j"]
    assert [d.source for d in items(tmp_path)][1] == str(tmp_path / "b" / "a.htm")


def test_directory_without_readable_files(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert "no .txt, .md, .html, .htm, .jsonl or .json files" in str(error(tmp_path))


def test_explicitly_named_file_with_another_suffix_is_read(tmp_path):
    path = tmp_path / "report.text"
    path.write_text(EN, "utf-8")
    assert doc(path).text == EN


# ----------------------------------------------------------------------------- stdin

def test_stdin_text_html_and_jsonl():
    document, = read_stdin(stream=io.BytesIO(AR.encode("cp1256")), published=date(2017, 11, 30))
    assert (document.id, document.source, document.text, document.published) == (
        "stdin", "-", AR, date(2017, 11, 30))
    page, = read_stdin(stream=io.BytesIO((FIXTURES / "page_en.html").read_bytes()))
    assert page.title == "Shelling hits market in Mayadin"
    jsonl = (FIXTURES / "reports.jsonl").read_bytes()
    result = list(read_stdin(stream=io.BytesIO(jsonl)))
    assert [getattr(d, "id", None) for d in result] == ["r-ar", "r-en", None, "stdin-5"]
    assert str(result[2]).startswith("-:3: malformed JSON")


def test_stdin_empty_and_too_large():
    assert str(next(read_stdin(stream=io.BytesIO(b"")))) == "-: empty file"
    err = next(read_stdin(stream=io.BytesIO(b"x" * 2000), max_bytes=1000))
    assert str(err).startswith("-: input too large")


def test_dash_reads_standard_input(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(EN.encode("utf-16"))

    monkeypatch.setattr(readers.sys, "stdin", FakeStdin)
    document, = iter_documents(["-"], lang="en")
    assert (document.text, document.lang, document.encoding) == (EN, "en", "utf-16")


def test_read_file_is_usable_on_its_own():
    document, = read_file(FIXTURES / "en_utf8.txt", lang="en")
    assert document.text == EN


@settings(max_examples=150, deadline=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.text(max_size=200).map(lambda t: ("<html><body><p>" + t).encode("utf-8", "replace")),
    st.text(max_size=200).map(lambda t: ('{"text": ' + t).encode("utf-8", "replace")),
))
def test_any_bytes_give_documents_or_input_errors_never_an_exception(raw):
    result = list(read_stdin(stream=io.BytesIO(raw)))
    assert result and all(isinstance(item, (Document, InputError)) for item in result)
    for item in result:
        if isinstance(item, InputError):
            assert "\n" not in str(item)  # one line
