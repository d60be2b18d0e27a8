"""One market request -> `Fetched` (I/O only): the client's frame as canonical bytes, or
no body and the reason (offline, service unreachable). Never raises for an unreachable
service: the caller keeps the last stored data and reports the source stale."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from sources.fetch import Fetched
from sources.market import frames
from sources.market.client import MarketClient, MarketUnavailable
from sources.registry import Source
from sources.settings import Settings


def request_url(client: MarketClient, dataset: str, request: dict) -> str:
    query = urlencode({k: ",".join(v) if isinstance(v, list) else v for k, v in sorted(request.items())})
    return f"{client.name}:{dataset}?{query}"


def fetch_market(
    source: Source, client: MarketClient, settings: Settings, request: dict, now: datetime | None = None
) -> Fetched:
    dataset = source.location.removeprefix("yfinance:")
    url = request_url(client, dataset, request)
    fetched_at = now or datetime.now(UTC)
    if settings.offline and client.touches_network:
        return Fetched(source.source_id, url, fetched_at, None, None,
                       error="offline (BOTTLENECKS_OFFLINE): yfinance not contacted")
    try:
        frame = client.fetch(dataset, request)
    except MarketUnavailable as exc:
        return Fetched(source.source_id, url, fetched_at, None, None, error=f"market data unreachable: {exc}")
    body = frames.to_bytes(dataset, frame, client=client.name, synthetic=client.synthetic, request=request)
    return Fetched(source.source_id, url, fetched_at, None, body, content_type="application/json")
