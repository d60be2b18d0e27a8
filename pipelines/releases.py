"""Domain `releases`: the companies' own earnings releases (registry sources/releases/registry.csv).

One asset fetches every company's release index (an investor-relations news page or feed)
through the polite client, versions the release links it finds (`release_links`), then
fetches each linked release not stored yet and loads its figures (`release_figures`): one
entity per company x fiscal quarter x metric x basis, so a later release that restates a
quarter is a new version in `change_log`.

An index or release that cannot be reached keeps the last good data and is listed as stale
(reason and URL) in the refresh summary, not a run failure; it is tried again next run. A
release that cannot be read (no fiscal period in it) is stored, recorded as failed with the
parser's message, and fails the `releases_parse` check; the other releases load.
"""


from collections.abc import Sequence

import dagster as dg

from pipelines.live import Fetcher, live_materialization, refresh_live
from pipelines.resources import WarehouseResource
from sources.http import Request, fetch_many
from sources.registry import release_sources
from sources.releases.registry import FIGURE_ENTITY_TYPE, ReleaseSource, registry
from sources.settings import Settings
from warehouse import db
from warehouse.live import LiveOutcome, ingest_live, replay_unloaded
from warehouse.rawstore import RawStore
from warehouse.sqlfiles import sql

COMPANY_RELEASES = dg.AssetKey(["releases", "company_releases"])


def refresh_releases(
    settings: Settings, companies: Sequence[ReleaseSource], run_id: str | None, fetcher: Fetcher = fetch_many
) -> list[LiveOutcome]:
    """Indexes first, then every release they link to that is not stored yet; one outcome per
    index and per release fetched (offline: per company, the stored releases replayed)."""
    pairs = {c.company_id: release_sources(c) for c in companies}
    outcomes = refresh_live(settings, [index for index, _ in pairs.values()], run_id, fetcher)
    store = RawStore(settings.raw_dir)
    if settings.offline:
        with db.writer(settings) as con:
            return outcomes + [replay_unloaded(con, store, releases, run_id) for _, releases in pairs.values()]
    with db.writer(settings) as con:
        pending = [
            (releases, url)
            for company_id, (_, releases) in pairs.items()
            for (url,) in con.execute(
                sql("load/select_unfetched_release_links"),
                {"company_id": company_id, "release_source_id": releases.source_id},
            ).fetchall()
        ]
    fetched = fetcher([Request(source.source_id, url) for source, url in pending], settings) if pending else []
    with db.writer(settings) as con:
        return outcomes + [ingest_live(con, store, source, f, run_id) for (source, _), f in zip(pending, fetched, strict=True)]


@dg.asset(
    key=COMPANY_RELEASES,
    group_name="releases",
    kinds={"html", "pdf", "duckdb"},
    description="The tracked suppliers' earnings releases (registry sources/releases/registry.csv): each "
    "company's investor-relations index fetched politely, its release links versioned (`release_links`, one "
    "row per company x URL), and every new release fetched into the raw store and read into figures "
    "(`release_figures`: one row per company x fiscal quarter x metric x basis, found or not_found, with "
    "the sentence it came from).",
    check_specs=[
        dg.AssetCheckSpec("releases_parse", asset=COMPANY_RELEASES,
                          description="Every release fetched this run could be read (its fiscal period found)."),
    ],
    metadata={
        "entity_type": FIGURE_ENTITY_TYPE,
        "companies": len(registry()),
        # the sources it loads, so the mart sensor rebuilds the marts downstream when one changes
        "source_ids": sorted(s.source_id for r in registry().values() for s in release_sources(r)),
    },
)
def company_releases(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    outcomes = refresh_releases(warehouse.settings(), list(registry().values()), context.run.run_id)
    return live_materialization(context, outcomes, "releases_parse", "fetches")


defs = dg.Definitions(assets=[company_releases])
