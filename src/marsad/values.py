"""Lenient readers of values in event JSON: a number or a date or None, never an exception.

Event dicts come from our extractor, from stored JSON and from users' files; a figure, a
coordinate or a date that is missing, a bool, or not a number or an ISO date reads as None.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def as_int(value: Any) -> int | None:
    """`value` as an int, or None when it is None, a bool or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_float(value: Any) -> float | None:
    """`value` as a float, or None when it is None, a bool or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def as_date(value: Any) -> date | None:
    """`value` as a date (a date, or text starting YYYY-MM-DD), or None when it is neither."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
