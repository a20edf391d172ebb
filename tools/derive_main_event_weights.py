"""Derive marsad's main-event weights (src/marsad/events/data/main_event.tsv) from the GSR.

Input: ../shared/data/arabic_event_gsr/{assault,protest}_gsr.csv (Open Event Data Alliance,
MIT licence), the `dev` half only (the split of benchmarks/events_gsr.py: a hash of the
sentence id). For each dev sentence, label `yes` -> 1, `easy no`/`difficult no` -> 0
(`ambiguous` left out), marsad's pipeline (without the places step, whose output the score
does not read) codes its asserted events of the type; the one with the highest rule
confidence gives the features (`Event.features`: the rule confidence, its cues, the trigger
form and the sentence's word forms). Sentences with no such event are not trained on: the
score moves confidence, it never makes an event.

Model: L2-regularised logistic regression per type (Newton's method, numpy), on features
seen in at least MIN_COUNT training sentences. The threshold line of the output is the
confidence threshold (grid 0.30..0.90) with the best F1 on the dev half scored out of fold
(FOLDS-fold cross-validation, repeated REPEATS times over shuffled folds; the mean F1 of the
repeats), since in-sample dev scores of a model trained on dev are optimistic; one split into
folds alone moves F1 by a few points. MIN_COUNT, L2 and the feature set were chosen by the
same cross-validation on dev.

  python tools/derive_main_event_weights.py [--check] [--output PATH]
  (--check: print the cross-validated dev scores, write nothing)
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
GSR = SHARED / "data" / "arabic_event_gsr"
OUTPUT = ROOT / "src" / "marsad" / "events" / "data" / "main_event.tsv"
SOURCES = {"ASSAULT": "assault_gsr.csv", "PROTEST": "protest_gsr.csv"}
MIN_COUNT = 10
L2 = 0.005
FOLDS = 5
REPEATS = 5
NEWTON_STEPS = 10
GRID = [round(0.3 + 0.05 * i, 2) for i in range(13)]

HEADER = """\
# marsad main-event weights: how likely an asserted event is the specific incident its
# sentence reports (not background, a stance, a trial, attacks in general). Logistic
# regression per event type; read by marsad.events.salience.MainEventScorer.
# Derived from the Arabic event GSR, Open Event Data Alliance, MIT
# (../shared/data/arabic_event_gsr, dev half only) by tools/derive_main_event_weights.py;
# do not edit by hand. Columns: type, feature, weight ("bias": the intercept; "w=<form>": a
# normalised word form of the sentence; "near=<form>": one within extractor.NEAR_WORDS tokens
# of the event's first trigger; "threshold": the confidence threshold with the best
# cross-validated F1 on dev, not a weight).
# lang: ar
"""


def labelled_features(type_: str, run) -> list[tuple[str, list[dict[str, float]]]]:
    """(label, features of each asserted event of `type_`) for the dev sentences."""
    from events_gsr import split_of

    with open(GSR / SOURCES[type_], encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if split_of(r["id"]) == "dev"]
    out = []
    for row in rows:
        if row["label"] == "ambiguous":
            continue
        doc = run(row["text"])
        out.append((row["label"], [e.features for e in doc._.events
                                   if e.type == type_ and e.modality == "asserted"]))
    return out


def fit(rows: list[tuple[float, dict[str, float]]]) -> dict[str, float]:
    """Logistic regression weights (feature -> weight, "bias") on (label, features) rows."""
    counts = collections.Counter(k for _, f in rows for k in f)
    vocab = sorted(k for k, c in counts.items() if c >= MIN_COUNT)
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab) + 1))
    for r, (_, feats) in enumerate(rows):
        for k, v in feats.items():
            if k in index:
                x[r, index[k]] = v
        x[r, -1] = 1.0
    y = np.array([label for label, _ in rows])
    reg = np.full(len(vocab) + 1, L2 * len(rows))
    reg[-1] = 1e-6
    w = np.zeros(len(vocab) + 1)
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg)
        w -= np.linalg.solve(hess, grad)
    weights = {k: float(w[i]) for k, i in index.items()}
    weights["bias"] = float(w[-1])
    return weights


def training_rows(data: list[tuple[str, list[dict[str, float]]]]) -> list[tuple[float, dict]]:
    return [(float(label == "yes"), max(feats, key=lambda f: f["rule"]))
            for label, feats in data if feats]


def confidence(weights: dict[str, float], feats: dict[str, float], share: float) -> float:
    z = weights["bias"] + sum(weights.get(k, 0.0) * v for k, v in feats.items())
    p = 1.0 / (1.0 + np.exp(-max(-30.0, min(30.0, z))))
    return (1 - share) * feats["rule"] + share * float(p)


def f1(items: list[tuple[str, float]], threshold: float) -> float:
    tp = sum(label == "yes" and c > 0 and c >= threshold for label, c in items)
    fp = sum(label != "yes" and c > 0 and c >= threshold for label, c in items)
    fn = sum(label == "yes" and not (c > 0 and c >= threshold) for label, c in items)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def out_of_fold(data: list[tuple[str, list[dict[str, float]]]], share: float,
                fold_of: np.ndarray) -> list[tuple[str, float]]:
    """(label, confidence) of each dev sentence from the model trained on the other folds."""
    items: list[tuple[str, float]] = [("", 0.0)] * len(data)
    for k in range(FOLDS):
        weights = fit(training_rows([d for d, fold in zip(data, fold_of) if fold != k]))
        for i, (label, feats) in enumerate(data):
            if fold_of[i] == k:
                items[i] = (label, max((confidence(weights, f, share) for f in feats),
                                       default=0.0))
    return items


def cross_validated(data: list[tuple[str, list[dict[str, float]]]],
                    share: float) -> tuple[float, float, float]:
    """(threshold, F1, F1 standard deviation over the repeats) with the best mean F1 of
    out-of-fold confidences on the dev sentences, over REPEATS shuffled fold splits."""
    rng = np.random.default_rng(0)
    repeats = [out_of_fold(data, share, rng.permutation(len(data)) % FOLDS)
               for _ in range(REPEATS)]
    scores = {t: [f1(items, t) for items in repeats] for t in GRID}
    best = max(GRID, key=lambda t: (np.mean(scores[t]), -t))
    return best, float(np.mean(scores[best])), float(np.std(scores[best]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=OUTPUT)
    ap.add_argument("--check", action="store_true", help="report only, write nothing")
    args = ap.parse_args(argv)
    if not GSR.is_dir():
        print(f"{GSR} is absent", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from events_gsr import pipeline

    from marsad.events.extractor import MAIN_EVENT_SHARE
    from marsad.events.salience import MainEventScorer

    run = pipeline(places=False)
    lines = [HEADER]
    for type_ in MainEventScorer.TYPES:
        data = labelled_features(type_, run)
        threshold, cv_f1, cv_sd = cross_validated(data, MAIN_EVENT_SHARE)
        weights = fit(training_rows(data))
        print(f"{type_}: {len(training_rows(data))} dev sentences with an event, "
              f"{len(weights) - 1} features, cross-validated dev F1 {cv_f1:.3f} "
              f"(sd {cv_sd:.3f} over {REPEATS} fold splits) at confidence >= {threshold}",
              file=sys.stderr)
        lines.append(f"{type_}\tthreshold\t{threshold}\n")
        for k in ["bias"] + sorted(k for k in weights if k != "bias"):
            if k == "bias" or round(weights[k], 3) != 0:
                lines.append(f"{type_}\t{k}\t{weights[k]:.3f}\n")
    if not args.check:
        args.output.write_text("".join(lines), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
