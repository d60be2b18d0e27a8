"""The Dagster code location loads, validates, and its shape is pinned: an unintended
graph change shows up here as a diff."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.definitions import defs

REFERENCE = [
    "bandwidth_tiers", "bottlenecks", "claims", "companies", "company_bottlenecks", "documents", "gpus",
    "model_weight_sizes", "photonic_roadmap", "punchline", "serving_configs", "tier_traffic",
    # economics and the supply chain
    "company_revenue", "fx_reference_rates", "company_exposure", "price_observations", "investment_list",
    # replica sizing (issue 4)
    "gpu_systems", "weight_precisions", "sizing_scenarios",
    # vendor-published specs entered by hand, with their source (issue 3)
    "gpu_spec_facts",
    # company releases (issue 7)
    "fiscal_calendars",
    # the model catalog: which config.json each model is counted from (issue 11)
    "model_catalog",
    # MLPerf name mappings (issue 14)
    "mlperf_accelerators", "mlperf_benchmarks", "mlperf_precisions",
    # supplier metrics with a basis (issue 16)
    "market_share_estimates", "company_segment_revenue",
    # prices: cost tiers, price points, TCO terms, the names catalogs give GPUs and models (issue 15)
    "gpu_cost_tiers", "gpu_price_points", "tco_assumptions", "gpu_catalog_names", "api_model_names",
    # dated availability milestones, for the claims engine (issue 17)
    "product_milestones", "cited_figures",
    # dated availability changes of accelerators (issue 17)
    "gpu_status_history",
    # home inference (issue 17)
    "quant_formats", "home_measurements", "home_assumptions",
]
MODEL_CONFIGS = [
    # the article's five and the 2026 catalog (issue 13)
    f"model_configs/{m}" for m in (
        "deepseek-r1", "deepseek-v3", "deepseek-v3.2", "deepseek-v4-flash", "deepseek-v4-pro", "gemma-4-31b-nvfp4", "glm-4.5", "glm-5.1", "glm-5.1-fp8",
        "gpt-oss-120b", "kimi-k2-instruct", "kimi-k2.5", "llama-3.1-405b", "llama-3.1-70b", "llama-4-maverick",
        "minimax-m2.7", "minimax-m3-nvfp4", "mixtral-8x22b", "nemotron-3-ultra-550b-a55b", "qwen3-235b-a22b", "qwen3-32b",
        "qwen3-coder-480b-a35b", "qwen3-vl-235b-a22b", "qwen3.5-397b-a17b", "qwen3.6-27b-nvfp4",
    )
]
MODEL_HUB = "models/hub_configs"  # every catalog model's config.json from the hub, one batch
HUB_WEIGHTS = "models/hub_weights"  # every catalog model's safetensors index and shard headers (issue 13 item 5)
MODEL_MARTS = ["models", "replica_sizing", "generation_summary", "decode_ceilings", "tier_traffic_per_plan",
               "model_hub_weights"]
HOME_MARTS = ["home_fit"]  # issue 17
# vendor datasheets (issue 3): one asset for all pages, and the reconciliation marts
DATASHEETS = ["datasheets/vendor_pages", "gpu_spec_candidates", "gpu_specs", "source_conflicts", "gpu_spec_changes"]
# company releases (issue 7): one asset for all companies' indexes and releases, and their mart
RELEASES = ["releases/company_releases", "company_release_figures"]
# MLPerf Inference results (issue 14): one asset for every round's shipped extract and live summary, and its marts
MLPERF = ["mlperf/summaries", "measured_throughput", "model_vs_measured", "generation_measured"]
# live price catalogs (issue 15): one asset for gpuhunt and OpenRouter, and the price marts
PRICES = ["prices/catalogs", "gpu_rental_offers", "gpu_hourly_prices", "gpu_price_summary", "token_price_vs_cost"]
MARKET = ["market/prices", "market/fx", "market/financials", "market/profiles"]
# SEC EDGAR XBRL (issue 16): one asset for every filer's companyfacts and submissions, and its mart
SEC_EDGAR = ["sec_edgar/filings", "sec_quarterly_financials", "twse/monthly_revenue", "twse_quarterly_revenue",
             "dart/accounts"]
# link figures compared per direction (issue 17)
TIER_MARTS = ["bandwidth_tier_ratios"]
MARKET_MARTS = [
    "fx_rates", "company_prices", "company_financials", "demand_drivers", "bottleneck_exposure", "investment_list",
    "gpu_prices", "replica_cost",
]


def test_asset_keys_and_groups():
    graph = defs.resolve_asset_graph()
    keys = sorted(k.to_user_string() for k in graph.get_all_asset_keys())
    assert keys == sorted(
        ["claims", "claims_check", "gpus", "model_weights", *(f"reference/{t}" for t in REFERENCE), *MARKET, *MARKET_MARTS, *DATASHEETS,
         *MODEL_CONFIGS, MODEL_HUB, HUB_WEIGHTS, *MODEL_MARTS, *RELEASES, *MLPERF, *SEC_EDGAR, *PRICES, *TIER_MARTS,
         *HOME_MARTS]
    )
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert {g for k, g in groups.items() if k.startswith("reference/")} == {"reference"}
    assert {groups[m] for m in ("gpus", "claims", "claims_check", "model_weights", *MODEL_MARTS, *HOME_MARTS)} == {"marts"}
    assert {groups[k] for k in [*MODEL_CONFIGS, MODEL_HUB, HUB_WEIGHTS]} == {"models"}


def test_mart_dependencies_are_read_from_their_sql():
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> list[str]:
        return sorted(p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(key)).parent_keys)

    assert parents("gpus") == ["gpu_specs", "reference/documents", "reference/gpu_status_history", "reference/gpus"]
    assert parents("model_weights") == [  # config.json counts (model catalog); bytes per parameter
        "models", "reference/model_weight_sizes", "reference/weight_precisions",
    ]
    assert parents("claims") == ["reference/claims", "reference/documents"]
    # derived from the evaluators it unions (sql/claims/*.sql), each read on its own
    assert parents("claims_check") == [
        "decode_ceilings", "generation_measured", "gpus", "model_weights", "models", "reference/bandwidth_tiers",
        "reference/cited_figures", "reference/claims", "reference/company_revenue", "reference/gpu_price_points",
        "reference/gpu_spec_facts", "reference/photonic_roadmap", "reference/price_observations", "reference/product_milestones",
        "reference/punchline", "reference/serving_configs", "reference/sizing_scenarios", "replica_cost", "replica_sizing",
    ]
    assert parents("replica_cost") == [
        "decode_ceilings", "gpu_price_summary", "measured_throughput", "model_vs_measured", "reference/gpu_cost_tiers",
        "reference/gpu_price_points", "reference/mlperf_precisions", "reference/tco_assumptions", "replica_sizing",
    ]
    assert parents("gpu_rental_offers") == ["prices/catalogs", "reference/gpu_catalog_names"]
    # the model catalog's marts read the config.json sources (shipped and hub) and the catalog entries through
    # the view model_configs, and the KV bytes per value from the precisions
    assert parents("models") == [*MODEL_CONFIGS, "model_hub_weights", MODEL_HUB, HUB_WEIGHTS, "reference/model_catalog",
                                 "reference/model_weight_sizes", "reference/weight_precisions"]
    assert parents("model_hub_weights") == [*MODEL_CONFIGS, MODEL_HUB, HUB_WEIGHTS, "reference/model_catalog"]
    assert parents("replica_sizing") == [
        "gpus", "models", "reference/gpu_systems", "reference/sizing_scenarios", "reference/weight_precisions",
    ]
    assert parents("generation_summary") == ["gpus", "models", "reference/punchline", "reference/sizing_scenarios", "replica_sizing"]
    assert parents("home_fit") == ["gpus", "models", "reference/home_assumptions", "reference/home_measurements",
                                   "reference/price_observations", "reference/quant_formats", "reference/weight_precisions"]
    assert parents("decode_ceilings") == ["gpus", "models", "reference/gpu_systems", "replica_sizing"]
    assert parents("tier_traffic_per_plan") == ["decode_ceilings", "models", "reference/gpu_systems", "replica_sizing"]
    assert parents("reference/serving_configs") == ["reference/documents", "reference/gpus", "reference/model_weight_sizes"]


def test_every_reference_table_has_blocking_checks():
    checks = sorted(
        f"{key.asset_key.to_user_string()}:{key.name}"
        for key in defs.resolve_asset_graph().asset_check_keys
    )
    assert "reference/gpus:plausible_ranges" in checks
    assert "reference/gpus:references_resolve" in checks
    assert "reference/company_bottlenecks:references_resolve" in checks
    assert sum(c.endswith(":unique_ids") for c in checks) == len(REFERENCE)
    # unique ids; ranges on 28 reference tables (claims: tolerance; 3 of home inference); references on all but
    # documents; 5 market data checks; 5 datasheet checks (pages_parse, freshness, and gpu_specs' required_fields,
    # plausible_ranges and usable_not_above_physical);
    # 1 release check (releases_parse); 1 model hub check (configs_parse); 2 MLPerf checks (summaries_parse,
    # measured_throughput's accelerators_mapped); 3 filing checks (sec_edgar_parse, twse_parse, dart_parse);
    # 3 price checks (catalogs_parse, gpu_rental_offers' gpu_names_mapped and offers_usable);
    # sources_current on each of the 12 assets with live sources (datasheets, 4 market, hub configs, releases,
    # mlperf, sec_edgar, twse, dart, price catalogs) and the hub weights (weights_parse, sources_current)
    assert "models/hub_configs:configs_parse" in checks
    assert "gpu_rental_offers:gpu_names_mapped" in checks
    assert len(checks) == len(REFERENCE) + 28 + (len(REFERENCE) - 1) + 5 + 5 + 1 + 1 + 2 + 3 + 3 + 12 + 2


def test_runs_use_the_in_process_executor():
    # DuckDB admits one writing process; the multiprocess default would open it from several.
    job = defs.resolve_implicit_global_asset_job_def()
    assert job.executor_def.name == "in_process"
    assert defs.resolve_job_def("refresh_all").executor_def.name == "in_process"


def test_dagster_definitions_validate(tmp_path):
    dagster = Path(sys.executable).parent / "dagster"
    proc = subprocess.run(
        [str(dagster), "definitions", "validate", "-m", "pipelines.definitions"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "DAGSTER_HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation successful" in proc.stdout + proc.stderr


def test_market_assets_are_day_partitioned_and_feed_the_marts():
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> list[str]:
        return sorted(p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(key)).parent_keys)

    assert {graph.get(dg.AssetKey.from_user_string(k)).group_name for k in MARKET} == {"market"}
    daily = [k for k in MARKET if graph.get(dg.AssetKey.from_user_string(k)).partitions_def is not None]
    assert daily == ["market/prices", "market/fx"]
    assert parents("market/prices") == ["reference/companies"]
    assert parents("fx_rates") == ["market/fx", "reference/fx_reference_rates"]
    assert parents("company_prices") == ["fx_rates", "market/prices", "reference/companies"]
    assert parents("company_financials") == [
        "company_release_figures", "fx_rates", "market/financials", "reference/companies", "reference/company_revenue", "reference/fx_reference_rates",
        "sec_quarterly_financials",
    ]
    assert parents("bottleneck_exposure") == [
        "company_financials", "company_prices", "demand_drivers", "fx_rates", "market/profiles",
        "reference/bottlenecks", "reference/companies", "reference/company_exposure",
        "reference/company_segment_revenue", "reference/market_share_estimates",
    ]
    assert parents("investment_list") == ["bottleneck_exposure", "reference/investment_list"]
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    assert [c for c in checks if c.startswith(("company_prices:", "company_financials:"))] == [
        "company_financials:currency_known", "company_financials:revenue_quarters_contiguous",
        "company_prices:currency_known", "company_prices:no_negative_prices", "company_prices:no_trading_gaps",
    ]


def test_datasheet_pages_feed_the_reconciliation_marts():
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> list[str]:
        return sorted(p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(key)).parent_keys)

    assert graph.get(dg.AssetKey(["datasheets", "vendor_pages"])).group_name == "datasheets"
    assert parents("gpu_spec_candidates") == [
        "datasheets/vendor_pages", "reference/documents", "reference/gpu_spec_facts", "reference/gpus",
    ]
    assert parents("gpu_specs") == ["gpu_spec_candidates"]
    # and model configs: the hub's against the shipped file's (view model_config_candidates)
    assert parents("source_conflicts") == ["company_financials", "gpu_spec_candidates", *MODEL_CONFIGS, "model_hub_weights",
                                           "models", MODEL_HUB, "reference/model_catalog"]
    assert parents("gpu_spec_changes") == ["datasheets/vendor_pages", "reference/gpus"]
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    assert [c for c in checks if c.startswith(("datasheets/", "gpu_specs:"))] == [
        "datasheets/vendor_pages:freshness", "datasheets/vendor_pages:pages_parse", "datasheets/vendor_pages:sources_current",
        "gpu_specs:plausible_ranges", "gpu_specs:required_fields", "gpu_specs:usable_not_above_physical",
    ]


def test_company_releases_feed_figures_financials_and_conflicts():
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> list[str]:
        return sorted(p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(key)).parent_keys)

    assert graph.get(dg.AssetKey(["releases", "company_releases"])).group_name == "releases"
    assert parents("releases/company_releases") == []
    assert parents("company_release_figures") == ["reference/fiscal_calendars", "releases/company_releases"]
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    assert [c for c in checks if c.startswith("releases/")] == ["releases/company_releases:releases_parse",
                                                                 "releases/company_releases:sources_current"]
    schedule = defs.resolve_schedule_def("releases_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 7 * * *", "UTC")
    # the mart sensor learns which asset loads each source from the registry
    from pipelines.assets import source_asset_keys

    owners = source_asset_keys()
    assert (owners["release/mu"], owners["release_index/000660.ks"]) == (
        dg.AssetKey(["releases", "company_releases"]), dg.AssetKey(["releases", "company_releases"]))


def test_model_hub_configs_refresh_weekly_with_the_models_group():
    graph = defs.resolve_asset_graph()
    assert graph.get(dg.AssetKey.from_user_string(MODEL_HUB)).parent_keys == set()
    schedule = defs.resolve_schedule_def("models_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 4 * * 1", "UTC")
    selected = {k.to_user_string() for k in defs.resolve_job_def(schedule.job_name).asset_layer.selected_asset_keys}
    assert selected == {*MODEL_CONFIGS, MODEL_HUB, HUB_WEIGHTS}
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    assert [c for c in checks if c.startswith("models/")] == ["models/hub_configs:configs_parse", "models/hub_configs:sources_current",
                                                               "models/hub_weights:sources_current", "models/hub_weights:weights_parse"]
    # the mart sensor learns which asset loads each source from the registry
    from pipelines.assets import source_asset_keys

    owners = source_asset_keys()
    assert {owners[f"model_hub/{m}"] for m in ("deepseek-r1", "llama-3.1-405b")} == {dg.AssetKey.from_user_string(MODEL_HUB)}


def test_every_source_asset_has_a_freshness_policy_from_its_cadence():
    graph = defs.resolve_asset_graph()
    with_policy = {k.to_user_string() for k in graph.get_all_asset_keys() if graph.get(k).freshness_policy is not None}
    sources = {k.to_user_string() for k in graph.get_all_asset_keys()
               if k.path[0] in ("reference", "model_configs", "market", "datasheets", "releases", "mlperf", "sec_edgar",
                                "twse", "dart", "prices")
               or k.to_user_string() in (MODEL_HUB, HUB_WEIGHTS)}
    # 20 catalog models added by issue 13 and the hub weights; 2 reference tables, the SEC EDGAR, TWSE and DART
    # assets by issue 16; 5 price reference tables and the price catalogs by issue 15; product_milestones,
    # cited_figures, gpu_status_history and 3 home inference tables (issue 17)
    assert with_policy == sources and len(sources) == 39 + 20 + 1 + 5 + 6 + 2 + 1 + 3
    prices = graph.get(dg.AssetKey(["prices", "catalogs"])).freshness_policy  # daily, stale after 2 days
    assert prices.warn_window.to_timedelta().days == 2
    schedule = defs.resolve_schedule_def("prices_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 5 * * *", "UTC")
    policy = graph.get(dg.AssetKey(["market", "prices"])).freshness_policy
    assert (policy.warn_window.to_timedelta().days, policy.fail_window.to_timedelta().days) == (4, 8)
    hub = graph.get(dg.AssetKey.from_user_string(MODEL_HUB)).freshness_policy  # weekly, from the registry
    assert (hub.warn_window.to_timedelta().days, hub.fail_window.to_timedelta().days) == (7, 14)


def test_mlperf_summaries_refresh_weekly_and_feed_the_measured_marts():
    graph = defs.resolve_asset_graph()
    parents = lambda key: sorted(p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(key)).parent_keys)
    assert graph.get(dg.AssetKey(["mlperf", "summaries"])).group_name == "mlperf"
    assert parents("mlperf/summaries") == []
    assert parents("measured_throughput") == [
        "mlperf/summaries", "reference/mlperf_accelerators", "reference/mlperf_benchmarks",
    ]
    assert parents("model_vs_measured") == [
        "decode_ceilings", "measured_throughput", "reference/mlperf_precisions", "reference/sizing_scenarios",
    ]
    assert parents("generation_measured") == ["gpus", "measured_throughput"]
    schedule = defs.resolve_schedule_def("mlperf_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 6 * * 1", "UTC")
    selected = {k.to_user_string() for k in defs.resolve_job_def(schedule.job_name).asset_layer.selected_asset_keys}
    assert selected == {"mlperf/summaries"}
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    assert [c for c in checks if c.startswith(("mlperf/", "measured_throughput:"))] == [
        "measured_throughput:accelerators_mapped", "mlperf/summaries:sources_current", "mlperf/summaries:summaries_parse",
    ]
    policy = graph.get(dg.AssetKey(["mlperf", "summaries"])).freshness_policy
    assert (policy.warn_window.to_timedelta().days, policy.fail_window.to_timedelta().days) == (7, 14)


def test_a_mart_is_built_after_every_mart_it_reads():
    """with_upstream (what tests build before a mart) is read from the SQL, so a new read needs no list edit."""
    from warehouse.lineage import with_upstream

    assert with_upstream("gpus") == ["gpu_spec_candidates", "gpu_specs", "gpus"]
    order = with_upstream("replica_cost")
    assert order[-1] == "replica_cost" and {"decode_ceilings", "gpu_price_summary", "model_vs_measured"} <= set(order)
    assert order.index("gpu_rental_offers") < order.index("gpu_price_summary") < order.index("replica_cost")
