"""Article-sized Arabic documents for the speed benchmarks, built from real news sentences.

The sentences are those of `../shared/data/arabic_event_gsr/{assault,protest}_gsr.csv`
(Asharq al-Awsat, As-Safir, Ad-Dustour; MIT, Open Event Data Alliance). An "article" is
`SENTENCES_PER_ARTICLE` consecutive sentences of a seeded shuffle: about 420 words or 2,500
characters, the size of a short wire report. Documents beyond the 5,778 sentences' worth are
new shuffles, so every document of a 100k run is a distinct text. Nothing is copied into the
project: the benchmarks write their JSONL to a scratch directory.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
GSR = SHARED / "data" / "arabic_event_gsr"
SENTENCES_PER_ARTICLE = 12
PUBLISHED = "2015-06-01"


def sentences() -> list[str]:
    """Every sentence of the two GSR files, in file order; exits cleanly if they are absent."""
    files = [GSR / "assault_gsr.csv", GSR / "protest_gsr.csv"]
    if not all(f.is_file() for f in files):
        sys.exit(f"skipped: {GSR} is absent (the benchmarks read ../shared/data)")
    found: list[str] = []
    for file in files:
        with open(file, encoding="utf-8", newline="") as handle:
            found.extend(row["text"].strip() for row in csv.DictReader(handle)
                         if (row.get("text") or "").strip())
    return found


def articles(count: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """`count` (id, text) article-sized documents, deterministic for a seed."""
    pool = sentences()
    rng = random.Random(seed)
    made, round_ = 0, 0
    while made < count:
        order = pool[:]
        rng.shuffle(order)
        for i in range(0, len(order) - SENTENCES_PER_ARTICLE + 1, SENTENCES_PER_ARTICLE):
            if made == count:
                return
            yield f"gsr-{round_}-{i // SENTENCES_PER_ARTICLE}", " ".join(
                order[i:i + SENTENCES_PER_ARTICLE])
            made += 1
        round_ += 1


def write_jsonl(path: Path, count: int, seed: int = 7) -> Path:
    """A JSONL file of `count` articles (kept if it already has that many lines)."""
    if path.is_file():
        with open(path, "rb") as handle:
            if sum(1 for _ in handle) == count:
                return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"id": doc_id, "lang": "ar", "published": PUBLISHED,
                                     "text": text}, ensure_ascii=False) + "\n" for doc_id, text in articles(count, seed))
    return path


def corpus_stats(texts: list[str]) -> dict:
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)
    return {"documents": len(texts), "mean_words": round(words / len(texts)),
            "mean_chars": round(chars / len(texts))}
