"""The model-config family: per catalog model, the config.json shipped in this folder (source
`model_configs/<model_id>`, entity type `model_config`, one asset each) and the same file on the
Hugging Face hub (live source `model_hub/<model_id>`, entity type `model_config_hub`, one batch
asset `models/hub_configs`). Both are counted by one pure parser; they version apart, so neither
closes the other's versions, and the view `model_configs` prefers the hub's once loaded."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence

import polars as pl

from sources.family import AssetPlan, Family, FetchContext, Schedule, Source, View
from sources.fetch import Fetched, Request
from sources.model_configs.catalog import CatalogModel, catalog
from sources.model_configs.count import ModelSize, model_size
from sources.model_configs.hub import auth_headers, explain_refusal
from sources.settings import DEFAULT_HF_ENDPOINT

HUB_ENTITY_TYPE = "model_config_hub"
WEEKLY = Schedule("models", "0 4 * * 1", "UTC", "Model configs: weekly, Mondays.")
_POLARS = {str: pl.Utf8, int: pl.Int64, float: pl.Float64, bool: pl.Boolean}
# One record per model: its id and the sizes counted from its config.json (the catalog's name,
# repository and notes are reference data, joined by the view model_configs).
SCHEMA: dict[str, pl.DataType] = {
    "model_id": pl.Utf8,
    **{f.name: _POLARS[typing.get_type_hints(ModelSize)[f.name]] for f in dataclasses.fields(ModelSize)},
}
HUB_ASSET = AssetPlan(
    key=("models", "hub_configs"),
    group="models",
    description="Every catalog model's config.json from the Hugging Face hub (BOTTLENECKS_HF_ENDPOINT, "
    "`/<repo>/resolve/main/config.json`; BOTTLENECKS_HF_TOKEN for gated repositories), one source per model, "
    "fetched politely with conditional GETs into the raw snapshot store, counted like the shipped files and "
    f"versioned as `{HUB_ENTITY_TYPE}`; view `model_configs` prefers it to the shipped file once loaded.",
    kinds=frozenset({"json", "duckdb"}),
    parse_check=("configs_parse", "Every config.json fetched from the hub could be counted (its required fields present)."),
)


def _shipped(model: CatalogModel) -> Source:
    description = (f"{model.name}: Hugging Face config.json ({model.hub_repo}), counted into parameters and "
                   "KV cache by sources/model_configs/count.py. Grain: one row per model.")
    return Source(
        source_id=model.source_id,
        family=ModelConfigFamily.name,
        location=model.location,
        entity_type="model_config",
        key=("model_id",),
        description=description,
        asset=AssetPlan(
            key=tuple(model.source_id.split("/")),
            group="models",
            description=f"{description} Loaded from `{model.location}` through the raw snapshot store into "
            "versioned entities (view `model_configs`, which adds the catalog entry from `ref_model_catalog`).",
            kinds=frozenset({"json", "duckdb"}),
            metadata={"grain": "one row per model", "hub_repo": model.hub_repo},
        ),
        schedules=(WEEKLY,),
        item=model,
    )


def _hub(model: CatalogModel) -> Source:
    return Source(
        source_id=model.hub_source_id,
        family=ModelConfigFamily.name,
        # at the default endpoint; requests() rebases it on BOTTLENECKS_HF_ENDPOINT
        location=model.hub_config_url(DEFAULT_HF_ENDPOINT),
        entity_type=HUB_ENTITY_TYPE,
        key=("model_id",),
        description=f"{model.name}: config.json of {model.hub_repo} on the Hugging Face hub, when online; "
        "counted like the shipped file, and preferred to it once loaded. Grain: one row per model.",
        asset=HUB_ASSET,
        schedules=(WEEKLY,),
        live=True,
        item=model,
    )


class ModelConfigFamily(Family):
    name = "model_configs"

    def sources(self) -> list[Source]:
        models = list(catalog().values())
        return [*map(_shipped, models), *map(_hub, models)]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        """config.json bytes -> one row: the model id and the counted sizes. Pure."""
        size = model_size(body, origin)
        return pl.DataFrame([{"model_id": source.item.model_id, **size.as_dict()}], schema=SCHEMA)

    def views(self) -> list[View]:
        return [View("views/model_configs")]

    def shipped_content_type(self, source: Source) -> str:
        return "application/json"

    def requests(self, source: Source, ctx: FetchContext) -> list[Request]:
        if not source.live:
            return super().requests(source, ctx)
        url = source.item.hub_config_url(ctx.settings.hf_endpoint)
        return [Request(source.source_id, url, *ctx.validators(source.source_id), headers=auth_headers(ctx.settings.hf_token))]

    def fetch(self, sources: Mapping[str, Source], requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
        fetched = super().fetch(sources, requests, ctx)
        token_sent = bool(ctx.settings.hf_token)
        return [explain_refusal(f, sources[f.source_id].item.hub_repo, token_sent) if sources[f.source_id].live else f
                for f in fetched]


FAMILY = ModelConfigFamily()
