"""measured_throughput and model_vs_measured on literal rows: per-GPU figures only for Tokens/s results on
one mapped accelerator type (a mixed system or an unmapped name is kept and never divided), and the ratio
of the best measured result per GPU to the modelled decode ceiling at the stated scenario and batch."""

from tests.sql.literal import run_mart

ACCELERATORS = [
    {"accelerator_name": "NVIDIA GB300", "gpu_id": "nvidia-gb300", "catalog_gpu_id": "nvidia-b300",
     "catalog_basis": "same_gpu_other_system", "mixed": False},
    {"accelerator_name": "A + B", "gpu_id": None, "catalog_gpu_id": None, "catalog_basis": "none", "mixed": True},
]
BENCHMARKS = [{"benchmark": "deepseek-r1", "model_id": "deepseek-r1"}, {"benchmark": "vlm", "model_id": "qwen-vl"}]


def _result(ref, accelerator, result, units="Tokens/s", total=72, benchmark="deepseek-r1", precision="fp4"):
    return {"mlperf_round": "v6.1", "result_ref": ref, "benchmark": benchmark, "scenario": "Offline",
            "result": result, "units": units, "total_accelerators": total, "accelerator_name": accelerator,
            "weight_precision": precision, "division": "closed", "availability": "available",
            "summary_url": "https://example/summary.json"}


def _measured(rows):
    return {r["result_ref"]: r for r in run_mart("measured_throughput", {
        "mlperf_results": rows, "ref_mlperf_accelerators": ACCELERATORS, "ref_mlperf_benchmarks": BENCHMARKS})}


def test_per_gpu_only_for_tokens_per_s_on_one_mapped_accelerator_type():
    rows = _measured([
        _result("1", "NVIDIA GB300", 720000.0),
        _result("2", "A + B", 32000.0, total=16),
        _result("3", "NVIDIA GB999", 50000.0, total=8),
        _result("4", "NVIDIA GB300", 12.5, units="Queries/s", benchmark="vlm"),
        _result("5", "", 900.0, total=0),
    ])
    got = {k: (r["gpu_id"], r["tokens_per_s"], r["tokens_per_s_per_gpu"], r["accelerator_mapping"], r["units"])
           for k, r in rows.items()}
    assert got == {
        "1": ("nvidia-gb300", 720000.0, 10000.0, "mapped", "Tokens/s"),
        "2": (None, 32000.0, None, "mixed", "Tokens/s"),
        "3": (None, 50000.0, None, "unmapped", "Tokens/s"),
        "4": ("nvidia-gb300", None, None, "mapped", "Queries/s"),
        "5": (None, 900.0, None, "none_named", "Tokens/s"),
    }
    assert rows["1"]["per_gpu_basis"] == "system tokens/s / 72 accelerators (nodes x accelerators per node)"
    assert rows["4"]["result"] == 12.5 and rows["4"]["model_id"] == "qwen-vl"


def test_a_result_of_a_benchmark_not_mapped_is_kept_only_when_in_tokens_per_s():
    rows = _measured([_result("1", "NVIDIA GB300", 7200.0, benchmark="new-llm"),
                      _result("2", "NVIDIA GB300", 3.0, units="Samples/s", benchmark="resnet")])
    assert [(k, r["model_id"], r["tokens_per_s_per_gpu"]) for k, r in rows.items()] == [("1", None, 100.0)]


def test_model_vs_measured_takes_the_best_result_per_gpu_and_divides_by_the_ceiling_per_gpu():
    measured = [
        {"mlperf_round": "v6.1", "result_ref": "1", "benchmark": "deepseek-r1", "model_id": "deepseek-r1",
         "scenario": "Offline", "gpu_id": "nvidia-gb300", "catalog_gpu_id": "nvidia-b300", "tokens_per_s_per_gpu": 9000.0,
         "weight_precision": "fp4", "availability": "available"},
        {"mlperf_round": "v6.1", "result_ref": "2", "benchmark": "deepseek-r1", "model_id": "deepseek-r1",
         "scenario": "Offline", "gpu_id": "nvidia-b300", "catalog_gpu_id": "nvidia-b300", "tokens_per_s_per_gpu": 6000.0,
         "weight_precision": "fp4", "availability": "available"},
        # an integer format no precision row maps: never compared
        {"mlperf_round": "v6.1", "result_ref": "3", "benchmark": "deepseek-r1", "model_id": "deepseek-r1",
         "scenario": "Offline", "gpu_id": "nvidia-b300", "catalog_gpu_id": "nvidia-b300", "tokens_per_s_per_gpu": 99999.0,
         "weight_precision": "INT4", "availability": "available"},
    ]
    ceilings = [
        {"model_id": "deepseek-r1", "gpu_id": "nvidia-b300", "precision": "fp4", "scenario_id": "batch-32k-x256",
         "batch_size": 256, "plan": "TP1 EP8", "gpus_per_replica": 8, "tokens_per_s_per_replica": 24000.0},
        {"model_id": "deepseek-r1", "gpu_id": "nvidia-b300", "precision": "fp4", "scenario_id": "chat-8k-x64",
         "batch_size": 64, "plan": "TP1 EP8", "gpus_per_replica": 8, "tokens_per_s_per_replica": 99000.0},
    ]
    rows = run_mart("model_vs_measured", {
        "measured_throughput": measured, "decode_ceilings": ceilings,
        "ref_mlperf_precisions": [{"weight_data_types": "fp4", "precision": "fp4"}],
        "ref_sizing_scenarios": [{"scenario_id": "batch-32k-x256", "context_tokens": 32768, "concurrent_seqs": 256,
                                  "kv_precision": "fp8"}],
    })
    assert [(r["model_id"], r["gpu_id"], r["precision"], r["scenario"], r["measured_tokens_per_s_per_gpu"],
             r["modelled_tokens_per_s_per_gpu"], r["measured_over_modelled"], r["result_ref"], r["measured_gpu_id"],
             r["modelled_batch_size"], r["modelled_plan"], r["results_compared"]) for r in rows] == [
        ("deepseek-r1", "nvidia-b300", "fp4", "Offline", 9000.0, 3000.0, 3.0, "1", "nvidia-gb300", 256, "TP1 EP8", 2)]


def test_generation_measured_ratio_is_to_the_vendors_previous_measured_generation():
    def m(ref, catalog, per_gpu, availability="available"):
        return {"mlperf_round": "v6.1", "result_ref": ref, "benchmark": "deepseek-r1", "model_id": "deepseek-r1",
                "scenario": "Offline", "gpu_id": catalog, "catalog_gpu_id": catalog, "tokens_per_s_per_gpu": per_gpu,
                "availability": availability}
    gpus = [{"gpu_id": "h200", "vendor": "nvidia", "release_year": 2024, "bandwidth_tbps": 4.8},
            {"gpu_id": "b200", "vendor": "nvidia", "release_year": 2024, "bandwidth_tbps": 8.0},
            {"gpu_id": "r200", "vendor": "nvidia", "release_year": 2026, "release_half": "H2", "bandwidth_tbps": 20.0},
            {"gpu_id": "mi355", "vendor": "amd", "release_year": 2025, "bandwidth_tbps": 8.0}]
    rows = run_mart("generation_measured", {"gpus": gpus, "measured_throughput": [
        m("1", "h200", 1000.0), m("2", "b200", 7000.0), m("3", "b200", 5000.0), m("4", "r200", 17500.0, "preview"),
        m("5", "mi355", 5600.0)]})
    assert [(r["vendor"], r["gpu_id"], r["best_tokens_per_s_per_gpu"], r["previous_gpu_id"], r["ratio_to_previous"],
             r["availability"]) for r in rows] == [
        ("amd", "mi355", 5600.0, None, None, "available"),
        ("nvidia", "h200", 1000.0, None, None, "available"),
        ("nvidia", "b200", 7000.0, "h200", 7.0, "available"),
        ("nvidia", "r200", 17500.0, "b200", 2.5, "preview"),
    ]
