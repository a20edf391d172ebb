"""Helpers of the store tests: documents with canned extract records (no NLP needed)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from marsad.document import Document


class CannedExtractor:
    """An extractor that returns the events given for each document id (and can fail)."""

    def __init__(self, events: dict[str, list[dict[str, Any]]], *, errors=None, fail=()):
        self.events = events
        self.errors = errors or {}
        self.fail = set(fail)
        self.calls: list[str] = []

    def __call__(self, document: Document) -> dict[str, Any]:
        self.calls.append(document.id)
        if document.id in self.fail:
            raise RuntimeError("extractor crashed on purpose")
        return {"id": document.id, "lang": document.lang,
                "published": document.published.isoformat() if document.published else None,
                "title": document.title, "url": document.url,
                "events": self.events.get(document.id, []), "places": [], "quantities": [],
                "dates": [], "errors": list(self.errors.get(document.id, []))}


def document(doc_id: str, *, text: str | None = None, outlet: str = "Outlet",
             lang: str = "en", published: date | None = date(2024, 3, 2),
             url: str | None = None) -> Document:
    text = text or f"Report {doc_id}: an airstrike hit the town, the civil defence said."
    raw = f"{doc_id}\n{text}".encode()
    return Document(id=doc_id, text=text, lang=lang, published=published,
                    url=url or f"https://news.example/{doc_id}", title=f"Report {doc_id}",
                    sha256=hashlib.sha256(raw).hexdigest(), source=f"test:{doc_id}",
                    outlet=outlet)
