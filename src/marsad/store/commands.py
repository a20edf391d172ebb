"""The store's commands: `marsad ingest`, `incidents`, `review ...`, `stats`, `export`.

Each `*_command` function does the work through the library and returns the exit code
(0 ok; 1 some input or document failed, each reported in one line; 2 usage error or the store
cannot be opened). `review_app` is the `marsad review` Typer group. `marsad.cli` only
declares the options and calls these.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:  # SQLAlchemy loads only when a store command runs
    from marsad.store.database import Store


DB_HELP = "Store URL (sqlite:///file.db or postgresql://user:pw@host/db); default $MARSAD_DB " \
          "or sqlite:///marsad.db."


def _consoles(out: Any = None, err: Any = None) -> tuple[Console, Console]:
    return (Console(file=out or sys.stdout, soft_wrap=True),
            Console(file=err or sys.stderr, soft_wrap=True, stderr=err is None))


def error_line(console: Console, message: str) -> None:
    console.print(f"[red]error:[/red] {escape(message)}", highlight=False)


class CommandError(Exception):
    """Stop a command with a one-line error and an exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def opened(db: str | None) -> Iterator[Store]:
    from marsad.store.database import StoreError, open_store

    try:
        store = open_store(db)
    except StoreError as err:
        raise CommandError(str(err), 2) from None
    try:
        yield store
    finally:
        store.close()


def who_default() -> str:
    """The analyst's name: $MARSAD_USER, else the login name."""
    name = os.environ.get("MARSAD_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _run(fn, err: Console) -> int:
    from marsad.incidents.assessment import AssessmentError
    from marsad.store.exports import ExportError
    from marsad.store.queries import QueryError

    try:
        return fn()
    except CommandError as problem:
        error_line(err, str(problem))
        return problem.code
    except (QueryError, ExportError, ValueError) as problem:
        error_line(err, str(problem))
        return 2 if not isinstance(problem, AssessmentError) else 1


# --------------------------------------------------------------------------- ingest


def ingest_command(paths: list[str], *, db: str | None = None, published: date | None = None,
                   lang: str | None = None, cluster: bool = True, progress: bool = True,
                   out: Any = None, err: Any = None) -> int:
    """Ingest paths into the store; print every problem and a summary line."""
    from marsad.store.ingest import ingest

    _stdout, stderr = _consoles(out, err)

    def work() -> int:
        with opened(db) as store:
            report = ingest(store, paths, published=published, lang=lang, cluster=cluster,
                            progress=progress and stderr.is_terminal,
                            on_error=lambda message: error_line(stderr, message))
            from marsad.store.database import redact

            stderr.print(f"{report.summary()} -> {escape(redact(store.url))}", highlight=False)
        return 0 if report.ok else 1

    return _run(work, stderr)


# --------------------------------------------------------------------------- incidents


def _range_text(value: dict[str, Any] | None) -> str:
    if not value or value.get("min") is None:
        return ""
    low, high = value["min"], value["max"]
    return str(low) if low == high else f"{low}-{high}"


def incidents_table(items: list[dict[str, Any]], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False)
    for column in ("id", "date", "place", "type", "actor", "docs", "killed", "civilians",
                   "grade", "response"):
        table.add_column(column, overflow="fold")
    for item in items:
        date_ = item["date"]["start"] or ""
        if item["date"]["end"] and item["date"]["end"] != date_:
            date_ += f"..{item['date']['end']}"
        place = item["place"]["name"] or ""
        if item["place"]["country"]:
            place += f" ({item['place']['country']})"
        table.add_row(str(item["id"]), date_, place, f"{item['type'] or ''} {item['mode'] or ''}",
                      item["actor"]["name"] or "", str(item["n_documents"]),
                      _range_text(item["killed"]), _range_text(item["civilians_killed"]),
                      item["grade"], item["response"])
    return table


def incidents_command(*, db: str | None = None, fmt: str = "table", limit: int = 50,
                      offset: int = 0, order: str = "date", cluster: bool = False,
                      recluster: bool = False, who: str | None = None, out: Any = None,
                      err: Any = None, **filters: Any) -> int:
    """List incidents (table, json) or stream them all (jsonl: one line per incident).

    `cluster` first clusters events not yet in an incident (after an interrupted ingest or
    `ingest --no-cluster`); `recluster` clusters everything again, keeping analyst decisions.
    """
    from marsad.store import queries

    stdout, stderr = _consoles(out, err)

    def work() -> int:
        with opened(db) as store:
            if recluster:
                report = queries.recluster(store, who=who or who_default())
                stderr.print(f"re-clustered: {report.summary()}", highlight=False)
            elif cluster:
                report = queries.cluster_pending(store)
                stderr.print(f"clustered: {report.summary()}", highlight=False)
            with store.session() as session:
                pending = queries.overview(session)["unclustered_events"]
                if pending:
                    stderr.print(f"note: {pending} events are not in an incident yet "
                                 "(marsad incidents --cluster)", highlight=False)
                if fmt == "jsonl":
                    stream = out or sys.stdout
                    for record in queries.iter_incident_records(session, **filters):
                        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                    return 0
                page = queries.list_incidents(session, order=order, limit=limit,
                                              offset=offset, **filters)
            if fmt == "json":
                (out or sys.stdout).write(json.dumps(page, ensure_ascii=False, indent=1) + "\n")
                return 0
            shown = f"{page['offset'] + 1}-{page['offset'] + len(page['items'])}" if (
                page["items"]) else "0"
            stdout.print(incidents_table(page["items"],
                                         title=f"incidents {shown} of {page['total']}"))
        return 0

    return _run(work, stderr)


# --------------------------------------------------------------------------- stats


def stats_table(result: dict[str, Any]) -> list[Table]:
    totals = result["totals"]
    head = Table(title="incidents", show_header=False)
    head.add_column("what")
    head.add_column("value", justify="right")
    store = result["store"]
    confirmed = totals["confirmed"]
    for label, value in (
        ("documents (reports) stored", store["documents"]),
        ("events", store["events"]),
        ("events not yet in an incident", store["unclustered_events"]),
        ("incidents", totals["incidents"]),
        ("  reports they rest on", totals["documents"]),
        ("  assessed (graded)", totals["assessed"]),
        ("  still under assessment (unassessed)", totals["under_assessment"]),
        ("  belligerent response pending", totals["response_pending"]),
        ("  confirmed", confirmed["incidents"]),
        ("civilian deaths, all incidents (min-max)",
         f"{totals['civilians_killed_min']}-{totals['civilians_killed_max']}"),
        ("civilian deaths, confirmed incidents",
         f"{confirmed['civilians_killed_min']}-{confirmed['civilians_killed_max']}"),
        ("deaths conceded by belligerents",
         f"{totals['conceded_min']}-{totals['conceded_max']}"),
    ):
        head.add_row(label, str(value))
    tables = [head]
    for dimension, rows in result["by"].items():
        table = Table(title=f"by {dimension}")
        for column, justify in (("", "left"), ("incidents", "right"), ("reports", "right"),
                                ("killed", "right"), ("civilians killed", "right"),
                                ("conceded", "right")):
            table.add_column(column, justify=justify)
        for row in rows:
            table.add_row(str(row["key"]), str(row["incidents"]), str(row["documents"]),
                          f"{row['killed_min']}-{row['killed_max']}",
                          f"{row['civilians_killed_min']}-{row['civilians_killed_max']}",
                          f"{row['conceded_min']}-{row['conceded_max']}")
        tables.append(table)
    return tables


def stats_command(*, db: str | None = None, fmt: str = "table", by: list[str] | None = None,
                  period: str = "month", date_from: str | None = None,
                  date_to: str | None = None, country: str | None = None, out: Any = None,
                  err: Any = None) -> int:
    from marsad.incidents.stats import DIMENSIONS, stats

    stdout, stderr = _consoles(out, err)

    def work() -> int:
        with opened(db) as store, store.session() as session:
            result = stats(session, by=tuple(by or DIMENSIONS), period=period,
                           date_from=date_from, date_to=date_to, country=country)
        if fmt == "json":
            (out or sys.stdout).write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        else:
            for table in stats_table(result):
                stdout.print(table)
        return 0

    return _run(work, stderr)


# --------------------------------------------------------------------------- export


def export_command(*, db: str | None = None, fmt: str, out_path: str = "-",
                   err: Any = None, **filters: Any) -> int:
    from marsad.store.exports import export_incidents

    _, stderr = _consoles(None, err)

    def work() -> int:
        with opened(db) as store, store.session() as session:
            n = export_incidents(session, fmt, out_path, **filters)
        if out_path != "-":
            stderr.print(f"{n} incidents -> {escape(out_path)} ({fmt})", highlight=False)
        return 0

    return _run(work, stderr)


# --------------------------------------------------------------------------- review

review_app = typer.Typer(
    help="Review incidents: list those awaiting assessment, show one, assess, merge, split.",
    invoke_without_command=True, no_args_is_help=False)

DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP, envvar="MARSAD_DB")]
WhoOption = Annotated[str | None, typer.Option(
    "--who", help="Your name for the audit log (default $MARSAD_USER or your login).")]
WhyOption = Annotated[str | None, typer.Option("--why", help="Why, for the audit log.")]


def _exit(code: int) -> None:
    raise typer.Exit(code)


@review_app.callback()
def review_list(
    ctx: typer.Context,
    db: DbOption = None,
    grade: Annotated[str, typer.Option(help="Grade to list ('all' for every incident).")]
    = "unassessed",
    response: Annotated[str | None, typer.Option(help="Belligerent response to list.")]
    = None,
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 30,
    offset: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """Without a subcommand: incidents awaiting assessment, best-sourced first."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    _exit(incidents_command(db=db, fmt="table", limit=limit, offset=offset, order="documents",
                            grade=None if grade == "all" else grade, response=response,
                            country=country))


def _db(ctx: typer.Context, db: str | None) -> str | None:
    return db or (ctx.obj or {}).get("db")


def show_incident(record: dict[str, Any], console: Console) -> None:
    summary = incidents_table([record], title=f"incident {record['id']} ({record['status']})")
    console.print(summary)
    assessment = record.get("assessment") or {}
    console.print(
        f"grade [bold]{record['grade']}[/bold], response [bold]{record['response']}[/bold]"
        + (f", conceded {_range_text(record['conceded'])}" if record.get("conceded") else "")
        + (f", duplicate of {record['duplicate_of']}" if record.get("duplicate_of") else "")
        + (f" (by {escape(assessment['updated_by'])} {assessment['updated_at']})"
           if assessment.get("updated_by") else ""), highlight=False)
    if assessment.get("notes"):
        console.print(f"notes: {escape(assessment['notes'])}", highlight=False)
    if record.get("separate_from"):
        console.print(f"kept apart from incidents {record['separate_from']}", highlight=False)
    figures = Table(title="casualty figures per source")
    for column in ("kind", "group", "range", "source", "outlet", "figure"):
        figures.add_column(column, overflow="fold")
    for figure in record["casualties"]:
        span = _range_text(figure) + ("+" if figure.get("open") else "")
        for i, source in enumerate(figure["sources"]):
            own = _range_text(source) + ("+" if source.get("open") else "")
            figures.add_row(figure["kind"] if i == 0 else "", figure["group"] if i == 0 else "",
                            span if i == 0 else "", str(source["doc_id"]),
                            source.get("outlet") or "", own)
    console.print(figures)
    members = Table(title="members")
    for column in ("event", "document", "outlet", "lang", "added by", "rule", "score",
                   "locked"):
        members.add_column(column, overflow="fold")
    for m in record["members"]:
        members.add_row(str(m["event_id"]), str(m["doc_id"]), m.get("outlet") or "",
                        m.get("lang") or "", m["added_by"], m.get("rule") or "",
                        "" if m.get("score") is None else f"{m['score']:.2f}",
                        "yes" if m.get("locked") else "")
    console.print(members)
    if record.get("history"):
        history = Table(title="audit log")
        for column in ("at", "who", "action", "why", "before", "after"):
            history.add_column(column, overflow="fold")
        for row in record["history"]:
            history.add_row(row["at"], row["who"], row["action"], row["why"] or "",
                            json.dumps(row["before"], ensure_ascii=False, default=str),
                            json.dumps(row["after"], ensure_ascii=False, default=str))
        console.print(history)


@review_app.command("show")
def review_show(
    ctx: typer.Context,
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """One incident: sources and their figures, members with merge rules, audit log."""
    from marsad.store import queries

    stdout, stderr = _consoles()

    def work() -> int:
        with opened(_db(ctx, db)) as store, store.session() as session:
            record = queries.get_incident(session, incident)
        if record is None:
            raise CommandError(f"no incident {incident}", 1)
        if format == "json":
            print(json.dumps(record, ensure_ascii=False, indent=1, default=str))
        else:
            show_incident(record, stdout)
        return 0

    _exit(_run(work, stderr))


def _act(ctx: typer.Context, db: str | None, action) -> int:
    from marsad.incidents.assessment import AssessmentError

    _, stderr = _consoles()

    def work() -> int:
        with opened(_db(ctx, db)) as store:
            try:
                with store.session() as session:
                    message = action(session)
            except AssessmentError as problem:
                raise CommandError(str(problem), 1) from None
        stderr.print(message, highlight=False)
        return 0

    return _run(work, stderr)


@review_app.command("assess")
def review_assess(
    ctx: typer.Context,
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    grade: Annotated[str | None, typer.Option(
        help="unassessed, confirmed, fair, weak, contested or discounted.")] = None,
    response: Annotated[str | None, typer.Option(
        help="'not yet assessed', credible, non-credible or duplicate.")] = None,
    conceded_min: Annotated[int | None, typer.Option(
        min=0, help="Deaths the belligerent concedes, at least.")] = None,
    conceded_max: Annotated[int | None, typer.Option(
        min=0, help="Deaths the belligerent concedes, at most.")] = None,
    duplicate_of: Annotated[int | None, typer.Option(
        help="The incident this one duplicates (response 'duplicate').")] = None,
    notes: Annotated[str | None, typer.Option(help="Assessment notes.")] = None,
    why: WhyOption = None,
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """Grade an incident and/or record the belligerent's response (logged)."""
    from marsad.incidents.assessment import assess

    changes = {k: v for k, v in (("grade", grade), ("response", response),
                                 ("conceded_min", conceded_min),
                                 ("conceded_max", conceded_max),
                                 ("duplicate_of", duplicate_of), ("notes", notes))
               if v is not None}
    if not changes:
        raise typer.BadParameter("give at least one of --grade, --response, --conceded-min, "
                                 "--conceded-max, --duplicate-of, --notes")

    def action(session) -> str:
        result = assess(session, incident, who=who or who_default(), why=why, **changes)
        if not result["changed"]:
            return f"incident {incident}: nothing changed"
        diff = ", ".join(f"{k}: {result['before'][k]} -> {result['after'][k]}"
                         for k in result["after"])
        return f"incident {incident}: {diff}"

    _exit(_act(ctx, db, action))


@review_app.command("merge")
def review_merge(
    ctx: typer.Context,
    target: Annotated[int, typer.Argument(help="The incident to keep.")],
    sources: Annotated[list[int], typer.Argument(help="Incidents to merge into it.")],
    why: WhyOption = None,
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """Merge incidents into TARGET (logged; re-clustering keeps it)."""
    from marsad.incidents.assessment import merge_incidents

    def action(session) -> str:
        result = merge_incidents(session, target, sources, who=who or who_default(), why=why)
        return (f"merged {', '.join(map(str, result['merged']))} into {target}: "
                f"{len(result['members'])} events")

    _exit(_act(ctx, db, action))


@review_app.command("split")
def review_split(
    ctx: typer.Context,
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    event: Annotated[list[int] | None, typer.Option(
        "--event", "-e", help="Event id to move to the new incident (repeatable).")] = None,
    document: Annotated[list[int] | None, typer.Option(
        "--document", "-d", help="Store document id whose events move (repeatable).")] = None,
    why: WhyOption = None,
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """Split events (or documents) off an incident into a new one (logged; kept apart)."""
    from marsad.incidents.assessment import split_incident

    if not event and not document:
        raise typer.BadParameter("give --event or --document")

    def action(session) -> str:
        result = split_incident(session, incident, event_ids=event or [],
                                document_ids=document or [], who=who or who_default(), why=why)
        return (f"split {len(result['moved'])} events off incident {incident} into new "
                f"incident {result['new_incident']}")

    _exit(_act(ctx, db, action))


@review_app.command("log")
def review_log(
    ctx: typer.Context,
    incident: Annotated[int | None, typer.Argument(help="Incident id (default: all).")]
    = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    db: DbOption = None,
) -> None:
    """The audit log, newest first."""
    from marsad.store import queries

    stdout, stderr = _consoles()

    def work() -> int:
        with opened(_db(ctx, db)) as store, store.session() as session:
            rows = queries.audit_log(session, incident_id=incident, limit=limit)
        if format == "jsonl":
            for row in rows:
                print(json.dumps(row, ensure_ascii=False, default=str))
            return 0
        table = Table(title="audit log")
        for column in ("at", "who", "action", "incident", "why", "before", "after"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(row["at"], row["who"], row["action"], str(row["incident_id"] or ""),
                          row["why"] or "",
                          json.dumps(row["before"], ensure_ascii=False, default=str),
                          json.dumps(row["after"], ensure_ascii=False, default=str))
        stdout.print(table)
        return 0

    _exit(_run(work, stderr))
