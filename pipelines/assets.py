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


def materialize(context: dg.AssetExecutionContext, plan: AssetPlan, report: LoadReport) -> dg.MaterializeResult:
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

    @dg.asset(
        key=key,
        group_name=plan.group,
        description=plan.description,
        deps=[k for k in assets_reading(reads) if k != key],
        kinds=set(plan.kinds),
        partitions_def=PARTITIONS[plan.partitions] if plan.partitions else None,
        metadata=metadata,
        check_specs=[dg.AssetCheckSpec(plan.parse_check[0], asset=key, description=plan.parse_check[1])]
        if plan.parse_check else None,
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
        return materialize(context, plan, report)

    return _asset


def source_assets() -> list[dg.AssetsDefinition]:
    by_plan: dict[AssetPlan, list[Source]] = defaultdict(list)
    for source in SOURCES.values():
        by_plan[source.asset].append(source)
    keys = [p.key for p in by_plan]
    duplicated = sorted({"/".join(k) for k in keys if keys.count(k) > 1})
    if duplicated:
        raise ValueError(f"sources name different asset plans for the same asset key(s) {duplicated}")
    return [source_asset(plan, sources) for plan, sources in by_plan.items()]
