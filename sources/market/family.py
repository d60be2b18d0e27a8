"""The market family: one live source per market dataset (`catalog.DATASETS`), `market/<dataset>`,
each its own asset: daily prices and FX per day partition, quarterly financials and market caps
as of the fetch. The bytes come from a market client (`client`: live yfinance, or a recording for
tests), written as canonical JSON (`frames.to_bytes`) so the raw store keeps them like any page;
the pure parser is `frames.parse`. A client that cannot answer gives a fetch without a body (the
source is stale, its data kept), never an exception."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import polars as pl

from sources.family import AssetPlan, Family, FetchContext, Schedule, Source, View
from sources.fetch import Fetched, Request
from sources.market import frames
from sources.market.catalog import DATASETS, Dataset
from sources.market.client import MarketClient, MarketUnavailable

CURRENCIES = ("KRW", "TWD")  # non-USD currencies of the tracked listings and reports
US_CLOSE = Schedule("market_prices_us", "30 17 * * 1-5", "America/New_York",
                    "NASDAQ/NYSE listings: 17:30 New York time, after the 16:00 close.")
KRX_CLOSE = Schedule("market_prices_krx", "0 17 * * 1-5", "Asia/Seoul",
                     "KRX listings (Samsung, SK hynix): 17:00 Seoul time, after the 15:30 close.")
SCHEDULES = {
    # daily series: each exchange's trading day after its close, as that local day's partition
    "prices": (US_CLOSE, KRX_CLOSE),
    "fx": (US_CLOSE, KRX_CLOSE),
    "profiles": (Schedule("market_profiles", "45 17 * * 1-5", "America/New_York",
                          "Market caps and shares: daily after the US close."),),
    "financials": (Schedule("market_financials", "0 8 * * 6", "America/New_York",
                            "Quarterly statements: weekly, Saturdays."),),
}
# The request of a dataset that lists companies reads the listed tickers from ref_companies.
READS = {"prices": ("ref_companies",), "financials": ("ref_companies",), "profiles": ("ref_companies",), "fx": ()}


def _source(dataset: Dataset) -> Source:
    entity_type = f"market_{dataset.name}"
    return Source(
        source_id=f"market/{dataset.name}",
        family=MarketFamily.name,
        location=f"yfinance:{dataset.name}",
        entity_type=entity_type,
        key=dataset.key,
        description=dataset.description,
        asset=AssetPlan(
            key=("market", dataset.name),
            group="market",
            description=f"{dataset.description} Grain: one row per {' x '.join(dataset.key)}. Fetched through "
            f"sources/market (live yfinance or a recording), stored in the raw snapshot store, versioned as "
            f"`{entity_type}` (view `{entity_type}`).",
            kinds=frozenset({"yfinance", "duckdb"}),
            partitions="daily" if dataset.daily else None,
            resources=("market",),
        ),
        schedules=SCHEDULES[dataset.name],
        max_age=dataset.cadence,
        live=True,
        partial=dataset.partial,
        reads=READS[dataset.name],
        item=dataset,
    )


def request_url(client: MarketClient, dataset: str, request: Mapping) -> str:
    query = urlencode({k: ",".join(v) if isinstance(v, list) else v for k, v in sorted(request.items())})
    return f"{client.name}:{dataset}?{query}"


def _client(ctx: FetchContext) -> MarketClient:
    try:
        return ctx.resources["market"]  # type: ignore[return-value]
    except KeyError:
        raise RuntimeError("market data needs a market client (resource 'market'); none was given") from None


class MarketFamily(Family):
    name = "market"

    def sources(self) -> list[Source]:
        return [_source(d) for d in DATASETS.values()]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return frames.output_schema(source.item.name)

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        return frames.parse(source.item.name, body, origin)

    def views(self) -> list[View]:
        return [View("staging/market_view", (("dataset", d),)) for d in DATASETS]

    def touches_network(self, source: Source, ctx: FetchContext) -> bool:
        return _client(ctx).touches_network

    def requests(self, source: Source, ctx: FetchContext) -> list[Request]:
        dataset = source.item.name
        # a run without a partition (a plain `bottlenecks refresh`) fetches the last complete day
        day = ctx.partition_key or (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
        if dataset == "fx":
            params: dict = {"currencies": list(CURRENCIES), "date": day}
        else:
            symbols = [ticker for (ticker,) in ctx.query("load/select_listed_symbols", None)]
            params = {"symbols": symbols}
            if dataset == "prices":
                params["date"] = day
            elif dataset == "profiles":
                params["as_of"] = datetime.now(UTC).date().isoformat()
        return [Request(source.source_id, source.location, params=params)]

    def fetch(self, sources: Mapping[str, Source], requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
        client = _client(ctx)
        out = []
        for r in requests:
            dataset = sources[r.source_id].item.name
            request = dict(r.params or {})
            url, fetched_at = request_url(client, dataset, request), datetime.now(UTC)
            try:
                frame = client.fetch(dataset, request)
            except MarketUnavailable as exc:
                out.append(Fetched(r.source_id, url, fetched_at, None, None, error=f"market data unreachable: {exc}"))
                continue
            body = frames.to_bytes(dataset, frame, client=client.name, synthetic=client.synthetic, request=request)
            out.append(Fetched(r.source_id, url, fetched_at, None, body, content_type="application/json"))
        return out


FAMILY = MarketFamily()
