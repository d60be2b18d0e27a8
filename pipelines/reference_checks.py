"""Asset checks on the reference data, generated from each table's schema.

Unique ids (one open version per entity), numbers inside their plausible ranges, and every
reference resolving: each row's source document exists, each gpu_id / model_id / company_id
names a row of its table. The checks block the marts downstream when they fail.
"""


import dagster as dg

from pipelines.resources import WarehouseResource
from sources import reference
from warehouse.sqlfiles import sql


def _key_expr(table: reference.ReferenceTable) -> str:
    return " || '/' || ".join(f"cast({k} as varchar)" for k in table.key)


def range_queries(table: reference.ReferenceTable) -> list[str]:
    return [
        sql("checks/out_of_range").format(
            table=table.name, key=_key_expr(table), column=c.name, low=c.plausible[0], high=c.plausible[1]
        )
        for c in table.columns
        if c.plausible
    ]


def reference_queries(table: reference.ReferenceTable) -> list[str]:
    queries = []
    for c in table.columns:
        if not c.references:
            continue
        target_table, target_column = c.references.split(".")
        queries.append(
            sql("checks/unresolved_reference").format(
                table=table.name, key=_key_expr(table), column=c.name,
                target_table=target_table, target_column=target_column,
            )
        )
    return queries


def _result(asset_key: dg.AssetKey, name: str, violations: list[dict], what: str) -> dg.AssetCheckResult:
    shown = violations[:20]
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=name,
        passed=not violations,
        severity=dg.AssetCheckSeverity.ERROR,
        description=f"{len(violations)} {what}" if violations else f"no {what}",
        metadata={"violations": dg.MetadataValue.json([{k: str(v) for k, v in r.items()} for r in shown])},
    )


def _specs(table: reference.ReferenceTable, asset_key: dg.AssetKey) -> dict[str, tuple[dg.AssetCheckSpec, list[str], dict | None]]:
    """check name -> (spec, queries returning violations, query parameters)."""
    entity = table.grain.removeprefix("one row per ")
    specs = {
        "unique_ids": (
            dg.AssetCheckSpec("unique_ids", asset=asset_key, blocking=True,
                              description=f"Each {entity} has exactly one current version."),
            [sql("checks/duplicate_current_versions")],
            {"entity_type": table.name},
        )
    }
    ranges = range_queries(table)
    if ranges:
        described = ", ".join(f"{c.name} in [{c.plausible[0]:g}, {c.plausible[1]:g}]" for c in table.columns if c.plausible)
        specs["plausible_ranges"] = (
            dg.AssetCheckSpec("plausible_ranges", asset=asset_key, blocking=True,
                              description=f"Numbers lie inside plausible ranges for their unit: {described}."),
            ranges,
            None,
        )
    refs = reference_queries(table)
    if refs:
        described = ", ".join(f"{c.name} -> {c.references}" for c in table.columns if c.references)
        specs["references_resolve"] = (
            dg.AssetCheckSpec("references_resolve", asset=asset_key, blocking=True,
                              description=f"Every row names a known source document and every id it refers to exists: {described}."),
            refs,
            None,
        )
    return specs


_WHAT = {
    "unique_ids": "ids with more than one current version",
    "plausible_ranges": "values outside their plausible range",
    "references_resolve": "references that resolve to nothing",
}


def reference_checks(table: reference.ReferenceTable, asset_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    """All checks of one reference table, evaluated in one step on one connection."""
    specs = _specs(table, asset_key)

    @dg.multi_asset_check(specs=[spec for spec, _, _ in specs.values()], name=f"check_reference_{table.name}")
    def _checks(warehouse: WarehouseResource):
        with warehouse.writer() as con:
            for name, (_spec, queries, params) in specs.items():
                violations: list[dict] = []
                for query in queries:
                    cursor = con.execute(query, params) if params else con.execute(query)
                    columns = [d[0] for d in cursor.description]
                    violations.extend(dict(zip(columns, r, strict=True)) for r in cursor.fetchall())
                yield _result(asset_key, name, violations, _WHAT[name])

    return _checks
