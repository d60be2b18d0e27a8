"""The workbook's native charts, each on a sheet of its own: the chart at the top, below it the
small table it draws (pivoted from the mart: one row per category, one column per series), so
every series has a name, every category appears once, and nothing sits off screen.

Titles state the assumptions (scenario, precision); GPU categories are ordered by release; a
log axis starts a decade below the smallest value, so the smallest bar still has a height;
scatter points are labelled with their names. A chart whose rows do not give one value per
category and series is skipped with the reason, never drawn from an arbitrary row.
"""

import math
from dataclasses import dataclass, field

import polars as pl

CHART_WIDTH, CHART_HEIGHT, DATA_ROW = 900, 480, 26  # the data table starts below the chart
SERIES_COLOURS = {"nvidia": "#76B900", "amd": "#ED1C24"}
PALETTE = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478", "#9E480E", "#636363", "#997300"]


@dataclass
class ChartSpec:
    """A native chart over one exported table."""

    name: str  # its sheet (<= 31 characters)
    sheet: str  # the table it reads
    kind: str  # scatter | scatter_line | column | bar
    title: str
    x: str  # category (column, bar) or x value (scatter)
    y: list[str]  # value column(s): one series each, unless series_by is set
    series_by: str | None = None  # one series per value of this column
    x_title: str = ""  # the category axis (column, bar) or the x axis (scatter)
    y_title: str = ""  # the value axis
    log_y: bool = False
    where: dict[str, str] = field(default_factory=dict)  # keep only rows with these values
    label: str | None = None  # scatter: the column naming each point
    order_by_release: bool = False  # categories are GPU names or ids: order them by release
    stacked: bool = False
    value_format: str | None = None  # number format of the value axis


CHARTS = [
    ChartSpec("chart_bw_vs_capacity", "gpus", "scatter", "HBM bandwidth vs HBM capacity per GPU (NVIDIA green, AMD red)",
              "memory_gb", ["bandwidth_tbps"], series_by="vendor", label="name", where={"category": "datacenter_gpu"},
              x_title="HBM capacity per GPU (GB)", y_title="HBM bandwidth per GPU (TB/s)"),
    ChartSpec("chart_bw_vs_a100", "gpus", "column", "HBM bandwidth relative to the A100, by GPU in order of release",
              "name", ["bw_vs_a100"], x_title="GPU (by release)", y_title="× A100 bandwidth", order_by_release=True,
              where={"category": "datacenter_gpu"}),
    ChartSpec("chart_bandwidth_cliff", "ref_bandwidth_tiers", "column",
              "Per-GPU bandwidth at each tier: the HBM → scale-out cliff (B300 vs R200, log scale)", "tier_name",
              ["bandwidth_gbs"], series_by="gpu_id", x_title="Tier", y_title="GB/s per GPU (log scale)", log_y=True),
    ChartSpec("chart_gpus_per_replica", "generation_summary", "column",
              "GPUs per replica by GPU in order of release (FP8 weights only, scenario article: 25% of HBM held back)",
              "name", ["gpus_405b_dense_fp8", "gpus_671b_moe_fp8", "gpus_1t_moe_fp8"],
              x_title="GPU (by release)", y_title="GPUs per replica", order_by_release=True,
              where={"category": "datacenter_gpu"}),
    ChartSpec("chart_capex", "replica_cost", "column",
              "Capex per replica by GPU and model (scenario article, FP8 weights; newest price per GPU)", "gpu_id",
              ["capex_usd"], series_by="model_id", where={"scenario_id": "article", "precision": "fp8"},
              x_title="GPU (by release)", y_title="USD per replica", order_by_release=True, value_format="$#,##0"),
    ChartSpec("chart_revenue", "company_financials", "scatter_line", "Quarterly revenue by company (USD millions, preferred source)",
              "period_end", ["revenue_usd_m"], series_by="company_id", where={"preferred": "true"},
              x_title="Quarter end", y_title="Revenue (USD m)"),
    ChartSpec("chart_exposure", "bottleneck_exposure", "bar",
              "Exposure share by company and bottleneck (the article's links, split equally)", "company_id",
              ["exposure_share"], series_by="bottleneck", x_title="Company", y_title="Exposure share", stacked=True,
              value_format="0%"),
]


def release_order(gpus: pl.DataFrame | None) -> dict[str, tuple]:
    """GPU name and id -> sort key by release (year, half, bandwidth)."""
    if gpus is None or gpus.is_empty():
        return {}
    keys = {}
    for r in gpus.iter_rows(named=True):
        key = (r.get("release_year") or 9999, r.get("release_half") or "", r.get("bandwidth_tbps") or 0, r["name"])
        keys[r["name"]] = keys[r["gpu_id"]] = key
    return keys


def chart_table(spec: ChartSpec, frame: pl.DataFrame, release: dict[str, tuple]) -> pl.DataFrame | str:
    """The rows the chart draws, or why it cannot be drawn.

    column/bar: one row per category (column `spec.x`), one column per series.
    scatter: columns series, label, x, y, one row per point, grouped by series."""
    needed = [spec.x, *spec.y, *([spec.series_by] if spec.series_by else []), *spec.where, *([spec.label] if spec.label else [])]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        return f"{spec.title}: {spec.sheet} lacks column(s) {', '.join(missing)}"
    rows = frame
    for column, value in spec.where.items():
        rows = rows.filter(pl.col(column).cast(pl.Utf8).str.to_lowercase() == value.lower())
    if rows.is_empty():
        return f"{spec.title}: no rows in {spec.sheet}"
    if spec.kind.startswith("scatter"):
        series = pl.col(spec.series_by).cast(pl.Utf8) if spec.series_by else pl.lit(spec.y[0])
        out = rows.select(series.alias("series"), (pl.col(spec.label).cast(pl.Utf8) if spec.label else pl.lit(None, pl.Utf8)).alias("label"),
                          pl.col(spec.x).alias(spec.x), pl.col(spec.y[0]).alias(spec.y[0]))
        return out.with_row_index("_i").sort("series", "_i", maintain_order=True).drop("_i")
    if spec.series_by:
        dupes = rows.group_by(spec.x, spec.series_by).len().filter(pl.col("len") > 1)
        if dupes.height:
            return (f"{spec.title}: {spec.sheet} has {dupes.height} {spec.x} x {spec.series_by} pairs with more than one row; "
                    "expected one value each")
        wide = rows.select(spec.x, pl.col(spec.series_by).cast(pl.Utf8), spec.y[0]).pivot(
            on=spec.series_by, index=spec.x, values=spec.y[0], maintain_order=True)
    else:
        if rows[spec.x].n_unique() != rows.height:
            return f"{spec.title}: {spec.sheet} has more than one row per {spec.x}; expected one value each"
        wide = rows.select(spec.x, *spec.y)
    if spec.order_by_release:
        unknown = [v for v in wide[spec.x].to_list() if v not in release]
        if unknown:
            return f"{spec.title}: no release date for {', '.join(map(str, unknown))} in gpus"
        wide = wide.with_columns(pl.col(spec.x).map_elements(lambda v: str(release[v]), return_dtype=pl.Utf8).alias("_key"))
        wide = wide.sort(pl.col(spec.x).map_elements(lambda v: release[v][0], return_dtype=pl.Int64), "_key").drop("_key")
    return wide


def log_axis_min(values: list[float]) -> float:
    """A decade at or below the smallest positive value, strictly below it: its bar keeps a height."""
    smallest = min(v for v in values if v and v > 0)
    return 10 ** math.floor(math.log10(smallest * 0.999))


def add_chart_sheet(workbook, spec: ChartSpec, table: pl.DataFrame, formats: dict) -> None:
    sheet = workbook.add_worksheet(spec.name)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)  # prints (and renders) as one page
    sheet.write_string(DATA_ROW - 2, 0, f"The data of the chart above, from sheet {spec.sheet}"
                       + (f" where {', '.join(f'{k} = {v}' for k, v in spec.where.items())}" if spec.where else ""))
    for c, name in enumerate(table.columns):
        sheet.write_string(DATA_ROW - 1, c, name, formats["header"])
        sheet.set_column(c, c, max(12, min(40, len(name) + 2)))
        for r, value in enumerate(table[name].to_list(), start=DATA_ROW):
            if value is None:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif hasattr(value, "year"):
                sheet.write_datetime(r, c, value, formats["date"])
            else:
                sheet.write_string(r, c, str(value))
    last = DATA_ROW + table.height - 1
    if spec.kind.startswith("scatter"):
        chart = workbook.add_chart({"type": "scatter", **({"subtype": "straight_with_markers"} if spec.kind == "scatter_line" else {})})
        rows = table.with_row_index("_r")
        groups = rows.partition_by("series", maintain_order=True)
        for g, block in enumerate(groups):
            colour = SERIES_COLOURS.get(str(block["series"][0]), PALETTE[g % len(PALETTE)])
            marker = {"type": "circle", "size": 7, "fill": {"color": colour}, "border": {"color": colour}}
            if spec.label:
                # one series per point, named by its label: LibreOffice and Excel both draw series-name
                # labels (custom label text is Excel-only); the colour says the group, the title names it
                for r in block["_r"].to_list():
                    chart.add_series({"name": [spec.name, DATA_ROW + r, 1], "categories": [spec.name, DATA_ROW + r, 2, DATA_ROW + r, 2],
                                      "values": [spec.name, DATA_ROW + r, 3, DATA_ROW + r, 3], "marker": marker,
                                      "data_labels": {"series_name": True, "position": "right", "font": {"size": 8}}})
                continue
            first, end = DATA_ROW + block["_r"][0], DATA_ROW + block["_r"][-1]
            chart.add_series({"name": str(block["series"][0]), "categories": [spec.name, first, 2, end, 2],
                              "values": [spec.name, first, 3, end, 3], "marker": marker,
                              "line": {"color": colour}})
        names = [] if spec.label else table["series"].unique().to_list()  # labelled points need no legend
    else:
        chart = workbook.add_chart({"type": spec.kind, **({"subtype": "stacked"} if spec.stacked else {})})
        names = table.columns[1:]
        for c, name in enumerate(names, start=1):
            chart.add_series({
                "name": [spec.name, DATA_ROW - 1, c],
                "categories": [spec.name, DATA_ROW, 0, last, 0],
                "values": [spec.name, DATA_ROW, c, last, c],
            })
    chart.set_title({"name": spec.title, "name_font": {"size": 12}})
    category_axis = {"name": spec.x_title}
    value_axis = {"name": spec.y_title, **({"num_format": spec.value_format} if spec.value_format else {})}
    if spec.log_y:
        columns = spec.y if spec.kind.startswith("scatter") else names
        values = [v for n in columns for v in table[n].to_list() if isinstance(v, int | float)]
        value_axis |= {"log_base": 10, "min": log_axis_min(values)}
    if spec.kind.startswith("scatter") and table.schema[spec.x] in (pl.Date, pl.Datetime):
        category_axis |= {"date_axis": True, "num_format": "yyyy-mm"}
    if spec.kind == "bar":  # a bar chart's x axis is the horizontal value axis (xlsxwriter swaps them)
        chart.set_x_axis(value_axis)
        chart.set_y_axis(category_axis | {"reverse": True})
    else:
        chart.set_x_axis(category_axis)
        chart.set_y_axis(value_axis)
    chart.set_legend({"none": True} if len(names) <= 1 else {"position": "bottom"})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    sheet.insert_chart(0, 0, chart)
