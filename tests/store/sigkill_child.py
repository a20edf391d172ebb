"""Child process of the SIGKILL test: ingest N synthetic reports slowly into the store at URL.

    python sigkill_child.py URL N [SLEEP]

Reports come in pairs from two outlets about the same strike (so they cluster), each with one
event, plus every fifth with a second event (a threat, which forms no incident).
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "incidents")]

from incident_events import TOWNS, event
from store_helpers import CannedExtractor, document

from marsad.store import open_store
from marsad.store.ingest import ingest_documents


def plan(n: int):
    """(documents, events by document id) for n reports."""
    towns = sorted(TOWNS)
    docs, events = [], {}
    for i in range(n):
        strike = i // 2
        day = date(2024, 1, 1) + timedelta(days=strike % 40)
        doc_id = f"r{i:04d}"
        docs.append(document(doc_id, published=day, outlet=("Reuters", "Al Jazeera")[i % 2],
                             lang=("en", "ar")[i % 2]))
        evs = [event(place=towns[strike % len(towns)], day=day.isoformat(),
                     killed=3 + strike % 5 + i % 2)]
        if i % 5 == 0:
            evs.append(event(place=towns[strike % len(towns)], day=day.isoformat(),
                             modality="threatened", killed=None))
        events[doc_id] = evs
    return docs, events


def main() -> None:
    url, n = sys.argv[1], int(sys.argv[2])
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    docs, events = plan(n)
    extractor = CannedExtractor(events)

    def slow(doc):
        time.sleep(pause)
        return extractor(doc)

    with open_store(url) as store:
        report = ingest_documents(store, docs, extractor=slow)
    print(report.summary())


if __name__ == "__main__":
    main()
