"""Speed side by side, in one run, on the same article-sized Arabic documents.

  marsad extract      `marsad.extract.extract(document)`: the full pipeline and the record
  marsad analyse      the spaCy pipeline alone (`analyse`), without building the record dicts
  spaCy tokenizer     `spacy.blank("ar").make_doc(text)`: the floor any spaCy pipeline pays
  regex keywords      one compiled alternation of 39 conflict words, `findall` per document:
                      the no-quality baseline

Each contender runs `--repeat` times over all documents (interleaved) and its best time
counts. One process, one core.

  python benchmarks/speed_side_by_side.py --docs 1000 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
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


def _best(fn, texts, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - start)
    return best


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
    seconds = {name: float("inf") for name in contenders}
    for _ in range(args.repeat):  # interleaved, so drift hits every contender alike
        for name, fn in contenders.items():
            seconds[name] = min(seconds[name], _best(fn, texts, 1))
    tokenizer = seconds["spaCy blank tokenizer"]
    regex = seconds["regex keyword matcher"]
    rows = []
    for name, secs in seconds.items():
        rows.append({"contender": name, "seconds": round(secs, 3),
                     "docs_per_s": round(len(texts) / secs, 1),
                     "x_tokenizer": round(secs / tokenizer, 2), "x_regex": round(secs / regex, 1)})
    result = {
        "command": "python benchmarks/speed_side_by_side.py " + " ".join(argv or sys.argv[1:]),
        "corpus": corpus_stats(texts), "pipeline": nlp.pipe_names,
        "pipeline_build_s": round(build, 2), "repeat": args.repeat, "rows": rows,
        "python": platform.python_version(), "spacy": spacy.__version__,
    }
    print(f"{len(texts)} documents, mean {result['corpus']['mean_words']} words; "
          f"pipeline {nlp.pipe_names} built in {build:.2f} s")
    print("| contender | s | articles/s | x tokenizer | x regex |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['contender']} | {row['seconds']} | {row['docs_per_s']} | "
              f"{row['x_tokenizer']} | {row['x_regex']} |")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return result


if __name__ == "__main__":
    main()
