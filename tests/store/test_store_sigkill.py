"""A real SIGKILL in the middle of an ingest, then a re-run: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marsad.store import open_store
from marsad.store.models import Document, Event, Incident, IncidentMember, IngestRun

HERE = Path(__file__).resolve().parent
N = 60


def child(url: str, pause: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HERE / "sigkill_child.py"), url, str(N),
                             str(pause)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def stored_documents(url: str) -> int:
    try:
        store = open_store(url)
    except Exception:  # noqa: BLE001 - not created yet by the child
        return 0
    try:
        with store.session() as session:
            return session.execute(select(func.count(Document.id))).scalar_one()
    except Exception:  # noqa: BLE001 - tables not there yet
        return 0
    finally:
        store.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_ingest_then_rerun_loses_and_duplicates_nothing(db_url):
    sys.path.insert(0, str(HERE))
    from sigkill_child import plan

    docs, events = plan(N)
    process = child(db_url, pause=0.05)
    deadline = time.monotonic() + 120
    while stored_documents(db_url) < N // 4:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the child stored nothing"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL

    store = open_store(db_url)
    with store.session() as session:
        partial = session.execute(select(Document.doc_id, func.count(Event.id))
                                  .outerjoin(Event, Event.document_id == Document.id)
                                  .group_by(Document.doc_id)).all()
        unfinished = session.execute(select(func.count(IngestRun.id)).where(
            IngestRun.finished_at.is_(None))).scalar_one()
    assert 0 < len(partial) < N, "the kill came too late to test anything"
    # whole documents only: each stored document has all its events
    assert all(n == len(events[doc_id]) for doc_id, n in partial)
    assert unfinished == 1

    process = child(db_url, pause=0.0)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert f"{N - len(partial)} stored, {len(partial)} already stored" in out

    with store.session() as session:
        rows = session.execute(select(Document.doc_id, Document.sha256)).all()
        assert len(rows) == N
        assert Counter(r.doc_id for r in rows) == Counter(d.id for d in docs)
        assert {r.sha256 for r in rows} == {d.sha256 for d in docs}
        assert session.execute(select(func.count(Event.id))).scalar_one() == sum(
            len(v) for v in events.values())
        # every clusterable event is in exactly one incident, none is left out
        clusterable = session.execute(select(func.count(Event.id)).where(
            Event.clusterable.is_(True))).scalar_one()
        members = session.execute(select(IncidentMember.event_id)).scalars().all()
        assert len(members) == len(set(members)) == clusterable
        # incident summaries agree with their members; no empty active incident
        per_incident = dict(session.execute(select(IncidentMember.incident_id,
                                                   func.count(IncidentMember.id))
                                            .group_by(IncidentMember.incident_id)).all())
        for incident in session.execute(select(Incident).where(
                Incident.status == "active")).scalars():
            assert per_incident.get(incident.id, 0) == incident.n_events > 0
        # the pairs of reports of each strike ended up together
        docs_of = {}
        for incident_id, doc_id in session.execute(
                select(IncidentMember.incident_id, Document.doc_id)
                .join(Document, Document.id == IncidentMember.document_id)):
            docs_of.setdefault(incident_id, set()).add(doc_id)
    store.close()
    pairs = {frozenset((f"r{2 * k:04d}", f"r{2 * k + 1:04d}")) for k in range(N // 2)}
    together = sum(1 for pair in pairs if any(pair <= group for group in docs_of.values()))
    assert together == len(pairs)


def test_two_ingests_at_once_store_and_cluster_everything_once(db_url):
    open_store(db_url).close()  # schema first, so the two only race on documents
    first, second = child(db_url, pause=0.005), child(db_url, pause=0.005)
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    with open_store(db_url) as store, store.session() as session:
        assert session.execute(select(func.count(Document.id))).scalar_one() == N
        clusterable = session.execute(select(func.count(Event.id)).where(
            Event.clusterable.is_(True))).scalar_one()
        members = session.execute(select(IncidentMember.event_id)).scalars().all()
        assert len(members) == len(set(members)) == clusterable == N
        docs_of = {}
        for incident_id, doc_id in session.execute(
                select(IncidentMember.incident_id, Document.doc_id)
                .join(Document, Document.id == IncidentMember.document_id)):
            docs_of.setdefault(incident_id, set()).add(doc_id)
    assert sorted(map(sorted, docs_of.values())) == [
        [f"r{2 * k:04d}", f"r{2 * k + 1:04d}"] for k in range(N // 2)]
