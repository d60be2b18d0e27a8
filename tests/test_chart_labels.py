"""The bandwidth-vs-capacity scatter labels each GPU where its label covers no other: each point is
a series of its own, its data label placed per series (right, left, above, below) by
`place_labels` on the chart's fixed log axes and plot area; the B300 and the MI350X, which share
288 GB and 8 TB/s, get labels on different sides. Read back from the written workbook."""

import math
import re
import zipfile

import duckdb
import openpyxl
import pytest
import xlsxwriter

from pipelines.charts import (
    CHART_HEIGHT, CHART_WIDTH, CHARTS, LABEL_POSITIONS, PLOT_LAYOUT, _label_box, _overlap, add_chart_sheet, axis_bounds,
    chart_table, place_labels, release_order,
)

SPEC = next(c for c in CHARTS if c.name == "chart_bw_vs_capacity")
PLOT_PX = (CHART_WIDTH * PLOT_LAYOUT["width"], CHART_HEIGHT * PLOT_LAYOUT["height"])
# the label positions as the chart XML writes them (c:dLblPos); xlsxwriter leaves out a scatter's
# default, right, and Excel and LibreOffice draw a label without one on the right
DLBL_POS = {"r": "right", "l": "left", "t": "above", "b": "below", None: "right"}


@pytest.fixture(scope="module")
def scatter(shipped_settings, tmp_path_factory):
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    gpus = con.sql("select * from gpus").pl()
    con.close()
    table = chart_table(SPEC, gpus, release_order(gpus))
    path = tmp_path_factory.mktemp("chart") / "scatter.xlsx"
    book = xlsxwriter.Workbook(str(path))
    add_chart_sheet(book, SPEC, table, {"header": book.add_format({"bold": True}), "date": book.add_format()})
    book.close()
    workbook = openpyxl.load_workbook(path)
    (chart,) = workbook[SPEC.name]._charts
    sheet = workbook[SPEC.name]
    names = [sheet[s.tx.strRef.f.split("!")[1].replace("$", "")].value for s in chart.series]
    xml = zipfile.ZipFile(path).read("xl/charts/chart1.xml").decode()
    return table, chart, {name: DLBL_POS[s.dLbls.dLblPos] for name, s in zip(names, chart.series, strict=True)}, xml


def test_each_gpu_label_has_its_own_position_and_the_b300_and_mi350x_do_not_collide(scatter):
    table, chart, positions, _ = scatter
    # data-center GPUs only; one point per vendor and spec, so identical parts share one label
    assert len(positions) == table.height == 13
    assert positions == {
        "AMD Instinct MI250X": "right", "AMD Instinct MI300X": "above", "AMD Instinct MI325X": "right",
        "AMD Instinct MI350X / MI355X": "left", "AMD Instinct MI455X": "right",
        "NVIDIA A100 SXM": "right", "NVIDIA H100 SXM": "right", "NVIDIA H200 SXM": "left",
        "NVIDIA B200 SXM / GB200": "left",
        "NVIDIA B300 / GB300": "right",
        "NVIDIA Rubin R200": "left", "NVIDIA Rubin CPX": "right", "NVIDIA Rubin Ultra": "right",
    }
    assert all(s.dLbls.showSerName for s in chart.series)


def test_the_axes_are_the_fixed_log_axes_the_placement_assumed(scatter):
    _, chart, _, xml = scatter
    assert (chart.x_axis.scaling.logBase, chart.x_axis.scaling.min, chart.x_axis.scaling.max) == (10, 50, 2000)
    assert (chart.y_axis.scaling.logBase, chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (10, 1, 50)
    # the plot area's manual layout (openpyxl does not read it back): the inner plot, as fractions of the chart
    layout = re.search(r"<c:plotArea><c:layout><c:manualLayout>(.*?)</c:manualLayout>", xml)[1]
    values = dict(re.findall(r'<c:(x|y|w|h) val="([\d.]+)"/>', layout))
    assert '<c:layoutTarget val="inner"/>' in layout
    assert {k: round(float(v), 6) for k, v in values.items()} == {"x": 0.09, "y": 0.11, "w": 0.87, "h": 0.68}


def test_no_label_covers_another_label_or_a_point(scatter):
    table, _, positions, _ = scatter
    points = list(zip(table["label"], table["memory_gb"], table["bandwidth_tbps"], strict=True))
    placed = place_labels(points, axis_bounds(table["memory_gb"].to_list(), 10),
                          axis_bounds(table["bandwidth_tbps"].to_list(), 10), 10, 10, PLOT_PX)
    assert placed == [positions[p[0]] for p in points]
    xb, yb = axis_bounds(table["memory_gb"].to_list(), 10), axis_bounds(table["bandwidth_tbps"].to_list(), 10)
    xy = [((math.log10(x) - math.log10(xb[0])) / (math.log10(xb[1]) - math.log10(xb[0])) * PLOT_PX[0],
           (math.log10(y) - math.log10(yb[0])) / (math.log10(yb[1]) - math.log10(yb[0])) * PLOT_PX[1]) for _, x, y in points]
    boxes = [_label_box(*xy[i], points[i][0], placed[i]) for i in range(len(points))]
    clashes = [(points[i][0], points[j][0]) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
               if _overlap(boxes[i], boxes[j]) > 0]
    assert clashes == []
    covered = [(points[i][0], points[j][0]) for i, box in enumerate(boxes) for j, (px, py) in enumerate(xy)
               if j != i and _overlap(box, (px - 3, py - 3, px + 3, py + 3)) > 0]
    assert covered == []


def test_two_points_at_the_same_place_get_labels_on_different_sides():
    points = [("AMD Instinct MI350X", 288.0, 8.0), ("NVIDIA B300 (Blackwell Ultra)", 288.0, 8.0)]
    first, second = place_labels(points, (50, 2000), (1, 50), 10, 10, PLOT_PX)
    assert (first, second) == ("right", "left") and {first, second} <= set(LABEL_POSITIONS)
    # near the plot's right edge a label goes left rather than out of the plot
    assert place_labels([("NVIDIA Rubin Ultra", 1900.0, 30.0)], (50, 2000), (1, 50), 10, 10, PLOT_PX) == ["left"]


def test_axis_bounds_are_round_numbers_strictly_outside_the_values():
    assert axis_bounds([80, 1024], 10) == (50, 2000)
    assert axis_bounds([2, 32], 10) == (1, 50)
    assert axis_bounds([100, 8000], 10) == (50, 10000)
    assert axis_bounds([2, 32], None) == (0.0, 50)
