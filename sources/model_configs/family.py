"""The model-config family: per catalog model, the config.json shipped in this folder (source
`model_configs/<model_id>`, entity type `model_config`, one asset each) and the same file on the
Hugging Face hub (live source `model_hub/<model_id>`, entity type `model_config_hub`, one batch
asset `models/hub_configs`). Both are counted by one pure parser; they version apart, so neither
closes the other's versions, and the view `model_configs` prefers the hub's once loaded.

The checkpoint itself, when online (batch asset `models/hub_weights`, two stages): the
repository's `model.safetensors.index.json` (source `model_hub_index/<model_id>`, entity type
`model_weight_shard`, one per shard file), then the safetensors header of every shard it lists
that this warehouse has not read since that index was loaded (source
`model_hub_weights/<model_id>`, entity type `model_weight_group`: one per shard x part x layer x
dtype x tensor kind, partial: one snapshot per shard), fetched by byte range (`hub_weights.py`)
and read by `weights.py`; views in sql/views/model_hub_weights.sql."""

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
from sources.model_configs.hub_weights import fetch_headers
from sources.model_configs.weights import HEADER_SCHEMA, INDEX_FILE, INDEX_SCHEMA, parse_header, parse_index
from sources.settings import DEFAULT_HF_ENDPOINT

HUB_ENTITY_TYPE = "model_config_hub"
SHARD_ENTITY_TYPE = "model_weight_shard"
GROUP_ENTITY_TYPE = "model_weight_group"
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

HUB_WEIGHTS_ASSET = AssetPlan(
    key=("models", "hub_weights"),
    group="models",
    description="Every catalog model's checkpoint as stored on the Hugging Face hub, without downloading a "
    f"weight: its `{INDEX_FILE}` (which shard holds which tensor; `hub_weight_shards`), then each shard's "
    "safetensors header by HTTP range request (dtype, shape and bytes of every tensor; `hub_weight_groups`), "
    "through the polite client into the raw snapshot store. Packed 4-bit tensors are converted to parameters "
    "(sources/model_configs/weights.py); the models mart compares the result with the counter.",
    kinds=frozenset({"json", "duckdb"}),
    parse_check=("weights_parse", "Every index and safetensors header fetched from the hub could be read."),
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


def _hub_weights(model: CatalogModel) -> tuple[Source, Source]:
    index = Source(
        source_id=model.hub_index_source_id,
        family=ModelConfigFamily.name,
        location=model.hub_file_url(DEFAULT_HF_ENDPOINT, INDEX_FILE),  # rebased on BOTTLENECKS_HF_ENDPOINT
        entity_type=SHARD_ENTITY_TYPE,
        key=("model_id", "shard_file"),
        description=f"{model.name}: {INDEX_FILE} of {model.hub_repo} on the Hugging Face hub, when online: the "
        "shard files of the checkpoint and how many tensors each holds. Grain: one row per shard file.",
        asset=HUB_WEIGHTS_ASSET,
        schedules=(WEEKLY,),
        live=True,
        item=model,
    )
    headers = Source(
        source_id=model.hub_weights_source_id,
        family=ModelConfigFamily.name,
        location=model.hub_file_url(DEFAULT_HF_ENDPOINT, "<shard>.safetensors"),  # each fetch's URL is in the fetch log
        entity_type=GROUP_ENTITY_TYPE,
        key=("model_id", "shard_file", "part", "layer", "dtype", "tensor_kind"),
        description=f"{model.name}: the safetensors header of each shard of {model.hub_repo} (byte-range requests, "
        "one snapshot per shard): tensors, stored elements, parameters and bytes on disk. "
        "Grain: one row per shard x part x layer x dtype x tensor kind.",
        asset=HUB_WEIGHTS_ASSET,
        schedules=(WEEKLY,),
        live=True,
        partial=True,
        stage=1,
        reads=("hub_weight_shards",),
        item=model,
    )
    return index, headers


class ModelConfigFamily(Family):
    name = "model_configs"

    def sources(self) -> list[Source]:
        models = list(catalog().values())
        return [*map(_shipped, models), *map(_hub, models), *(s for m in models for s in _hub_weights(m))]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return {SHARD_ENTITY_TYPE: INDEX_SCHEMA, GROUP_ENTITY_TYPE: HEADER_SCHEMA}.get(source.entity_type, SCHEMA)

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        """config.json bytes -> one row: the model id and the counted sizes; an index or a
        safetensors header -> its rows (weights.py). Pure."""
        if source.entity_type == SHARD_ENTITY_TYPE:
            return parse_index(body, origin, source.item.model_id)
        if source.entity_type == GROUP_ENTITY_TYPE:
            return parse_header(body, origin, source.item.model_id)
        size = model_size(body, origin)
        return pl.DataFrame([{"model_id": source.item.model_id, **size.as_dict()}], schema=SCHEMA)

    def views(self) -> list[View]:
        return [View("views/model_configs"), View("views/model_hub_weights")]

    def shipped_content_type(self, source: Source) -> str:
        return "application/json"

    def requests(self, source: Source, ctx: FetchContext) -> list[Request]:
        if not source.live:
            return super().requests(source, ctx)
        model: CatalogModel = source.item
        endpoint, auth = ctx.settings.hf_endpoint, auth_headers(ctx.settings.hf_token)
        if source.entity_type == GROUP_ENTITY_TYPE:
            # every shard of the current index whose header was not read since that index was loaded
            shards = ctx.query("load/select_unread_weight_shards", {"model_id": model.model_id, "source_id": source.source_id})
            return [Request(source.source_id, model.hub_file_url(endpoint, shard), headers=auth) for (shard,) in shards]
        file = INDEX_FILE if source.entity_type == SHARD_ENTITY_TYPE else "config.json"
        return [Request(source.source_id, model.hub_file_url(endpoint, file), *ctx.validators(source.source_id), headers=auth)]

    def fetch(self, sources: Mapping[str, Source], requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
        ranged = [i for i, r in enumerate(requests) if sources[r.source_id].entity_type == GROUP_ENTITY_TYPE]
        others = [i for i in range(len(requests)) if i not in set(ranged)]
        fetched: list[Fetched | None] = [None] * len(requests)
        for i, f in zip(ranged, fetch_headers([requests[i] for i in ranged], ctx) if ranged else [], strict=True):
            fetched[i] = f
        for i, f in zip(others, super().fetch(sources, [requests[i] for i in others], ctx) if others else [], strict=True):
            fetched[i] = f
        token_sent = bool(ctx.settings.hf_token)
        return [explain_refusal(f, sources[f.source_id].item.hub_repo, token_sent) if sources[f.source_id].live else f
                for f in fetched]


FAMILY = ModelConfigFamily()
