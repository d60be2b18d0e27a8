"""quant_formats.csv: the computed rows are exactly what their sources say (the gguf package's block
sizes, weight_precisions.csv), the cited rows are consistent with them, and a bits-per-weight figure
outside (1, 32) is refused by file, row and column."""

import csv
import io

import gguf
import pytest

from sources.reference import TABLES, ReferenceDataError, parse_reference
from sources.reference.quant_formats import computed_rows, is_computed
from tests.conftest import REFERENCE_DIR

ORIGIN = "sources/reference/quant_formats.csv"


def load(name):
    return parse_reference(TABLES[name], (REFERENCE_DIR / f"{name}.csv").read_bytes(), f"sources/reference/{name}.csv")


def shipped():
    return {r["format_id"]: r for r in load("quant_formats").to_dicts()}


def test_the_computed_rows_are_what_the_gguf_package_and_weight_precisions_say():
    expected = computed_rows(gguf.GGML_QUANT_SIZES, load("weight_precisions"))
    rows = shipped()
    assert [r for r in rows.values() if is_computed(r)] == expected, (
        "quant_formats.csv is out of date: run scripts/generate_quant_formats.py")


def test_tensor_types_carry_the_packages_block_layout():
    rows = shipped()
    assert [(rows[f]["block_size"], rows[f]["block_bytes"], rows[f]["bits_per_weight"]) for f in
            ("gguf-type-q4_0", "gguf-type-q4_k", "gguf-type-q6_k", "gguf-type-q8_0", "gguf-type-iq2_xxs")] == [
        (32, 18, 4.5), (256, 144, 4.5), (256, 210, 6.5625), (32, 34, 8.5), (256, 66, 2.0625)]
    # integer tensors and F64 hold no weights
    assert not {"gguf-type-i8", "gguf-type-i32", "gguf-type-f64"} & set(rows)


def test_a_file_type_averages_at_least_its_base_tensor_type_and_less_than_two_bits_more():
    rows = shipped()
    files = [r for r in rows.values() if r["format_kind"] == "gguf_file_type" and r["base_format_id"]]
    assert len(files) == 21
    for r in files:
        base = rows[r["base_format_id"]]["bits_per_weight"]
        assert base <= r["bits_per_weight"] < base + 2, r["format_id"]
    assert (rows["gguf-file-q4_k_m"]["bits_per_weight"], rows["gguf-file-q4_k_m"]["bpw_measured_on"]) == (4.8944, "Llama-3.1-8B")


def test_mlx_formats_follow_their_group_layout():
    rows = shipped()
    assert [(rows[f]["bits_per_weight"], rows[f]["block_size"], rows[f]["scale_bits"]) for f in
            ("mlx-affine-4bit-g64", "mlx-affine-8bit-g64")] == [(4.5, 64, 32), (8.5, 64, 32)]


def test_home_fit_sizes_file_types_mlx_and_data_center_formats_not_bare_tensor_types():
    kinds = {}
    for r in shipped().values():
        if r["in_home_fit"]:
            kinds[r["format_kind"]] = kinds.get(r["format_kind"], 0) + 1
    assert kinds == {"gguf_file_type": 24, "mlx": 2, "datacenter": 5}


def edited(format_id: str, bits: str) -> bytes:
    rows = list(csv.reader(io.StringIO((REFERENCE_DIR / "quant_formats.csv").read_text(encoding="utf-8"))))
    column = rows[0].index("bits_per_weight")
    for row in rows:
        if row[0] == format_id:
            row[column] = bits
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("bits", ["0.5", "40"])
def test_bits_per_weight_outside_1_to_32_is_refused_by_file_row_and_column(bits):
    row_number = 1 + [r["format_id"] for r in load("quant_formats").to_dicts()].index("gguf-file-q4_k_m") + 1
    with pytest.raises(ReferenceDataError) as info:
        parse_reference(TABLES["quant_formats"], edited("gguf-file-q4_k_m", bits), ORIGIN)
    assert (info.value.origin, info.value.row, info.value.column) == (ORIGIN, row_number, "bits_per_weight")
    assert str(info.value).startswith(f"{ORIGIN}, row {row_number}, column 'bits_per_weight': {float(bits):g} is outside")
