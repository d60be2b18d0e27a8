"""The rows of quant_formats.csv that are computed, not cited: what `scripts/generate_quant_formats.py`
writes and `tests/sources/test_quant_formats.py` checks the shipped file against.

- llama.cpp / GGUF tensor types: bits per weight = bytes per block x 8 / weights per block, from the
  block sizes of the `gguf` Python package (`gguf.GGML_QUANT_SIZES`), never retyped.
- The data-center formats of weight_precisions.csv: (bits_per_value + scale_bits / block_size), the
  warehouse's one formula for bytes per value, x 8.
Cited rows (GGUF file types such as Q4_K_M, MLX formats) are kept as they are in the file.
Pure: the package's table and the parsed weight_precisions frame come in as arguments.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

# Integer tensors (I8 ... I64) hold token ids and indices, not weights; F64 is a 64-bit float no
# model ships in. Neither is a weight format, so neither is listed.
NOT_WEIGHT_FORMATS = frozenset({"I8", "I16", "I32", "I64", "F64"})
PACKAGE_DOC = "gguf-python-package"
PACKAGE_AS_OF = "2026-05"  # gguf 0.19.0, the version pinned in pyproject.toml

COLUMNS = (
    "format_id", "format_kind", "name", "runtime", "bits_per_weight", "block_size", "block_bytes", "scale_bits",
    "gguf_type_id", "base_format_id", "weight_precision", "bpw_basis", "bpw_measured_on", "in_home_fit",
    "source_doc_id", "as_of", "note",
)


def tensor_type_id(name: str) -> str:
    return f"gguf-type-{name.lower()}"


def package_rows(quant_sizes: Mapping) -> list[dict]:
    """One row per GGUF tensor type of `quant_sizes` ({GGMLQuantizationType: (block_size, type_size)})."""
    rows = []
    for qtype, (block_size, type_size) in sorted(quant_sizes.items(), key=lambda item: int(item[0])):
        if qtype.name in NOT_WEIGHT_FORMATS:
            continue
        rows.append({
            "format_id": tensor_type_id(qtype.name), "format_kind": "gguf_tensor_type", "name": qtype.name,
            "runtime": "llama.cpp", "bits_per_weight": type_size * 8 / block_size, "block_size": block_size,
            "block_bytes": type_size, "scale_bits": None, "gguf_type_id": int(qtype), "base_format_id": None,
            "weight_precision": None, "bpw_basis": "computed_from_package", "bpw_measured_on": None,
            "in_home_fit": False, "source_doc_id": PACKAGE_DOC, "as_of": PACKAGE_AS_OF,
            "note": f"{type_size} bytes per block of {block_size} weights (gguf.GGML_QUANT_SIZES)",
        })
    return rows


def datacenter_rows(weight_precisions: pl.DataFrame) -> list[dict]:
    """One row per weight_precisions row, its bits per weight by the warehouse's own formula."""
    rows = []
    for p in weight_precisions.sort("precision").to_dicts():
        scale = (p["scale_bits"] or 0) / (p["block_size"] or 1)
        rows.append({
            "format_id": f"dc-{p['precision']}", "format_kind": "datacenter", "name": p["precision"].upper(),
            "runtime": "datacenter", "bits_per_weight": p["bits_per_value"] + scale, "block_size": p["block_size"],
            "block_bytes": None, "scale_bits": p["scale_bits"], "gguf_type_id": None, "base_format_id": None,
            "weight_precision": p["precision"], "bpw_basis": "weight_precisions", "bpw_measured_on": None,
            # 'native' rows are a checkpoint's own format, sized only as that checkpoint
            "in_home_fit": p["offered_on"] != "native", "source_doc_id": p["source_doc_id"], "as_of": p["as_of"],
            "note": "bits_per_value + scale_bits / block_size of weight_precisions.csv",
        })
    return rows


def computed_rows(quant_sizes: Mapping, weight_precisions: pl.DataFrame) -> list[dict]:
    return package_rows(quant_sizes) + datacenter_rows(weight_precisions)


def is_computed(row: Mapping) -> bool:
    return row["format_kind"] in ("gguf_tensor_type", "datacenter")
