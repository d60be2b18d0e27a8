"""Per source and mart: last fetch, last load outcome, last change, and freshness (sql/status/)."""

from datetime import datetime

import polars as pl

from warehouse.sqlfiles import sql


def source_status(con, now: datetime) -> pl.DataFrame:
    """One row per registered source, with its freshness at `now` (naive UTC)."""
    return con.sql(sql("status/source_status"), params={"now": now}).pl()


def mart_status(con) -> pl.DataFrame:
    return con.sql(sql("status/mart_status")).pl()


FRESHNESS_ORDER = ("fresh", "stale", "empty", "failed", "never loaded")


def summary_line(sources: pl.DataFrame, marts: pl.DataFrame) -> str:
    """One line: sources by freshness, marts built and when last."""
    counts = dict(sources.group_by("freshness").len().iter_rows()) if sources.height else {}
    unknown = sorted(set(counts) - set(FRESHNESS_ORDER))
    parts = [f"{counts.get(f, 0)} {f}" for f in FRESHNESS_ORDER] + [f"{counts[f]} {f}" for f in unknown]
    built = marts.filter(pl.col("last_built_at").is_not_null()) if marts.height else marts
    last = built["last_built_at"].max() if built.height else None
    marts_part = (f"{built.height}/{marts.height} marts built, last {last:%Y-%m-%d %H:%M} UTC" if last is not None
                  else f"0/{marts.height} marts built")
    return f"{sources.height} sources: " + ", ".join(parts) + f"; {marts_part}"
