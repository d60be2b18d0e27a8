"""Refreshing live (network) sources as a batch: look up each source's stored validators,
fetch them all at once through one client (concurrently, politely), then load each
through `warehouse.live.ingest_live`. Offline, nothing is fetched and the last stored
snapshots are replayed. Never raises for a network problem: every source gets a
`LiveOutcome`, and the asset reports the stale ones (metadata `stale_sources`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
