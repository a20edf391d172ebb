"""`marsad geocode` and `marsad gazetteer import` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()


def test_geocode_json():
    result = runner.invoke(app, ["geocode", "دير الزور", "Deir ez-Zor", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["query"] for item in data] == ["دير الزور", "Deir ez-Zor"]
    for item in data:
        assert item["candidates"][0]["geonameid"] == 170794
        assert item["candidates"][0]["country"] == "SY"


def test_geocode_table_and_limit():
    result = runner.invoke(app, ["geocode", "بغداد", "--limit", "2"])
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == "# بغداد"
    assert len(lines) == 4  # title, header, two candidates
    assert "98182" in lines[2]


def test_geocode_no_candidate():
    result = runner.invoke(app, ["geocode", "", "東京"])
    assert result.exit_code == 1
    assert result.stderr.count("no candidate") == 2


def test_geocode_usage_errors():
    assert runner.invoke(app, ["geocode", "Homs", "--country", "Syria"]).exit_code == 2
    assert runner.invoke(app, ["geocode", "Homs", "--lang", "fr"]).exit_code == 2


def test_gazetteer_import(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    result = runner.invoke(app, ["gazetteer", "import", str(FIXTURES / "geonames_XX.txt"),
                                 str(FIXTURES / "wof_record.geojson"), "--no-rebuild"])
    assert result.exit_code == 0, result.output
    assert "4 places (geonames)" in result.stdout
    assert "1 places (wof)" in result.stdout
    assert len(list((tmp_path / "places" / "imports").glob("*.tsv.gz"))) == 2


def test_gazetteer_import_bad_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    result = runner.invoke(app, ["gazetteer", "import",
                                 str(FIXTURES / "not_a_gazetteer.txt"), "--no-rebuild"])
    assert result.exit_code == 1
    assert "not_a_gazetteer.txt:1" in result.stderr
    assert "Traceback" not in result.output
