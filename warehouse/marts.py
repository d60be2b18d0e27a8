"""Build a mart from its SQL file: `sql/marts/<name>.sql` becomes table `<name>`.

The table is replaced inside a transaction, so a failing mart SQL leaves the previous
table in place. A mart's inputs are read from its SQL: every `ref_<table>` view and every
other mart it selects from.
"""

from __future__ import annotations

import hashlib
import re
from graphlib import TopologicalSorter

import duckdb

from sources import reference
from warehouse.db import utcnow
from warehouse.sqlfiles import names, sql

MARTS: list[str] = names("marts")

_REF = re.compile(r"\bref_([a-z0-9_]+)\b")
_FROM = re.compile(r"\b(?:from|join)\s+\"?([a-z0-9_]+)\"?", re.IGNORECASE)
_CTE = re.compile(r"\b([a-z0-9_]+)\s+as\s*\(", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")


def _cte_spans(text: str) -> dict[str, int]:
    """CTE name -> position where its body ends (after which the name means the CTE)."""
    spans = {}
    for match in _CTE.finditer(text):
        depth, pos = 1, match.end()
        while depth and pos < len(text):
            depth += {"(": 1, ")": -1}.get(text[pos], 0)
            pos += 1
        spans.setdefault(match.group(1).lower(), pos)
    return spans


def table_inputs(text: str) -> set[str]:
    """Names a query reads with FROM/JOIN, leaving out references to its own CTEs.

    `gpus as (select * from gpus)` reads the table gpus; a later `from gpus` reads the CTE.
    """
    text = _COMMENT.sub("", text)
    ctes = _cte_spans(text)
    return {
        m.group(1).lower()
        for m in _FROM.finditer(text)
        if m.group(1).lower() not in ctes or m.start() < ctes[m.group(1).lower()]
    }


def mart_inputs(name: str) -> tuple[list[str], list[str]]:
    """(reference tables, marts) that the mart's SQL reads."""
    text = sql(f"marts/{name}")
    refs = sorted({t for t in _REF.findall(_COMMENT.sub("", text)) if t in reference.TABLES})
    marts = sorted(m for m in table_inputs(text) if m in MARTS and m != name)
    return refs, marts


def mart_market_inputs(name: str) -> list[str]:
    """Market datasets (views `market_<dataset>`, sql/staging/market_view.sql) the mart reads."""
    from sources.market.catalog import DATASETS

    views = {f"market_{d}": d for d in DATASETS}
    return sorted(views[t] for t in table_inputs(sql(f"marts/{name}")) if t in views)


def mart_model_config_inputs(name: str) -> list[str]:
    """Model catalog sources the mart reads through the views `model_configs` or
    `model_config_candidates` (sql/views/model_configs.sql): every shipped config.json
    and every hub refresh of one, since either may be the config a model uses."""
    from sources.model_catalog import CATALOG

    if not {"model_configs", "model_config_candidates"} & table_inputs(sql(f"marts/{name}")):
        return []
    return sorted(s for m in CATALOG.values() for s in (m.source_id, m.hub_source_id))


def mart_reads_datasheets(name: str) -> bool:
    """Whether the mart reads the vendor datasheet views (sql/views/datasheet_specs.sql)."""
    return bool({"datasheet_specs", "datasheet_spec_versions"} & table_inputs(sql(f"marts/{name}")))


def mart_reads_releases(name: str) -> bool:
    """Whether the mart reads the company release views (sql/views/releases.sql)."""
    return bool({"release_figures", "release_figure_versions", "release_links"} & table_inputs(sql(f"marts/{name}")))


def mart_order() -> list[str]:
    """Marts in an order where each comes after the marts it reads."""
    return list(TopologicalSorter({m: mart_inputs(m)[1] for m in MARTS}).static_order())


def build_mart(con: duckdb.DuckDBPyConnection, name: str, run_id: str | None = None) -> int:
    text = sql(f"marts/{name}")
    con.begin()
    try:
        con.execute(f'create or replace table "{name}" as {text}')
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
