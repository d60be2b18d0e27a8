"""Domain `datasheets`: the vendor datasheet pages (sources/datasheets/pages.csv), fetched
together by the polite client into the raw store and loaded as versioned spec observations
(`datasheet_specs`), with checks on the reconciled specs (`gpu_specs`).

A page that cannot be reached keeps its last good data and is listed as stale (reason and
URL) in the refresh summary; that is not a run failure. A page whose body no longer yields
any of its required fields fails the `pages_parse` check (a run failure), naming the fields.
"""

import dagster as dg

from pipelines.live import live_materialization, refresh_live
from pipelines.resources import WarehouseResource
from sources.datasheets.pages import ENTITY_TYPE, pages
from sources.registry import LIVE_SOURCES
from warehouse.sqlfiles import sql

VENDOR_PAGES = dg.AssetKey(["datasheets", "vendor_pages"])
GPU_SPECS = dg.AssetKey("gpu_specs")


def datasheet_sources():
    return [LIVE_SOURCES[p.source_id] for p in pages().values()]


@dg.asset(
    key=VENDOR_PAGES,
    group_name="datasheets",
    kinds={"html", "pdf", "duckdb"},
    description="Vendor GPU datasheet pages (NVIDIA, AMD; registry sources/datasheets/pages.csv), one source "
    "per page, fetched politely with conditional GETs into the raw snapshot store and loaded as spec "
    "observations: one entity per page x GPU x field (`datasheet_specs`, `datasheet_spec_versions`).",
    check_specs=[
        dg.AssetCheckSpec("pages_parse", asset=VENDOR_PAGES,
                          description="Every fetched page yields at least one of its required fields."),
    ],
    metadata={"entity_type": ENTITY_TYPE, "pages": len(pages()), "source_ids": sorted(p.source_id for p in pages().values())},
)
def vendor_pages(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    outcomes = refresh_live(warehouse.settings(), datasheet_sources(), context.run.run_id)
    return live_materialization(context, outcomes, "pages_parse", "pages")


def _violations(warehouse: WarehouseResource, name: str) -> list[dict]:
    with warehouse.writer() as con:
        return con.sql(sql(f"checks/{name}")).pl().to_dicts()


@dg.asset_check(asset=GPU_SPECS, name="required_fields", blocking=True,
                description="Every shipping GPU has memory, memory bandwidth and TDP.")
def required_fields(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    rows = _violations(warehouse, "gpu_specs_missing_fields")
    return dg.AssetCheckResult(passed=not rows, description=f"{len(rows)} missing" if rows else "none missing",
                               metadata={"missing": dg.MetadataValue.json(rows[:20])})


@dg.asset_check(asset=GPU_SPECS, name="plausible_ranges", blocking=True,
                description="Per-GPU values inside plausible ranges for their unit (system totals excluded).")
def plausible_ranges(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    rows = _violations(warehouse, "gpu_specs_out_of_range")
    return dg.AssetCheckResult(passed=not rows, description=f"{len(rows)} out of range" if rows else "all in range",
                               metadata={"violations": dg.MetadataValue.json([{k: str(v) for k, v in r.items()} for r in rows[:20]])})


@dg.asset_check(asset=VENDOR_PAGES, name="freshness",
                description="No page's last good fetch is older than its cadence (a warning: offline runs are allowed).")
def freshness(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    from pipelines.status import source_status
    from warehouse.db import utcnow

    with warehouse.writer() as con:
        frame = source_status(con, utcnow())
    ids = {s.source_id for s in datasheet_sources()}
    late = [r for r in frame.to_dicts() if r["source_id"] in ids and r["freshness"] != "fresh"]
    return dg.AssetCheckResult(
        passed=not late, severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(late)} of {len(ids)} pages not fresh" if late else "all pages fresh",
        metadata={"not_fresh": dg.MetadataValue.json([{"source_id": r["source_id"], "freshness": r["freshness"],
                                                        "reason": r.get("stale_reason") or r.get("last_error")} for r in late])},
    )


defs = dg.Definitions(assets=[vendor_pages], asset_checks=[required_fields, plausible_ranges, freshness])
