"""Run one mart's SQL over a few literal input rows (jaffle-shop style unit tests for marts).

    rows = run_mart("gpus", {"ref_gpus": [{"gpu_id": "a", "bandwidth_tbps": 2.0}], "gpu_specs": []})

How: an empty warehouse is prepared once per process (`warehouse.db.prepare`: migrations and the
typed views over the empty versioned tables) and every mart is built over it in
`warehouse.marts.mart_order()`, so every view and mart table exists with its real column types.
Each call copies that empty database into a fresh in-memory DuckDB, replaces each named input
(a view such as `ref_gpus`, `datasheet_specs`, `model_configs`, `release_figures`, or a mart
table such as `gpus`) by a table of exactly the same columns and types holding the given rows
(columns a row does not name are NULL), runs `sql/marts/<name>.sql` and returns its rows as
dicts, in the mart's own order.

Column types are never restated here: they come from the view or mart being replaced
(`create table ... as select * from <input> limit 0`). A row naming a column the input does
not have fails with `LiteralInputError`. Inputs that are not named stay empty, including
upstream marts: a mart is tested alone, over literal rows of the tables it reads.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import duckdb

from warehouse.db import prepare
from warehouse.marts import build_mart, mart_order
from warehouse.sqlfiles import evaluator_sql, mart_sql

_template: Path | None = None


class LiteralInputError(ValueError):
    """A literal input names a table or column the warehouse does not have."""


def _empty_warehouse() -> Path:
    """A database file holding the prepared, empty warehouse with every mart built (once per process)."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="literal-marts-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "empty.duckdb"
        con = duckdb.connect(str(path))
        try:
            prepare(con)
            for mart in mart_order():
                build_mart(con, mart)
        finally:
            con.close()
        _template = path
    return _template


def empty_connection() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB holding a copy of the empty warehouse (views and mart tables)."""
    con = duckdb.connect(":memory:")
    con.execute(f"attach '{_empty_warehouse()}' as empty_warehouse (read_only)")
    con.execute("copy from database empty_warehouse to memory")
    con.execute("detach empty_warehouse")
    return con


def columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return [row[0] for row in con.execute(f'describe "{name}"').fetchall()]


def replace_input(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict]) -> None:
    """Make `name` (a view or a table) a table of the same columns and types holding `rows`."""
    kind = con.execute(
        "select 'view' from duckdb_views() where database_name = 'memory' and view_name = ? "
        "union all select 'table' from duckdb_tables() where database_name = 'memory' and table_name = ?",
        [name, name],
    ).fetchall()
    if not kind:
        raise LiteralInputError(f"no view or table {name!r} in the warehouse to replace with literal rows")
    known = columns(con, name)
    for i, row in enumerate(rows):
        unknown = sorted(set(row) - set(known))
        if unknown:
            raise LiteralInputError(
                f"{name} row {i}: no column(s) {', '.join(unknown)} in {name}; its columns are {', '.join(known)}"
            )
    if kind[0][0] == "view":
        con.execute(f'create table "literal__{name}" as select * from "{name}" limit 0')
        con.execute(f'drop view "{name}"')
        con.execute(f'alter table "literal__{name}" rename to "{name}"')
    else:
        con.execute(f'delete from "{name}"')
    for row in rows:
        if row:
            names = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" for _ in row)
            con.execute(f'insert into "{name}" ({names}) values ({marks})', list(row.values()))
        else:
            con.execute(f'insert into "{name}" default values')


def query(con: duckdb.DuckDBPyConnection, text: str) -> list[dict]:
    cursor = con.execute(text)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def run_mart(name: str, inputs: dict[str, list[dict]]) -> list[dict]:
    """The rows of mart `name` computed from the literal `inputs` (input name -> rows)."""
    con = empty_connection()
    try:
        for input_name, rows in inputs.items():
            replace_input(con, input_name, rows)
        return query(con, mart_sql(name))
    finally:
        con.close()


def run_evaluator(name: str, inputs: dict[str, list[dict]]) -> list[dict]:
    """The rows claims evaluator `sql/claims/<name>.sql` returns over the literal `inputs`, in the
    contract's columns (tagged with the evaluator's name), ordered by claim, subject and scenario."""
    con = empty_connection()
    try:
        for input_name, rows in inputs.items():
            replace_input(con, input_name, rows)
        return query(con, f"select * from ({evaluator_sql(name)}) order by claim_id, subject, scenario nulls first")
    finally:
        con.close()


def pick(rows: list[dict], *keys: str) -> list[tuple]:
    """The given columns of each row, as tuples (for exact, readable assertions)."""
    return [tuple(row[k] for k in keys) for row in rows]
