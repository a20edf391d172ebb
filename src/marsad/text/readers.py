"""Readers: files, directories, JSONL, HTML pages and standard input -> `Document`s.

`iter_documents(paths, published=, lang=)` yields one `Document` per report, or an
`InputError` for each input that cannot be read, and always goes on with the rest:

- plain text (.txt, .md, or any file named explicitly) in UTF-8, UTF-8 with BOM, UTF-16/32
  with BOM, UTF-16 without BOM, Windows-1256, ISO-8859-6 or another legacy code page
  (see `decode_bytes`);
- HTML pages (.html/.htm, or text that starts like an HTML page): the article text via
  trafilatura, the title and canonical URL from the page's metadata, and its date when no
  `published` date is given;
- JSONL (.jsonl): one document per line, `{"id", "text", "published"?, "lang"?, "url"?,
  "title"?, "outlet"?, "retrieved_at"?}`; a bad line is reported as "path:LINE: ..." and the
  other lines are still read. A line's own `published`/`lang` override the defaults passed in.
  A .json file holds one such object or a list of them;
- directories: every .txt/.md/.html/.htm/.jsonl/.json file below, in sorted order, hidden
  files and folders skipped;
- "-": standard input (text, HTML or JSONL, sniffed from its content).

`Document.sha256` is the hash of the raw bytes read: the whole file, or the JSONL line
without its line break. A file larger than the size limit (`MARSAD_MAX_INPUT_MB`, default
20 MB) is refused without being read; for JSONL the limit applies to each line.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from marsad.document import Document
from marsad.errors import InputError

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
JSON_SUFFIXES = (".json",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES
DEFAULT_MAX_MB = 20
_MB = 1024 * 1024

Item = Document | InputError


def max_input_bytes() -> int:
    """The size limit of one input: `MARSAD_MAX_INPUT_MB` (megabytes) or 20 MB."""
    value = os.environ.get("MARSAD_MAX_INPUT_MB", "")
    try:
        megabytes = float(value) if value else DEFAULT_MAX_MB
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return max(1, int(megabytes * _MB))


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".removesuffix(".0")


def _now() -> datetime:
    return datetime.now(UTC)


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# code pages tried next to charset-normalizer's guess; it often misses short Arabic texts
_LEGACY = ("cp1256", "iso8859_6", "cp1252")
_AR_LETTER = re.compile("[\u0621-\u064a]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN1_LETTER = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0178]")
_OK_SYMBOLS = set("«»“”‘’„–—…€°•·×÷،؛؟٪٫٬ـ\u00a0\u200c\u200d\u200e\u200f")


class _NotText(ValueError):
    """The bytes are not text in any encoding we know."""


def _is_controlish(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs") and char not in "\t\n\r\f\v"


def _plausibility(text: str) -> float:
    """0..1: how much the non-ASCII part of `text` looks like real Arabic or Latin writing.

    Words must stay in one script: Arabic read with the wrong code page comes out as runs of
    accented Latin letters ("ÞÊá"), or as CJK, box drawing or control characters.
    """
    bad = sum(_is_controlish(c) for c in text)
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    symbols = [c for c in text if not c.isascii() and not c.isalpha() and not c.isspace()
               and not unicodedata.category(c).startswith("M")]
    good_words = 0
    for word in words:
        arabic = len(_AR_LETTER.findall(word))
        latin1 = len(_LATIN1_LETTER.findall(word))
        ascii_letters = sum(c.isascii() for c in word)
        if arabic == len(word):
            good_words += 1
        elif arabic == 0 and latin1 + ascii_letters == len(word):
            # "été", "à" yes; "ÞÊá" (Arabic read as cp1252) no
            good_words += ascii_letters > 0 or len(word) <= 2
    good_symbols = sum(c in _OK_SYMBOLS for c in symbols)
    total = len(words) + len(symbols) + bad
    if total == 0:
        return 1.0
    return (good_words + good_symbols) / total


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """Decode UTF-16 text that has no BOM. Its high bytes hold NULs (spaces, digits, ASCII
    punctuation) while its low bytes hold none, or its high bytes are all 0 or 6 (Arabic
    without spaces). The decoded text must look like writing."""
    if len(raw) % 2 or len(raw) < 4:
        return None
    for encoding, low, high in (("utf-16-le", raw[0::2], raw[1::2]),
                                ("utf-16-be", raw[1::2], raw[0::2])):
        if (low.count(0) == 0 and high.count(0) > 0) or set(high) <= {0, 6} < set(low) | {0, 6}:
            break
    else:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if _plausibility(text) >= 0.9 else None


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of `raw`; raises `_NotText` for binary data.

    Order: a byte-order mark; strict UTF-8; UTF-16 without a BOM; then charset-normalizer's
    best guess next to the Arabic and Western code pages (cp1256, ISO-8859-6, cp1252), keeping
    the decoding whose words look most like real Arabic or Latin writing. charset-normalizer
    alone takes a short Windows-1256 Arabic text for Big5 or Johab.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as err:
                raise _NotText(f"invalid {encoding.upper()} text ({err.reason})") from None
            return _check_text(text), codecs.lookup(encoding).name
    wide = _utf16_without_bom(raw)
    if wide is not None:
        return _check_text(wide[0]), wide[1]
    if b"\x00" in raw:
        raise _NotText("binary file, not text")
    try:
        return _check_text(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(raw)


def _decode_legacy(raw: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    candidates: list[tuple[str, str]] = []
    best = from_bytes(raw).best()
    if best is not None:
        candidates.append((str(best), best.encoding))
    for encoding in _LEGACY:
        try:
            candidates.append((raw.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    scored = [(_plausibility(text), i, text, enc) for i, (text, enc) in enumerate(candidates)]
    if not scored:
        raise _NotText("binary file, not text")
    top = max(score for score, *_ in scored)
    if top < 0.5:
        raise _NotText("binary file, not text (no text encoding fits)")
    tied = [(i, text, enc) for score, i, text, enc in scored if score == top]

    def preference(candidate: tuple[int, str, str]) -> tuple[int, int]:
        # among equally plausible decodings: Windows-1256 for Arabic text (by far the most
        # common Arabic code page; charset-normalizer may pick ISO-8859-6 for a short text
        # both decode to letters), else charset-normalizer's guess, then cp1252
        index, text, encoding = candidate
        from_normalizer = best is not None and index == 0
        if encoding == "cp1256" and _AR_LETTER.search(text):
            return (0, index)
        return (1 if from_normalizer else 2 if encoding == "cp1252" else 3, index)

    _, text, encoding = min(tied, key=preference)
    return _check_text(text), codecs.lookup(encoding).name


def _check_text(text: str) -> str:
    """`text` with universal newlines; binary data (control characters) is refused."""
    text = text.rstrip("\x1a")  # the DOS end-of-file mark of old code-page files
    controls = sum(_is_controlish(c) for c in text)
    if controls > max(2, len(text) // 100):
        raise _NotText("binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- documents

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


_TAG = re.compile(r"<[A-Za-z!/][^>]*>")


def looks_like_html(text: str) -> bool:
    """True when `text` starts like an HTML page (doctype, <html>, <head> or <body>)."""
    return _HTML_START.match(text[:4096]) is not None


def read_text(raw: bytes, *, id: str, source: str, published: date | None = None,
              lang: str | None = None, html: bool | None = None) -> Document:
    """One document from the raw bytes of a text or HTML file; raises `InputError`.

    `html=None` sniffs the content; True/False forces the reader.
    """
    if not raw.strip():
        raise InputError(source, "empty file")
    try:
        text, encoding = decode_bytes(raw)
    except _NotText as err:
        raise InputError(source, str(err)) from None
    if html and not _TAG.search(text):
        html = False  # a .html file holding plain text
    if html or (html is None and looks_like_html(text)):
        return read_html(raw, id=id, source=source, published=published, lang=lang,
                         text=text, encoding=encoding)
    if not text.strip():
        raise InputError(source, "empty file")
    return Document(id=id, text=text, lang=lang, published=published, sha256=_sha256(raw),
                    encoding=encoding, source=source, retrieved_at=_now())


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)


def _html_text(raw: bytes) -> tuple[str, str]:
    """Decode an HTML page: a BOM, else valid UTF-8 (pages saved as UTF-8 often keep an old
    windows-1256 declaration), else the declared charset, else sniffed."""
    if raw.startswith(tuple(bom for bom, _ in _BOMS)):
        return decode_bytes(raw)
    try:
        return _check_text(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            return _check_text(raw.decode(name)), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(raw)


def _visible_text(page: str) -> str:
    """All visible text of a page (no script, style or head), for pages too short or too
    broken for trafilatura."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(page)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style|//noscript|//head|//template"):
        element.drop_tree()
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def read_html(raw: bytes, *, id: str, source: str, published: date | None = None,
              lang: str | None = None, url: str | None = None, text: str | None = None,
              encoding: str | None = None) -> Document:
    """One document from an HTML page: main text (trafilatura), title, URL, and its date
    when `published` is None. Broken markup still yields its text; a page without any text
    raises `InputError`."""
    import logging

    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if text is None or encoding is None:
        try:
            text, encoding = _html_text(raw)
        except _NotText as err:
            raise InputError(source, str(err)) from None
    try:
        result = trafilatura.bare_extraction(
            text, url=url, with_metadata=True, favor_recall=True, include_comments=False,
            include_tables=True, date_extraction_params={"extensive_search": False,
                                                         "original_date": True},
        )
    except Exception:  # noqa: BLE001  trafilatura gives up on some broken pages: fall back
        result = None
    meta: dict[str, Any] = result.as_dict() if result is not None else {}
    body = (meta.get("text") or "").strip()
    if not body:
        try:
            body = (trafilatura.baseline(text)[1] or "").strip()
        except Exception:  # noqa: BLE001  reported below as "no article text"
            body = ""
    if not body:
        body = _visible_text(text)
    if not body:
        raise InputError(source, "no article text found in the HTML page")
    page_date = None
    if published is None and meta.get("date"):
        try:
            page_date = date.fromisoformat(str(meta["date"])[:10])
        except ValueError:
            page_date = None
    return Document(
        id=id, text=body.replace("\r\n", "\n"), lang=lang, published=published or page_date,
        url=meta.get("url") or url, title=meta.get("title") or None, sha256=_sha256(raw),
        encoding=encoding, source=source, retrieved_at=_now(),
        outlet=meta.get("sitename") or None,
    )


# --------------------------------------------------------------------------- JSONL

def _parse_date(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected a YYYY-MM-DD string, got {type(value).__name__}")
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"expected YYYY-MM-DD, got {value!r}") from None


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date-time string, got {type(value).__name__}")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"expected an ISO date-time, got {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _normalise_lang(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected a language code string, got {type(value).__name__}")
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return None if code in ("", "auto", "und") else code


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def document_from_record(record: Any, *, raw: bytes, source: str, default_id: str,
                         published: date | None = None, lang: str | None = None,
                         encoding: str = "utf-8") -> Document:
    """A `Document` from one parsed JSONL/JSON object; raises `InputError` naming the field."""
    if not isinstance(record, dict):
        raise InputError(source, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if "text" not in record or text is None:
        raise InputError(source, "missing", field="text")
    if not isinstance(text, str):
        raise InputError(source, f"expected a string, got {type(text).__name__}", field="text")
    if not text.strip():
        raise InputError(source, "empty", field="text")
    values: dict[str, Any] = {}
    for key in ("id", "url", "title", "outlet"):
        try:
            values[key] = _optional_str(record, key)
        except TypeError as err:
            raise InputError(source, str(err), field=key) from None
    parsers = {"published": _parse_date, "retrieved_at": _parse_datetime,
               "lang": _normalise_lang}
    for key, parse in parsers.items():
        value = record.get(key)
        if value is None or (key != "lang" and value == ""):
            values[key] = None
            continue
        try:
            values[key] = parse(value)
        except (TypeError, ValueError) as err:
            raise InputError(source, str(err), field=key) from None
    return Document(
        id=values["id"] or default_id,
        text=text.replace("\r\n", "\n"),
        lang=values["lang"] or lang,
        published=values["published"] or published,
        url=values["url"],
        title=values["title"],
        sha256=_sha256(raw),
        encoding=encoding,
        source=source,
        retrieved_at=values["retrieved_at"] or _now(),
        outlet=values["outlet"],
    )


def _json_error(err: json.JSONDecodeError) -> str:
    return f"malformed JSON ({err.msg} at column {err.colno})"


def iter_jsonl_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes or None when longer than `limit`, length) for each line."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:  # skip the rest of the over-long line without keeping it
                chunk = stream.readline(_MB)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield number, None, size
            continue
        yield number, line, len(line)


def jsonl_items(lines: Iterable[tuple[int, bytes | None, int]], *, name: str, stem: str,
                published: date | None, lang: str | None, limit: int) -> Iterator[Item]:
    """Documents (or one-line errors naming `name:LINE`) from `iter_jsonl_lines` output.

    Public so that `marsad batch` can read a byte range of a JSONL file the same way.
    """
    seen_any = False
    for number, line, size in lines:
        source = f"{name}:{number}"
        if line is None:
            seen_any = True
            yield InputError(source, f"line too large ({_mb(size)} MB > {_mb(limit)} MB limit)")
            continue
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        seen_any = True
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            yield InputError(source, "line is not UTF-8 text (JSONL must be UTF-8)")
            continue
        except json.JSONDecodeError as err:
            yield InputError(source, _json_error(err))
            continue
        except RecursionError:
            yield InputError(source, "malformed JSON (nested too deeply)")
            continue
        try:
            yield document_from_record(record, raw=line, source=source,
                                       default_id=f"{stem}-{number}", published=published,
                                       lang=lang)
        except InputError as err:
            yield err
    if not seen_any:
        yield InputError(name, "empty file")


def read_jsonl(path: str | Path, *, published: date | None = None, lang: str | None = None,
               max_bytes: int | None = None) -> Iterator[Item]:
    """Documents of a JSONL file, one per non-blank line, read as a stream; every bad line
    is one `InputError` ("path:LINE: ...") and the other lines are still read."""
    path = Path(path)
    limit = max_bytes or max_input_bytes()
    try:
        stream = path.open("rb")
    except OSError as err:
        yield InputError(str(path), _os_message(err))
        return
    with stream:
        head = stream.read(4)
        stream.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            yield from _jsonl_from_text(stream.read(limit + 1), name=str(path), stem=path.stem,
                                        published=published, lang=lang, limit=limit)
            return
        yield from jsonl_items(iter_jsonl_lines(stream, limit), name=str(path), stem=path.stem,
                                published=published, lang=lang, limit=limit)


def _jsonl_from_text(raw: bytes, *, name: str, stem: str, published: date | None,
                     lang: str | None, limit: int) -> Iterator[Item]:
    """JSONL held in memory in any encoding (UTF-16 files): re-encoded to UTF-8 per line."""
    if len(raw) > limit:
        yield InputError(name, f"file too large (> {_mb(limit)} MB limit)")
        return
    try:
        text, _ = decode_bytes(raw)
    except _NotText as err:
        yield InputError(name, str(err))
        return
    lines = ((n, line.encode("utf-8"), len(line)) for n, line in
             enumerate(text.split("\n"), start=1))
    yield from jsonl_items(lines, name=name, stem=stem, published=published, lang=lang,
                            limit=limit)


def read_json(path: str | Path, raw: bytes, *, published: date | None = None,
              lang: str | None = None) -> Iterator[Item]:
    """Documents of a .json file: one object, or a list of objects (source "path[N]")."""
    name, stem = str(path), Path(path).stem
    if not raw.strip():
        yield InputError(name, "empty file")
        return
    try:
        text, encoding = decode_bytes(raw)
        data = json.loads(text)
    except _NotText as err:
        yield InputError(name, str(err))
        return
    except json.JSONDecodeError as err:
        # a .json file that is really JSONL
        if err.msg == "Extra data":
            lines = ((n, line, len(line)) for n, line in enumerate(raw.split(b"\n"), start=1))
            yield from jsonl_items(lines, name=name, stem=stem, published=published,
                                    lang=lang, limit=len(raw) + 1)
            return
        yield InputError(name, f"malformed JSON ({err.msg} at line {err.lineno} "
                               f"column {err.colno})")
        return
    except RecursionError:
        yield InputError(name, "malformed JSON (nested too deeply)")
        return
    if isinstance(data, list):
        if not data:
            yield InputError(name, "empty list, no documents")
        for index, record in enumerate(data, start=1):
            item_raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
            try:
                yield document_from_record(record, raw=item_raw, source=f"{name}[{index}]",
                                           default_id=f"{stem}-{index}", published=published,
                                           lang=lang, encoding=encoding)
            except InputError as err:
                yield err
        return
    try:
        document = document_from_record(data, raw=raw, source=name, default_id=stem,
                                         published=published, lang=lang, encoding=encoding)
    except InputError as err:
        yield err
        return
    yield document


# --------------------------------------------------------------------------- files

def _os_message(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    return f"cannot read ({err.strerror or err})"


def read_file(path: str | Path, *, published: date | None = None, lang: str | None = None,
              max_bytes: int | None = None) -> Iterator[Item]:
    """Documents of one file, chosen by its suffix: JSONL, JSON, HTML or text."""
    path = Path(path)
    name = str(path)
    limit = max_bytes or max_input_bytes()
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, published=published, lang=lang, max_bytes=limit)
        return
    try:
        size = path.stat().st_size
        if size > limit:
            yield InputError(name, f"file too large ({_mb(size)} MB > {_mb(limit)} MB limit)")
            return
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as err:
        yield InputError(name, _os_message(err))
        return
    if len(raw) > limit:  # grew while we looked, or a device/pipe
        yield InputError(name, f"file too large (> {_mb(limit)} MB limit)")
        return
    if suffix in JSON_SUFFIXES:
        yield from read_json(path, raw, published=published, lang=lang)
        return
    html = True if suffix in HTML_SUFFIXES else None
    try:
        yield read_text(raw, id=path.stem, source=name, published=published, lang=lang,
                        html=html)
    except InputError as err:
        yield err


def read_stdin(*, published: date | None = None, lang: str | None = None,
               max_bytes: int | None = None, stream: BinaryIO | None = None) -> Iterator[Item]:
    """Documents from standard input: JSONL when it starts with "{", else text or HTML."""
    limit = max_bytes or max_input_bytes()
    stream = stream or sys.stdin.buffer
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        yield InputError("-", f"input too large (> {_mb(limit)} MB limit)")
        return
    if raw.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"{"):
        lines = ((n, line, len(line)) for n, line in enumerate(raw.split(b"\n"), start=1))
        yield from jsonl_items(lines, name="-", stem="stdin", published=published,
                                lang=lang, limit=limit)
        return
    try:
        yield read_text(raw, id="stdin", source="-", published=published, lang=lang)
    except InputError as err:
        yield err


def iter_files(directory: Path) -> list[Path]:
    """Readable files below `directory`, sorted, hidden files and folders skipped."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in files:
            if not file.startswith(".") and Path(file).suffix.lower() in SUFFIXES:
                found.append(Path(root) / file)
    return sorted(found, key=lambda p: p.relative_to(directory).parts)


def iter_documents(paths: Iterable[str], published: date | None = None,
                   lang: str | None = None, max_bytes: int | None = None) -> Iterator[Item]:
    """Documents of every path in order (files, directories, "-" for stdin), each bad input
    as an `InputError` in its place. `published` and `lang` are defaults that a JSONL line's
    own fields override."""
    limit = max_bytes or max_input_bytes()
    for name in paths:
        if name == "-":
            yield from read_stdin(published=published, lang=lang, max_bytes=limit)
            continue
        path = Path(name)
        if path.is_dir():
            files = iter_files(path)
            if not files:
                yield InputError(name, "no .txt, .md, .html, .htm, .jsonl or .json files in "
                                       "this directory")
            for file in files:
                yield from read_file(file, published=published, lang=lang, max_bytes=limit)
        elif not path.exists():
            yield InputError(name, "no such file")
        else:
            yield from read_file(path, published=published, lang=lang, max_bytes=limit)
