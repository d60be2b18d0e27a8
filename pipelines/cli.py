"""The `bottlenecks` command line: refresh, query, status, export, describe, changes.

One convention for every command: `--format table|csv|json` where it prints data (table for a
person, rounded by unit; csv/json for scripts, full precision), `--quiet` (errors only),
`--verbose` (details and library logs), examples in every `--help`, `bottlenecks --version`.
"""

import json
import sys
from pathlib import Path

import click
import duckdb
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from warehouse.columns import format_cell
from pipelines.terminal import group_stale, quiet_libraries
from sources.settings import load_settings
from warehouse import db

EXAMPLES_TOP = """\b
Examples:
  bottlenecks refresh --offline
  bottlenecks status
  bottlenecks query "select name, memory_gb, bandwidth_tbps from gpus" --format csv
  bottlenecks tables
  bottlenecks describe replica_cost
  bottlenecks changes --since 2026-11-01
  bottlenecks export
"""

# Piped output (scripts, logs, CI) is not wrapped at 80 columns: paths in messages stay whole.
err = Console(stderr=True, width=None if sys.stderr.isatty() else 200)
out = Console(width=None if sys.stdout.isatty() else 200)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)


class _Commands(click.Group):
    """Every command ends in `error: ...` and a non-zero exit on bad input or a broken environment,
    never in a traceback (a home that is a file, a lock path that is a directory, a bad setting)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except (OSError, ValueError, RuntimeError, duckdb.Error) as exc:
            _fail(f"{type(exc).__name__}: {exc}" if not isinstance(exc, db.WarehouseCorruptError) else str(exc))


_flags = {"quiet": False, "verbose": False}


def _set_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _flags[param.name] = True
        if param.name == "verbose":
            quiet_libraries(verbose=True)


def output_options(fn):
    """--quiet and --verbose, on every command (and on the group)."""
    fn = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_flag,
                      help="Print errors only.")(fn)
    return click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_flag,
                        help="Print details, and the libraries' own log lines.")(fn)


def format_option(choices=("table", "csv", "json")):
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default="table", show_default=True,
                        help="table for reading (numbers rounded by unit); csv or json for scripts (full precision).")


def _say(*args, **kwargs) -> None:
    """Print for a person, unless --quiet."""
    if not _flags["quiet"]:
        out.print(*args, **kwargs)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("inference-bottlenecks")
    except PackageNotFoundError:
        return "unknown (not installed)"


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES_TOP)
@click.version_option(_version(), "--version", prog_name="bottlenecks", message="%(prog)s %(version)s")
@output_options
def main() -> None:
    """Tracking warehouse for the hardware bottlenecks of AI inference.

    Data lives in $BOTTLENECKS_HOME (default ./data): the DuckDB warehouse
    warehouse.duckdb, the raw snapshot store raw/ and Dagster's instance dagster/.
    """
    quiet_libraries(verbose=_flags["verbose"])


@main.command()
@click.option("--offline", is_flag=True, help="Touch no network: replay stored snapshots for live sources.")
@click.option("--select", "select", metavar="SELECTION", help='Dagster asset selection, e.g. "key:reference/gpus+" or "group:marts".')
@click.option("--rebuild", is_flag=True, help="Rebuild the warehouse from the raw snapshot store alone (no fetching).")
@format_option()
@output_options
def refresh(offline: bool, select: str | None, rebuild: bool, fmt: str) -> None:
    """Fetch sources, load new versions, and rebuild the marts.

    Prints a summary: assets materialized, new versions, stale sources grouped by host and
    reason (each source's full reason with --verbose, and in `bottlenecks status`).

    \b
    Examples:
      bottlenecks refresh                          # everything; unreachable sources keep their data
      bottlenecks refresh --offline                # no network: replay stored snapshots
      bottlenecks refresh --select "+key:replica_cost"
      bottlenecks refresh --format json | jq '.stale_sources | length'
    """
    import os

    if offline:
        os.environ["BOTTLENECKS_OFFLINE"] = "1"
    settings = load_settings()
    if rebuild:
        _rebuild(settings)
        return

    from pipelines.refresh import InstanceError, SelectionError, resolve_selection, run_refresh

    try:
        keys = resolve_selection(select)
    except SelectionError as exc:
        _fail(str(exc), 2)
    names = {"__".join(k.path): k.to_user_string() for k in keys}
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True,
                  disable=_flags["quiet"] or fmt != "table" or not err.is_terminal) as progress:
        task = progress.add_task("refreshing", total=len(keys))

        def on_step(step_key: str, event: str) -> None:
            name = names.get(step_key, step_key)
            if event == "start":
                progress.update(task, description=f"materializing {name}")
            elif event in ("success", "failure", "skipped"):
                progress.advance(task)
                if event == "failure" and not _flags["quiet"]:
                    progress.console.print(f"[red]✗[/] {name} failed")

        try:
            summary = run_refresh(settings, keys, on_step)
        except (db.WarehouseBusyError, InstanceError) as exc:
            _fail(str(exc))
    if fmt == "table":
        _print_summary(summary, settings)
    else:
        _emit_records(fmt, [o.__dict__ for o in summary.outcomes], {
            "run_id": summary.run_id, "warehouse": str(settings.warehouse_path), "ok": summary.ok,
            "new_versions": summary.new_versions, "outcomes": [o.__dict__ for o in summary.outcomes],
            "stale_sources": summary.stale_sources, "warnings": summary.warnings, "failed_checks": summary.failed_checks,
        })
    for o in summary.outcomes:
        if o.status == "failed":
            # The error names the source itself (source, file or URL, row, column).
            err.print(f"[bold red]failed:[/] {o.error}", highlight=False, soft_wrap=True)
    for check in summary.failed_checks:
        err.print(f"[bold red]check failed:[/] {check}", highlight=False, soft_wrap=True)
    if not summary.ok:
        sys.exit(1)


def _print_summary(summary, settings) -> None:
    verbose = _flags["verbose"]
    shown = [o for o in summary.outcomes if verbose or o.status != "materialized"]
    _say(f"refresh {summary.run_id[:8]} → {settings.warehouse_path}", highlight=False, soft_wrap=True)
    if shown:
        table = Table()
        for col in ("asset", "status", "rows", "new versions", "note"):
            table.add_column(col, justify="right" if col in ("rows", "new versions") else "left")
        style = {"materialized": "green", "failed": "bold red", "skipped": "yellow"}
        for o in shown:
            table.add_row(
                o.asset, f"[{style[o.status]}]{o.status}[/]", "" if o.rows is None else str(o.rows),
                "" if o.new_versions is None else str(o.new_versions),
                "see error below" if o.status == "failed" else (o.error or ""),
            )
        _say(table)
    done = sum(o.status == "materialized" for o in summary.outcomes)
    _say(f"{done}/{len(summary.outcomes)} assets materialized, {summary.new_versions} new versions.")
    if summary.stale_sources:
        # Unreachable or offline: the last good data stays current; not a failure.
        how = "" if verbose else "; each reason: bottlenecks status, or refresh --verbose"
        _say(f"[yellow]stale:[/] {len(summary.stale_sources)} sources kept their last good data (by host and reason{how}):",
             highlight=False, soft_wrap=True)
        for host, reason, count in group_stale(summary.stale_sources):
            _say(f"  {count:>3}  {host}  {reason}", highlight=False, soft_wrap=True)
        if verbose:
            for stale in summary.stale_sources:
                _say(f"[yellow]stale:[/] {stale['source_id']}: {stale['reason']}", highlight=False, soft_wrap=True)
    # the stale block above already says why: one line names the assets not serving current data
    current = [w for w in summary.warnings if ":sources_current:" in w]
    if current and not verbose:
        assets = sorted(w.split(":sources_current:")[0] for w in current)
        _say(f"[yellow]check warning:[/] sources_current fails on {len(assets)} assets: {', '.join(assets)}",
             highlight=False, soft_wrap=True)
    for warning in summary.warnings if verbose else [w for w in summary.warnings if w not in current]:
        _say(f"[yellow]check warning:[/] {warning}", highlight=False, soft_wrap=True)


def _json_default(value):
    """Decimals as JSON numbers; dates and other values as text."""
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else str(value)


def _emit_records(fmt: str, rows: list[dict], payload) -> None:
    """csv: the rows, one per line; json: the whole payload."""
    if fmt == "csv":

        sys.stdout.write(pl.DataFrame(rows, infer_schema_length=None).write_csv() if rows else "")
    else:
        sys.stdout.write(json.dumps(payload, default=_json_default, indent=2, ensure_ascii=False) + "\n")


def _rebuild(settings) -> None:
    from warehouse.rebuild import RebuildError, rebuild

    try:
        report = rebuild(settings)
    except (RebuildError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    _say(
        f"rebuilt {settings.warehouse_path} from {report.fetches} logged fetches "
        f"({report.loaded} snapshots loaded); marts: "
        + ", ".join(f"{m} ({n} rows)" for m, n in report.marts.items())
    )
    for problem in report.failed:
        _say(f"[yellow]snapshot not loadable (as when first fetched):[/] {problem}", highlight=False)
    for problem in report.unreadable_log_lines:
        _say(f"[yellow]unreadable fetch-log line skipped:[/] {problem}", highlight=False, soft_wrap=True)
    for problem in report.skipped_refused:
        _say(f"[yellow]skipped a body refused when it was fetched:[/] {problem}", highlight=False, soft_wrap=True)
    if report.skipped_unknown_sources:
        _say(f"[yellow]skipped fetches of sources no longer registered:[/] {sorted(set(report.skipped_unknown_sources))}")


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--dry-run", is_flag=True, help="Print the command and DAGSTER_HOME instead of starting the UI.")
@click.argument("dagster_args", nargs=-1, type=click.UNPROCESSED)
@output_options
def ui(dry_run: bool, dagster_args: tuple[str, ...]) -> None:
    """Start the Dagster UI and daemon (`dagster dev`) on the warehouse's own instance.

    DAGSTER_HOME defaults to $BOTTLENECKS_HOME/dagster, the instance `bottlenecks refresh`
    records its runs in, so the UI shows every CLI run and its materializations, and the
    schedules' runs land in the same history. Extra arguments go to `dagster dev`.

    \b
    Examples:
      bottlenecks ui                 # UI at http://127.0.0.1:3000
      bottlenecks ui -- --port 3001
    """
    import os
    import shutil

    from pipelines.refresh import InstanceError, prepare_dagster_home

    settings = load_settings()
    try:
        home = prepare_dagster_home(settings)
    except InstanceError as exc:
        _fail(str(exc))
    dagster = shutil.which("dagster", path=str(Path(sys.executable).parent)) or shutil.which("dagster")
    if dagster is None:
        _fail("the dagster command is not installed in this environment (pip install dagster-webserver)")
    command = [dagster, "dev", "-m", "pipelines.definitions", *dagster_args]
    if dry_run:
        out.print(f"DAGSTER_HOME={home} {' '.join(command)}", highlight=False, soft_wrap=True)
        return
    os.execve(dagster, command, {**os.environ, "DAGSTER_HOME": str(home), "BOTTLENECKS_HOME": str(settings.home)})


@main.command()
@click.argument("sql_text", metavar="SQL", required=False)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read the SQL from a file.")
@format_option()
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1), default=300, show_default=True,
              help="Interrupt the query after this many seconds (Ctrl-C interrupts it too).")
@output_options
def query(sql_text: str | None, file: Path | None, fmt: str, timeout_s: float) -> None:
    """Run one read-only SQL statement against the warehouse: select (with, from, describe, show,
    summarize), explain or an informational pragma; no files, URLs, ATTACH, COPY or extensions.

    Table output rounds numbers by the unit in the column name (`_pct` points and `_frac` /
    `_share` fractions as percentages, `_usd` to cents); csv and json keep full precision.

    \b
    Examples:
      bottlenecks query "select name, memory_gb, bandwidth_tbps from gpus order by bandwidth_tbps"
      bottlenecks query "select * from investment_list" --format csv > investment_list.csv
      bottlenecks query --file sql/queries/bandwidth_per_watt.sql --format json
    """
    from warehouse.readonly import QueryRefused, QueryTimeout, run_query

    if (sql_text is None) == (file is None):
        _fail("give either SQL or --file, not both or neither", 2)
    text = file.read_text(encoding="utf-8") if file else sql_text
    settings = load_settings()
    try:
        with db.reader(settings) as con:
            frame = run_query(con, text, timeout_s)
    except QueryRefused as exc:
        _fail(f"query refused: {exc}", 2)
    except QueryTimeout as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("query interrupted (Ctrl-C)", 130)
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    except duckdb.Error as exc:
        _fail(f"query failed: {exc}")
    _emit_frame(frame, fmt)
    if fmt == "table":
        _say(f"{frame.height} rows")


def _emit_frame(frame, fmt: str, title: str | None = None) -> None:
    """A frame as csv, json (full precision) or a table rounded by unit."""
    if fmt == "csv":
        # lists and structs have no CSV form: each such cell is written as its JSON
        nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
        for name in nested:
            frame = frame.with_columns(pl.Series(name, [None if v is None else json.dumps(v, default=_json_default,
                                                                                          ensure_ascii=False)
                                                        for v in frame[name].to_list()], dtype=pl.Utf8))
        sys.stdout.write(frame.write_csv())
    elif fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), default=_json_default, indent=2, ensure_ascii=False) + "\n")
    else:
        table = Table(show_lines=False, title=title, title_justify="left")
        cells = [[format_cell(name, v) for name, v in zip(frame.columns, row, strict=True)] for row in frame.iter_rows()]
        for i, (name, dtype) in enumerate(frame.schema.items()):
            if dtype.is_numeric():  # numbers are short once rounded: never broken over lines
                table.add_column(name, no_wrap=True, justify="right")
            else:  # text is folded, but a column keeps room for its header and short values
                widest = max([len(name)] + [len(r[i]) for r in cells[:200]])
                table.add_column(name, overflow="fold", min_width=min(widest, 14))
        for row in cells:
            table.add_row(*row)
        out.print(table)


@main.command()
@format_option()
@output_options
def status(fmt: str) -> None:
    """Per source and mart: last fetch, last change, freshness.

    Opens with a one-line summary (sources by freshness, marts built); then every source with
    its freshness and the full reason it is not fresh, and every mart's last build.

    \b
    Examples:
      bottlenecks status
      bottlenecks status --format json | jq '.sources[] | select(.freshness != "fresh")'
      bottlenecks status --format csv > sources.csv
    """
    from pipelines.status import mart_status, source_status, summary_line

    settings = load_settings()
    try:
        with db.reader(settings) as con:
            sources = source_status(con, db.utcnow())
            marts = mart_status(con)
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    if fmt == "json":
        payload = {"warehouse": str(settings.warehouse_path), "summary": summary_line(sources, marts),
                   "sources": sources.to_dicts(), "marts": marts.to_dicts()}
        sys.stdout.write(json.dumps(payload, default=_json_default, indent=2) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(sources.write_csv())
        return
    _say(summary_line(sources, marts), highlight=False, soft_wrap=True)
    table = Table(title=f"sources ({settings.warehouse_path})", title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("freshness", no_wrap=True)
    for col in ("last fetch (UTC)", "last good load", "last change"):
        table.add_column(col, no_wrap=True)
    table.add_column("entities", justify="right")
    table.add_column("why not fresh", overflow="fold")
    colour = {"fresh": "green", "stale": "yellow", "empty": "yellow", "failed": "bold red", "never loaded": "yellow"}
    for r in sources.iter_rows(named=True):
        table.add_row(
            r["source_id"], f"[{colour.get(r['freshness'], 'bold red')}]{r['freshness']}[/]", _ts(r["last_fetch_at"]),
            _ts(r["last_good_fetch_at"]), _ts(r["last_change_at"]), str(r["current_entities"] or 0),
            r["stale_reason"] or r["last_error"] or "",
        )
    _say(table)
    mtable = Table(title="marts", title_justify="left")
    for col in ("mart", "last built (UTC)", "rows", "builds"):
        mtable.add_column(col, no_wrap=True)
    for r in marts.iter_rows(named=True):
        mtable.add_row(r["mart"], _ts(r["last_built_at"]), str(r["rows"]), str(r["builds"]))
    _say(mtable)


_OBJECTS_SQL = """
    select t.table_name as name, case when t.table_name in (select unnest($marts)) then 'mart' else 'table' end as kind,
           t.estimated_size as rows, t.comment as description
    from duckdb_tables() as t where t.schema_name = 'main' and not t.internal
    union all
    select v.view_name, 'view', null, v.comment from duckdb_views() as v where v.schema_name = 'main' and not v.internal
    order by kind, name
"""


def _objects(con):
    from warehouse.marts import MARTS

    return con.sql(_OBJECTS_SQL, params={"marts": list(MARTS)}).pl()


@main.command()
@click.option("--all", "show_all", is_flag=True, help="Also list views and the warehouse's own tables (not only marts).")
@format_option()
@output_options
def tables(show_all: bool, fmt: str) -> None:
    """The warehouse's marts (and with --all its views and tables): rows and what each holds.

    \b
    Examples:
      bottlenecks tables
      bottlenecks tables --all --format csv
    """

    settings = load_settings()
    try:
        with db.reader(settings) as con:
            frame = _objects(con)
            if not show_all:
                frame = frame.filter(pl.col("kind") == "mart")
            counts = {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in frame.filter(pl.col("kind") != "view")["name"]}
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    frame = frame.with_columns(pl.col("name").replace_strict(counts, default=None, return_dtype=pl.Int64).alias("rows"))
    if fmt != "table":
        _emit_frame(frame, fmt)
        return
    short = frame.with_columns(pl.col("description").fill_null("").str.split(". ").list.first().alias("description"))
    _emit_frame(short.select("name", "kind", "rows", "description"), fmt)
    _say(f"{frame.height} {'objects' if show_all else 'marts'}; `bottlenecks describe TABLE` for its columns")


@main.command()
@click.argument("table_name", metavar="TABLE", required=False)
@format_option()
@output_options
def describe(table_name: str | None, fmt: str) -> None:
    """What a table holds: its grain, rows and every column's type, unit and meaning.

    Descriptions come from the table's SQL file header and sql/docs/*.csv, stored as
    COMMENT ON in the warehouse (any DuckDB client sees them). Without TABLE: every mart.

    \b
    Examples:
      bottlenecks describe replica_cost
      bottlenecks describe gpus --format json
      bottlenecks describe                   # every mart, one line each
    """
    if table_name is None:
        ctx = click.get_current_context()
        ctx.invoke(tables, show_all=False, fmt=fmt)
        return
    from warehouse.docs import grain

    settings = load_settings()
    try:
        with db.reader(settings) as con:
            objects = _objects(con)
            found = objects.filter(objects["name"] == table_name)
            if found.is_empty():
                names = ", ".join(objects.filter(objects["kind"] == "mart")["name"].to_list())
                _fail(f"no table or view {table_name!r} in {settings.warehouse_path}; expected one of the marts "
                      f"({names}) or another name from `bottlenecks tables --all`", 2)
            columns = con.sql("select column_name as column, data_type as type, comment as description "
                                  "from duckdb_columns() where table_name = ? and schema_name = 'main' "
                                  "order by column_index", params=[table_name]).pl()
            rows = con.execute(f'select count(*) from "{table_name}"').fetchone()[0]
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    info = found.row(0, named=True)
    description = info["description"] or ""
    if fmt == "json":
        payload = {"table": table_name, "kind": info["kind"], "rows": rows, "description": description,
                   "grain": grain(description), "columns": columns.to_dicts()}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(columns.write_csv())
        return
    _say(f"[bold]{table_name}[/] ({info['kind']}, {rows:,} rows)", highlight=False)
    if description:
        _say(description, highlight=False)
    if grain(description):
        _say(f"grain: one row per {grain(description)}", highlight=False)
    _emit_frame(columns.with_columns(columns["description"].fill_null("(not described yet)")), "table")


def parse_since(text: str, now):
    """`--since`: an ISO date or time (UTC), or an age such as 30d, 12h, 2w."""
    import re
    from datetime import datetime, timedelta

    m = re.fullmatch(r"(\d+)\s*([hdw])", text.strip())
    if m:
        return now - timedelta(**{{"h": "hours", "d": "days", "w": "weeks"}[m.group(2)]: int(m.group(1))})
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None)
    except ValueError:
        raise click.BadParameter(f"expected a date or time (2026-11-01, 2026-11-01T08:00) or an age (30d, 12h, 2w), got {text!r}") from None


@main.command()
@click.option("--since", "start", default="30d", show_default=True, metavar="WHEN",
              callback=lambda ctx, param, value: parse_since(value, db.utcnow()),
              help="Changes at or after WHEN: a date or time in UTC (2026-11-01) or an age (30d, 12h, 2w).")
@click.option("--source", "source_prefix", metavar="PREFIX", help="Only sources whose id starts with PREFIX, e.g. datasheet/ or reference/gpus.")
@click.option("--include-initial", is_flag=True, help="Also list each source's first load (everything it held then, as 'added').")
@format_option()
@output_options
def changes(start, source_prefix: str | None, include_initial: bool, fmt: str) -> None:
    """What changed: values that changed, and entities added or removed, newest first.

    A source's first load is not a change: its rows are marked initial_load in change_log and
    left out unless --include-initial.

    \b
    Examples:
      bottlenecks changes                          # the last 30 days
      bottlenecks changes --since 2026-11-01 --source datasheet/
      bottlenecks changes --since 7d --format csv
    """
    settings = load_settings()
    params = {"since": start, "prefix": source_prefix or ""}
    where = "changed_at >= $since and starts_with(source_id, $prefix)"
    try:
        with db.reader(settings) as con:
            frame = con.sql(
                "select changed_at, source_id, entity_type, entity_id, change, field, old_value, new_value, snapshot_sha256 "
                f"from change_log where {where}" + ("" if include_initial else " and not initial_load")
                + " order by changed_at desc, entity_type, entity_id, field", params=params).pl()
            hidden = 0 if include_initial else con.sql(
                f"select count(*) from change_log where {where} and initial_load", params=params).fetchall()[0][0]
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    if fmt != "table":
        _emit_frame(frame, fmt)
        return
    if frame.height:
        _emit_frame(frame.drop("snapshot_sha256"), fmt)
    note = f"; {hidden} rows of first loads left out (--include-initial)" if hidden else ""
    _say(f"{frame.height} changes since {start:%Y-%m-%d %H:%M} UTC{note}", highlight=False)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Output directory [default: $BOTTLENECKS_HOME/exports].")
@format_option()
@output_options
def export(out_dir: Path | None, fmt: str) -> None:
    """Write the research workbook (research.xlsx) and CSV/Parquet per table.

    \b
    Examples:
      bottlenecks export                       # data/exports/research.xlsx, csv/, parquet/
      bottlenecks export --out ~/research --verbose
      bottlenecks export --format json         # what was written, for scripts
    """
    from pipelines.export import export as run_export

    settings = load_settings()
    try:
        report = run_export(settings, out_dir)
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    except ValueError as exc:  # a column whose unit the workbook cannot format (warehouse/columns.py)
        _fail(str(exc))
    if fmt != "table":
        rows = [{"table": t, "rows": n} for t, n in report.tables.items()]
        _emit_records(fmt, rows, {"workbook": str(report.workbook), "out_dir": str(report.out_dir), "tables": report.tables,
                                  "charts": report.charts, "skipped_charts": report.skipped_charts,
                                  "stale_sources": report.stale_sources})
        return
    _say(f"wrote {report.workbook} ({len(report.tables)} sheets, {sum(report.tables.values()):,} rows, "
         f"{len(report.charts)} charts)", highlight=False, soft_wrap=True)
    _say(f"      {report.out_dir / 'csv'}/<table>.csv and {report.out_dir / 'parquet'}/<table>.parquet", highlight=False, soft_wrap=True)
    if _flags["verbose"]:
        for table, rows in report.tables.items():
            _say(f"  {table}: {rows} rows", highlight=False)
    for why in report.skipped_charts:
        _say(f"[yellow]chart skipped:[/] {why}", highlight=False, soft_wrap=True)
    if report.stale_sources:
        names = ", ".join(report.stale_sources) if _flags["verbose"] else "bottlenecks status names them"
        _say(f"[yellow]not fresh:[/] {len(report.stale_sources)} sources (see the cover sheet; {names})",
             highlight=False, soft_wrap=True)


@main.command("model-size")
@click.argument("config_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Same as --format json (keys total_params, active_params, kv_cache_bytes_per_token, ...).")
@click.option("--kv-bytes", type=float, default=2.0, show_default=True, help="Bytes per cached value (2 = 16-bit KV, 1 = FP8).")
@format_option()
@output_options
def model_size(config_json: Path, as_json: bool, kv_bytes: float, fmt: str) -> None:
    """Parameters and KV cache of a model from its Hugging Face config.json.

    \b
    Examples:
      bottlenecks model-size sources/model_configs/deepseek-ai--DeepSeek-R1.config.json
      bottlenecks model-size config.json --kv-bytes 1 --format json   # FP8 KV cache
      bottlenecks model-size config.json --json                      # alias of --format json
    """
    from sources.errors import ParseError
    from sources.model_configs.count import model_size as count

    try:
        size = count(config_json.read_bytes(), str(config_json))
    except ParseError as exc:
        _fail(str(exc))
    if kv_bytes.is_integer():
        kv_bytes = int(kv_bytes)
    figures = {
        "config": str(config_json),
        **size.as_dict(),
        "kv_bytes_per_value": kv_bytes,
        "kv_cache_bytes_per_token": size.kv_cache_bytes_per_token(kv_bytes),
        "kv_cache_bytes_per_token_per_layer": size.kv_cache_bytes_per_token_per_layer(kv_bytes),
        "kv_bytes_per_token": size.kv_cache_bytes_per_token(kv_bytes),
        "state_bytes_per_sequence": size.state_bytes_per_sequence(kv_bytes),
        "checkpoint_bytes": size.checkpoint_bytes(_precision_bytes()),
    }
    if as_json or fmt == "json":
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
        return
    if fmt == "csv":
        _emit_records("csv", [figures], None)
        return
    table = Table(title=f"{config_json.name} ({size.model_type}, {size.attention.upper()})", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    rows = [
        ("total parameters (without MTP)", f"{size.total_params:,} ({size.total_params / 1e9:.2f}B)"),
        ("active parameters per token", f"{size.active_params:,} ({size.active_params / 1e9:.2f}B)"),
        ("MTP layers / parameters", f"{size.mtp_layers} / {size.mtp_params:,}"),
        ("layers (dense + MoE)", f"{size.num_hidden_layers} ({size.dense_layers} + {size.moe_layers})"),
        ("routed experts (per token) + shared", f"{size.n_routed_experts} ({size.experts_per_token}) + {size.n_shared_experts}"),
        (f"KV cache bytes per token per layer ({kv_bytes:g} B/value)", f"{figures['kv_cache_bytes_per_token_per_layer']:,.0f}"),
        (f"KV cache bytes per token ({kv_bytes:g} B/value)", f"{figures['kv_cache_bytes_per_token']:,.0f}"),
        ("vision parameters (in the total)", f"{size.vision_params:,}"),
        ("attention family / layer mix", f"{size.attention_family} / {size.layer_mix}"),
        (f"fixed state bytes per sequence ({kv_bytes:g} B/value)", f"{figures['state_bytes_per_sequence']:,.0f}"),
        ("checkpoint bytes as published", "not understood: " + size.checkpoint_format
         if figures["checkpoint_bytes"] is None else f"{figures['checkpoint_bytes']:,.0f} ({size.checkpoint_format})"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    out.print(table)


def _precision_bytes() -> dict[str, float]:
    """Bytes per parameter of each shipped ref_weight_precisions row (bits plus the scale share, / 8)."""
    from sources.reference.tables import TABLES, parse_reference
    from sources.shipped import shipped_path

    name = "sources/reference/weight_precisions.csv"
    frame = parse_reference(TABLES["weight_precisions"], shipped_path(name).read_bytes(), name)
    return {r["precision"]: (r["bits_per_value"] + (r["scale_bits"] / r["block_size"] if r["block_size"] else 0)) / 8
            for r in frame.iter_rows(named=True)}


def _ts(value) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


if __name__ == "__main__":
    main()
