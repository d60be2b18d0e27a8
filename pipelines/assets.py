"""The one asset factory: every source family's sources become Dagster assets.

Sources that name the same `AssetPlan` (sources/family.py) are loaded by one asset: a per-source
asset (a reference table, a shipped config.json, a market dataset) or a batch (every vendor page,
every hub config, every company's releases). Each asset runs the one load path
(`warehouse.load.load_sources`) and reports its `LoadReport`: rows, new and closed versions,
each source's outcome, the stale ones (listed by the CLI summary). A source that cannot be
parsed fails a single-source asset; a batch asset reports it through its parse check instead,
so one bad page never stops the others.

Dependencies are derived, never listed: a source asset depends on the assets that load the
entity types of the views its requests read (`Source.reads`, e.g. the listed companies for
market data), and a mart on those of the views it selects from (`mart_deps`).
"""


from collections import defaultdict
from collections.abc import Iterable

import dagster as dg

from sources.family import AssetPlan, Source
from sources.registry import SOURCES, entity_types
from warehouse import db
from warehouse.lineage import mart_inputs, view_entity_types
from warehouse.load import LoadReport, load_sources

# end_offset=1: the current day is a partition too, so a schedule after an exchange closes (17:00 in Seoul
# is 08:00 UTC) can fetch that trading day before the UTC day is over.
PARTITIONS = {"daily": dg.DailyPartitionsDefinition(start_date="2024-01-01", timezone="UTC", end_offset=1)}


def asset_key(source: Source) -> dg.AssetKey:
    return dg.AssetKey(list(source.asset.key))


def source_asset_keys() -> dict[str, dg.AssetKey]:
    """source_id -> the asset that loads it."""
    return {s.source_id: asset_key(s) for s in SOURCES.values()}


def assets_reading(views: Iterable[str]) -> list[dg.AssetKey]:
    """The assets whose sources load the entity types the views read."""
    loaders = entity_types()
    keys = {asset_key(s) for v in views for etype in view_entity_types().get(v, ()) for s in loaders[etype]}
    return sorted(keys, key=lambda k: k.to_user_string())


def mart_deps(name: str) -> list[dg.AssetKey]:
    views, marts = mart_inputs(name)
    return assets_reading(views) + [dg.AssetKey(m) for m in marts]


# On every asset with live sources: did this run serve current data? Dagster's freshness policy
# only sees when the asset last materialized, and a stale source's asset materializes (its last
# good data stays current), so without this check an unreachable source would show green.
CURRENT_CHECK = ("sources_current", "Every source of this asset was fetched and loaded in this run (none stale: "
                 "unreachable, offline or replayed), and the asset has current rows. Warns, never blocks: the last "
                 "good data stays current downstream.")


def current_check(plan: AssetPlan, sources: list[Source], report: LoadReport, current_rows: int) -> dg.AssetCheckResult:
    from pipelines.terminal import group_stale

    problems = []
    if report.stale:
        groups = ", ".join(f"{n} {host} {reason}" for host, reason, n in group_stale(report.stale))
        problems.append(f"{len(report.stale)} of {len(sources)} sources stale ({groups})")
    if current_rows == 0:
        problems.append("no current rows: nothing to serve downstream")
    return dg.AssetCheckResult(
        check_name=CURRENT_CHECK[0], passed=not problems, severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(problems) or f"{len(sources)} sources current, {current_rows} current rows",
        metadata={"stale_sources": len(report.stale), "current_rows": current_rows},
    )


def materialize(context: dg.AssetExecutionContext, plan: AssetPlan, report: LoadReport,
                current: dg.AssetCheckResult | None = None) -> dg.MaterializeResult:
    for item in report.stale:
        context.log.warning(f"{item['source_id']} stale: {item['reason']}")
    for outcome in report.outcomes:
        if outcome.repaired_snapshot:
            context.log.warning(f"{outcome.source_id}: stored snapshot {outcome.snapshot_sha256} was corrupt; rewritten")
    failures = report.failures
    if failures and plan.parse_check is None:
        raise dg.Failure(description="; ".join(o.reason or o.status for o in failures),
                         metadata={"source_ids": [o.source_id for o in failures], "urls": [o.url for o in failures]})
    checks = []
    if plan.parse_check is not None:
        checks.append(dg.AssetCheckResult(
            check_name=plan.parse_check[0], passed=not failures, severity=dg.AssetCheckSeverity.ERROR,
            description="; ".join(o.reason or o.status for o in failures) if failures
            else f"{len(report.outcomes)} sources: none failed to parse",
        ))
    if current is not None:
        checks.append(current)
    sha = report.snapshot_sha256 if len(report.outcomes) == 1 else None
    return dg.MaterializeResult(
        metadata={
            "rows": report.rows,
            "new_versions": report.new_versions,
            "closed_versions": report.closed_versions,
            "outcomes": dg.MetadataValue.json([{"source_id": o.source_id, "url": o.url, "status": o.status}
                                                for o in report.outcomes]),
            "stale_sources": dg.MetadataValue.json(report.stale),
            "load_report": dg.MetadataValue.json(report.to_json()),
            **({"snapshot_sha256": sha} if sha else {}),
        },
        data_version=dg.DataVersion(sha) if sha else None,
        check_results=checks,
    )


def source_asset(plan: AssetPlan, sources: list[Source]) -> dg.AssetsDefinition:
    key = dg.AssetKey(list(plan.key))
    reads = sorted({v for s in sources for v in s.reads})
    metadata = {
        "source_ids": sorted(s.source_id for s in sources),
        "entity_types": sorted({s.entity_type for s in sources}),
        "family": sources[0].family,
        **({"location": sources[0].location} if len(sources) == 1 else {}),
        **plan.metadata,
    }

    live = any(s.live for s in sources)
    checks = ([plan.parse_check] if plan.parse_check else []) + ([CURRENT_CHECK] if live else [])

    @dg.asset(
        key=key,
        group_name=plan.group,
        description=plan.description,
        deps=[k for k in assets_reading(reads) if k != key],
        kinds=set(plan.kinds),
        partitions_def=PARTITIONS[plan.partitions] if plan.partitions else None,
        metadata=metadata,
        check_specs=[dg.AssetCheckSpec(name, asset=key, description=text) for name, text in checks] or None,
        required_resource_keys={"warehouse", *plan.resources},
    )
    def _asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        warehouse = context.resources.warehouse
        # a resource a family needs hands it a client (e.g. market: live yfinance or a recording)
        resources = {name: getattr(context.resources, name).client() for name in plan.resources}
        report = load_sources(
            warehouse.settings(), sources, context.run.run_id,
            partition_key=context.partition_key if context.has_partition_key else None, resources=resources,
        )
        current = current_check(plan, sources, report, current_rows(warehouse.settings(), sources)) if live else None
        return materialize(context, plan, report, current)

    return _asset


def current_rows(settings, sources: list[Source]) -> int:
    """Current entity versions of these sources in the warehouse (what the asset serves downstream)."""
    # the run's own state: the writers' working copy, read under the writer lock (warehouse/db.py)
    with db.write_lock(settings), db.reader(settings, working=True) as con:
        return con.execute(
            "select count(*) from entity_versions where valid_to is null and list_contains($ids, source_id)",
            {"ids": [s.source_id for s in sources]},
        ).fetchone()[0]


def source_assets() -> list[dg.AssetsDefinition]:
    by_plan: dict[AssetPlan, list[Source]] = defaultdict(list)
    for source in SOURCES.values():
        by_plan[source.asset].append(source)
    keys = [p.key for p in by_plan]
    duplicated = sorted({"/".join(k) for k in keys if keys.count(k) > 1})
    if duplicated:
        raise ValueError(f"sources name different asset plans for the same asset key(s) {duplicated}")
    return [source_asset(plan, sources) for plan, sources in by_plan.items()]
