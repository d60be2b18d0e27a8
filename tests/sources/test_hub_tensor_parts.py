"""The hub-weights reader's split of real tensor names into language / vision / audio / MTP
(tests/fixtures/model_configs/hub_tensor_names.json: names as public loaders of Kimi K2.5,
Qwen3.5/3.6, DeepSeek V3/R1, GLM-5.1, Gemma 4, MiniMax M3 and Llama 4 spell them, each with the
code-index id it was found under; not a copied index file, see its _label). `final` applies the
mart model_hub_weights rule: a language tensor of a decoder layer at or past the config's
num_hidden_layers is an MTP layer."""

import json
from pathlib import Path

import pytest

from sources.model_configs.weights import LAYER, tensor_part

ROWS = json.loads((Path(__file__).parent.parent / "fixtures" / "model_configs" / "hub_tensor_names.json").read_text())["rows"]


def layer_of(name: str) -> int:
    m = LAYER.search(name)
    return int(m.group(1)) if m else -1


def final_part(name: str, num_hidden_layers: int) -> str:
    # the case expression of sql/marts/model_hub_weights.sql, on one name
    part = tensor_part(name)
    return "mtp" if part == "language" and layer_of(name) >= num_hidden_layers else part


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_real_tensor_names_split_exactly(row):
    assert tensor_part(row["name"]) == row["part"]
    assert (layer_of(row["name"]) if row["part"] in ("language", "mtp") else -1) == row["layer"]
    assert final_part(row["name"], row["num_hidden_layers"]) == row["final"]


def test_every_part_is_covered():
    assert {r["final"] for r in ROWS} == {"language", "vision", "audio", "mtp"}
    assert len(ROWS) == 38
