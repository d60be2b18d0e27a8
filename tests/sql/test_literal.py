"""The literal-rows helper (tests/sql/literal.py): inputs take the real views' and marts' column
types, unknown names fail clearly, and each call starts from the empty warehouse."""

import pytest

from tests.sql.literal import LiteralInputError, empty_connection, replace_input, run_mart


def test_inputs_keep_the_column_types_of_the_view_or_mart_they_replace():
    con = empty_connection()
    before = {t: con.execute(f"describe {t}").fetchall() for t in ("ref_gpus", "gpus", "release_figures")}
    replace_input(con, "ref_gpus", [{"gpu_id": "g", "memory_gb": 80, "valid_from": "2026-01-01 00:00:00"}])
    replace_input(con, "gpus", [{"gpu_id": "g"}])
    replace_input(con, "release_figures", [{"company_id": "c", "fiscal_year": 2026, "fetched_at": "2026-01-02"}])
    for table, columns in before.items():
        assert [c[:2] for c in con.execute(f"describe {table}").fetchall()] == [c[:2] for c in columns]
    # values are cast to the column types; columns not given are NULL
    assert con.execute("select memory_gb, valid_from::varchar, name from ref_gpus").fetchall() == [(80.0, "2026-01-01 00:00:00", None)]


def test_a_row_naming_a_column_the_input_does_not_have_fails_clearly():
    with pytest.raises(LiteralInputError, match=r"ref_gpus row 1: no column\(s\) bandwidth, colour in ref_gpus; its columns are gpu_id, vendor"):
        run_mart("gpus", {"ref_gpus": [{"gpu_id": "a"}, {"gpu_id": "b", "colour": "red", "bandwidth": 1.0}]})


def test_an_input_the_warehouse_does_not_have_fails_clearly():
    with pytest.raises(LiteralInputError, match="no view or table 'ref_gpu' in the warehouse"):
        run_mart("gpus", {"ref_gpu": []})


def test_every_call_starts_from_the_empty_warehouse():
    gpu = {"gpu_id": "nvidia-a100-sxm", "bandwidth_tbps": 2.0}
    assert [r["gpu_id"] for r in run_mart("gpus", {"ref_gpus": [gpu]})] == ["nvidia-a100-sxm"]
    assert run_mart("gpus", {}) == []  # the rows of the previous call are gone
