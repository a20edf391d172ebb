"""Toponym recognition and resolution on IDRISI LMD Arabic (disaster tweets, gold OSM points).

    python benchmarks/places_idrisi.py [--data ../shared/data/idrisi/LMD/data/AR]
        [--split all|train|dev] [--errors N] [--misses N]

For every gold location mention typed Country, Province, District or City/town:

- recognition recall: some place marsad finds in the tweet overlaps the gold span;
- resolution (the LMD task: the mention is given): the point of the overlapping place when
  marsad found it, else `resolve(mention text)` favouring the tweet's focus country (the most
  named country among the places marsad found); share within 161 km and 25 km of the gold
  OpenStreetMap point;
- end to end: recognised *and* resolved within 161 / 25 km;
- right country: the place resolved lies in the gold point's country (what a Country mention
  can be right about: a country's point is where its populated places are, not OSM's);
- best candidate (what the installed data allows): the share within 161 / 25 km when the
  nearest of the gazetteer's candidates for the mention text (`resolve(text, limit=50)`, or
  marsad's own answer if nearer) is taken: no ranking can beat it, so it separates ranking
  errors from names or points the data lacks;
- gold is an adjective: gold mentions that are adjectives ("اللبناني", "الكويتية"), which
  marsad deliberately does not mark as places (they count as misses above).

Data: IDRISI (Suwaileh et al.), CC BY 4.0, read from ../shared/data; nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "idrisi" / "LMD" / "data" / "AR"
TYPES = ("Country", "Province", "District", "City/town")


def load(folder: Path, split: str = "all") -> list[dict]:
    tweets = []
    pattern = "*/*.jsonl" if split == "all" else f"*/{split}.jsonl"
    for path in sorted(folder.glob(pattern)):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["_event"] = path.parent.name
                tweets.append(item)
    return tweets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--split", choices=("all", "train", "dev"), default="all",
                        help="which split of every event (marsad was tuned on train only)")
    parser.add_argument("--errors", type=int, default=0, help="print N resolution errors")
    parser.add_argument("--misses", type=int, default=0, help="print N recognition misses")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"skip: {args.data} is absent", file=sys.stderr)
        return 0

    from marsad.places.gazetteer import default_gazetteer, haversine_km
    from marsad.places.names import name_words
    from marsad.places.resolve import resolve
    from marsad.text.normalize import clitic_forms
    from marsad.text.pipeline import get_pipeline

    nlp = get_pipeline("ar", upto="marsad_places")
    nisba = default_gazetteer().info.get("nisba") or {}
    tweets = load(args.data, args.split)
    t0 = time.perf_counter()
    stats: dict[str, Counter] = defaultdict(Counter)
    errors, misses = [], []
    for tweet in tweets:
        text = tweet["text"]
        doc = nlp(text)
        places = doc._.places
        focus = Counter(p.country for p in places if p.country)
        focus_cc = focus.most_common(1)[0][0] if focus else None
        for gold in tweet.get("location_mentions") or []:
            kind = gold.get("type")
            osm = gold.get("osm_json") or {}
            if kind not in TYPES or "lat" not in osm:
                continue
            g_lat, g_lon = float(osm["lat"]), float(osm["lon"])
            s, e = int(gold["start_offset"]), int(gold["end_offset"])
            hit = next((p for p in places if p.start < e and s < p.end and p.lat is not None),
                       None)
            found = hit is not None
            if hit is not None:
                lat, lon, cc = hit.lat, hit.lon, hit.country
            else:
                cands = resolve(gold["text"], country=focus_cc, lang="ar", limit=1)
                lat, lon, cc = ((cands[0].lat, cands[0].lon, cands[0].entry.country)
                                if cands else (None, None, None))
            gold_cc = str((osm.get("address") or {}).get("country_code", "")).upper()
            # annotators often marked the country inside its adjective: "الكويت|ية"
            a, b = s, e
            while a > 0 and text[a - 1].isalpha():
                a -= 1
            while b < len(text) and text[b].isalpha():
                b += 1
            word = name_words(text[a:b])
            adjective = bool(word) and (word[-1] in nisba or (len(word) == 1 and any(
                f in nisba for f in clitic_forms(word[0]))))
            d = haversine_km(lat, lon, g_lat, g_lon) if lat is not None else None
            best = min((haversine_km(c.lat, c.lon, g_lat, g_lon)
                        for c in resolve(gold["text"], lang="ar", limit=50)),
                       default=None)
            if d is not None and (best is None or d < best):
                best = d
            for key in (kind, "all"):
                st = stats[key]
                st["n"] += 1
                st["recognised"] += found
                st["resolved"] += d is not None
                st["161"] += d is not None and d <= 161
                st["25"] += d is not None and d <= 25
                st["e2e161"] += found and d is not None and d <= 161
                st["e2e25"] += found and d is not None and d <= 25
                st["best161"] += best is not None and best <= 161
                st["best25"] += best is not None and best <= 25
                st["country"] += bool(gold_cc) and cc == gold_cc
                st["adjective"] += adjective
            if d is None or d > 161:
                errors.append((gold["text"], kind, osm.get("display_name", "")[:60],
                               None if d is None else round(d), hit.name if hit else None))
            if not found:
                misses.append((gold["text"], kind, text[max(0, s - 30):e + 30]))
    elapsed = time.perf_counter() - t0

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "-"

    print(f"IDRISI LMD AR ({args.split}): {len(tweets)} tweets, {elapsed:.1f} s")
    print("| type | mentions | recognised | resolved <=161 km | <=25 km | right country "
          "| end-to-end <=161 km | end-to-end <=25 km | best candidate <=161 km | <=25 km "
          "| gold is an adjective |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in (*TYPES, "all"):
        st = stats[key]
        print(f"| {key} | {st['n']} | {pct(st['recognised'], st['n'])} | "
              f"{pct(st['161'], st['n'])} | {pct(st['25'], st['n'])} | "
              f"{pct(st['country'], st['n'])} | "
              f"{pct(st['e2e161'], st['n'])} | {pct(st['e2e25'], st['n'])} | "
              f"{pct(st['best161'], st['n'])} | {pct(st['best25'], st['n'])} | "
              f"{st['adjective']} |")
    if args.errors:
        print("\nresolution errors (text, type, gold, km, marsad):")
        for item, count in Counter(errors).most_common(args.errors):
            print(count, item)
    if args.misses:
        print("\nrecognition misses (text, type):")
        for item, count in Counter((m[0], m[1]) for m in misses).most_common(args.misses):
            print(count, item)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
