"""Shipped data: the evaluator sql/claims/punchline_replica_cost.sql (claims contract) settles the punchline's
"$2M+" (64 H100) and "~$400K" (8 B300) from cited purchase prices on the article's own GPU counts: both hold
there, so both are assumption_dependent, and the reason says which assumption differs (the GPU count for H100,
the price's scope for B300) beside the memory-minimum and deployable plans."""

from warehouse.sqlfiles import sql

COLUMNS = ["claim_id", "subject", "computed", "status", "reason", "basis", "evidence"]


def test_the_article_cost_per_replica_holds_on_its_own_gpu_counts(warehouse):
    cursor = warehouse.execute(sql("claims/punchline_replica_cost"))
    assert [d[0] for d in cursor.description] == COLUMNS
    rows = {r[0]: dict(zip(COLUMNS, r, strict=True)) for r in cursor.fetchall()}
    assert sorted(rows) == ["punchline-cost-per-replica-b300-2025", "punchline-cost-per-replica-h100-2023"]
    h100, b300 = rows["punchline-cost-per-replica-h100-2023"], rows["punchline-cost-per-replica-b300-2025"]
    assert [(r["subject"], r["computed"], r["status"], r["basis"]) for r in (h100, b300)] == [
        ("nvidia-h100-sxm", None, "assumption_dependent", "cited"), ("nvidia-b300", None, "assumption_dependent", "cited")]
    assert h100["reason"].startswith(
        "64 nvidia-h100-sxm x $25,000-$38,750 per GPU (cited purchase prices h100-module-awesomeagents..h100-hgx-node-2024-08) "
        "= $1,600,000-$2,480,000 against $2,000,000; at the capex price (h100-hgx-node-2024-08, purchase_per_system) "
        "64 GPUs cost $2,480,000. The figure holds on the article's GPU count at the cited price; the count is the "
        "assumption that differs.")
    assert h100["reason"].endswith("needs 24 GPUs by memory (TP8 PP3) = $930,000; deployable: 24 GPUs in 3 node(s) = $930,000")
    assert "= $300,000-$424,000 against $400,000" in b300["reason"]
    assert "only at the per-GPU module/list prices, not at the cited system price: the price's scope differs" in b300["reason"]
    assert b300["reason"].endswith("needs 6 GPUs by memory (TP2 EP3) = $243,750; deployable: 8 GPUs in 1 node(s) = $325,000")
    assert b300["evidence"] == ("ref_gpu_price_points: b300-module-ornn, b300-msrp-hf, dgx-b300-2026; ref_punchline "
                                "gpus_1t_moe b300-2025; replica_cost kimi-k2.5 fp8 article owned_tco")
