"""Errors about input that are reported in one line and never stop a batch."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names where (file, file:line or '-'), which field, and what is wrong."""

    def __init__(self, source: str, message: str, field: str | None = None) -> None:
        self.source = source
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{self.message}"
