"""The mart tests read the warehouse built once from the shipped sources (`shipped_settings`)."""

import duckdb
import pytest


@pytest.fixture(scope="session")
def warehouse(shipped_settings) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    yield con
    con.close()
