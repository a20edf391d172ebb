"""The `marsad` command line: a thin Typer layer over the library.

Exit codes: 0 ok; 1 some documents failed (each reported on stderr, the rest processed);
2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from marsad import __version__

app = typer.Typer(
    name="marsad",
    help="Conflict-event data from Arabic and English news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped or redirected tables are as wide as a wide terminal, not Rich's 80-column default,
# so one event stays one line in a file or `less -S`; $COLUMNS still wins.
stdout = Console(soft_wrap=True, width=None if sys.stdout.isatty() or "COLUMNS" in os.environ
                 else 200)
stderr = Console(stderr=True, soft_wrap=True)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _version(value: bool) -> None:
    if value:
        print(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """marsad (مرصد): reads news reports about armed conflict and codes their events."""


def _parse_published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint="--published")


def _fail(message: str) -> None:
    """One line on stderr, no traceback."""
    from rich.markup import escape

    stderr.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True)


@app.command()
def extract(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, directories, .jsonl files, or - for stdin.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for relative dates.")
    ] = None,
    lang: Annotated[str, typer.Option(help="ar, en or auto.")] = "auto",
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Read reports and print what marsad finds in them."""
    from marsad.errors import InputError
    from marsad.extract import extract as extract_record
    from marsad.text.readers import iter_documents
    from marsad.view import print_record_table

    if lang not in ("ar", "en", "auto"):
        raise typer.BadParameter("expected ar, en or auto", param_hint="--lang")
    published_date = _parse_published(published)
    if not paths and sys.stdin.isatty():  # nothing named and nothing piped: do not hang
        raise typer.BadParameter("give files, directories, .jsonl files, or - to read a pipe",
                                 param_hint="PATHS")
    failed = False
    records = []
    for item in iter_documents(paths or ["-"], published=published_date,
                               lang=None if lang == "auto" else lang):
        if isinstance(item, InputError):
            _fail(str(item))
            failed = True
            continue
        try:
            record = extract_record(item)
        except Exception as err:  # noqa: BLE001 (one bad document never stops the batch)
            record = {"id": item.id, "lang": item.lang, "events": [], "places": [],
                      "errors": [f"{item.source or item.id}: text: analysis failed: {err!r}"]}
        for error in record["errors"]:
            _fail(error)
            failed = True
        if format is OutputFormat.jsonl:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        elif format is OutputFormat.json:
            records.append(record)
        else:
            print_record_table(record, stdout)
    if format is OutputFormat.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
    raise typer.Exit(1 if failed else 0)


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(
        help="JSONL files, Parquet files (id, text, published?, lang?, url?, title?) or "
             "directories of texts.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output directory (Parquet).")],
    scheduler: Annotated[str, typer.Option(
        help="'local' (a LocalCluster here) or a Dask scheduler address, tcp://host:8786.")
    ] = "local",
    workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes of the local cluster (default: one per core).")] = None,
    partition_size: Annotated[int, typer.Option(
        min=1, help="Documents (lines, rows or files) per partition.")] = 1000,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD where a document has none.")
    ] = None,
    lang: Annotated[str, typer.Option(help="ar, en or auto.")] = "auto",
    retries: Annotated[int, typer.Option(min=0, help="Retries of a failed partition.")] = 2,
    db: Annotated[str | None, typer.Option(
        help="Also ingest documents and events into this store (postgresql://...).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract events from many reports on a Dask cluster into partitioned Parquet."""
    from marsad.batch.cli import run_batch_command

    if lang not in ("ar", "en", "auto"):
        raise typer.BadParameter("expected ar, en or auto", param_hint="--lang")
    code = run_batch_command(inputs, out, scheduler=scheduler, workers=workers,
                             partition_size=partition_size, published=_parse_published(published),
                             lang=None if lang == "auto" else lang, retries=retries,
                             db=db, progress=not quiet, console=stderr)
    raise typer.Exit(code)


@app.command()
def geocode(
    names: Annotated[list[str], typer.Argument(help="Place names or phrases.")],
    lang: Annotated[str | None, typer.Option(help="ar or en (default: from the script).")]
    = None,
    country: Annotated[str | None, typer.Option(help="Favour this ISO country code.")] = None,
    near: Annotated[str | None, typer.Option(help="Favour places near this place.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Candidates per name.")] = 5,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Ranked gazetteer candidates for place names ("دير الزور", "ريف إدلب الجنوبي")."""
    from marsad.places.commands import geocode_command

    if lang not in (None, "ar", "en"):
        raise typer.BadParameter("expected ar or en", param_hint="--lang")
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise typer.BadParameter("expected a two-letter ISO code", param_hint="--country")
    raise typer.Exit(geocode_command(names, lang=lang, country=country, near=near, limit=limit,
                                     fmt=format.value, out=sys.stdout, err=sys.stderr))


gazetteer_app = typer.Typer(help="Build and extend the place gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build(
    from_wof: Annotated[Path | None, typer.Option(
        "--from-wof", help="Re-derive the shipped WOF index from this wof_gazetteer folder.")]
    = None,
) -> None:
    """(Re)build the cached gazetteer index."""
    from marsad.places.commands import build_command

    if from_wof is not None and not from_wof.is_dir():
        raise typer.BadParameter(f"{from_wof} is not a folder", param_hint="--from-wof")
    raise typer.Exit(build_command(from_wof, sys.stdout))


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[list[Path], typer.Argument(
        help="GeoNames dumps (XX.txt) or Who's On First GeoJSON records/folders.")],
    rebuild: Annotated[bool, typer.Option(
        help="Rebuild the cached index now (else on the next use).")] = True,
) -> None:
    """Add places from GeoNames or Who's On First files to your gazetteer."""
    from marsad.places.commands import import_command

    raise typer.Exit(import_command(files, sys.stdout, sys.stderr, rebuild=rebuild))


@gazetteer_app.command("info")
def gazetteer_info() -> None:
    """Where the gazetteer cache is and what it holds."""
    from marsad.places.commands import info_command

    raise typer.Exit(info_command(sys.stdout))


@app.command()
def schema() -> None:
    """Print the JSON Schema of `marsad extract --format jsonl` records."""
    from marsad.schema import load_schema

    print(json.dumps(load_schema(), ensure_ascii=False, indent=1))


# store and incidents: `marsad ingest`, `incidents`, `review ...`, `stats`, `export`
# (marsad.store.commands does the work)
from marsad.store.commands import DB_HELP as _DB_HELP
from marsad.store.commands import review_app as _review_app

_DbOption = Annotated[str | None, typer.Option("--db", help=_DB_HELP, envvar="MARSAD_DB")]


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files, directories, .jsonl, HTML pages, RSS/Atom feed files or URLs, or -.")],
    db: _DbOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD where a document has none.")
    ] = None,
    lang: Annotated[str, typer.Option(help="ar, en or auto.")] = "auto",
    cluster: Annotated[bool, typer.Option(
        "--cluster/--no-cluster", help="Cluster the new events into incidents.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Store reports and their events (idempotent, resumable) and cluster them into incidents."""
    from marsad.store.commands import ingest_command

    if lang not in ("ar", "en", "auto"):
        raise typer.BadParameter("expected ar, en or auto", param_hint="--lang")
    raise typer.Exit(ingest_command(paths, db=db, published=_parse_published(published),
                                    lang=None if lang == "auto" else lang, cluster=cluster,
                                    progress=not quiet))


class IncidentFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


@app.command()
def incidents(
    db: _DbOption = None,
    format: Annotated[IncidentFormat, typer.Option("--format", "-f")] = IncidentFormat.table,
    grade: Annotated[str | None, typer.Option(help="Only this grade.")] = None,
    response: Annotated[str | None, typer.Option(help="Only this belligerent response.")]
    = None,
    country: Annotated[str | None, typer.Option(help="Only this ISO country code.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name contains this.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD.")] = None,
    status: Annotated[str, typer.Option(help="active, merged, dissolved or all.")] = "active",
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Rows (table, json).")] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    cluster: Annotated[bool, typer.Option(
        "--cluster", help="First cluster events not yet in an incident.")] = False,
    recluster: Annotated[bool, typer.Option(
        "--recluster", help="First cluster everything again (analyst decisions are kept).")]
    = False,
) -> None:
    """Incidents: reports of one happening merged across outlets; jsonl gives all of them."""
    from marsad.store.commands import incidents_command

    raise typer.Exit(incidents_command(
        db=db, fmt=format.value, limit=limit, offset=offset, cluster=cluster,
        recluster=recluster, grade=grade, response=response, country=country, actor=actor,
        date_from=date_from, date_to=date_to, status=status))


app.add_typer(_review_app, name="review")


@app.command()
def stats(
    db: _DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    by: Annotated[list[str] | None, typer.Option(
        help="grade, response, period, country, belligerent (repeatable; default all).")]
    = None,
    period: Annotated[str, typer.Option(help="month or year.")] = "month",
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="Only this ISO country code.")] = None,
) -> None:
    """Incidents and deaths by grade, belligerent response, period, country and belligerent."""
    from marsad.store.commands import stats_command

    if format not in ("table", "json"):
        raise typer.BadParameter("expected table or json", param_hint="--format")
    raise typer.Exit(stats_command(db=db, fmt=format, by=by, period=period,
                                   date_from=date_from, date_to=date_to, country=country))


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    geojson = "geojson"
    acled = "acled"
    plover = "plover"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output file, or - for stdout.")]
    = "-",
    db: _DbOption = None,
    grade: Annotated[str | None, typer.Option(help="Only this grade.")] = None,
    response: Annotated[str | None, typer.Option(help="Only this belligerent response.")]
    = None,
    country: Annotated[str | None, typer.Option(help="Only this ISO country code.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD.")] = None,
) -> None:
    """Export incidents: jsonl, csv, parquet, geojson, acled (ACLED columns), plover (JSONL)."""
    from marsad.store.commands import export_command

    if format is ExportFormat.parquet and out == "-" and sys.stdout.isatty():
        raise typer.BadParameter("Parquet is binary: give --out FILE", param_hint="--out")
    raise typer.Exit(export_command(db=db, fmt=format.value, out_path=out, grade=grade,
                                    response=response, country=country, date_from=date_from,
                                    date_to=date_to))


# web app: `marsad serve`, `marsad users ...`, `marsad tokens ...` (marsad.web.cli)
from marsad.web.cli import serve as _serve
from marsad.web.cli import tokens_app, users_app

app.command(name="serve")(_serve)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")


def main() -> None:
    """Console-script entry point: usage errors exit 2, bad input exits 1, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
