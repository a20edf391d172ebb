"""Store-level ingest and incremental clustering throughput on synthetic reports.

The reports of cluster_data.py are ingested into a store (SQLite file by default, or --db)
in `--batches` successive runs, each followed by incremental clustering
(`cluster_pending`), as a newsroom feeding marsad daily would; then one full re-cluster.
Extraction is skipped (each document's events are given), so this measures the store:
writing documents, events and evidence, loading the incidents of the new events' time window,
clustering, writing memberships and refreshing incident summaries. B-cubed F1 against the
known incidents shows that clustering in batches loses little against clustering at once.

    python benchmarks/cluster_store.py --events 20000 --batches 10
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cluster_data import Generator, scored

from marsad.document import Document
from marsad.store import open_store
from marsad.store.incidents import cluster_pending, recluster
from marsad.store.ingest import ingest_documents
from marsad.store.models import Document as DocumentRow
from marsad.store.models import IncidentMember


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--db", help="store URL (default: a new SQLite file)")
    args = parser.parse_args(argv)

    reports = []
    generator = Generator(args.seed)
    days = max(1, round(args.events / args.per_day))
    for report in generator.generate(int(args.events / 2.75) + 50, days):
        reports.append(report)
        if len(reports) >= args.events:
            break
    reports.sort(key=lambda r: r["published"])  # reports arrive roughly in time order
    events = {r["doc"]: [r["event"]] for r in reports}

    def extractor(document: Document) -> dict:
        return {"id": document.id, "lang": document.lang, "events": events[document.id],
                "places": [], "dates": [], "quantities": [], "errors": []}

    def documents(chunk):
        for r in chunk:
            text = f"{r['outlet']} report {r['doc']}"
            yield Document(id=r["doc"], text=text, lang=r["lang"],
                           published=date.fromisoformat(r["published"]), outlet=r["outlet"],
                           sha256=hashlib.sha256(text.encode()).hexdigest(), source=r["doc"])

    folder = tempfile.mkdtemp(prefix="marsad-bench-")
    url = args.db or f"sqlite:///{folder}/bench.db"
    store = open_store(url)
    size = -(-len(reports) // args.batches)
    ingest_s = cluster_s = 0.0
    print(f"store {store.dialect}, {len(reports):,} reports over {days} days, "
          f"{args.batches} batches")
    print("| batch | reports | ingest (s) | docs/s | cluster new (s) | events/s | joined "
          "| new incidents |")
    print("|---|---|---|---|---|---|---|---|")
    for n in range(args.batches):
        chunk = reports[n * size:(n + 1) * size]
        if not chunk:
            break
        t0 = time.perf_counter()
        ingest_documents(store, documents(chunk), extractor=extractor, cluster=False)
        t1 = time.perf_counter()
        report = cluster_pending(store)
        t2 = time.perf_counter()
        ingest_s += t1 - t0
        cluster_s += t2 - t1
        print(f"| {n + 1} | {len(chunk):,} | {t1 - t0:.1f} | {len(chunk) / (t1 - t0):,.0f} "
              f"| {t2 - t1:.1f} | {report.events / (t2 - t1):,.0f} | {report.joined:,} "
              f"| {report.new_incidents:,} |", flush=True)

    def quality() -> float:
        from sqlalchemy import select

        gold_of = {r["doc"]: r["incident"] for r in reports}
        with store.session() as session:
            rows = session.execute(select(DocumentRow.doc_id, IncidentMember.incident_id)
                                   .join(IncidentMember,
                                         IncidentMember.document_id == DocumentRow.id)).all()
        gold = {doc: gold_of[doc] for doc, _ in rows}
        predicted = dict(rows)
        return scored(gold, predicted)["bcubed_f1"]

    incremental_f1 = quality()
    t0 = time.perf_counter()
    full = recluster(store)
    t1 = time.perf_counter()
    print()
    print(f"ingest {ingest_s:.1f} s ({len(reports) / ingest_s:,.0f} docs/s); incremental "
          f"clustering {cluster_s:.1f} s in total; B-cubed F1 {incremental_f1:.3f} "
          f"(incremental, {args.batches} batches)")
    print(f"full re-cluster {t1 - t0:.1f} s: {full.moved:,} events moved, "
          f"{full.new_incidents:,} new, {full.dissolved:,} dissolved incidents; "
          f"B-cubed F1 {quality():.3f}")
    store.close()


if __name__ == "__main__":
    main()
