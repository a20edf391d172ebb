"""Ingest: read reports, extract their events, store them, cluster them into incidents.

    with open_store(url) as store:
        report = ingest(store, ["reports/", "feed.xml", "https://example.org/rss"])
        report.errors         # one line per problem, each naming its input and field

Idempotent: a document is identified by the sha256 of its raw bytes (a unique constraint), so
the same report read twice is stored once. Crash-safe and resumable: documents are stored
with their events in small transactions (whole documents only), so a run killed at any point
(even SIGKILL) leaves only whole documents behind, and running it again skips them and does
the rest. Clustering works
on "events not yet in an incident", so it too picks up where a killed run stopped. Documents
whose extraction failed are stored with status "failed" and their error, and are extracted
again by the next ingest that reads them.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from marsad import __version__
from marsad.document import Document
from marsad.errors import InputError
from marsad.store.database import Store
from marsad.store.feeds import FEED_SUFFIXES, is_feed_source, iter_feed
from marsad.store.models import (
    Document as DocumentRow,
)
from marsad.store.models import (
    DocumentError,
    Event,
    EvidenceSpan,
    IngestError,
    IngestRun,
    utcnow,
)
from marsad.values import as_date, as_float, as_int

Extractor = Callable[[Document], dict[str, Any]]
EXTRACTOR_NAME = f"marsad {__version__}"


@dataclass
class IngestReport:
    """What one ingest run did."""

    run_id: int | None = None
    read: int = 0  # documents read (not counting unreadable inputs)
    stored: int = 0  # new documents stored
    already: int = 0  # documents already in the store (same sha256)
    retried: int = 0  # documents that had failed before and were extracted again
    failed: int = 0  # documents stored whose extraction failed
    with_errors: int = 0  # documents stored with extraction errors or warnings
    input_errors: int = 0  # inputs that could not be read at all
    events: int = 0  # events stored
    errors: list[str] = field(default_factory=list)
    clustering: Any = None  # marsad.store.incidents.ClusterReport

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("read", "stored", "already", "retried", "failed",
                                              "with_errors", "input_errors", "events")}

    def summary(self) -> str:
        text = (f"{self.read} read, {self.stored} stored, {self.already} already stored, "
                f"{self.events} events")
        if self.retried:
            text += f", {self.retried} retried"
        problems = self.failed + self.input_errors + self.with_errors
        if problems:
            text += f"; {problems} with errors"
        if self.clustering is not None:
            text += f"; {self.clustering.summary()}"
        return text


# --------------------------------------------------------------------------- inputs


def _feed_files(directory: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in FEED_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def iter_inputs(
    paths: Iterable[str], *, published: date | None = None, lang: str | None = None
) -> Iterator[Document | InputError]:
    """Documents from files, directories, JSONL, HTML, "-" (stdin), RSS/Atom files and URLs.

    Feeds (URLs, and files that are RSS/Atom, also inside directories) are read here; the rest
    by `marsad.text.readers.iter_documents`, in the order given.
    """
    from marsad.text.readers import iter_documents, iter_files

    for name in paths:
        if name != "-" and is_feed_source(name):
            yield from iter_feed(name, published=published, lang=lang)
            continue
        path = Path(name)
        if name != "-" and path.is_dir():
            feeds = _feed_files(path)
            if not feeds or iter_files(path):
                yield from iter_documents([name], published=published, lang=lang)
            for feed in feeds:
                yield from iter_feed(str(feed), published=published, lang=lang)
            continue
        yield from iter_documents([name], published=published, lang=lang)


# --------------------------------------------------------------------------- rows


def text_date(record: dict[str, Any]) -> date | None:
    """A date from the document's text to lean on when it has no published date: the latest
    day-precise date it mentions."""
    best = None
    for mention in record.get("dates") or []:
        if not isinstance(mention, dict):
            continue
        precision = mention.get("precision")
        if precision not in (None, "day"):
            continue
        value = as_date(mention.get("start") or mention.get("value") or mention.get("date"))
        if value and (best is None or value > best):
            best = value
    return best


def _short(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text[:limit]


def event_columns(event: dict[str, Any], published: date | None,
                  text_day: date | None) -> dict[str, Any]:
    """The queryable columns of an event dict (the dict itself goes in `data`)."""
    from marsad.incidents.cluster import default_config, event_window, make_item

    config = default_config()
    actor = event.get("actor") if isinstance(event.get("actor"), dict) else {}
    places = [p for p in event.get("places") or [] if isinstance(p, dict)]
    place = places[0] if places else {}
    when = event.get("date") if isinstance(event.get("date"), dict) else {}
    evidence = event.get("evidence") if isinstance(event.get("evidence"), dict) else {}
    window = event_window(event, published, text_day, config)
    clusterable = make_item(0, 0, event, published=published, text_date=text_day,
                            config=config) is not None
    return {
        "type": _short(event.get("type"), 40),
        "family": _short(config.family(event.get("type")), 40),
        "mode": _short(event.get("mode"), 40),
        "modality": _short(event.get("modality"), 20),
        "actor_name": actor.get("name"),
        "actor_sector": _short(actor.get("sector"), 20),
        "actor_country": _short(actor.get("country"), 8),
        "place_name": place.get("name"),
        "geonameid": as_int(place.get("geonameid")),
        "lat": as_float(place.get("lat")),
        "lon": as_float(place.get("lon")),
        "country": _short(place.get("country"), 8),
        "admin1": _short(place.get("admin1"), 80),
        "place_precision": _short(place.get("precision"), 20),
        "date_start": as_date(when.get("start")),
        "date_end": as_date(when.get("end") or when.get("start")),
        "date_precision": _short(when.get("precision"), 16) if when else None,
        "win_start": window[0] if window else None,
        "win_end": window[1] if window else None,
        "win_source": window[3] if window else None,
        "clusterable": clusterable,
        "confidence": as_float(event.get("confidence")),
        "evidence_start": as_int(evidence.get("start")),
        "evidence_end": as_int(evidence.get("end")),
        "trigger": evidence.get("trigger"),
    }


def evidence_spans(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Character spans of the event's trigger and of every argument that carries offsets."""
    spans = []
    evidence = event.get("evidence") if isinstance(event.get("evidence"), dict) else {}
    start, end = as_int(evidence.get("start")), as_int(evidence.get("end"))
    if start is not None and end is not None and end >= start:
        spans.append({"role": "trigger", "start": start, "end": end,
                      "text": evidence.get("trigger")})
    for role in ("actor", "target", "date"):
        value = event.get(role)
        if isinstance(value, dict):
            spans.extend(_arg_spans(role, [value]))
    for role, key in (("place", "places"), ("casualty", "casualties"),
                      ("attribution", "attribution")):
        value = event.get(key)
        if isinstance(value, list):
            spans.extend(_arg_spans(role, value))
    return spans


def _arg_spans(role: str, values: list[Any]) -> Iterator[dict[str, Any]]:
    for value in values:
        if not isinstance(value, dict):
            continue
        start, end = as_int(value.get("start")), as_int(value.get("end"))
        if start is None or end is None or end < start:
            continue
        yield {"role": role, "start": start, "end": end, "text": value.get("text")}


# --------------------------------------------------------------------------- ingest


def _default_extractor(document: Document) -> dict[str, Any]:
    from marsad.extract import extract

    return extract(document)


def _analyse(document: Document, extractor: Extractor) -> tuple[dict[str, Any], bool]:
    """(record, failed): the extract record, or an error record when extraction raised."""
    try:
        record = extractor(document)
        if not isinstance(record, dict):
            raise TypeError(f"extractor returned {type(record).__name__}, not a record")
        return record, False
    except Exception as err:  # noqa: BLE001 - one bad document never stops the batch
        where = document.source or document.id
        return {"events": [], "errors": [
            f"{where}: text: analysis failed: {type(err).__name__}: {err}"]}, True


def _document_sha(document: Document) -> str:
    if document.sha256:
        return document.sha256
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def _document_values(document: Document, sha: str, record: dict[str, Any], failed: bool,
                     run_id: int | None) -> dict[str, Any]:
    errors = record.get("errors") or []
    published = document.published or as_date(record.get("published"))
    return {
        "sha256": sha, "doc_id": str(document.id), "source": document.source or None,
        "url": document.url or record.get("url"),
        "title": document.title or record.get("title"),
        "outlet": document.outlet[:200] if document.outlet else None,
        "lang": _short(record.get("lang") or document.lang, 8),
        "encoding": _short(document.encoding, 40), "published": published,
        "text_date": None if published else text_date(record),
        "retrieved_at": document.retrieved_at, "ingested_at": utcnow(),
        "text": document.text, "status": "failed" if failed else "errors" if errors else "ok",
        "extractor": EXTRACTOR_NAME,
        "record": {k: v for k, v in record.items() if k not in ("events", "errors")},
        "run_id": run_id,
    }


def _store_documents(session, entries: list[tuple[Any, ...]], run_id: int | None) -> list[int]:
    """Insert or (for failed documents analysed again) replace documents with their errors,
    events and evidence spans, in the caller's transaction; the number of events of each.

    `entries`: (document, sha, record, failed, id of the stored failed document or None).
    """
    documents = DocumentRow.__table__
    values = [_document_values(d, sha, record, failed, run_id)
              for d, sha, record, failed, _ in entries]
    new = [v for v, entry in zip(values, entries, strict=True) if entry[4] is None]
    new_ids = iter(session.execute(
        insert(documents).returning(documents.c.id, sort_by_parameter_order=True), new
    ).scalars().all() if new else [])
    ids = []
    for value, entry in zip(values, entries, strict=True):
        found = entry[4]
        if found is None:
            ids.append(next(new_ids))
            continue
        session.execute(delete(Event).where(Event.document_id == found))
        session.execute(delete(DocumentError).where(DocumentError.document_id == found))
        session.execute(update(documents).where(documents.c.id == found).values(**value))
        ids.append(found)
    errors, events, spans, counts = [], [], [], []
    for doc_id, value, (_, _, record, _, _) in zip(ids, values, entries, strict=True):
        errors += [{"document_id": doc_id, "message": str(m), "created_at": value["ingested_at"]}
                   for m in record.get("errors") or []]
        listed = [e for e in record.get("events") or [] if isinstance(e, dict)]
        counts.append(len(listed))
        for seq, event in enumerate(listed):
            events.append({"document_id": doc_id, "seq": seq, "data": event,
                           **event_columns(event, value["published"], value["text_date"])})
            spans.append(evidence_spans(event))
    if errors:
        session.execute(insert(DocumentError.__table__), errors)
    if events:
        table = Event.__table__
        event_ids = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), events
        ).scalars().all()
        rows = [{"event_id": event_id, **span}
                for event_id, event_spans in zip(event_ids, spans, strict=True)
                for span in event_spans]
        if rows:
            session.execute(insert(EvidenceSpan.__table__), rows)
    return counts


BATCH_DOCUMENTS = 100  # documents stored per transaction at most
BATCH_SECONDS = 2.0  # ... and no longer than this much analysis time between commits


@dataclass
class _Pending:
    document: Document
    sha: str
    found_id: int | None  # a failed document stored before: analysed again in place
    record: dict[str, Any]
    failed: bool


def ingest_documents(
    store: Store,
    items: Iterable[Document | InputError],
    *,
    inputs: list[str] | None = None,
    extractor: Extractor | None = None,
    cluster: bool = True,
    progress: bool = False,
    on_error: Callable[[str], None] | None = None,
) -> IngestReport:
    """Store documents (and record unreadable inputs), then cluster the new events.

    Documents are committed in small batches (at most BATCH_DOCUMENTS, or BATCH_SECONDS of
    analysis): a killed run loses at most the batch in progress, which the next run redoes.
    """
    extractor = extractor or _default_extractor
    report = IngestReport()

    def problem(message: str) -> None:
        report.errors.append(message)
        if on_error:
            on_error(message)

    with store.session() as session:
        run = IngestRun(inputs=list(inputs or []), counts={})
        session.add(run)
        session.flush()
        report.run_id = run.id

    bar = _progress(progress)
    task = bar.add_task("ingest", total=None) if bar else None
    batch: list[Document] = []
    try:
        if bar:
            bar.start()
        for item in items:
            if bar:
                bar.update(task, advance=1)
            if isinstance(item, InputError):
                report.input_errors += 1
                with store.session() as session:
                    session.add(IngestError(run_id=report.run_id, source=item.source or "-",
                                            field=item.field, message=item.message))
                problem(str(item))
                continue
            report.read += 1
            batch.append(item)
            if len(batch) >= BATCH_DOCUMENTS:
                _ingest_batch(store, batch, extractor, report, problem)
                batch = []
        if batch:
            _ingest_batch(store, batch, extractor, report, problem)
    finally:
        if bar:
            bar.stop()

    if cluster:
        from marsad.store.incidents import cluster_pending

        report.clustering = cluster_pending(store)
    with store.session() as session:
        run = session.get(IngestRun, report.run_id)
        run.finished_at = datetime.now(UTC)
        counts = report.counts()
        if report.clustering is not None:
            counts["clustering"] = report.clustering.as_dict()
        run.counts = counts
    return report


def _ingest_batch(store: Store, documents: list[Document], extractor: Extractor,
                  report: IngestReport, problem: Callable[[str], None]) -> None:
    """Analyse the documents not stored yet and store them, committing every BATCH_SECONDS."""
    shas = [_document_sha(d) for d in documents]
    with store.session() as session:
        found = {row.sha256: row for row in session.execute(
            select(DocumentRow.id, DocumentRow.sha256, DocumentRow.status)
            .where(DocumentRow.sha256.in_(set(shas))))}
    seen: set[str] = set()
    pending: list[_Pending] = []
    started = time.monotonic()
    for document, sha in zip(documents, shas, strict=True):
        row = found.get(sha)
        if sha in seen or (row is not None and row.status != "failed"):
            report.already += 1
            continue
        seen.add(sha)
        record, failed = _analyse(document, extractor)
        for message in record.get("errors") or []:
            problem(str(message))
        pending.append(_Pending(document, sha, row.id if row else None, record, failed))
        if time.monotonic() - started > BATCH_SECONDS:
            _write(store, pending, report)
            pending, started = [], time.monotonic()
    _write(store, pending, report)


def _write(store: Store, pending: list[_Pending], report: IngestReport) -> None:
    """Store analysed documents in one transaction; one by one if another process stored
    some of them meanwhile (the unique sha256 refuses the copy)."""
    if not pending:
        return
    try:
        with store.session() as session:
            counted = _store_documents(
                session, [(p.document, p.sha, p.record, p.failed, p.found_id) for p in pending],
                report.run_id)
    except IntegrityError:
        if len(pending) == 1:
            report.already += 1
            return
        for entry in pending:
            _write(store, [entry], report)
        return
    for entry, n_events in zip(pending, counted, strict=True):
        if entry.found_id is not None:
            report.retried += 1
        else:
            report.stored += 1
        report.events += n_events
        if entry.failed:
            report.failed += 1
        elif entry.record.get("errors"):
            report.with_errors += 1


def ingest(
    store: Store,
    paths: Iterable[str],
    *,
    published: date | None = None,
    lang: str | None = None,
    extractor: Extractor | None = None,
    cluster: bool = True,
    progress: bool = False,
    on_error: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files, directories, JSONL, HTML, feeds and feed URLs into `store`."""
    paths = list(paths)
    return ingest_documents(
        store, iter_inputs(paths, published=published, lang=lang), inputs=paths,
        extractor=extractor, cluster=cluster, progress=progress, on_error=on_error,
    )


def _progress(enabled: bool):
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(SpinnerColumn(), TextColumn("[bold]ingest[/bold]"), MofNCompleteColumn(),
                    TextColumn("documents"), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)
