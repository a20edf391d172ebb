"""Speed side by side, in one run, on the same article-sized Arabic documents.

  marsad extract      `marsad.extract.extract(document)`: the full pipeline and the record
  marsad analyse      the spaCy pipeline alone (`analyse`), without building the record dicts
  spaCy tokenizer     `spacy.blank("ar").make_doc(text)`: the floor any spaCy pipeline pays
  regex keywords      one compiled alternation of 39 conflict words, `findall` per document:
                      the no-quality baseline

Each contender runs `--repeat` times over all documents (interleaved) and its best time
counts. One process, one core; the ratios use the process's CPU time, so other load on the
machine does not skew them (the wall time is printed beside it).

  python benchmarks/speed_side_by_side.py --docs 1000 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_data import PUBLISHED, articles, corpus_stats

KEYWORDS = [
    "قتل", "مقتل", "قتلى", "قتيل", "مصرع", "غارة", "غارات", "قصف", "قصفت", "هجوم", "هجمات",
    "انفجار", "تفجير", "انتحاري", "مفخخة", "اشتباك", "اشتباكات", "جرحى", "جريح", "إصابة",
    "مصابين", "مسلحين", "مسلحون", "صاروخ", "صواريخ", "قذيفة", "قذائف", "اغتيال", "اعتقال",
    "اعتقلت", "اختطاف", "تظاهرة", "مظاهرة", "مظاهرات", "احتجاج", "احتجاجات", "متظاهرين",
    "اعتصام", "إضراب",
]


def _timed(fn, texts) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one pass."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(texts)
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    import spacy

    from marsad.document import Document
    from marsad.extract import extract
    from marsad.text.pipeline import analyse, get_pipeline

    texts = [text for _, text in articles(args.docs)]
    published = date.fromisoformat(PUBLISHED)
    docs = [Document(id=str(i), text=t, lang="ar", published=published)
            for i, t in enumerate(texts)]
    build_start = time.perf_counter()
    nlp = get_pipeline("ar")
    build = time.perf_counter() - build_start
    blank = spacy.blank("ar")
    pattern = re.compile("|".join(sorted(map(re.escape, KEYWORDS), key=len, reverse=True)))
    extract(docs[0])  # warm caches outside the timings

    contenders = {
        "marsad extract (full pipeline + record)": lambda _: [extract(d) for d in docs],
        "marsad analyse (spaCy pipeline only)": lambda ts: [analyse(t, "ar", published)
                                                           for t in ts],
        "spaCy blank tokenizer": lambda ts: [blank.make_doc(t) for t in ts],
        "regex keyword matcher": lambda ts: [pattern.findall(t) for t in ts],
    }
    # CPU time of this process is what the ratios use: other processes on the machine slow
    # the wall clock, not the work done. Best of --repeat interleaved passes.
    wall = {name: float("inf") for name in contenders}
    cpu = {name: float("inf") for name in contenders}
    for _ in range(args.repeat):  # interleaved, so drift hits every contender alike
        for name, fn in contenders.items():
            w, c = _timed(fn, texts)
            wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)
    tokenizer = cpu["spaCy blank tokenizer"]
    regex = cpu["regex keyword matcher"]
    rows = []
    for name, secs in cpu.items():
        rows.append({"contender": name, "cpu_seconds": round(secs, 3),
                     "wall_seconds": round(wall[name], 3),
                     "docs_per_cpu_s": round(len(texts) / secs, 1),
                     "x_tokenizer": round(secs / tokenizer, 2), "x_regex": round(secs / regex, 1)})
    result = {
        "command": "python benchmarks/speed_side_by_side.py " + " ".join(argv or sys.argv[1:]),
        "corpus": corpus_stats(texts), "pipeline": nlp.pipe_names,
        "pipeline_build_s": round(build, 2), "repeat": args.repeat, "rows": rows,
        "load_1min": round(os.getloadavg()[0], 2),
        "python": platform.python_version(), "spacy": spacy.__version__,
    }
    print(f"{len(texts)} documents, mean {result['corpus']['mean_words']} words; "
          f"pipeline {nlp.pipe_names} built in {build:.2f} s")
    print("| contender | CPU s | wall s | articles/s (per core) | x tokenizer | x regex |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['contender']} | {row['cpu_seconds']} | {row['wall_seconds']} | "
              f"{row['docs_per_cpu_s']} | {row['x_tokenizer']} | {row['x_regex']} |")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return result


if __name__ == "__main__":
    main()
