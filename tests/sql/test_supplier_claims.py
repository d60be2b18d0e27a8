"""Shipped data: the article's supplier revenue claims re-checked from the cited reference revenue:
Lumentum's "$600M+/quarter by mid-2026" is a lower bound (Q3 FY2026: $808.4M holds); its "$480M" start is
Q4 FY2025 ($480.7M), while the latest quarter before the article was $665.5M; Coherent's "$1.58B (+17% YoY)"
is Q1 FY2026 ($1,581M, +17.28% over Q1 FY2025's $1,348M)."""


def row(warehouse, claim_id):
    return warehouse.execute(
        "select status, computed_value, reason from claims_check where claim_id = ?", [claim_id]).fetchone()


def test_lumentum_lower_bound_holds_above_the_bound(warehouse):
    status, computed, reason = row(warehouse, "lumentum-quarterly-revenue-600m-mid-2026")
    assert (status, computed) == ("confirmed", 808.4e6)
    assert reason.startswith("lite Q3 FY2026 (ended 2026-03-28): $808.4M reported")


def test_lumentum_480m_start_is_fiscal_2025s_last_quarter(warehouse):
    status, computed, reason = row(warehouse, "lumentum-quarterly-revenue-480m")
    assert (status, computed) == ("assumption_dependent", 480.7e6)
    assert "[fiscal-2025-exit, the article's reading] lite Q4 FY2025 (ended 2025-06-28): $480.7M reported" in reason
    assert "[latest-before-article] lite Q2 FY2026 (ended 2025-12-27): $665.5M reported" in reason


def test_coherent_quarter_and_growth(warehouse):
    assert row(warehouse, "coherent-quarterly-revenue")[:2] == ("approximately_confirmed", 1581e6)
    status, computed, reason = row(warehouse, "coherent-revenue-yoy-17pct")
    assert (status, round(computed, 2)) == ("approximately_confirmed", 17.28)
    assert reason.startswith("cohr Q1 FY2026 $1,581M / Q1 FY2025 $1,348M - 1 = +17.28%")
