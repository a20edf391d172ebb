"""Place-mention recognition on IDRISI LMR Arabic (disaster tweets, gold location spans).

    python benchmarks/places_idrisi_lmr.py [--data ../shared/data/idrisi/LMR/data/AR/gold-random-json]
        [--split all|train|dev] [--false N] [--misses N]

The gold marks every location mention of 3,696 tweets with a type: countries (CTRY), provinces
(PROV), districts (DIST), cities (CITY), neighbourhoods (NBHD), streets (ST), points of interest
(HPOI, NPOI) and other locations (OTHR). marsad recognises the named places of a gazetteer
(countries, admin areas, settlements, neighbourhoods), not streets or buildings, so:

- recall is over the gazetteer types (CTRY, PROV, DIST, CITY, NBHD), per type: a gold mention is
  found when a place marsad reports overlaps it ("overlap") or has exactly its span ("exact");
- precision is over the places marsad reports, each distinct place once per tweet (the gold marks
  a name once even when the tweet repeats it): a place is right when one of its mentions overlaps
  a gold mention of any type ("بيروت" inside the gold point of interest "مرفأ بيروت" is right);
  "outside hashtags" leaves out mentions inside hashtags, which the annotators marked in some
  tweets ("#انفجار_بيروت") and not in others ("#امطار_الكويت");
- F1 from that precision and the overlap recall.
Data: IDRISI (Suwaileh et al.), CC BY 4.0, read from ../shared/data; nothing is copied.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "idrisi" / "LMR" / "data" / "AR" / "gold-random-json"
GAZETTEER_TYPES = ("CTRY", "PROV", "DIST", "CITY", "NBHD")
HASHTAG = re.compile(r"#\S+")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from places_idrisi import load  # LMR files have the same JSONL layout as LMD


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--split", choices=("all", "train", "dev"), default="all")
    parser.add_argument("--false", type=int, default=0, help="print the N commonest false places")
    parser.add_argument("--misses", type=int, default=0, help="print the N commonest misses")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"skip: {args.data} is absent", file=sys.stderr)
        return 0

    from marsad.text.pipeline import get_pipeline

    nlp = get_pipeline("ar", upto="marsad_places")
    tweets = load(args.data, args.split)
    gold_n, found_overlap, found_exact = Counter(), Counter(), Counter()
    reported, right = Counter(), Counter()
    false_places, misses = Counter(), Counter()
    t0 = time.perf_counter()
    for tweet in tweets:
        text = tweet["text"]
        places = nlp(text)._.places
        gold = [(int(m["startIdx"]), int(m["endIdx"]), m["type"], m["text"])
                for m in tweet.get("location_mentions") or []]
        tags = [m.span() for m in HASHTAG.finditer(text)]
        for scope in ("all", "outside hashtags"):
            named: dict[object, bool] = {}  # each distinct place: some mention overlaps gold
            for p in places:
                if scope != "all" and any(a <= p.start < b for a, b in tags):
                    continue
                key = p.geonameid or p.name or text[p.start:p.end]
                hit = any(p.start < e and s < p.end for s, e, _, _ in gold)
                named[key] = named.get(key, False) or hit
                if scope == "all" and not hit:
                    false_places[text[p.start:p.end]] += 1
            reported[scope] += len(named)
            right[scope] += sum(named.values())
        for s, e, kind, words in gold:
            if kind not in GAZETTEER_TYPES:
                continue
            overlap = any(p.start < e and s < p.end for p in places)
            exact = any(p.start == s and p.end == e for p in places)
            for key in (kind, "all"):
                gold_n[key] += 1
                found_overlap[key] += overlap
                found_exact[key] += exact
            if not overlap:
                misses[(words, kind)] += 1
    elapsed = time.perf_counter() - t0

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "-"

    recall = found_overlap["all"] / gold_n["all"] if gold_n["all"] else 0.0
    print(f"IDRISI LMR AR ({args.split}): {len(tweets)} tweets, {elapsed:.1f} s")
    for scope in ("all", "outside hashtags"):
        precision = right[scope] / reported[scope] if reported[scope] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{scope}: distinct places per tweet {reported[scope]}, right {right[scope]}: "
              f"precision {precision:.3f}, recall (overlap) {recall:.3f}, F1 {f1:.3f}")
    print("| type | gold mentions | recall, overlap | recall, exact span |")
    print("|---|---:|---:|---:|")
    for key in (*GAZETTEER_TYPES, "all"):
        print(f"| {key} | {gold_n[key]} | {pct(found_overlap[key], gold_n[key])} | "
              f"{pct(found_exact[key], gold_n[key])} |")
    if args.false:
        print("\nmentions overlapping no gold location (text, count):")
        for item, count in false_places.most_common(args.false):
            print(count, item)
    if args.misses:
        print("\nmisses (text, type):")
        for item, count in misses.most_common(args.misses):
            print(count, item)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
