"""A model's size from its Hugging Face `config.json`: parameters and KV cache, by architecture.

Pure: bytes (or a dict) in, a `ModelSize` out, or a `ParseError` naming the file and the
field. Counting conventions (the ones the publishers use):
- total and active parameters both count the embedding and the output head (Mixtral's stated
  46.7B total / 12.9B active does), and every norm and bias;
- multi-token-prediction layers (`num_nextn_predict_layers`) are counted apart, in
  `mtp_params`, not in the total (DeepSeek's 671B excludes them, the hub's 685B includes
  them); an MTP module shares the main model's embedding and head, so those are not repeated;
- KV cache per token per layer: grouped-query attention stores K and V for each KV head
  (2 x kv_heads x head_dim values); multi-head latent attention (MLA) stores one latent of
  `kv_lora_rank + qk_rope_head_dim` values, whatever the head count.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sources.errors import ParseError

# model_type -> family. A config whose model_type is not here is refused, not guessed at.
FAMILIES = {
    "llama": "dense",
    "mixtral": "mixtral",
    "qwen3_moe": "qwen3_moe",
    "deepseek_v3": "deepseek_v3",
    "kimi_k2": "deepseek_v3",  # Kimi K2 ships DeepseekV3ForCausalLM with its own model_type
    "glm4_moe": "glm4_moe",
}


@dataclass(frozen=True)
class ModelSize:
    model_type: str
    family: str
    attention: str  # gqa | mla
    hidden_size: int
    num_hidden_layers: int
    dense_layers: int
    moe_layers: int
    num_attention_heads: int
    num_key_value_heads: int  # for MLA: the config's value (every head has its own K/V after up-projection)
    head_dim: int
    vocab_size: int
    tie_word_embeddings: bool
    n_routed_experts: int
    experts_per_token: int
    n_shared_experts: int
    params_per_routed_expert: int
    total_params: int
    active_params: int
    embedding_params: int
    lm_head_params: int  # 0 when tied to the embedding
    routed_expert_params: int  # all routed experts of all layers (the part expert parallelism divides)
    nonexpert_params: int  # total - routed_expert_params
    attention_params: int  # all layers' attention blocks
    max_layer_nonexpert_params: int  # the heaviest layer's non-expert part (attention, norms, dense/shared MLP, router)
    max_layer_routed_params: int  # the heaviest layer's routed experts
    mtp_layers: int
    mtp_params: int
    kv_elements_per_token_per_layer: int  # values cached per token per layer (K+V, or the MLA latent)
    kv_naive_elements_per_token_per_layer: int  # what a calculator using heads x hidden/heads would assume

    def kv_cache_bytes_per_token_per_layer(self, kv_bytes: float = 2) -> float:
        return self.kv_elements_per_token_per_layer * kv_bytes

    def kv_cache_bytes_per_token(self, kv_bytes: float = 2) -> float:
        """Bytes of KV cache one token occupies across all main layers (MTP layers excluded)."""
        return self.kv_elements_per_token_per_layer * self.num_hidden_layers * kv_bytes

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Config:
    """Field access that names the file and the field in every error."""

    def __init__(self, data: dict, origin: str):
        self.data, self.origin = data, origin

    def error(self, field: str, problem: str) -> ParseError:
        return ParseError(f"{self.origin}: field {field!r}: {problem}")

    def has(self, field: str) -> bool:
        return self.data.get(field) is not None

    def int(self, field: str, default: int | None = None, minimum: int = 1) -> int:
        value = self.data.get(field)
        if value is None:
            if default is not None:
                return default
            raise self.error(field, "missing; it is needed to count parameters or KV cache")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"expected a whole number, got {value!r}")
        if value < minimum:
            raise self.error(field, f"expected a whole number >= {minimum}, got {value}")
        return value

    def bool(self, field: str, default: bool) -> bool:
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            raise self.error(field, f"expected true or false, got {value!r}")
        return value


def _mlp(h: int, inter: int) -> int:
    return 3 * h * inter  # gate, up and down projections (SwiGLU), no biases


def _gqa_attention(c: _Config, family: str, h: int, heads: int, kv_heads: int, head_dim: int) -> int:
    q, kv = heads * head_dim, kv_heads * head_dim
    params = h * q + 2 * h * kv + q * h
    if c.bool("attention_bias", False):
        params += q + 2 * kv
        if family != "glm4_moe":  # GLM-4.5's o_proj has no bias; Llama's and Qwen3's follow attention_bias
            params += h
    if family == "qwen3_moe" or (family == "glm4_moe" and c.bool("use_qk_norm", False)):
        params += 2 * head_dim  # q_norm and k_norm over one head
    return params


def _mla_attention(c: _Config, h: int, heads: int) -> tuple[int, int]:
    """(parameters, cached values per token) of DeepSeek-V3 multi-head latent attention."""
    kv_rank, rope, nope, v = (c.int(f) for f in ("kv_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim"))
    bias = c.bool("attention_bias", False)
    if c.has("q_lora_rank"):
        q_rank = c.int("q_lora_rank")
        q = h * q_rank + bias * q_rank + q_rank + q_rank * heads * (nope + rope)  # q_a, its norm, q_b
    else:
        q = h * heads * (nope + rope)
    kv = h * (kv_rank + rope) + bias * (kv_rank + rope) + kv_rank + kv_rank * heads * (nope + v)
    o = heads * v * h + bias * h
    return q + kv + o, kv_rank + rope


def _load(data: bytes | dict, origin: str) -> _Config:
    if isinstance(data, dict):
        return _Config(data, origin)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{origin}: not a JSON config.json ({exc})") from None
    if not isinstance(parsed, dict):
        raise ParseError(f"{origin}: expected a JSON object, got {type(parsed).__name__}")
    return _Config(parsed, origin)


def model_size(data: bytes | dict, origin: str) -> ModelSize:
    """Count a model's parameters and KV cache from its config.json (bytes or parsed dict)."""
    c = _load(data, origin)
    model_type = c.data.get("model_type")
    if model_type not in FAMILIES:
        raise c.error(
            "model_type",
            f"architecture {model_type!r} ({c.data.get('architectures')}) is not understood; "
            f"known: {', '.join(sorted(FAMILIES))}",
        )
    family = FAMILIES[model_type]
    h, layers, heads, vocab = (c.int(f) for f in ("hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size"))
    kv_heads = c.int("num_key_value_heads", default=heads)
    if heads % kv_heads:
        raise c.error("num_key_value_heads", f"{kv_heads} does not divide num_attention_heads {heads}")
    if c.has("head_dim"):
        head_dim = c.int("head_dim")
    elif h % heads:
        raise c.error("num_attention_heads", f"hidden_size {h} is not divisible by {heads} heads and no head_dim is given")
    else:
        head_dim = h // heads
    naive_head_dim = h // heads if h % heads == 0 else head_dim
    tied = c.bool("tie_word_embeddings", False)

    # Attention and KV cache.
    if family == "deepseek_v3":
        attention, kv_elements = _mla_attention(c, h, heads)
        kind = "mla"
    else:
        attention = _gqa_attention(c, family, h, heads, kv_heads, head_dim)
        kv_elements = 2 * kv_heads * head_dim
        kind = "gqa"

    # Feed-forward: which layers are MoE, and the size of each part.
    dense_inter = c.int("intermediate_size")
    if family == "dense":
        experts = top_k = shared = expert_inter = 0
        is_moe = [False] * layers
        router = 0
    elif family == "mixtral":
        experts, top_k = c.int("num_local_experts"), c.int("num_experts_per_tok")
        shared, expert_inter = 0, dense_inter
        is_moe = [True] * layers
        router = experts * h
    elif family == "qwen3_moe":
        experts, top_k, expert_inter = c.int("num_experts"), c.int("num_experts_per_tok"), c.int("moe_intermediate_size")
        shared = 0
        if c.data.get("shared_expert_intermediate_size"):
            raise c.error("shared_expert_intermediate_size", "Qwen MoE shared experts are not counted yet")
        step = c.int("decoder_sparse_step", default=1)
        mlp_only = c.data.get("mlp_only_layers") or []
        if not isinstance(mlp_only, list) or not all(isinstance(i, int) for i in mlp_only):
            raise c.error("mlp_only_layers", f"expected a list of layer indices, got {mlp_only!r}")
        is_moe = [i not in mlp_only and (i + 1) % step == 0 for i in range(layers)]
        router = experts * h
    else:  # deepseek_v3 (DeepSeek-V3/R1, Kimi K2) and glm4_moe: shared experts, leading dense layers
        experts, top_k, expert_inter = c.int("n_routed_experts"), c.int("num_experts_per_tok"), c.int("moe_intermediate_size")
        shared = c.int("n_shared_experts", default=0, minimum=0)
        first_dense = c.int("first_k_dense_replace", default=0, minimum=0)
        freq = c.int("moe_layer_freq", default=1)
        is_moe = [i >= first_dense and i % freq == 0 for i in range(layers)]
        # the router's weight, plus the per-expert score-correction bias of aux-loss-free routing
        noaux = family == "glm4_moe" or c.data.get("topk_method") == "noaux_tc"
        router = experts * h + (experts if noaux else 0)
    if experts and top_k > experts:
        raise c.error("num_experts_per_tok", f"{top_k} experts per token exceeds the {experts} experts")

    norms = 2 * h  # input and post-attention RMSNorm
    expert = _mlp(h, expert_inter) if experts else 0
    shared_mlp = _mlp(h, expert_inter * shared) if shared else 0
    dense_layer = attention + norms + _mlp(h, dense_inter)
    moe_nonexpert = attention + norms + shared_mlp + router
    moe_routed = experts * expert
    n_moe = sum(is_moe)
    n_dense = layers - n_moe

    embedding = vocab * h
    lm_head = 0 if tied else vocab * h
    final_norm = h
    routed_total = n_moe * moe_routed
    total = embedding + lm_head + final_norm + n_dense * dense_layer + n_moe * (moe_nonexpert + moe_routed)
    active = (
        embedding + lm_head + final_norm + n_dense * dense_layer + n_moe * (moe_nonexpert + top_k * expert)
    )
    # an MTP module: two norms, the projection of [embedding; hidden] back to hidden, one MoE
    # decoder layer and the shared head's norm (embedding and head are shared with the main model)
    mtp_layers = c.int("num_nextn_predict_layers", default=0, minimum=0)
    mtp_block = 2 * h + 2 * h * h + (moe_nonexpert + moe_routed if n_moe else dense_layer) + h
    return ModelSize(
        model_type=model_type,
        family=family,
        attention=kind,
        hidden_size=h,
        num_hidden_layers=layers,
        dense_layers=n_dense,
        moe_layers=n_moe,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads,
        head_dim=head_dim,
        vocab_size=vocab,
        tie_word_embeddings=tied,
        n_routed_experts=experts,
        experts_per_token=top_k,
        n_shared_experts=shared,
        params_per_routed_expert=expert,
        total_params=total,
        active_params=active,
        embedding_params=embedding,
        lm_head_params=lm_head,
        routed_expert_params=routed_total,
        nonexpert_params=total - routed_total,
        attention_params=layers * attention,
        max_layer_nonexpert_params=max(dense_layer if n_dense else 0, moe_nonexpert if n_moe else 0),
        max_layer_routed_params=moe_routed if n_moe else 0,
        mtp_layers=mtp_layers,
        mtp_params=mtp_layers * mtp_block,
        kv_elements_per_token_per_layer=kv_elements,
        kv_naive_elements_per_token_per_layer=2 * kv_heads * naive_head_dim,
    )
