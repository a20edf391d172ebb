"""Batch throughput: articles/s at 1 and 2 workers, time against corpus size, memory per worker.

Input: article-sized Arabic documents (see `batch_data.py`) as JSONL in a scratch directory.
For each worker count a LocalCluster (processes, 1 thread each, loopback, no dashboard) is
started and every worker builds its pipeline first (timed apart: it is paid once per worker);
then `marsad.batch.run_batch` runs into a fresh output directory and is timed end to end
(planning, reading, extraction, Parquet writing, markers). Memory is each worker's resident
set size after the run. "1 process, no Dask" is `extract()` in a loop in this process.

  python benchmarks/batch_scaling.py --docs 2000 --workers 1,2 --repeat 3 \
      --sizes 1000,10000 [--scratch /tmp/marsad-bench] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_data import PUBLISHED, articles, write_jsonl


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _cpu_s() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def _warm() -> float:
    from marsad.document import Document
    from marsad.extract import extract

    start = time.perf_counter()
    extract(Document(id="warm", text="قصفت طائرات حربية بلدة في ريف حلب أمس", lang="ar",
                     published=date(2020, 1, 1)))
    return time.perf_counter() - start


def run_on_cluster(source: Path, workers: int, scratch: Path, partition_size: int,
                   repeat: int = 1) -> dict:
    import dask
    from distributed import Client, LocalCluster

    from marsad.batch import run_batch

    out = scratch / f"out-{source.stem}-w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    # the same cluster as `marsad batch --scheduler local` (worker profiler off)
    with (dask.config.set({"distributed.worker.profile.enabled": False}),
          LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                       host="127.0.0.1", dashboard_address=None,
                       silence_logs=logging.ERROR) as cluster,
          Client(cluster) as client):
        build = client.run(_warm)
        rss_before = client.run(_rss_mb)
        best = None
        for _ in range(repeat):  # the least disturbed run counts (shared machine)
            shutil.rmtree(out, ignore_errors=True)
            cpu_before = client.run(_cpu_s)
            load_before = os.getloadavg()[0]
            start = time.perf_counter()
            result = run_batch([source], out, scheduler=client, partition_size=partition_size,
                               progress=False)
            seconds = time.perf_counter() - start
            cpu = sum(client.run(_cpu_s).values()) - sum(cpu_before.values())
            assert result.ok and not result.failures, result
            if best is None or seconds < best[0]:
                best = (seconds, cpu, load_before, result)
        rss_after = client.run(_rss_mb)
    seconds, cpu, load_before, result = best
    shutil.rmtree(out, ignore_errors=True)
    return {
        "workers": workers, "documents": result.documents, "events": result.events,
        "seconds": round(seconds, 2), "docs_per_s": round(result.documents / seconds, 1),
        "docs_per_s_per_worker": round(result.documents / seconds / workers, 1),
        "pipeline_build_s": round(max(build.values()), 2),
        "worker_rss_mb_idle": round(max(rss_before.values())),
        "worker_rss_mb_after": round(max(rss_after.values())),
        "worker_cpu_s": round(cpu, 2),
        "docs_per_cpu_s": round(result.documents / cpu, 1),
        "partitions": result.partitions,
        "load_1min_before": round(load_before, 2),
        "runs": repeat,
    }


def single_process(count: int) -> dict:
    from marsad.document import Document
    from marsad.extract import extract

    _warm()
    published = date.fromisoformat(PUBLISHED)
    docs = [Document(id=i, text=t, lang="ar", published=published) for i, t in articles(count)]
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        extract(doc)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"workers": "1 process, no Dask", "documents": count, "seconds": round(seconds, 2),
            "docs_per_s": round(count / seconds, 1), "worker_cpu_s": round(cpu, 2),
            "docs_per_cpu_s": round(count / cpu, 1), "worker_rss_mb_after": round(_rss_mb())}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents of the worker runs")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--sizes", default="", help="corpus sizes timed at --size-workers")
    parser.add_argument("--size-workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per worker count; the fastest counts")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/marsad-bench"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.scratch.mkdir(parents=True, exist_ok=True)

    result: dict = {"command": "python benchmarks/batch_scaling.py "
                               + " ".join(argv or sys.argv[1:]),
                    "cores": os.cpu_count(), "partition_size": args.partition_size}
    source = write_jsonl(args.scratch / f"articles-{args.docs}.jsonl", args.docs)
    rows = [single_process(args.docs)]
    print(rows[-1], flush=True)
    for workers in (int(w) for w in args.workers.split(",") if w):
        rows.append(run_on_cluster(source, workers, args.scratch, args.partition_size,
                                   args.repeat))
        print(rows[-1], flush=True)
    by_workers = {r["workers"]: r for r in rows}
    if 1 in by_workers and 2 in by_workers:
        result["speedup_2_vs_1"] = round(by_workers[2]["docs_per_s"] / by_workers[1]["docs_per_s"], 2)
    result["workers"] = rows

    sizes = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        path = write_jsonl(args.scratch / f"articles-{size}.jsonl", size)
        sizes.append(run_on_cluster(path, args.size_workers, args.scratch, args.partition_size))
        print(sizes[-1], flush=True)
    result["sizes"] = sizes

    print("\n| workers | documents | wall s | articles/s | per worker | articles per CPU s "
          "| worker RSS MB (idle / after) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows + sizes:
        print(f"| {row['workers']} | {row['documents']} | {row['seconds']} | "
              f"{row['docs_per_s']} | {row.get('docs_per_s_per_worker', row['docs_per_s'])} | "
              f"{row['docs_per_cpu_s']} | "
              f"{row.get('worker_rss_mb_idle', '-')} / {row['worker_rss_mb_after']} |")
    if "speedup_2_vs_1" in result:
        print(f"\n2 workers / 1 worker: {result['speedup_2_vs_1']}x")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), "utf-8")
    return result


if __name__ == "__main__":
    main()
