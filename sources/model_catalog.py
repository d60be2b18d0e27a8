"""The model catalog: which config.json files the warehouse loads, and the parser that turns
one into a record of the model's size (`sources.model_config`), tagged with what its
publisher states.

The configs are shipped in `sources/model_configs/` (see its README for where each came
from); each is a registry source `model_configs/<model_id>`, stored in the raw snapshot
store and versioned like every other source. Each model's config.json on the Hugging Face
hub is a live source `model_hub/<model_id>` (`sources/model_hub.py`), read by the same parser.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass

import polars as pl

from sources.model_config import ModelSize, model_size


@dataclass(frozen=True)
class CatalogModel:
    model_id: str  # as in reference/model_weight_sizes
    name: str
    file_name: str
    hub_repo: str  # Hugging Face repository the config comes from
    stated_total_params_b: float  # the publisher's stated size
    stated_active_params_b: float
    config_note: str

    @property
    def source_id(self) -> str:
        return f"model_configs/{self.model_id}"

    @property
    def url(self) -> str:
        return f"https://huggingface.co/{self.hub_repo}/blob/main/config.json"

    @property
    def hub_source_id(self) -> str:
        return f"model_hub/{self.model_id}"

    def hub_config_url(self, endpoint: str) -> str:
        """Where the hub serves the raw config.json of the repository's main branch."""
        return f"{endpoint.rstrip('/')}/{self.hub_repo}/resolve/main/config.json"


CATALOG: dict[str, CatalogModel] = {
    m.model_id: m
    for m in [
        CatalogModel(
            "llama-3.1-405b", "Llama 3.1 405B", "meta-llama--Llama-3.1-405B.config.json", "meta-llama/Llama-3.1-405B",
            405, 405, "published config.json",
        ),
        CatalogModel(
            "deepseek-r1", "DeepSeek R1", "deepseek-ai--DeepSeek-R1.config.json", "deepseek-ai/DeepSeek-R1",
            671, 37, "published config.json; the MTP layer is not in the stated 671B",
        ),
        CatalogModel(
            "qwen3-235b-a22b", "Qwen3-235B-A22B", "Qwen--Qwen3-235B-A22B.config.json", "Qwen/Qwen3-235B-A22B",
            235, 22, "published config.json",
        ),
        CatalogModel(
            "kimi-k2.5", "Kimi K2.5", "moonshotai--Kimi-K2-Instruct.config.json", "moonshotai/Kimi-K2-Instruct",
            1000, 32,
            "Kimi K2 Instruct's published config.json, standing in for the article's 'Kimi K2.5 ~1T' "
            "(same 1T/32B MLA MoE text architecture)",
        ),
        CatalogModel(
            "glm-4.5", "GLM-4.5", "zai-org--GLM-4.5.config.json", "zai-org/GLM-4.5",
            355, 32,
            "assembled from GLM-4.5's published architecture (model card, training scripts), not a byte-exact "
            "copy of the hub file; GLM states 32B active without embedding and output head",
        ),
    ]
}


_POLARS = {str: pl.Utf8, int: pl.Int64, float: pl.Float64, bool: pl.Boolean}

# One record per model: the catalog entry, then the sizes counted from its config.json.
SCHEMA: dict[str, pl.DataType] = {
    "model_id": pl.Utf8, "name": pl.Utf8, "hub_repo": pl.Utf8, "config_url": pl.Utf8, "config_note": pl.Utf8,
    "stated_total_params_b": pl.Float64, "stated_active_params_b": pl.Float64,
    **{f.name: _POLARS[typing.get_type_hints(ModelSize)[f.name]] for f in dataclasses.fields(ModelSize)},
}


def parse_model_config(model_id: str, data: bytes, origin: str) -> pl.DataFrame:
    """config.json bytes -> one row: the catalog entry and the counted sizes. Pure."""
    entry = CATALOG[model_id]
    size = model_size(data, origin)
    row = {
        "model_id": entry.model_id,
        "name": entry.name,
        "hub_repo": entry.hub_repo,
        "config_url": entry.url,
        "config_note": entry.config_note,
        "stated_total_params_b": float(entry.stated_total_params_b),
        "stated_active_params_b": float(entry.stated_active_params_b),
        **size.as_dict(),
    }
    return pl.DataFrame([row], schema=SCHEMA)


def parser_for(model_id: str):
    if model_id not in CATALOG:
        raise KeyError(model_id)
    return lambda data, origin: parse_model_config(model_id, data, origin)
