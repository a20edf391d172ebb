"""`Document`: one news report as read from a source, before any analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Document:
    """A report: its text and what is known about where it came from.

    `sha256` is the hash of the raw bytes read (the whole file, or the JSONL line), so the same
    report read twice has the same hash. `source` names where it was read from ("path",
    "path:line" or "-") for error messages.
    """

    id: str
    text: str
    lang: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None
    sha256: str = ""
    encoding: str | None = None
    source: str = ""
    retrieved_at: datetime | None = None
    outlet: str | None = None
    errors: list[str] = field(default_factory=list)
