"""Domain `models`: the model catalog. Each shipped config.json (sources/model_configs/) is an
asset `model_configs/<model_id>` (group `models`): read, stored in the raw snapshot store,
counted into parameters and KV cache by `sources.model_config`, and versioned. The marts
`models`, `replica_sizing`, `generation_summary`, `decode_ceilings` and
`tier_traffic_per_plan` (sql/marts/) read them through the view `model_configs`."""

import dagster as dg

from pipelines.ingestion import ingest_asset
from sources.model_catalog import CATALOG
from sources.registry import SOURCES


def _asset(model) -> dg.AssetsDefinition:
    source = SOURCES[model.source_id]
    return ingest_asset(
        source,
        key=dg.AssetKey(model.source_id.split("/")),
        group="models",
        description=f"{source.description} Loaded from `{source.location}` through the raw snapshot store into "
        f"versioned entities (view `model_configs`). Config: {model.config_note}.",
        kinds={"json", "duckdb"},
        metadata={"grain": "one row per model", "hub_repo": model.hub_repo},
    )


defs = dg.Definitions(assets=[_asset(m) for m in CATALOG.values()])
