"""`gpu_specs` and `gpus` rules over literal rows: gpu_specs keeps each GPU x field's winning
candidate with the article's value and the candidate counts beside it; gpus uses the reconciled
value over the article's, keeps an estimate flag only while the article's TDP is the one used,
rounds the A100-relative bandwidth half away from zero, and never reads a system_* total."""

from datetime import datetime

from tests.sql.literal import pick, run_mart

JAN = datetime(2026, 1, 1)


def candidate(gpu_id, field, value, kind, rank, source_id=None):
    return {"gpu_id": gpu_id, "field": field, "value": value, "value_min": value, "value_max": value,
            "source_kind": kind, "priority": {"datasheet": 1, "vendor_fact": 2, "article": 3}[kind],
            "source_id": source_id or f"{kind}/{gpu_id}", "candidate_rank": rank, "is_winner": rank == 1}


def spec(gpu_id, field, value, kind, source_id=None):
    return {"gpu_id": gpu_id, "field": field, "value": value, "source_kind": kind,
            "source_id": source_id or f"{kind}/{gpu_id}"}


def article(gpu_id, bandwidth_tbps, memory_gb=80.0, tdp_w=500.0, tdp_is_estimate=False, **extra):
    return {"gpu_id": gpu_id, "vendor": "v", "release_year": 2024, "memory_gb": memory_gb,
            "bandwidth_tbps": bandwidth_tbps, "tdp_w": tdp_w, "tdp_is_estimate": tdp_is_estimate,
            "loaded_from_source": "reference/gpus", "valid_from": JAN, **extra}


def test_gpu_specs_keeps_the_winner_with_the_article_value_and_candidate_counts():
    rows = run_mart("gpu_specs", {"gpu_spec_candidates": [
        candidate("g1", "tdp_w", 1000.0, "datasheet", 1, "datasheet/page"),
        candidate("g1", "tdp_w", 1000.0, "vendor_fact", 2, "reference/gpu_spec_facts"),
        candidate("g1", "tdp_w", 750.0, "article", 3, "reference/gpus"),
        candidate("g1", "memory_gb", 256.0, "article", 1, "reference/gpus"),
        candidate("g2", "system_memory_gb", 1440.0, "datasheet", 1, "datasheet/dgx"),
    ]})
    assert pick(rows, "gpu_id", "field", "value", "source_kind", "article_value", "candidates", "sources") == [
        ("g1", "memory_gb", 256.0, "article", 256.0, 1, 1),
        ("g1", "tdp_w", 1000.0, "datasheet", 750.0, 3, 3),
        ("g2", "system_memory_gb", 1440.0, "datasheet", None, 1, 1),  # no article value for a system total
    ]


A100 = "nvidia-a100-sxm"


def gpus(articles, specs=()):
    return {r["gpu_id"]: r for r in run_mart("gpus", {"ref_gpus": articles, "gpu_specs": list(specs)})}


def test_reconciled_values_replace_the_article_and_system_totals_are_never_per_gpu():
    rows = gpus(
        [article(A100, 2.0), article("g1", 4.0, memory_gb=180.0, tdp_w=750.0, tdp_is_estimate=True)],
        [spec("g1", "memory_bandwidth_gbs", 8000.0, "datasheet"), spec("g1", "tdp_w", 1000.0, "vendor_fact"),
         spec("g1", "usable_memory_gb", 170.0, "vendor_fact"), spec("g1", "system_memory_gb", 1440.0, "datasheet")],
    )
    g1 = rows["g1"]
    assert (g1["memory_gb"], g1["bandwidth_tbps"], g1["tdp_w"], g1["usable_memory_gb"]) == (180.0, 8.0, 1000.0, 170.0)
    assert (g1["article_memory_gb"], g1["article_bandwidth_tbps"], g1["article_tdp_w"]) == (180.0, 4.0, 750.0)
    assert (g1["memory_source_id"], g1["bandwidth_source_id"], g1["tdp_source_id"]) == (
        "reference/gpus", "datasheet/g1", "vendor_fact/g1")
    # the vendor's own TDP replaced the article's estimate: it is no estimate any more
    assert g1["tdp_is_estimate"] is False
    assert (g1["bw_vs_a100"], g1["bw_vs_a100_article_basis"], g1["bandwidth_gbs_per_w"], g1["memory_mb_per_w"]) == (
        4.0, 2.0, 8.0, 180.0)


def test_the_estimate_flag_stays_while_the_article_tdp_is_used():
    rows = gpus([article(A100, 2.0), article("g1", 4.0, tdp_is_estimate=True)],
                [spec("g1", "tdp_w", 2300.0, "article")])
    assert (rows["g1"]["tdp_w"], rows["g1"]["tdp_is_estimate"]) == (2300.0, True)
    rows = gpus([article(A100, 2.0), article("g1", 4.0, tdp_is_estimate=True)])
    assert (rows["g1"]["tdp_w"], rows["g1"]["tdp_is_estimate"]) == (500.0, True)


def test_bw_vs_a100_rounds_half_away_from_zero_and_compares_with_the_article():
    # 5.3 / 2.0 = 2.65 and 5.1 / 2.0 = 2.55: half-up gives 2.7 and 2.6 (binary floating point
    # would round both down); g2's article cell says 2.5, so it does not match
    rows = gpus([article(A100, 2.0, article_bw_vs_a100=1.0), article("g1", 5.3, article_bw_vs_a100=2.7),
                 article("g2", 5.1, article_bw_vs_a100=2.5)])
    assert pick(list(rows.values()), "gpu_id", "bw_vs_a100", "bw_vs_a100_exact", "bw_vs_a100_matches_article") == [
        ("g1", 2.7, 2.65, True), ("g2", 2.6, 2.55, False), (A100, 1.0, 1.0, True),
    ]


def test_without_the_a100_baseline_there_are_no_rows():
    # the baseline is a cross join: a warehouse without the A100 row has no gpus at all
    assert gpus([article("g1", 4.0)]) == {}
