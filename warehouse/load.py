"""The one load path: fetch -> raw store + fetch log -> parse -> observations + versions.

`load_sources` is how every asset loads its sources, whatever the family:
- online (or for a source read from a file shipped in the package): the family plans its
  requests (`requests`, reading the warehouse for validators or links it needs), fetches them
  (`fetch`: no warehouse connection is held while waiting on the network), then each fetch is
  stored and loaded (`ingest`);
- offline, a source that would use the network is not fetched: the stored snapshots this
  warehouse has not loaded yet are replayed in fetch order (`replay`), and it is reported stale
  with one reason text for every family.
Sources of one asset load by stage: a later stage plans its requests after the earlier loaded.

Every source gets a `SourceOutcome`; the `LoadReport` of an asset is what the asset's metadata,
the CLI summary and the status report read. A fetch that brings nothing new or fails, or a body
that does not parse, never touches the current versions: the last good data stays current.
`apply_snapshot` is also what a rebuild replays, so a rebuilt warehouse equals a refreshed one.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl

from sources.errors import ParseError
from sources.family import Fetcher, FetchContext, Source
from sources.fetch import Fetched
from sources.registry import family_of
from sources.settings import Settings
from warehouse import db
from warehouse.db import utcnow
from warehouse.rawstore import RawStore
from warehouse.sqlfiles import sql
from warehouse.versioning import records_frame


class LoadError(RuntimeError):
    """A source's input could not be loaded; the message names source, location and problem."""


# Outcomes after which the source's last good data stays current and the source is stale.
STALE = frozenset({"unreachable", "replayed", "offline"})


@dataclass(frozen=True)
class SourceOutcome:
    source_id: str
    url: str
    status: str  # loaded | not_modified | unreachable | failed | replayed | offline
    reason: str | None = None
    rows: int = 0
    new_versions: int = 0
    closed_versions: int = 0
    snapshot_sha256: str | None = None
    repaired_snapshot: bool = False

    @property
    def stale(self) -> dict | None:
        """The stale-source record a refresh summary shows, or None when the source is current."""
        if self.status in STALE:
            return {"source_id": self.source_id, "url": self.url, "reason": self.reason or self.status}
        return None


@dataclass(frozen=True)
class LoadReport:
    """What one asset's load did to each of its sources."""

    outcomes: tuple[SourceOutcome, ...] = ()

    @property
    def rows(self) -> int:
        return sum(o.rows for o in self.outcomes)

    @property
    def new_versions(self) -> int:
        return sum(o.new_versions for o in self.outcomes)

    @property
    def closed_versions(self) -> int:
        return sum(o.closed_versions for o in self.outcomes)

    @property
    def failures(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def stale(self) -> list[dict]:
        return [o.stale for o in self.outcomes if o.stale]

    @property
    def snapshot_sha256(self) -> str | None:
        """The snapshot loaded, when the report is of one source."""
        shas = {o.snapshot_sha256 for o in self.outcomes if o.snapshot_sha256}
        return shas.pop() if len(shas) == 1 else None

    def to_json(self) -> list[dict]:
        return [dataclasses.asdict(o) for o in self.outcomes]

    @classmethod
    def from_json(cls, rows: Sequence[Mapping]) -> LoadReport:
        return cls(tuple(SourceOutcome(**r) for r in rows))


def _naive_utc(ts: datetime) -> datetime:
    return ts if ts.tzinfo is None else ts.astimezone(UTC).replace(tzinfo=None)


def fetch_entry(fetched: Fetched, sha: str | None) -> dict:
    """The fetch-log record of one fetch, as stored in the raw store's log and in DuckDB."""
    return {
        "fetch_id": uuid.uuid4().hex,
        "source_id": fetched.source_id,
        "url": fetched.url,
        "fetched_at": _naive_utc(fetched.fetched_at).isoformat(),
        "http_status": fetched.status,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "content_type": fetched.content_type,
        "sha256": sha,
        "bytes": len(fetched.body) if fetched.body is not None else None,
        "error": fetched.error,
    }


def record_fetch(con: duckdb.DuckDBPyConnection, entry: dict) -> None:
    con.execute(
        "insert into fetch_log values (?, ?, ?, cast(? as timestamp), ?, ?, ?, ?, ?, ?, ?)",
        [
            entry["fetch_id"], entry["source_id"], entry["url"], entry["fetched_at"], entry["http_status"],
            entry["etag"], entry["last_modified"], entry["content_type"], entry["sha256"], entry["bytes"],
            entry["error"],
        ],
    )


def record_load(con: duckdb.DuckDBPyConnection, entry: dict, run_id: str | None, status: str, rows: int | None = None,
                new_versions: int | None = None, closed_versions: int | None = None, error: str | None = None) -> None:
    """The one writer of `source_loads`: what became of one fetch."""
    con.execute(
        "insert into source_loads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entry["fetch_id"], entry["source_id"], run_id, utcnow(), status, rows, new_versions, closed_versions, error],
    )


def parse_snapshot(source: Source, body: bytes, location: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Pure: bytes -> the family parser's typed frame, and each row's entity id, canonical record
    and record hash (`warehouse.versioning.records_frame`)."""
    family = family_of(source)
    try:
        frame = family.parse(source, body, location)
    except ParseError:
        raise
    except Exception as exc:  # a parser bug or an input it did not foresee: refused by name, never a crash
        raise ParseError(f"{location}: the {family.name} parser could not read this body "
                         f"({type(exc).__name__}: {str(exc)[:300]})") from exc
    if not isinstance(frame, pl.DataFrame):
        raise ParseError(f"{location}: the {family.name} parser returned {type(frame).__name__}, not a frame")
    expected = family.schema(source)
    if dict(frame.schema) != expected:
        raise ParseError(f"{location}: the {family.name} parser returned columns {dict(frame.schema)}, "
                         f"not its declared schema {expected}")
    records = records_frame(frame, source.key)
    duplicated = records.filter(pl.col("entity_id").is_duplicated())["entity_id"].unique().sort().head(5).to_list()
    if duplicated:
        raise ParseError(f"{location}: the {family.name} parser returned duplicate ids {duplicated}")
    return frame, records


def apply_snapshot(
    con: duckdb.DuckDBPyConnection, source: Source, entry: dict, body: bytes, run_id: str | None,
    *, allow_removals: bool = False,
) -> SourceOutcome:
    """Parse one stored snapshot and version its records, set-based and in one transaction. A body
    that does not parse, or that would remove more of the source's current entities than it may
    (`Source.max_removed_share`, unless `allow_removals`), is recorded as a failed load and raises
    LoadError; the versions stay as they were."""
    try:
        frame, records = parse_snapshot(source, body, entry["url"])
    except ParseError as exc:
        record_load(con, entry, run_id, "failed", error=str(exc))
        raise LoadError(f"{source.source_id}: {exc}") from exc
    rows = frame.height
    del frame  # only the records go on: a large snapshot is not held twice while DuckDB works
    observed_at = datetime.fromisoformat(entry["fetched_at"])
    params = {"entity_type": source.entity_type, "source_id": source.source_id}
    stamp = {"fetch_id": entry["fetch_id"], "snapshot_sha256": entry["sha256"]}
    con.begin()
    try:
        con.register("incoming", records.to_arrow())
        con.execute(sql("load/stage_version_plan"), {**params, "partial": source.partial})
        con.unregister("incoming")
        del records
        counts = dict(con.execute("select change, count(*) from version_plan group by change").fetchall())
        refusal = None if allow_removals else _removal_refusal(con, source, counts, entry["url"])
        if refusal:
            raise _Refused(refusal)
        con.execute(sql("load/insert_observations"), {**params, **stamp, "observed_at": observed_at})
        con.execute(sql("load/close_entity_versions"), {**params, "valid_to": observed_at, "fetch_id": entry["fetch_id"]})
        con.execute(sql("load/insert_entity_versions"), {**params, **stamp, "valid_from": observed_at})
        new_versions = counts.get("added", 0) + counts.get("changed", 0)
        closed_versions = counts.get("changed", 0) + counts.get("removed", 0)
        record_load(con, entry, run_id, "loaded", rows, new_versions, closed_versions)
        con.execute("drop table version_plan")
        con.commit()
    except _Refused as refused:
        con.rollback()
        record_load(con, entry, run_id, "failed", error=str(refused))
        raise LoadError(f"{source.source_id}: {refused}") from None
    except Exception:
        con.rollback()
        raise
    finally:
        con.unregister("incoming")
    return SourceOutcome(source.source_id, entry["url"], "loaded", rows=rows, new_versions=new_versions,
                         closed_versions=closed_versions, snapshot_sha256=entry["sha256"])


class _Refused(Exception):
    """A snapshot the load's own checks refuse (inside the transaction, rolled back)."""


def _removal_refusal(con: duckdb.DuckDBPyConnection, source: Source, counts: dict, location: str) -> str | None:
    removed = counts.get("removed", 0)
    current = removed + counts.get("changed", 0) + counts.get("unchanged", 0)
    if source.max_removed_share is None or removed <= source.max_removed_share * current:
        return None
    names = [r[0] for r in con.execute(
        "select entity_id from version_plan where change = 'removed' order by entity_id limit 5").fetchall()]
    more = f" and {removed - len(names)} more" if removed > len(names) else ""
    return (f"{location}: this snapshot would remove {removed} of the {current} current entities "
            f"({', '.join(names)}{more}); at most {source.max_removed_share:.0%} may go at once, so nothing was loaded. "
            f"Restore the rows, or set BOTTLENECKS_ALLOW_REMOVALS={source.source_id} to remove them on purpose")


def ingest(
    con: duckdb.DuckDBPyConnection, store: RawStore, source: Source, fetched: Fetched, run_id: str | None,
    *, allow_removals: bool = False,
) -> SourceOutcome:
    """Store one fetch's bytes and log it, then load it. Never raises for bad input: a 304 is
    `not_modified`; no body is `unreachable` for a live source (stale) and `failed` for a shipped
    file; a body that does not parse is `failed` with the parser's message."""
    sha, repaired = store.put(fetched.body) if fetched.body is not None else (None, False)
    entry = fetch_entry(fetched, sha)
    store.append_log(entry)
    record_fetch(con, entry)
    if fetched.status == 304:
        record_load(con, entry, run_id, "not_modified", 0, 0, 0)
        return SourceOutcome(source.source_id, fetched.url, "not_modified")
    if fetched.body is None:
        reason = fetched.error or f"HTTP {fetched.status} without a body"
        if source.live:
            record_load(con, entry, run_id, "unreachable", 0, 0, 0, error=reason)
            return SourceOutcome(source.source_id, fetched.url, "unreachable", f"{reason} ({fetched.url})")
        record_load(con, entry, run_id, "failed", error=reason)
        return SourceOutcome(source.source_id, fetched.url, "failed", f"{source.source_id}: fetch of {fetched.url} failed: {reason}")
    try:
        outcome = apply_snapshot(con, source, entry, fetched.body, run_id, allow_removals=allow_removals)
    except LoadError as exc:
        store.mark_refused(entry, str(exc))
        return SourceOutcome(source.source_id, fetched.url, "failed", str(exc), snapshot_sha256=sha)
    return dataclasses.replace(outcome, repaired_snapshot=repaired)


def replay(con: duckdb.DuckDBPyConnection, store: RawStore, source: Source, log: Sequence[dict],
           run_id: str | None, *, allow_removals: bool = False) -> SourceOutcome:
    """Offline, for a source that would use the network: load, in fetch order, every stored
    snapshot newer than the last one this warehouse handled, touching no network. Reported
    stale, with the newest stored snapshot in the reason."""
    stored = [e for e in log if e["source_id"] == source.source_id and e.get("sha256") and not e.get("error")]
    if not stored:
        return SourceOutcome(source.source_id, source.location, "offline", f"offline: no stored snapshot of {source.location} yet")
    newest = stored[-1]
    reason = f"offline: serving stored snapshot {newest['sha256'][:12]} fetched {newest['fetched_at']} ({newest['url']})"
    handled = {r[0] for r in con.execute(sql("load/select_handled_fetch_ids"), {"source_id": source.source_id}).fetchall()}
    last_handled = max((i for i, e in enumerate(stored) if e["fetch_id"] in handled), default=-1)
    pending = [e for e in stored[last_handled + 1:] if e["fetch_id"] not in handled]
    if not pending:
        return SourceOutcome(source.source_id, newest["url"], "offline", reason)
    marked = store.refused()
    logged = {r[0] for r in con.execute("select fetch_id from fetch_log where source_id = ?", [source.source_id]).fetchall()}
    loaded, errors, skipped = [], [], 0
    for entry in pending:
        if entry["fetch_id"] not in logged:
            record_fetch(con, entry)
        refused = marked.get(entry["fetch_id"])
        if refused is not None:
            # refused when it was fetched: on record as failed (status says why), not parsed again
            record_load(con, entry, run_id, "failed", error=f"refused when fetched: {refused}")
            skipped += 1
            continue
        try:
            loaded.append(apply_snapshot(con, source, entry, store.get(entry["sha256"]), run_id,
                                         allow_removals=allow_removals))
        except LoadError as exc:
            store.mark_refused(entry, str(exc))
            errors.append(str(exc))
    if errors:
        return SourceOutcome(source.source_id, newest["url"], "failed", "; ".join(errors))
    if skipped:
        reason += f"; skipped {skipped} stored body(ies) refused when fetched (raw/refused.jsonl)"
    return SourceOutcome(source.source_id, newest["url"], "replayed", reason, rows=sum(o.rows for o in loaded),
                         new_versions=sum(o.new_versions for o in loaded),
                         closed_versions=sum(o.closed_versions for o in loaded), snapshot_sha256=loaded[-1].snapshot_sha256)


def validators(con: duckdb.DuckDBPyConnection, source_id: str) -> tuple[str | None, str | None]:
    """(etag, last_modified) to send for a conditional GET, or (None, None)."""
    row = con.execute(sql("load/select_validators"), {"source_id": source_id}).fetchone()
    return (row[0], row[1]) if row else (None, None)


def _no_validators(_source_id: str) -> tuple[None, None]:
    return None, None


def load_sources(
    settings: Settings,
    sources: Sequence[Source],
    run_id: str | None,
    *,
    partition_key: str | None = None,
    resources: Mapping[str, object] | None = None,
    http: Fetcher | None = None,
    now: datetime | None = None,
) -> LoadReport:
    """Fetch and load `sources` (all of one family), stage by stage; one outcome per source
    fetched or replayed (a stage-1 source with nothing to fetch has none)."""
    families = {s.family for s in sources}
    if len(families) > 1:
        raise ValueError(f"load_sources loads the sources of one family at a time, got {sorted(families)}")
    store = RawStore(settings.raw_dir)
    by_id = {s.source_id: s for s in sources}
    outcomes: list[SourceOutcome] = []
    log: list[dict] | None = None
    for stage in sorted({s.stage for s in sources}):
        group = [s for s in sources if s.stage == stage]
        family = family_of(group[0])
        with db.writer(settings) as con:
            ctx = FetchContext(
                settings,
                validators=lambda source_id, con=con: validators(con, source_id),
                query=lambda name, params, con=con: con.execute(sql(name), params or {}).fetchall(),
                partition_key=partition_key, resources=resources or {}, http=http, now=now,
            )
            replayed = {s.source_id for s in group if settings.offline and family.touches_network(s, ctx)}
            if replayed:
                log = list(store.read_log()) if log is None else log
                outcomes += [replay(con, store, s, log, run_id, allow_removals=settings.removals_allowed(s.source_id))
                             for s in group if s.source_id in replayed]
            requests = [r for s in group if s.source_id not in replayed for r in family.requests(s, ctx)]
        if not requests:
            continue
        # no warehouse connection is held while waiting on the network
        fetched = family.fetch(by_id, requests, dataclasses.replace(ctx, query=None, validators=_no_validators))
        with db.writer(settings) as con:
            outcomes += [ingest(con, store, by_id[f.source_id], f, run_id,
                                allow_removals=settings.removals_allowed(f.source_id)) for f in fetched]
    return LoadReport(tuple(outcomes))


def load_each_family(settings: Settings, sources: Sequence[Source], run_id: str | None, **options) -> LoadReport:
    """`load_sources` for sources of several families, one family at a time, in the given order."""
    families: dict[str, list[Source]] = {}
    for source in sources:
        families.setdefault(source.family, []).append(source)
    outcomes = [o for group in families.values() for o in load_sources(settings, group, run_id, **options).outcomes]
    return LoadReport(tuple(outcomes))
