"""`run_batch`: extract events from many documents on a Dask cluster into Parquet.

The client plans partitions (`marsad.batch.plan`), submits one task per unfinished partition
to a `dask.distributed` cluster (a `LocalCluster` on this machine by default, or an existing
scheduler by address), shows progress, and reports partitions that failed after their retries.
Workers read their own input and write their own files (`marsad.batch.worker`), so input and
output must be on a filesystem every worker sees (one machine, NFS, or the same mount path).

Output directory:
  events/event_month=YYYY-MM/part-N.parquet   hive-partitioned by the month of the event date
  documents/part-N.parquet, errors/part-N.parquet
  _batch.json        the plan: inputs, options, partitions (a re-run must match it)
  _markers/          one file per finished partition; re-runs skip those partitions
  _attempts/         one line per failed attempt of a partition (retried or not)
  _SUCCESS           written when every partition has finished
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from marsad.batch.parquet import write_text_atomic
from marsad.batch.plan import Partition, plan_fingerprint, plan_partitions
from marsad.batch.worker import cluster_store, part_name, process_partition, read_marker

FORMAT_VERSION = 1
MANIFEST = "_batch.json"
ATTEMPTS = "_attempts"
SUCCESS = "_SUCCESS"


class BatchError(Exception):
    """The batch cannot start (bad output directory, unreachable scheduler, ...)."""


@dataclass
class PartitionFailure:
    partition: Partition
    message: str

    def __str__(self) -> str:
        return f"partition {self.partition.index} ({self.partition.describe()}): {self.message}"


@dataclass
class BatchResult:
    out: Path
    partitions: int = 0
    skipped: int = 0
    processed: int = 0
    documents: int = 0
    events: int = 0
    failed_documents: int = 0
    input_errors: list[str] = field(default_factory=list)
    error_messages: list[str] = field(default_factory=list)
    error_count: int = 0
    failures: list[PartitionFailure] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    summaries: list[dict] = field(default_factory=list)
    store: dict[str, int] = field(default_factory=dict)
    clustering: dict | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.failures or self.input_errors or self.failed_documents or self.error_count)


def _attempt(task: Callable, partition: dict, out: str, options: dict) -> dict:
    """Run `task` on a partition; log a failed attempt to `_attempts/` and re-raise (to retry)."""
    try:
        return task(partition, out, options)
    except Exception as err:
        base = options.get("base")
        root = Path(out if base is None or os.path.isabs(out) else os.path.join(base, out))
        log = root / ATTEMPTS / f"{part_name(partition['index'])}.jsonl"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"error": repr(err), "pid": os.getpid(),
                                         "time": time.time()}) + "\n")
        except OSError:
            pass
        raise


def _read_attempts(out: Path, index: int) -> list[dict]:
    try:
        lines = (out / ATTEMPTS / f"{part_name(index)}.jsonl").read_text("utf-8").splitlines()
    except OSError:
        return []
    return [json.loads(line) for line in lines if line.strip()]


def _check_manifest(out: Path, manifest: dict) -> None:
    path = out / MANIFEST
    if path.exists():
        try:
            previous = json.loads(path.read_text("utf-8"))
        except ValueError:
            previous = {}
        if previous.get("plan") != manifest["plan"]:
            raise BatchError(
                f"{out} holds a batch run with other inputs, options or partition size; "
                "use another --out directory (or delete this one) to start a new run")
        return
    if out.exists() and any(out.iterdir()):
        raise BatchError(f"{out} is not empty and holds no marsad batch run; "
                         "choose an empty or new --out directory")
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(json.dumps(manifest, ensure_ascii=False, indent=1), path)


def _check_store(url: str) -> None:
    """Open (and migrate) the store once here, so a wrong URL stops the run at once."""
    from marsad.store.database import StoreError, open_store

    try:
        open_store(url).close()
    except StoreError as err:
        raise BatchError(str(err)) from None


def _client(stack: ExitStack, scheduler: Any, workers: int | None):
    """A `distributed.Client`: given, on a new LocalCluster, or connected to an address."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return scheduler
    if scheduler in (None, "", "local"):
        import dask

        # the workers' statistical profiler feeds the dashboard, which is off: save its CPU
        with (warnings.catch_warnings(),
              dask.config.set({"distributed.worker.profile.enabled": False})):
            # "Port 8787 is already in use": the scheduler's HTTP server takes a free port
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR))
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(scheduler, timeout="20s"))
    except (OSError, TimeoutError) as err:
        raise BatchError(f"cannot connect to the Dask scheduler at {scheduler}: {err}") from None


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    scheduler: Any = "local",
    workers: int | None = None,
    partition_size: int = 1000,
    published: date | None = None,
    lang: str | None = None,
    retries: int = 2,
    progress: bool = True,
    console: Any = None,
    db: str | None = None,
    task: Callable[[dict, str, dict], dict] = process_partition,
) -> BatchResult:
    """Extract every document of `inputs` into Parquet under `out` (see the module docstring).

    `scheduler` is "local" (a LocalCluster of `workers` processes, one thread each), a scheduler
    address such as "tcp://10.0.0.5:8786", or a `distributed.Client`. A partition whose task
    raises is retried `retries` times; one that still fails is reported in the result and its
    files are redone by the next run, which skips every finished partition.

    `db`: also ingest every document and its events into this store (a PostgreSQL URL for a
    team; each worker writes its partitions, duplicates are skipped by the store's unique
    document hash), then cluster the new events into incidents in one task at the end.
    """
    started = time.perf_counter()
    out = Path(out).absolute()
    partitions, input_errors = plan_partitions([str(p) for p in inputs], partition_size)
    options = {"published": published.isoformat() if published else None, "lang": lang,
               "base": os.getcwd(), "db": db}
    # the plan names the store by a hash: the manifest must not hold its password
    store_key = hashlib.sha256(db.encode("utf-8")).hexdigest()[:16] if db else None
    manifest = {
        "format": FORMAT_VERSION,
        "plan": plan_fingerprint(partitions) + ":" + json.dumps(
            {"published": options["published"], "lang": lang, "store": store_key},
            sort_keys=True),
        "inputs": [str(p) for p in inputs],
        "partition_size": partition_size,
        "partitions": [p.to_dict() for p in partitions],
    }
    if db:
        _check_store(db)
    _check_manifest(out, manifest)
    result = BatchResult(out=out, partitions=len(partitions),
                         input_errors=[str(err) for err in input_errors])

    done: dict[int, dict] = {}
    for partition in partitions:
        marker = read_marker(out, partition.index)
        if marker and marker.get("partition") == partition.to_dict():
            done[partition.index] = marker
    todo = [p for p in partitions if p.index not in done]
    result.skipped = len(done)

    if todo:
        with ExitStack() as stack:
            client = _client(stack, scheduler, workers)
            _run(client, todo, out, options, retries, task, result, progress, console,
                 skipped_units=sum(p.size for p in partitions if p.index in done),
                 total_units=sum(p.size for p in partitions))
            if db and not result.failures:
                result.clustering = client.submit(cluster_store, db, pure=False).result()
    elif db:
        with ExitStack() as stack:
            client = _client(stack, scheduler, workers)
            result.clustering = client.submit(cluster_store, db, pure=False).result()

    for partition in partitions:  # totals over the whole run, finished earlier or now
        marker = read_marker(out, partition.index)
        if marker is None or marker.get("partition") != partition.to_dict():
            continue
        done[partition.index] = marker
    for index in sorted(done):
        marker = done[index]
        for key, value in (marker.get("store") or {}).items():
            result.store[key] = result.store.get(key, 0) + value
        result.documents += marker["documents"]
        result.events += marker["events"]
        result.failed_documents += marker["failed_documents"]
        result.error_count += marker["error_count"]
        room = 20 - len(result.error_messages)
        if room > 0:
            result.error_messages.extend(marker["error_messages"][:room])
    if len(done) == len(partitions):
        write_text_atomic(json.dumps({"documents": result.documents, "events": result.events,
                                      "partitions": len(partitions)}) + "\n", out / SUCCESS)
    result.seconds = time.perf_counter() - started
    return result


def _run(client, todo: list[Partition], out: Path, options: dict, retries: int, task: Callable,
         result: BatchResult, progress: bool, console: Any, skipped_units: int,
         total_units: int) -> None:
    from distributed import as_completed
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    run_id = uuid.uuid4().hex[:8]
    futures = {}
    for partition in todo:
        future = client.submit(_attempt, task, partition.to_dict(), str(out), options,
                               key=f"marsad-batch-{run_id}-{partition.index}", retries=retries,
                               pure=False)
        futures[future] = partition

    with Progress(TextColumn("[bold]marsad batch"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("documents"), TimeElapsedColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[note]}"), console=console, disable=not progress,
                  transient=False) as bar:
        job = bar.add_task("batch", total=total_units, completed=skipped_units, note="")
        failed = 0
        for future in as_completed(futures):
            partition = futures.pop(future)
            if future.status == "finished":
                summary = future.result()
                result.processed += 1
                result.summaries.append(summary)
            attempts = _read_attempts(out, partition.index)
            if future.status != "finished":
                failed += 1
                try:
                    error = future.exception()
                except Exception as err:  # noqa: BLE001  (cancelled futures raise here)
                    error = err
                result.failures.append(PartitionFailure(
                    partition, f"failed ({len(attempts)} failed attempt(s) logged, "
                    f"{retries} retries allowed): {error!r}"))
            if attempts and future.status == "finished":
                result.retried.append(
                    f"partition {partition.index} ({partition.describe()}): succeeded after "
                    f"{len(attempts)} failed attempt(s), last {attempts[-1]['error']}")
            future.release()
            bar.update(job, advance=partition.size,
                       note=f"[red]{failed} partition(s) failed" if failed else "")
