"""What each pipeline stage costs, on article-sized Arabic documents.

1. Stage timer: `extract()`'s steps done one by one for every document, each timed
   (language check, marsad's tokenizer, each pipeline component, turning mentions into the
   record's dicts). One pass, no subtraction between runs, so the shares add up.
2. cProfile of `extract()`: own time summed per package, and the marsad functions with the
   most cumulative time (where to look). cProfile adds a cost to every call, so call-heavy code
   (spaCy `Token` objects made by iterating a `Doc`) looks dearer than it is: read the stage
   timer for shares, the profile for causes.

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
    from marsad.extract import detect_language, doc_mentions, extract
    from marsad.text.pipeline import get_pipeline

    texts = [text for _, text in articles(args.docs)]
    published = date.fromisoformat(PUBLISHED)
    full = get_pipeline("ar")
    stages = list(full.pipe_names)
    docs = [Document(id=str(i), text=t, lang="ar", published=published)
            for i, t in enumerate(texts)]
    extract(docs[0])

    clock = time.process_time  # CPU time: other load on the machine does not count
    spent = dict.fromkeys(["language", "tokenizer", *stages, "record"], 0.0)
    start = clock()
    for document in docs:  # what extract() does, step by step
        t0 = clock()
        lang = detect_language(document)
        t1 = clock()
        doc = full.make_doc(document.text)
        doc._.published = document.published
        t2 = clock()
        spent["language"] += t1 - t0
        spent["tokenizer"] += t2 - t1
        for name, component in full.pipeline:
            t = clock()
            doc = component(doc)
            spent[name] += clock() - t
        t = clock()
        doc_mentions(doc)
        spent["record"] += clock() - t
        assert lang == "ar"
    total = clock() - start
    rows = [{"stage": name, "ms_per_doc": round(1000 * secs / len(texts), 3),
             "share": round(secs / total, 3)} for name, secs in spent.items()]

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
        if "/marsad/" in filename and not filename.endswith(("extract.py", "pipeline.py")):
            where = filename.split("/marsad/", 1)[1]
            functions.append((cumtime, tottime, f"{where}:{line}({name})"))
    profiled = sum(by_package.values())
    packages = sorted(({"package": k, "share": round(v / profiled, 3)}
                       for k, v in by_package.items()), key=lambda r: -r["share"])
    top = [{"function": f, "tottime_ms_per_doc": round(1000 * t / len(texts), 3),
            "cumtime_ms_per_doc": round(1000 * c / len(texts), 3)}
           for c, t, f in sorted(functions, reverse=True)[:args.top]]

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
    print("\nmarsad functions by cumulative time (cProfile, inflated)")
    print("| function | own ms/doc | cumulative ms/doc |\n|---|---:|---:|")
    for row in top:
        print(f"| {row['function']} | {row['tottime_ms_per_doc']} | {row['cumtime_ms_per_doc']} |")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return result


if __name__ == "__main__":
    main()
