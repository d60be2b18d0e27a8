"""Tables describe themselves, from one place each: a mart's description is the header comment of
its SQL file (`sql/marts/<name>.sql`, up to the first line of SQL; comments inside the query are
implementation notes and stay there), its columns' from the CSV files `sql/docs/*.csv` (each
`table,column,description`; table `*` for a column that means the same in every table): the shared
`columns.csv` plus, by habit, one file per mart (`sql/docs/<mart>.csv`), so that work on different
marts does not edit one file. A column described in two files, or twice in one, is an error naming
both places. Every column's unit comes from its name (warehouse/columns.py). `build_mart` writes them as DuckDB `COMMENT ON`, so any
DuckDB client sees them; `bottlenecks describe` and `tables`, the Dagster asset metadata and the
workbook read them back.
"""

from __future__ import annotations

import csv
import re
from functools import cache

import duckdb

from warehouse.columns import COUNT, FRACTION, PERCENT_POINTS, QUANTITY, USD, unit_of
from warehouse.sqlfiles import SQL_ROOT, sql

DOCS_DIR = SQL_ROOT / "docs"
COLUMNS_FILE = DOCS_DIR / "columns.csv"  # the shared file: `*` entries and marts without a file of their own
_QUANTITY_UNITS = {"_gb": "GB", "_tb": "TB", "_gbs": "GB/s", "_tbps": "TB/s", "_w": "watts", "_b": "billions"}
_GRAIN = re.compile(r"one row per ([^.;:]+)", re.IGNORECASE)


def header(text: str) -> str:
    """The leading comment block of a SQL file, as one paragraph."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.removeprefix("--").strip())
    return " ".join(filter(None, lines))


def table_description(mart: str) -> str:
    return header(sql(f"marts/{mart}"))


def grain(description: str) -> str | None:
    m = _GRAIN.search(description)
    return m.group(1).strip() if m else None


def doc_files() -> list:
    """Every column-description file, columns.csv first, then by name."""
    return sorted(DOCS_DIR.glob("*.csv"), key=lambda p: (p != COLUMNS_FILE, p.name))


def read_doc_rows(path) -> list[tuple[int, dict[str, str]]]:
    """The (line number, row) pairs of one description file; refused when its header is not table,column,description."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["table", "column", "description"]:
            raise ValueError(f"{path}: expected the header table,column,description, got {reader.fieldnames}")
        return [(line, row) for line, row in enumerate(reader, start=2)]


@cache
def column_descriptions() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    where: dict[tuple[str, str], str] = {}
    for path in doc_files():
        for line, row in read_doc_rows(path):
            key = ((row["table"] or "").strip(), (row["column"] or "").strip())
            text = (row.get("description") or "").strip()
            place = f"{path.name} row {line}"
            if not all(key) or not text:
                raise ValueError(f"{path}, row {line}: expected table, column and description, got {row}")
            if key in found:
                raise ValueError(f"{key[0]}.{key[1]} is described twice: {where[key]} and {place} (in {DOCS_DIR})")
            found[key], where[key] = text, place
    return found


def unit_text(column: str) -> str | None:
    unit = unit_of(column)
    if unit == PERCENT_POINTS:
        return "percentage points (39.1 = 39.1 %)"
    if unit == FRACTION:
        return "fraction of one (0.25 = 25 %)"
    if unit == USD:
        return "US dollars" + (" (millions)" if column.endswith("_usd_m") else "")
    if unit == QUANTITY:
        return next(text for suffix, text in _QUANTITY_UNITS.items() if column.endswith(suffix))
    if unit == COUNT:
        return "count"
    return None


def describe_column(table: str, column: str) -> str | None:
    """What a column means (the table's entry, else the shared one), with its unit; None if undocumented."""
    docs = column_descriptions()
    text = docs.get((table, column)) or docs.get(("*", column))
    unit = unit_text(column)
    if text and unit and unit.split(" (")[0].lower() not in text.lower():
        return f"{text} [{unit}]"
    return text or (f"[{unit}]" if unit else None)


def apply_comments(con: duckdb.DuckDBPyConnection, mart: str) -> None:
    """COMMENT ON the mart and each of its columns (inside the caller's transaction)."""
    con.execute(f'comment on table "{mart}" is {_literal(table_description(mart))}')
    for (column,) in con.execute("select column_name from duckdb_columns() where table_name = ? and schema_name = 'main'",
                                 [mart]).fetchall():
        text = describe_column(mart, column)
        if text:
            con.execute(f'comment on column "{mart}"."{column}" is {_literal(text)}')


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
