"""Full-pipeline throughput on article-sized documents, beside spaCy's blank tokenizer.

Documents: the sentences of ../shared/data/arabic_event_gsr/{assault,protest}_gsr.csv in file
order, grouped into documents of at least `--words` (default 600) words (real Arabic news
sentences about violence and protest, so the event step has work to do), plus the seed article.
The process is pinned to one CPU. Each contender runs over all documents `--repeat` times and
its best CPU time (`time.process_time`) counts:

  spaCy blank tokenizer      spacy.blank("ar").make_doc(text)
  pipeline without events    every marsad component up to and including marsad_places
  full pipeline              analyse(text, "ar", published): + marsad_events
  events step alone          marsad_events on docs already through the other steps

Start-up of the events step: CPU time of `EventExtractor("ar")` in a fresh process, once with
an empty lexicon cache (the lexicons are built and pickled) and once with that cache.

  python benchmarks/events_speed.py [--words 600] [--repeat 3] [--limit N] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
GSR = SHARED / "data" / "arabic_event_gsr"
SEED = SHARED / "seed" / "000_4788a1b0a4861c0b.txt"
PUBLISHED = date(2017, 11, 30)


def articles(words: int) -> list[str]:
    sentences: list[str] = []
    for name in ("assault_gsr.csv", "protest_gsr.csv"):
        with open(GSR / name, encoding="utf-8", newline="") as handle:
            sentences.extend(r["text"].strip() for r in csv.DictReader(handle) if r["text"].strip())
    docs, current, count = [], [], 0
    for s in sentences:
        current.append(s)
        count += len(s.split())
        if count >= words:
            docs.append("\n".join(current))
            current, count = [], 0
    if SEED.is_file():
        docs.append(SEED.read_text("utf-8"))
    return docs


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


STARTUP = """import time
from marsad.events.extractor import EventExtractor
t0 = time.process_time()
EventExtractor("ar")
print(time.process_time() - t0)
"""


def startup_seconds() -> tuple[float, float]:
    """CPU seconds to make the events component in a fresh process: lexicons built, then
    loaded from the cache the first run wrote."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MARSAD_CACHE": cache}
        runs = [float(subprocess.run([sys.executable, "-c", STARTUP], env=env, check=True,
                                     capture_output=True, text=True).stdout) for _ in range(2)]
    return runs[0], runs[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not GSR.is_dir():
        print(f"{GSR} is absent", file=sys.stderr)
        return 1
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import spacy

    from marsad.text.pipeline import analyse, get_pipeline

    docs = articles(args.words)
    if args.limit:
        docs = docs[: args.limit]
    n_words = sum(len(d.split()) for d in docs)
    blank = spacy.blank("ar")
    nlp = get_pipeline("ar")
    analyse(docs[0], "ar", PUBLISHED)  # load lexicons and the gazetteer before timing
    steps = [(n, c) for n, c in nlp.pipeline if n != "marsad_events"]
    events = nlp.get_pipe("marsad_events")

    def run_blank():
        for text in docs:
            blank.make_doc(text)

    def run_without_events():
        for text in docs:
            doc = nlp.make_doc(text)
            doc._.published = PUBLISHED
            for _, component in steps:
                doc = component(doc)

    def run_full():
        for text in docs:
            analyse(text, "ar", PUBLISHED)

    prepared = []
    for text in docs:
        doc = nlp.make_doc(text)
        doc._.published = PUBLISHED
        for _, component in steps:
            doc = component(doc)
        prepared.append(doc)

    def run_events():
        for doc in prepared:
            events(doc)

    n_events = sum(len(events(d)._.events) for d in prepared)
    result = {"documents": len(docs), "words": n_words,
              "words_per_document": round(n_words / len(docs)), "events": n_events,
              "python": platform.python_version(), "cpu": platform.processor() or platform.machine()}
    for name, fn in (("spaCy blank tokenizer", run_blank),
                     ("pipeline without events", run_without_events),
                     ("full pipeline", run_full), ("events step alone", run_events)):
        seconds = best_of(args.repeat, fn)
        result[name] = {"seconds": round(seconds, 3),
                        "articles_per_s": round(len(docs) / seconds, 1),
                        "words_per_s": round(n_words / seconds)}
        print(f"{name:26} {seconds:8.3f} s  {len(docs) / seconds:9.1f} articles/s  "
              f"{n_words / seconds:10.0f} words/s", flush=True)
    built, cached = startup_seconds()
    result["events start-up"] = {"built_s": round(built, 3), "cached_s": round(cached, 3)}
    print(f"{'events start-up':26} {built:8.3f} s building the lexicons, {cached:.3f} s from cache",
          flush=True)
    print(json.dumps({k: v for k, v in result.items() if not isinstance(v, dict)}))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
