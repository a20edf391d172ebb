"""`marsad batch` on a LocalCluster: same results as `marsad extract`, resumable, retried."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import batch_tasks
import pytest
from batch_reports import REPORTS
from conftest import write_jsonl
from typer.testing import CliRunner

from marsad.batch import BatchError, run_batch
from marsad.batch.parquet import iter_parquet_documents
from marsad.batch.results import read_documents, read_events, read_input_errors, read_records
from marsad.cli import app
from marsad.extract import extract

HAS_EVENTS = importlib.util.find_spec("marsad.events.extractor") is not None


def _tree(out: Path) -> dict[str, bytes]:
    """Every data file of an output (not markers or logs), with its content."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.parquet"))}


def _extract_jsonl(*args: str) -> list[dict]:
    """Records of single-process `marsad extract --format jsonl`."""
    result = CliRunner().invoke(app, ["extract", *args, "--format", "jsonl"])
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _check_same_records(batch: list[dict], single: list[dict]) -> None:
    assert [r["id"] for r in batch] == [r["id"] for r in single]
    for mine, theirs in zip(batch, single):
        assert mine["events"] == theirs["events"], mine["id"]  # whole event dicts
        assert mine == {**theirs, **{k: mine[k] for k in mine.keys() - theirs.keys()}}
    if HAS_EVENTS:  # once events are extracted, the comparison must not be vacuous
        assert sum(len(r["events"]) for r in batch) > 0


def test_batch_cli_finds_exactly_what_extract_finds_jsonl(client, tmp_path: Path) -> None:
    pytest.importorskip("marsad.text.readers")
    source = write_jsonl(tmp_path / "reports.jsonl", extra_lines=["{not json"])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [
        "batch", str(source), "--out", str(out), "--scheduler", client.scheduler.address,
        "--partition-size", "3", "--quiet"])
    single = _extract_jsonl(str(source))
    # the bad line is reported by both, and makes both exit 1
    assert result.exit_code == 1, result.output
    assert "reports.jsonl:11" in result.output
    _check_same_records(read_records(out), single)
    assert len(read_input_errors(out)) == 1
    assert (out / "_SUCCESS").is_file()


def test_batch_finds_exactly_what_extract_finds_directory(client, directory_input: Path,
                                                         tmp_path: Path) -> None:
    pytest.importorskip("marsad.text.readers")
    out = tmp_path / "out"
    result = run_batch([directory_input], out, scheduler=client, partition_size=4,
                       published=None, progress=False)
    assert result.failures == [] and result.partitions == 3
    _check_same_records(read_records(out), _extract_jsonl(str(directory_input)))


def test_batch_on_parquet_matches_extract_per_document(client, parquet_input: Path,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch([parquet_input], out, scheduler=client, partition_size=3, progress=False)
    assert result.ok and result.documents == len(REPORTS) and result.partitions == 4
    expected = [extract(d) for d in iter_parquet_documents(parquet_input)]
    records = read_records(out)
    assert records == expected
    events = read_events(out)
    assert events.num_rows == sum(len(r["events"]) for r in expected)
    months = {e["event_month"] for e in events.select(["event_month"]).to_pylist()}
    assert months <= {f"{y}-{m:02d}" for y in range(1990, 2030) for m in range(1, 13)} | {"unknown"}
    docs = read_documents(out)
    assert docs.column("url").to_pylist()[0] == f"https://example.org/{REPORTS[0][0]}"


def test_pipeline_is_built_once_per_worker(client, parquet_input: Path, tmp_path: Path) -> None:
    result = run_batch([parquet_input], tmp_path / "out", scheduler=client, partition_size=1,
                       progress=False)
    assert result.processed == len(REPORTS)  # 10 partitions on 2 workers
    seen: dict[tuple[int, str], set[int]] = {}
    for summary in result.summaries:
        for lang, ident in summary["pipelines"].items():
            seen.setdefault((summary["pid"], lang), set()).add(ident)
    assert seen and all(len(ids) == 1 for ids in seen.values()), seen
    assert len({pid for pid, _ in seen}) <= 2


def test_rerun_skips_finished_partitions_and_redoes_missing_ones(client, parquet_input: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch([parquet_input], out, scheduler=client, partition_size=3, progress=False)
    before = _tree(out)
    again = run_batch([parquet_input], out, scheduler=client, partition_size=3, progress=False)
    assert (again.skipped, again.processed) == (4, 0)
    assert (again.documents, again.events) == (first.documents, first.events)
    # a partition whose marker is missing (crashed after writing its files) is redone
    (out / "_markers" / "part-000002.json").unlink()
    (out / "documents" / "part-000002.parquet").unlink()
    third = run_batch([parquet_input], out, scheduler=client, partition_size=3, progress=False)
    assert (third.skipped, third.processed) == (3, 1)
    assert _tree(out) == before  # deterministic: the same bytes again
    # another plan into the same directory is refused
    with pytest.raises(BatchError, match="other inputs"):
        run_batch([parquet_input], out, scheduler=client, partition_size=2, progress=False)


def test_failed_attempt_is_retried_and_reported(client, parquet_input: Path,
                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch([parquet_input], out, scheduler=client, partition_size=5, progress=False,
                       retries=1, task=batch_tasks.fail_first_attempt)
    assert result.failures == [] and result.processed == 2
    assert len(result.retried) == 2
    assert "injected failure" in result.retried[0]
    assert result.documents == len(REPORTS)


def test_partition_failing_every_attempt_is_reported_and_redone_next_run(
        client, parquet_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch([parquet_input], out, scheduler=client, partition_size=3, progress=False,
                       retries=1, task=batch_tasks.always_fail_partition_1)
    assert [f.partition.index for f in result.failures] == [1]
    assert "disk unavailable" in str(result.failures[0]) and "rows 4-6" in str(result.failures[0])
    assert not result.ok and result.processed == 3
    assert not (out / "_SUCCESS").exists()
    assert result.documents == len(REPORTS) - 3
    again = run_batch([parquet_input], out, scheduler=client, partition_size=3, progress=False)
    assert (again.skipped, again.processed, again.failures) == (3, 1, [])
    assert again.ok and (out / "_SUCCESS").is_file()
    assert [r["id"] for r in read_records(out)] == [r[0] for r in REPORTS]


def test_cli_usage_errors_exit_2(client, parquet_input: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["batch", str(parquet_input)]).exit_code == 2  # no --out
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(parquet_input), "--out", str(busy),
                                 "--scheduler", client.scheduler.address])
    assert result.exit_code == 2 and "not empty" in result.output
    result = runner.invoke(app, ["batch", str(parquet_input), "--out", str(tmp_path / "o"),
                                 "--scheduler", client.scheduler.address, "--workers", "3"])
    assert result.exit_code == 2 and "--workers" in result.output


def test_cli_reports_missing_input_and_exits_1(client, parquet_input: Path,
                                               tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "batch", str(parquet_input), str(tmp_path / "absent.jsonl"), "--out",
        str(tmp_path / "out"), "--scheduler", client.scheduler.address, "--quiet"])
    assert result.exit_code == 1
    assert "absent.jsonl: no such file\n" in result.output
    assert f"{len(REPORTS)} documents" in result.output


def test_cli_default_local_cluster(tmp_path: Path, parquet_input: Path) -> None:
    """`--scheduler local` (the default) starts and stops its own LocalCluster."""
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(parquet_input), "--out", str(out),
                                      "--workers", "1", "--partition-size", "5"])
    assert result.exit_code == 0, result.output
    assert "marsad batch" in result.output  # the progress bar
    assert len(read_records(out)) == len(REPORTS)
    shutil.rmtree(out)
