"""Shipped data: the evaluator sql/claims/supplier_quarterly_revenue.sql (claims contract) settles
Lumentum's "$480M/quarter" and Coherent's "+17% YoY" from the quarterly revenue rows, with the
arithmetic in `reason` and the source pages in `evidence`."""

from warehouse.sqlfiles import SQL_ROOT

COLUMNS = ["claim_id", "subject", "computed", "status", "reason", "basis", "evidence"]


def evaluate(warehouse):
    cursor = warehouse.execute((SQL_ROOT / "claims" / "supplier_quarterly_revenue.sql").read_text(encoding="utf-8"))
    assert [d[0] for d in cursor.description] == COLUMNS
    return {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()}


def test_lumentum_480m_is_its_q4_fy2025(warehouse):
    row = evaluate(warehouse)["lumentum-quarterly-revenue-480m"]
    assert (row["subject"], row["computed"], row["status"], row["basis"]) == ("lite", 480.7e6, None, "cited")
    assert row["reason"] == ("lite Q4 FY2025 (ended 2025-06-28): $480.7M, the quarter nearest $480.0M before the "
                             "article (cited, single secondary source)")
    assert row["evidence"] == "https://www.fool.com/data-news/2025/08/13/lumentum-revenue-jumps-56-percent-in-q4 (Motley Fool)"


def test_coherent_17_percent_is_q1_fy2026_over_q1_fy2025(warehouse):
    row = evaluate(warehouse)["coherent-revenue-yoy-17pct"]
    assert (row["subject"], round(row["computed"], 4), row["status"]) == ("cohr", 17.2849, None)  # 1581 / 1348 - 1
    assert row["reason"] == "cohr Q1 FY2026 $1581.0M / Q1 FY2025 $1348.0M = 17.28% y/y (cited, release or release copy)"
    assert row["evidence"].count("https://") == 2
