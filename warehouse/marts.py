"""Build a mart from its SQL file: `sql/marts/<name>.sql` becomes table `<name>`.

The table is replaced inside a transaction, so a failing mart SQL leaves the previous
table in place. What a mart reads (views, other marts) is derived from its SQL
(`warehouse.lineage`).
"""

from __future__ import annotations

import hashlib

import duckdb

from warehouse.db import utcnow
from warehouse.docs import apply_comments
from warehouse.lineage import MARTS, mart_inputs, mart_order
from warehouse.sqlfiles import mart_sql

__all__ = ["MARTS", "build_mart", "mart_inputs", "mart_order"]


def build_mart(con: duckdb.DuckDBPyConnection, name: str, run_id: str | None = None) -> int:
    text = mart_sql(name)
    con.begin()
    try:
        con.execute(f'create or replace table "{name}" as {text}')
        apply_comments(con, name)  # what the table and each column mean (sql/docs/*.csv)
        rows = con.execute(f'select count(*) from "{name}"').fetchone()[0]
        con.execute(
            "insert into mart_builds values (?, ?, ?, ?, ?)",
            [name, utcnow(), run_id, rows, hashlib.sha256(text.encode()).hexdigest()],
        )
        con.commit()
    except Exception:
        con.rollback()
        raise
    return rows
