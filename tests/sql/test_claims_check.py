"""Shipped data: `claims_check` on the article's own claims (the rules, over literal rows, are in
test_claims_check_rules.py). The 80x cliff holds for B300 (8,000/100) but
not for R200 (22,200/200 = 111x); "3x bandwidth per GPU" is 2.78x against B300."""


def status(warehouse, claim_id):
    return warehouse.execute(
        "select status, article_value, computed_value, computed_value_high from claims_check where claim_id = ?", [claim_id]
    ).fetchone()


def test_shipped_data_every_claim_gets_one_row_with_a_known_status(warehouse):
    """Shipped data: one row per claim in ref_claims (however many the article has), each with a status."""
    assert warehouse.execute("select count(*), count(distinct claim_id) from claims_check").fetchone() == warehouse.execute(
        "select count(*), count(distinct claim_id) from ref_claims"
    ).fetchone()
    statuses = {s for (s,) in warehouse.execute("select distinct status from claims_check").fetchall()}
    assert statuses <= {"confirmed", "partly_confirmed", "refuted", "unchecked"}


def test_the_80x_cliff_holds_for_b300_only(warehouse):
    assert status(warehouse, "hbm-to-scaleout-drop-80x") == ("partly_confirmed", 80.0, 80.0, 111.0)
    reason = warehouse.execute("select reason from claims_check where claim_id = 'hbm-to-scaleout-drop-80x'").fetchone()[0]
    assert "nvidia-r200: HBM 22200 GB/s / scale-out 200 GB/s = 111.0x" in reason


def test_ranges_and_rounding(warehouse):
    assert status(warehouse, "tier-drop-hbm-to-nvlink-4-6x")[0] == "confirmed"  # 4.44x and 6.17x, "~4-6x"
    assert status(warehouse, "bw-vs-a100-amd-mi300x") == ("confirmed", 2.7, 2.7, 2.7)
    assert status(warehouse, "rubin-3x-bandwidth-per-gpu") == ("refuted", 3.0, 2.775, 2.775)
    # 2 x 16 x 2 = 64 holds as arithmetic, but it is no minimum: memory alone needs 24 H100
    assert status(warehouse, "kimi-k2.5-h100-gpus-64") == ("partly_confirmed", 64.0, 24.0, 64.0)


def test_claims_without_warehouse_data_say_so(warehouse):
    row = warehouse.execute(
        "select status, reason, computed_value from claims_check where claim_id = 'lightmatter-valuation'"
    ).fetchone()
    assert row == ("unchecked", "no warehouse data recomputes this claim yet", None)
    assert warehouse.execute(
        "select status, reason from claims_check where claim_id = 'inference-not-compute-constrained'"
    ).fetchone() == ("unchecked", "not a number the warehouse can recompute")


def test_sizing_claims_from_config_json_and_replica_sizing(warehouse):
    """The article's GPU counts re-checked by the sizing engine; GLM-4.5 is a MoE, not dense."""
    glm = warehouse.execute("select status, computed_value, reason from claims_check where claim_id = 'glm-4-355b-dense'").fetchone()
    assert glm[:2] == ("refuted", 33.632266144)
    assert "160 routed + 1 shared experts, 8 per token, 89 of 92 layers MoE: a MoE, not dense" in glm[2]
    assert status(warehouse, "serving-llama-3.1-405b-h100-gpus-8") == ("confirmed", 8.0, 8.0, 8.0)
    assert status(warehouse, "serving-deepseek-r1-b300-gpus-4") == ("confirmed", 4.0, 4.0, 4.0)
    assert status(warehouse, "punchline-gpus-671b-moe-h100-2023") == ("confirmed", 16.0, 16.0, 16.0)
    assert status(warehouse, "punchline-gpus-671b-moe-rubin-2027") == ("confirmed", 3.0, 4.0, 4.0)  # "3-4 GPUs"
    assert status(warehouse, "punchline-gpus-1t-moe-b300-2025") == ("refuted", 8.0, 6.0, 6.0)  # TP2 EP3 fits
    # ~40B FP8 on 80 GB implies weights fill 50% of HBM; the article scenario reserves 25%
    assert status(warehouse, "punchline-biggest-model-one-gpu-h100-2023") == ("refuted", 40.0, 60.0, 60.0)
    assert status(warehouse, "kimi-k2.5-experts-384") == ("confirmed", 384.0, 384.0, 384.0)
