"""SYNTHETIC hub checkpoints for the tests: safetensors headers built here (tensor names and
shapes following the transformers model classes for two shipped configs, no weights), served
by a 127.0.0.1 server that answers byte-range requests over a virtual file (the header, then
zero bytes standing for the tensors). Never vendor data, never in the default warehouse."""

from __future__ import annotations

import json
import re
import struct

from sources.model_configs.weights import DTYPE_BITS

RANGE = re.compile(r"^bytes=(\d+)-(\d+)$")


def header_bytes(tensors: dict[str, tuple[str, list[int]]], metadata: dict | None = None) -> tuple[bytes, int]:
    """(the file's first 8 + N bytes, its data size) for tensors name -> (dtype, shape), packed in order."""
    header: dict = {"__metadata__": metadata or {"format": "pt", "note": "synthetic test header"}}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        elements = 1
        for d in shape:
            elements *= d
        size = -(-elements * DTYPE_BITS[dtype] // 8)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(raw)) + raw, offset


def qwen3_dense(config: dict, linear: str = "BF16") -> dict[str, tuple[str, list[int]]]:
    """Qwen3ForCausalLM's tensors; `linear='F8_E4M3'` stores projections FP8 with a block scale_inv."""
    h, heads, kv, hd = config["hidden_size"], config["num_attention_heads"], config["num_key_value_heads"], config["head_dim"]
    inter, vocab = config["intermediate_size"], config["vocab_size"]
    out: dict[str, tuple[str, list[int]]] = {"model.embed_tokens.weight": ("BF16", [vocab, h])}
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."
        projections = {"self_attn.q_proj": [heads * hd, h], "self_attn.k_proj": [kv * hd, h],
                       "self_attn.v_proj": [kv * hd, h], "self_attn.o_proj": [h, heads * hd],
                       "mlp.gate_proj": [inter, h], "mlp.up_proj": [inter, h], "mlp.down_proj": [h, inter]}
        for name, shape in projections.items():
            out[f"{p}{name}.weight"] = (linear, shape)
            if linear == "F8_E4M3":
                out[f"{p}{name}.weight_scale_inv"] = ("F32", [-(-shape[0] // 128), -(-shape[1] // 128)])
        out[f"{p}self_attn.q_norm.weight"] = ("BF16", [hd])
        out[f"{p}self_attn.k_norm.weight"] = ("BF16", [hd])
        out[f"{p}input_layernorm.weight"] = ("BF16", [h])
        out[f"{p}post_attention_layernorm.weight"] = ("BF16", [h])
    out["model.norm.weight"] = ("BF16", [h])
    out["lm_head.weight"] = ("BF16", [vocab, h])
    return out


def gpt_oss_mxfp4(config: dict) -> dict[str, tuple[str, list[int]]]:
    """GptOssForCausalLM's tensors with the experts as MXFP4 (U8 *_blocks of 16 bytes = 32 values,
    U8 *_scales one per block), everything else BF16."""
    h, heads, kv, hd = config["hidden_size"], config["num_attention_heads"], config["num_key_value_heads"], config["head_dim"]
    inter, vocab, experts = config["intermediate_size"], config["vocab_size"], config["num_local_experts"]
    out: dict[str, tuple[str, list[int]]] = {"model.embed_tokens.weight": ("BF16", [vocab, h])}
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."
        out |= {
            f"{p}input_layernorm.weight": ("BF16", [h]), f"{p}post_attention_layernorm.weight": ("BF16", [h]),
            f"{p}self_attn.q_proj.weight": ("BF16", [heads * hd, h]), f"{p}self_attn.q_proj.bias": ("BF16", [heads * hd]),
            f"{p}self_attn.k_proj.weight": ("BF16", [kv * hd, h]), f"{p}self_attn.k_proj.bias": ("BF16", [kv * hd]),
            f"{p}self_attn.v_proj.weight": ("BF16", [kv * hd, h]), f"{p}self_attn.v_proj.bias": ("BF16", [kv * hd]),
            f"{p}self_attn.o_proj.weight": ("BF16", [h, heads * hd]), f"{p}self_attn.o_proj.bias": ("BF16", [h]),
            f"{p}self_attn.sinks": ("BF16", [heads]),
            f"{p}mlp.router.weight": ("BF16", [experts, h]), f"{p}mlp.router.bias": ("BF16", [experts]),
            f"{p}mlp.experts.gate_up_proj_blocks": ("U8", [experts, 2 * inter, h // 32, 16]),
            f"{p}mlp.experts.gate_up_proj_scales": ("U8", [experts, 2 * inter, h // 32]),
            f"{p}mlp.experts.gate_up_proj_bias": ("BF16", [experts, 2 * inter]),
            f"{p}mlp.experts.down_proj_blocks": ("U8", [experts, h, inter // 32, 16]),
            f"{p}mlp.experts.down_proj_scales": ("U8", [experts, h, inter // 32]),
            f"{p}mlp.experts.down_proj_bias": ("BF16", [experts, h]),
        }
    out["model.norm.weight"] = ("BF16", [h])
    out["lm_head.weight"] = ("BF16", [vocab, h])
    return out


def shard(tensors: dict[str, tuple[str, list[int]]], parts: int) -> list[dict[str, tuple[str, list[int]]]]:
    names = list(tensors)
    step = -(-len(names) // parts)
    return [{n: tensors[n] for n in names[i:i + step]} for i in range(0, len(names), step)]


def index_bytes(shards: dict[str, dict[str, tuple[str, list[int]]]], total_size: int | None = None) -> bytes:
    weight_map = {name: file for file, tensors in shards.items() for name in tensors}
    metadata = {} if total_size is None else {"total_size": total_size}
    return json.dumps({"metadata": metadata, "weight_map": weight_map}).encode()


def range_handler(prefix: bytes, data_size: int, *, ignore_range: bool = False):
    """A LocalServer Route handler serving a virtual file (prefix, then data_size zero bytes) by range."""
    size = len(prefix) + data_size

    def handle(handler) -> None:
        wanted = RANGE.match(handler.headers.get("Range", "").strip())
        if ignore_range or not wanted:
            handler._send(200, prefix[:1 << 16], {"Content-Type": "application/octet-stream"})
            return
        start, end = int(wanted.group(1)), min(int(wanted.group(2)), size - 1)
        if start >= size:
            handler._send(416, b"", {"Content-Range": f"bytes */{size}"})
            return
        body = prefix[start:end + 1] + bytes(max(0, end + 1 - max(start, len(prefix))))
        handler._send(206, body, {"Content-Type": "application/octet-stream",
                                  "Content-Range": f"bytes {start}-{end}/{size}"})

    return handle
