"""`bottlenecks query`: one read-only statement at a time, and nothing that reaches past the warehouse.

A read-only DuckDB connection still lets SQL write files (`COPY ... TO`, `EXPORT DATABASE`), open
other databases for writing (`ATTACH`), fetch URLs or read any file (`read_csv('/etc/...')`),
install extensions or create secrets. So a query is checked before it runs: exactly one statement,
of an allowed kind (a select in any spelling — with, from, describe, show, summarize — explain, or
an informational pragma); and it runs on a connection with external access and extension
auto-loading off and the configuration locked, under a timeout that Ctrl-C also cuts short.
"""

from __future__ import annotations

import re
import threading

import duckdb

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN, duckdb.StatementType.PRAGMA}
INFO_PRAGMAS = frozenset({"table_info", "show", "show_tables", "show_tables_expanded", "database_size",
                          "storage_info", "version", "platform", "functions"})
_PRAGMA = re.compile(r"^\s*pragma\s+([a-z_]+)", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


class QueryRefused(ValueError):
    """A query `bottlenecks query` will not run; the message says why and what is allowed."""


class QueryTimeout(RuntimeError):
    pass


def check_query(text: str) -> None:
    """Raise QueryRefused unless `text` is one statement of an allowed kind."""
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        raise QueryRefused(f"query does not parse: {exc}") from None
    if len(statements) != 1:
        raise QueryRefused(f"one statement per call, got {len(statements)}; run them one by one")
    kind = statements[0].type
    allowed = "select (with, from, describe, show, summarize), explain, or an informational pragma"
    if kind not in ALLOWED:
        raise QueryRefused(f"{kind.name.lower()} statements are not allowed in a read-only query; allowed: {allowed}")
    if kind == duckdb.StatementType.PRAGMA:
        match = _PRAGMA.match(_COMMENT.sub(" ", text))
        if match is None or match.group(1).lower() not in INFO_PRAGMAS:
            name = match.group(1) if match else "?"
            raise QueryRefused(f"pragma {name} is not allowed; allowed pragmas: {', '.join(sorted(INFO_PRAGMAS))}")


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """No files, URLs or extensions beyond what is loaded, and no way to change that back."""
    if con.execute("select current_setting('lock_configuration')").fetchone()[0]:
        return  # already locked down
    for setting in ("set enable_external_access = false", "set autoinstall_known_extensions = false",
                    "set autoload_known_extensions = false", "set lock_configuration = true"):
        con.execute(setting)


def run_query(con: duckdb.DuckDBPyConnection, text: str, timeout_s: float):
    """The query's result as a Polars frame; QueryTimeout after `timeout_s`, interrupted on Ctrl-C."""
    check_query(text)
    lock_down(con)
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["frame"] = con.sql(text).pl()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        worker.join(timeout_s)
    except KeyboardInterrupt:
        con.interrupt()
        worker.join(5)
        raise
    if worker.is_alive():
        con.interrupt()
        worker.join(5)
        raise QueryTimeout(f"query interrupted after {timeout_s:g} s (--timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["frame"]
