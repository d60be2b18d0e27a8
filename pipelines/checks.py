"""Every asset check, in one form: SQL that returns the violations (no rows = pass), run on a
read-only connection, with its severity declared beside it.

- Hand-written checks are files `sql/checks/<asset>__<check>.sql` (an asset key's `/` written
  `.`), discovered like marts. The file opens with its description, then `-- violation: <what a
  row is>`, `-- severity: error|warn` and `-- blocking: true|false` (a blocking check that
  fails stops the assets downstream).
- Each reference table's checks are generated from its schema (sources/reference/tables.py)
  with the templates in `sql/checks/templates/`: unique ids, plausible ranges, references that
  resolve; error severity, blocking.
All checks of one asset run in one step on one connection. A check that reads `source_status`
sees the status report (sql/status/source_status.sql) as of now.
"""


import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import dagster as dg

from sources.reference.tables import TABLES, ReferenceTable
from warehouse import db
from warehouse.sqlfiles import names, sql

SEVERITIES = {"error": dg.AssetCheckSeverity.ERROR, "warn": dg.AssetCheckSeverity.WARN}
_HEADER = re.compile(r"^--\s*(violation|severity|blocking):\s*(.+?)\s*$")


@dataclass(frozen=True)
class CheckDef:
    asset: str  # asset key, user string (e.g. "reference/gpus")
    name: str
    description: str
    violation: str  # what one returned row is, e.g. "negative or zero prices"
    severity: str  # error | warn
    blocking: bool
    queries: tuple[str, ...]  # each returns violations


def parse_check_file(name: str, text: str) -> CheckDef:
    """A `sql/checks/<asset>__<check>.sql` file -> its CheckDef; a missing header is an error naming the file."""
    asset, sep, check = name.partition("__")
    where = f"sql/checks/{name}.sql"
    if not sep or not check:
        raise ValueError(f"{where}: expected a file name <asset>__<check>.sql")
    description, fields = [], {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        match = _HEADER.match(line)
        if match:
            fields[match.group(1)] = match.group(2)
        elif not fields:
            description.append(line.removeprefix("--").strip())
    missing = [f for f in ("violation", "severity", "blocking") if f not in fields]
    if missing:
        raise ValueError(f"{where}: header lacks {', '.join(f'-- {f}:' for f in missing)}")
    if fields["severity"] not in SEVERITIES:
        raise ValueError(f"{where}: severity must be one of {sorted(SEVERITIES)}, got {fields['severity']!r}")
    if fields["blocking"] not in ("true", "false"):
        raise ValueError(f"{where}: blocking must be true or false, got {fields['blocking']!r}")
    return CheckDef(asset.replace(".", "/"), check, " ".join(description), fields["violation"], fields["severity"],
                    fields["blocking"] == "true", (text,))


def _key_expr(table: ReferenceTable) -> str:
    return " || '/' || ".join(f"cast({k} as varchar)" for k in table.key)


def reference_checks(table: ReferenceTable) -> list[CheckDef]:
    asset = f"reference/{table.name}"
    entity = table.grain.removeprefix("one row per ")
    fill = {"table": table.name, "key": _key_expr(table)}
    found = [CheckDef(asset, "unique_ids", f"Each {entity} has exactly one current version.",
                      "ids with more than one current version", "error", True,
                      (sql("checks/templates/duplicate_current_versions").format(**fill),))]
    ranged = [c for c in table.columns if c.plausible]
    if ranged:
        found.append(CheckDef(
            asset, "plausible_ranges",
            "Numbers lie inside plausible ranges for their unit: "
            + ", ".join(f"{c.name} in [{c.plausible[0]:g}, {c.plausible[1]:g}]" for c in ranged) + ".",
            "values outside their plausible range", "error", True,
            tuple(sql("checks/templates/out_of_range").format(**fill, column=c.name, low=c.plausible[0], high=c.plausible[1])
                  for c in ranged),
        ))
    referring = [c for c in table.columns if c.references]
    if referring:
        found.append(CheckDef(
            asset, "references_resolve",
            "Every row names a known source document and every id it refers to exists: "
            + ", ".join(f"{c.name} -> {c.references}" for c in referring) + ".",
            "references that resolve to nothing", "error", True,
            tuple(sql("checks/templates/unresolved_reference").format(
                **fill, column=c.name, target_table=c.references.split(".")[0], target_column=c.references.split(".")[1])
                for c in referring),
        ))
    return found


@cache
def all_checks() -> list[CheckDef]:
    files = [parse_check_file(n, sql(f"checks/{n}")) for n in names("checks")]
    return files + [c for t in TABLES.values() for c in reference_checks(t)]


def violations(con, check: CheckDef) -> list[dict]:
    found: list[dict] = []
    for query in check.queries:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description]
        found.extend(dict(zip(columns, r, strict=True)) for r in cursor.fetchall())
    return found


def _checks_of(asset: str, checks: list[CheckDef]) -> dg.AssetChecksDefinition:
    key = dg.AssetKey.from_user_string(asset)
    specs = [dg.AssetCheckSpec(c.name, asset=key, description=c.description, blocking=c.blocking) for c in checks]

    @dg.multi_asset_check(specs=specs, name=f"check_{asset.replace('/', '__')}", required_resource_keys={"warehouse"})
    def _run(context):
        settings = context.resources.warehouse.settings()
        # wait for any writer, then read through a read-only connection
        with db.write_lock(settings), db.reader(settings, working=True) as con:
            if any("source_status" in q for c in checks for q in c.queries):
                from pipelines.status import source_status

                con.register("source_status", source_status(con, db.utcnow()).to_arrow())
            for check in checks:
                rows = violations(con, check)
                yield dg.AssetCheckResult(
                    asset_key=key, check_name=check.name, passed=not rows, severity=SEVERITIES[check.severity],
                    description=f"{len(rows)} {check.violation}" if rows else f"no {check.violation}",
                    metadata={"violations": dg.MetadataValue.json([{k: str(v) for k, v in r.items()} for r in rows[:20]])},
                )

    return _run


def asset_checks() -> list[dg.AssetChecksDefinition]:
    """One multi-asset check per asset, holding all of that asset's checks."""
    by_asset: dict[str, list[CheckDef]] = defaultdict(list)
    for check in all_checks():
        by_asset[check.asset].append(check)
    return [_checks_of(asset, checks) for asset, checks in sorted(by_asset.items())]
