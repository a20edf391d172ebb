"""RSS and Atom feeds (files and URLs) read into documents; feeds in ingest."""

from __future__ import annotations

import http.server
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_helpers import CannedExtractor

from marsad.document import Document
from marsad.errors import InputError
from marsad.store.feeds import html_to_text, is_feed_source, iter_feed
from marsad.store.ingest import ingest, iter_inputs
from marsad.store.models import Document as DocumentRow
from marsad.store.models import IngestError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"


def test_rss_entries_become_documents():
    items = list(iter_feed(str(FIXTURES / "news_ar.rss")))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) == 2 and len(errors) == 1
    first = docs[0]
    assert first.id == "https://news.example/ar/1001"
    assert first.url == "https://news.example/ar/1001"
    assert first.lang == "ar"
    assert first.published == date(2024, 3, 2)
    assert first.outlet == "أخبار المرصد التجريبية"
    assert first.title.startswith("مقتل خمسة مدنيين")
    assert first.text.startswith(first.title + "\n\n")
    assert "<b>" not in first.text and "خمسة مدنيين قتلوا" in first.text
    assert "\nوأضاف" in first.text  # paragraphs kept apart
    assert len(first.sha256) == 64 and first.source.endswith("news_ar.rss#1")
    assert str(errors[0]).endswith("news_ar.rss#3: content: entry has no title and no text")


def test_atom_entries_and_dates():
    docs = list(iter_feed(str(FIXTURES / "news_en.atom"), published=date(2024, 3, 9)))
    assert [d.id for d in docs] == ["urn:marsad:test-wire:2001", "urn:marsad:test-wire:2002"]
    assert docs[0].lang == "en" and docs[0].outlet == "Marsad Test Wire"
    assert docs[0].published == date(2024, 3, 2)
    assert docs[1].published == date(2024, 3, 3)  # updated, when not published
    assert "Maarat al-Numan killed seven civilians" in docs[0].text


def test_same_entry_same_hash_across_reads(tmp_path):
    again = tmp_path / "copy.xml"
    shutil.copy(FIXTURES / "news_en.atom", again)
    first = [d.sha256 for d in iter_feed(str(FIXTURES / "news_en.atom"))]
    second = [d.sha256 for d in iter_feed(str(again))]
    assert first == second and len(set(first)) == 2


def test_unreadable_feeds_are_one_line_errors(tmp_path):
    (error,) = list(iter_feed(str(FIXTURES / "broken.rss")))
    assert isinstance(error, InputError) and error.field == "feed"
    assert "\n" not in str(error) and "broken.rss" in str(error)
    (error,) = list(iter_feed(str(tmp_path / "missing.rss")))
    assert error.field == "path"

    def refuse(url: str) -> bytes:
        import urllib.error

        raise urllib.error.URLError("connection refused")

    (error,) = list(iter_feed("https://feeds.example/rss", fetcher=refuse))
    assert str(error) == "https://feeds.example/rss: url: cannot read feed: connection refused"


def test_feed_detection(tmp_path):
    assert is_feed_source("https://example.org/anything")
    assert is_feed_source(str(FIXTURES / "news_ar.rss"))
    sniffed = tmp_path / "feed.txt2"
    sniffed.write_bytes((FIXTURES / "news_en.atom").read_bytes())
    assert is_feed_source(str(sniffed))
    plain = tmp_path / "report.txt"
    plain.write_text("<rss> in a text file is text", encoding="utf-8")
    assert not is_feed_source(str(plain))


def test_html_to_text():
    assert html_to_text("<p>one &amp; two</p><p>three<br>four</p>") == "one & two\n\nthree\nfour"
    assert html_to_text("<script>x()</script>text") == "text"
    assert html_to_text("no tags &lt;here&gt;") == "no tags <here>"


@pytest.fixture
def feed_server():
    """A feed served over HTTP on localhost (no outside network)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(FIXTURES), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_url_is_fetched(feed_server):
    docs = list(iter_feed(f"{feed_server}/news_en.atom"))
    assert next(d.title for d in docs) == "Airstrike kills seven civilians in northwest Syria"
    (error,) = list(iter_feed(f"{feed_server}/missing.rss"))
    assert error.field == "url" and "HTTP 404" in str(error)


def test_ingest_reads_feed_files_urls_and_feed_folders(store, feed_server, tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    shutil.copy(FIXTURES / "news_ar.rss", folder / "a.rss")
    extractor = CannedExtractor({})
    errors = []
    report = ingest(store, [str(folder), f"{feed_server}/news_en.atom"], extractor=extractor,
                    on_error=errors.append)
    assert (report.read, report.stored, report.input_errors) == (4, 4, 1)
    assert len(errors) == 1 and "a.rss#3" in errors[0]
    # fetching the feeds again stores nothing new
    again = ingest(store, [str(folder), f"{feed_server}/news_en.atom"], extractor=extractor)
    assert (again.stored, again.already) == (0, 4)
    with store.session() as session:
        assert session.execute(select(func.count(DocumentRow.id))).scalar_one() == 4
        outlets = set(session.execute(select(DocumentRow.outlet)).scalars())
        assert outlets == {"أخبار المرصد التجريبية", "Marsad Test Wire"}
        assert session.execute(select(func.count(IngestError.id))).scalar_one() == 2


def test_iter_inputs_mixes_feeds_and_files(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("An airstrike hit the town on Saturday, residents said.", encoding="utf-8")
    items = list(iter_inputs([str(report), str(FIXTURES / "news_en.atom")]))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Document"]
    assert items[0].text.startswith("An airstrike")
