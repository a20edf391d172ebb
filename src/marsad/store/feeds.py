"""RSS and Atom feeds (files or URLs) read with feedparser into `Document`s, one per entry.

    for item in iter_feed("https://example.org/rss.xml"):   # or a saved .rss/.atom/.xml file
        if isinstance(item, InputError): ...                 # one-line error, batch goes on

An entry's text is its title followed by its content (or summary) as plain text. Its `sha256`
is the hash of the entry's fields as canonical JSON (a feed has no per-entry raw bytes): the
same entry read again from a later fetch of the feed is the same document; an edited entry is a
new one. `outlet` is the feed's title, `lang` the entry's or feed's language (ar, en, ...)
unless one is given, `published` the entry's published (else updated) date.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from marsad import __version__
from marsad.document import Document
from marsad.errors import InputError

FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")
_FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
USER_AGENT = f"marsad/{__version__} (+https://github.com/marsad; feed reader)"


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def is_feed_file(path: str | Path) -> bool:
    """A file that holds an RSS/Atom feed: by its suffix, else by its first bytes."""
    path = Path(path)
    if not path.is_file():
        return False
    if path.suffix.lower() in FEED_SUFFIXES:
        return True
    if path.suffix.lower() in (".jsonl", ".json", ".txt", ".md"):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return False
    return bool(_FEED_SNIFF.search(head))


def is_feed_source(source: str) -> bool:
    """URLs are read as feeds; so are files that look like feeds."""
    return is_url(source) or is_feed_file(source)


class _TextExtractor(HTMLParser):
    BLOCK: ClassVar[frozenset[str]] = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
             "tr", "blockquote", "section", "article", "figure", "figcaption", "table"})
    SKIP: ClassVar[frozenset[str]] = frozenset({"script", "style", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: paragraphs on their own lines, spaces collapsed."""
    if "<" not in html:
        text = unescape(html)
    else:
        parser = _TextExtractor()
        parser.feed(html)
        parser.close()
        text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _lang(value: Any) -> str | None:
    if not value:
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    return code or None


def _date(parsed: Any) -> date | None:
    if not parsed:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except (AttributeError, ValueError):
        return None


def fetch(url: str, timeout: float = 30.0) -> bytes:
    """The bytes at `url` (a feed), with a marsad User-Agent."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def entry_document(
    entry: Any,
    feed: Any,
    *,
    source: str,
    index: int,
    published: date | None = None,
    lang: str | None = None,
    encoding: str | None = None,
    retrieved_at: datetime | None = None,
) -> Document | InputError:
    """The `Document` of one feed entry, or an InputError naming `source#index`."""
    where = f"{source}#{index}"
    title = html_to_text(entry.get("title") or "")
    body = ""
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, dict) else None
        if value:
            body = html_to_text(value)
            break
    if not body:
        body = html_to_text(entry.get("summary") or entry.get("description") or "")
    if not title and not body:
        return InputError(where, "entry has no title and no text", field="content")
    text = title if not body else body if (not title or body.startswith(title)) else (
        f"{title}\n\n{body}")
    link = entry.get("link") or None
    entry_id = entry.get("id") or link or where
    entry_published = _date(entry.get("published_parsed")) or _date(
        entry.get("updated_parsed")) or published
    content_lang = None
    for content in entry.get("content") or []:
        if isinstance(content, dict) and content.get("language"):
            content_lang = content["language"]
            break
    canonical = json.dumps(
        {"id": entry_id, "link": link, "title": entry.get("title"),
         "content": [c.get("value") for c in entry.get("content") or [] if isinstance(c, dict)],
         "summary": entry.get("summary"),
         "published": entry.get("published") or entry.get("updated")},
        ensure_ascii=False, sort_keys=True,
    ).encode("utf-8")
    return Document(
        id=str(entry_id),
        text=text,
        lang=lang or _lang(content_lang) or _lang(feed.get("language")),
        published=entry_published,
        url=link,
        title=title or None,
        sha256=hashlib.sha256(canonical).hexdigest(),
        encoding=encoding,
        source=where,
        retrieved_at=retrieved_at or datetime.now(UTC),
        outlet=html_to_text(feed.get("title") or "") or None,
    )


def iter_feed(
    source: str,
    *,
    published: date | None = None,
    lang: str | None = None,
    fetcher: Callable[[str], bytes] | None = None,
) -> Iterator[Document | InputError]:
    """Documents of the entries of the feed at `source` (a URL or a file path)."""
    import feedparser

    retrieved_at = datetime.now(UTC)
    try:
        if is_url(source):
            raw = (fetcher or fetch)(source)
        else:
            raw = Path(source).read_bytes()
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or getattr(err, "strerror", None) or err
        if isinstance(err, urllib.error.HTTPError):
            reason = f"HTTP {err.code} {err.reason}"
        field = "url" if is_url(source) else "path"
        yield InputError(source, f"cannot read feed: {reason}", field=field)
        return
    parsed = feedparser.parse(raw)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            message = str(problem).strip().splitlines()[0] if problem else "unreadable"
            yield InputError(source, f"not a readable RSS/Atom feed: {message}", field="feed")
        return
    feed = parsed.get("feed") or {}
    for index, entry in enumerate(entries, start=1):
        yield entry_document(entry, feed, source=source, index=index, published=published,
                             lang=lang, encoding=parsed.get("encoding"),
                             retrieved_at=retrieved_at)
