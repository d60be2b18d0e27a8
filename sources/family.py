"""The source-family contract: what every family declares, and the defaults most families use.

A family is one object in one folder under `sources/` (see sources/README.md). It declares
- its **sources** (`Source`: id, where the bytes come from, the entity type and key its records
  version as, cadence and schedule, the asset that loads it);
- how to **fetch** them: `requests()` says what to ask for (by default the source's location,
  with the stored validators for a conditional GET), `fetch()` does the I/O (by default a file
  shipped with the package, or HTTP through the polite client);
- its pure **parser** and declared **output schema** (`parse()`, `schema()`);
- the typed **views** the warehouse creates over its records (`views()`).
The offline rule is the same for every family and lives in the load path (warehouse/load.py):
a live source touches no network and replays the stored snapshots the warehouse has not
loaded yet, reported stale; a shipped source is read as usual.

Nothing here imports Dagster or the warehouse: the asset factory (pipelines/assets.py) and
the load path (warehouse/load.py) read these declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from sources.fetch import Fetched, Request, read_file
from sources.settings import Settings

Fetcher = Callable[[Sequence[Request], Settings], list[Fetched]]


@dataclass(frozen=True)
class Schedule:
    """When a source is fetched: a cron in a time zone. Sources that share a schedule (by name)
    are refreshed by one job; a partitioned asset is asked for the tick's local day."""

    name: str
    cron: str
    timezone: str
    description: str


@dataclass(frozen=True)
class AssetPlan:
    """The Dagster asset that loads a set of sources (every source names the one it belongs to)."""

    key: tuple[str, ...]
    group: str
    description: str
    kinds: frozenset[str] = frozenset({"duckdb"})
    # A batch asset reports a source that cannot be parsed through this check (name, description),
    # so one bad source never stops the others; without one, a failure fails the asset.
    parse_check: tuple[str, str] | None = None
    partitions: str | None = None  # "daily": one partition per day (the request's date)
    resources: tuple[str, ...] = ()  # Dagster resources its fetch needs, e.g. ("market",)
    metadata: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        return "/".join(self.key)


@dataclass(frozen=True)
class View:
    """A SQL file (under sql/) that creates views over a family's records, with `{name}`
    placeholders filled from `params` and `{struct:<entity_type>}` from the parsers' schemas."""

    template: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Source:
    source_id: str
    family: str  # the name of the family that fetches and parses it
    location: str  # URL, or the path of a file shipped in the package (sources/...)
    entity_type: str  # the versioned entity type its records become
    key: tuple[str, ...]
    description: str
    asset: AssetPlan
    schedules: tuple[Schedule, ...]
    # How old its last good fetch may be before it counts as stale; by default the longest
    # wait between two ticks of its schedules (`cadence` fills it in).
    max_age: timedelta | None = None
    live: bool = False  # fetched over the network (offline: replayed from the raw store, reported stale)
    # A partial source's snapshot (one day of a daily series, one release) adds or revises the
    # entities it holds and never closes the others.
    partial: bool = False
    stage: int = 0  # within one asset, later stages are fetched after the earlier ones loaded
    reads: tuple[str, ...] = ()  # warehouse views its requests read (its asset depends on their sources)
    # The largest share of its current entities one snapshot may remove (None: any). A curated
    # table says 0: a row never disappears by accident (BOTTLENECKS_ALLOW_REMOVALS lets it on purpose).
    max_removed_share: float | None = None
    item: object = field(default=None, compare=False, repr=False)  # the family's own declaration of it

    @property
    def cadence(self) -> timedelta:
        if self.max_age is not None:
            return self.max_age
        from sources.schedules import longest_gap

        return max(longest_gap(s.cron, s.timezone) for s in self.schedules)


@dataclass
class FetchContext:
    """What a family may use to plan and run its fetches; the load path builds it."""

    settings: Settings
    # (etag, last_modified) of the newest stored snapshot of a source, for a conditional GET
    validators: Callable[[str], tuple[str | None, str | None]] = lambda _source_id: (None, None)
    # runs a named read-only SQL file (sql/<name>.sql) on the warehouse with parameters
    query: Callable[[str, Mapping | None], list[tuple]] | None = None
    partition_key: str | None = None
    resources: Mapping[str, object] = field(default_factory=dict)
    http: Fetcher | None = None  # the HTTP fetcher (tests pass one with a fast policy)
    now: datetime | None = None  # the fetch time of shipped files (tests pin it); default: the clock

    def fetch_http(self, requests: Sequence[Request]) -> list[Fetched]:
        if self.http is not None:
            return self.http(requests, self.settings)
        from sources.http import fetch_many

        return fetch_many(requests, self.settings)


class Family:
    """Base of every family: subclasses set `name` and implement `sources`, `schema`, `parse`;
    the fetch defaults cover files shipped in the package and HTTP pages."""

    name: str = ""

    def sources(self) -> list[Source]:
        raise NotImplementedError

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        """The columns (name -> Polars type, in order) of every frame `parse` returns for `source`."""
        raise NotImplementedError

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        """Pure: bytes in, a frame of `schema(source)` out, or a ParseError naming origin, row or field."""
        raise NotImplementedError

    def views(self) -> list[View]:
        return []

    def shipped_path(self, source: Source, settings: Settings) -> Path:
        """Where a shipped (not live) source's file is read from."""
        from sources.shipped import shipped_path

        return shipped_path(source.location)

    def shipped_content_type(self, source: Source) -> str:
        return "application/octet-stream"

    def touches_network(self, source: Source, ctx: FetchContext) -> bool:
        """Whether fetching `source` would use the network (offline, such a source is replayed)."""
        return source.live

    def requests(self, source: Source, ctx: FetchContext) -> list[Request]:
        if not source.live:
            return [Request(source.source_id, source.location)]
        return [Request(source.source_id, source.location, *ctx.validators(source.source_id))]

    def fetch(self, sources: Mapping[str, Source], requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
        """One Fetched per request, in order; never raises for an unreachable source."""
        out: list[Fetched | None] = [None] * len(requests)
        remote = [(i, r) for i, r in enumerate(requests) if sources[r.source_id].live]
        for i, r in enumerate(requests):
            source = sources[r.source_id]
            if not source.live:
                out[i] = read_file(r, self.shipped_path(source, ctx.settings), self.shipped_content_type(source), ctx.now)
        if remote:
            for (i, _), fetched in zip(remote, ctx.fetch_http([r for _, r in remote]), strict=True):
                out[i] = fetched
        return out  # type: ignore[return-value]
