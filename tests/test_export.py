"""`bottlenecks export`: the workbook opens in a reader with the expected sheets, headers,
row counts, status colours and native charts pointing at the right ranges."""

from datetime import datetime

import duckdb
import openpyxl
import polars as pl
import pytest

from warehouse.columns import FRACTION, PERCENT_POINTS, ColumnNameError, check_names, unit_of
from pipelines.charts import CHARTS, chart_table, log_axis_min
from pipelines.export import MANIFEST, ExportDirectoryError, export
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
    gpus = book["gpus"]
    header = [c.value for c in gpus[1]]
    assert header[:10] == ["gpu_id", "vendor", "name", "category", "form", "release_year", "release_half", "memory_type",
                           "memory_family", "hbm_stacks"]
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


def _cells(book, ref: str) -> list:
    """The values of a range like 'chart_capex'!$A$27:$A$28."""
    sheet, cells = ref.rsplit("!", 1)
    rng = cells.replace("$", "")
    ws = book[sheet.strip("'")]
    return [c.value for row in ws[rng] for c in (row if isinstance(row, tuple) else (row,))] if ":" in rng else [ws[rng].value]


def test_each_chart_has_a_sheet_of_its_own_right_after_the_cover(exported):
    report, book = exported
    names = [c.name for c in CHARTS]
    assert book.sheetnames[: 1 + len(names)] == ["cover", *names]
    assert book.sheetnames[1 + len(names):][:3] == ["gpus", "models", "model_weights"]
    for name in names:
        (chart,) = book[name]._charts
        assert (chart.anchor._from.row, chart.anchor._from.col) == (0, 0)  # top left: on screen
    assert all(not book[s]._charts for s in book.sheetnames if s not in names)
    assert report.charts == [c.title for c in CHARTS] and report.skipped_charts == []


def test_exposure_is_one_named_series_per_bottleneck_over_every_company(exported, count):
    _, book = exported
    (chart,) = book["chart_exposure"]._charts
    names = [_cells(book, s.tx.strRef.f)[0] for s in chart.series]
    assert len(names) == len(set(names)) == count("select distinct bottleneck from bottleneck_exposure")
    companies = _cells(book, chart.series[0].cat.strRef.f)
    assert companies == sorted(companies) and len(companies) == count("select distinct company_id from bottleneck_exposure")
    assert chart.grouping == "stacked" and chart.x_axis.title is not None
    # a bar chart's value axis is horizontal: it, not the company axis, says "Exposure share"
    value_axis_title = chart.y_axis.title.tx.rich.p[0].r[0].t
    assert value_axis_title == "Exposure share"


def test_the_cliff_chart_keeps_the_100_gbs_bar_visible(exported):
    _, book = exported
    (chart,) = book["chart_bandwidth_cliff"]._charts
    assert chart.y_axis.scaling.logBase == 10 and chart.y_axis.scaling.min == 10  # below B300's 100 GB/s scale-out
    assert [_cells(book, s.tx.strRef.f)[0] for s in chart.series] == ["nvidia-b300", "nvidia-r200"]
    assert [_cells(book, s.val.numRef.f) for s in chart.series] == [[8000, 1800, 900, 100], [22200, 3600, 1800, 200]]


def test_capex_names_its_models_and_assumptions_and_gpus_come_in_release_order(exported, count):
    _, book = exported
    (chart,) = book["chart_capex"]._charts
    title = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    assert "scenario article, FP8" in title
    models = [_cells(book, s.tx.strRef.f)[0] for s in chart.series]
    assert models == sorted(models) and len(models) == count(
        "select distinct model_id from replica_cost where scenario_id = 'article' and precision = 'fp8'")
    assert _cells(book, chart.series[0].cat.strRef.f) == ["nvidia-h100-sxm", "nvidia-h200-sxm", "nvidia-b200-sxm", "nvidia-b300"]
    (generations,) = book["chart_gpus_per_replica"]._charts
    names = _cells(book, generations.series[0].cat.strRef.f)
    assert names[:3] == ["NVIDIA A100 SXM", "AMD Instinct MI250X", "NVIDIA H100 SXM"] and names[-1] == "NVIDIA Rubin Ultra"


def test_the_scatter_labels_every_gpu(exported, count):
    _, book = exported
    (chart,) = book["chart_bw_vs_capacity"]._charts
    labels = [_cells(book, s.tx.strRef.f)[0] for s in chart.series]
    # the HBM scatter is data-center GPUs only (category), one label per vendor and spec (B300 and GB300 share one)
    assert len(labels) == count("select distinct vendor, memory_gb, bandwidth_tbps from gpus where category = 'datacenter_gpu'")
    assert "NVIDIA H100 SXM" in labels and "NVIDIA B300 / GB300" in labels
    assert all(s.dLbls.showSerName for s in chart.series)


def test_the_measured_generations_chart_marks_preview_results(exported, count):
    """Shipped data: MLPerf DeepSeek-R1 tokens/s per GPU (generation_measured), Offline and Server, GPUs in
    order of release; Vera Rubin's results are MLPerf 'preview' and say so in their category."""
    _, book = exported
    (chart,) = book["chart_measured_generations"]._charts
    assert [_cells(book, s.tx.strRef.f)[0] for s in chart.series] == ["Offline", "Server"]
    categories = _cells(book, chart.series[0].cat.strRef.f)
    assert categories[-1] == "nvidia-r200 (preview)" and {"nvidia-b300", "nvidia-gb300"} <= set(categories)
    offline = dict(zip(categories, _cells(book, chart.series[0].val.numRef.f), strict=True))
    assert round(offline["nvidia-r200 (preview)"]) == 16435 and round(offline["nvidia-gb300"]) == 9629 and round(offline["nvidia-b300"]) == 9056


def test_a_chart_without_one_value_per_category_is_skipped_with_the_reason():
    spec = next(c for c in CHARTS if c.name == "chart_capex")
    frame = pl.DataFrame({"gpu_id": ["a", "a"], "model_id": ["m", "m"], "capex_usd": [1.0, 2.0],
                          "scenario_id": ["article"] * 2, "precision": ["fp8"] * 2,
                          "plan_kind": ["memory_minimum"] * 2, "price_basis": ["owned_tco"] * 2})
    assert chart_table(spec, frame, {"a": (2024, "", 1, "a")}) == (
        f"{spec.title}: replica_cost has 1 gpu_id x model_id pairs with more than one row; expected one value each")
    assert log_axis_min([100, 8000]) == 10 and log_axis_min([250, 900]) == 100


def test_claims_check_has_status_colours(exported):
    _, book = exported
    sheet = book["claims_check"]
    rules = [r for rng in sheet.conditional_formatting for r in rng.rules]
    assert sorted(r.formula[0] for r in rules) == [
        '"approximately_confirmed"', '"assumption_dependent"', '"confirmed"', '"partly_confirmed"', '"refuted"',
        '"unchecked"', '"unverifiable"']


def test_flat_files_match_the_warehouse(exported, count):
    report, _ = exported
    csv = pl.read_csv(report.out_dir / "csv" / "gpus.csv")
    parquet = pl.read_parquet(report.out_dir / "parquet" / "gpus.parquet")
    assert csv.height == parquet.height == count("select * from gpus")
    assert parquet.filter(pl.col("gpu_id") == "nvidia-r200")["bandwidth_tbps"].item() == 22.2
    names = {p.name for p in (report.out_dir / "csv").iterdir()}
    assert {"change_log.csv", "claims_check.csv", "replica_sizing.csv", "replica_cost.csv", "ref_bandwidth_tiers.csv"} <= names
    assert names == {p.stem + ".csv" for p in (report.out_dir / "parquet").iterdir()}


def test_revenue_is_one_line_per_company(exported, count):
    _, book = exported
    (chart,) = book["chart_revenue"]._charts
    names = [s.tx.strRef.f if s.tx.strRef else s.tx.v for s in chart.series]
    assert len(names) == len(set(names)) == count("select distinct company_id from company_financials where preferred")


def _numeric_cells(sheet, column: int):
    return [c for c in next(sheet.iter_cols(min_col=column, max_col=column, min_row=2)) if isinstance(c.value, int | float)
            and not isinstance(c.value, bool)]


def test_every_percent_column_is_formatted_by_its_unit(exported):
    """`_pct` holds points (39.1 shows as 39.1%), `_frac`/`_share` fractions (0.25 shows as 25.0%)."""
    _, book = exported
    seen = {}
    for sheet in book.worksheets[1 + len(CHARTS):]:  # the data sheets
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


def test_sk_hynix_growth_is_in_points_not_a_fraction(exported):
    _, book = exported
    sheet = book["investment_list"]
    header = [c.value for c in sheet[1]]
    col = header.index("latest_revenue_yoy_pct")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("company_id")].value == "000660.ks")
    cell = row[col]
    # points: Q1 2026 52.5763 / Q1 2025 17.6391 trillion won = +198.1%; Excel shows 198.1%, never 19807%
    assert 150 < cell.value < 250 and cell.number_format == '0.0"%"'


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


def test_an_export_replaces_only_its_own_files(shipped_settings, tmp_path):
    """`--out` never deletes what it did not write: a non-empty directory of someone else's files is
    refused untouched; in its own directory a later export keeps a file the analyst added, and a
    killed export's scratch directory is cleared."""
    foreign = tmp_path / "theirs"
    (foreign / "csv").mkdir(parents=True)
    (foreign / "csv" / "my_own_data.csv").write_text("a\n1\n")
    with pytest.raises(ExportDirectoryError, match="not empty .*csv/my_own_data.csv.*nothing was written"):
        export(shipped_settings, foreign, now=NOW)
    assert sorted(p.relative_to(foreign).as_posix() for p in foreign.rglob("*")) == ["csv", "csv/my_own_data.csv"]

    ours = tmp_path / "ours"
    first = export(shipped_settings, ours, now=NOW)
    (ours / "csv" / "my_own_data.csv").write_text("a\n1\n")
    (ours / "csv" / "zz_dropped_table.csv").write_text("x\n")  # as if an earlier export had written it
    with open(ours / MANIFEST, "a", encoding="utf-8") as fh:
        fh.write("csv/zz_dropped_table.csv\n")
    (ours / ".export-999999999-abc").mkdir()  # a killed export's scratch (no such process)
    second = export(shipped_settings, ours, now=NOW)
    assert second.tables == first.tables
    assert (ours / "csv" / "my_own_data.csv").read_text() == "a\n1\n"
    assert not (ours / "csv" / "zz_dropped_table.csv").exists()
    assert not list(ours.glob(".export-*"))
    written = (ours / MANIFEST).read_text().splitlines()
    assert "research.xlsx" in written and "csv/gpus.csv" in written and "csv/my_own_data.csv" not in written
