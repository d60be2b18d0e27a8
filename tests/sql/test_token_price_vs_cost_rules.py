"""token_price_vs_cost on literal rows: a public API price (OpenRouter, live) beside the lowest cost per million
output tokens of a deployable plan whose throughput is measured (else calibrated; ceiling-only rows are never
compared); without a stored API price the row says why."""

from tests.sql.literal import pick, run_mart

NAMES = [{"api": "openrouter", "api_model_id": "deepseek/deepseek-r1", "model_id": "deepseek-r1"},
         {"api": "openrouter", "api_model_id": "meta-llama/llama-4-maverick", "model_id": "llama-4-maverick"}]


def cost(model, scenario, usd, basis="measured", plan="deployable", gpu="nvidia-b200-sxm"):
    return {"model_id": model, "gpu_id": gpu, "precision": "fp4", "scenario_id": scenario, "plan_kind": plan,
            "price_basis": "inferencex_hyperscaler", "throughput_basis": basis, "usd_per_million_output_tokens": usd}


def test_api_prices_beside_the_lowest_honest_cost():
    rows = run_mart("token_price_vs_cost", {
        "ref_api_model_names": NAMES,
        "api_model_prices": [{"api": "openrouter", "api_model_id": "deepseek/deepseek-r1", "prompt_usd_per_mtok": 0.4,
                              "completion_usd_per_mtok": 2.0}],
        "replica_cost": [cost("deepseek-r1", "article", 0.08), cost("deepseek-r1", "chat-8k-x64", 0.05, "calibrated"),
                         cost("deepseek-r1", "batch-32k-x256", 0.01, plan="memory_minimum"),
                         cost("llama-4-maverick", "chat-8k-x64", 0.5, "ceiling_only"),
                         cost("llama-4-maverick", "batch-32k-x256", 0.2, "calibrated")],
    })
    assert pick(rows, "model_id", "scenario_id", "throughput_basis", "cost_usd_per_million_output_tokens",
                "api_usd_per_million_output_tokens", "api_over_cost", "api_price_status") == [
        ("deepseek-r1", "article", "measured", 0.08, 2.0, 25.0, "current"),
        ("llama-4-maverick", "batch-32k-x256", "calibrated", 0.2, None, None,
         "no stored price: openrouter is a live source, fetched online only, and no list is stored yet"),
    ]
