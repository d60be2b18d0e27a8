"""`bottlenecks export`: the research workbook and flat files, read from the warehouse.

Writes, under the output directory (default `$BOTTLENECKS_HOME/exports`):
    research.xlsx          cover sheet (as-of, sources and freshness, stale warnings), one
                           sheet per mart with frozen headers and number formats, native
                           Excel charts, and claims_check with status colours
    csv/<table>.csv        one file per exported table, stable names
    parquet/<table>.parquet

Everything is written into a scratch directory first and moved into place at the end, so
a failed export leaves the previous one intact.
"""

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from warehouse.columns import check_names, excel_format
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
    "confirmed": "#C6EFCE", "partly_confirmed": "#FFEB9C", "refuted": "#FFC7CE", "unchecked": "#EDEDED",
}


@dataclass
class ChartSpec:
    """A native chart over one exported table."""

    sheet: str
    kind: str  # scatter | scatter_line | column | bar | line
    title: str
    x: str  # category / x column
    y: list[str]  # value column(s), one series each, unless series_by is set
    series_by: str | None = None  # split rows into one series per value (rows must be grouped)
    x_title: str = ""
    y_title: str = ""
    log_y: bool = False
    where: dict[str, str] = field(default_factory=dict)  # keep only rows with these values


CHARTS = [
    ChartSpec("gpus", "scatter", "Memory bandwidth vs HBM capacity by GPU", "memory_gb", ["bandwidth_tbps"],
              series_by="vendor", x_title="HBM capacity (GB)", y_title="Memory bandwidth (TB/s)"),
    ChartSpec("gpus", "column", "Bandwidth relative to A100 by GPU generation", "name", ["bw_vs_a100"],
              x_title="GPU", y_title="× A100 bandwidth"),
    ChartSpec("ref_bandwidth_tiers", "column", "Per-GPU bandwidth at each tier: the HBM → scale-out cliff", "tier_name",
              ["bandwidth_gbs"], series_by="gpu_id", x_title="Tier", y_title="GB/s per GPU (log scale)", log_y=True),
    ChartSpec("generation_summary", "column", "GPUs per replica by GPU generation (FP8, weights only)", "name",
              ["gpus_405b_dense_fp8", "gpus_671b_moe_fp8", "gpus_1t_moe_fp8"], x_title="GPU", y_title="GPUs per replica"),
    ChartSpec("replica_cost", "column", "Capex per replica", "gpu_id", ["capex_usd"], x_title="GPU",
              y_title="USD per replica", where={"scenario_id": "article", "precision": "fp8"}),
    ChartSpec("company_financials", "scatter_line", "Quarterly revenue by company (USD millions)", "period_end",
              ["revenue_usd_m"], series_by="company_id", x_title="Quarter end", y_title="Revenue (USD m)",
              where={"preferred": "true"}),
    ChartSpec("bottleneck_exposure", "bar", "Exposure share by bottleneck", "company_id", ["exposure_share"],
              series_by="bottleneck", x_title="Company", y_title="Exposure share"),
]


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


def _add_chart(workbook, spec: ChartSpec, frame: pl.DataFrame) -> str | None:
    """Insert the chart beside its table; return why not, when it cannot be drawn."""
    missing = [c for c in [spec.x, *spec.y, *([spec.series_by] if spec.series_by else []), *spec.where] if c not in frame.columns]
    if missing:
        return f"{spec.title}: {spec.sheet} lacks column(s) {', '.join(missing)}"
    rows = frame.with_row_index("_row")
    for column, value in spec.where.items():
        rows = rows.filter(pl.col(column).cast(pl.Utf8) == value)
    if rows.is_empty():
        return f"{spec.title}: no rows in {spec.sheet}"
    name = _sheet_name(spec.sheet)
    chart = workbook.add_chart(
        {"type": "scatter", "subtype": "straight_with_markers"} if spec.kind == "scatter_line" else {"type": spec.kind}
    )
    x_col = frame.columns.index(spec.x)

    def ranges(block: pl.DataFrame) -> list[tuple[int, int]]:
        # contiguous runs of sheet rows (header is row 0)
        idx = [i + 1 for i in block["_row"].to_list()]
        runs, start = [], idx[0]
        for prev, cur in zip(idx, idx[1:] + [None], strict=True):
            if cur != prev + 1:
                runs.append((start, prev))
                start = cur
        return runs

    groups = rows.partition_by(spec.series_by, maintain_order=True) if spec.series_by else [rows]
    for block in groups:
        for y in spec.y:
            y_col = frame.columns.index(y)
            for first, last in ranges(block):
                label = str(block[spec.series_by][0]) if spec.series_by else y
                chart.add_series({
                    "name": label,
                    "categories": [name, first, x_col, last, x_col],
                    "values": [name, first, y_col, last, y_col],
                    **({"marker": {"type": "circle", "size": 7}} if spec.kind.startswith("scatter") else {}),
                })
    chart.set_title({"name": spec.title})
    x_is_date = frame.schema[spec.x] in (pl.Date, pl.Datetime)
    chart.set_x_axis({"name": spec.x_title, **({"date_axis": True, "num_format": "yyyy-mm"} if x_is_date else {})})
    chart.set_y_axis({"name": spec.y_title, **({"log_base": 10} if spec.log_y else {})})
    chart.set_size({"width": 720, "height": 420})
    sheet = workbook.get_worksheet_by_name(name)
    anchor_col = frame.width + 1
    offset = sum(1 for s in CHARTS[: CHARTS.index(spec)] if s.sheet == spec.sheet)
    sheet.insert_chart(1 + 22 * offset, anchor_col, chart)
    return None


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


def export(settings: Settings, out_dir: Path | None = None, now: datetime | None = None) -> ExportReport:
    out_dir = (out_dir or settings.home / "exports").resolve()
    now = now or db.utcnow()
    with db.reader(settings) as con:
        tables = exported_tables(con)
        frames = {t: _read(con, t) for t in tables}
        status = source_status(con, now)
        # COMMENT ON of each mart (warehouse/docs.py): the cover says what every sheet holds
        descriptions = dict(con.execute("select table_name, comment from duckdb_tables() where comment is not null").fetchall())

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".export-", dir=out_dir.parent))
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
        for table, frame in frames.items():
            _write_sheet(workbook, table, frame, formats)
        for spec in CHARTS:
            if spec.sheet not in frames:
                skipped.append(f"{spec.title}: table {spec.sheet} is not in the warehouse yet")
                continue
            why_not = _add_chart(workbook, spec, frames[spec.sheet])
            (skipped.append(why_not) if why_not else charts.append(spec.title))
        workbook.close()

        out_dir.mkdir(parents=True, exist_ok=True)
        for item in ("research.xlsx", "csv", "parquet"):
            target = out_dir / item
            backup = out_dir / f".{item}.old"
            if target.exists():
                target.rename(backup)
            (scratch / item).rename(target)
            if backup.is_dir():
                shutil.rmtree(backup)
            elif backup.exists():
                backup.unlink()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ExportReport(
        out_dir, out_dir / "research.xlsx", {t: f.height for t, f in frames.items()}, charts, skipped, cover_stale
    )
