"""`extract(document) -> dict`: run the pipeline on one `Document` and return its record.

The record is the machine form of `marsad extract --format json|jsonl` (see DESIGN.md):
`{"id", "lang", "published", "title", "url", "events", "places", "quantities", "dates",
"errors"}`. Each stage's mentions come from a `Doc` extension holding objects with `to_dict()`.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from marsad.document import Document
from marsad.text.langid import identify_language
from marsad.text.pipeline import SUPPORTED_LANGUAGES, analyse

# record key -> Doc extension filled by a pipeline component
MENTION_FIELDS = ("events", "places", "quantities", "dates")


def detect_language(document: Document) -> str:
    """The document's language: as given, or identified from its text."""
    return document.lang or identify_language(document.text)


def extract(document: Document) -> dict[str, Any]:
    """Analyse `document` and return its JSON-ready record; problems go in `errors`."""
    lang = detect_language(document)
    record: dict[str, Any] = {
        "id": document.id,
        "lang": lang,
        "published": document.published.isoformat() if document.published else None,
        "title": document.title,
        "url": document.url,
        **{key: [] for key in MENTION_FIELDS},
        "errors": list(document.errors),
    }
    if lang not in SUPPORTED_LANGUAGES:
        record["errors"].append(
            f"{document.source or document.id}: lang: unsupported language {lang!r} "
            f"(marsad reads Arabic and English)"
        )
        return record
    doc = analyse(document.text, lang, document.published)
    record.update(doc_mentions(doc))
    return record


def doc_mentions(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """The mention lists of an analysed `Doc`, as dicts."""
    return {
        key: [item.to_dict() for item in getattr(doc._, key)]
        for key in MENTION_FIELDS
        if Doc.has_extension(key)
    }
