"""scripts/compare_warehouses.py over two tiny warehouses made here (not built by the pipeline)."""

import importlib.util
import sys
from pathlib import Path

import duckdb
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "compare_warehouses.py"
spec = importlib.util.spec_from_file_location("compare_warehouses", SCRIPT)
compare_warehouses = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = compare_warehouses
spec.loader.exec_module(compare_warehouses)


def make_warehouse(path: Path, *, memory_b300: float = 288.0, loaded_at: str = "2026-12-02 10:00:00") -> Path:
    con = duckdb.connect(str(path))
    con.execute("create table mart_builds (mart varchar, built_at timestamp, run_id varchar, rows bigint, sql_sha256 varchar)")
    con.execute("insert into mart_builds values ('gpus', now(), 'r1', 2, 'x'), ('models', now(), 'r1', 1, 'x')")
    con.execute("create table gpus (gpu_id varchar, memory_gb double, tflops integer)")
    con.execute("insert into gpus values ('nvidia-h100-sxm', 80.0, 989), (?, ?, 2250)", ["nvidia-b300", memory_b300])
    con.execute("create table models (model_id varchar, total_params bigint, config_loaded_at timestamp)")
    con.execute("insert into models values ('deepseek-r1', 671026419200, ?)", [loaded_at])
    # a table that is not a mart (not in mart_builds) is not compared
    con.execute("create table fetch_log (fetch_id varchar)")
    con.execute("insert into fetch_log values (?)", [loaded_at])
    con.execute("create view ref_gpus as select gpu_id, memory_gb from gpus")
    con.close()
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = compare_warehouses.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_identical_warehouses_exit_0(tmp_path, capsys):
    old, new = make_warehouse(tmp_path / "old.duckdb"), make_warehouse(tmp_path / "new.duckdb")
    code, out, _ = run(capsys, old, new, "--views")
    assert code == 0
    assert "mart gpus: identical (2 rows)" in out
    assert "mart models: identical (1 rows)" in out
    assert "view ref_gpus: identical (2 rows)" in out
    assert "fetch_log" not in out


def test_one_changed_value_exits_1_naming_table_and_row(tmp_path, capsys):
    old = make_warehouse(tmp_path / "old.duckdb")
    new = make_warehouse(tmp_path / "new.duckdb", memory_b300=270.0)
    code, out, _ = run(capsys, old, new)
    assert code == 1
    assert "mart gpus: DIFFERENT" in out
    assert "values differ in columns: memory_gb" in out
    assert "1 row(s) only in OLD:\n      {gpu_id='nvidia-b300', memory_gb=288.0, tflops=2250}" in out
    assert "1 row(s) only in NEW:\n      {gpu_id='nvidia-b300', memory_gb=270.0, tflops=2250}" in out
    assert "mart models: identical (1 rows)" in out
    assert "different: gpus" in out


def test_a_load_time_column_differs_unless_ignored(tmp_path, capsys):
    old = make_warehouse(tmp_path / "old.duckdb")
    new = make_warehouse(tmp_path / "new.duckdb", loaded_at="2026-12-03 11:00:00")
    # models.config_loaded_at is a default ignore (a load time)
    code, out, _ = run(capsys, old, new)
    assert code == 0
    assert "mart models: identical (1 rows); ignored columns: config_loaded_at" in out
    # compared when the defaults are off ...
    code, out, _ = run(capsys, old, new, "--no-default-ignores")
    assert code == 1
    assert "values differ in columns: config_loaded_at" in out
    # ... and ignored when named
    code, out, _ = run(capsys, old, new, "--no-default-ignores", "--ignore-column", "models.config_loaded_at")
    assert code == 0


def test_float_tolerance_is_off_by_default(tmp_path, capsys):
    old = make_warehouse(tmp_path / "old.duckdb")
    new = make_warehouse(tmp_path / "new.duckdb", memory_b300=288.0 * (1 + 1e-12))
    assert run(capsys, old, new)[0] == 1
    assert run(capsys, old, new, "--float-tolerance", "1e-9")[0] == 0
    assert run(capsys, old, new, "--float-tolerance", "1e-15")[0] == 1


def test_columns_and_types_are_compared(tmp_path, capsys):
    old = make_warehouse(tmp_path / "old.duckdb")
    new = make_warehouse(tmp_path / "new.duckdb")
    con = duckdb.connect(str(new))
    con.execute("drop view ref_gpus")
    con.execute("alter table gpus alter tflops type bigint")
    con.execute("alter table gpus add column tdp_w double")
    con.close()
    code, out, _ = run(capsys, old, new)
    assert code == 1
    assert "columns only in NEW: tdp_w DOUBLE" in out
    assert "column tflops: type INTEGER in OLD, BIGINT in NEW" in out


def test_a_mart_missing_on_one_side(tmp_path, capsys):
    old = make_warehouse(tmp_path / "old.duckdb")
    new = make_warehouse(tmp_path / "new.duckdb")
    con = duckdb.connect(str(new))
    con.execute("delete from mart_builds where mart = 'models'")
    con.execute("drop table models")
    con.close()
    code, out, _ = run(capsys, old, new)
    assert code == 1
    assert "mart models: DIFFERENT\n  mart only in OLD" in out


def test_bad_arguments_exit_2(tmp_path, capsys):
    old = make_warehouse(tmp_path / "old.duckdb")
    code, _, err = run(capsys, old, tmp_path / "nope.duckdb")
    assert code == 2
    assert f"NEW warehouse not found: {tmp_path / 'nope.duckdb'}" in err
    with pytest.raises(SystemExit) as exc:
        compare_warehouses.main([str(old), str(old), "--ignore-column", "no_dot"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        compare_warehouses.main([str(old)])
    assert exc.value.code == 2


def test_opens_read_only(tmp_path, capsys):
    old, new = make_warehouse(tmp_path / "old.duckdb"), make_warehouse(tmp_path / "new.duckdb")
    before = old.read_bytes()
    assert run(capsys, old, new)[0] == 0
    assert old.read_bytes() == before
