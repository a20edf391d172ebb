"""Gazetteer build time, warm load time, and `marsad geocode` start time and resident memory.

    python benchmarks/places_speed.py [--runs 5]

Each measurement runs in a fresh process (so nothing is cached in memory) with MARSAD_CACHE
pointing at a temporary folder: the build fills it, the later runs find it. Times are wall
clock, median of the runs; memory is the child's peak resident set (ru_maxrss).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MARSAD_CACHE": cache}
        py = sys.executable
        build = run([py, "-c", ("from marsad.places.gazetteer import load_gazetteer; "
                     "load_gazetteer(rebuild=True)")], env)
        loads, geocodes, rss, extract, lib, lib_rss = [], [], [], [], [], []
        for _ in range(args.runs):
            loads.append(run([py, "-c", ("from marsad.places.gazetteer import load_gazetteer; "
                              "g = load_gazetteer(); g.search('دير الزور')")], env)[0])
            t, mem, code = run([py, "-m", "marsad", "geocode", "دير الزور", "Deir ez-Zor"], env)
            if code != 0:
                print(f"geocode failed with exit code {code}", file=sys.stderr)
                return 1
            geocodes.append(t)
            rss.append(mem)
            t, mem, _ = run([py, "-c", ("import sys; from marsad.places.commands import "
                             "geocode_command as g; g(['دير الزور', 'Deir ez-Zor'], lang=None, "
                             "country=None, near=None, limit=5, fmt='table', out=sys.stdout, "
                             "err=sys.stderr)")], env)
            lib.append(t)
            lib_rss.append(mem)
            extract.append(run([py, "-c", ("from marsad.text.pipeline import analyse; "
                                "analyse('قصفت الطائرات مدينتي دير الزور والبوكمال', 'ar', "
                                "upto='marsad_places')")], env)[0])
        from marsad.places.gazetteer import load_gazetteer

        os.environ["MARSAD_CACHE"] = cache
        index = load_gazetteer()
        size = sum(os.path.getsize(os.path.join(cache, "places", f))
                   for f in os.listdir(os.path.join(cache, "places")) if f.endswith(".idx"))
    print(f"index: {len(index)} entries, {index.key_count} names, cache file {size / 1e6:.1f} MB")
    print("| measure | value |")
    print("|---|---:|")
    print(f"| build the index (cold, one run) | {build[0]:.1f} s, peak {build[1]:.0f} MB |")
    print(f"| open the cached index (fresh process, median of {args.runs}) | "
          f"{statistics.median(loads):.2f} s |")
    print(f"| `marsad geocode دير الزور Deir ez-Zor` warm start, wall | "
          f"{statistics.median(geocodes):.2f} s |")
    print(f"| `marsad geocode` peak resident memory | {max(rss):.0f} MB |")
    print(f"| the same geocode without the CLI's other imports (`marsad.places.commands`) | "
          f"{statistics.median(lib):.2f} s, peak {max(lib_rss):.0f} MB |")
    print(f"| one-sentence `analyse(..., upto='marsad_places')` in a fresh process | "
          f"{statistics.median(extract):.2f} s |")
    throughput()
    return 0


def throughput() -> None:
    """The places component alone on the Arabic GSR sentences (text layer run beforehand)."""
    import csv
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "shared" / "data" / "arabic_event_gsr"
    texts = []
    for name in ("assault_gsr.csv", "protest_gsr.csv"):
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts += [row["text"] for row in csv.DictReader(fh)]
    if not texts:
        return
    from marsad.text.pipeline import get_pipeline

    nlp = get_pipeline("ar", upto="marsad_places")
    component = dict(nlp.pipeline)["marsad_places"]
    docs = [nlp.make_doc(t) for t in texts]
    for name, proc in nlp.pipeline:
        if name == "marsad_places":
            break
        docs = [proc(d) for d in docs]
    component(docs[0])  # load the index
    t0 = time.perf_counter()
    places = sum(len(component(d)._.places) for d in docs)
    elapsed = time.perf_counter() - t0
    words = sum(len(d) for d in docs)
    print(f"| places component alone, {len(docs)} GSR sentences ({words} tokens, {places} "
          f"places) | {elapsed:.1f} s: {len(docs) / elapsed:.0f} sentences/s, "
          f"{words / elapsed:,.0f} tokens/s |")


if __name__ == "__main__":
    raise SystemExit(main())
