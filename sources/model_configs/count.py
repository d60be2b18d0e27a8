"""A model's size from its Hugging Face `config.json`: parameters and KV cache, by architecture.

Pure: bytes (or a dict) in, a `ModelSize` out, or a `ParseError` naming the file, the
`model_type` and the field. The counter reads what a config declares (nesting, per-layer
types, attention family, MoE variant), not the model's name; each architecture family's rules
are one function below (`_TEXT_FAMILIES`, `_VISION_TOWERS`) with the reference it follows: the
Hugging Face transformers model class of that `model_type` (transformers 5.24), whose
instantiated parameters are the oracle the tests check against
(tests/fixtures/model_configs/reference_counts.json).

Counting conventions (the ones the publishers use):
- total and active parameters both count the embedding and the output head (Mixtral's stated
  46.7B total / 12.9B active does), and every norm and bias;
- the vision tower (and its projector into the language model) is counted apart, in
  `vision_params`, and is part of the total; where the reference class of a `model_type` is
  text-only (Llama 4, Qwen3.5/3.6), the declared vision tower is not counted and
  `vision_params` is 0 (the family's docstring says so);
- multi-token-prediction layers (`num_nextn_predict_layers`) are counted apart, in
  `mtp_params`, not in the total (DeepSeek's 671B excludes them, the hub's 685B includes
  them); an MTP module shares the main model's embedding and head, so those are not repeated.
  Only the DeepSeek-style MTP module is counted; other families report `mtp_layers` with
  `mtp_params` 0 (not counted);
- the aux-loss-free router's per-expert score-correction bias (`topk_method: noaux_tc`, GLM)
  is a stored checkpoint tensor and counted (transformers holds it as a buffer, so the oracle
  is lower by experts x MoE layers: 14,848 for DeepSeek R1);
- active = total - routed experts + routed x experts_per_token / routed_experts;
- KV cache per token: grouped-query attention stores K and V for each KV head
  (2 x kv_heads x head_dim values); multi-head latent attention (MLA) stores one latent of
  `kv_lora_rank + qk_rope_head_dim` values, whatever the head count; linear-attention and SSM
  layers cache nothing per token (they hold a fixed state per sequence, `state_elements_per_sequence`);
  sliding-window and chunked layers hold at most the window: a fixed state too (exact once the context
  reaches the window, an upper bound before). `kv_elements_per_token_per_layer` is the mean over
  the main layers (exact for models whose layers are all alike).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Callable

from sources.errors import ParseError

# Bounds on whole-number fields: a config outside them is refused, not counted.
_MAX = {"num_hidden_layers": 1_000, "hidden_size": 1_000_000, "vocab_size": 10_000_000}
_MAX_DEFAULT = 100_000_000

# Fields that change the architecture. A family counts only those it reads; a config that sets
# one of the others (non-null, non-zero, non-empty) is refused naming it, never ignored.
_STRUCTURAL = frozenset({
    "q_lora_rank", "kv_lora_rank", "layer_types", "hybrid_override_pattern", "layers_block_type", "moe_latent_size",
    "n_routed_experts", "num_local_experts", "num_experts", "n_shared_experts", "shared_expert_intermediate_size",
    "index_n_heads", "compress_ratios", "hc_mult", "linear_num_value_heads", "first_k_dense_replace",
    "moe_layer_freq", "interleave_moe_layer_step", "decoder_sparse_step", "mlp_only_layers", "attn_output_gate",
    "o_lora_rank", "mamba_num_heads", "sparse_attention_config", "num_kv_shared_layers", "enable_moe_block",
    "attention_k_eq_v", "shared_intermediate_size", "moe_intermediate_size", "mlp_bias",
})


@dataclass(frozen=True)
class ModelSize:
    model_type: str
    family: str
    attention: str  # gqa | mla: how the full-attention layers cache keys and values
    attention_family: str  # gqa | mla | mla+indexer | gqa+linear (Gated DeltaNet) | gqa+mamba2 | gqa+sliding ...
    layer_mix: str  # per-layer types and counts, e.g. "full_attention:15 linear_attention:45"
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
    total_params: int  # language + vision
    active_params: int
    vision_params: int  # the vision tower and its projector (0 for text-only models)
    embedding_params: int
    lm_head_params: int  # 0 when tied to the embedding
    routed_expert_params: int  # all routed experts of all layers (the part expert parallelism divides)
    nonexpert_params: int  # total - routed_expert_params
    attention_params: int  # all layers' attention (or linear-attention / SSM mixer) blocks
    max_layer_nonexpert_params: int  # the heaviest layer's non-expert part (attention, norms, dense/shared MLP, router)
    max_layer_routed_params: int  # the heaviest layer's routed experts
    mtp_layers: int
    mtp_params: int
    kv_elements_per_token_per_layer: int  # values cached per token per layer, mean over main layers
    kv_naive_elements_per_token_per_layer: int  # what a calculator using heads x hidden/heads would assume
    kv_elements_per_token: int  # values cached per token over all main layers whose cache grows with the context
    max_layer_kv_elements: int  # the heaviest layer's values cached per token (what a pipeline stage must assume)
    state_elements_per_sequence: int  # fixed state per sequence: linear-attention / SSM layers, sliding windows
    max_layer_state_elements: int  # the heaviest layer's fixed state per sequence
    # the checkpoint as published (quantization_config): which precision (a ref_weight_precisions
    # row) the routed experts and the other weights are stored at, and how many parameters stay at
    # 16 bits whatever the rest (embedding, head, norms, routers, vision tower); '' when not understood
    checkpoint_format: str
    routed_expert_precision: str
    nonexpert_precision: str
    sixteen_bit_params: int

    def kv_cache_bytes_per_token_per_layer(self, kv_bytes: float = 2) -> float:
        return self.kv_elements_per_token_per_layer * kv_bytes

    def kv_cache_bytes_per_token(self, kv_bytes: float = 2) -> float:
        """Bytes of KV cache one token occupies across all main layers (MTP layers excluded)."""
        return self.kv_elements_per_token * kv_bytes

    def state_bytes_per_sequence(self, state_bytes: float = 2) -> float:
        """Bytes of fixed linear-attention / SSM state one sequence holds, whatever its length."""
        return self.state_elements_per_sequence * state_bytes

    def checkpoint_bytes(self, bytes_per_precision: dict[str, float]) -> float | None:
        """Bytes of the checkpoint as published (main layers), given each precision's bytes per
        parameter (ref_weight_precisions: bits plus the per-block scale share, / 8; 'fp16' for the
        16-bit part); None when its quantization_config is not understood."""
        if not self.nonexpert_precision or (self.routed_expert_params and not self.routed_expert_precision):
            return None
        routed = self.routed_expert_params * bytes_per_precision[self.routed_expert_precision] if self.routed_expert_params else 0
        rest = self.nonexpert_params - self.sixteen_bit_params
        return routed + rest * bytes_per_precision[self.nonexpert_precision] + self.sixteen_bit_params * bytes_per_precision["fp16"]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Config:
    """Field access that names the file, the model_type and the field in every error."""

    def __init__(self, data: dict, origin: str, model_type: str, reads: set[str] | None = None):
        self.data, self.origin, self.model_type = data, origin, model_type
        self.reads = reads if reads is not None else set()

    def error(self, field: str, problem: str) -> ParseError:
        return ParseError(f"{self.origin}: field {field!r}: {problem} (model_type {self.model_type!r})")

    def has(self, field: str) -> bool:
        self.reads.add(field)
        value = self.data.get(field)
        return value is not None and value != 0 and value != [] and value is not False

    def int(self, field: str, default: int | None = None, minimum: int = 1) -> int:
        self.reads.add(field)
        value = self.data.get(field)
        if value is None:
            if default is not None:
                return default
            raise self.error(field, "missing; it is needed to count parameters or KV cache")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"expected a whole number, got {_short(value)}")
        if value < minimum:
            raise self.error(field, f"expected a whole number >= {minimum}, got {value}")
        limit = _MAX.get(field, _MAX_DEFAULT)
        if value > limit:
            raise self.error(field, f"{value} is beyond any real model (at most {limit:,})")
        return value

    def bool(self, field: str, default: bool) -> bool:
        self.reads.add(field)
        value = self.data.get(field, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(field, f"expected true or false, got {_short(value)}")
        return value

    def str(self, field: str, default: str | None = None) -> str | None:
        self.reads.add(field)
        value = self.data.get(field, default)
        if value is not None and not isinstance(value, str):
            raise self.error(field, f"expected a string, got {_short(value)}")
        return value

    def list(self, field: str, length: int | None = None) -> list | None:
        self.reads.add(field)
        value = self.data.get(field)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.error(field, f"expected a list, got {_short(value)}")
        if length is not None and len(value) != length:
            raise self.error(field, f"expected {length} entries (one per layer), got {len(value)}")
        return value

    def choices(self, field: str, allowed: set[str], length: int) -> list[str]:
        value = self.list(field, length)
        if value is None:
            raise self.error(field, "missing; it is needed to know each layer's type")
        bad = sorted({repr(v) for v in value if not isinstance(v, str) or v not in allowed})
        if bad:
            raise self.error(field, f"layer types {', '.join(bad)} are not understood; known: {', '.join(sorted(allowed))}")
        return value

    def int_list(self, field: str, length: int | None = None, minimum: int = 0) -> list[int] | None:
        value = self.list(field, length)
        if value is None:
            return None
        for v in value:
            if isinstance(v, bool) or not isinstance(v, int) or v < minimum or v > _MAX_DEFAULT:
                raise self.error(field, f"expected whole numbers >= {minimum}, got {_short(v)}")
        return value

    def sub(self, field: str) -> _Config:
        self.reads.add(field)
        value = self.data.get(field)
        if not isinstance(value, dict):
            raise self.error(field, f"expected an object, got {_short(value)}")
        return _Config(value, f"{self.origin} [{field}]", self.model_type, set())

    def refuse_unread(self) -> None:
        """Refuse a structural field this family does not read (see _STRUCTURAL)."""
        for name in sorted(_STRUCTURAL - self.reads):
            value = self.data.get(name)
            if value is not None and value != 0 and value != [] and value is not False:
                raise self.error(name, f"set to {_short(value)}, but this architecture's counter does not read it; "
                                 "refusing rather than counting a different model")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# ---------------------------------------------------------------------------------------------
# Building blocks: one decoder layer's parts.


@dataclass
class _Layer:
    mixer: str  # full_attention | sliding_attention | chunked_attention | linear_attention | mamba | mla | ...
    mixer_params: int  # attention / linear attention / SSM block with its own norms and biases
    norms: int  # the layer's residual norms
    dense: int = 0  # dense MLP (a non-MoE layer)
    shared: int = 0  # shared experts, their gate, latent projections
    router: int = 0
    experts: int = 0
    expert_params: int = 0  # one routed expert
    top_k: int = 0
    kv_elements: int = 0  # values cached per token
    state_elements: int = 0  # fixed state per sequence

    @property
    def is_moe(self) -> bool:
        return self.experts > 0

    @property
    def nonexpert(self) -> int:
        return self.mixer_params + self.norms + self.dense + self.shared + self.router

    @property
    def routed(self) -> int:
        return self.experts * self.expert_params


@dataclass
class _Text:
    family: str
    attention: str
    attention_family: str
    layers: list[_Layer]
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    tied: bool
    embedding: int
    lm_head: int
    other: int  # final norm, hyper-connection head ...
    mtp_layers: int = 0
    mtp_params: int = 0
    naive_kv: int = 0
    shared_count: int = 0
    extra_text: int = 0  # parameters outside the layers and embeddings (counted in total)


def _window_cache(windowed: bool, kv: int, window: int) -> dict[str, int]:
    """A layer's cache: `kv` values per token that grow with the context, or, for a sliding-window
    (or chunked) layer, at most `window` tokens of them: a fixed state per sequence (exact once the
    context reaches the window, an upper bound before)."""
    return {"kv_elements": 0, "state_elements": window * kv} if windowed else {"kv_elements": kv}


def _mlp(h: int, inter: int, bias: bool = False) -> int:
    return 3 * h * inter + (2 * inter + h if bias else 0)  # gate, up and down projections (SwiGLU)


def _gqa(c: _Config, h: int, heads: int, kv_heads: int, head_dim: int, *, qk_norm: str = "none",
         bias: bool = False, o_bias: bool | None = None, gate: bool = False, sinks: bool = False) -> int:
    """q, k, v, o projections (grouped-query attention). qk_norm: none | head (one RMSNorm over a
    head, Qwen3/GLM) | layer (over all heads, MiniMax M2). gate: the output gate doubles q_proj
    (Qwen3.5). sinks: one learned attention sink per head (gpt-oss)."""
    q, kv = heads * head_dim, kv_heads * head_dim
    params = h * q * (2 if gate else 1) + 2 * h * kv + q * h
    if bias:
        params += q * (2 if gate else 1) + 2 * kv
    if o_bias if o_bias is not None else bias:
        params += h
    params += {"none": 0, "head": 2 * head_dim, "layer": q + kv}[qk_norm]
    return params + (heads if sinks else 0)


def _mla(c: _Config, h: int, heads: int) -> tuple[int, int]:
    """(parameters, cached values per token) of DeepSeek-V3 multi-head latent attention
    (transformers DeepseekV3Attention; GlmMoeDsaAttention is the same)."""
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


def _dsa_indexer(c: _Config, h: int) -> tuple[int, int]:
    """(parameters, cached values per token) of the DeepSeek sparse-attention lightning indexer
    (transformers DeepseekV32Indexer / GlmMoeDsaIndexer): wq_b from the q latent, wk, a LayerNorm
    on the key, the per-head weights; it caches one key of index_head_dim per token."""
    heads, dim, q_rank = c.int("index_n_heads"), c.int("index_head_dim"), c.int("q_lora_rank")
    c.int("index_topk")
    return q_rank * heads * dim + h * dim + 2 * dim + h * heads, dim


def _head_dims(c: _Config, layers: bool = True) -> tuple[int, int, int, int]:
    h = c.int("hidden_size")
    if layers:
        c.int("num_hidden_layers")
    heads = c.int("num_attention_heads")
    kv_heads = c.int("num_key_value_heads", default=heads)
    if heads % kv_heads:
        raise c.error("num_key_value_heads", f"{kv_heads} does not divide num_attention_heads {heads}")
    if c.has("head_dim"):
        head_dim = c.int("head_dim")
    elif h % heads:
        raise c.error("num_attention_heads", f"hidden_size {h} is not divisible by {heads} heads and no head_dim is given")
    else:
        head_dim = h // heads
    return h, heads, kv_heads, head_dim


def _moe(c: _Config, experts_field: str, shared: int = 0, bias_router: bool = False) -> tuple[int, int, int]:
    experts, top_k = c.int(experts_field), c.int("num_experts_per_tok")
    if top_k > experts:
        raise c.error("num_experts_per_tok", f"{top_k} experts per token exceeds the {experts} experts")
    return experts, top_k, shared


def _text(c: _Config, family: str, attention: str, attention_family: str, layers: list[_Layer], *,
          heads: int, kv_heads: int, head_dim: int, tied_default: bool = False, other: int | None = None,
          mtp_layers: int = 0, mtp_params: int = 0, shared_count: int = 0) -> _Text:
    h, vocab = c.int("hidden_size"), c.int("vocab_size")
    tied = c.bool("tie_word_embeddings", tied_default)
    naive_hd = h // heads if h % heads == 0 else head_dim
    return _Text(family, attention, attention_family, layers, h, heads, kv_heads, head_dim, vocab, tied,
                 embedding=vocab * h, lm_head=0 if tied else vocab * h, other=h if other is None else other,
                 mtp_layers=mtp_layers, mtp_params=mtp_params, naive_kv=2 * kv_heads * naive_hd,
                 shared_count=shared_count)


# ---------------------------------------------------------------------------------------------
# Text families. Each reads one config (the text_config of a wrapper) and returns its layers.


def _dense(c: _Config, model_type: str) -> _Text:
    """Dense GQA decoders: transformers LlamaForCausalLM (attention_bias and mlp_bias as set) and
    Qwen3ForCausalLM (q_norm/k_norm over one head, no o_proj bias)."""
    h, heads, kv_heads, hd = _head_dims(c)
    layers = c.int("num_hidden_layers")
    qwen = model_type == "qwen3"
    attn = _gqa(c, h, heads, kv_heads, hd, qk_norm="head" if qwen else "none", bias=c.bool("attention_bias", False),
                o_bias=False if qwen else None)
    dense = _mlp(h, c.int("intermediate_size"), bias=c.bool("mlp_bias", False))
    layer = _Layer("full_attention", attn, 2 * h, dense=dense, kv_elements=2 * kv_heads * hd)
    return _text(c, "dense", "gqa", "gqa", [layer] * layers, heads=heads, kv_heads=kv_heads, head_dim=hd)


def _mixtral(c: _Config, model_type: str) -> _Text:
    """transformers MixtralForCausalLM: GQA, every layer MoE, router without bias."""
    h, heads, kv_heads, hd = _head_dims(c)
    experts, top_k, _ = _moe(c, "num_local_experts")
    layer = _Layer("full_attention", _gqa(c, h, heads, kv_heads, hd), 2 * h, router=experts * h, experts=experts,
                   expert_params=_mlp(h, c.int("intermediate_size")), top_k=top_k, kv_elements=2 * kv_heads * hd)
    return _text(c, "mixtral", "gqa", "gqa", [layer] * c.int("num_hidden_layers"), heads=heads, kv_heads=kv_heads,
                 head_dim=hd)


def _qwen3_moe(c: _Config, model_type: str) -> _Text:
    """transformers Qwen3MoeForCausalLM (and Qwen3VLMoeTextModel): GQA with q/k norm over one
    head, MoE every `decoder_sparse_step` layers except `mlp_only_layers`; no shared expert."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    experts, top_k, _ = _moe(c, "num_experts")
    if c.has("shared_expert_intermediate_size"):
        raise c.error("shared_expert_intermediate_size", "Qwen3-MoE shared experts are not counted")
    bias = c.bool("attention_bias", False) or c.bool("qkv_bias", False)
    attn = _gqa(c, h, heads, kv_heads, hd, qk_norm="head", bias=bias)
    step = c.int("decoder_sparse_step", default=1)
    mlp_only = set(c.int_list("mlp_only_layers") or [])
    c.bool("use_qk_norm", True)
    expert = _mlp(h, c.int("moe_intermediate_size"))
    dense = _mlp(h, c.int("intermediate_size"))
    out = []
    for i in range(n):
        if i not in mlp_only and (i + 1) % step == 0:
            out.append(_Layer("full_attention", attn, 2 * h, router=experts * h, experts=experts, expert_params=expert,
                              top_k=top_k, kv_elements=2 * kv_heads * hd))
        else:
            out.append(_Layer("full_attention", attn, 2 * h, dense=dense, kv_elements=2 * kv_heads * hd))
    return _text(c, "qwen3_moe", "gqa", "gqa", out, heads=heads, kv_heads=kv_heads, head_dim=hd)


def _deepseek(c: _Config, model_type: str) -> _Text:
    """DeepSeek-V3-style MoE with shared experts and leading dense layers: transformers
    DeepseekV3ForCausalLM (deepseek_v3, kimi_k2), DeepseekV32ForCausalLM (deepseek_v32: MLA plus
    the sparse-attention lightning indexer), GlmMoeDsaForCausalLM (glm_moe_dsa: the same
    indexer), Glm4MoeForCausalLM (glm4_moe: GQA with optional q/k norm, o_proj without bias).
    The MTP module: two norms, the projection of [embedding; hidden] back to hidden, one MoE
    decoder layer and the shared head's norm (embedding and head shared with the main model)."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    glm4 = model_type == "glm4_moe"
    if glm4:
        bias = c.bool("attention_bias", False)
        attn = _gqa(c, h, heads, kv_heads, hd, qk_norm="head" if c.bool("use_qk_norm", False) else "none",
                    bias=bias, o_bias=False)
        kv, kind, fam = 2 * kv_heads * hd, "gqa", "gqa"
    else:
        attn, kv = _mla(c, h, heads)
        kind, fam = "mla", "mla"
        if model_type in ("deepseek_v32", "glm_moe_dsa"):
            idx, idx_kv = _dsa_indexer(c, h)
            attn, kv, fam = attn + idx, kv + idx_kv, "mla+indexer"
    experts, top_k, _ = _moe(c, "n_routed_experts")
    shared = c.int("n_shared_experts", default=0, minimum=0)
    expert_inter = c.int("moe_intermediate_size")
    first_dense = c.int("first_k_dense_replace", default=0, minimum=0)
    if first_dense > n:
        raise c.error("first_k_dense_replace", f"{first_dense} leading dense layers, but the model has {n} layers")
    freq = c.int("moe_layer_freq", default=1)
    if freq > n:
        raise c.error("moe_layer_freq", f"every {freq}th layer MoE, but the model has {n} layers")
    noaux = glm4 or model_type == "glm_moe_dsa" or c.str("topk_method") == "noaux_tc"
    router = experts * h + (experts if noaux else 0)
    expert = _mlp(h, expert_inter)
    shared_mlp = _mlp(h, expert_inter * shared) if shared else 0
    dense = _mlp(h, c.int("intermediate_size"))
    moe_layer = _Layer("mla" if kind == "mla" else "full_attention", attn, 2 * h, shared=shared_mlp, router=router,
                       experts=experts, expert_params=expert, top_k=top_k, kv_elements=kv)
    dense_layer = _Layer(moe_layer.mixer, attn, 2 * h, dense=dense, kv_elements=kv)
    out = [moe_layer if i >= first_dense and i % freq == 0 else dense_layer for i in range(n)]
    mtp_layers = c.int("num_nextn_predict_layers", default=0, minimum=0)
    block = moe_layer if any(layer.is_moe for layer in out) else dense_layer
    mtp_block = 2 * h + 2 * h * h + block.nonexpert + block.routed + h
    return _text(c, "glm4_moe" if glm4 else "deepseek_v3", kind, fam, out, heads=heads, kv_heads=kv_heads,
                 head_dim=hd, mtp_layers=mtp_layers, mtp_params=mtp_layers * mtp_block, shared_count=shared)


_V4_RATIOS = {0: "sliding_attention", 4: "compressed_sparse_attention", 128: "heavily_compressed_attention"}


def _deepseek_v4(c: _Config, model_type: str) -> _Text:
    """transformers DeepseekV4ForCausalLM. Attention: one shared K=V head (MQA) of head_dim with a
    q latent (q_a, its norm, q_b), kv_proj and its norm, a grouped low-rank output (o_a per
    o_groups group to o_lora_rank, o_b to hidden), one sink per head; every layer keeps a sliding
    window of `sliding_window` tokens, and per `compress_ratios` (0 / 4 / 128) adds nothing, a
    compressed-sparse-attention compressor (kv and gate projections to 2 x head_dim, a position
    bias per window slot, a norm) with its lightning indexer (the same at index_head_dim, q_b from
    the q latent, per-head weights), or a heavily-compressed compressor (at head_dim). Residuals
    are manifold-constrained hyper-connections (hc_mult streams: a (2+m)m x m.hidden projection,
    its bias and 3 scales, before attention and before the MLP; a final hyper-head). Every layer is
    MoE with one shared expert; the first num_hash_layers route by token hash (no score-correction
    bias). Cache per token: a CSA layer one compressed entry (head_dim + index_head_dim) per 4
    tokens, an HCA layer one head_dim entry per 128 tokens; the sliding windows are a fixed state
    per sequence (window x head_dim per layer)."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    if kv_heads != 1:
        raise c.error("num_key_value_heads", f"DeepSeek V4 shares one K=V head; got {kv_heads}")
    if c.bool("attention_bias", False):
        raise c.error("attention_bias", "DeepSeek V4 attention biases are not counted")
    ratios = c.int_list("compress_ratios")
    if ratios is None or len(ratios) < n:
        raise c.error("compress_ratios", f"expected at least {n} entries (one per layer)")
    if any(r not in _V4_RATIOS for r in ratios[:n]):
        raise c.error("compress_ratios", f"ratios other than 0, 4 and 128 are not understood: {_short(ratios)}")
    q_rank, groups, o_rank = c.int("q_lora_rank"), c.int("o_groups"), c.int("o_lora_rank")
    c.int("qk_rope_head_dim")
    if (heads * hd) % groups:
        raise c.error("o_groups", f"{groups} groups do not divide {heads} heads x {hd}")
    window, m = c.int("sliding_window"), c.int("hc_mult")
    ih, ihd = c.int("index_n_heads"), c.int("index_head_dim")
    c.int("index_topk")
    experts, top_k, _ = _moe(c, "n_routed_experts")
    if c.int("n_shared_experts", default=1) != 1:
        raise c.error("n_shared_experts", "DeepSeek V4 with other than one shared expert is not counted")
    inter = c.int("moe_intermediate_size")
    hash_layers = c.int("num_hash_layers", default=3, minimum=0)
    c.str("expert_dtype")
    base = (h * q_rank + q_rank + q_rank * heads * hd + h * hd + hd + groups * o_rank * (heads * hd // groups)
            + groups * o_rank * h + heads)
    csa = 2 * h * 2 * hd + 4 * 2 * hd + hd + (2 * h * 2 * ihd + 4 * 2 * ihd + ihd + q_rank * ih * ihd + h * ih)
    hca = 2 * h * hd + 128 * hd + hd
    hyper = 2 * ((2 + m) * m * m * h + (2 + m) * m + 3)
    out = []
    for i, r in enumerate(ratios[:n]):
        mixer = _V4_RATIOS[r]
        attn = base + {0: 0, 4: csa, 128: hca}[r]
        kv = {0: 0, 4: (hd + ihd) // 4, 128: hd // 128}[r]
        router = experts * h + (0 if i < hash_layers else experts)
        out.append(_Layer(mixer, attn, 2 * h + hyper, shared=_mlp(h, inter), router=router, experts=experts,
                          expert_params=_mlp(h, inter), top_k=top_k, kv_elements=kv, state_elements=window * hd))
    mtp = c.int("num_nextn_predict_layers", default=0, minimum=0)
    text = _text(c, "deepseek_v4", "mqa", "mqa+compressed (CSA/HCA)+sliding", out, heads=heads, kv_heads=1,
                 head_dim=hd, other=h + m * m * h + m + 1, mtp_layers=mtp, shared_count=1)
    return text


def _minimax_m2(c: _Config, model_type: str) -> _Text:
    """transformers MiniMaxM2ForCausalLM: GQA with q/k RMSNorm over all heads of the layer
    (qk_norm_type per_layer), every layer MoE with a sigmoid router and score-correction bias
    (use_routing_bias), no shared expert. MTP modules (num_mtp_modules) are not counted."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    experts, top_k, _ = _moe(c, "num_local_experts")
    if c.has("shared_intermediate_size"):
        raise c.error("shared_intermediate_size", "MiniMax-M2 shared experts are not counted")
    attn_types = c.int_list("attn_type_list", n)
    if attn_types is not None and set(attn_types) != {1}:
        raise c.error("attn_type_list", "only full (softmax) attention layers (1) are understood")
    norm = c.str("qk_norm_type", "per_layer") if c.bool("use_qk_norm", True) else None
    if norm not in (None, "per_layer"):
        raise c.error("qk_norm_type", f"{norm!r} is not understood (per_layer)")
    attn = _gqa(c, h, heads, kv_heads, hd, qk_norm="layer" if norm else "none")
    router = experts * h + (experts if c.bool("use_routing_bias", True) else 0)
    layer = _Layer("full_attention", attn, 2 * h, router=router, experts=experts,
                   expert_params=_mlp(h, c.int("intermediate_size")), top_k=top_k, kv_elements=2 * kv_heads * hd)
    mtp = c.int("num_mtp_modules", default=0, minimum=0)
    return _text(c, "minimax_m2", "gqa", "gqa", [layer] * n, heads=heads, kv_heads=kv_heads, head_dim=hd,
                 mtp_layers=mtp)


def _gpt_oss(c: _Config, model_type: str) -> _Text:
    """transformers GptOssForCausalLM: GQA with biases and one attention sink per head, layers
    alternating sliding-window and full attention (layer_types), every layer MoE; experts carry
    biases on gate_up and down, the router has a bias."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    types = c.choices("layer_types", {"sliding_attention", "full_attention"}, n)
    window = c.int("sliding_window")
    experts, top_k, _ = _moe(c, "num_local_experts")
    inter = c.int("intermediate_size")
    attn = _gqa(c, h, heads, kv_heads, hd, bias=c.bool("attention_bias", True), sinks=True)
    expert = 2 * h * inter + 2 * inter + inter * h + h
    kv = 2 * kv_heads * hd
    out = [_Layer(t, attn, 2 * h, router=experts * h + experts, experts=experts, expert_params=expert, top_k=top_k,
                  **_window_cache(t == "sliding_attention", kv, window)) for t in types]
    return _text(c, "gpt_oss", "gqa", "gqa+sliding", out, heads=heads, kv_heads=kv_heads, head_dim=hd)


def _llama4(c: _Config, model_type: str) -> _Text:
    """transformers Llama4TextModel (the causal-LM class Llama4ForCausalLM is text-only: the
    vision tower declared in the wrapper is not counted). MoE every `interleave_moe_layer_step`
    layers (layers step-1, 2*step-1, ...), each with one shared expert of intermediate_size;
    dense layers use intermediate_size_mlp; 3 of 4 layers use chunked attention without RoPE."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    experts, top_k, _ = _moe(c, "num_local_experts")
    step = c.int("interleave_moe_layer_step", default=1)
    if step > n:
        raise c.error("interleave_moe_layer_step", f"{step} exceeds the {n} layers")
    moe_set = c.int_list("moe_layers")
    moe_set = set(moe_set) if moe_set is not None else set(range(step - 1, n, step))
    inter = c.int("intermediate_size")
    attn = _gqa(c, h, heads, kv_heads, hd, bias=c.bool("attention_bias", False))
    chunk = c.int("attention_chunk_size", default=0, minimum=0)
    interval = c.int("no_rope_layer_interval", default=4)
    out = []
    for i in range(n):
        mixer = "chunked_attention" if chunk and (i + 1) % interval != 0 else "full_attention"
        cache = _window_cache(mixer == "chunked_attention", 2 * kv_heads * hd, chunk)
        if i in moe_set:
            out.append(_Layer(mixer, attn, 2 * h, shared=_mlp(h, inter), router=experts * h, experts=experts,
                              expert_params=_mlp(h, inter), top_k=top_k, **cache))
        else:
            out.append(_Layer(mixer, attn, 2 * h, dense=_mlp(h, c.int("intermediate_size_mlp")), **cache))
    return _text(c, "llama4", "gqa", "gqa+chunked" if chunk else "gqa", out, heads=heads, kv_heads=kv_heads,
                 head_dim=hd, shared_count=1)


def _qwen3_5(c: _Config, model_type: str) -> _Text:
    """transformers Qwen3_5TextModel / Qwen3_5MoeTextModel (the causal-LM classes are text-only:
    the vision tower declared in the wrapper is not counted). layer_types mix Gated DeltaNet
    linear attention (in_proj_qkv, in_proj_z, in_proj_b, in_proj_a, a depthwise conv over
    q/k/v, dt_bias, A_log, a gated RMSNorm over one value head, out_proj; a fixed state of
    value_heads x key_dim x value_dim per sequence plus the conv window) with gated full
    attention (q_proj doubled for the output gate, q/k norm over one head). MoE (qwen3_5_moe):
    routed experts, one shared expert with a sigmoid gate."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    types = c.choices("layer_types", {"linear_attention", "full_attention"}, n)
    c.int("full_attention_interval", default=1)
    gate = c.bool("attn_output_gate", True)
    attn = _gqa(c, h, heads, kv_heads, hd, qk_norm="head", bias=c.bool("attention_bias", False), gate=gate)
    vh, kh = c.int("linear_num_value_heads"), c.int("linear_num_key_heads")
    kd, vd, kernel = c.int("linear_key_head_dim"), c.int("linear_value_head_dim"), c.int("linear_conv_kernel_dim")
    key_dim, value_dim = kh * kd, vh * vd
    conv_dim = 2 * key_dim + value_dim
    linear = h * conv_dim + h * value_dim + 2 * h * vh + conv_dim * kernel + 2 * vh + vd + value_dim * h
    state = vh * kd * vd + conv_dim * (kernel - 1)
    moe = model_type.startswith("qwen3_5_moe")
    if moe:
        experts, top_k, _ = _moe(c, "num_experts")
        if c.int_list("mlp_only_layers"):
            raise c.error("mlp_only_layers", "dense layers inside Qwen3.5-MoE are not counted")
        shared_inter = c.int("shared_expert_intermediate_size")
        ffn = dict(shared=_mlp(h, shared_inter) + h, router=experts * h, experts=experts,
                   expert_params=_mlp(h, c.int("moe_intermediate_size")), top_k=top_k)
    else:
        ffn = dict(dense=_mlp(h, c.int("intermediate_size")))
    out = [_Layer(t, attn if t == "full_attention" else linear, 2 * h,
                  kv_elements=2 * kv_heads * hd if t == "full_attention" else 0,
                  state_elements=state if t == "linear_attention" else 0, **ffn) for t in types]
    mtp = c.int("mtp_num_hidden_layers", default=0, minimum=0)
    return _text(c, model_type.removesuffix("_text"), "gqa", "gqa+linear (Gated DeltaNet)", out, heads=heads,
                 kv_heads=kv_heads, head_dim=hd, mtp_layers=mtp, shared_count=1 if moe else 0)


def _nemotron_h(c: _Config, model_type: str) -> _Text:
    """transformers NemotronHForCausalLM: a stack of blocks (layers_block_type, or the older
    hybrid_override_pattern M/*/E/-), each one RMSNorm and one mixer: Mamba-2 (in_proj to
    x, z, B, C, dt; a depthwise conv with bias; dt_bias, A_log, D; a grouped gated RMSNorm;
    out_proj; a fixed state of heads x head_dim x state_size per sequence plus the conv window),
    GQA attention, a ReLU^2 MLP (up and down only), or latent MoE (routed experts work in
    moe_latent_size, with fc1/fc2 latent projections; one shared expert at full width)."""
    h, heads, kv_heads, hd = _head_dims(c, layers=False)
    n = c.int("num_hidden_layers", default=0, minimum=0)
    kinds = {"mamba", "attention", "moe", "mlp"}
    if c.data.get("layers_block_type") is not None:
        types = c.list("layers_block_type")
        if n and len(types) != n:
            raise c.error("layers_block_type", f"expected {n} entries (num_hidden_layers), got {len(types)}")
        types = c.choices("layers_block_type", kinds, len(types))
    elif c.data.get("hybrid_override_pattern") is not None:
        pattern = c.str("hybrid_override_pattern")
        letters = {"M": "mamba", "*": "attention", "E": "moe", "-": "mlp"}
        if not pattern or any(ch not in letters for ch in pattern):
            raise c.error("hybrid_override_pattern", f"expected letters of M * E -, got {_short(pattern)}")
        types = [letters[ch] for ch in pattern]
    else:
        raise c.error("layers_block_type", "missing (nor hybrid_override_pattern); each block's type is needed")
    if len(types) > _MAX["num_hidden_layers"]:
        raise c.error("layers_block_type", f"{len(types)} blocks is beyond any real model")
    mh, mhd, state_size = c.int("mamba_num_heads"), c.int("mamba_head_dim"), c.int("ssm_state_size")
    groups, kernel = c.int("n_groups"), c.int("conv_kernel")
    inner = mh * mhd
    conv_dim = inner + 2 * groups * state_size
    bias, conv_bias = c.bool("use_bias", False), c.bool("use_conv_bias", True)
    mamba = (h * (inner + conv_dim + mh) + bias * (inner + conv_dim + mh) + conv_dim * kernel + conv_bias * conv_dim
             + 3 * mh + inner + inner * h + bias * h)
    mamba_state = mh * mhd * state_size + conv_dim * (kernel - 1)
    attn = _gqa(c, h, heads, kv_heads, hd, bias=c.bool("attention_bias", False))
    mlp_bias = c.bool("mlp_bias", False)
    experts, top_k, _ = _moe(c, "n_routed_experts")
    latent = c.int("moe_latent_size", default=0, minimum=0)
    width = latent or h
    inter = c.int("moe_intermediate_size")
    shared = c.int("n_shared_experts", default=1, minimum=0)
    shared_params = shared * (2 * h * c.int("moe_shared_expert_intermediate_size"))
    latent_proj = 2 * h * latent + (latent + h if mlp_bias else 0) if latent else 0
    out = []
    for t in types:
        if t == "mamba":
            out.append(_Layer("mamba", mamba, h, state_elements=mamba_state))
        elif t == "attention":
            out.append(_Layer("full_attention", attn, h, kv_elements=2 * kv_heads * hd))
        elif t == "mlp":
            out.append(_Layer("mlp", 0, h, dense=2 * h * c.int("intermediate_size")))
        else:
            out.append(_Layer("moe", 0, h, shared=shared_params + latent_proj, router=experts * h + experts,
                              experts=experts, expert_params=2 * width * inter, top_k=top_k))
    mtp = c.int("num_nextn_predict_layers", default=0, minimum=0)
    return _text(c, "nemotron_h", "gqa", "gqa+mamba2" + ("+latent_moe" if latent else ""), out, heads=heads,
                 kv_heads=kv_heads, head_dim=hd, mtp_layers=mtp, shared_count=shared)


def _gemma4(c: _Config, model_type: str) -> _Text:
    """transformers Gemma4TextModel: layer_types mix sliding-window attention (head_dim,
    num_key_value_heads) with full attention at its own size (global_head_dim,
    num_global_key_value_heads; with attention_k_eq_v the key is also the value: no v_proj);
    q/k RMSNorm over one head (v_norm has no weight); four residual norms per layer; a dense
    GeGLU MLP; embedding tied to the head by default. Per-layer inputs, KV sharing across layers
    and the MoE block are refused (not counted)."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    types = c.choices("layer_types", {"sliding_attention", "full_attention"}, n)
    window = c.int("sliding_window")
    for name in ("hidden_size_per_layer_input", "num_kv_shared_layers"):
        if c.int(name, default=0, minimum=0):
            raise c.error(name, "Gemma 4 per-layer inputs and KV sharing are not counted")
    if c.bool("enable_moe_block", False):
        raise c.error("enable_moe_block", "the Gemma 4 MoE block is not counted")
    c.bool("use_double_wide_mlp", False)  # only widens KV-shared layers, refused above
    k_eq_v = c.bool("attention_k_eq_v", False)
    global_hd = c.int("global_head_dim", default=hd)
    global_kv = c.int("num_global_key_value_heads", default=kv_heads) if k_eq_v else kv_heads
    bias = c.bool("attention_bias", False)
    dense = _mlp(h, c.int("intermediate_size"))
    out = []
    for t in types:
        d, kv = (hd, kv_heads) if t == "sliding_attention" else (global_hd, global_kv)
        shared_kv = k_eq_v and t == "full_attention"
        attn = h * heads * d + h * kv * d * (1 if shared_kv else 2) + heads * d * h + 2 * d
        if bias:
            attn += heads * d + kv * d * (1 if shared_kv else 2) + h
        out.append(_Layer(t, attn, 4 * h, dense=dense,
                          **_window_cache(t == "sliding_attention", kv * d * (1 if shared_kv else 2), window)))
    return _text(c, "gemma4", "gqa", "gqa+sliding", out, heads=heads, kv_heads=kv_heads, head_dim=hd,
                 tied_default=True)


def _minimax_m3(c: _Config, model_type: str) -> _Text:
    """transformers MiniMaxM3VLTextModel (the text model of minimax_m3_vl): GQA with q/k RMSNorm
    over one head (qk_norm_type per_head); layers whose sparse_attention_config.sparse_attention_freq
    entry is 1 add a lightning indexer (q_proj to index heads x index dim, k_proj to one index key,
    their norms) and cache its key; moe_layer_freq says which layers are MoE (routed experts with a
    sigmoid router and score-correction bias, one shared expert of shared_intermediate_size) and which
    dense (dense_intermediate_size); fused gate_up projections count as gate and up. MTP modules
    (num_mtp_modules) are not counted."""
    h, heads, kv_heads, hd = _head_dims(c)
    n = c.int("num_hidden_layers")
    if c.bool("attention_output_gate", False):
        raise c.error("attention_output_gate", "the MiniMax M3 attention output gate is not counted")
    norm = c.str("qk_norm_type", "per_head") if c.bool("use_qk_norm", True) else None
    if norm not in (None, "per_head"):
        raise c.error("qk_norm_type", f"{norm!r} is not understood (per_head)")
    c.bool("use_gemma_norm", False)  # (1 + weight) RMSNorm: the same parameters
    attn = _gqa(c, h, heads, kv_heads, hd, qk_norm="head" if norm else "none")
    moe_freq = c.int_list("moe_layer_freq", n)
    if moe_freq is None or any(f not in (0, 1) for f in moe_freq):
        raise c.error("moe_layer_freq", "expected one 0 (dense) or 1 (MoE) per layer")
    sparse = c.sub("sparse_attention_config")
    if sparse.bool("use_sparse_attention", False):
        freq = sparse.int_list("sparse_attention_freq", n)
        if freq is None or any(f not in (0, 1) for f in freq):
            raise sparse.error("sparse_attention_freq", "expected one 0 or 1 per layer")
        ih, ihd = sparse.int("sparse_num_index_heads"), sparse.int("sparse_index_dim")
    else:
        freq, ih, ihd = [0] * n, 0, 0
    indexer = h * ih * ihd + h * ihd + 2 * ihd
    experts, top_k, _ = _moe(c, "num_local_experts")
    if c.int("n_shared_experts", default=1) != 1:
        raise c.error("n_shared_experts", "MiniMax M3 with other than one shared expert is not counted")
    shared = _mlp(h, c.int("shared_intermediate_size"))
    router = experts * h + (experts if c.bool("use_routing_bias", True) else 0)
    expert, dense = _mlp(h, c.int("intermediate_size")), _mlp(h, c.int("dense_intermediate_size"))
    kv = 2 * kv_heads * hd
    out = []
    for f_moe, f_sparse in zip(moe_freq, freq, strict=True):
        mixer = "sparse_attention" if f_sparse else "full_attention"
        a, k = (attn + indexer, kv + ihd) if f_sparse else (attn, kv)
        if f_moe:
            out.append(_Layer(mixer, a, 2 * h, shared=shared, router=router, experts=experts, expert_params=expert,
                              top_k=top_k, kv_elements=k))
        else:
            out.append(_Layer(mixer, a, 2 * h, dense=dense, kv_elements=k))
    return _text(c, "minimax_m3", "gqa", "gqa+indexer" if any(freq) else "gqa", out, heads=heads, kv_heads=kv_heads,
                 head_dim=hd, mtp_layers=c.int("num_mtp_modules", default=0, minimum=0), shared_count=1)


# model_type of a text model (or a wrapper's text_config) -> its family's rules.
_TEXT_FAMILIES: dict[str, Callable[[_Config, str], _Text]] = {
    "llama": _dense,
    "qwen3": _dense,
    "mixtral": _mixtral,
    "qwen3_moe": _qwen3_moe,
    "qwen3_vl_moe_text": _qwen3_moe,
    "deepseek_v3": _deepseek,
    "kimi_k2": _deepseek,  # Kimi K2 ships DeepseekV3ForCausalLM with its own model_type
    "deepseek_v32": _deepseek,
    "deepseek_v4": _deepseek_v4,
    "glm_moe_dsa": _deepseek,
    "glm4_moe": _deepseek,
    "minimax_m2": _minimax_m2,
    "gpt_oss": _gpt_oss,
    "llama4_text": _llama4,
    "qwen3_5_text": _qwen3_5,
    "qwen3_5_moe_text": _qwen3_5,
    "nemotron_h": _nemotron_h,
    "gemma4_text": _gemma4,
    "minimax_m3_vl_text": _minimax_m3,
}


# ---------------------------------------------------------------------------------------------
# Vision towers (counted apart, part of the total).


def _ln(d: int) -> int:
    return 2 * d  # LayerNorm weight and bias


def _vit_block(d: int, inter: int) -> int:
    """A ViT block with biases: fused or separate q/k/v (same count), output projection, a
    two-layer MLP with biases, two LayerNorms."""
    return 4 * (d * d + d) + (d * inter + inter) + (inter * d + d) + 2 * _ln(d)


def _vision_qwen3_vl(v: _Config, text_hidden: int, wrapper: _Config) -> int:
    """transformers Qwen3VLMoeVisionModel: Conv3d patch embedding with bias (temporal x patch x
    patch), a learned position table, ViT blocks, the patch merger (LayerNorm over one patch,
    fc1 over the merged spatial_merge_size^2 patches, fc2 to out_hidden_size) and one more
    merger per deepstack layer (LayerNorm over the merged width)."""
    d, inter, depth = v.int("hidden_size"), v.int("intermediate_size"), v.int("depth")
    patch, temporal, merge = v.int("patch_size"), v.int("temporal_patch_size"), v.int("spatial_merge_size")
    channels, out = v.int("in_channels", default=3), v.int("out_hidden_size")
    v.int("num_heads")
    merged = d * merge * merge
    embed = channels * temporal * patch * patch * d + d + v.int("num_position_embeddings") * d

    def merger(norm: int) -> int:
        return _ln(norm) + merged * merged + merged + merged * out + out

    deepstack = len(v.int_list("deepstack_visual_indexes") or [])
    return embed + depth * _vit_block(d, inter) + merger(d) + deepstack * merger(merged)


def _vision_moonvit(v: _Config, text_hidden: int, wrapper: _Config) -> int:
    """transformers Kimi_K25VisionModel (MoonViT) and Kimi_K25MultimodalProjection: Conv2d patch
    embedding with bias, a learned height x width position grid, ViT blocks, a final LayerNorm;
    the projector: LayerNorm over one patch, in_proj over the merged patches, out_proj to the
    text width."""
    d, inter, depth = v.int("vt_hidden_size"), v.int("vt_intermediate_size"), v.int("vt_num_hidden_layers")
    v.int("vt_num_attention_heads")
    patch = v.int("patch_size")
    grid = v.int("init_pos_emb_height") * v.int("init_pos_emb_width")
    merge = v.int_list("merge_kernel_size", 2, minimum=1)
    if merge is None:
        raise v.error("merge_kernel_size", "missing; the projector's width is needed")
    merged = d * merge[0] * merge[1]
    embed = 3 * patch * patch * d + d + grid * d
    projector = _ln(v.int("mm_hidden_size")) + merged * merged + merged + merged * text_hidden + text_hidden
    return embed + depth * _vit_block(d, inter) + _ln(d) + projector


def _vision_gemma4(v: _Config, text_hidden: int, wrapper: _Config) -> int:
    """transformers Gemma4VisionModel and Gemma4MultimodalEmbedder: a patch projection without
    bias, a two-axis learned position table, encoder layers (q/k/v/o without bias, q/k RMSNorm
    over one head, a GeGLU MLP, four RMSNorms), a parameter-free pooler; the embedder projects to
    the text width after a norm without weight."""
    d, inter, depth = v.int("hidden_size"), v.int("intermediate_size"), v.int("num_hidden_layers")
    heads, hd = v.int("num_attention_heads"), v.int("head_dim")
    kv = v.int("num_key_value_heads", default=heads)
    patch, positions = v.int("patch_size"), v.int("position_embedding_size")
    if v.bool("attention_bias", False):
        raise v.error("attention_bias", "Gemma 4 vision attention biases are not counted")
    if v.bool("use_clipped_linears", False):
        v.reads.add("use_clipped_linears")
    layer = d * heads * hd + 2 * d * kv * hd + heads * hd * d + 2 * hd + 3 * d * inter + 4 * d
    out = v.int("output_proj_dims", default=d)
    return 3 * patch * patch * d + 2 * positions * d + depth * layer + out * text_hidden


def _vision_minimax_m3(v: _Config, text_hidden: int, wrapper: _Config) -> int:
    """transformers MiniMaxM3VLVisionModel and MiniMaxM3VLMultiModalProjector: a Conv3d patch
    embedding without bias (temporal_patch_size of img_token_compression_config), a LayerNorm, CLIP
    encoder layers with biases; the projector (linear_1, linear_2 from the patch, and
    merge_linear_1, merge_linear_2 from text width x spatial_merge_size^2 merged patches, all with
    biases, to the wrapper's projector_hidden_size, then the text width)."""
    d, inter, depth = v.int("hidden_size"), v.int("intermediate_size"), v.int("num_hidden_layers")
    v.int("num_attention_heads")
    patch, channels = v.int("patch_size"), v.int("num_channels", default=3)
    merge_cfg = v.sub("img_token_compression_config")
    temporal, merge = merge_cfg.int("temporal_patch_size"), merge_cfg.int("spatial_merge_size")
    proj = wrapper.int("projector_hidden_size")
    if not wrapper.bool("multimodal_projector_bias", True):
        raise wrapper.error("multimodal_projector_bias", "a projector without biases is not counted")
    merged = text_hidden * merge * merge
    embed = channels * temporal * patch * patch * d + _ln(d)
    projector = (d * proj + proj) + (proj * text_hidden + text_hidden) + (merged * proj + proj) + (proj * text_hidden
                                                                                               + text_hidden)
    return embed + depth * _vit_block(d, inter) + projector


# wrapper model_type -> (the text_config model_types it accepts, its vision tower or None when
# the reference class is text-only and the tower is not counted)
_WRAPPERS: dict[str, tuple[frozenset[str], Callable[[_Config, int, _Config], int] | None]] = {
    "qwen3_vl_moe": (frozenset({"qwen3_vl_moe_text"}), _vision_qwen3_vl),
    "kimi_k25": (frozenset({"kimi_k2", "deepseek_v3"}), _vision_moonvit),
    "llama4": (frozenset({"llama4_text"}), None),
    "qwen3_5": (frozenset({"qwen3_5_text"}), None),
    "qwen3_5_moe": (frozenset({"qwen3_5_moe_text"}), None),
    "gemma4": (frozenset({"gemma4_text"}), _vision_gemma4),
    "minimax_m3_vl": (frozenset({"minimax_m3_vl_text"}), _vision_minimax_m3),
}
# a wrapper whose text_config names no model_type holds this one
_WRAPPER_TEXT_DEFAULT = {"minimax_m3_vl": "minimax_m3_vl_text"}

KNOWN_MODEL_TYPES = frozenset({t for t in _TEXT_FAMILIES if not t.endswith("_text")} | set(_WRAPPERS))


def _load(data: bytes | dict, origin: str) -> dict:
    if isinstance(data, dict):
        return data
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(f"{origin}: not a JSON config.json ({exc})") from None
    if not isinstance(parsed, dict):
        raise ParseError(f"{origin}: expected a JSON object, got {type(parsed).__name__}")
    return parsed


def _model_type(data: dict, origin: str, where: str = "model_type") -> str:
    value = data.get("model_type")
    if not isinstance(value, str):
        raise ParseError(f"{origin}: field {where!r}: expected the architecture's name as a string, got {_short(value)}")
    return value


def model_size(data: bytes | dict, origin: str) -> ModelSize:
    """Count a model's parameters and KV cache from its config.json (bytes or parsed dict)."""
    top = _load(data, origin)
    model_type = _model_type(top, origin)
    vision = 0
    if model_type in _WRAPPERS:
        accepted, tower = _WRAPPERS[model_type]
        wrapper = _Config(top, origin, model_type)
        tc = wrapper.sub("text_config")
        if "model_type" not in tc.data and model_type in _WRAPPER_TEXT_DEFAULT:
            text_type = _WRAPPER_TEXT_DEFAULT[model_type]
        else:
            text_type = _model_type(tc.data, origin, "text_config.model_type")
        if text_type not in accepted:
            raise tc.error("model_type", f"text model {text_type!r} inside {model_type!r} is not understood; "
                           f"known: {', '.join(sorted(accepted))}")
        c = _Config(tc.data, tc.origin, text_type)
        text = _TEXT_FAMILIES[text_type](c, text_type)
        if tower is not None:
            vision = tower(wrapper.sub("vision_config"), text.hidden, wrapper)
        # the wrapper's own tie flag governs the head (transformers reads the top-level one)
        if "tie_word_embeddings" in top and top["tie_word_embeddings"] != text.tied:
            raise wrapper.error("tie_word_embeddings", "the wrapper and its text_config disagree")
    elif model_type in _TEXT_FAMILIES and not model_type.endswith("_text"):
        c = _Config(top, origin, model_type)
        text = _TEXT_FAMILIES[model_type](c, model_type)
    else:
        raise ParseError(
            f"{origin}: field 'model_type': architecture {model_type!r}"
            + (f" ({_short(top.get('architectures'))})" if top.get("architectures") is not None else "")
            + f" is not understood; known: {', '.join(sorted(KNOWN_MODEL_TYPES))}"
        )
    c.refuse_unread()
    return _size(model_type, text, vision, _checkpoint(top, c))


_SIXTEEN_BIT = {"bfloat16", "float16"}


def _checkpoint(top: dict, c: _Config) -> tuple[str, str, str]:
    """(description, routed-expert precision, other weights' precision) of the checkpoint as
    published, read from `quantization_config` (on the model or its text_config) and the dtype.
    Understood: none (16-bit dtype), `fp8` with `weight_block_size` (DeepSeek/GLM/MiniMax
    block-scaled FP8: every linear weight at FP8, embedding, head, norms and routers at 16 bits),
    `compressed-tensors` with one integer group scheme whose ignore list keeps attention, shared
    experts, dense MLPs and the head at 16 bits (Kimi K2.5: routed experts INT4, group 32), and
    `mxfp4` whose modules_to_not_convert keep attention, router, embedding and head (gpt-oss: experts
    MXFP4). Anything else (NVIDIA ModelOpt per-layer mixes, unknown methods) is reported as not
    understood: the precisions are '' and no checkpoint size is derived."""
    q = top.get("quantization_config") or c.data.get("quantization_config")
    dtype = top.get("torch_dtype") or top.get("dtype") or c.data.get("torch_dtype") or c.data.get("dtype")
    if q is None:
        if dtype in _SIXTEEN_BIT:
            return f"{dtype}", "fp16", "fp16"
        return f"not understood: no quantization_config and dtype {_short(dtype)}", "", ""
    if not isinstance(q, dict):
        raise c.error("quantization_config", f"expected an object, got {_short(q)}")
    method = q.get("quant_method")
    if c.data.get("expert_dtype") not in (None, "bf16", "bfloat16"):
        return f"not understood: expert_dtype {_short(c.data.get('expert_dtype'))} (its scale layout is not stated)", "", ""
    if method == "fp8" and q.get("weight_block_size") == [128, 128]:
        return "fp8 block-scaled (128x128 blocks; embedding, head, norms and routers 16-bit)", "fp8", "fp8"
    if method == "compressed-tensors":
        groups = q.get("config_groups")
        ignore = q.get("ignore")
        if isinstance(groups, dict) and len(groups) == 1 and isinstance(ignore, list):
            w = (next(iter(groups.values())) or {}).get("weights") or {}
            bits, size = w.get("num_bits"), w.get("group_size")
            keeps = {"lm_head", "re:.*self_attn.*", "re:.*shared_experts.*"}
            dense_kept = any(isinstance(i, str) and i.startswith("re:.*mlp") for i in ignore)
            if (w.get("type") == "int" and w.get("strategy") == "group" and bits == 4 and size == 32
                    and keeps <= set(ignore) and dense_kept):
                return ("compressed-tensors pack-quantized: routed experts INT4, group 32 (one 16-bit scale per "
                        "group); attention, shared experts, dense MLPs, embedding and head 16-bit"), "int4-g32", "fp16"
        return f"not understood: compressed-tensors scheme {_short(groups)}", "", ""
    if method == "mxfp4":
        kept = q.get("modules_to_not_convert") or []
        if isinstance(kept, list) and any("self_attn" in str(k) for k in kept) and any("router" in str(k) for k in kept):
            return "mxfp4: routed experts MXFP4; attention, routers, embedding and head 16-bit", "mxfp4", "fp16"
        return f"not understood: mxfp4 with modules_to_not_convert {_short(kept)}", "", ""
    algo = q.get("quant_algo")
    return f"not understood: quant_method {_short(method)} quant_algo {_short(algo)}", "", ""


def _size(model_type: str, t: _Text, vision: int, checkpoint: tuple[str, str, str]) -> ModelSize:
    layers = t.layers
    moe = [layer for layer in layers if layer.is_moe]
    routed = sum(layer.routed for layer in layers)
    language = t.embedding + t.lm_head + t.other + sum(layer.nonexpert + layer.routed for layer in layers)
    total = language + vision
    # active: every non-expert part, plus k of E routed experts in each MoE layer
    active_routed = sum(layer.top_k * layer.expert_params for layer in moe)
    active = total - routed + active_routed
    first = moe[0] if moe else None
    if any((m.experts, m.top_k, m.expert_params) != (first.experts, first.top_k, first.expert_params) for m in moe):
        raise ParseError(f"field 'n_routed_experts' (model_type {model_type!r}): MoE layers of different expert counts are not counted")
    kv_total = sum(layer.kv_elements for layer in layers)
    n = len(layers)
    mix = Counter(layer.mixer for layer in layers)
    return ModelSize(
        model_type=model_type,
        family=t.family,
        attention=t.attention,
        attention_family=t.attention_family,
        layer_mix=" ".join(f"{k}:{v}" for k, v in sorted(mix.items())),
        hidden_size=t.hidden,
        num_hidden_layers=n,
        dense_layers=n - len(moe),
        moe_layers=len(moe),
        num_attention_heads=t.heads,
        num_key_value_heads=t.kv_heads,
        head_dim=t.head_dim,
        vocab_size=t.vocab,
        tie_word_embeddings=t.tied,
        n_routed_experts=first.experts if first else 0,
        experts_per_token=first.top_k if first else 0,
        n_shared_experts=t.shared_count if first else 0,
        params_per_routed_expert=first.expert_params if first else 0,
        total_params=total,
        active_params=active,
        vision_params=vision,
        embedding_params=t.embedding,
        lm_head_params=t.lm_head,
        routed_expert_params=routed,
        nonexpert_params=total - routed,
        attention_params=sum(layer.mixer_params for layer in layers),
        max_layer_nonexpert_params=max(layer.nonexpert for layer in layers),
        max_layer_routed_params=max(layer.routed for layer in layers),
        mtp_layers=t.mtp_layers,
        mtp_params=t.mtp_params,
        kv_elements_per_token_per_layer=round(kv_total / n),
        kv_naive_elements_per_token_per_layer=t.naive_kv,
        kv_elements_per_token=kv_total,
        max_layer_kv_elements=max(layer.kv_elements for layer in layers),
        state_elements_per_sequence=sum(layer.state_elements for layer in layers),
        max_layer_state_elements=max(layer.state_elements for layer in layers),
        checkpoint_format=checkpoint[0],
        routed_expert_precision=checkpoint[1] if moe else "",
        nonexpert_precision=checkpoint[2],
        sixteen_bit_params=t.embedding + t.lm_head + t.other + vision
        + sum(layer.norms + layer.router for layer in layers),
    )
