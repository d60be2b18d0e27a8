"""`claims_check` rules over literal rows: each claim names its evaluator (sql/claims/<name>.sql), its
bound and tolerance (the article's rounding, in the claim's unit) and the scenario the article implies;
the mart is the evaluators' union plus one judging step. A figure holds `confirmed` inside [value,
value_high], `approximately_confirmed` only within the tolerance, else `refuted`; `partly_confirmed`
when some subjects hold; `assumption_dependent` when it holds under the article's scenario and is
refuted under another; `unchecked` without an evaluator or without rows."""

import pytest

from sources.reference import TABLES, ReferenceDataError, parse_reference
from tests.sql.literal import run_evaluator, run_mart
from warehouse.lineage import mart_inputs


def claim(claim_id, value, evaluator, bound="exact", tolerance=0.0, value_high=None, scenario=None, subject_ids=None):
    return {"claim_id": claim_id, "value": value, "value_high": value_high, "evaluator": evaluator, "bound": bound,
            "tolerance": tolerance, "scenario": scenario, "subject_ids": subject_ids, "statement": claim_id,
            "approx": bound == "approximately"}


def check(claims, **inputs):
    rows = run_mart("claims_check", {"ref_claims": claims, **inputs})
    return {r["claim_id"]: r for r in rows}


def verdict(row):
    return (row["status"], row["computed_value"], row["computed_value_high"], row["subjects_checked"],
            row["subjects_holding"])


def gpu(gpu_id, **values):
    return {"gpu_id": gpu_id, **values}


def test_exact_claims_hold_as_stated_or_within_the_articles_rounding():
    rows = check(
        [claim("bw-vs-a100-g1", 4.0, "bw_vs_a100", tolerance=0.5), claim("bw-vs-a100-g2", 1.7, "bw_vs_a100", tolerance=0.05),
         claim("bw-vs-a100-g3", 2.7, "bw_vs_a100", tolerance=0.05), claim("bw-vs-a100-g4", 2.7, "bw_vs_a100", tolerance=0.05)],
        gpus=[gpu("g1", bw_vs_a100_exact=4.0, bandwidth_tbps=8.0, bandwidth_source_id="ds"),
              gpu("g2", bw_vs_a100_exact=1.675, bandwidth_tbps=3.35, bandwidth_source_id="ds"),
              gpu("g3", bw_vs_a100_exact=2.65, bandwidth_tbps=5.3, bandwidth_source_id="ds"),  # on the rounding edge
              gpu("g4", bw_vs_a100_exact=2.6, bandwidth_tbps=5.2, bandwidth_source_id="ds")],
    )
    assert {k: verdict(r) for k, r in rows.items()} == {
        "bw-vs-a100-g1": ("confirmed", 4.0, 4.0, 1, 1),
        "bw-vs-a100-g2": ("approximately_confirmed", 1.675, 1.675, 1, 1),
        "bw-vs-a100-g3": ("approximately_confirmed", 2.65, 2.65, 1, 1),
        "bw-vs-a100-g4": ("refuted", 2.6, 2.6, 1, 0),
    }
    assert rows["bw-vs-a100-g2"]["reason"] == (
        "g2: 3.35 TB/s / A100 2.00 TB/s = 1.675 (= 1.7 +/- 0.05): approximately_confirmed")
    assert (rows["bw-vs-a100-g1"]["basis"], rows["bw-vs-a100-g1"]["evidence"]) == ("cited", "gpus: ds")


def test_some_subjects_holding_is_partly_confirmed_and_rows_of_other_evaluators_do_not_count():
    rows = check([claim("b300-mi350x-memory-288gb", 288.0, "gpu_memory", tolerance=0.5)],
                 gpus=[gpu("nvidia-b300", memory_gb=288.0, usable_memory_gb=270.0, memory_source_id="a"),
                       gpu("amd-mi350x", memory_gb=256.0, memory_source_id="b"),
                       gpu("other", memory_gb=288.0, bw_vs_a100_exact=1.0, bandwidth_tbps=2.0)])
    assert list(rows) == ["b300-mi350x-memory-288gb"]  # the bw_vs_a100 row of "other" names no claim here
    assert verdict(rows["b300-mi350x-memory-288gb"]) == ("partly_confirmed", 256.0, 288.0, 2, 1)
    assert rows["b300-mi350x-memory-288gb"]["reason"] == (
        "amd-mi350x: 256 GB physical (= 288 +/- 0.5): refuted; nvidia-b300: 288 GB physical (270 GB usable) "
        "(= 288 +/- 0.5): confirmed")


def sized(model_id, gpu_id, gpus, plan, nodes=1, per_node=8):
    return {"model_id": model_id, "gpu_id": gpu_id, "gpus_per_replica": gpus, "plan": plan, "scenario_id": "article",
            "precision": "fp8", "fits": True, "nodes": nodes, "gpus_per_node": per_node, "memory_used_gb_per_gpu": 50.0,
            "memory_gb_per_gpu": 80.0, "runtime_reserve_frac": 0.25, "system_name": "HGX", "bytes_per_param": 1.0}


def serving(config_id, model_id, gpu_id, tp, ep, pp):
    return {"config_id": config_id, "model_id": model_id, "gpu_id": gpu_id, "tp": tp, "ep": ep, "pp": pp,
            "config": f"TP{tp} EP{ep} PP{pp}", "rationale": "as served"}


def test_one_fact_one_verdict_holding_under_the_articles_config_only_is_assumption_dependent():
    claims = [claim("serving-m-h-gpus-64", 64.0, "gpus_per_replica", scenario="article-config", subject_ids="m;h"),
              claim("punchline-gpus-m-h", 64.0, "gpus_per_replica", scenario="article-config", subject_ids="h;m"),
              claim("serving-m-g-gpus-8", 8.0, "gpus_per_replica", scenario="article-config", subject_ids="m;g"),
              claim("punchline-gpus-m-b", 8.0, "gpus_per_replica", scenario="whole-nodes", subject_ids="m;b")]
    configs = [serving("c-h", "m", "h", 2, 16, 2), serving("c-g", "m", "g", 8, 1, 1)]
    sizing = [sized("m", "h", 24, "TP8 PP3", nodes=3), sized("m", "g", 8, "TP8"), sized("m", "b", 6, "TP2 EP3")]
    rows = check(claims, ref_serving_configs=configs, replica_sizing=sizing)
    for claim_id in ("serving-m-h-gpus-64", "punchline-gpus-m-h"):
        row = rows[claim_id]
        assert (row["status"], row["article_reading_status"], row["other_reading_status"]) == (
            "assumption_dependent", "confirmed", "refuted")
        assert row["reason"] == (
            "holds under the article's reading (article-config), not under memory-minimum: "
            "[article-config, the article's reading] c-h: TP2 EP16 PP2 = 2 x 16 x 2 = 64 GPUs (the article's config: "
            "as served) (= 64): confirmed; [memory-minimum] memory minimum for m on h at FP8: TP8 PP3 = 24 GPUs, "
            "50.0 GB of 80 GB per GPU with 25% reserved (HGX) (= 64): refuted")
    # the config and the memory minimum agree: confirmed
    assert rows["serving-m-g-gpus-8"]["status"] == "confirmed"
    # "8 GPUs" = one whole node, where the memory minimum is 6
    assert (rows["punchline-gpus-m-b"]["status"], rows["punchline-gpus-m-b"]["computed_value"]) == ("assumption_dependent", 8.0)


def test_bounds_lower_bounds_ranges_and_evaluator_set_verdicts():
    revenue = [{"company_id": "lite", "fiscal_period": "Q3 FY2026", "period_end": "2026-03-28", "value_local": 808.4,
                "currency": "USD", "unit": "million", "source_url": "https://ir.example/lite"},
               {"company_id": "lite", "fiscal_period": "Q1 FY2027", "period_end": "2026-09-26", "value_local": 990.0,
                "currency": "USD", "unit": "million", "source_url": "https://ir.example/lite"}]
    milestones = [{"milestone_id": "hgx", "gpu_id": "nvidia-b300", "product": "HGX B300", "milestone": "shipping",
                   "milestone_date": "2026-01", "confidence": "single secondary source", "statement": "Jan 2026",
                   "source_doc_id": "d1"},
                  {"milestone_id": "fam", "gpu_id": "nvidia-b300", "product": "Blackwell Ultra", "milestone": "shipping",
                   "milestone_date": "2025-09", "confidence": "vendor statement", "statement": "2025",
                   "source_doc_id": "d2"}]
    rows = check(
        [claim("lumentum-quarterly-revenue-600m-mid-2026", 600e6, "supplier_revenue", bound="at_least"),
         claim("b300-shipped-2026-01", None, "b300_ship_date", bound=None, scenario="hgx-b300"),
         claim("glm-4-355b-dense", 355.0, "model_architecture"), claim("some-valuation", 4e9, None),
         claim("a-qualitative-claim", None, None)],
        ref_company_revenue=revenue, ref_product_milestones=milestones,
    )
    lite = rows["lumentum-quarterly-revenue-600m-mid-2026"]
    assert verdict(lite) == ("confirmed", 808.4e6, 808.4e6, 1, 1)  # far above "$600M+", and no ceiling
    assert lite["reason"] == ("lite Q3 FY2026 (ended 2026-03-28): $808.4M reported, the latest quarter ending by "
                              "mid-2026 (>= 600,000,000): confirmed")
    ship = rows["b300-shipped-2026-01"]
    assert (ship["status"], ship["article_reading_status"], ship["other_reading_status"]) == (
        "assumption_dependent", "confirmed", "refuted")
    assert {k: (rows[k]["status"], rows[k]["reason"]) for k in ("glm-4-355b-dense", "some-valuation", "a-qualitative-claim")} == {
        "glm-4-355b-dense": ("unchecked", "evaluator model_architecture found no warehouse rows for this claim"),
        "some-valuation": ("unchecked", "no evaluator yet (claims.csv names none)"),
        "a-qualitative-claim": ("unchecked", "not a number the warehouse can recompute; no evaluator yet"),
    }


def tiers(gpu_id, hbm, scaleup, c2c, scaleout):
    # as bandwidth_tiers.csv classifies them: HBM is one total read per direction, NVLink and C2C are
    # bidirectional totals, the NIC figure is its per-direction line rate
    directions = ("per_direction", "bidirectional", "bidirectional", "per_direction")
    return [{"gpu_id": gpu_id, "tier": t, "bandwidth_gbs": v, "bandwidth_direction": d}
            for t, (v, d) in enumerate(zip((hbm, scaleup, c2c, scaleout), directions, strict=True), 1)]


def test_tier_cliffs_compare_like_with_like_beside_the_tabulated_figures():
    rows = run_evaluator("tier_bandwidth_ratios", {"ref_bandwidth_tiers": tiers("nvidia-r200", 22200.0, 3600.0, 1800.0, 200.0)})
    got = {(r["claim_id"], r["scenario"]): (r["computed"], r["reason"]) for r in rows}
    assert got[("nvlink-to-infiniband-cliff-18x", "as-tabulated")] == (18.0, "nvidia-r200: NVLink 3600 / scale-out 200 GB/s = 18.00x")
    assert got[("nvlink-to-infiniband-cliff-18x", "like-for-like")] == (
        9.0, "nvidia-r200, both directions: NVLink 3600 / scale-out 400 GB/s = 9.00x")
    assert got[("hbm-to-scaleout-drop-80x", "like-for-like")][0] == 55.5
    # HBM and NVLink are both totals: no second reading
    assert ("tier-drop-hbm-to-nvlink-4-6x", "like-for-like") not in got
    assert got[("connectx9-nic-line-rate", None)] == (1.6, "nvidia-r200: scale-out 200 GB/s (per_direction) x 8 = 1.6 Tb/s")


def test_coherent_growth_is_over_the_same_fiscal_quarter_a_year_earlier():
    revenue = [{"company_id": "cohr", "fiscal_period": p, "period_end": e, "release_date": d, "value_local": v,
                "currency": "USD", "unit": "million", "source_url": f"https://ir.example/{p}"}
               for p, e, d, v in [("Q1 FY2026", "2025-09-30", "2025-11-05", 1581.0), ("Q2 FY2026", "2025-12-31", "2026-02-04", 1690.0),
                                  ("Q1 FY2025", "2024-09-30", None, 1348.0), ("Q4 FY2025", "2025-06-30", None, 1529.0)]]
    rows = [r for r in run_evaluator("supplier_revenue", {"ref_company_revenue": revenue}) if r["claim_id"].startswith("coherent")]
    assert [(r["claim_id"], r["subject"], round(r["computed"], 4), r["reason"]) for r in rows] == [
        ("coherent-quarterly-revenue", "Q1 FY2026", 1581e6,
         "cohr Q1 FY2026 (released 2025-11-05): $1581M reported, the latest quarter released before the article"),
        ("coherent-revenue-yoy-17pct", "Q1 FY2026", 17.2849, "cohr Q1 FY2026 $1,581M / Q1 FY2025 $1,348M - 1 = +17.28%"),
    ]


def test_claims_check_lineage_is_derived_from_the_evaluators():
    views, marts = mart_inputs("claims_check")
    assert {"ref_claims", "ref_product_milestones", "ref_gpu_spec_facts", "ref_company_revenue"} <= set(views)
    assert marts == ["decode_ceilings", "generation_measured", "gpus", "model_weights", "models", "replica_cost",
                     "replica_sizing"]


def test_a_claim_naming_an_evaluator_without_a_file_is_refused_by_file_row_and_column():
    header = ",".join(c.name for c in TABLES["claims"].columns)
    row = "c1,S,Statement,1,,x,false,,article-state-of-ai-inference-2026-02,2026-02,,no_such_evaluator,exact,0,"
    with pytest.raises(ReferenceDataError, match=r"claims.csv, row 2, column 'evaluator': expected one of \[.*'bw_vs_a100'.*\], got 'no_such_evaluator'"):
        parse_reference(TABLES["claims"], (header + "\n" + row + "\n").encode(), "claims.csv")
