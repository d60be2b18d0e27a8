"""`bottlenecks export`: the workbook opens in a reader with the expected sheets, headers,
row counts, status colours and native charts pointing at the right ranges."""

from datetime import datetime

import duckdb
import openpyxl
import polars as pl
import pytest

from warehouse.columns import FRACTION, PERCENT_POINTS, ColumnNameError, check_names, unit_of
from pipelines.export import export
from sources.reference import TABLES

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture(scope="module")
def exported(shipped_settings, tmp_path_factory):
    report = export(shipped_settings, tmp_path_factory.mktemp("export") / "out", now=NOW)
    return report, openpyxl.load_workbook(report.workbook)


@pytest.fixture(scope="module")
def count(shipped_settings):
    """How many rows a query over the exported warehouse gives: the sheets must hold as many
    (the shipped data decides the number; the export must not lose or add rows)."""
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    yield lambda query: con.execute(f"select count(*) from ({query})").fetchone()[0]
    con.close()


def test_sheets_headers_and_rows(exported, count):
    report, book = exported
    assert book.sheetnames[:5] == ["cover", "gpus", "models", "model_weights", "replica_sizing"]
    gpus = book["gpus"]
    header = [c.value for c in gpus[1]]
    assert header[:8] == ["gpu_id", "vendor", "name", "release_year", "release_half", "memory_type", "memory_gb", "bandwidth_tbps"]
    assert gpus.max_row == 1 + count("select * from gpus") and gpus.freeze_panes == "A2"
    h100 = next(r for r in gpus.iter_rows(min_row=2, values_only=True) if r[0] == "nvidia-h100-sxm")
    assert h100[header.index("bw_vs_a100")] == 1.7 and h100[header.index("memory_gb")] == 80
    assert gpus.cell(row=2, column=header.index("memory_gb") + 1).number_format == "#,##0.0##"
    claims = count("select * from claims_check")
    assert report.tables["claims_check"] == claims and book["claims_check"].max_row == 1 + claims


def test_cover_says_as_of_and_source_freshness(exported):
    _, book = exported
    cover = book["cover"]
    assert cover["A1"].value == "Inference bottlenecks — research workbook"
    assert cover["B3"].value == NOW
    rows = list(cover.iter_rows(values_only=True))
    sources = {row[0]: row[1] for row in rows if row[0] and str(row[0]).startswith("reference/")}
    assert len(sources) == len(TABLES)
    # loaded a day before NOW and the reference cadence is one day: stale, and said so
    assert set(sources.values()) == {"stale"}
    not_fresh = sum(1 for row in rows if row[1] in ("stale", "failed", "never loaded"))
    assert f"WARNING: {not_fresh} source(s) not fresh — their figures may be out of date" in [row[0] for row in rows]


def test_charts_point_at_the_right_ranges(exported, count):
    report, book = exported
    gpus_charts = book["gpus"]._charts
    assert len(gpus_charts) == 2
    scatter = gpus_charts[0]
    refs = [(s.tx.strRef.f if s.tx and s.tx.strRef else None, s.xVal.numRef.f, s.yVal.numRef.f) for s in scatter.series]
    # rows are ordered by vendor: AMD first, then NVIDIA; memory_gb is column G, bandwidth_tbps H
    amd, nvidia = count("select * from gpus where vendor = 'amd'"), count("select * from gpus where vendor = 'nvidia'")
    last_amd, last = 1 + amd, 1 + amd + nvidia
    assert [(x, y) for _, x, y in refs] == [
        (f"gpus!$G$2:$G${last_amd}", f"gpus!$H$2:$H${last_amd}"),
        (f"gpus!$G${last_amd + 1}:$G${last}", f"gpus!$H${last_amd + 1}:$H${last}"),
    ]
    tiers = book["ref_bandwidth_tiers"]._charts[0]
    assert tiers.y_axis.scaling.logBase == 10
    # one series per GPU over its four tiers (rows grouped by gpu_id: B300 rows 2-5, R200 rows 6-9)
    assert [s.val.numRef.f for s in tiers.series] == ["ref_bandwidth_tiers!$E$2:$E$5", "ref_bandwidth_tiers!$E$6:$E$9"]
    assert "Memory bandwidth vs HBM capacity by GPU" in report.charts


def test_claims_check_has_status_colours(exported):
    _, book = exported
    sheet = book["claims_check"]
    rules = [r for rng in sheet.conditional_formatting for r in rng.rules]
    assert sorted(r.formula[0] for r in rules) == ['"confirmed"', '"partly_confirmed"', '"refuted"', '"unchecked"']


def test_flat_files_match_the_warehouse(exported, count):
    report, _ = exported
    csv = pl.read_csv(report.out_dir / "csv" / "gpus.csv")
    parquet = pl.read_parquet(report.out_dir / "parquet" / "gpus.parquet")
    assert csv.height == parquet.height == count("select * from gpus")
    assert parquet.filter(pl.col("gpu_id") == "nvidia-r200")["bandwidth_tbps"].item() == 22.2
    names = {p.name for p in (report.out_dir / "csv").iterdir()}
    assert {"change_log.csv", "claims_check.csv", "replica_sizing.csv", "replica_cost.csv", "ref_bandwidth_tiers.csv"} <= names
    assert names == {p.stem + ".csv" for p in (report.out_dir / "parquet").iterdir()}


def test_revenue_trajectories_and_sizing_charts(exported, count):
    report, book = exported
    assert {"Quarterly revenue by company (USD millions)", "GPUs per replica by GPU generation (FP8, weights only)",
            "Exposure share by bottleneck"} <= set(report.charts)
    sheet = book["company_financials"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    preferred = [r for r in rows if r[header.index("preferred")] is True]
    companies = sorted({r[header.index("company_id")] for r in preferred})
    chart = sheet._charts[0]
    names = sorted({s.tx.strRef.f if s.tx.strRef else s.tx.v for s in chart.series})
    # one series per company with preferred quarterly revenue
    assert len(names) == len(companies) == count("select distinct company_id from company_financials where preferred")
    # every series reads revenue_usd_m against period_end
    col = lambda name: chr(ord("A") + header.index(name))  # noqa: E731
    assert all(s.yVal.numRef.f.startswith(f"company_financials!${col('revenue_usd_m')}$") for s in chart.series)
    assert all(s.xVal.numRef.f.startswith(f"company_financials!${col('period_end')}$") for s in chart.series)


def _numeric_cells(sheet, column: int):
    return [c for c in next(sheet.iter_cols(min_col=column, max_col=column, min_row=2)) if isinstance(c.value, int | float)
            and not isinstance(c.value, bool)]


def test_every_percent_column_is_formatted_by_its_unit(exported):
    """`_pct` holds points (39.1 shows as 39.1%), `_frac`/`_share` fractions (0.25 shows as 25.0%)."""
    _, book = exported
    seen = {}
    for sheet in book.worksheets[1:]:
        header = [c.value for c in sheet[1]]
        for i, name in enumerate(header, start=1):
            tokens = set((name or "").split("_"))
            looks_like_percent = tokens & {"pct", "share", "frac", "margin", "yoy", "qoq", "utilisation"} or (
                name.endswith("growth_per_year"))
            cells = _numeric_cells(sheet, i)
            if not looks_like_percent or not cells:
                continue
            assert unit_of(name) in (PERCENT_POINTS, FRACTION), (sheet.title, name)
            expected = {PERCENT_POINTS: '0.0"%"', FRACTION: "0.0%"}[unit_of(name)]
            assert {c.number_format for c in cells} == {expected}, (sheet.title, name)
            seen[(sheet.title, name)] = expected
    # the columns of the bug report, and one fraction of each kind
    assert seen[("investment_list", "latest_revenue_yoy_pct")] == '0.0"%"'
    assert seen[("bottleneck_exposure", "exposure_share")] == "0.0%"
    assert seen[("replica_sizing", "headroom_frac")] == "0.0%"
    assert seen[("replica_cost", "utilisation")] == "0.0%"
    assert seen[("models", "active_vs_stated_pct")] == '0.0"%"'


def test_sk_hynix_growth_is_39_percent_not_3913(exported):
    _, book = exported
    sheet = book["investment_list"]
    header = [c.value for c in sheet[1]]
    col = header.index("latest_revenue_yoy_pct")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("company_id")].value == "000660.ks")
    cell = row[col]
    assert 30 < cell.value < 50 and cell.number_format == '0.0"%"'  # points: Excel shows 39.1%, never 3913%


def test_a_percent_named_column_without_a_unit_suffix_is_refused():
    check_names("t", ["gross_margin_pct", "exposure_share", "headroom_frac", "shares_outstanding", "utilisation"])
    with pytest.raises(ColumnNameError, match=r"t: column\(s\) pct_growth, share_of_revenue name a percent"):
        check_names("t", ["pct_growth", "share_of_revenue", "memory_gb"])


def test_units_by_name():
    assert [unit_of(c) for c in ("yoy_pct", "exposure_share", "runtime_reserve_frac", "capex_usd", "memory_gb", "tp", "name")] == [
        PERCENT_POINTS, FRACTION, FRACTION, "usd", "quantity", "count", None]


def test_cover_says_what_each_sheet_holds(exported):
    _, book = exported
    rows = list(book["cover"].iter_rows(values_only=True))
    described = {r[0]: r[2] for r in rows if r[0] and len(r) > 2 and r[2]}
    assert described["replica_cost"].startswith("What a replica costs: one row per fitting sizing plan")
    assert described["sheet"] == "what it holds (bottlenecks describe <sheet>)"
