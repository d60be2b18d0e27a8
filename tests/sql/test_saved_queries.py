"""Shipped data: saved research queries (sql/queries/) run against the warehouse built from the
shipped sources and answer exactly.

Each file opens with a comment stating its question, so `bottlenecks query --file` users
and DuckDB CLI users know what they are running.
"""

import pytest

from warehouse.sqlfiles import SQL_ROOT

QUERIES = sorted((SQL_ROOT / "queries").glob("*.sql"))


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_every_saved_query_states_its_question_and_runs(path, warehouse):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-- ") and "?" in text.splitlines()[0], f"{path.name} must open with its question"
    warehouse.execute(text).fetchall()


def run(warehouse, name):
    cursor = warehouse.execute((SQL_ROOT / "queries" / f"{name}.sql").read_text(encoding="utf-8"))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_bandwidth_cliff_b300_vs_r200(warehouse):
    rows = run(warehouse, "bandwidth_cliff_b300_vs_r200")
    assert [(r["tier"], r["b300_gbs"], r["r200_gbs"], r["growth_b300_to_r200"]) for r in rows] == [
        (1, 8000.0, 22200.0, 2.78), (2, 1800.0, 3600.0, 2.0), (3, 900.0, 1800.0, 2.0), (4, 100.0, 200.0, 2.0),
    ]
    # the article's 80x cliff is B300's; on R200 it is 111x
    assert (rows[-1]["b300_drop_from_hbm"], rows[-1]["r200_drop_from_hbm"]) == (80.0, 111.0)


def test_bandwidth_per_watt(warehouse):
    rows = run(warehouse, "bandwidth_per_watt")
    values = [r["bandwidth_gbs_per_w"] for r in rows]
    assert len(rows) == warehouse.execute("select count(*) from gpus where tdp_w is not null").fetchone()[0] and values == sorted(values, reverse=True)
    r200 = next(r for r in rows if r["name"] == "NVIDIA Rubin R200")
    assert (r200["bandwidth_gbs_per_w"], r200["tdp_is_estimate"]) == (9.65, True)  # 22,200 GB/s / ~2,300 W


def test_first_gpu_to_serve_a_1t_moe_on_one_node(warehouse):
    rows = {(r["vendor"], r["precision"]): r for r in run(warehouse, "first_gpu_to_serve_1t_moe_on_one_node")}
    nvidia = rows[("nvidia", "fp8")]
    # H100 needs three nodes (TP8 PP3), H200 two; B200 is the first to hold Kimi K2.5 in one 8-GPU node
    assert (nvidia["first_gpu"], nvidia["plan"], nvidia["gpus_per_replica"]) == ("NVIDIA B200 SXM", "TP8", 8)
    assert "NVIDIA H100 SXM: TP8 PP3 on 3 node(s)" in nvidia["all_gpus"]
    assert rows[("amd", "fp8")]["first_gpu"] == "AMD Instinct MI300X"


def test_bottleneck_demand_vs_revenue_growth(warehouse):
    rows = run(warehouse, "bottleneck_demand_vs_revenue_growth")
    top = rows[0]
    # Samsung: HBM per GPU package 288 GB (R200) -> 1,024 GB (Rubin Ultra) in a year, revenue +69.2% y/y
    # (Q1 2026 133.87 / Q1 2025 79.14 trillion won); its HBM share (0.17, market_share) ranks it third
    assert (top["company_id"], top["bottleneck"], top["demand_growth_per_year_pct"], top["revenue_yoy_pct"],
            top["exposure_basis"], top["bottleneck_rank"]) == ("005930.ks", "hbm_capacity", 255.6, 69.2, "market_share", 3)
    assert top["demand_grows_faster"] is True


def test_supplier_vs_gpu_maker_growth(warehouse):
    rows = run(warehouse, "supplier_vs_gpu_maker_growth")
    q4 = {(r["side"], r["company_id"]): r for r in rows if r["calendar_quarter"] == "2025-Q4"}
    nvda = q4[("gpu_maker", "nvda")]
    # NVIDIA's Q4 FY2026 (ended 2026-01-25) is calendar 2025-Q4: data center $62.3B, +75% y/y as stated
    assert (nvda["fiscal_period"], nvda["revenue_usd_m"], nvda["yoy_pct"], nvda["confidence"]) == (
        "Q4 FY2026", 62300.0, 75.0, "single secondary source")
    assert (q4[("gpu_maker", "amd")]["revenue_usd_m"], q4[("gpu_maker", "amd")]["yoy_pct"]) == (5400.0, 39.0)
    lite = q4[("supplier", "lite")]  # Q2 FY2026 665.5 vs Q2 FY2025 402.2: +65.5%
    assert (lite["fiscal_period"], lite["revenue_usd_m"], lite["yoy_pct"], lite["basis"]) == ("Q2 FY2026", 665.5, 65.5, "cited")
