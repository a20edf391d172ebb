"""Partition tasks that fail on purpose, to test retries and failure reports.

They run in worker processes, so they keep their state in files under the output directory.
"""

from __future__ import annotations

from pathlib import Path

from marsad.batch.worker import process_partition


def fail_first_attempt(partition: dict, out: str, options: dict) -> dict:
    """Fails the first attempt of every partition, then works."""
    flag = Path(out) / "_test_flags" / f"{partition['index']}"
    if not flag.exists():
        flag.parent.mkdir(parents=True, exist_ok=True)
        flag.touch()
        raise RuntimeError(f"injected failure in partition {partition['index']}")
    return process_partition(partition, out, options)


def always_fail_partition_1(partition: dict, out: str, options: dict) -> dict:
    """Partition 1 always fails; the others work."""
    if partition["index"] == 1:
        raise OSError("injected: disk unavailable")
    return process_partition(partition, out, options)


def ingest_writer(url: str, paths: list[str], barrier, results, cluster: bool) -> None:
    """One independent ingest process: open the store, wait for the others, ingest `paths`
    (and cluster the new events into incidents if `cluster`, as `marsad ingest` does).

    Puts ("ok", counts) or ("error", repr) on `results`.
    """
    try:
        from marsad.store.database import open_store
        from marsad.store.ingest import ingest

        store = open_store(url)
        barrier.wait(timeout=120)
        report = ingest(store, paths, cluster=cluster)
        store.close()
        results.put(("ok", report.counts()))
    except BaseException as err:  # noqa: BLE001  (reported to the test process)
        results.put(("error", repr(err)))
