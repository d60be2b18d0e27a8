"""One warehouse built from the shipped reference data through the production load path,
shared by the mart tests (read-only)."""

from datetime import UTC, datetime

import duckdb
import pytest

from sources.fetch import fetch
from sources.registry import SOURCES
from sources.settings import load_settings
from warehouse import db
from warehouse.load import ingest
from warehouse.marts import build_mart, mart_order
from warehouse.rawstore import RawStore


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    home = tmp_path_factory.mktemp("marts-home")
    settings = load_settings({"BOTTLENECKS_HOME": str(home)})
    store = RawStore(settings.raw_dir)
    with db.writer(settings) as con:
        for source in SOURCES.values():
            ingest(con, store, source, fetch(source, settings, now=datetime(2026, 3, 1, tzinfo=UTC)), run_id="test")
        for mart in mart_order():
            build_mart(con, mart)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield con
    con.close()
