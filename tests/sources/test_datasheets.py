"""Datasheet parsers on saved pages (hand-written fixtures modelled on vendor layouts):
NVIDIA lists SXM and NVL side by side in one table (each its own GPU variant); AMD uses
label/value blocks, lists and definition lists; DGX pages state 8-GPU totals; the PDF
datasheet's text layer is a space-aligned table; a redesigned page yields no fields."""

from pathlib import Path

import pytest

from sources.datasheets.pages import pages
from sources.datasheets.parse import field_of, parse_page
from sources.errors import ParseError
from sources.registry import SOURCES, family_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "datasheets"



def parse(page_id: str, body: bytes, origin: str):
    """A page through its source's family parser, as the load path calls it."""
    source = SOURCES[f"datasheet/{page_id}"]
    return family_of(source).parse(source, body, origin)

def specs(page_id, name):
    frame = parse(page_id, (FIXTURES / name).read_bytes(), name)
    return {(r["gpu_id"], r["field"]): (r["value"], r["value_min"], r["value_max"]) for r in frame.to_dicts() if r["value"] is not None}


def test_nvidia_side_by_side_form_factors():
    got = specs("nvidia-h100", "nvidia-h100.html")
    assert got == {
        ("nvidia-h100-sxm", "memory_gb"): (80, 80, 80), ("nvidia-h100-nvl", "memory_gb"): (94, 94, 94),
        ("nvidia-h100-sxm", "memory_bandwidth_gbs"): (3350, 3350, 3350),
        ("nvidia-h100-nvl", "memory_bandwidth_gbs"): (3900, 3900, 3900),
        ("nvidia-h100-sxm", "tdp_w"): (700, 700, 700), ("nvidia-h100-nvl", "tdp_w"): (400, 350, 400),
        ("nvidia-h100-sxm", "interconnect_gbs"): (900, 900, 900), ("nvidia-h100-nvl", "interconnect_gbs"): (600, 600, 600),
        ("nvidia-h100-sxm", "fp8_tflops"): (3958, 3958, 3958), ("nvidia-h100-nvl", "fp8_tflops"): (3341, 3341, 3341),
    }  # the script's "GPU Memory: 999GB" and the PCIe 128GB/s are not read


def test_source_text_is_kept_exactly():
    frame = parse("nvidia-h100", (FIXTURES / "nvidia-h100.html").read_bytes(), "h100")
    row = frame.filter((frame["gpu_id"] == "nvidia-h100-nvl") & (frame["field"] == "tdp_w")).to_dicts()[0]
    assert (row["source_label"], row["source_text"], row["value_text"], row["variant"]) == (
        "Max Thermal Design Power (TDP)", "Max Thermal Design Power (TDP): 350-400W (configurable)", "350-400W", "H100 NVL")


def test_nbsp_and_superscript_headers():
    assert specs("nvidia-h200", "nvidia-h200.html")[("nvidia-h200-nvl", "tdp_w")] == (600, 600, 600)


def test_amd_label_value_layouts_and_tbp():
    assert specs("amd-mi325x", "amd-mi325x-v1.html") == {
        ("amd-mi325x", "memory_gb"): (288, 288, 288), ("amd-mi325x", "memory_bandwidth_gbs"): (6000, 6000, 6000),
        ("amd-mi325x", "tdp_w"): (1000, 1000, 1000)}
    assert specs("amd-mi350x", "amd-mi350x.html")[("amd-mi350x", "interconnect_gbs")] == (153.6, 153.6, 153.6)
    assert specs("amd-mi355x", "amd-mi355x.html")[("amd-mi355x", "fp4_tflops")] == (10000, 10000, 10000)


def test_system_totals_are_never_per_gpu():
    got = specs("nvidia-dgx-b200", "nvidia-dgx-b200.html")
    assert got == {
        ("nvidia-b200-sxm", "system_memory_gb"): (1440, 1440, 1440),
        ("nvidia-b200-sxm", "system_memory_bandwidth_gbs"): (64000, 64000, 64000),
        ("nvidia-b200-sxm", "system_interconnect_gbs"): (14400, 14400, 14400),
        ("nvidia-b200-sxm", "system_tdp_w"): (14300, 14300, 14300),
        ("nvidia-b200-sxm", "usable_memory_gb"): (180, 180, 180),
    }


def test_pdf_datasheet():
    got = specs("nvidia-a100-datasheet", "nvidia-a100-datasheet.pdf")
    assert {k: v[0] for k, v in got.items() if k[1] in ("memory_gb", "memory_bandwidth_gbs", "tdp_w")} == {
        ("nvidia-a100-sxm", "memory_gb"): 80, ("nvidia-a100-pcie", "memory_gb"): 80,
        ("nvidia-a100-sxm", "memory_bandwidth_gbs"): 2039, ("nvidia-a100-pcie", "memory_bandwidth_gbs"): 1935,
        ("nvidia-a100-sxm", "tdp_w"): 400, ("nvidia-a100-pcie", "tdp_w"): 300,
    }


def test_redesigned_page_names_the_missing_fields():
    with pytest.raises(ParseError, match=r"h100-redesign.html: datasheet page nvidia-h100: none of the required fields "
                                         r"found \(missing: memory_gb, memory_bandwidth_gbs, tdp_w\)"):
        parse_page(pages()["nvidia-h100"], (FIXTURES / "nvidia-h100-redesign.html").read_bytes(), "h100-redesign.html")


def test_label_synonyms():
    assert [field_of(label) for label in (
        "GPU Memory", "Memory Capacity", "HBM3e", "Peak Memory Bandwidth", "GPU Memory Bandwidth¹",
        "Max Thermal Design Power (TDP)", "Total Board Power (TBP)", "TGP", "Peak Infinity Fabric Link Bandwidth",
        "GPU Memory | Bandwidth", "Peak Memory Bandwidth (HBM3E)", "Form Factor")] == [
        ("memory_gb",), ("memory_gb",), ("memory_gb",), ("memory_bandwidth_gbs",), ("memory_bandwidth_gbs",),
        ("tdp_w",), ("tdp_w",), ("tdp_w",), ("interconnect_gbs",), ("memory_gb", "memory_bandwidth_gbs"),
        ("memory_bandwidth_gbs",), ()]


def test_registry_covers_both_vendors():
    registry = pages()
    assert {p.vendor for p in registry.values()} == {"nvidia", "amd"}
    assert {p.kind for p in registry.values()} == {"html", "pdf"}
    assert registry["nvidia-h100"].gpu_ids == ["nvidia-h100-nvl", "nvidia-h100-sxm"]
    assert registry["nvidia-h100"].gpu_for("H200 NVL") == "nvidia-h200-nvl"  # an unknown column is a new variant
