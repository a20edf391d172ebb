"""Fixtures of the places tests: a small gazetteer built from our own fixture files (fast,
no world data), and the full pipeline for the case tables."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory):
    """A gazetteer of the fixture WOF files only (plus continents and regions)."""
    from marsad.places.gazetteer import Sources, build_gazetteer, derive_wof_index

    out = tmp_path_factory.mktemp("wof") / "wof_small.tsv.gz"
    derive_wof_index(FIXTURES / "wof", out)
    return build_gazetteer(Sources(wof=(out,), geonames_cities=False, countries=False,
                                   regions=True, imports=()))


@pytest.fixture(scope="session")
def nlp_ar():
    from marsad.text.pipeline import get_pipeline

    return get_pipeline("ar", upto="marsad_places")


@pytest.fixture(scope="session")
def nlp_en():
    from marsad.text.pipeline import get_pipeline

    return get_pipeline("en", upto="marsad_places")
