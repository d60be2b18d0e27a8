"""Compare the marts of two warehouses row for row (not a test; a tool for refactors).

    .venv/bin/python scripts/compare_warehouses.py OLD.duckdb NEW.duckdb
        [--ignore-column TABLE.COLUMN ...] [--no-default-ignores] [--float-tolerance TOL]
        [--views] [--max-rows 10]

Compared: every mart (the tables built from sql/marts/*.sql, as listed in each warehouse's
`mart_builds`; a warehouse without that table falls back to the sql/marts file names next to
this script), and with --views also every view (ref_*, model_configs, datasheet_specs,
market_*, release_*, change_log, ...). For each relation: the same set in both warehouses,
the same columns in the same order with the same types, and the same rows as multisets
(order-insensitive, duplicates counted, NULL equals NULL, exact values: floats are compared
exactly unless --float-tolerance is given). Load bookkeeping tables (fetch_log,
entity_versions, observations, mart_builds, ...) are not compared.

Per relation it prints `identical (N rows)` or the differences: relations, columns or types
present on one side only, and up to --max-rows rows found only in OLD / only in NEW (a row
that changed shows once on each side). Exit status: 0 identical, 1 different, 2 bad
arguments (a missing or unreadable warehouse file is named). Both files are opened read-only.

Ignored columns. Some columns differ between two builds of the same commit from the same
inputs because they record when the build ran, not what it computed. They are ignored by
default (DEFAULT_IGNORES below; --no-default-ignores compares them too). Every ignored column
is named in the output for its relation, never dropped silently. A pattern may use shell
wildcards (`ref_*.valid_from`). The list was established by building commit c27bbfb twice
(offline, two fresh BOTTLENECKS_HOME) and comparing with --no-default-ignores --views: these
columns were the only values that differed, and with them ignored every mart and view
compares identical.

    models.config_loaded_at            mart: load time of the model's config.json record
    gpus.version_valid_from            mart: load time of the GPU's current entity version
    gpu_specs.observed_at              mart: load time of the winning observation
    gpu_spec_candidates.observed_at    mart: load time of each candidate observation
    ref_*.valid_from                   views: load time of each reference row's version
    model_configs.loaded_at            view: load time of the config record
    model_config_candidates.loaded_at  view: load time of each candidate config record
    change_log.changed_at              view: load time of each change
    change_log.fetch_id                view: id of the fetch that loaded it (new per run)

Load times too, but empty in an offline build and so not in the list: company_prices.fetched_at,
company_release_figures.fetched_at, gpu_spec_changes.changed_at (pass --ignore-column for
builds that fetched).

Float tolerance. With --float-tolerance TOL, rows that differ only in FLOAT/DOUBLE columns
count as equal when every such value pair satisfies |a - b| <= TOL * max(1, |a|, |b|)
(relative above 1, absolute below; NULL only equals NULL); other columns stay exact. Floats
nested in lists or structs are always compared exactly. Off by default.

Comparing against an older commit (here, its warehouse built under /tmp/old-home):

    git worktree add /tmp/old <rev>
    cd /tmp/old && python3 -m venv .venv && .venv/bin/pip install -e . \\
        && BOTTLENECKS_HOME=/tmp/old-home .venv/bin/bottlenecks refresh --offline
    cd -    # back in the checkout under test
    BOTTLENECKS_HOME=/tmp/new-home .venv/bin/bottlenecks refresh --offline
    .venv/bin/python scripts/compare_warehouses.py /tmp/old-home/warehouse.duckdb /tmp/new-home/warehouse.duckdb
    git worktree remove /tmp/old    # when done (the warehouse under /tmp/old-home stays)

Use a fresh BOTTLENECKS_HOME for each build: refreshing into an existing home adds versions
on top of the ones there.
"""

from __future__ import annotations

import argparse
import math
from fnmatch import fnmatchcase
from collections import Counter
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

MARTS_DIR = Path(__file__).resolve().parents[1] / "sql" / "marts"

DEFAULT_IGNORES = (
    # marts
    "models.config_loaded_at",
    "gpus.version_valid_from",
    "gpu_specs.observed_at",
    "gpu_spec_candidates.observed_at",
    # views (--views)
    "ref_*.valid_from",
    "model_configs.loaded_at",
    "model_config_candidates.loaded_at",
    "change_log.changed_at",
    "change_log.fetch_id",
)

FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8"}


class BadArguments(Exception):
    pass


@dataclass
class Result:
    name: str
    kind: str  # mart | view
    identical: bool = True
    rows_old: int | None = None
    rows_new: int | None = None
    lines: list[str] = field(default_factory=list)

    def differ(self, line: str) -> None:
        self.identical = False
        self.lines.append(line)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def open_pair(old: Path, new: Path) -> duckdb.DuckDBPyConnection:
    for label, path in (("OLD", old), ("NEW", new)):
        if not path.is_file():
            raise BadArguments(f"{label} warehouse not found: {path}")
    con = duckdb.connect(":memory:")
    for alias, label, path in (("old", "OLD", old), ("new", "NEW", new)):
        try:
            con.execute(f"attach {duckdb_literal(str(path))} as {alias} (read_only)")
        except duckdb.Error as exc:
            raise BadArguments(f"{label} warehouse cannot be opened read-only: {path}: {exc}") from exc
    return con


def duckdb_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def relations(con, db: str, kind: str) -> list[str]:
    """Marts (kind 'mart') or views (kind 'view') of one attached warehouse."""
    if kind == "view":
        rows = con.execute(
            "select view_name from duckdb_views() where database_name = ? and schema_name = 'main' and not internal",
            [db],
        ).fetchall()
        return sorted(r[0] for r in rows)
    tables = {
        r[0] for r in con.execute(
            "select table_name from duckdb_tables() where database_name = ? and schema_name = 'main'", [db]
        ).fetchall()
    }
    if "mart_builds" in tables:
        built = {r[0] for r in con.execute(f"select distinct mart from {db}.main.mart_builds").fetchall()}
    else:
        built = {p.stem for p in MARTS_DIR.glob("*.sql")}
    return sorted(built & tables)


def columns(con, db: str, name: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? and schema_name = 'main' "
        "and table_name = ? order by column_index",
        [db, name],
    ).fetchall()


def close(a, b, tol: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def pair_within_tolerance(only_old, only_new, float_idx, tol):
    """Remove (old, new) row pairs equal except for floats within tolerance; greedy, in order."""
    if not float_idx:
        return only_old, only_new
    other = [i for i in range(len(only_old[0]) if only_old else 0) if i not in float_idx]
    buckets: dict[tuple, list[int]] = {}
    for j, row in enumerate(only_new):
        buckets.setdefault(tuple(repr(row[i]) for i in other), []).append(j)
    used, left_old = set(), []
    for row in only_old:
        match = None
        for j in buckets.get(tuple(repr(row[i]) for i in other), []):
            if j not in used and all(close(row[i], only_new[j][i], tol) for i in float_idx):
                match = j
                break
        if match is None:
            left_old.append(row)
        else:
            used.add(match)
    return left_old, [r for j, r in enumerate(only_new) if j not in used]


def row_text(names, row) -> str:
    return "{" + ", ".join(f"{n}={v!r}" for n, v in zip(names, row)) + "}"


def compare_relation(con, name: str, kind: str, ignores: set[str], tol: float | None, max_rows: int) -> Result:
    res = Result(name, kind)
    def ignored(c: str) -> bool:
        return any(fnmatchcase(f"{name}.{c}", pattern) for pattern in ignores)

    all_cols = columns(con, "old", name) + columns(con, "new", name)
    ignored_here = sorted({c for c, _ in all_cols if ignored(c)})
    old_cols = [(c, t) for c, t in columns(con, "old", name) if not ignored(c)]
    new_cols = [(c, t) for c, t in columns(con, "new", name) if not ignored(c)]
    old_types, new_types = dict(old_cols), dict(new_cols)
    only_old = [f"{c} {t}" for c, t in old_cols if c not in new_types]
    only_new = [f"{c} {t}" for c, t in new_cols if c not in old_types]
    if only_old:
        res.differ("columns only in OLD: " + ", ".join(only_old))
    if only_new:
        res.differ("columns only in NEW: " + ", ".join(only_new))
    common = [c for c, _ in old_cols if c in new_types]
    for c in common:
        if old_types[c] != new_types[c]:
            res.differ(f"column {c}: type {old_types[c]} in OLD, {new_types[c]} in NEW")
    if [c for c, _ in new_cols if c in old_types] != common:
        res.differ("column order differs: NEW has " + ", ".join(c for c, _ in new_cols if c in old_types))
    if ignored_here:
        res.lines.append("ignored columns: " + ", ".join(ignored_here))

    res.rows_old = con.execute(f"select count(*) from old.main.{quote(name)}").fetchone()[0]
    res.rows_new = con.execute(f"select count(*) from new.main.{quote(name)}").fetchone()[0]
    if res.rows_old != res.rows_new:
        res.differ(f"row count: {res.rows_old} in OLD, {res.rows_new} in NEW")
    if not common:
        return res

    def diff(cast_varchar: bool):
        sel = ", ".join(f"cast({quote(c)} as varchar)" if cast_varchar else quote(c) for c in common)
        order = ", ".join(str(i + 1) for i in range(len(common)))
        out = []
        for a, b in (("old", "new"), ("new", "old")):
            out.append(con.execute(
                f"select * from (select {sel} from {a}.main.{quote(name)} except all "
                f"select {sel} from {b}.main.{quote(name)}) order by {order}"
            ).fetchall())
        return out

    types_differ = any(old_types[c] != new_types[c] for c in common)
    try:
        rows_old, rows_new = diff(cast_varchar=False)
    except duckdb.Error:
        # types that set operations cannot compare or unify (e.g. MAP, or changed incompatibly)
        rows_old, rows_new = diff(cast_varchar=True)
        res.lines.append("rows compared as text (types not comparable as stored)")
        types_differ = True
    if tol is not None and not types_differ:
        float_idx = [i for i, c in enumerate(common) if old_types[c].upper() in FLOAT_TYPES]
        rows_old, rows_new = pair_within_tolerance(rows_old, rows_new, float_idx, tol)
    if rows_old or rows_new:
        varying = [c for i, c in enumerate(common)
                   if Counter(repr(r[i]) for r in rows_old) != Counter(repr(r[i]) for r in rows_new)]
        res.differ("values differ in columns: " + (", ".join(varying) or "(none alone: rows differ as combinations)"))
    for label, rows in (("OLD", rows_old), ("NEW", rows_new)):
        if rows:
            shown = min(len(rows), max_rows)
            res.differ(f"{len(rows)} row(s) only in {label}" + (f" (first {shown})" if shown < len(rows) else "") + ":")
            res.lines.extend("    " + row_text(common, r) for r in rows[:shown])
    return res


def compare(old: Path, new: Path, ignores: set[str], tol: float | None, views: bool, max_rows: int) -> list[Result]:
    con = open_pair(old, new)
    try:
        results = []
        for kind in ("mart", "view") if views else ("mart",):
            in_old, in_new = set(relations(con, "old", kind)), set(relations(con, "new", kind))
            for name in sorted(in_old | in_new):
                if name not in in_new or name not in in_old:
                    r = Result(name, kind)
                    r.differ(f"{kind} only in {'OLD' if name in in_old else 'NEW'}")
                    results.append(r)
                else:
                    results.append(compare_relation(con, name, kind, ignores, tol, max_rows))
        return results
    finally:
        con.close()


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="compare_warehouses.py",
        description="Compare the marts (and with --views the views) of two warehouses row for row.",
    )
    ap.add_argument("old", type=Path, help="OLD warehouse.duckdb")
    ap.add_argument("new", type=Path, help="NEW warehouse.duckdb")
    ap.add_argument("--ignore-column", action="append", default=[], metavar="TABLE.COLUMN",
                    help="leave this column out of the comparison (repeatable); added to the defaults")
    ap.add_argument("--no-default-ignores", action="store_true",
                    help="compare the default ignored (load-time) columns too: " + ", ".join(DEFAULT_IGNORES))
    ap.add_argument("--float-tolerance", type=float, default=None, metavar="TOL",
                    help="FLOAT/DOUBLE values are equal when |a-b| <= TOL*max(1,|a|,|b|) (default: exact)")
    ap.add_argument("--views", action="store_true", help="compare the views (ref_*, model_configs, ...) too")
    ap.add_argument("--max-rows", type=int, default=10, help="rows shown per side and relation (default 10)")
    args = ap.parse_args(argv)
    for spec in args.ignore_column:
        table, _, column = spec.partition(".")
        if not table or not column:
            ap.error(f"--ignore-column wants TABLE.COLUMN, got {spec!r}")
    if args.float_tolerance is not None and not (args.float_tolerance >= 0):
        ap.error("--float-tolerance must be a number >= 0")
    if args.max_rows < 0:
        ap.error("--max-rows must be >= 0")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    ignores = set(args.ignore_column) | (set() if args.no_default_ignores else set(DEFAULT_IGNORES))
    try:
        results = compare(args.old, args.new, ignores, args.float_tolerance, args.views, args.max_rows)
    except BadArguments as exc:
        print(f"compare_warehouses.py: error: {exc}", file=sys.stderr)
        return 2
    print(f"OLD {args.old}\nNEW {args.new}")
    print("ignored columns: " + (", ".join(sorted(ignores)) or "none")
          + ("" if args.float_tolerance is None else f"; float tolerance {args.float_tolerance:g}"))
    for r in results:
        if r.identical:
            note = "".join(f"; {line}" for line in r.lines)
            print(f"{r.kind} {r.name}: identical ({r.rows_old} rows){note}")
        else:
            print(f"{r.kind} {r.name}: DIFFERENT")
            for line in r.lines:
                print("  " + line)
    differing = [r.name for r in results if not r.identical]
    print(f"{len(results) - len(differing)} of {len(results)} identical"
          + (f"; different: {', '.join(differing)}" if differing else ""))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
