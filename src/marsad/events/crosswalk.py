"""Crosswalk from PLOVER type/mode/context to ACLED event type and CAMEO code.

`Crosswalk` loads `data/crosswalk.tsv`; `lookup(type, mode, contexts, target_sector)` returns
the most specific matching row (fewest wildcards), so every event carries an ACLED
event type / sub-event type and a CAMEO code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from marsad.events.lexicon import data_text


@dataclass(frozen=True)
class Crossing:
    acled_event_type: str
    acled_sub_event_type: str
    cameo: str

    def acled(self) -> dict[str, str]:
        return {"event_type": self.acled_event_type, "sub_event_type": self.acled_sub_event_type}


@dataclass(frozen=True)
class _Row:
    type: str
    mode: str
    context: str
    target_sector: str
    crossing: Crossing

    def matches(self, type_: str, mode: str | None, contexts: Iterable[str],
                target_sector: str | None) -> bool:
        return (self.type == type_
                and self.mode in ("*", mode)
                and (self.context == "*" or self.context in contexts)
                and self.target_sector in ("*", target_sector))

    @property
    def specificity(self) -> int:
        return sum(v != "*" for v in (self.mode, self.context, self.target_sector))


class Crosswalk:
    """PLOVER -> (ACLED, CAMEO) rows."""

    def __init__(self, rows: list[_Row]):
        self.rows = rows

    @classmethod
    def from_tsv(cls, text: str) -> Crosswalk:
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        rows = []
        for rec in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"):
            rows.append(_Row(rec["type"], rec["mode"], rec["context"], rec["target_sector"],
                             Crossing(rec["acled_event_type"], rec["acled_sub_event_type"],
                                      rec["cameo"])))
        return cls(rows)

    @classmethod
    def default(cls) -> Crosswalk:
        return _default_crosswalk()

    def lookup(self, type_: str, mode: str | None = None, contexts: Iterable[str] = (),
               target_sector: str | None = None) -> Crossing | None:
        contexts = tuple(contexts)
        best = None
        for row in self.rows:
            if row.matches(type_, mode, contexts, target_sector) and (
                    best is None or row.specificity > best.specificity):
                best = row
        return best.crossing if best else None

    def types(self) -> set[str]:
        return {row.type for row in self.rows}


@lru_cache(maxsize=1)
def _default_crosswalk() -> Crosswalk:
    return Crosswalk.from_tsv(data_text("crosswalk.tsv"))
