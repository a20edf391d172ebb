"""Lenient readers of values in event JSON: a number or None, never an exception.

Event dicts come from our extractor, from stored JSON and from users' files; a figure or a
coordinate that is missing, a bool, or not a number reads as None.
"""

from __future__ import annotations

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
