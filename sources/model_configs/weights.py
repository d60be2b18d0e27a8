"""Exact counts from the hub's checkpoint files (pure): a repository's
`model.safetensors.index.json` (which shard holds which tensor) and each shard's safetensors
header (name, dtype, shape and byte range of every tensor), read into per-dtype element counts,
parameter counts and bytes on disk.

The safetensors format (https://github.com/huggingface/safetensors, README "Format"): the first
8 bytes are the header's length N as an unsigned little-endian 64-bit integer, then N bytes of
UTF-8 JSON mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets
into the data that follows the header; an optional `__metadata__` object of strings). So a
shard's header is fetched with byte-range requests, never the weights (`fetch_plan`).

Parameters from stored elements (`tensor_kind`): a tensor's stored elements are not always its
parameters. The rules, by name suffix and dtype, each with the format it follows:
- `*.weight_packed` as I32: compressed-tensors "pack-quantized" int4 (Kimi K2.5's experts), eight
  4-bit values per int32 (transformers docs, quantization/compressed_tensors: "int4 or int8
  weight-quantized packed into int32"; 4 bits is what the catalog's packed checkpoints declare in
  quantization_config): parameters = elements x 8;
- `*.weight` as U8: NVIDIA ModelOpt NVFP4, two FP4 (E2M1) values per byte (vLLM's modelopt
  loader allocates the weight as uint8 of input_size / 2): parameters = elements x 2;
- `*_blocks` as U8: MXFP4 as gpt-oss stores it (transformers' mxfp4 integration: `*_blocks`
  of 16 bytes = 32 FP4 values per block, `*_scales` one E8M0 exponent per block): x 2;
- scales and quantizer constants (`*_scales`, `*.weight_scale`, `*.weight_scale_inv`,
  `*.weight_scale_2`, `*.weight_global_scale`, `*.input_scale`, `*.input_global_scale`,
  `*.weight_zero_point`, `*.k_scale`, `*.v_scale`): stored, not parameters (0); their bytes are
  the scale overhead;
- `*.weight_shape` (compressed-tensors records the unpacked shape): metadata, not parameters;
- every other tensor of a float dtype (F64, F32, F16, BF16, F8_E4M3, F8_E5M2, F4) or I8: its
  elements are its parameters;
- anything else (e.g. U8 or I32 under another name, GPTQ's `qweight`) is kind `unknown`: its
  parameters are not known (null), and the model's hub count is reported as not understood.
Each tensor also gets a `part` by name (vision tower and projector, audio tower, an `mtp.`
module, else language) and its decoder layer index (`layers.<i>.`, -1 when none), so the
warehouse can set apart MTP layers (index >= the config's num_hidden_layers) before comparing.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

import polars as pl

from sources.errors import ParseError

INDEX_FILE = "model.safetensors.index.json"
# The first range request per shard (256 KiB): a header lists every tensor's name, dtype, shape
# and offsets, about 100 bytes a tensor, so a shard of up to about 2,000 tensors fits; a longer
# header is fetched with a second request of exactly its length, within the body cap.
PROBE_BYTES = 1 << 18
# The safetensors reference implementation refuses a header above 100,000,000 bytes
# (safetensors/src/tensor.rs MAX_HEADER_SIZE); a body that declares more is refused here too.
MAX_HEADER_BYTES = 100_000_000
SHARD_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*\.safetensors$")

# bits per stored element, by safetensors dtype name (safetensors/src/tensor.rs Dtype)
DTYPE_BITS: dict[str, int] = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E4M3": 8, "F8_E5M2": 8, "F8_E8M0": 8,
    "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
    "I32": 32, "U32": 32, "F32": 32, "I64": 64, "U64": 64, "F64": 64,
    "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
}
PARAMETER_DTYPES = frozenset({"F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2", "F4", "F6_E2M3", "F6_E3M2", "I8"})
SCALE_SUFFIXES = ("_scales", ".weight_scale", ".weight_scale_inv", ".weight_scale_2", ".weight_global_scale",
                  ".input_scale", ".input_global_scale", ".weight_zero_point", ".k_scale", ".v_scale")
# vision_embedder: Gemma 4's unified vision embedder; patch_merge_mlp: MiniMax M3's patch merger
# (both seen in public loaders, tests/fixtures/model_configs/hub_tensor_names.json)
VISION = re.compile(r"(^|\.)(visual|vision_tower|vision_model|vision_encoder|vision_embed|vision_embedder|embed_vision|"
                    r"multi_modal_projector|mm_projector|vision_projector|patch_merge_mlp)(\.|$)")
AUDIO = re.compile(r"(^|\.)(audio_tower|audio_model|embed_audio)(\.|$)")
MTP = re.compile(r"(^|\.)mtp\.")
LAYER = re.compile(r"(?:^|\.)layers\.(\d+)\.")

INDEX_SCHEMA: dict[str, pl.DataType] = {
    "model_id": pl.Utf8,
    "shard_file": pl.Utf8,
    "tensors": pl.Int64,  # tensors the index's weight_map places in this shard
    "index_total_size": pl.Int64,  # metadata.total_size: the index's own byte count (null when absent)
    "index_total_parameters": pl.Int64,  # metadata.total_parameters (null when absent)
}
HEADER_SCHEMA: dict[str, pl.DataType] = {
    "model_id": pl.Utf8,
    "shard_file": pl.Utf8,
    "part": pl.Utf8,  # language | vision | audio | mtp
    "layer": pl.Int64,  # decoder layer index, -1 for tensors outside a numbered layer
    "dtype": pl.Utf8,
    "tensor_kind": pl.Utf8,  # weight | packed_int4 | packed_fp4 | scale | quant_shape | unknown
    "tensors": pl.Int64,
    "stored_elements": pl.Int64,
    "parameters": pl.Int64,  # stored elements converted to values (tensor_kind); null when unknown
    "bytes": pl.Int64,  # bytes on disk (data_offsets end - begin)
    "shard_tensors": pl.Int64,  # tensors in this shard's header (to check against the index)
    "header_sha256": pl.Utf8,  # of the header bytes: which header this group was read from
}


def shard_of(origin: str) -> str:
    """The shard file a header was fetched from: the last path segment of its URL."""
    return unquote(urlsplit(origin).path.rsplit("/", 1)[-1])


def header_length(prefix: bytes) -> int | None:
    """The header length N a safetensors file declares in its first 8 bytes (None: fewer than 8)."""
    return struct.unpack("<Q", prefix[:8])[0] if len(prefix) >= 8 else None


def _int(value, origin: str, where: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ParseError(f"{origin}: {where}: expected an integer >= {minimum}, got {str(value)[:60]!r}")
    return value


def parse_index(body: bytes, origin: str, model_id: str) -> pl.DataFrame:
    """model.safetensors.index.json -> one row per shard file it names. Shard names must be plain
    file names ending in .safetensors (they become URLs)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"{origin}: not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("weight_map"), dict) or not data["weight_map"]:
        raise ParseError(f"{origin}: field 'weight_map': expected an object of tensor name -> shard file")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise ParseError(f"{origin}: field 'metadata': expected an object, got {type(metadata).__name__}")
    totals = {}
    for field in ("total_size", "total_parameters"):
        value = metadata.get(field)
        # some indexes write the size as a string or a float of an integer value
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        totals[field] = None if value is None else _int(value, origin, f"metadata.{field}")
    shards: dict[str, int] = {}
    for tensor, shard in data["weight_map"].items():
        if not isinstance(shard, str) or not SHARD_NAME.match(shard):
            raise ParseError(f"{origin}: weight_map[{tensor[:80]!r}]: expected a shard file name "
                             f"'<name>.safetensors' (no path), got {str(shard)[:80]!r}")
        shards[shard] = shards.get(shard, 0) + 1
    rows = [{"model_id": model_id, "shard_file": s, "tensors": n, "index_total_size": totals["total_size"],
             "index_total_parameters": totals["total_parameters"]} for s, n in sorted(shards.items())]
    return pl.DataFrame(rows, schema=INDEX_SCHEMA)


def tensor_kind(name: str, dtype: str) -> tuple[str, int | None]:
    """(kind, parameters per stored element) of one tensor by its name and dtype (module docstring)."""
    if name.endswith(".weight_shape"):
        return "quant_shape", 0
    if name.endswith(SCALE_SUFFIXES):
        return "scale", 0
    if name.endswith(".weight_packed") and dtype == "I32":
        return "packed_int4", 8
    if dtype == "U8" and (name.endswith(".weight") or name.endswith("_blocks")):
        return "packed_fp4", 2
    if dtype in PARAMETER_DTYPES:
        return "weight", 1
    return "unknown", None


def tensor_part(name: str) -> str:
    if VISION.search(name):
        return "vision"
    if AUDIO.search(name):
        return "audio"
    if MTP.search(name):
        return "mtp"
    return "language"


def _tensor(name: str, entry, origin: str) -> tuple[str, int, int]:
    """(dtype, stored elements, bytes) of one header entry, checked against its dtype."""
    where = f"tensor {name[:120]!r}"
    if not isinstance(entry, Mapping):
        raise ParseError(f"{origin}: {where}: expected an object with dtype, shape, data_offsets")
    dtype = entry.get("dtype")
    if dtype not in DTYPE_BITS:
        raise ParseError(f"{origin}: {where}: dtype {str(dtype)[:20]!r} is not a safetensors dtype this reader "
                         f"knows ({', '.join(DTYPE_BITS)})")
    shape, offsets = entry.get("shape"), entry.get("data_offsets")
    if not isinstance(shape, list) or len(shape) > 8:
        raise ParseError(f"{origin}: {where}: shape: expected a list of at most 8 integers")
    elements = 1
    for dim in shape:
        elements *= _int(dim, origin, f"{where}: shape")
    if not isinstance(offsets, list) or len(offsets) != 2:
        raise ParseError(f"{origin}: {where}: data_offsets: expected [begin, end]")
    begin, end = (_int(o, origin, f"{where}: data_offsets") for o in offsets)
    expected = -(-elements * DTYPE_BITS[dtype] // 8)
    if end - begin != expected:
        raise ParseError(f"{origin}: {where}: data_offsets [{begin}, {end}] hold {end - begin:,} bytes, but {dtype} "
                         f"x shape {shape} is {expected:,} bytes")
    if elements >= 2**62:
        raise ParseError(f"{origin}: {where}: shape {shape} is absurd ({elements:.3g} elements)")
    return dtype, elements, end - begin


def parse_header(body: bytes, origin: str, model_id: str) -> pl.DataFrame:
    """A shard's first 8 + N bytes (the header length, then the JSON header) -> one row per
    part x layer x dtype x tensor kind, with tensors, stored elements, parameters and bytes."""
    length = header_length(body)
    if length is None:
        raise ParseError(f"{origin}: truncated safetensors header: {len(body)} bytes, fewer than the 8 of its length")
    if length > MAX_HEADER_BYTES:
        raise ParseError(f"{origin}: safetensors header length {length:,} bytes is beyond the cap of "
                         f"{MAX_HEADER_BYTES:,} bytes (the safetensors format's own limit)")
    if len(body) < 8 + length:
        raise ParseError(f"{origin}: truncated safetensors header: it declares {length:,} bytes, "
                         f"the body holds {len(body) - 8:,} after the length")
    raw = body[8:8 + length]
    try:
        header = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"{origin}: safetensors header is not JSON ({exc})") from None
    if not isinstance(header, dict):
        raise ParseError(f"{origin}: safetensors header: expected a JSON object, got {type(header).__name__}")
    groups: dict[tuple, list[int | None]] = {}
    tensors = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, elements, size = _tensor(name, entry, origin)
        kind, per_element = tensor_kind(name, dtype)
        part = tensor_part(name)
        layer = LAYER.search(name)
        key = (part, int(layer.group(1)) if layer and part in ("language", "mtp") else -1, dtype, kind)
        group = groups.setdefault(key, [0, 0, 0, 0])
        group[0] += 1
        group[1] += elements
        group[2] = None if per_element is None else group[2] + elements * per_element
        group[3] += size
        tensors += 1
    if not tensors:
        raise ParseError(f"{origin}: safetensors header lists no tensors")
    shard, sha = shard_of(origin), hashlib.sha256(raw).hexdigest()
    rows = [{"model_id": model_id, "shard_file": shard, "part": part, "layer": layer, "dtype": dtype,
             "tensor_kind": kind, "tensors": n, "stored_elements": elements, "parameters": params, "bytes": size,
             "shard_tensors": tensors, "header_sha256": sha}
            for (part, layer, dtype, kind), (n, elements, params, size) in sorted(groups.items())]
    return pl.DataFrame(rows, schema=HEADER_SCHEMA)


def header_range(length: int) -> str:
    """The Range header value for a file's first 8 + `length` bytes (its whole header)."""
    return f"bytes=0-{8 + length - 1}"


PROBE_RANGE = f"bytes=0-{PROBE_BYTES - 1}"
