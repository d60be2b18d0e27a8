"""Per source and mart: last fetch, last load outcome, last change, and freshness (sql/status/)."""

from datetime import datetime

import polars as pl

from warehouse.sqlfiles import sql


def source_status(con, now: datetime) -> pl.DataFrame:
    """One row per registered source, with its freshness at `now` (naive UTC)."""
    return con.sql(sql("status/source_status"), params={"now": now}).pl()


def mart_status(con) -> pl.DataFrame:
    return con.sql(sql("status/mart_status")).pl()
