"""The package installs, answers --version and prints its schema."""

import json
import subprocess
import sys

from marsad import __version__


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, text=True,
                          check=False)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"marsad {__version__}"


def test_schema_is_json_schema():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"id", "lang", "events", "places", "errors"} <= set(schema["required"])


def test_unknown_command_is_usage_error():
    assert run("no-such-command").returncode == 2
