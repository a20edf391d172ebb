"""Ingest: idempotent on sha256, per-document errors stored and reported, retries."""

from __future__ import annotations

from datetime import date

from incident_events import event
from sqlalchemy import func, select
from store_helpers import CannedExtractor, document

from marsad.errors import InputError
from marsad.store import queries
from marsad.store.ingest import ingest_documents, text_date
from marsad.store.models import Document, DocumentError, Event, EvidenceSpan, IncidentMember


def count(store, column) -> int:
    with store.session() as session:
        return session.execute(select(func.count(column))).scalar_one()


EVENTS = {
    "ar-1": [event(killed=5, trigger="غارة")],
    "en-1": [event(killed=7, trigger="airstrike", actor=None)],
    "en-2": [event(place="Deir ez-Zor", actor="coalition", killed=2),
             event(place="Deir ez-Zor", actor="coalition", modality="threatened")],
}


def docs():
    return [document("ar-1", lang="ar", outlet="Enab Baladi"),
            document("en-1", outlet="Reuters"), document("en-2", outlet="AFP")]


def test_ingest_stores_documents_events_spans_and_incidents(store):
    report = ingest_documents(store, docs(), extractor=CannedExtractor(EVENTS))
    assert (report.read, report.stored, report.already, report.events) == (3, 3, 0, 4)
    assert report.ok and report.errors == []
    assert count(store, Document.id) == 3
    assert count(store, Event.id) == 4
    assert count(store, EvidenceSpan.id) == 4  # one trigger span each
    # the threat is stored but is no incident; the two Maarat reports are one
    assert count(store, IncidentMember.id) == 3
    with store.session() as session:
        page = queries.list_incidents(session, order="id")
    assert page["total"] == 2
    maarat = next(i for i in page["items"] if i["place"]["name"] == "Maarat al-Numan")
    assert maarat["n_documents"] == 2 and maarat["civilians_killed"] == {"min": 5, "max": 7}


def test_reingest_is_idempotent(store):
    extractor = CannedExtractor(EVENTS)
    ingest_documents(store, docs(), extractor=extractor)
    before = (count(store, Document.id), count(store, Event.id), count(store, IncidentMember.id))
    with store.session() as session:
        incidents_before = queries.list_incidents(session, order="id")["items"]
    report = ingest_documents(store, docs() + docs(), extractor=extractor)
    assert (report.stored, report.already, report.events) == (0, 6, 0)
    assert (count(store, Document.id), count(store, Event.id),
            count(store, IncidentMember.id)) == before
    with store.session() as session:
        incidents_after = queries.list_incidents(session, order="id")["items"]
    assert [i["id"] for i in incidents_after] == [i["id"] for i in incidents_before]
    assert len(extractor.calls) == 3  # stored documents are not analysed again


def test_same_text_other_bytes_is_another_document(store):
    a = document("x")
    b = document("x", text=a.text + " ")
    report = ingest_documents(store, [a, b], extractor=CannedExtractor({}))
    assert report.stored == 2


def test_errors_are_stored_reported_and_the_batch_goes_on(store):
    extractor = CannedExtractor(EVENTS, errors={"en-1": ["test:en-1: lang: odd script"]},
                                fail={"en-2"})
    seen = []
    items = [InputError("bad.jsonl:3", "not valid JSON", field="line"), *docs()]
    report = ingest_documents(store, items, extractor=extractor, on_error=seen.append)
    assert (report.read, report.stored, report.failed, report.with_errors,
            report.input_errors) == (3, 3, 1, 1, 1)
    assert not report.ok
    assert seen == report.errors
    assert seen[0] == "bad.jsonl:3: line: not valid JSON"
    assert any(m.startswith("test:en-2: text: analysis failed: RuntimeError") for m in seen)
    assert all("\n" not in m for m in seen)
    with store.session() as session:
        statuses = dict(session.execute(select(Document.doc_id, Document.status)).all())
        assert statuses == {"ar-1": "ok", "en-1": "errors", "en-2": "failed"}
        stored = queries.ingest_errors(session, run_id=report.run_id)
        assert {e["message"] for e in stored} >= {"not valid JSON", "test:en-1: lang: odd script"}
        assert session.execute(select(func.count(DocumentError.id))).scalar_one() == 2


def test_a_failed_document_is_extracted_again_in_place(store):
    ingest_documents(store, docs(), extractor=CannedExtractor(EVENTS, fail={"en-2"}))
    with store.session() as session:
        first_id = session.execute(select(Document.id).where(
            Document.doc_id == "en-2")).scalar_one()
    report = ingest_documents(store, docs(), extractor=CannedExtractor(EVENTS))
    assert (report.retried, report.already, report.stored, report.events) == (1, 2, 0, 2)
    with store.session() as session:
        row = session.execute(select(Document).where(Document.doc_id == "en-2")).scalar_one()
        assert (row.id, row.status) == (first_id, "ok")
        assert session.execute(select(func.count(DocumentError.id))).scalar_one() == 0
    assert count(store, Document.id) == 3


def test_runs_are_recorded_with_counts(store):
    report = ingest_documents(store, docs(), inputs=["a.jsonl"],
                              extractor=CannedExtractor(EVENTS))
    with store.session() as session:
        runs = queries.ingest_runs(session)
    assert runs[0]["id"] == report.run_id and runs[0]["finished_at"]
    assert runs[0]["inputs"] == ["a.jsonl"]
    assert runs[0]["counts"]["stored"] == 3
    assert runs[0]["counts"]["clustering"]["new_incidents"] == 2


def test_document_without_published_date_leans_on_its_text():
    record = {"dates": [{"start": "2024-03-01", "precision": "day"},
                        {"start": "2024-03-04", "precision": "day"},
                        {"start": "2024-01-01", "end": "2024-01-31", "precision": "month"}]}
    assert text_date(record) == date(2024, 3, 4)
    assert text_date({"dates": []}) is None


def test_undated_documents_cluster_through_their_text_dates(store):
    extractor = CannedExtractor({"a": [event(day=None)], "b": [event(day=None, killed=6)]})
    original = extractor.__call__

    def with_dates(doc):
        record = original(doc)
        record["dates"] = [{"start": "2024-03-02", "end": "2024-03-02", "precision": "day"}]
        return record

    items = [document("a", published=None), document("b", published=None)]
    ingest_documents(store, items, extractor=with_dates)
    with store.session() as session:
        assert session.execute(select(Document.text_date)).scalars().all() == [
            date(2024, 3, 2)] * 2
        page = queries.list_incidents(session)
    assert page["total"] == 1 and page["items"][0]["n_documents"] == 2
