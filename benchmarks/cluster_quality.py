"""Incident-clustering accuracy on synthetic labelled reports (see cluster_data.py).

Pairwise and B-cubed precision / recall / F1 of `marsad.incidents.cluster` against the known
incident of every report, overall and on the near-miss distractors. Seed 1 is the development
set the weights in clustering.yaml were tuned on; seeds 2-4 are held out.

    python benchmarks/cluster_quality.py --incidents 2000 --days 120 --seeds 2 3 4
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_data import Generator, scored

from marsad.incidents.cluster import Clusterer, make_item


def evaluate(seed: int, incidents: int, days: int, by_components: bool = False) -> dict:
    reports = list(Generator(seed).generate(incidents, days))
    items = []
    gold = {}
    for i, report in enumerate(reports):
        item = make_item(i, report["doc"], report["event"],
                         published=date.fromisoformat(report["published"]))
        if item is None:
            continue
        items.append(item)
        gold[i] = report["incident"]
    clusterer = Clusterer()
    predicted = {a.key: a.cluster for a in clusterer.run(items)}
    result = scored(gold, predicted)
    # near misses: share of distractor incidents merged (any report) with their look-alike
    clusters_of: dict = {}
    for key, incident in gold.items():
        clusters_of.setdefault(incident, set()).add(predicted[key])
    pairs: dict = {}
    for report in reports:
        if "near_miss_of" in report:
            pairs[(report["incident"], report["near_miss_of"])] = report["near_miss"]
    merged: dict = {}
    for (distractor, original), kind in pairs.items():
        hit = bool(clusters_of.get(distractor, set()) & clusters_of.get(original, set()))
        total, count = merged.get(kind, (0, 0))
        merged[kind] = (total + 1, count + hit)
    result["near_miss_merged"] = {k: (n, m) for k, (n, m) in sorted(merged.items())}
    result["seed"] = seed
    result["comparisons"] = clusterer.comparisons
    languages = {r["lang"] for r in reports}
    result["languages"] = sorted(languages)
    # how many gold incidents mix Arabic and English reports
    mixed = {}
    for r in reports:
        mixed.setdefault(r["incident"], set()).add(r["lang"])
    result["gold_incidents_ar_and_en"] = sum(1 for s in mixed.values() if len(s) == 2)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [evaluate(seed, args.incidents, args.days) for seed in args.seeds]
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print("| seed | events | gold incidents (ar+en) | predicted | pairwise P | R | F1 "
          "| B-cubed P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['seed']} | {r['events']} | {r['gold_incidents']} "
              f"({r['gold_incidents_ar_and_en']}) | {r['predicted_incidents']} "
              f"| {r['pairwise_p']:.3f} | {r['pairwise_r']:.3f} | {r['pairwise_f1']:.3f} "
              f"| {r['bcubed_p']:.3f} | {r['bcubed_r']:.3f} | {r['bcubed_f1']:.3f} |")
    if len(rows) > 1:
        mean = {k: sum(r[k] for r in rows) / len(rows)
                for k in ("pairwise_p", "pairwise_r", "pairwise_f1", "bcubed_p", "bcubed_r",
                          "bcubed_f1")}
        print(f"| mean | | | | {mean['pairwise_p']:.3f} | {mean['pairwise_r']:.3f} "
              f"| {mean['pairwise_f1']:.3f} | {mean['bcubed_p']:.3f} | {mean['bcubed_r']:.3f} "
              f"| {mean['bcubed_f1']:.3f} |")
    print()
    print("| near miss | pairs | wrongly merged |")
    print("|---|---|---|")
    kinds = sorted({k for r in rows for k in r["near_miss_merged"]})
    for kind in kinds:
        n = sum(r["near_miss_merged"].get(kind, (0, 0))[0] for r in rows)
        m = sum(r["near_miss_merged"].get(kind, (0, 0))[1] for r in rows)
        print(f"| {kind} | {n} | {m} ({m / n:.1%}) |")


if __name__ == "__main__":
    main()
