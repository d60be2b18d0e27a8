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


def _run(warehouse: WarehouseResource, queries: list[str], params: dict | None = None) -> list[dict]:
    rows: list[dict] = []
    with warehouse.writer() as con:
        for query in queries:
            cursor = con.execute(query, params) if params else con.execute(query)
            names = [d[0] for d in cursor.description]
            rows.extend(dict(zip(names, r, strict=True)) for r in cursor.fetchall())
    return rows


def _result(violations: list[dict], what: str) -> dg.AssetCheckResult:
    shown = violations[:20]
    return dg.AssetCheckResult(
        passed=not violations,
        severity=dg.AssetCheckSeverity.ERROR,
        description=f"{len(violations)} {what}" if violations else f"no {what}",
        metadata={"violations": dg.MetadataValue.json([{k: str(v) for k, v in r.items()} for r in shown])},
    )


def reference_checks(table: reference.ReferenceTable, asset_key: dg.AssetKey) -> list[dg.AssetChecksDefinition]:
    checks = []

    @dg.asset_check(asset=asset_key, name="unique_ids", blocking=True,
                    description=f"Each {table.grain.removeprefix('one row per ')} has exactly one current version.")
    def unique_ids(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        rows = _run(warehouse, [sql("checks/duplicate_current_versions")], {"entity_type": table.name})
        return _result(rows, "ids with more than one current version")

    checks.append(unique_ids)

    ranges = range_queries(table)
    if ranges:
        @dg.asset_check(asset=asset_key, name="plausible_ranges", blocking=True,
                        description="Numbers lie inside plausible ranges for their unit: " + ", ".join(
                            f"{c.name} in [{c.plausible[0]:g}, {c.plausible[1]:g}]" for c in table.columns if c.plausible))
        def plausible_ranges(warehouse: WarehouseResource) -> dg.AssetCheckResult:
            return _result(_run(warehouse, ranges), "values outside their plausible range")

        checks.append(plausible_ranges)

    refs = reference_queries(table)
    if refs:
        @dg.asset_check(asset=asset_key, name="references_resolve", blocking=True,
                        description="Every row names a known source document, and every id it refers to exists: "
                        + ", ".join(f"{c.name} -> {c.references}" for c in table.columns if c.references))
        def references_resolve(warehouse: WarehouseResource) -> dg.AssetCheckResult:
            return _result(_run(warehouse, refs), "references that resolve to nothing")

        checks.append(references_resolve)
    return checks
