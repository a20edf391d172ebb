"""Text layer speed: `marsad extract` start-up time, and text-layer throughput on one core.

Start-up: `python -m marsad extract ARTICLE --published 2017-11-30 --format jsonl` in a fresh
process, median of `--runs` (default 5) after one untimed-in-the-median first run (which may
build on-disk caches, reported on its own); next to `python -m marsad --version` (the import
floor of the CLI), and the steps inside one process (import spaCy, import marsad, build the
pipeline, read and extract the article). ARTICLE is the seed article of ../shared/seed/.

Throughput: the 5,778 sentences of ../shared/data/arabic_event_gsr/{assault,protest}_gsr.csv,
in file order, grouped into article-sized documents of consecutive sentences with at least
`--words` (default 600) words: about 17 sentences each (these sentences are long, 35 words
on average). Each contender runs over all documents `--repeat` times,
interleaved, and its best CPU time (`time.process_time`) counts; the process is pinned to one
CPU. Every contender sees the same documents on each pass, so tokenizer caches are warm (as in
a long run over one news vocabulary):

  spaCy blank tokenizer    `spacy.blank("ar").make_doc(text)`
  marsad tokenizer         the tuned tokenizer of marsad's pipeline (`nlp.make_doc`)
  + normaliser             `analyse(..., upto="marsad_normalizer")`
  + sentences, numbers     `analyse(..., upto="marsad_numbers")`
  text layer               `analyse(..., upto="marsad_dates")`: normaliser, sentences,
                           numbers, dates
  full pipeline            `analyse(...)` with every installed component

  python benchmarks/text_layer.py [--runs 5] [--repeat 3] [--words 600] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
GSR = SHARED / "data" / "arabic_event_gsr"
SEED = SHARED / "seed" / "000_4788a1b0a4861c0b.txt"
PUBLISHED = date(2017, 11, 30)


def gsr_sentences() -> list[str]:
    """The GSR sentences, in file order."""
    sentences: list[str] = []
    for name in ("assault_gsr.csv", "protest_gsr.csv"):
        with open(GSR / name, encoding="utf-8", newline="") as handle:
            sentences.extend(row["text"].strip() for row in csv.DictReader(handle)
                             if (row.get("text") or "").strip())
    return sentences


def gsr_articles(words: int) -> list[list[str]]:
    """Consecutive GSR sentences grouped into documents of at least `words` words (the last,
    shorter group dropped)."""
    articles: list[list[str]] = []
    current: list[str] = []
    count = 0
    for sentence in gsr_sentences():
        current.append(sentence)
        count += len(sentence.split())
        if count >= words:
            articles.append(current)
            current, count = [], 0
    return articles


def startup(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True,
                                check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"marsad {' '.join(args)} failed: {result.stderr.decode()[-500:]}")
    return times


_BREAKDOWN = """
import json, sys, time
t0 = time.perf_counter()
import spacy
t1 = time.perf_counter()
from marsad.extract import extract
from marsad.text.pipeline import get_pipeline
from marsad.text.readers import iter_documents
t2 = time.perf_counter()
get_pipeline("ar")
t3 = time.perf_counter()
document = next(iter(iter_documents([sys.argv[1]])))
extract(document)
t4 = time.perf_counter()
print(json.dumps({"import_spacy_s": t1 - t0, "import_marsad_s": t2 - t1,
                  "build_pipeline_s": t3 - t2, "read_and_extract_s": t4 - t3}))
"""


def startup_breakdown(article: Path, runs: int) -> dict[str, float]:
    """Median seconds of each start-up step, each run in a fresh process."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-c", _BREAKDOWN, str(article)],
                                capture_output=True, check=True)
        for key, value in json.loads(result.stdout).items():
            samples.setdefault(key, []).append(value)
    return {key: round(statistics.median(values), 2) for key, values in samples.items()}


def pin_to_one_cpu() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs (median)")
    parser.add_argument("--repeat", type=int, default=3, help="throughput repeats (best)")
    parser.add_argument("--words", type=int, default=600, help="words per article (at least)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    if not GSR.is_dir() or not SEED.is_file():
        sys.exit(f"skipped: {GSR} or {SEED} is absent (the benchmark reads ../shared)")

    # start-up, before pinning: a user's process may use both cores
    extract_args = ["extract", str(SEED), "--published", PUBLISHED.isoformat(), "--format",
                    "jsonl"]
    first_run = startup(extract_args, 1)[0]  # may build on-disk caches (gazetteer index)
    extract_times = startup(extract_args, args.runs)
    version_times = startup(["--version"], args.runs)
    breakdown = startup_breakdown(SEED, args.runs)

    pinning = pin_to_one_cpu()
    import spacy

    from marsad.text.pipeline import analyse, get_pipeline

    groups = gsr_articles(args.words)
    texts = [" ".join(group) for group in groups]
    words = sum(len(t.split()) for t in texts)
    blank = spacy.blank("ar")
    full = get_pipeline("ar")
    text_layer = get_pipeline("ar", "marsad_dates")
    for upto in ("marsad_normalizer", "marsad_numbers", "marsad_dates", None):  # build and warm outside timings
        analyse(texts[0], "ar", PUBLISHED, upto=upto)

    contenders = {
        "spaCy blank `ar` tokenizer": lambda t: blank.make_doc(t),
        "marsad tokenizer": lambda t: full.make_doc(t),
        "+ normaliser": lambda t: analyse(t, "ar", PUBLISHED, upto="marsad_normalizer"),
        "+ sentences, numbers": lambda t: analyse(t, "ar", PUBLISHED, upto="marsad_numbers"),
        "text layer (to marsad_dates)": lambda t: analyse(t, "ar", PUBLISHED,
                                                          upto="marsad_dates"),
        "full pipeline": lambda t: analyse(t, "ar", PUBLISHED),
    }
    seconds = {name: float("inf") for name in contenders}
    for _ in range(args.repeat):
        for name, fn in contenders.items():
            start = time.process_time()
            for text in texts:
                fn(text)
            seconds[name] = min(seconds[name], time.process_time() - start)
    floor = seconds["spaCy blank `ar` tokenizer"]
    rows = [{"contender": name, "seconds": round(secs, 3),
             "articles_per_s": round(len(texts) / secs, 1),
             "words_per_s": round(words / secs),
             "x_blank_tokenizer": round(secs / floor, 1)} for name, secs in seconds.items()]
    result = {
        "command": "python benchmarks/text_layer.py " + " ".join(argv or sys.argv[1:]),
        "startup": {
            "extract_one_article_median_s": round(statistics.median(extract_times), 2),
            "extract_runs_s": [round(t, 2) for t in extract_times],
            "extract_first_run_s": round(first_run, 2),
            "version_median_s": round(statistics.median(version_times), 2),
            "in_process_median_s": breakdown,
        },
        "corpus": {"articles": len(texts),
                   "mean_sentences": round(sum(map(len, groups)) / len(groups), 1),
                   "mean_words": round(words / len(texts)),
                   "mean_chars": round(sum(map(len, texts)) / len(texts))},
        "text_layer_components": text_layer.pipe_names,
        "full_components": full.pipe_names,
        "rows": rows,
        "cpu": pinning, "cores": os.cpu_count(), "python": platform.python_version(),
        "spacy": spacy.__version__,
    }
    s = result["startup"]
    print(f"start-up: marsad extract on one article, median of {args.runs}: "
          f"{s['extract_one_article_median_s']} s (runs {s['extract_runs_s']}, after a first "
          f"run of {s['extract_first_run_s']} s); "
          f"marsad --version {s['version_median_s']} s")
    print("  in one process (medians): " + ", ".join(f"{k} {v}" for k, v in breakdown.items()))
    c = result["corpus"]
    print(f"{c['articles']} articles, mean {c['mean_sentences']} sentences, {c['mean_words']} "
          f"words, {c['mean_chars']} chars; {pinning}")
    print(f"text layer: {text_layer.pipe_names}; full: {full.pipe_names}")
    print("| contender | s | articles/s | words/s | x blank tokenizer |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['contender']} | {row['seconds']} | {row['articles_per_s']} | "
              f"{row['words_per_s']:,} | {row['x_blank_tokenizer']} |")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return result


if __name__ == "__main__":
    main()
