"""Refreshing live (network) sources as a batch: look up each source's stored validators,
fetch them all at once through one client (concurrently, politely), then load each
through `warehouse.live.ingest_live`. Offline, nothing is fetched and the last stored
snapshots are replayed. Never raises for a network problem: every source gets a
`LiveOutcome`, and the asset reports the stale ones (metadata `stale_sources`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import dagster as dg

from sources.fetch import Fetched
from sources.http import Request, fetch_many
from sources.registry import Source
from sources.settings import Settings
from warehouse import db
from warehouse.live import LiveOutcome, ingest_live, replay_last, validators
from warehouse.rawstore import RawStore

Fetcher = Callable[[Sequence[Request], Settings], list[Fetched]]


def refresh_live(
    settings: Settings, sources: Sequence[Source], run_id: str | None, fetcher: Fetcher = fetch_many
) -> list[LiveOutcome]:
    store = RawStore(settings.raw_dir)
    if settings.offline:
        with db.writer(settings) as con:
            return [replay_last(con, store, s, run_id) for s in sources]
    with db.writer(settings) as con:
        requests = [Request(s.source_id, s.location, *validators(con, s.source_id)) for s in sources]
    fetched = fetcher(requests, settings)  # no connection held while waiting on the network
    with db.writer(settings) as con:
        return [ingest_live(con, store, s, f, run_id) for s, f in zip(sources, fetched, strict=True)]


def stale_metadata(outcomes: Sequence[LiveOutcome]) -> list[dict]:
    """The `stale_sources` asset metadata a refresh summary lists (source_id, url, reason)."""
    return [o.stale for o in outcomes if o.stale]


def live_materialization(
    context: dg.AssetExecutionContext, outcomes: Sequence[LiveOutcome], check_name: str, noun: str
) -> dg.MaterializeResult:
    """The result of an asset that loads a batch of live sources: totals, each source's outcome,
    the stale ones (listed by the refresh summary), and an error-severity check that fails when
    any fetched body could not be parsed."""
    failed = [o for o in outcomes if o.status == "failed"]
    stale = stale_metadata(outcomes)
    for item in stale:
        context.log.warning(f"{item['source_id']} stale: {item['reason']}")
    results = [o.result for o in outcomes if o.result is not None]
    return dg.MaterializeResult(
        metadata={
            "rows": sum(r.rows for r in results),
            "new_versions": sum(r.new_versions for r in results),
            "closed_versions": sum(r.closed_versions for r in results),
            "outcomes": dg.MetadataValue.json([{"source_id": o.source_id, "url": o.url, "status": o.status} for o in outcomes]),
            "stale_sources": dg.MetadataValue.json(stale),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=check_name,
                passed=not failed,
                severity=dg.AssetCheckSeverity.ERROR,
                description="; ".join(o.reason for o in failed) if failed else f"{len(outcomes)} {noun}: none failed to parse",
            )
        ],
    )
