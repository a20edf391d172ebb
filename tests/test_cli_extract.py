"""`marsad extract`: inputs, output formats, and bad input reported in one line each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text"
AR = (FIXTURES / "ar_utf8.txt").read_text("utf-8")
EN = (FIXTURES / "en_utf8.txt").read_text("utf-8")
FR = "Cinq civils ont été tués lundi dans un bombardement près du marché, selon un élu local."


def cli(*args: str, input: str | bytes | None = None):
    result = CliRunner().invoke(app, ["extract", *args], input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result


def run(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    """`python -m marsad extract ...` in a fresh process."""
    return subprocess.run([sys.executable, "-m", "marsad", "extract", *args], input=input,
                          capture_output=True, timeout=300, check=False)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in lines(stdout)]


def mention_texts(record: dict) -> list[str]:
    return [m["text"] for key in ("quantities", "dates", "places") for m in record.get(key, [])
            if m.get("text")]


# ----------------------------------------------------------------------------- inputs

def test_one_file_table():
    result = cli(str(FIXTURES / "ar_utf8.txt"), "--published", "2017-11-30")
    assert result.exit_code == 0, result.output
    assert "ar_utf8" in result.stdout and "lang=ar" in result.stdout
    assert result.stderr == ""


def test_piped_table_keeps_one_event_per_line():
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    result = subprocess.run([sys.executable, "-m", "marsad", "extract",
                             str(FIXTURES / "ar_utf8.txt"), "--published", "2017-11-30"],
                            capture_output=True, text=True, env=env, timeout=300, check=True)
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ ")]
    events = [line for line in rows if line.split("│")[1].strip() in ("ASSAULT", "THREATEN")]
    assert events, result.stdout
    # each event row carries its modality: nothing wrapped onto a second line
    assert all(line.split("│")[9].strip() for line in events), result.stdout


def test_many_files_jsonl_in_order():
    result = cli(str(FIXTURES / "en_utf8.txt"), str(FIXTURES / "ar_utf8.txt"),
                 str(FIXTURES / "ar_utf16.txt"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    out = records(result.stdout)
    assert [(r["id"], r["lang"]) for r in out] == [("en_utf8", "en"), ("ar_utf8", "ar"),
                                                  ("ar_utf16", "ar")]
    for record in out:
        assert {"id", "lang", "events", "places", "errors"} <= set(record)
        assert record["errors"] == []


def test_directory_json(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(EN, "utf-8")
    (tmp_path / "a.txt").write_text(AR, "utf-8")
    (tmp_path / "skip.csv").write_text("a,b\n", "utf-8")
    result = cli(str(tmp_path), "--format", "json", "--published", "2017-11-30")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [(r["id"], r["lang"], r["published"]) for r in out] == [
        ("a", "ar", "2017-11-30"), ("b", "en", "2017-11-30")]


def test_stdin_in_process():
    result = cli("-", "--format", "jsonl", "--lang", "ar", input=AR.encode("utf-8"))
    assert result.exit_code == 0, result.output
    (record,) = records(result.stdout)
    assert (record["id"], record["lang"]) == ("stdin", "ar")


def test_windows_1256_arabic_file_reads_correctly(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(AR.encode("cp1256"))
    result = cli(str(path), "--format", "json", "--published", "2017-11-30")
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["lang"] == "ar" and record["errors"] == []
    # every span the pipeline found is text of the original report
    for text in mention_texts(record):
        assert text in AR


def test_html_page(tmp_path):
    result = cli(str(FIXTURES / "page_ar_cp1256.html"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    (record,) = records(result.stdout)
    assert record["lang"] == "ar"
    assert record["title"] == "قصف مدفعي على سوق في الميادين"
    assert record["url"] == "https://news.example.org/ar/2017/11/30/mayadin"
    assert record["published"] == "2017-11-30"


# ----------------------------------------------------------------------------- bad input

def test_jsonl_with_one_malformed_line_in_process():
    path = FIXTURES / "reports.jsonl"
    result = cli(str(path), "--format", "jsonl")
    assert result.exit_code == 1
    assert [r["id"] for r in records(result.stdout)] == ["r-ar", "r-en", "reports-5"]
    (error,) = lines(result.stderr)
    assert error.startswith(f"error: {path}:3: malformed JSON (")


def test_jsonl_with_one_malformed_line_subprocess(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = [{"id": f"doc-{i}", "text": AR if i % 2 else EN} for i in range(1, 6)]
    text = [json.dumps(r, ensure_ascii=False) for r in good]
    text.insert(3, '{"id": "doc-x", "text": "قصف على البلدة"')  # line 4: unterminated
    path.write_text("\n".join(text) + "\n", "utf-8")
    result = run(str(path), "--format", "jsonl", "--published", "2017-11-30")
    assert result.returncode == 1
    out = records(result.stdout.decode("utf-8"))
    assert [r["id"] for r in out] == [f"doc-{i}" for i in range(1, 6)]
    stderr = lines(result.stderr.decode("utf-8"))
    assert len(stderr) == 1, stderr
    assert f"{path}:4" in stderr[0] and "malformed JSON" in stderr[0]


def test_empty_binary_and_50_mb_files_subprocess(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    huge = tmp_path / "huge.txt"
    chunk = (AR * 200).encode("utf-8")
    with huge.open("wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    good = tmp_path / "good.txt"
    good.write_text(EN, "utf-8")
    result = run(str(empty), str(binary), str(huge), str(good), "--format", "jsonl")
    assert result.returncode == 1
    stderr = result.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert lines(stderr) == [
        f"error: {empty}: empty file",
        f"error: {binary}: binary file, not text",
        f"error: {huge}: file too large (50 MB > 20 MB limit)",
    ]
    assert [r["id"] for r in records(result.stdout.decode("utf-8"))] == ["good"]


def test_stdin_subprocess():
    result = run("-", "--format", "jsonl", input=AR.encode("cp1256"))
    assert result.returncode == 0, result.stderr
    (record,) = records(result.stdout.decode("utf-8"))
    assert (record["id"], record["lang"]) == ("stdin", "ar")


def test_unsupported_language_is_reported_and_the_rest_output(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "ar", "text": AR},
        {"id": "fr", "text": FR},
        {"id": "fa", "text": "گزارش‌ها حاکی از آن است که پنج غیرنظامی در حمله هوایی کشته شدند."},
        {"id": "tagged", "text": EN, "lang": "de"},
        {"id": "en", "text": EN},
    ]) + "\n", "utf-8")
    result = cli(str(path), "--format", "jsonl")
    assert result.exit_code == 1
    out = records(result.stdout)
    assert [(r["id"], r["lang"]) for r in out] == [
        ("ar", "ar"), ("fr", "und"), ("fa", "fa"), ("tagged", "de"), ("en", "en")]
    errors = lines(result.stderr)
    assert len(errors) == 3
    for error, (line, code) in zip(errors, [(2, "und"), (3, "fa"), (4, "de")], strict=True):
        assert f"{path}:{line}" in error and f"unsupported language '{code}'" in error
    assert out[1]["errors"] and not out[0]["errors"]


def test_missing_file_is_reported_and_the_rest_output(tmp_path):
    missing = tmp_path / "nope.txt"
    result = cli(str(missing), str(FIXTURES / "en_utf8.txt"), "--format", "jsonl")
    assert result.exit_code == 1
    assert lines(result.stderr) == [f"error: {missing}: no such file"]
    assert [r["id"] for r in records(result.stdout)] == ["en_utf8"]


def test_error_text_is_printed_literally(tmp_path):
    # brackets in a file name are not console markup
    missing = tmp_path / "[/bold] [red]x.txt"
    result = cli(str(missing))
    assert result.exit_code == 1
    assert lines(result.stderr) == [f"error: {missing}: no such file"]


def test_only_bad_input_gives_an_empty_json_list(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli(str(empty), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("args", [["--lang", "fr"], ["--published", "30/11/2017"],
                                  ["--format", "xml"]])
def test_usage_errors_exit_2(args):
    result = CliRunner().invoke(app, ["extract", str(FIXTURES / "en_utf8.txt"), *args])
    assert result.exit_code == 2


def test_table_output_prints_brackets_literally(tmp_path):
    path = tmp_path / "brackets.jsonl"
    path.write_text(json.dumps({"id": "[/bold] x", "text": EN}) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0 and "[/bold] x" in result.stdout
