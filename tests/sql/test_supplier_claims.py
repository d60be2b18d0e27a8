"""Shipped data: The article's supplier revenue claims re-checked from the cited reference revenue: Lumentum's
"$600M+/quarter by mid-2026" is a lower bound (Q3 FY2026: $808.4M holds), Coherent's "$1.58B
quarterly revenue" is its latest quarter released before the article (Q1 FY2026, $1,581M)."""


def test_lumentum_lower_bound_holds_above_the_bound(warehouse):
    row = warehouse.execute(
        "select status, computed_value, reason from claims_check where claim_id = 'lumentum-quarterly-revenue-600m-mid-2026'"
    ).fetchone()
    assert row[:2] == ("confirmed", 808.4e6)
    assert row[2].startswith("lite Q3 FY2026 (ended 2026-03-28): $808.4M reported")


def test_coherent_quarter_before_the_article(warehouse):
    row = warehouse.execute(
        "select status, computed_value, reason from claims_check where claim_id = 'coherent-quarterly-revenue'"
    ).fetchone()
    assert row[:2] == ("confirmed", 1581e6)
    assert row[2].startswith("cohr Q1 FY2026 (released 2025-11-05): $1581M reported")


def test_revenue_claims_without_a_matching_quarter_stay_unchecked(warehouse):
    # $480M/quarter was Lumentum's level before any quarter the reference data holds
    assert warehouse.execute(
        "select status from claims_check where claim_id = 'lumentum-quarterly-revenue-480m'"
    ).fetchone() == ("unchecked",)
