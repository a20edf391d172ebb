"""Shared fixtures: where ../shared is, and the seed article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder; tests that need it are skipped where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    return SHARED


@pytest.fixture(scope="session")
def seed(shared: Path) -> dict:
    """The seed article's text and expectations from ../shared/seed/."""
    import json

    folder = shared / "seed"
    text_path = folder / "000_4788a1b0a4861c0b.txt"
    if not text_path.is_file():
        pytest.skip("seed article is absent")
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    return {"path": text_path, "text": text_path.read_text("utf-8"), "expected": expected}
