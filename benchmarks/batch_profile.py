"""What each pipeline stage costs, two ways, on article-sized Arabic documents.

1. Cumulative runs: the documents go through the pipeline stopped after each stage in turn
   (`get_pipeline("ar", upto=stage)`); a stage's cost is the difference to the run before it.
   Stage "tokenizer" is marsad's tuned tokenizer alone (`nlp.make_doc`); "record" is the rest
   of `extract()` (language check, turning mentions into dicts).
2. cProfile of `extract()`: own time (tottime) summed per package (marsad.text, marsad.places,
   marsad.events, spacy, ...), and the most expensive functions.

  python benchmarks/batch_profile.py --docs 500 [--json out.json]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_data import PUBLISHED, articles, corpus_stats

PACKAGES = ("marsad.text", "marsad.places", "marsad.events", "marsad", "spacy", "re", "json")


def _package(filename: str) -> str:
    path = filename.replace("\\", "/")
    if "/marsad/" in path:
        part = path.split("/marsad/", 1)[1].split("/", 1)[0].removesuffix(".py")
        return f"marsad.{part}"
    if "/spacy/" in path or "/thinc/" in path or path.endswith(".pyx"):
        return "spacy"
    if path.startswith("~") or "<built-in" in path or "{" in path:
        return "builtins (re, str, dict ...)"
    return "other python"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from marsad.document import Document
    from marsad.extract import extract
    from marsad.text.pipeline import get_pipeline

    texts = [text for _, text in articles(args.docs)]
    published = date.fromisoformat(PUBLISHED)
    full = get_pipeline("ar")
    stages = list(full.pipe_names)

    def run(upto: str | None) -> float:
        nlp = get_pipeline("ar", upto) if upto else full
        start = time.perf_counter()
        for text in texts:
            doc = nlp.make_doc(text)
            doc._.published = published
            if upto is not None:
                for _, component in nlp.pipeline:
                    doc = component(doc)
        return time.perf_counter() - start

    docs = [Document(id=str(i), text=t, lang="ar", published=published)
            for i, t in enumerate(texts)]
    extract(docs[0])
    for stage in stages:
        get_pipeline("ar", stage)(texts[0])  # build every truncated pipeline first
    timings = {"tokenizer": min(run(None) for _ in range(2))}
    for stage in stages:
        timings[stage] = min(run(stage) for _ in range(2))
    start = time.perf_counter()
    for d in docs:
        extract(d)
    timings["record"] = time.perf_counter() - start

    rows, previous = [], 0.0
    total = timings["record"]
    for name, cumulative in timings.items():
        own = max(cumulative - previous, 0.0)
        rows.append({"stage": name, "ms_per_doc": round(1000 * own / len(texts), 3),
                     "share": round(own / total, 3)})
        previous = cumulative

    profile = cProfile.Profile()
    profile.enable()
    for d in docs:
        extract(d)
    profile.disable()
    stats = pstats.Stats(profile)
    by_package: dict[str, float] = {}
    functions = []
    for (filename, line, name), (_, _, tottime, cumtime, _) in stats.stats.items():
        package = _package(filename)
        by_package[package] = by_package.get(package, 0.0) + tottime
        functions.append((tottime, cumtime, f"{Path(filename).name}:{line}({name})"))
    profiled = sum(by_package.values())
    packages = sorted(({"package": k, "share": round(v / profiled, 3)}
                       for k, v in by_package.items()), key=lambda r: -r["share"])
    top = [{"function": f, "tottime_ms_per_doc": round(1000 * t / len(texts), 3),
            "cumtime_ms_per_doc": round(1000 * c / len(texts), 3)}
           for t, c, f in sorted(functions, reverse=True)[:args.top]]

    result = {"command": "python benchmarks/batch_profile.py " + " ".join(argv or sys.argv[1:]),
              "corpus": corpus_stats(texts), "pipeline": stages,
              "extract_docs_per_s": round(len(texts) / total, 1),
              "stages": rows, "packages": packages, "top_functions": top}
    print(f"{len(texts)} documents; extract() {result['extract_docs_per_s']} docs/s "
          f"({1000 * total / len(texts):.2f} ms/doc)")
    print("| stage | ms/doc | share |\n|---|---:|---:|")
    for row in rows:
        print(f"| {row['stage']} | {row['ms_per_doc']} | {row['share']:.0%} |")
    print("\nown time by package (cProfile)\n| package | share |\n|---|---:|")
    for row in packages:
        print(f"| {row['package']} | {row['share']:.0%} |")
    print("\n| function | own ms/doc | cumulative ms/doc |\n|---|---:|---:|")
    for row in top:
        print(f"| {row['function']} | {row['tottime_ms_per_doc']} | {row['cumtime_ms_per_doc']} |")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return result


if __name__ == "__main__":
    main()
