"""`marsad batch`: run the batch and report it on the console; returns the exit code."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console
from rich.markup import escape

from marsad.batch.runner import BatchError, run_batch


def run_batch_command(inputs: list[str], out: str, *, scheduler: str = "local",
                      workers: int | None = None, partition_size: int = 1000,
                      published: date | None = None, lang: str | None = None, retries: int = 2,
                      db: str | None = None, progress: bool = True, console: Any = None) -> int:
    """Run `run_batch` and print a summary; 0 ok, 1 something failed, 2 the run could not start."""
    console = console or Console(stderr=True, soft_wrap=True)

    def error(message: str) -> None:
        console.print(f"[red]error:[/red] {escape(message)}", highlight=False)

    if workers is not None and scheduler not in ("", "local"):
        error("--workers sets the size of the local cluster; with --scheduler ADDRESS the "
              "cluster's own workers run the batch")
        return 2
    try:
        result = run_batch(inputs, out, scheduler=scheduler, workers=workers,
                           partition_size=partition_size, published=published, lang=lang,
                           retries=retries, db=db, progress=progress, console=console)
    except BatchError as err:
        error(str(err))
        return 2

    for message in result.input_errors:
        error(message)
    for message in result.error_messages:
        error(message)
    if result.error_count > len(result.error_messages):
        console.print(f"... {result.error_count - len(result.error_messages)} more errors in "
                      f"{escape(str(result.out / 'errors'))}", highlight=False)
    for note in result.retried:
        console.print(f"[yellow]retried:[/yellow] {escape(note)}", highlight=False)
    for failure in result.failures:
        error(str(failure))
    console.print(
        f"{result.documents} documents, {result.events} events, {result.error_count} errors; "
        f"{result.partitions} partitions ({result.processed} run, {result.skipped} already done, "
        f"{len(result.failures)} failed) in {result.seconds:.1f} s -> {escape(str(result.out))}",
        highlight=False)
    if result.store:
        console.print("store: " + ", ".join(f"{v} {k.replace('_', ' ')}"
                                            for k, v in result.store.items()), highlight=False)
    if result.clustering:
        console.print("incidents: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in
                                                result.clustering.items()), highlight=False)
    if result.failures:
        console.print("re-run the same command to redo the failed partitions", highlight=False)
    return 0 if result.ok else 1
