"""Shipped data: `replica_cost`: per fitting plan, plan kind (memory minimum, whole deployable nodes) and price
basis, the capex from cited purchase prices, the cost of owning a GPU-hour (capex over a stated life + power +
hosting, every term a column), rental, InferenceX's cost tiers, and $ per million output tokens at a throughput
that says its basis (MLPerf measured, calibrated ceiling, ceiling only)."""

import pytest

DONE_WHEN = ("select model_id, gpu_id, plan_kind, gpus, capex_usd, owned_usd_per_hour, rental_usd_per_hour, "
             "usd_per_million_output_tokens, throughput_basis, price_basis from replica_cost "
             "where model_id = 'deepseek-r1' and precision = 'fp8'")


def row(warehouse, model_id, gpu_id, precision="fp8", scenario_id="chat-8k-x64", plan_kind="memory_minimum",
        price_basis="owned_tco"):
    cursor = warehouse.execute(
        "select * from replica_cost where model_id = ? and gpu_id = ? and precision = ? and scenario_id = ? "
        "and plan_kind = ? and price_basis = ?", [model_id, gpu_id, precision, scenario_id, plan_kind, price_basis])
    columns = [d[0] for d in cursor.description]
    (found,) = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    return found


def test_the_done_when_query_prices_every_cited_gpu_for_deepseek_r1(warehouse):
    rows = warehouse.execute(DONE_WHEN).fetchall()
    gpus = {r[1] for r in rows}
    assert gpus == {"nvidia-h100-sxm", "nvidia-h200-sxm", "nvidia-b200-sxm", "nvidia-b300", "amd-mi300x", "amd-mi325x",
                    "amd-mi355x"}
    assert {r[2] for r in rows} == {"memory_minimum", "deployable"}
    assert {r[9] for r in rows} == {"owned_tco", "rental_observed", "inferencex_hyperscaler", "inferencex_neocloud",
                                    "inferencex_3yr_rental"}
    assert all(r[7] is not None and r[8] in ("measured", "calibrated") for r in rows)
    assert warehouse.execute("select count(*) from replica_cost where price_source is null or price_as_of is null"
                             ).fetchone() == (0,)


def test_deepseek_r1_on_b200_at_the_measured_rate_and_the_hyperscaler_tier(warehouse):
    r = row(warehouse, "deepseek-r1", "nvidia-b200-sxm", "fp4", price_basis="inferencex_hyperscaler")
    # MLPerf v6.1 Offline, HGX B200 (same GPU): median of 7,116 / 7,364 / 7,551 tokens/s per GPU
    assert (r["throughput_basis"], r["tokens_per_s_per_gpu"], r["usd_per_gpu_hour"]) == ("measured", 7364.15, 1.95)
    assert r["throughput_source"] == "MLPerf v6.1 Offline, median of 3 result(s) (same_gpu; 332, 490, 83)"
    # $1.95 x 1e6 / (7,364.15 x 3,600) = $0.0736 per million output tokens at full load
    assert r["usd_per_million_output_tokens"] == pytest.approx(0.07355, abs=1e-5)
    assert (r["price_as_of"], r["price_confidence"]) == ("2026-04", "cited")


def test_owning_an_h100_gpu_hour_is_capex_power_and_hosting(warehouse):
    r = row(warehouse, "deepseek-r1", "nvidia-h100-sxm")
    # $310,000 HGX node / 8 = $38,750 over 4 x 8,760 h = $1.1059; 1.73 kW x PUE 1.58 x $0.0806/kWh = $0.2203;
    # 1.73 kW x $184.06/kW-month x 12 / 8,760 h = $0.4362
    assert (r["capex_usd_per_gpu"], r["capex_scope"], r["capex_point_id"]) == (
        38_750.0, "purchase_per_system", "h100-hgx-node-2024-08")
    assert r["capex_usd_per_gpu_hour"] == pytest.approx(1.10588, abs=1e-5)
    assert r["power_usd_per_gpu_hour"] == pytest.approx(0.22031, abs=1e-5)
    assert r["hosting_usd_per_gpu_hour"] == pytest.approx(0.43620, abs=1e-5)
    assert r["owned_usd_per_gpu_hour"] == pytest.approx(1.76239, abs=1e-5)
    assert (r["gpus"], r["capex_usd"]) == (16, 620_000.0)
    assert r["owned_usd_per_hour"] == pytest.approx(16 * 1.76239, abs=1e-4)
    # renting: the cited median of 37 providers (no catalog stored in the shipped warehouse)
    assert (r["rental_usd_per_gpu_hour"], r["rental_basis"], r["rental_as_of"]) == (2.95, "cited_public_price", "2026-05")
    assert r["rental_usd_per_hour"] == pytest.approx(47.2)
    assert (r["amortisation_years"], r["pue"], r["usd_per_kwh"], r["hosting_usd_per_kw_month"], r["utilisation"]) == (
        4.0, 1.58, 0.0806, 184.06, 1.0)


def test_unmeasured_pairs_are_calibrated_by_their_nearest_measured_pair(warehouse):
    r = row(warehouse, "deepseek-r1", "nvidia-b200-sxm", "fp8", price_basis="inferencex_hyperscaler")
    assert (r["throughput_basis"], r["calibration_pair"]) == ("calibrated", "deepseek-r1 on nvidia-b200-sxm at fp4")
    assert r["tokens_per_s_per_gpu"] == pytest.approx(
        r["ceiling_tokens_per_s_per_gpu"] * r["calibration_efficiency"], rel=1e-9)
    # the same model and precision on a GPU of the same vendor before another vendor's
    h100 = row(warehouse, "deepseek-r1", "nvidia-h100-sxm", "fp8", price_basis="inferencex_hyperscaler")
    assert h100["calibration_pair"] == "deepseek-r1 on nvidia-h200-sxm at fp8"


def test_deployable_plans_are_whole_nodes_and_share_a_node_between_replicas(warehouse):
    kimi = {(g, k): (n, rep, capex) for g, k, n, rep, capex in warehouse.execute(
        "select gpu_id, plan_kind, gpus, replicas_per_deployment, capex_usd from replica_cost where model_id = 'kimi-k2.5' "
        "and precision = 'fp8' and scenario_id = 'article' and price_basis = 'owned_tco'").fetchall()}
    # B300: 6 GPUs by memory, one 8-GPU node deployed ($325,000 = DGX B300 $300K-$350K midpoint)
    assert kimi[("nvidia-b300", "memory_minimum")] == (6, 1, 243_750.0)
    assert kimi[("nvidia-b300", "deployable")] == (8, 1, 325_000.0)
    assert kimi[("nvidia-h100-sxm", "deployable")] == (24, 1, 930_000.0)
    # DeepSeek-R1 FP4 on B200: 4 GPUs by memory, two replicas per 8-GPU node
    r = row(warehouse, "deepseek-r1", "nvidia-b200-sxm", "fp4", plan_kind="deployable")
    assert (r["gpus"], r["gpus_per_replica"], r["replicas_per_deployment"], r["capex_usd"]) == (8, 4, 2, 150_000.0)
def test_the_article_cost_per_replica_is_rechecked_at_cited_prices(warehouse):
    rows = {c: (status, no_number, reason) for c, status, no_number, reason in warehouse.execute(
        "select claim_id, status, computed_value is null, reason from claims_check "
        "where claim_id like 'punchline-cost-per-replica-%'").fetchall()}
    # the article's $2M+ (64 H100) and ~$400K (8 B300) hold on its own GPU counts at cited purchase prices;
    # the memory minimum (24 H100, 6 B300) is the assumption that differs: assumption_dependent, not refuted
    assert {c: v[:2] for c, v in rows.items()} == {
        "punchline-cost-per-replica-h100-2023": ("assumption_dependent", True),
        "punchline-cost-per-replica-b300-2025": ("assumption_dependent", True),
    }  # the Rubin era's "TBD" is no claim
    assert "64 nvidia-h100-sxm x $25,000-$38,750 per GPU" in rows["punchline-cost-per-replica-h100-2023"][2]
    assert "needs 24 GPUs by memory (TP8 PP3) = $930,000" in rows["punchline-cost-per-replica-h100-2023"][2]
    assert "needs 6 GPUs by memory (TP2 EP3) = $243,750" in rows["punchline-cost-per-replica-b300-2025"][2]
