"""Vendor page bytes -> spec observations, one row per GPU variant x field.

Each observation keeps the value in the field's unit (memory in GB, bandwidth in GB/s,
power in W, throughput in TFLOPS), a stated range as min/max, and the exact label and
cell text it came from. Guards against the classic misreadings:
- a cell saying "total", or any value on a system page (DGX/HGX/NVL72), becomes a
  `system_*` field, never a per-GPU one; a system page also yields `usable_memory_gb`
  (total / GPUs per system), marked as derived in its text;
- an NVLink, Infinity Fabric or PCIe figure is never read as memory bandwidth;
- "TDP", "TBP" and "TGP" are all `tdp_w`; the label the vendor used is kept.
A page where none of its required fields is found fails with the missing fields named
(the layout probably changed); the previous version of its specs stays current.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from sources import units
from sources.datasheets.extract import Row, html_rows, pdf_text, text_rows
from sources.datasheets.pages import Page, normalise_header
from sources.errors import ParseError

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "memory_gb": (
        "gpu memory", "memory", "memory capacity", "memory size", "gpu memory capacity", "hbm capacity",
        "dedicated memory size", "hbm3e", "hbm3", "hbm2e", "hbm4", "total gpu memory", "total memory",
    ),
    "memory_bandwidth_gbs": (
        "gpu memory bandwidth", "memory bandwidth", "peak memory bandwidth", "peak theoretical memory bandwidth",
        "hbm bandwidth", "total memory bandwidth", "total gpu memory bandwidth",
    ),
    "tdp_w": (
        "max thermal design power (tdp)", "thermal design power (tdp)", "thermal design power", "tdp", "max tdp",
        "total board power", "total board power (tbp)", "typical board power (tbp)", "tbp", "tgp",
        "total graphics power", "total graphics power (tgp)", "max power", "max power consumption", "power consumption",
    ),
    "interconnect_gbs": (
        "interconnect", "nvlink", "nvidia nvlink", "nvlink bandwidth", "nvlink switch", "gpu-to-gpu bandwidth",
        "peak infinity fabric link bandwidth", "infinity fabric link bandwidth", "infinity fabric bandwidth",
    ),
    "fp8_tflops": ("fp8 tensor core", "fp8", "peak fp8 performance", "fp8 performance", "peak ocp-fp8 performance", "ocp-fp8"),
    "fp4_tflops": ("fp4 tensor core", "fp4", "peak mxfp4 performance", "mxfp4", "fp4 performance", "peak fp4 performance"),
    "memory_type": ("memory type", "gpu memory type"),
}
_COMBINED = {  # one label, two facts: "GPU Memory | Bandwidth" on NVIDIA's rack pages
    "gpu memory | bandwidth": ("memory_gb", "memory_bandwidth_gbs"),
    "gpu memory / bandwidth": ("memory_gb", "memory_bandwidth_gbs"),
}
LABELS: dict[str, tuple[str, ...]] = {s: (field,) for field, names in _SYNONYMS.items() for s in names} | _COMBINED

_UNITS: dict[str, tuple[Callable[[str], units.Measure | None], str]] = {
    "memory_gb": (units.parse_capacity_gb, "GB"),
    "memory_bandwidth_gbs": (units.parse_bandwidth_gbs, "GB/s"),
    "tdp_w": (units.parse_power_w, "W"),
    "interconnect_gbs": (units.parse_bandwidth_gbs, "GB/s"),
    "fp8_tflops": (units.parse_tflops, "TFLOPS"),
    "fp4_tflops": (units.parse_tflops, "TFLOPS"),
}
_TOTAL = re.compile(r"\b(total|aggregate|per node|per rack|per system|\d+\s*x\s*\d)", re.IGNORECASE)
_LINK = re.compile(r"nvlink|infinity fabric|pcie|xgmi|ethernet|infiniband", re.IGNORECASE)

SCHEMA = {
    "page_id": pl.Utf8, "gpu_id": pl.Utf8, "variant": pl.Utf8, "field": pl.Utf8, "value": pl.Float64,
    "value_min": pl.Float64, "value_max": pl.Float64, "unit": pl.Utf8, "value_text": pl.Utf8,
    "approx": pl.Boolean, "upper_bound": pl.Boolean, "derived": pl.Boolean, "source_label": pl.Utf8,
    "source_text": pl.Utf8,
}


def field_of(label: str) -> tuple[str, ...]:
    """The field(s) a label names, by synonym; () for a label we do not read."""
    name = normalise_header(label).rstrip(":").strip()
    if name in LABELS:
        return LABELS[name]
    bare = re.sub(r"\s*\([^)]*\)$", "", name)  # "Peak Memory Bandwidth (HBM3E)"
    return LABELS.get(bare, ())


def _segment(cell: str, field: str) -> str | None:
    """The part of a cell a field reads; None when the cell must not be read as that field."""
    parts = [p.strip() for p in cell.split("|")]
    if field == "interconnect_gbs":
        links = [p for p in parts if re.search(r"nvlink|infinity fabric", p, re.IGNORECASE)]
        return links[0] if links else cell
    if field in ("memory_bandwidth_gbs", "memory_gb"):
        parts = [p for p in parts if not _LINK.search(p)]
        return " | ".join(parts) if parts else None
    return cell


def _observation(page: Page, gpu: str, variant: str, field: str, row: Row, cell: str) -> list[dict]:
    base = {"page_id": page.page_id, "gpu_id": gpu, "variant": variant, "source_label": row.label,
            "source_text": f"{row.label}: {cell}", "derived": False}
    if field == "memory_type":
        kind = units.parse_memory_type(cell)
        return [{**base, "field": field, "value_text": kind, "unit": None}] if kind else []
    segment = _segment(cell, field)
    if segment is None:
        return []
    measure = _UNITS[field][0](segment)
    if measure is None:
        return []
    system = page.scope == "system" or bool(_TOTAL.search(segment))
    name = f"system_{field}" if system else field
    out = [{**base, "field": name, "value": measure.value, "value_min": measure.low, "value_max": measure.high,
            "unit": measure.unit, "value_text": measure.text, "approx": measure.approx,
            "upper_bound": measure.upper_bound}]
    if field == "memory_gb":
        kind = units.parse_memory_type(cell)
        if kind:
            out.append({**base, "field": "memory_type", "value_text": kind, "unit": None})
        if system and page.gpus_per_system:
            per_gpu = round(measure.value / page.gpus_per_system, 3)
            out.append({**base, "field": "usable_memory_gb", "value": per_gpu, "value_min": per_gpu,
                        "value_max": per_gpu, "unit": "GB", "derived": True,
                        "value_text": f"{measure.text} / {page.gpus_per_system} GPUs",
                        "source_text": f"derived: {row.label}: {cell} / {page.gpus_per_system} GPUs"})
    return out


def observations(page: Page, rows: list[Row]) -> list[dict]:
    found: dict[tuple[str, str], dict] = {}
    for row in rows:
        fields = field_of(row.label)
        if not fields:
            continue
        headers = row.headers or (("",) * len(row.cells) if len(row.cells) == 1 else ())
        if not headers:
            continue  # several values and no column headers: cannot tell which GPU each is
        for header, cell in zip(headers, row.cells, strict=True):
            gpu = page.gpu_for(header)
            if gpu is None or not cell or cell in ("-", "—", "N/A"):
                continue
            for field in fields:
                for obs in _observation(page, gpu, header, field, row, cell):
                    found.setdefault((obs["gpu_id"], obs["field"]), obs)  # the first statement on a page wins
    return list(found.values())


def parse_page(page: Page, body: bytes, origin: str) -> pl.DataFrame:
    if page.kind == "pdf":
        known = {normalise_header(label) for label, _ in page.variants if label}
        rows = text_rows(pdf_text(body, origin), known)
    else:
        rows = html_rows(body, origin)
    records = observations(page, rows)
    fields = {r["field"] for r in records}
    if page.required and not fields & set(page.required):
        raise ParseError(
            f"{origin}: datasheet page {page.page_id}: none of the required fields found "
            f"(missing: {', '.join(page.required)}); {len(rows)} label/value rows read, the page layout may have changed"
        )
    frame = pl.DataFrame(records, schema=SCHEMA) if records else pl.DataFrame(schema=SCHEMA)
    return frame.sort("gpu_id", "field")

