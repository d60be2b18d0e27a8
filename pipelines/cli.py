"""The `bottlenecks` command line: refresh, query, status."""

import json
import sys
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from sources.settings import load_settings
from warehouse import db

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


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Tracking warehouse for the hardware bottlenecks of AI inference.

    Data lives in $BOTTLENECKS_HOME (default ./data): the DuckDB warehouse
    warehouse.duckdb and the raw snapshot store raw/.
    """


@main.command()
@click.option("--offline", is_flag=True, help="Touch no network: replay stored snapshots for live sources.")
@click.option("--select", "select", metavar="SELECTION", help='Dagster asset selection, e.g. "key:reference/gpus+" or "group:marts".')
@click.option("--rebuild", is_flag=True, help="Rebuild the warehouse from the raw snapshot store alone (no fetching).")
def refresh(offline: bool, select: str | None, rebuild: bool) -> None:
    """Fetch sources, load new versions, and rebuild the marts."""
    import os

    if offline:
        os.environ["BOTTLENECKS_OFFLINE"] = "1"
    settings = load_settings()
    if rebuild:
        _rebuild(settings)
        return

    from pipelines.refresh import SelectionError, resolve_selection, run_refresh

    try:
        keys = resolve_selection(select)
    except SelectionError as exc:
        _fail(str(exc), 2)
    names = {"__".join(k.path): k.to_user_string() for k in keys}
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("refreshing", total=len(keys))

        def on_step(step_key: str, event: str) -> None:
            name = names.get(step_key, step_key)
            if event == "start":
                progress.update(task, description=f"materializing {name}")
            elif event in ("success", "failure", "skipped"):
                progress.advance(task)
                if event == "failure":
                    progress.console.print(f"[red]✗[/] {name} failed")

        try:
            summary = run_refresh(settings, keys, on_step)
        except db.WarehouseBusyError as exc:
            _fail(str(exc))
    _print_summary(summary, settings)
    if not summary.ok:
        sys.exit(1)


def _print_summary(summary, settings) -> None:
    table = Table(title=f"refresh {summary.run_id[:8]} → {settings.warehouse_path}", title_justify="left")
    for col in ("asset", "status", "rows", "new versions", "note"):
        table.add_column(col, justify="right" if col in ("rows", "new versions") else "left")
    style = {"materialized": "green", "failed": "bold red", "skipped": "yellow"}
    for o in summary.outcomes:
        table.add_row(
            o.asset, f"[{style[o.status]}]{o.status}[/]", "" if o.rows is None else str(o.rows),
            "" if o.new_versions is None else str(o.new_versions),
            "see error below" if o.status == "failed" else (o.error or ""),
        )
    out.print(table)
    done = sum(o.status == "materialized" for o in summary.outcomes)
    out.print(f"{done}/{len(summary.outcomes)} assets materialized, {summary.new_versions} new versions.")
    for stale in summary.stale_sources:
        # Unreachable or offline: the last good data stays current; not a failure.
        out.print(f"[yellow]stale:[/] {stale['source_id']}: {stale['reason']}", highlight=False, soft_wrap=True)
    for warning in summary.warnings:
        out.print(f"[yellow]check warning:[/] {warning}", highlight=False, soft_wrap=True)
    for check in summary.failed_checks:
        out.print(f"[bold red]check failed:[/] {check}", highlight=False, soft_wrap=True)
    for o in summary.outcomes:
        if o.status == "failed":
            # The error names the source itself (source, file or URL, row, column).
            err.print(f"[bold red]failed:[/] {o.error}", highlight=False, soft_wrap=True)


def _rebuild(settings) -> None:
    from warehouse.rebuild import RebuildError, rebuild

    try:
        report = rebuild(settings)
    except (RebuildError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    out.print(
        f"rebuilt {settings.warehouse_path} from {report.fetches} logged fetches "
        f"({report.loaded} snapshots loaded); marts: "
        + ", ".join(f"{m} ({n} rows)" for m, n in report.marts.items())
    )
    for problem in report.failed:
        out.print(f"[yellow]snapshot not loadable (as when first fetched):[/] {problem}", highlight=False)
    for problem in report.unreadable_log_lines:
        out.print(f"[yellow]unreadable fetch-log line skipped:[/] {problem}", highlight=False, soft_wrap=True)
    for problem in report.skipped_refused:
        out.print(f"[yellow]skipped a body refused when it was fetched:[/] {problem}", highlight=False, soft_wrap=True)
    if report.skipped_unknown_sources:
        out.print(f"[yellow]skipped fetches of sources no longer registered:[/] {sorted(set(report.skipped_unknown_sources))}")


@main.command()
@click.argument("sql_text", metavar="SQL", required=False)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read the SQL from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1), default=300, show_default=True,
              help="Interrupt the query after this many seconds (Ctrl-C interrupts it too).")
def query(sql_text: str | None, file: Path | None, fmt: str, timeout_s: float) -> None:
    """Run one read-only SQL statement against the warehouse (select, with, describe, show,
    summarize, explain, informational pragmas; no files, URLs, ATTACH, COPY or extensions)."""
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
    if fmt == "csv":
        sys.stdout.write(frame.write_csv())
    elif fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), default=str, indent=2, ensure_ascii=False) + "\n")
    else:
        table = Table(show_lines=False)
        for name in frame.columns:
            table.add_column(name, overflow="fold")
        for row in frame.iter_rows():
            table.add_row(*["" if v is None else str(v) for v in row])
        out.print(table)
        out.print(f"{frame.height} rows")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status(fmt: str) -> None:
    """Per source and mart: last fetch, last change, freshness."""
    from pipelines.status import mart_status, source_status

    settings = load_settings()
    try:
        with db.reader(settings) as con:
            sources = source_status(con, db.utcnow())
            marts = mart_status(con)
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    if fmt == "json":
        payload = {"warehouse": str(settings.warehouse_path), "sources": sources.to_dicts(), "marts": marts.to_dicts()}
        sys.stdout.write(json.dumps(payload, default=str, indent=2) + "\n")
        return
    table = Table(title=f"sources ({settings.warehouse_path})", title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("freshness", no_wrap=True)
    for col in ("last fetch (UTC)", "last good load", "last change"):
        table.add_column(col, no_wrap=True)
    table.add_column("entities", justify="right")
    table.add_column("error", overflow="fold")
    colour = {"fresh": "green", "stale": "yellow", "failed": "bold red", "never loaded": "yellow"}
    for r in sources.iter_rows(named=True):
        table.add_row(
            r["source_id"], f"[{colour[r['freshness']]}]{r['freshness']}[/]", _ts(r["last_fetch_at"]),
            _ts(r["last_good_fetch_at"]), _ts(r["last_change_at"]), str(r["current_entities"] or 0), r["last_error"] or "",
        )
    out.print(table)
    mtable = Table(title="marts", title_justify="left")
    for col in ("mart", "last built (UTC)", "rows", "builds"):
        mtable.add_column(col, no_wrap=True)
    for r in marts.iter_rows(named=True):
        mtable.add_row(r["mart"], _ts(r["last_built_at"]), str(r["rows"]), str(r["builds"]))
    out.print(mtable)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Output directory [default: $BOTTLENECKS_HOME/exports].")
def export(out_dir: Path | None) -> None:
    """Write the research workbook (research.xlsx) and CSV/Parquet per table."""
    from pipelines.export import export as run_export

    settings = load_settings()
    try:
        report = run_export(settings, out_dir)
    except (db.WarehouseMissingError, db.WarehouseBusyError) as exc:
        _fail(str(exc))
    out.print(f"wrote {report.workbook} ({len(report.tables)} sheets, {len(report.charts)} charts)", highlight=False, soft_wrap=True)
    out.print(f"      {report.out_dir / 'csv'}/<table>.csv and {report.out_dir / 'parquet'}/<table>.parquet", highlight=False, soft_wrap=True)
    for table, rows in report.tables.items():
        out.print(f"  {table}: {rows} rows", highlight=False)
    for why in report.skipped_charts:
        out.print(f"[yellow]chart skipped:[/] {why}", highlight=False, soft_wrap=True)
    if report.stale_sources:
        out.print(f"[yellow]not fresh:[/] {', '.join(report.stale_sources)} (see the cover sheet)", highlight=False, soft_wrap=True)


@main.command("model-size")
@click.argument("config_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (keys total_params, active_params, kv_cache_bytes_per_token, ...).")
@click.option("--kv-bytes", type=float, default=2.0, show_default=True, help="Bytes per cached value (2 = 16-bit KV, 1 = FP8).")
def model_size(config_json: Path, as_json: bool, kv_bytes: float) -> None:
    """Parameters and KV cache of a model from its Hugging Face config.json."""
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
    if as_json:
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
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
