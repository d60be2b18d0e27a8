"""The counter on the real config.json of every shared 2026 architecture, against the oracle:
each model's parameters as Hugging Face transformers' own model class instantiates them
(tests/fixtures/model_configs/reference_counts.json, source named in its README), and the
refusals: what the counter does not understand is a ParseError naming the file, the field and
the model_type, never a number."""

import copy
import json
from pathlib import Path

import pytest

from sources.errors import ParseError
from sources.model_configs.count import model_size
from sources.shipped import shipped_path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "model_configs"
CONFIGS = shipped_path("sources/model_configs")
ORACLE = json.loads((FIXTURES / "reference_counts.json").read_text())
# the oracle's file names; the article's Llama 3.1 405B is shipped under its older repository name
SHIPPED_AS = {"meta-llama--Meta-Llama-3.1-405B": "meta-llama--Llama-3.1-405B"}
COUNTED = sorted(ORACLE)


def config(name: str) -> dict:
    return json.loads((CONFIGS / f"{SHIPPED_AS.get(name, name)}.config.json").read_text())


def count(name: str):
    return model_size((CONFIGS / f"{SHIPPED_AS.get(name, name)}.config.json").read_bytes(), name)


# The aux-loss-free router's score-correction bias is a stored checkpoint tensor, counted here;
# transformers holds it as a buffer, so the oracle is lower by experts x MoE layers.
BIAS = {
    "deepseek-ai--DeepSeek-R1": 256 * 58, "deepseek-ai--DeepSeek-V3": 256 * 58, "deepseek-ai--DeepSeek-V3.2": 256 * 58,
    "moonshotai--Kimi-K2.5": 384 * 60, "zai-org--GLM-5.1": 256 * 75, "zai-org--GLM-5.1-FP8": 256 * 75,
    "MiniMaxAI--MiniMax-M2.7": 256 * 62, "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16": 512 * 48,
    # DeepSeek V4: the top-k routed layers only (the first 3 route by token hash)
    "deepseek-ai--DeepSeek-V4-Flash": 256 * 40, "deepseek-ai--DeepSeek-V4-Pro": 384 * 58,
    "nvidia--MiniMax-M3-NVFP4": 128 * 57,
}


@pytest.mark.parametrize("name", COUNTED)
def test_every_shared_architecture_counts_as_transformers_instantiates_it(name):
    ref, m = ORACLE[name], count(name)
    assert m.model_type == ref["model_type"]
    assert m.total_params == ref["total_params"] + BIAS.get(name, 0)
    assert m.vision_params == ref["vision_params"]
    assert m.routed_expert_params == ref["routed_expert_params"]
    assert (m.experts_per_token or None, m.n_routed_experts or None) == (ref["experts_per_token"], ref["routed_experts"])
    # the tolerances, and the active count is the oracle's formula exactly
    assert abs(m.total_params / ref["total_params"] - 1) < 0.005
    routed, k, e = ref["routed_expert_params"], ref["experts_per_token"] or 1, ref["routed_experts"] or 1
    oracle_active = ref["total_params"] - routed + routed * k / e
    assert abs(m.active_params / oracle_active - 1) < 0.02
    assert m.active_params == m.total_params - routed + routed * k // e


@pytest.mark.parametrize(
    "name, family, mix, kv_per_token, state_per_sequence",
    [
        ("Qwen--Qwen3.5-397B-A17B", "gqa+linear (Gated DeltaNet)", "full_attention:15 linear_attention:45",
         15 * 2 * 2 * 256, 45 * (64 * 128 * 128 + (2 * 2048 + 8192) * 3)),
        ("nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16", "gqa+mamba2+latent_moe",
         "full_attention:12 mamba:48 moe:48", 12 * 2 * 2 * 128, 48 * (256 * 64 * 128 + (16384 + 2 * 8 * 128) * 3)),
        # sliding-window layers keep at most the window (128 tokens; Gemma 4: 1,024): a fixed state
        ("openai--gpt-oss-120b", "gqa+sliding", "full_attention:18 sliding_attention:18", 18 * 2 * 8 * 64,
         18 * 128 * 2 * 8 * 64),
        ("nvidia--Gemma-4-31B-IT-NVFP4", "gqa+sliding", "full_attention:10 sliding_attention:50",
         10 * 4 * 512, 50 * 1024 * 2 * 16 * 256),
        ("deepseek-ai--DeepSeek-V3.2", "mla+indexer", "mla:61", 61 * (512 + 64 + 128), 0),
        ("nvidia--MiniMax-M3-NVFP4", "gqa+indexer", "full_attention:3 sparse_attention:57",
         60 * 2 * 4 * 128 + 57 * 128, 0),
        # chunked attention (8,192-token chunks) keeps at most one chunk
        ("meta-llama--Llama-4-Maverick-17B-128E-Instruct", "gqa+chunked", "chunked_attention:36 full_attention:12",
         12 * 2 * 8 * 128, 36 * 8192 * 2 * 8 * 128),
        # one compressed entry per 4 tokens (512 + the indexer's 128) or per 128 tokens (512); every
        # layer's 128-token sliding window of one 512-wide K=V head is a fixed state
        ("deepseek-ai--DeepSeek-V4-Pro", "mqa+compressed (CSA/HCA)+sliding",
         "compressed_sparse_attention:30 heavily_compressed_attention:31", 30 * 640 // 4 + 31 * 512 // 128,
         61 * 128 * 512),
        ("deepseek-ai--DeepSeek-V4-Flash", "mqa+compressed (CSA/HCA)+sliding",
         "compressed_sparse_attention:21 heavily_compressed_attention:20 sliding_attention:2",
         21 * 640 // 4 + 20 * 512 // 128, 43 * 128 * 512),
    ],
)
def test_attention_family_layer_mix_and_what_each_layer_keeps(name, family, mix, kv_per_token, state_per_sequence):
    m = count(name)
    assert (m.attention_family, m.layer_mix) == (family, mix)
    assert (m.kv_elements_per_token, m.state_elements_per_sequence) == (kv_per_token, state_per_sequence)


def test_kimi_k25_is_the_k2_text_model_in_a_vision_wrapper():
    k25, k2 = count("moonshotai--Kimi-K2.5"), model_size((CONFIGS / "moonshotai--Kimi-K2-Instruct.config.json").read_bytes(), "k2")
    assert k25.vision_params == 471_143_920
    # same text architecture; K2.5 declares no MTP layer, K2-Instruct's router bias differs by nothing
    assert k25.total_params - k25.vision_params == k2.total_params == 1_026_408_232_448
    assert (k25.routed_expert_precision, k25.nonexpert_precision) == ("int4-g32", "fp16")
    assert (k2.routed_expert_precision, k2.nonexpert_precision) == ("fp8", "fp8")


def test_native_checkpoint_bytes_follow_the_reference_precisions():
    bytes_per = {"fp16": 2.0, "fp8": 1.0, "int4-g32": (4 + 16 / 32) / 8, "mxfp4": (4 + 8 / 32) / 8}
    assert count("moonshotai--Kimi-K2.5").checkpoint_bytes(bytes_per) == 595_147_593_696  # ~595 GB, not ~1,027
    assert count("openai--gpt-oss-120b").checkpoint_bytes(bytes_per) == 65_190_340_224
    assert count("nvidia--Gemma-4-31B-IT-NVFP4").checkpoint_bytes(bytes_per) is None  # ModelOpt mix: not understood


def test_another_size_of_a_known_architecture_needs_no_code():
    """A Qwen3.5-MoE of half the layers counts by the same rules: the difference is 30 layers."""
    full = config("Qwen--Qwen3.5-397B-A17B")
    half = copy.deepcopy(full)
    half["text_config"]["num_hidden_layers"] = 30
    half["text_config"]["layer_types"] = full["text_config"]["layer_types"][:30]
    a, b = model_size(full, "full"), model_size(half, "half")
    per_four = (a.total_params - b.total_params) / 30 * 4  # 3 linear + 1 full layer
    assert b.layer_mix == "full_attention:7 linear_attention:23" and a.total_params > b.total_params
    assert per_four > 0 and b.routed_expert_params * 2 == a.routed_expert_params


@pytest.mark.parametrize("model_type", ["qwen3_next", "kimi_linear", "mamba"])
def test_architectures_not_understood_are_refused_by_name(model_type):
    """Synthetic: a real config relabelled as an architecture the counter has no rules for."""
    data = {**config(R1), "model_type": model_type}
    with pytest.raises(ParseError) as exc:
        model_size(json.dumps(data).encode(), "hub/x")
    message = str(exc.value)
    assert message.startswith("hub/x: field 'model_type'") and repr(model_type) in message
    assert "not understood" in message


R1 = "deepseek-ai--DeepSeek-R1"
QWEN35 = "Qwen--Qwen3.5-397B-A17B"
LLAMA = "meta-llama--Meta-Llama-3.1-405B"


def edit(name: str, path: tuple, value):
    data = config(name)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


DELETE = object()


@pytest.mark.parametrize(
    "name, path, value, field, words",
    [
        (LLAMA, ("num_hidden_layers",), 10**9, "num_hidden_layers", "beyond any real model"),
        (LLAMA, ("hidden_size",), 2_000_000, "hidden_size", "beyond any real model"),
        (LLAMA, ("intermediate_size",), 10**40, "intermediate_size", "beyond any real model"),
        (LLAMA, ("num_hidden_layers",), -3, "num_hidden_layers", ">= 1"),
        (LLAMA, ("num_hidden_layers",), 12.5, "num_hidden_layers", "whole number"),
        (LLAMA, ("num_hidden_layers",), True, "num_hidden_layers", "whole number"),
        (LLAMA, ("vocab_size",), {"n": 1}, "vocab_size", "whole number"),
        (LLAMA, ("model_type",), [], "model_type", "string"),
        (LLAMA, ("model_type",), 7, "model_type", "string"),
        (LLAMA, ("kv_lora_rank",), 512, "kv_lora_rank", "does not read it"),
        (LLAMA, ("layer_types",), ["full_attention"] * 126, "layer_types", "does not read it"),
        (R1, ("first_k_dense_replace",), 62, "first_k_dense_replace", "61 layers"),
        (R1, ("moe_layer_freq",), 100, "moe_layer_freq", "61 layers"),
        (R1, ("num_experts_per_tok",), 300, "num_experts_per_tok", "exceeds"),
        (R1, ("kv_lora_rank",), DELETE, "kv_lora_rank", "missing"),
        (R1, ("tie_word_embeddings",), "no", "tie_word_embeddings", "true or false"),
        ("Qwen--Qwen3-235B-A22B", ("shared_expert_intermediate_size",), 1536, "shared_expert_intermediate_size",
         "not counted"),
        (QWEN35, ("text_config",), ["junk"], "text_config", "expected an object"),
        (QWEN35, ("text_config", "model_type"), "qwen3_next", "model_type", "not understood"),
        (QWEN35, ("text_config", "layer_types", 3), {"type": "full"}, "layer_types", "not understood"),
        (QWEN35, ("text_config", "layer_types", 3), "sliding_attention", "layer_types", "not understood"),
        (QWEN35, ("text_config", "layer_types"), ["full_attention"] * 3, "layer_types", "one per layer"),
        ("nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16", ("layers_block_type", 0), "cross_attention",
         "layers_block_type", "not understood"),
        ("nvidia--Gemma-4-31B-IT-NVFP4", ("text_config", "num_kv_shared_layers"), 20, "num_kv_shared_layers",
         "not counted"),
        ("openai--gpt-oss-120b", ("quantization_config",), ["mxfp4"], "quantization_config", "expected an object"),
    ],
)
def test_malformed_configs_fail_closed_naming_the_field(name, path, value, field, words):
    data = edit(name, path, value)
    with pytest.raises(ParseError) as exc:
        model_size(json.dumps(data).encode(), "configs/broken.json")
    message = str(exc.value)
    assert message.startswith("configs/broken.json") and f"field {field!r}" in message and words in message, message


def test_every_refusal_names_the_model_type():
    with pytest.raises(ParseError, match=r"\(model_type 'deepseek_v3'\)"):
        model_size(edit(R1, ("first_k_dense_replace",), 62), "r1.json")
    with pytest.raises(ParseError, match=r"\(model_type 'qwen3_5_moe_text'\)"):
        model_size(edit(QWEN35, ("text_config", "linear_num_value_heads"), 0), "q.json")


def test_nested_junk_is_refused_not_a_traceback():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(ParseError, match="not a JSON config.json"):
        model_size(deep.encode(), "deep.json")
