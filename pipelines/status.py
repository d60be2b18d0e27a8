"""Per source and mart: last fetch, last load outcome, last change, and freshness."""

from datetime import datetime, timedelta

import polars as pl

from sources.registry import ALL_SOURCES as SOURCES
from warehouse.sqlfiles import sql


def source_status(con, now: datetime) -> pl.DataFrame:
    frame = con.sql(sql("status/source_status")).pl()
    cadence = pl.DataFrame(
        {
            "source_id": list(SOURCES),
            "cadence_hours": [s.cadence / timedelta(hours=1) for s in SOURCES.values()],
        }
    )
    frame = cadence.join(frame, on="source_id", how="left")
    age_h = (pl.lit(now) - pl.col("last_good_fetch_at")).dt.total_seconds() / 3600
    return frame.with_columns(
        pl.when(pl.col("last_good_fetch_at").is_null())
        .then(pl.lit("never loaded"))
        .when(pl.col("last_load_status") == "failed")
        .then(pl.lit("failed"))
        .when((pl.col("last_load_status") == "unreachable") | (age_h > pl.col("cadence_hours")))
        .then(pl.lit("stale"))
        .otherwise(pl.lit("fresh"))
        .alias("freshness"),
        # Why a source is not fresh, with its URL: unreachable (the fetch error) or too old.
        pl.when(pl.col("last_load_status") == "unreachable")
        .then(pl.format("unreachable: {}", pl.col("last_error")))
        .when(age_h > pl.col("cadence_hours"))
        .then(pl.format("last good fetch older than its cadence ({} h) from {}", pl.col("cadence_hours"), pl.col("last_url")))
        .alias("stale_reason"),
    ).sort("source_id")


def mart_status(con) -> pl.DataFrame:
    return con.sql(sql("status/mart_status")).pl()
