"""Event detection on the Arabic event gold standard (../shared/data/arabic_event_gsr).

Sentence level, per event type (ASSAULT from assault_gsr.csv, PROTEST from protest_gsr.csv):
a sentence is predicted positive when marsad codes at least one event of that type in it with
modality "asserted" (a threatened, planned, denied, hypothetical or negated attack is not an
attack that happened). Label "yes" is positive, "easy no" and "difficult no" negative;
"ambiguous" sentences are scored apart (the share marsad calls positive).

The sentences are split in two halves by a hash of their id: "dev" (the half the lexicons and
rules were tuned on) and "test" (held out); both are reported, and the whole. Decision
rules: "any" (an asserted event of the type at all), "conf>=t" (its confidence at least t,
with t the value on a 0.30..0.90 grid that maximises F1 on dev, then applied to test) and,
for types with learned main-event weights (data/main_event.tsv, trained on the dev half),
"conf>=t cv" with t the threshold shipped in that file, chosen on dev by cross-validation
(the in-sample dev scores of a model trained on dev are optimistic, and so is a threshold
chosen on them).

Two reference lines say how hard the labels are. "one coder": how a single annotator scores
against the verdict of the others (leave one coder out; a sentence is "yes" only when every
coder accepts it, so a coder who accepts a sentence the others reject counts as a false
positive), expected over the coders from the `accept`/`reject` counts; it is what a human
scores on this measure. "clear-cut": the same decision rule scored without the "difficult no"
sentences (one coder or more accepted them, most rejected).

Actor/target agreement (assault_spans.json, protest_spans.json): for each sentence with gold
spans, the gold actor (target) is the span most coders marked as source (target) actor. Among
sentences where marsad codes an event of the type with an actor (target), agreement is the
share whose actor (target) text shares a word with the gold span (words compared after
normalisation and clitic stripping); "swapped" counts actors that match the gold target.

  python benchmarks/events_gsr.py [--no-places] [--json out.json] [--errors N]
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
GSR = SHARED / "data" / "arabic_event_gsr"


def split_of(key: str) -> str:
    return "dev" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "test"


def pipeline(places: bool):
    """A function text -> Doc running marsad's Arabic pipeline (optionally without places)."""
    from marsad.text.pipeline import get_pipeline

    nlp = get_pipeline("ar")
    steps = [(n, c) for n, c in nlp.pipeline if places or n != "marsad_places"]

    def run(text: str):
        doc = nlp.make_doc(text)
        for _, component in steps:
            doc = component(doc)
        return doc

    return run


def best_confidence(doc, type_: str) -> float:
    """The highest confidence of an asserted event of `type_` in `doc` (0 when none)."""
    return max((e.confidence for e in doc._.events
                if e.type == type_ and e.modality == "asserted"), default=0.0)


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "tp": tp, "fp": fp, "fn": fn}


def score(items: list[tuple[str, float]], threshold: float) -> dict:
    """P/R/F1 of "positive when best confidence > 0 and >= threshold" on (label, conf) pairs."""
    c = collections.Counter()
    for label, conf in items:
        pos = conf > 0 and conf >= threshold
        if label == "ambiguous":
            c["amb"] += 1
            c["amb_pos"] += pos
        elif label == "yes":
            c["tp" if pos else "fn"] += 1
        else:
            c["fp" if pos else "tn"] += 1
            c[f"neg_{label}"] += 1
            c[f"fp_{label}"] += pos
    res = prf(c["tp"], c["fp"], c["fn"])
    res["sentences"] = c["tp"] + c["fn"] + c["fp"] + c["tn"]
    res["fp_easy_no"] = f"{c['fp_easy no']}/{c['neg_easy no']}"
    res["fp_difficult_no"] = f"{c['fp_difficult no']}/{c['neg_difficult no']}"
    res["ambiguous_called_positive"] = f"{c['amb_pos']}/{c['amb']}"
    return res


def one_coder(rows: list[dict]) -> dict:
    """Expected P/R/F1 of one annotator against the unanimous verdict of the others.

    Leaving out an accepting coder of a sentence the others do not all accept is a false
    positive (share accept/total of its coders); a "yes" sentence (all accept) is a true
    positive; ambiguous sentences are left out, as in `score`.
    """
    tp = fp = 0.0
    for row in rows:
        accept, total = int(row["accept"]), int(row["accept"]) + int(row["reject"])
        if row["label"] == "yes":
            tp += 1
        elif row["label"] != "ambiguous" and total:
            fp += accept / total
    p = tp / (tp + fp) if tp + fp else 0.0
    f = 2 * p / (p + 1) if p else 0.0
    return {"precision": round(p, 3), "recall": 1.0, "f1": round(f, 3),
            "expected_fp": round(fp, 1), "sentences": sum(r["label"] != "ambiguous" for r in rows)}


def detection(run, type_: str, filename: str, errors: int) -> dict:
    """Any asserted event vs. a confidence threshold chosen on the dev half (max F1)."""
    with open(GSR / filename, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items: dict[str, list[tuple[str, float]]] = {"dev": [], "test": []}
    by_split: dict[str, list[dict]] = {"dev": [], "test": []}
    misses: list[tuple[str, str, str]] = []
    for row in rows:
        conf = best_confidence(run(row["text"]), type_)
        items[split_of(row["id"])].append((row["label"], conf))
        by_split[split_of(row["id"])].append(row)
        pos = conf > 0
        if (row["label"] == "yes") != pos and row["label"] != "ambiguous" and len(misses) < errors:
            misses.append((row["label"], "predicted" if pos else "missed", row["text"][:220]))
    grid = [round(0.3 + 0.05 * i, 2) for i in range(13)]
    tau = max(grid, key=lambda t: (score(items["dev"], t)["f1"], -t))
    from marsad.events.salience import MainEventScorer

    cv_tau = MainEventScorer.default().thresholds.get(type_)
    out: dict = {"threshold_from_dev": tau, "threshold_cross_validated": cv_tau}
    items["all"] = items["dev"] + items["test"]
    by_split["all"] = by_split["dev"] + by_split["test"]
    for split in ("dev", "test", "all"):
        out[f"{split} any"] = score(items[split], 0.0)
        out[f"{split} conf>={tau}"] = score(items[split], tau)
        if cv_tau is not None:
            out[f"{split} conf>={cv_tau} cv"] = score(items[split], cv_tau)
            clear = [(label, conf) for label, conf in items[split] if label != "difficult no"]
            out[f"{split} conf>={cv_tau} cv clear-cut"] = score(clear, cv_tau)
        out[f"{split} one coder"] = one_coder(by_split[split])
    out["errors"] = misses
    return out


def _words(text: str) -> set[str]:
    from marsad.text.normalize import clitic_forms, normalize_text

    words = set()
    for raw in normalize_text(text).replace("«", " ").replace("»", " ").split():
        raw = raw.strip('".,،:()-')
        if len(raw) < 3:
            continue
        forms = clitic_forms(raw)
        words.add(forms[-1])
    return words


def _majority(spans: list[dict], key: str) -> str:
    texts = collections.Counter(" ".join(s.get(key) or []) for s in spans if s.get(key))
    return texts.most_common(1)[0][0] if texts else ""


def agreement(run, type_: str, filename: str, want_split: str) -> dict:
    data = json.loads((GSR / filename).read_text("utf-8"))
    c: dict[str, collections.Counter] = {s: collections.Counter() for s in ("dev", "test", "all")}
    for rec in data:
        split = split_of(rec.get("_id") or rec["text"])
        if want_split != "all" and split != want_split:
            continue
        gold_src = _words(_majority(rec["spans"], "source_actor"))
        gold_tgt = _words(_majority(rec["spans"], "target_actor"))
        doc = run(rec["text"])
        events = [e for e in doc._.events if e.type == type_]
        for s in (split, "all"):
            k = c[s]
            k["sentences"] += 1
            k["detected"] += bool(events)
            if not events:
                continue
            actors = [_words(e.actor["text"]) for e in events if e.actor]
            targets = [_words(e.target["text"]) for e in events if e.target]
            if gold_src:
                k["gold_actor"] += 1
                if actors:
                    k["actor_given"] += 1
                    k["actor_agree"] += any(a & gold_src for a in actors)
                    k["actor_swapped"] += any(a & gold_tgt and not a & gold_src for a in actors)
            if gold_tgt:
                k["gold_target"] += 1
                if targets:
                    k["target_given"] += 1
                    k["target_agree"] += any(t & gold_tgt for t in targets)
    out = {}
    for s, k in c.items():
        if not k["sentences"]:
            continue
        out[s] = {
            "sentences": k["sentences"], "detected": k["detected"],
            "actor": f"{k['actor_agree']}/{k['actor_given']} agree "
                     f"({_pct(k['actor_agree'], k['actor_given'])}), given for "
                     f"{k['actor_given']}/{k['gold_actor']} with a gold actor, "
                     f"{k['actor_swapped']} swapped",
            "target": f"{k['target_agree']}/{k['target_given']} agree "
                      f"({_pct(k['target_agree'], k['target_given'])}), given for "
                      f"{k['target_given']}/{k['gold_target']} with a gold target",
        }
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("all", "dev", "test"), default="all",
                    help="for the span agreement only")
    ap.add_argument("--no-places", action="store_true", help="skip the places step (faster)")
    ap.add_argument("--errors", type=int, default=0, help="print this many misclassified")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not GSR.is_dir():
        print(f"{GSR} is absent", file=sys.stderr)
        return 1
    run = pipeline(places=not args.no_places)
    t0 = time.perf_counter()
    result = {
        "ASSAULT": detection(run, "ASSAULT", "assault_gsr.csv", args.errors),
        "PROTEST": detection(run, "PROTEST", "protest_gsr.csv", args.errors),
        "ASSAULT_spans": agreement(run, "ASSAULT", "assault_spans.json", args.split),
        "PROTEST_spans": agreement(run, "PROTEST", "protest_spans.json", args.split),
    }
    result["seconds"] = round(time.perf_counter() - t0, 1)
    for key, value in result.items():
        if isinstance(value, dict):
            for split, res in value.items():
                if not isinstance(res, (dict, list)):
                    print(f"{key:14} {split}: {res}")
                    continue
                if split == "errors":
                    for err in res:
                        print(f"  [{key}] {err[0]:13} {err[1]:9} {err[2]}")
                    continue
                print(f"{key:14} {split:5} {json.dumps(res, ensure_ascii=False)}")
    print(f"{result['seconds']} s")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
