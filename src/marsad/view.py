"""Terminal tables for analysts: one line per event, place, quantity and date.

Arabic is reordered for display (python-bidi) so it reads right-to-left in a terminal.
"""

from __future__ import annotations

import os
from typing import Any

from bidi.algorithm import get_display
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad.text.normalize import is_arabic


def rtl(text: str | None) -> str:
    """`text` in visual order for a left-to-right terminal when it holds Arabic.

    Terminals that lay out bidirectional text themselves (set `MARSAD_BIDI=0`) get it as is.
    """
    if not text:
        return ""
    if os.environ.get("MARSAD_BIDI", "1") == "0":
        return text
    return get_display(text) if is_arabic(text) else text


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[escape(rtl(str(v))) if v is not None else "" for v in row])
    return table


def print_record_table(record: dict[str, Any], console: Console) -> None:
    """Print one extract record as tables."""
    console.print(f"[bold]{escape(str(record['id']))}[/bold]  lang={escape(str(record['lang']))}",
                  highlight=False)
    if record.get("events"):
        console.print(_table("events", ["type", "mode", "actor", "target", "places", "date",
                                        "casualties", "source", "modality", "evidence"],
                             [_event_row(e) for e in record["events"]]))
    if record.get("places"):
        console.print(_table("places", ["text", "name", "geonameid", "country", "precision"],
                             [[p["text"], p.get("name"), p.get("geonameid"), p.get("country"),
                               p.get("precision")] for p in record["places"]]))
    if record.get("quantities"):
        console.print(_table("quantities", ["text", "min", "max", "noun"],
                             [[q["text"], q["min"], q["max"], q.get("noun")]
                              for q in record["quantities"]]))
    if record.get("dates"):
        console.print(_table("dates", ["text", "start", "end", "precision"],
                             [[d["text"], d["start"], d["end"], d["precision"]]
                              for d in record["dates"]]))


def _event_row(event: dict[str, Any]) -> list[Any]:
    def name(arg: dict[str, Any] | None) -> str:
        return (arg or {}).get("name") or (arg or {}).get("text") or ""

    casualties = "; ".join(
        f"{c['kind']} {c['group']} {_range(c.get('min'), c.get('max'))}"
        for c in event.get("casualties", [])
    )
    date = event.get("date") or {}
    return [
        event["type"], event.get("mode"), name(event.get("actor")), name(event.get("target")),
        ", ".join(dict.fromkeys(p.get("name") or p.get("text", "")
                                for p in event.get("places", []))),
        date.get("start"), casualties,
        " <- ".join(a.get("name") or a.get("text", "") for a in event.get("attribution", [])),
        event.get("modality"), (event.get("evidence") or {}).get("trigger"),
    ]


def _range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "?"
    if low == high:
        return str(low)
    if high is None:
        return f"{low}+"  # at least
    return f"{'' if low is None else low}-{high}"
