"""Bytes per weight and per cached KV value are stated once, in ref_weight_precisions: every mart
derives them from a precision's row, (bits_per_value + scale_bits / block_size) / 8."""

import re

import duckdb
import pytest

from warehouse.marts import MARTS
from warehouse.sqlfiles import sql

FORMULA = "(bits_per_value + coalesce(scale_bits / block_size, 0)) / 8"
# the marts that read ref_weight_precisions; the others read bytes from replica_sizing or model_weights
DERIVING = {"models", "model_weights", "replica_sizing", "home_fit"}  # home_fit: KV bytes per value (issue 17)


def mart_sql(name: str) -> str:
    return re.sub(r"--[^\n]*", "", sql(f"marts/{name}"))


def test_no_mart_restates_bytes_per_precision():
    restated = [
        r"'(?:b?fp|nvfp|mxfp)\d*'\s*(?:,|then)\s*\d",  # ('fp16', 2.0 ...) / when 'fp8' then 1.0
        r"/\s*(?:0\.5|1\.0|2\.0)\b",  # HBM / 1.0 (FP8), / 0.5 (FP4)
        r"elements\w*(?:\s*\*\s*[a-z_.]+)*\s*\*\s*\d",  # KV values x 2 bytes
    ]
    hits = [(m, p) for m in MARTS for p in restated if re.search(p, mart_sql(m), re.IGNORECASE)]
    assert hits == []


def test_the_formula_is_written_the_same_in_each_mart_that_reads_the_reference():
    readers = {m for m in MARTS if "ref_weight_precisions" in mart_sql(m)}
    assert readers == DERIVING
    assert {m: mart_sql(m).count(FORMULA) for m in sorted(DERIVING)} == {m: 1 for m in sorted(DERIVING)}
    assert [m for m in MARTS if m not in DERIVING and "bits_per_value" in mart_sql(m)] == []


def test_bytes_match_the_reference_rows(warehouse):
    ref = dict(warehouse.execute(f"select precision, {FORMULA} from ref_weight_precisions").fetchall())
    assert ref == {"fp16": 2.0, "fp8": 1.0, "fp4": 0.5, "nvfp4": 0.5625, "mxfp4": 0.53125,
                   "int4-g32": 0.5625}
    weights = dict(warehouse.execute("select distinct precision, bytes_per_param::double from model_weights").fetchall())
    assert weights == {p: ref[p] for p in ("fp16", "fp8", "fp4")}
    sizing = dict(warehouse.execute(
        "select distinct precision, bytes_per_param from replica_sizing where precision <> 'native'").fetchall())
    assert sizing == {p: b for p, b in ref.items() if p != "int4-g32"}  # int4-g32 is a checkpoint format only
    # 'native': the checkpoint as published, its mean bytes per parameter from models.checkpoint_bytes
    native = warehouse.execute(
        "select count(*), count(*) filter (where abs(s.bytes_per_param - m.checkpoint_bytes / m.total_params) > 1e-12) "
        "from replica_sizing as s join models as m using (model_id) where s.precision = 'native'").fetchone()
    assert native[0] > 0 and native[1] == 0
    kv = dict(warehouse.execute("select distinct kv_precision, kv_bytes_per_value::double from replica_sizing").fetchall())
    assert kv == {"none": 0.0, "bf16": ref["fp16"], "fp8": ref["fp8"]}
    summary = warehouse.execute(
        "select memory_gb * (1 - runtime_reserve_frac), biggest_model_one_gpu_fp8_b, biggest_model_one_gpu_fp4_b "
        "from generation_summary where gpu_id = 'nvidia-b300'"
    ).fetchone()
    assert summary[1:] == (round(summary[0] / ref["fp8"], 1), round(summary[0] / ref["fp4"], 1))
    mismatched = warehouse.execute(
        "select model_id from models where kv_cache_bytes_per_token <> kv_elements_per_token * 2"
        " or kv_cache_bytes_per_token_fp8 <> kv_elements_per_token"
    ).fetchall()
    assert mismatched == []


def rebuild(warehouse_path, precision_edits: dict[str, float], marts=("models", "model_weights", "replica_sizing")):
    """The marts run on a copy of their inputs (in memory) whose precisions have other bits per value."""
    con = duckdb.connect(":memory:")
    con.execute(f"attach '{warehouse_path}' as w (read_only)")
    for table in ("model_configs", "ref_model_weight_sizes", "gpus", "ref_gpu_systems", "ref_weight_precisions",
                  "ref_model_catalog", "hub_weight_shards", "model_hub_weights"):
        con.execute(f"create table {table} as select * from w.{table}")
    con.execute("create table ref_sizing_scenarios as select * from w.ref_sizing_scenarios where scenario_id = 'chat-8k-x64'")
    for precision, bits in precision_edits.items():
        con.execute("update ref_weight_precisions set bits_per_value = ? where precision = ?", [bits, precision])
    for mart in marts:
        con.execute(f"create table {mart} as {sql(f'marts/{mart}')}")
    return con


def test_bytes_follow_the_reference_row(shipped_settings):
    # 12-bit 'fp16' (1.5 bytes) and 8-bit 'fp4' (1 byte): the marts take whatever the rows say
    con = rebuild(shipped_settings.warehouse_path, {"fp16": 12, "fp4": 8})
    weights = dict(con.execute("select precision, bytes_per_param::double from model_weights where model_id = 'deepseek-r1'").fetchall())
    assert weights == {"fp16": 1.5, "fp8": 1.0, "fp4": 1.0}
    kv = con.execute("select distinct kv_precision, kv_bytes_per_value::double from replica_sizing").fetchall()
    assert kv == [("bf16", 1.5)]  # bf16 KV reads the 16-bit 'fp16' row
    row = con.execute(
        "select kv_cache_bytes_per_token, kv_elements_per_token_per_layer * num_hidden_layers, assumptions from models "
        "where model_id = 'llama-3.1-405b'"
    ).fetchone()
    assert row[0] == row[1] * 1.5
    assert "KV cache at 1.5 bytes per value" in row[2]


def test_a_byte_count_the_column_cannot_hold_stops_the_build(shipped_settings):
    # 9 bits = 1.125 bytes: bytes_per_param keeps its DECIMAL(2,1) type and would round it
    with pytest.raises(duckdb.InvalidInputException, match="fp16 has 1.125 bytes per parameter"):
        rebuild(shipped_settings.warehouse_path, {"fp16": 9}, marts=("models", "model_weights"))
    with pytest.raises(duckdb.InvalidInputException, match="kv_precision bf16: 1.125 bytes per value"):
        rebuild(shipped_settings.warehouse_path, {"fp16": 9}, marts=("models", "replica_sizing"))
