"""Loading live (network) sources: what `ingest` does, plus the outcomes only a network
fetch has, none of which ever touches the current versions.

- 304 Not Modified: a fetch-log row (no body, nothing stored) and a load row `not_modified`,
  which counts as a good fetch for freshness: the vendor confirmed the page is unchanged.
- unreachable (DNS, timeout, 4xx/5xx after retries, robots.txt): a fetch-log row with the
  error and a load row `unreachable`; the source is reported *stale* with that reason and
  its URL, and its last good data stays current. Not a run failure.
- a body that does not parse: a load row `failed` (as `ingest` records it), reported as
  failed with the parser's message (e.g. the missing fields). A run failure.
- offline: nothing is fetched; the newest stored body (raw store) is replayed if this
  warehouse has not loaded it yet, and the source is reported stale with the reason.

The market-data sources reuse `ingest_live`/`replay_last` and report `LiveOutcome.stale`
through the asset metadata key `stale_sources` (see `pipelines/refresh.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from sources.fetch import Fetched
from sources.registry import Source
from warehouse.db import utcnow
from warehouse.load import LoadError, LoadResult, apply_snapshot, fetch_entry, ingest, record_fetch
from warehouse.rawstore import RawStore
from warehouse.sqlfiles import sql


@dataclass(frozen=True)
class LiveOutcome:
    source_id: str
    url: str
    status: str  # loaded | not_modified | unreachable | failed | replayed | offline
    reason: str | None = None
    result: LoadResult | None = None

    @property
    def stale(self) -> dict | None:
        """The stale-source record a refresh summary shows, or None when the source is current."""
        if self.status in ("unreachable", "replayed", "offline"):
            return {"source_id": self.source_id, "url": self.url, "reason": self.reason or self.status}
        return None


def _load_row(con: duckdb.DuckDBPyConnection, entry: dict, run_id: str | None, status: str, error: str | None) -> None:
    con.execute(
        "insert into source_loads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entry["fetch_id"], entry["source_id"], run_id, utcnow(), status, 0, 0, 0, error],
    )


def validators(con: duckdb.DuckDBPyConnection, source_id: str) -> tuple[str | None, str | None]:
    """(etag, last_modified) to send for a conditional GET, or (None, None)."""
    row = con.execute(sql("load/select_validators"), {"source_id": source_id}).fetchone()
    return (row[0], row[1]) if row else (None, None)


def ingest_live(
    con: duckdb.DuckDBPyConnection, store: RawStore, source: Source, fetched: Fetched, run_id: str | None
) -> LiveOutcome:
    if fetched.status == 304 or fetched.body is None:
        entry = fetch_entry(fetched, None)
        store.append_log(entry)
        record_fetch(con, entry)
        if fetched.status == 304:
            _load_row(con, entry, run_id, "not_modified", None)
            return LiveOutcome(source.source_id, fetched.url, "not_modified")
        reason = fetched.error or f"HTTP {fetched.status} without a body"
        _load_row(con, entry, run_id, "unreachable", reason)
        return LiveOutcome(source.source_id, fetched.url, "unreachable", f"{reason} ({fetched.url})")
    try:
        result = ingest(con, store, source, fetched, run_id)
    except LoadError as exc:
        return LiveOutcome(source.source_id, fetched.url, "failed", str(exc))
    return LiveOutcome(source.source_id, fetched.url, "loaded", result=result)


def replay_last(con: duckdb.DuckDBPyConnection, store: RawStore, source: Source, run_id: str | None) -> LiveOutcome:
    """Offline: make the newest stored body of `source` current, touching no network."""
    last = None
    for entry in store.read_log():
        if entry["source_id"] == source.source_id and entry.get("sha256") and not entry.get("error"):
            last = entry
    if last is None:
        return LiveOutcome(source.source_id, source.location, "offline",
                           f"offline: no stored snapshot of {source.location} yet")
    reason = f"offline: serving stored snapshot {last['sha256'][:12]} fetched {last['fetched_at']} ({last['url']})"
    loaded = {r[0] for r in con.execute(sql("load/select_loaded_fetch_ids"), {"source_id": source.source_id}).fetchall()}
    if last["fetch_id"] in loaded:
        return LiveOutcome(source.source_id, last["url"], "offline", reason)
    if not con.execute("select count(*) from fetch_log where fetch_id = ?", [last["fetch_id"]]).fetchone()[0]:
        record_fetch(con, last)
    try:
        result = apply_snapshot(con, source, last, store.get(last["sha256"]), run_id)
    except LoadError as exc:
        return LiveOutcome(source.source_id, last["url"], "failed", str(exc))
    return LiveOutcome(source.source_id, last["url"], "replayed", reason, result)


def replay_unloaded(con: duckdb.DuckDBPyConnection, store: RawStore, source: Source, run_id: str | None) -> LiveOutcome:
    """Offline, for a partial source whose snapshots each add entities (one release per
    snapshot): load every stored body this warehouse has not loaded yet, in fetch order."""
    entries = [e for e in store.read_log() if e["source_id"] == source.source_id and e.get("sha256") and not e.get("error")]
    if not entries:
        return LiveOutcome(source.source_id, source.location, "offline", f"offline: no stored snapshot of {source.location} yet")
    # a body that failed to load here once is not retried on every offline run
    loaded = {r[0] for r in con.execute("select fetch_id from source_loads where source_id = ?", [source.source_id]).fetchall()}
    logged = {r[0] for r in con.execute("select fetch_id from fetch_log where source_id = ?", [source.source_id]).fetchall()}
    reason = f"offline: serving {len(entries)} stored snapshot(s), newest fetched {entries[-1]['fetched_at']}"
    results, errors = [], []
    for entry in entries:
        if entry["fetch_id"] in loaded:
            continue
        if entry["fetch_id"] not in logged:
            record_fetch(con, entry)
        try:
            results.append(apply_snapshot(con, source, entry, store.get(entry["sha256"]), run_id))
        except LoadError as exc:
            errors.append(str(exc))
    if errors:
        return LiveOutcome(source.source_id, source.location, "failed", "; ".join(errors))
    if not results:
        return LiveOutcome(source.source_id, source.location, "offline", reason)
    total = LoadResult(source.source_id, results[-1].fetch_id, "loaded", results[-1].snapshot_sha256,
                       sum(r.rows for r in results), sum(r.new_versions for r in results),
                       sum(r.closed_versions for r in results))
    return LiveOutcome(source.source_id, source.location, "replayed", reason, total)
