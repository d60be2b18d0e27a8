"""Parameter and KV-cache counts from the shipped config.json files, against integers derived
by hand from each config. The quirks pinned: DeepSeek's 671B excludes its MTP layer; MLA
caches one 576-value latent per layer (a heads-based calculator says 25x more); Qwen3's
explicit head_dim (128) is not hidden/heads (64); embeddings count in active parameters."""

import json

import pytest

from sources.errors import ParseError
from sources.model_configs.count import model_size
from sources.shipped import shipped_path

CONFIGS = shipped_path("sources/model_configs")


def size(name: str):
    path = CONFIGS / name
    return model_size(path.read_bytes(), str(path))


def within(value: int, stated: float, tolerance: float = 0.01) -> bool:
    return abs(value - stated) <= tolerance * stated


def test_llama_3_1_405b_dense_gqa():
    m = size("meta-llama--Llama-3.1-405B.config.json")
    h, layer = 16384, 2 * 16384 * 16384 + 2 * 16384 * 8 * 128 + 3 * 16384 * 53248 + 2 * 16384
    assert m.total_params == 126 * layer + 2 * 128256 * h + h == 405_853_388_800
    assert m.active_params == m.total_params
    assert m.kv_cache_bytes_per_token(2) == 2 * 8 * 128 * 126 * 2 == 516_096
    assert m.kv_cache_bytes_per_token_per_layer(1) == 2048
    assert (m.attention, m.mtp_params, m.routed_expert_params) == ("gqa", 0, 0)
    assert within(m.total_params, 405e9)


def mla_attention(h, heads, q_rank=1536, kv_rank=512, nope=128, rope=64, v=128):
    return (
        h * q_rank + q_rank + q_rank * heads * (nope + rope)
        + h * (kv_rank + rope) + kv_rank + kv_rank * heads * (nope + v)
        + heads * v * h
    )


def test_deepseek_r1_mla_moe_with_dense_layers_and_mtp():
    m = size("deepseek-ai--DeepSeek-R1.config.json")
    h, attn = 7168, mla_attention(7168, 128)
    dense = attn + 2 * h + 3 * h * 18432
    expert = 3 * h * 2048
    router = 256 * h + 256  # weight + score-correction bias (noaux_tc)
    moe_total = attn + 2 * h + expert * (256 + 1) + router
    moe_active = attn + 2 * h + expert * (8 + 1) + router
    outer = 2 * 129280 * h + h
    assert m.total_params == 3 * dense + 58 * moe_total + outer == 671_026_419_200
    assert m.active_params == 3 * dense + 58 * moe_active + outer == 37_552_297_472
    assert m.mtp_params == 2 * h + 2 * h * h + moe_total + h == 11_610_068_224
    assert within(m.total_params, 671e9) and within(m.active_params, 37e9, 0.02)
    assert (m.dense_layers, m.moe_layers, m.routed_expert_params) == (3, 58, 58 * 256 * expert)
    # one latent of kv_lora_rank + qk_rope_head_dim per layer, not K and V per head
    assert m.kv_cache_bytes_per_token(2) == (512 + 64) * 61 * 2 == 70_272
    assert m.kv_naive_elements_per_token_per_layer == 2 * 128 * (7168 // 128) == 25 * 576 - 64


def test_qwen3_235b_explicit_head_dim_and_qk_norm():
    m = size("Qwen--Qwen3-235B-A22B.config.json")
    h, hd = 4096, 128
    attn = h * 64 * hd + 2 * h * 4 * hd + 64 * hd * h + 2 * hd
    expert = 3 * h * 1536
    layer_total = attn + 2 * h + 128 * expert + 128 * h
    layer_active = attn + 2 * h + 8 * expert + 128 * h
    outer = 2 * 151936 * h + h
    assert m.total_params == 94 * layer_total + outer == 235_093_634_560
    assert m.active_params == 94 * layer_active + outer == 22_190_763_520
    assert m.head_dim == 128 and m.kv_cache_bytes_per_token(2) == 2 * 4 * 128 * 94 * 2 == 192_512
    assert within(m.total_params, 235e9) and within(m.active_params, 22e9)


def test_kimi_k2_trillion_parameter_mla_moe():
    m = size("moonshotai--Kimi-K2-Instruct.config.json")
    h, attn = 7168, mla_attention(7168, 64)
    dense = attn + 2 * h + 3 * h * 18432
    expert = 3 * h * 2048
    router = 384 * h + 384
    outer = 2 * 163840 * h + h
    assert m.total_params == dense + 60 * (attn + 2 * h + 385 * expert + router) + outer == 1_026_408_232_448
    assert m.active_params == dense + 60 * (attn + 2 * h + 9 * expert + router) + outer == 32_861_500_928
    assert within(m.total_params, 1e12, 0.03) and within(m.active_params, 32e9, 0.03)
    assert m.mtp_params == 0 and m.kv_cache_bytes_per_token(1) == 576 * 61


def test_glm_4_5_is_a_moe_not_dense():
    m = size("zai-org--GLM-4.5.config.json")
    h, hd = 5120, 128
    attn = h * 96 * hd + 2 * h * 8 * hd + 96 * hd * h + (96 * hd + 2 * 8 * hd) + 2 * hd  # qkv bias, qk-norm
    dense = attn + 2 * h + 3 * h * 12288
    expert = 3 * h * 1536
    moe_total = attn + 2 * h + 161 * expert + 160 * h + 160
    outer = 2 * 151552 * h + h
    assert m.total_params == 3 * dense + 89 * moe_total + outer == 352_797_829_024
    assert m.active_params == 33_632_266_144
    assert m.moe_layers == 89 and m.n_routed_experts == 160
    assert within(m.total_params, 355e9) and m.active_params < 0.1 * m.total_params


def test_mixtral_convention_counts_embeddings_in_active():
    # Mixtral-8x7B's published config: stated 46.7B total / 12.9B active.
    config = {
        "model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2,
        "vocab_size": 32000, "tie_word_embeddings": False,
    }
    m = model_size(config, "mixtral.json")
    assert round(m.total_params / 1e9, 1) == 46.7
    assert round(m.active_params / 1e9, 1) == 12.9


def test_tied_embeddings_count_once():
    config = json.loads((CONFIGS / "meta-llama--Llama-3.1-405B.config.json").read_text())
    untied = model_size(config, "x")
    tied = model_size({**config, "tie_word_embeddings": True}, "x")
    assert untied.total_params - tied.total_params == 128256 * 16384


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"hidden_size": None}, "hidden_size", "missing"),
        ({"num_attention_heads": 96}, "num_attention_heads", "not divisible"),
        ({"num_key_value_heads": 3}, "num_key_value_heads", "does not divide"),
        ({"model_type": "mamba", "architectures": ["MambaForCausalLM"]}, "model_type", "not understood"),
        ({"num_hidden_layers": "126"}, "num_hidden_layers", "whole number"),
    ],
)
def test_bad_configs_name_file_and_field(change, field, words):
    config = json.loads((CONFIGS / "meta-llama--Llama-3.1-405B.config.json").read_text())
    config.update(change)
    config = {k: v for k, v in config.items() if v is not None}
    with pytest.raises(ParseError) as exc:
        model_size(json.dumps(config).encode(), "configs/broken.json")
    message = str(exc.value)
    assert message.startswith(f"configs/broken.json: field {field!r}") and words in message


def test_moe_config_missing_expert_size_is_refused():
    config = json.loads((CONFIGS / "deepseek-ai--DeepSeek-R1.config.json").read_text())
    del config["moe_intermediate_size"]
    with pytest.raises(ParseError, match="r1.json: field 'moe_intermediate_size': missing"):
        model_size(config, "r1.json")


def test_not_json():
    with pytest.raises(ParseError, match="x.json: not a JSON config.json"):
        model_size(b"{oops", "x.json")
