"""JSON Schemas of marsad's output, kept as data files beside this module."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def load_schema(name: str = "record") -> dict[str, Any]:
    """The JSON Schema `name` ("record" for an extract record, "event" for one event)."""
    return json.loads(files("marsad.schema").joinpath(f"{name}.schema.json").read_text("utf-8"))
