"""Two kinds of mart tests. `test_*_rules.py` pin a mart's logic: its SQL over a few literal
input rows (tests/sql/literal.py), exact expected output, no shipped data. The others read the
warehouse built once from the shipped sources (`shipped_settings`): their figures are the
shipped data (the article's table, its claims re-checked), and their docstrings say so."""

import duckdb
import pytest


@pytest.fixture(scope="session")
def warehouse(shipped_settings) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    yield con
    con.close()
