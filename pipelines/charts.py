"""The workbook's native charts, each on a sheet of its own: the chart at the top, below it the
small table it draws (pivoted from the mart: one row per category, one column per series), so
every series has a name, every category appears once, and nothing sits off screen.

Titles state the assumptions (scenario, precision); GPU categories are ordered by release; a
log axis starts a decade below the smallest value, so the smallest bar still has a height;
scatter points are labelled with their names, each label placed right, left, above or below its
point where it covers the fewest other labels and points (`place_labels`, on the chart's own
fixed axes and plot area, so two GPUs with the same specs get labels on opposite sides). A
chart whose rows do not give one value per category and series is skipped with the reason,
never drawn from an arbitrary row.
"""

import itertools
import math
import re
from dataclasses import dataclass, field

import polars as pl

CHART_WIDTH, CHART_HEIGHT, DATA_ROW = 900, 480, 26  # the data table starts below the chart
# A labelled scatter's plot area, as fractions of the chart (fixed, so label placement knows where
# each point is drawn), and its labels' size: 8 pt text, about 5 px a character, one line 12 px
# high, wrapped onto two lines past LABEL_WRAP characters (as LibreOffice does).
PLOT_LAYOUT = {"x": 0.09, "y": 0.11, "width": 0.87, "height": 0.68}
LABEL_FONT_SIZE, LABEL_CHAR_PX, LABEL_LINE_PX, LABEL_GAP_PX, MARKER_PX, LABEL_WRAP = 8, 5.0, 12.0, 5.0, 9.0, 24
LABEL_POSITIONS = ("right", "left", "above", "below")  # in order of preference on a tie
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
    log_x: bool = False  # scatter: a log x axis too
    log_base: int = 10
    where: dict[str, str | tuple[str, ...]] = field(default_factory=dict)  # keep only rows with these values (a tuple: any of them)
    label: str | None = None  # scatter: the column naming each point
    order_by_release: bool = False  # categories are GPU names or ids: order them by release
    stacked: bool = False
    value_format: str | None = None  # number format of the value axis
    # (column, value): categories with a row where column = value get " (value)" in their label, e.g.
    # ("availability", "preview") marks results of systems not yet available
    mark: tuple[str, str] | None = None


CHARTS = [
    ChartSpec("chart_bw_vs_capacity", "gpus", "scatter",
              "HBM bandwidth vs HBM capacity per GPU (NVIDIA green, AMD red; log scales)",
              "memory_gb", ["bandwidth_tbps"], series_by="vendor", label="name", where={"category": "datacenter_gpu"},
              x_title="HBM capacity per GPU (GB, log scale)", y_title="HBM bandwidth per GPU (TB/s, log scale)",
              log_y=True, log_x=True),
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
              "Capex per replica by GPU and model (scenario article, FP8 weights, memory minimum; cited capex per GPU)",
              "gpu_id", ["capex_usd"], series_by="model_id",
              where={"scenario_id": "article", "precision": "fp8", "plan_kind": "memory_minimum", "price_basis": "owned_tco"},
              x_title="GPU (by release)", y_title="USD per replica", order_by_release=True, value_format="$#,##0"),
    ChartSpec("chart_revenue", "company_financials", "scatter_line", "Quarterly revenue by company (USD millions, preferred source)",
              "period_end", ["revenue_usd_m"], series_by="company_id", where={"preferred": "true"},
              x_title="Quarter end", y_title="Revenue (USD m)"),
    ChartSpec("chart_exposure", "bottleneck_exposure", "bar",
              "Exposure share by company and bottleneck (the article's links, split equally)", "company_id",
              ["exposure_share"], series_by="bottleneck", x_title="Company", y_title="Exposure share", stacked=True,
              value_format="0%"),
    ChartSpec("chart_measured_generations", "generation_measured", "column",
              "MLPerf DeepSeek-R1: best measured tokens/s per GPU, by GPU in order of release "
              "(Offline and Server; '(preview)' = results of systems not yet available)",
              "gpu_id", ["best_tokens_per_s_per_gpu"], series_by="scenario",
              where={"benchmark": "deepseek-r1", "scenario": ("Offline", "Server")},
              x_title="GPU (by release)", y_title="tokens/s per GPU (measured)", order_by_release=True,
              value_format="#,##0", mark=("availability", "preview")),
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
    needed = [spec.x, *spec.y, *([spec.series_by] if spec.series_by else []), *spec.where, *([spec.label] if spec.label else []),
              *([spec.mark[0]] if spec.mark else [])]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        return f"{spec.title}: {spec.sheet} lacks column(s) {', '.join(missing)}"
    rows = frame
    for column, value in spec.where.items():
        wanted = [v.lower() for v in value] if isinstance(value, tuple) else [value.lower()]
        rows = rows.filter(pl.col(column).cast(pl.Utf8).str.to_lowercase().is_in(wanted))
    if rows.is_empty():
        return f"{spec.title}: no rows in {spec.sheet}"
    if spec.kind.startswith("scatter"):
        series = pl.col(spec.series_by).cast(pl.Utf8) if spec.series_by else pl.lit(spec.y[0])
        out = rows.select(series.alias("series"), (pl.col(spec.label).cast(pl.Utf8) if spec.label else pl.lit(None, pl.Utf8)).alias("label"),
                          pl.col(spec.x).alias(spec.x), pl.col(spec.y[0]).alias(spec.y[0]))
        # devices of one series with the same x and y are one point, their labels joined: four labels on
        # one spot cannot all be placed apart (B300 and GB300; MI350X and MI355X)
        out = (out.with_row_index("_i")
               .group_by("series", spec.x, spec.y[0], maintain_order=True)
               .agg(pl.col("label"), pl.col("_i").min())
               .with_columns(pl.col("label").map_elements(_shared_label, return_dtype=pl.Utf8)))
        return out.select("series", "label", spec.x, spec.y[0], "_i").sort("series", "_i", maintain_order=True).drop("_i")
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
    if spec.mark:
        column, value = spec.mark
        marked = set(rows.filter(pl.col(column).cast(pl.Utf8) == value)[spec.x].to_list())
        wide = wide.with_columns(pl.col(spec.x).map_elements(lambda v: f"{v} ({value})" if v in marked else v,
                                                             return_dtype=pl.Utf8))
    return wide


def _shared_label(labels: list[str]) -> str:
    """One label for several devices on one point: 'NVIDIA B300 / GB300' (parentheses dropped, the first
    name's leading words not repeated), so the label stays short enough to place."""
    if len(labels) == 1:
        return labels[0]
    names = [re.sub(r"\s*\(.*?\)", "", label).strip() for label in labels]
    head = names[0].split()
    rest = []
    for name in names[1:]:
        words = name.split()
        while len(words) > 1 and words[0] in head[:-1]:
            words = words[1:]
        rest.append(" ".join(words))
    return " / ".join([names[0], *rest])


def _either(value: str | tuple[str, ...]) -> str:
    return " or ".join(value) if isinstance(value, tuple) else value


def log_axis_min(values: list[float], base: int = 10) -> float:
    """A power of `base` at or below the smallest positive value, strictly below it: its bar keeps a height."""
    smallest = min(v for v in values if v and v > 0)
    return base ** math.floor(math.log(smallest * 0.999, base))


def axis_bounds(values: list[float], log_base: int | None) -> tuple[float, float]:
    """Fixed axis bounds strictly around the values, round numbers (1, 2 or 5 x 10^k): on a log
    axis the round number below the minimum and the one above the maximum; on a linear one from 0
    (or below a negative minimum) to the round number above the maximum."""
    lo, hi = min(values), max(values)
    if log_base:
        return _round(lo, down=True), _round(hi, down=False)
    return (-_round(-lo, down=False) if lo < 0 else 0.0), _round(hi, down=False)


def _round(v: float, *, down: bool) -> float:
    if v <= 0:
        return 0.0
    decade = 10 ** math.floor(math.log10(v))
    steps = [m * decade for m in (0.5, 1, 2, 5, 10)]
    return max(m for m in steps if m < v * 0.9999) if down else min(m for m in steps if m > v * 1.0001)


def _fraction(v: float, lo: float, hi: float, log_base: int | None) -> float:
    if log_base:
        return (math.log(v, log_base) - math.log(lo, log_base)) / (math.log(hi, log_base) - math.log(lo, log_base))
    return (v - lo) / (hi - lo)


def _label_box(x: float, y: float, label: str, position: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in pixels, y upwards, of a label drawn at `position` of a point."""
    lines = 1 if len(label) <= LABEL_WRAP else 2
    w = LABEL_CHAR_PX * (len(label) if lines == 1 else math.ceil(len(label) / 2))
    h = LABEL_LINE_PX * lines
    if position == "right":
        return x + LABEL_GAP_PX, y - h / 2, x + LABEL_GAP_PX + w, y + h / 2
    if position == "left":
        return x - LABEL_GAP_PX - w, y - h / 2, x - LABEL_GAP_PX, y + h / 2
    gap = LABEL_LINE_PX / 2 + 1  # above or below: clear of a neighbour's side label on the same line
    if position == "above":
        return x - w / 2, y + gap, x + w / 2, y + gap + h
    return x - w / 2, y - gap - h, x + w / 2, y - gap


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def place_labels(points: list[tuple[str, float, float]], x_bounds: tuple[float, float], y_bounds: tuple[float, float],
                 log_x: int | None, log_y: int | None, plot_px: tuple[float, float]) -> list[str]:
    """Where each point's label goes (right, left, above or below), greedily: the most crowded
    points first, each label where it covers the least area of the labels already placed, of the
    other points' markers and of the space outside the plot (ties: the order of LABEL_POSITIONS)."""
    width, height = plot_px
    xy = [(_fraction(x, *x_bounds, log_x) * width, _fraction(y, *y_bounds, log_y) * height) for _, x, y in points]
    markers = [(px - MARKER_PX / 2, py - MARKER_PX / 2, px + MARKER_PX / 2, py + MARKER_PX / 2) for px, py in xy]
    plot = (0.0, 0.0, width, height)

    def crowding(i: int) -> int:
        return sum(1 for j, (px, py) in enumerate(xy) if j != i and abs(px - xy[i][0]) < 150 and abs(py - xy[i][1]) < 40)

    placed: dict[int, tuple[float, float, float, float]] = {}
    chosen: dict[int, str] = {}

    def cost(i: int, position: str) -> float:
        box = _label_box(*xy[i], points[i][0], position)
        area = (box[2] - box[0]) * (box[3] - box[1])
        return (sum(_overlap(box, other) for j, other in placed.items() if j != i)
                # a label over another point hides it: worse than touching a label
                + 4 * sum(_overlap(box, m) for j, m in enumerate(markers) if j != i)
                + 2 * (area - _overlap(box, plot)))

    order = sorted(range(len(points)), key=lambda i: (-crowding(i), i))
    # a greedy pass, then passes that move a label wherever it now costs less, until none moves
    for sweep in range(4):
        moved = False
        for i in order:
            best = min(LABEL_POSITIONS, key=lambda position: cost(i, position))
            if i not in chosen or cost(i, best) < cost(i, chosen[i]):
                moved = moved or sweep > 0
                chosen[i] = best
                placed[i] = _label_box(*xy[i], points[i][0], best)
        if sweep and not moved:
            break
    # labels still covering something, if few, are placed together: every combination of their positions
    stuck = [i for i in order if cost(i, chosen[i]) > 0][:6]
    if len(stuck) > 1:
        def total(combo: tuple[str, ...]) -> float:
            for i, position in zip(stuck, combo, strict=True):
                placed[i] = _label_box(*xy[i], points[i][0], position)
            return sum(cost(i, position) for i, position in zip(stuck, combo, strict=True))

        best = min(itertools.product(LABEL_POSITIONS, repeat=len(stuck)), key=total)
        for i, position in zip(stuck, best, strict=True):
            chosen[i] = position
            placed[i] = _label_box(*xy[i], points[i][0], position)
    return [chosen[i] for i in range(len(points))]


def add_chart_sheet(workbook, spec: ChartSpec, table: pl.DataFrame, formats: dict) -> None:
    sheet = workbook.add_worksheet(spec.name)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)  # prints (and renders) as one page
    sheet.write_string(DATA_ROW - 2, 0, f"The data of the chart above, from sheet {spec.sheet}"
                       + (f" where {', '.join(f'{k} = {_either(v)}' for k, v in spec.where.items())}" if spec.where else ""))
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
        if spec.label:
            bounds = {axis: axis_bounds([float(v) for v in table[c].to_list()], spec.log_base if log else None)
                      for axis, c, log in (("x", spec.x, spec.log_x), ("y", spec.y[0], spec.log_y))}
            plot_px = (CHART_WIDTH * PLOT_LAYOUT["width"], CHART_HEIGHT * PLOT_LAYOUT["height"])
            positions = place_labels(list(zip(table["label"].to_list(), table[spec.x].to_list(), table[spec.y[0]].to_list(),
                                              strict=True)), bounds["x"], bounds["y"],
                                     spec.log_base if spec.log_x else None, spec.log_base if spec.log_y else None, plot_px)
        for g, block in enumerate(groups):
            colour = SERIES_COLOURS.get(str(block["series"][0]), PALETTE[g % len(PALETTE)])
            marker = {"type": "circle", "size": 7, "fill": {"color": colour}, "border": {"color": colour}}
            if spec.label:
                # one series per point, named by its label: LibreOffice and Excel both draw series-name
                # labels (custom label text is Excel-only); the colour says the group, the title names it
                for r in block["_r"].to_list():
                    chart.add_series({"name": [spec.name, DATA_ROW + r, 1], "categories": [spec.name, DATA_ROW + r, 2, DATA_ROW + r, 2],
                                      "values": [spec.name, DATA_ROW + r, 3, DATA_ROW + r, 3], "marker": marker,
                                      "data_labels": {"series_name": True, "position": positions[r],
                                                      "font": {"size": LABEL_FONT_SIZE}}})
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
    if spec.kind.startswith("scatter") and spec.label:
        # fixed bounds and plot area: where place_labels assumed each point is drawn
        for axis, key, log in ((category_axis, "x", spec.log_x), (value_axis, "y", spec.log_y)):
            axis |= {"min": bounds[key][0], "max": bounds[key][1], "major_gridlines": {"visible": True},
                     **({"log_base": spec.log_base, "minor_gridlines": {"visible": True, "line": {"color": "#E4E4E4"}}}
                        if log else {})}
        chart.set_plotarea({"layout": PLOT_LAYOUT})
    elif spec.log_y:
        columns = spec.y if spec.kind.startswith("scatter") else names
        values = [v for n in columns for v in table[n].to_list() if isinstance(v, int | float)]
        value_axis |= {"log_base": spec.log_base, "min": log_axis_min(values, spec.log_base)}
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
