"""`claims_check` rules over literal rows, one claim family at a time. A claim holds for a
subject when the recomputed value lies in [value, value_high] widened by the tolerance:
approximate claims 10%, model sizes (`*-weights-gb`) 1%, other exact claims 0.5%; two claims
are lower bounds ("$600M+", "$2M+"). status: confirmed (every subject holds), partly_confirmed
(some), refuted (none), unchecked (nothing recomputes it, or it has no number)."""

from tests.sql.literal import run_mart


def claim(claim_id, value, value_high=None, approx=False, subject_ids=None):
    return {"claim_id": claim_id, "value": value, "value_high": value_high, "approx": approx,
            "subject_ids": subject_ids, "statement": claim_id}


def check(claims, **inputs):
    rows = run_mart("claims_check", {"ref_claims": claims, **inputs})
    return {r["claim_id"]: r for r in rows}


def tolerance(row):
    return None if row["tolerance"] is None else float(row["tolerance"])  # a DECIMAL(4, 3) in the mart


def verdict(row):
    return (row["status"], row["computed_value"], row["computed_value_high"], row["subjects_checked"],
            row["subjects_holding"], tolerance(row))


def gpu(gpu_id, **values):
    return {"gpu_id": gpu_id, **values}


def test_exact_claims_hold_within_half_a_percent():
    rows = check(
        [claim("bw-vs-a100-g1", 4.0), claim("bw-vs-a100-g2", 4.0), claim("bw-vs-a100-g3", 4.0)],
        gpus=[gpu("g1", bw_vs_a100=4.019, bw_vs_a100_exact=4.019, bandwidth_tbps=8.038),
              gpu("g2", bw_vs_a100=4.021, bw_vs_a100_exact=4.021, bandwidth_tbps=8.042),
              gpu("g3", bw_vs_a100=3.981, bw_vs_a100_exact=3.981, bandwidth_tbps=7.962)],
    )
    assert verdict(rows["bw-vs-a100-g1"]) == ("confirmed", 4.019, 4.019, 1, 1, 0.005)
    assert verdict(rows["bw-vs-a100-g2"]) == ("refuted", 4.021, 4.021, 1, 0, 0.005)
    assert verdict(rows["bw-vs-a100-g3"]) == ("confirmed", 3.981, 3.981, 1, 1, 0.005)
    assert rows["bw-vs-a100-g1"]["reason"] == "g1: 8.04 TB/s / A100 2.00 TB/s = 4.019, rounded 4.0"


def test_approximate_claims_hold_within_ten_percent_and_ranges_are_widened():
    rows = check(
        [claim("bw-vs-a100-g1", 4.0, approx=True), claim("bw-vs-a100-g2", 4.0, approx=True),
         claim("bw-vs-a100-g3", 4.0, 6.0, approx=True)],
        gpus=[gpu("g1", bw_vs_a100=4.39), gpu("g2", bw_vs_a100=4.41), gpu("g3", bw_vs_a100=6.59)],
    )
    assert verdict(rows["bw-vs-a100-g1"]) == ("confirmed", 4.39, 4.39, 1, 1, 0.10)
    assert verdict(rows["bw-vs-a100-g2"]) == ("refuted", 4.41, 4.41, 1, 0, 0.10)
    assert verdict(rows["bw-vs-a100-g3"]) == ("confirmed", 6.59, 6.59, 1, 1, 0.10)  # "~4-6x": up to 6 x 1.1


def test_model_sizes_hold_within_one_percent():
    weights = [{"model_id": m, "precision": p, "weights_gb": gb, "total_params": 1, "params_basis": "config.json"}
               for m, p, gb in [("m1", "fp8", 408.0), ("m2", "fp8", 410.0), ("m2", "fp16", 405.0)]]
    rows = check([claim("m1-fp8-weights-gb", 405.0), claim("m2-fp8-weights-gb", 405.0)], model_weights=weights)
    # 408 is 0.74% over 405: within the 1% of model sizes (not the 0.5% of other exact claims)
    assert verdict(rows["m1-fp8-weights-gb"]) == ("confirmed", 408.0, 408.0, 1, 1, 0.01)
    assert verdict(rows["m2-fp8-weights-gb"]) == ("refuted", 410.0, 410.0, 1, 0, 0.01)  # only the FP8 row is read


def test_a_claim_holding_for_some_subjects_is_partly_confirmed():
    rows = check([claim("b300-mi350x-memory-288gb", 288.0)],
                 gpus=[gpu("nvidia-b300", memory_gb=288.0), gpu("amd-mi350x", memory_gb=256.0), gpu("other", memory_gb=288.0)])
    assert verdict(rows["b300-mi350x-memory-288gb"]) == ("partly_confirmed", 256.0, 288.0, 2, 1, 0.005)
    assert rows["b300-mi350x-memory-288gb"]["reason"] == "amd-mi350x: 256 GB; nvidia-b300: 288 GB"


def test_claims_nothing_recomputes_are_unchecked_and_say_why():
    rows = check([claim("some-valuation", 4e9), claim("a-qualitative-claim", None), claim("bw-vs-a100-g1", None)],
                 gpus=[gpu("g1", bw_vs_a100=1.0)])
    assert {k: (r["status"], r["reason"], r["computed_value"], tolerance(r)) for k, r in rows.items()} == {
        "some-valuation": ("unchecked", "no warehouse data recomputes this claim yet", None, 0.005),
        "a-qualitative-claim": ("unchecked", "not a number the warehouse can recompute", None, None),
        # an evaluation exists, but a claim without a number is never judged
        "bw-vs-a100-g1": ("unchecked", "not a number the warehouse can recompute", None, None),
    }


def tiers(gpu_id, hbm, scaleup, c2c, scaleout):
    return [{"gpu_id": gpu_id, "tier": t, "bandwidth_gbs": v} for t, v in enumerate((hbm, scaleup, c2c, scaleout), 1)]


def test_tier_drops_cliff_and_nic_line_rates_from_the_bandwidth_tiers():
    rows = check(
        [claim("hbm-to-scaleout-drop-80x", 80.0), claim("tier-drop-hbm-to-nvlink-4-6x", 4.0, 6.0, approx=True),
         claim("tier-drop-nvlink-to-c2c-2x", 2.0), claim("tier-drop-c2c-to-scaleout-9-18x", 9.0, 18.0),
         claim("nvlink-to-infiniband-cliff-18x", 18.0), claim("connectx8-nic-line-rate", 800.0),
         claim("connectx9-nic-line-rate", 1.6)],
        ref_bandwidth_tiers=tiers("nvidia-b300", 8000.0, 1800.0, 900.0, 100.0) + tiers("nvidia-r200", 22200.0, 3600.0, 1800.0, 200.0),
    )
    got = {k: verdict(r)[:5] for k, r in rows.items()}
    assert got == {
        "hbm-to-scaleout-drop-80x": ("partly_confirmed", 80.0, 111.0, 2, 1),  # B300 80x, R200 111x
        "tier-drop-hbm-to-nvlink-4-6x": ("confirmed", 8000 / 1800, 22200 / 3600, 2, 2),
        "tier-drop-nvlink-to-c2c-2x": ("confirmed", 2.0, 2.0, 2, 2),
        "tier-drop-c2c-to-scaleout-9-18x": ("confirmed", 9.0, 9.0, 2, 2),
        "nvlink-to-infiniband-cliff-18x": ("confirmed", 18.0, 18.0, 1, 1),  # R200 only
        "connectx8-nic-line-rate": ("confirmed", 800.0, 800.0, 1, 1),  # B300: 100 GB/s x 8 = 800 Gb/s
        "connectx9-nic-line-rate": ("confirmed", 1.6, 1.6, 1, 1),  # R200: 200 GB/s x 8 = 1.6 Tb/s
    }


def test_rubin_bandwidth_per_gpu_against_b300():
    rows = check([claim("rubin-3x-bandwidth-per-gpu", 3.0)],
                 gpus=[gpu("nvidia-r200", bandwidth_tbps=22.2), gpu("nvidia-b300", bandwidth_tbps=8.0),
                       gpu("nvidia-h100-sxm", bandwidth_tbps=3.35)])
    assert verdict(rows["rubin-3x-bandwidth-per-gpu"]) == ("refuted", 2.775, 2.775, 1, 0, 0.005)
    assert rows["rubin-3x-bandwidth-per-gpu"]["reason"] == "R200 22.2 TB/s / B300 8 TB/s = 2.77x (vs H100: 6.6x)"


def sized(model_id, gpu_id, gpus, plan, scenario="article", precision="fp8", nodes=1):
    return {"model_id": model_id, "gpu_id": gpu_id, "gpus_per_replica": gpus, "plan": plan, "scenario_id": scenario,
            "precision": precision, "nodes": nodes, "memory_used_gb_per_gpu": 50.0, "memory_gb_per_gpu": 80.0,
            "runtime_reserve_frac": 0.25, "system_name": "HGX"}


def serving(config_id, model_id, gpu_id, tp, ep, pp):
    return {"config_id": config_id, "model_id": model_id, "gpu_id": gpu_id, "tp": tp, "ep": ep, "pp": pp,
            "config": f"TP{tp} EP{ep} PP{pp}", "rationale": "as served"}


def test_serving_configs_by_arithmetic_and_against_the_memory_minimum():
    rows = check(
        [claim("serving-m-g-gpus-8", 8.0, subject_ids="m;g"), claim("serving-m-h-gpus-64", 64.0, subject_ids="m;h"),
         claim("kimi-k2.5-h100-gpus-64", 64.0, subject_ids="m;h"), claim("punchline-gpus-m-h", 64.0, subject_ids="m;h")],
        ref_serving_configs=[serving("c-g", "m", "g", 8, 1, 1), serving("c-h", "m", "h", 2, 16, 2)],
        replica_sizing=[sized("m", "g", 8, "TP8"), sized("m", "h", 24, "TP8 PP3", nodes=3),
                        sized("m", "h", 16, "TP8 PP2", scenario="chat-8k"), sized("m", "h", 12, "TP4", precision="fp4")],
    )
    # both subjects hold: the config multiplies out to 8 and memory alone needs 8
    assert verdict(rows["serving-m-g-gpus-8"])[:5] == ("confirmed", 8.0, 8.0, 2, 2)
    assert rows["serving-m-g-gpus-8"]["reason"] == (
        "c-g: TP8 EP1 PP1 = 8 x 1 x 1 = 8 GPUs (arithmetic of the stated config); memory minimum for m on g at FP8: "
        "TP8 = 8 GPUs, 50.0 GB of 80 GB per GPU with 25% reserved (HGX)"
    )
    # 2 x 16 x 2 = 64 as arithmetic, but memory (scenario article, FP8) needs 24: partly confirmed
    for claim_id in ("serving-m-h-gpus-64", "kimi-k2.5-h100-gpus-64"):
        assert verdict(rows[claim_id])[:5] == ("partly_confirmed", 24.0, 64.0, 2, 1)
        assert "not memory-driven: the config is chosen for throughput" in rows[claim_id]["reason"]
        assert rows[claim_id]["reason"].endswith("memory alone needs 24")
    assert verdict(rows["punchline-gpus-m-h"])[:5] == ("refuted", 24.0, 24.0, 1, 0)
    assert "memory alone needs fewer than the article's 64" in rows["punchline-gpus-m-h"]["reason"]


def test_biggest_model_on_one_gpu_from_the_generation_summary():
    rows = check(
        [claim("punchline-big-fp8", 40.0, approx=True), claim("punchline-big-fp4", 120.0, approx=True)],
        ref_punchline=[{"row_id": "big-fp8", "metric": "biggest_model_one_gpu", "gpu_id": "g", "precision": "FP8"},
                       {"row_id": "big-fp4", "metric": "biggest_model_one_gpu", "gpu_id": "g", "precision": "FP4"}],
        generation_summary=[{"gpu_id": "g", "memory_gb": 80.0, "runtime_reserve_frac": 0.25,
                             "biggest_model_one_gpu_fp8_b": 60.0, "biggest_model_one_gpu_fp4_b": 120.0}],
        # the bytes per parameter replica sizing used for each precision (from ref_weight_precisions)
        replica_sizing=[{"precision": "fp8", "bytes_per_param": 1.0}, {"precision": "fp4", "bytes_per_param": 0.5}],
    )
    assert verdict(rows["punchline-big-fp8"]) == ("refuted", 60.0, 60.0, 1, 0, 0.10)
    assert rows["punchline-big-fp8"]["reason"] == (
        "g: 80 GB x (1 - 0.25 reserve) / 1 byte per parameter (FP8) = 60B; the article's 40B fills 50% of HBM")
    assert verdict(rows["punchline-big-fp4"]) == ("confirmed", 120.0, 120.0, 1, 1, 0.10)


def test_model_config_claims_from_the_model_catalog():
    model = {"n_routed_experts": 160, "n_shared_experts": 1, "experts_per_token": 8, "moe_layers": 89,
             "num_hidden_layers": 92, "total_params": 352_797_829_024, "total_params_with_mtp": 356_785_898_816,
             "active_params": 33_632_266_144, "embedding_params": 1_000_000_000, "lm_head_params": 1_000_000_000}
    rows = check(
        [claim("glm-4-355b-dense", 355.0), claim("kimi-k2.5-experts-384", 384.0)],
        models=[{"model_id": "glm-4.5", **model}, {"model_id": "kimi-k2.5", **model, "n_routed_experts": 384}],
    )
    assert verdict(rows["glm-4-355b-dense"])[:5] == ("refuted", 33.632266144, 33.632266144, 1, 0)
    assert "160 routed + 1 shared experts, 8 per token, 89 of 92 layers MoE: a MoE, not dense" in rows["glm-4-355b-dense"]["reason"]
    assert verdict(rows["kimi-k2.5-experts-384"])[:5] == ("confirmed", 384.0, 384.0, 1, 1)


def revenue(company_id, fiscal_period, period_end, release_date, value, currency="USD", unit="million"):
    return {"company_id": company_id, "fiscal_period": fiscal_period, "period_end": period_end,
            "release_date": release_date, "value_local": value, "currency": currency, "unit": unit,
            "source_url": f"https://ir.example/{company_id}"}


def test_supplier_revenue_picks_the_quarter_the_claim_means_and_a_lower_bound_has_no_ceiling():
    rows = check(
        [claim("lumentum-quarterly-revenue-600m-mid-2026", 600e6), claim("coherent-quarterly-revenue", 1.58e9)],
        ref_company_revenue=[
            revenue("lite", "Q3 FY2026", "2026-03-28", "2026-05-05", 808.4),  # latest quarter ending by mid-2026
            revenue("lite", "Q1 FY2027", "2026-09-26", "2026-11-04", 990.0),  # after mid-2026: not read
            revenue("lite", "Q2 FY2026", "2025-12-27", "2026-02-03", 5_000.0, unit="billion"),  # not USD millions
            revenue("cohr", "Q1 FY2026", "2025-09-30", "2025-11-05", 1581.0),  # latest released before Feb 2026
            revenue("cohr", "Q2 FY2026", "2025-12-31", "2026-02-04", 1690.0),
        ],
    )
    # $808.4M is far above "$600M+", and holds: the claim is a lower bound
    assert verdict(rows["lumentum-quarterly-revenue-600m-mid-2026"])[:5] == ("confirmed", 808.4e6, 808.4e6, 1, 1)
    assert rows["lumentum-quarterly-revenue-600m-mid-2026"]["reason"] == (
        "lite Q3 FY2026 (ended 2026-03-28): $808.4M reported (https://ir.example/lite)")
    assert verdict(rows["coherent-quarterly-revenue"])[:5] == ("confirmed", 1581e6, 1581e6, 1, 1)


def cost(gpu_id, gpus, price, model_id="kimi-k2.5", precision="fp8", scenario="article"):
    return {"model_id": model_id, "gpu_id": gpu_id, "precision": precision, "scenario_id": scenario,
            "gpus_per_replica": gpus, "plan": f"TP{gpus}", "price_usd_per_gpu": price, "capex_usd": gpus * price,
            "price_id": f"{gpu_id}-price"}


def test_cost_per_replica_from_replica_cost_with_the_2m_plus_lower_bound():
    claims = [claim("punchline-cost-per-replica-h100-2023", 2e6), claim("punchline-cost-per-replica-b300-2025", 4e5, approx=True)]
    punchline = [{"row_id": "cost-per-replica-h100-2023", "metric": "cost_per_replica", "gpu_id": "h100"},
                 {"row_id": "cost-per-replica-b300-2025", "metric": "cost_per_replica", "gpu_id": "b300"}]
    rows = check(claims, ref_punchline=punchline, replica_cost=[
        cost("h100", 24, 31_250.0), cost("b300", 6, 50_000.0), cost("b300", 8, 50_000.0, model_id="other")])
    assert verdict(rows["punchline-cost-per-replica-h100-2023"])[:5] == ("refuted", 750_000.0, 750_000.0, 1, 0)
    assert verdict(rows["punchline-cost-per-replica-b300-2025"])[:5] == ("refuted", 300_000.0, 300_000.0, 1, 0)
    assert rows["punchline-cost-per-replica-h100-2023"]["reason"].endswith("the article's cost assumes 64 GPUs at the same implied price")
    # above the "$2M+" bound, however far, it holds
    rows = check(claims, ref_punchline=punchline, replica_cost=[cost("h100", 640, 31_250.0)])
    assert verdict(rows["punchline-cost-per-replica-h100-2023"])[:5] == ("confirmed", 20e6, 20e6, 1, 1)
