"""Domain `models`: the model catalog. Each shipped config.json (sources/model_configs/) is an
asset `model_configs/<model_id>` (group `models`): read, stored in the raw snapshot store,
counted into parameters and KV cache by `sources.model_config`, and versioned. Asset
`models/hub_configs` refreshes every catalog model's config.json from the Hugging Face hub
when online (sources/model_hub.py), through the same live-source path as the vendor pages.
The marts `models`, `replica_sizing`, `generation_summary`, `decode_ceilings` and
`tier_traffic_per_plan` (sql/marts/) read them through the view `model_configs` (the hub's
config once loaded, else the shipped one); `source_conflicts` lists where the two differ.

A hub config that cannot be fetched (offline, unreachable, a gated repository without a
token) keeps the last good data and is listed as stale with the reason; a hub body that
cannot be counted fails the `configs_parse` check, naming the URL and the field.
"""

import dagster as dg

from pipelines.ingestion import ingest_asset
from pipelines.live import live_materialization, refresh_live
from pipelines.resources import WarehouseResource
from sources.model_catalog import CATALOG
from sources.model_hub import fetch_hub, hub_sources
from sources.registry import MODEL_HUB_ENTITY_TYPE, SOURCES

HUB_CONFIGS = dg.AssetKey(["models", "hub_configs"])


def _shipped_key(model) -> dg.AssetKey:
    return dg.AssetKey(model.source_id.split("/"))


def source_keys() -> dict[str, dg.AssetKey]:
    """source_id -> the asset that loads it, for every model catalog source (shipped and hub)."""
    return {
        **{m.source_id: _shipped_key(m) for m in CATALOG.values()},
        **{m.hub_source_id: HUB_CONFIGS for m in CATALOG.values()},
    }


def _asset(model) -> dg.AssetsDefinition:
    source = SOURCES[model.source_id]
    return ingest_asset(
        source,
        key=_shipped_key(model),
        group="models",
        description=f"{source.description} Loaded from `{source.location}` through the raw snapshot store into "
        f"versioned entities (view `model_configs`). Config: {model.config_note}.",
        kinds={"json", "duckdb"},
        metadata={"grain": "one row per model", "hub_repo": model.hub_repo},
    )


@dg.asset(
    key=HUB_CONFIGS,
    group_name="models",
    kinds={"json", "duckdb"},
    description="Every catalog model's config.json from the Hugging Face hub (BOTTLENECKS_HF_ENDPOINT, "
    "`/<repo>/resolve/main/config.json`; BOTTLENECKS_HF_TOKEN for gated repositories), one source per model, "
    "fetched politely with conditional GETs into the raw snapshot store, counted like the shipped files and "
    f"versioned as `{MODEL_HUB_ENTITY_TYPE}`; view `model_configs` prefers it to the shipped file once loaded.",
    check_specs=[
        dg.AssetCheckSpec("configs_parse", asset=HUB_CONFIGS,
                          description="Every config.json fetched from the hub could be counted (its required fields present)."),
    ],
    metadata={
        "entity_type": MODEL_HUB_ENTITY_TYPE,
        "models": len(CATALOG),
        # the sources it loads: the mart sensor and the freshness policy find them here
        "source_ids": sorted(m.hub_source_id for m in CATALOG.values()),
    },
)
def hub_configs(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings()
    outcomes = refresh_live(settings, hub_sources(settings), context.run.run_id, fetch_hub)
    return live_materialization(context, outcomes, "configs_parse", "configs")


defs = dg.Definitions(assets=[*(_asset(m) for m in CATALOG.values()), hub_configs])
