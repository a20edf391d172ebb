"""The lenient value readers shared by the store, the clusterer and the Parquet tables."""

from datetime import date, datetime

import pytest

from marsad.values import as_date, as_float, as_int


@pytest.mark.parametrize(("value", "expected"), [
    ("2017-11-30", date(2017, 11, 30)),
    ("2017-11-30T08:15:00+03:00", date(2017, 11, 30)),
    (date(2020, 2, 29), date(2020, 2, 29)),
    ("2017-13-01", None),
    ("2017-11", None),
    ("", None),
    (None, None),
    (20171130, None),
    (True, None),
])
def test_as_date(value, expected):
    assert as_date(value) == expected


def test_as_date_keeps_a_datetime():
    moment = datetime(2017, 11, 30, 8, 15)
    assert as_date(moment) is moment


@pytest.mark.parametrize(("value", "integer", "real"), [
    ("12", 12, 12.0), (3.0, 3, 3.0), (True, None, None), ("twelve", None, None), (None, None, None),
])
def test_as_int_and_as_float(value, integer, real):
    assert as_int(value) == integer
    assert as_float(value) == real
