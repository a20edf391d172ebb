"""Where marsad keeps what it builds once and reads at every start (the gazetteer index, the
event lexicons): `$MARSAD_CACHE`, else `~/.cache/marsad`, one sub-folder per kind."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder(kind: str) -> Path:
    """The cache sub-folder for `kind` ("places", "events"); not created here."""
    base = os.environ.get("MARSAD_CACHE")
    return (Path(base) if base else Path.home() / ".cache" / "marsad") / kind
