"""`marsad users`, `marsad tokens` and `marsad serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_users_add_list_roles_and_errors(db_url):
    added = run("users", "add", "nadia", "--role", "analyst", "--password-stdin",
                "--db", db_url, stdin="a long passphrase\n")
    assert added.exit_code == 0, added.output
    assert "added analyst nadia" in added.output
    listed = run("users", "list", "--db", db_url)
    assert "nadia\tanalyst\tactive" in listed.output
    assert "vera\tviewer\tactive" in listed.output
    again = run("users", "add", "nadia", "--role", "viewer", "--password-stdin", "--db",
                db_url, stdin="another passphrase\n")
    assert again.exit_code == 1 and "already exists" in again.output
    bad_role = run("users", "add", "x", "--role", "boss", "--no-password", "--db", db_url)
    assert bad_role.exit_code == 2 and "role must be one of" in bad_role.output
    short = run("users", "add", "y", "--password-stdin", "--db", db_url, stdin="123\n")
    assert short.exit_code == 1 and "at least 8" in short.output
    assert run("users", "set-role", "nadia", "admin", "--db", db_url).exit_code == 0
    assert "nadia\tadmin" in run("users", "list", "--db", db_url).output
    assert run("users", "disable", "nadia", "--db", db_url).exit_code == 0
    assert "nadia\tadmin\tdisabled" in run("users", "list", "--db", db_url).output
    assert run("users", "set-role", "ghost", "viewer", "--db", db_url).exit_code == 1


def test_tokens_add_list_revoke(db_url, make_app):
    from fastapi.testclient import TestClient

    made = run("tokens", "add", "vera", "--name", "reader", "--db", db_url)
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("msd_")
    client = TestClient(make_app())
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/incidents", headers=headers).status_code == 200
    listed = run("tokens", "list", "--db", db_url).output
    assert "vera" in listed and "reader" in listed and secret not in listed
    token_id = listed.split("\t", 1)[0]
    assert run("tokens", "revoke", token_id, "--db", db_url).exit_code == 0
    assert client.get("/api/incidents", headers=headers).status_code == 401
    assert run("tokens", "add", "ghost", "--db", db_url).exit_code == 1


def test_serve_answers_on_loopback(db_url):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", db_url, "--port", str(port),
         "--public"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        body = None
        for _ in range(150):  # bounded: at most ~30 s
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/incidents",
                                            timeout=2) as response:
                    body = json.loads(response.read())
                    break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.2)
        assert body is not None, process.stderr.read().decode() if process.poll() else ""
        assert body["total"] == 6
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_reports_a_bad_store_clearly(tmp_path):
    result = run("serve", "--db", f"sqlite:///{tmp_path}/missing/x.db")
    assert result.exit_code == 1
    assert "does not exist" in result.output
