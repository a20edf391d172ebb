"""Incident-clustering time and memory at 10k, 100k and 1M synthetic events.

Each size runs in a fresh subprocess so its peak memory (ru_maxrss) is its own. The events come
from cluster_data.py at a constant density (`--per-day` reports per day over the nine
countries, so 1M events cover 1M / per-day days): near-linear growth means the time per event
stays flat as the data grows. Generation time is excluded; making the compact items and
clustering them are timed separately. B-cubed F1 is printed as a sanity check.

    python benchmarks/cluster_scale.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one(size: int, per_day: int, seed: int) -> dict:
    sys.path.insert(0, str(HERE))
    from cluster_data import Generator, scored

    from marsad.incidents.cluster import Clusterer, make_item

    generator = Generator(seed)
    days = max(1, round(size / per_day))
    events_per_incident = 2.75  # mean reports per incident in cluster_data, with distractors
    reports = []
    for report in generator.generate(int(size / events_per_incident) + 50, days):
        reports.append((report["doc"], report["event"], report["published"],
                        report["incident"]))
        if len(reports) >= size:
            break
    gc.collect()
    gc.freeze()  # the generated reports are long-lived: keep the cyclic GC off them
    t0, c0 = time.perf_counter(), time.process_time()
    items = []
    gold = {}
    for i, (doc, event, published, incident) in enumerate(reports):
        item = make_item(i, doc, event, published=date.fromisoformat(published))
        if item is not None:
            items.append(item)
            gold[i] = incident
    del reports
    t1, c1 = time.perf_counter(), time.process_time()
    clusterer = Clusterer()
    predicted = {}
    for assignment in clusterer.run(items):
        predicted[assignment.key] = assignment.cluster
    t2, c2 = time.perf_counter(), time.process_time()
    quality = scored(gold, predicted)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"events": len(items), "days": days, "items_s": round(t1 - t0, 2),
            "items_cpu_s": round(c1 - c0, 2), "cluster_s": round(t2 - t1, 2),
            "cluster_cpu_s": round(c2 - c1, 2),
            "us_per_event": round((c2 - c1) / len(items) * 1e6),
            "comparisons_per_event": round(clusterer.comparisons / len(items), 1),
            "incidents": quality["predicted_incidents"], "bcubed_f1": round(quality["bcubed_f1"], 3),
            "peak_rss_mb": round(peak_mb)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.per_day, args.seed)))
        return
    print("| events | days | make items: wall / CPU (s) | cluster: wall / CPU (s) "
          "| CPU µs/event | comparisons/event | incidents | B-cubed F1 | peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--per-day",
                              str(args.per_day), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {r['events']:,} | {r['days']:,} | {r['items_s']} / {r['items_cpu_s']} "
              f"| {r['cluster_s']} / {r['cluster_cpu_s']} "
              f"| {r['us_per_event']} | {r['comparisons_per_event']} | {r['incidents']:,} "
              f"| {r['bcubed_f1']} | {r['peak_rss_mb']:,} |", flush=True)


if __name__ == "__main__":
    main()
