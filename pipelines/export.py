"""`bottlenecks export`: the research workbook and flat files, read from the warehouse.

Writes, under the output directory (default `$BOTTLENECKS_HOME/exports`):
    research.xlsx          cover sheet (as-of, sources and freshness, stale warnings, what each
                           sheet holds), one sheet per native Excel chart (pipelines/charts.py),
                           one sheet per mart with frozen headers and number formats, and
                           claims_check with status colours
    csv/<table>.csv        one file per exported table, stable names
    parquet/<table>.parquet

Everything is written into a scratch directory first and moved into place at the end, so
a failed export leaves the previous one intact. An export replaces only files it wrote (listed in
`.bottlenecks-export` in the directory): a non-empty directory without that list is refused.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from warehouse.columns import check_names, excel_format
from pipelines.charts import CHARTS, add_chart_sheet, chart_table, release_order
from pipelines.status import source_status
from sources.settings import Settings
from warehouse import db

# Tables of the warehouse's own machinery, not research tables.
INTERNAL_TABLES = {
    "fetch_log", "source_loads", "observations", "entity_versions", "mart_builds", "schema_migrations", "generated_sql",
}
# Reference views worth a sheet of their own (the article's tables, current values).
REFERENCE_SHEETS = ["ref_bandwidth_tiers", "ref_serving_configs", "ref_punchline", "ref_companies", "ref_company_bottlenecks"]
# Row order of sheets whose charts need rows grouped by series (and of views, which have none).
ROW_ORDER = {
    "company_financials": "company_id, period_end",
    "change_log": "changed_at desc, entity_type, entity_id",
    "ref_bandwidth_tiers": "gpu_id, tier",
    "ref_serving_configs": "model_id, gpu_id, config_id",
    "ref_punchline": "metric, era_id",
    "ref_companies": "company_id",
    "ref_company_bottlenecks": "company_id, bottleneck_id",
}
SHEET_ORDER_FIRST = ["gpus", "models", "model_weights", "replica_sizing", "generation_summary", "claims_check"]


STATUS_COLOURS = {
    "confirmed": "#C6EFCE", "approximately_confirmed": "#E2F0D9", "assumption_dependent": "#DDEBF7",
    "partly_confirmed": "#FFEB9C", "refuted": "#FFC7CE", "unverifiable": "#D9D9D9", "unchecked": "#EDEDED",
}


@dataclass
class ExportReport:
    out_dir: Path
    workbook: Path
    tables: dict[str, int]  # sheet -> rows
    charts: list[str]
    skipped_charts: list[str]
    stale_sources: list[str]


def exported_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE'"
        ).fetchall()
    } - INTERNAL_TABLES
    views = {r[0] for r in con.execute("select table_name from information_schema.tables where table_type = 'VIEW'").fetchall()}
    names |= {v for v in REFERENCE_SHEETS if v in views}
    names |= {"change_log"} & views
    first = [n for n in SHEET_ORDER_FIRST if n in names]
    return first + sorted(names - set(first))


def _read(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    order = f" order by {ROW_ORDER[table]}" if table in ROW_ORDER else ""  # else the order the mart's SQL gives
    frame = con.sql(f'select * from "{table}"{order}').pl()
    # Lists and structs become readable text in a spreadsheet cell.
    return frame.with_columns(
        [pl.col(c).map_elements(lambda v: "; ".join(map(str, v)) if v is not None else None, return_dtype=pl.Utf8)
         for c, t in frame.schema.items() if isinstance(t, pl.List)]
        + [pl.col(c).cast(pl.Utf8) for c, t in frame.schema.items() if isinstance(t, pl.Struct)]
    )


def _format_for(column: str, dtype: pl.DataType) -> str | None:
    """Number formats follow the unit convention of warehouse/columns.py (`_pct` points, `_frac` fractions)."""
    return excel_format(column) if dtype.is_numeric() else None


def _sheet_name(table: str) -> str:
    return table[:31]  # Excel's limit


def _write_sheet(workbook, table: str, frame: pl.DataFrame, formats: dict) -> None:
    check_names(table, [c for c, t in frame.schema.items() if t.is_numeric()])
    sheet = workbook.add_worksheet(_sheet_name(table))
    sheet.freeze_panes(1, 0)
    for c, name in enumerate(frame.columns):
        sheet.write_string(0, c, name, formats["header"])
        fmt_code = _format_for(name, frame.schema[name])
        fmt = formats.setdefault(fmt_code, workbook.add_format({"num_format": fmt_code})) if fmt_code else None
        values = frame[name].to_list()
        for r, value in enumerate(values, start=1):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, datetime | date):
                sheet.write_datetime(r, c, value, formats["datetime"] if isinstance(value, datetime) else formats["date"])
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)
            else:
                sheet.write_string(r, c, str(value))
        width = max([len(name)] + [len(str(v)) for v in values[:200] if v is not None])
        sheet.set_column(c, c, min(max(width + 2, 8), 60))
    if frame.height:
        sheet.autofilter(0, 0, frame.height, max(frame.width - 1, 0))
    if table == "claims_check" and "status" in frame.columns:
        col = frame.columns.index("status")
        for status, colour in STATUS_COLOURS.items():
            sheet.conditional_format(1, col, max(frame.height, 1), col, {
                "type": "cell", "criteria": "==", "value": f'"{status}"',
                "format": workbook.add_format({"bg_color": colour}),
            })


def _cover(workbook, formats, settings: Settings, now: datetime, status: pl.DataFrame, tables: dict[str, int],
           descriptions: dict[str, str]):
    sheet = workbook.add_worksheet("cover")
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 6, 22)
    sheet.write_string(0, 0, "Inference bottlenecks — research workbook", formats["title"])
    sheet.write_string(2, 0, "As of (UTC)")
    sheet.write_datetime(2, 1, now, formats["datetime"])
    sheet.write_string(3, 0, "Warehouse")
    sheet.write_string(3, 1, str(settings.warehouse_path))
    row = 5
    stale = status.filter(pl.col("freshness") != "fresh")
    if stale.height:
        sheet.write_string(row, 0, f"WARNING: {stale.height} source(s) not fresh — their figures may be out of date", formats["warn"])
        row += 1
    row += 1
    headers = ["source", "freshness", "last fetch (UTC)", "last good load (UTC)", "last change (UTC)", "error"]
    for c, h in enumerate(headers):
        sheet.write_string(row, c, h, formats["header"])
    for r in status.iter_rows(named=True):
        row += 1
        sheet.write_string(row, 0, r["source_id"])
        sheet.write_string(row, 1, r["freshness"], formats["warn"] if r["freshness"] != "fresh" else None)
        for c, key in enumerate(["last_fetch_at", "last_good_fetch_at", "last_change_at"], start=2):
            if r.get(key) is not None:
                sheet.write_datetime(row, c, r[key], formats["datetime"])
        if r.get("last_error"):
            sheet.write_string(row, 5, r["last_error"])
    row += 2
    sheet.write_string(row, 0, "sheet", formats["header"])
    sheet.write_string(row, 1, "rows", formats["header"])
    sheet.write_string(row, 2, "what it holds (bottlenecks describe <sheet>)", formats["header"])
    for name, count in tables.items():
        row += 1
        sheet.write_url(row, 0, f"internal:'{_sheet_name(name)}'!A1", string=name)
        sheet.write_number(row, 1, count)
        if descriptions.get(name):
            sheet.write_string(row, 2, descriptions[name])
    return stale["source_id"].to_list()


# The files the last export wrote into its directory, one relative path a line: the only files a
# later export replaces or removes there. Anything else in the directory is never touched.
MANIFEST = ".bottlenecks-export"
SCRATCH_PREFIX = ".export-"
_LAYOUT = ("research.xlsx", "csv/", "parquet/")


class ExportDirectoryError(ValueError):
    """--out names a directory holding files no export of ours wrote (refused before writing)."""


def _files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _owned_files(out_dir: Path, adopt_layout: bool) -> tuple[set[str], set[str]]:
    """(files an earlier export wrote in `out_dir`, by its manifest: replaced or removed; files laid
    out as an export in the default directory by a version before the manifest: only replaced by
    their namesakes, never removed). A non-empty directory without a manifest is refused otherwise."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportDirectoryError(f"--out {out_dir} is a file; expected a directory (new, empty, or an earlier export)")
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        return {line for line in manifest.read_text(encoding="utf-8").splitlines() if line}, set()
    present = _files_under(out_dir) if out_dir.is_dir() else set()
    present = {p for p in present if not p.startswith(SCRATCH_PREFIX)}
    if adopt_layout:
        return set(), {p for p in present if p == "research.xlsx" or p.startswith(("csv/", "parquet/"))}
    if present:
        shown = ", ".join(sorted(present)[:3]) + (f" and {len(present) - 3} more" if len(present) > 3 else "")
        raise ExportDirectoryError(
            f"--out {out_dir} is not empty ({shown}) and holds no earlier export ({MANIFEST} is missing); "
            "an export replaces only files it wrote, so choose a new or empty directory; nothing was written")
    return set(), set()


def _clear_scratch_litter(out_dir: Path) -> None:
    """Scratch directories of exports that were killed (their process is gone) are removed."""
    for path in out_dir.glob(f"{SCRATCH_PREFIX}*"):
        pid = path.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_manifest(out_dir: Path, files: set[str]) -> None:
    tmp = out_dir / f"{MANIFEST}.tmp"
    tmp.write_text("".join(f"{f}\n" for f in sorted(files)), encoding="utf-8")
    os.replace(tmp, out_dir / MANIFEST)


def _move_into_place(scratch: Path, out_dir: Path, owned: set[str], adopted: set[str]) -> None:
    """Each new file replaces its namesake by rename; files the last export wrote and this one did
    not are removed; nothing else in `out_dir` is touched. A file of the same name that no export
    wrote is refused by name before anything moves."""
    new = _files_under(scratch)
    clashes = sorted(f for f in new - owned - adopted if (out_dir / f).exists())
    if clashes:
        raise ExportDirectoryError(
            f"--out {out_dir}: {', '.join(clashes[:3])} exist(s) and were not written by an export; move them away "
            "or choose another directory; nothing was replaced")
    _write_manifest(out_dir, owned | new)  # a kill part-way leaves every file of ours claimed
    for rel in sorted(new):
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(scratch / rel, target)
    for rel in sorted(owned - new):
        (out_dir / rel).unlink(missing_ok=True)
    _write_manifest(out_dir, new)


def export(settings: Settings, out_dir: Path | None = None, now: datetime | None = None) -> ExportReport:
    out_dir = (out_dir or settings.home / "exports").resolve()
    now = now or db.utcnow()
    with db.reader(settings) as con:
        tables = exported_tables(con)
        frames = {t: _read(con, t) for t in tables}
        status = source_status(con, now)
        # COMMENT ON of each mart (warehouse/docs.py): the cover says what every sheet holds
        descriptions = dict(con.execute("select table_name, comment from duckdb_tables() where comment is not null").fetchall())

    owned, adopted = _owned_files(out_dir, adopt_layout=out_dir == (settings.home / "exports").resolve())
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_scratch_litter(out_dir)
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=out_dir))
    try:
        (scratch / "csv").mkdir()
        (scratch / "parquet").mkdir()
        for table, frame in frames.items():
            frame.write_csv(scratch / "csv" / f"{table}.csv")
            frame.write_parquet(scratch / "parquet" / f"{table}.parquet")

        workbook_path = scratch / "research.xlsx"
        workbook = xlsxwriter.Workbook(str(workbook_path), {"remove_timezone": True})
        formats = {
            "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": False}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "title": workbook.add_format({"bold": True, "font_size": 16}),
            "warn": workbook.add_format({"bold": True, "font_color": "#9C0006"}),
        }
        charts, skipped = [], []
        cover_stale = _cover(workbook, formats, settings, now, status, {t: f.height for t, f in frames.items()}, descriptions)
        # charts first, each on its own sheet right after the cover (pipelines/charts.py)
        release = release_order(frames.get("gpus"))
        for spec in CHARTS:
            if spec.sheet not in frames:
                skipped.append(f"{spec.title}: table {spec.sheet} is not in the warehouse yet")
                continue
            table = chart_table(spec, frames[spec.sheet], release)
            if isinstance(table, str):
                skipped.append(table)
                continue
            add_chart_sheet(workbook, spec, table, formats)
            charts.append(spec.title)
        for table, frame in frames.items():
            _write_sheet(workbook, table, frame, formats)
        workbook.close()

        _move_into_place(scratch, out_dir, owned, adopted)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ExportReport(
        out_dir, out_dir / "research.xlsx", {t: f.height for t, f in frames.items()}, charts, skipped, cover_stale
    )
