"""`claims_check`: the article re-checked. The 80x cliff holds for B300 (8,000/100) but
not for R200 (22,200/200 = 111x); "3x bandwidth per GPU" is 2.78x against B300."""


def status(warehouse, claim_id):
    return warehouse.execute(
        "select status, article_value, computed_value, computed_value_high from claims_check where claim_id = ?", [claim_id]
    ).fetchone()


def test_every_claim_gets_one_row(warehouse):
    assert warehouse.execute("select count(*), count(distinct claim_id) from claims_check").fetchone() == (74, 74)
    counts = dict(warehouse.execute("select status, count(*) from claims_check group by status").fetchall())
    assert counts == {"confirmed": 31, "partly_confirmed": 1, "refuted": 1, "unchecked": 41}


def test_the_80x_cliff_holds_for_b300_only(warehouse):
    assert status(warehouse, "hbm-to-scaleout-drop-80x") == ("partly_confirmed", 80.0, 80.0, 111.0)
    reason = warehouse.execute("select reason from claims_check where claim_id = 'hbm-to-scaleout-drop-80x'").fetchone()[0]
    assert "nvidia-r200: HBM 22200 GB/s / scale-out 200 GB/s = 111.0x" in reason


def test_ranges_and_rounding(warehouse):
    assert status(warehouse, "tier-drop-hbm-to-nvlink-4-6x")[0] == "confirmed"  # 4.44x and 6.17x, "~4-6x"
    assert status(warehouse, "bw-vs-a100-amd-mi300x") == ("confirmed", 2.7, 2.7, 2.7)
    assert status(warehouse, "rubin-3x-bandwidth-per-gpu") == ("refuted", 3.0, 2.775, 2.775)
    assert status(warehouse, "kimi-k2.5-h100-gpus-64") == ("confirmed", 64.0, 64.0, 64.0)


def test_claims_without_warehouse_data_say_so(warehouse):
    row = warehouse.execute(
        "select status, reason, computed_value from claims_check where claim_id = 'glm-4-355b-dense'"
    ).fetchone()
    assert row == ("unchecked", "no warehouse data recomputes this claim yet", None)
    assert warehouse.execute(
        "select status, reason from claims_check where claim_id = 'inference-not-compute-constrained'"
    ).fetchone() == ("unchecked", "not a number the warehouse can recompute")
