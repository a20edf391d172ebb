"""The UniversalPetrarch supplement: credited, derived by the conversion tool, and consistent
with the curated lexicon where both name an actor."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pycountry

from marsad.events.actors import load_supplement
from marsad.events.lexicon import data_text, load_data, phrase_key

ROOT = Path(__file__).resolve().parents[2]
SECTORS = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR",
           "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL",
           "SOC", "IGO"}


def test_supplement_is_credited_and_well_formed():
    text = data_text("actors_upetrarch.tsv")
    assert "UniversalPetrarch" in text and "MIT" in text
    rows = load_supplement()
    assert len(rows) > 1000
    codes = {c.alpha_2 for c in pycountry.countries} | {"PS", "XK"}
    for row in rows:
        assert row["sector"] in SECTORS, row
        assert row["country"] is None or row["country"] in codes, row


def test_curated_and_supplement_agree():
    supplement = {phrase_key(e["ar"][0], "ar"): e for e in load_supplement()}
    armed = {"REB", "PRM", "UAF", "MIL", "OPP"}
    both = agree = 0
    for actor in load_data("actors.yaml")["actors"]:
        for alias in actor.get("ar") or []:
            other = supplement.get(phrase_key(alias, "ar"))
            if other is None:
                continue
            both += 1
            same = other["sector"] == actor["sector"] or {other["sector"], actor["sector"]} <= armed
            agree += same and (other["country"] in (None, actor.get("country")) or
                               actor.get("country") is None)
    assert both >= 20
    assert agree / both >= 0.85, (agree, both)


def test_supplement_is_what_the_tool_writes(shared, tmp_path):
    out = tmp_path / "actors_upetrarch.tsv"
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "convert_upetrarch_actors.py"),
                             "--output", str(out)], capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8") == data_text("actors_upetrarch.tsv")
