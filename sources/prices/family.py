"""The prices family: live public price catalogs, fetched politely into the raw store, dated and versioned.
- `gpu_prices/gpuhunt`: dstack's gpuhunt catalog (entity type `gpu_rental_offer`): the newest version is
  read from `<base>/v2/version`, then `<base>/v2/<version>/catalog.zip` is fetched (conditional GET) and
  stored; each day's catalog adds its offers (keyed by catalog version x provider x offer), so the
  warehouse keeps a daily history. Parsed by `gpuhunt.py`.
- `token_prices/openrouter`: OpenRouter's public models list (entity type `api_model_price`), per-token
  prompt and completion prices, versioned per model. Parsed by `openrouter.py`.
Offline, both replay the last stored snapshots and are reported stale. Cited price points (purchase and
rental pages, InferenceX cost tiers) are reference tables (sources/reference/gpu_price_points.csv,
gpu_cost_tiers.csv), not this family."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import polars as pl

from sources.family import AssetPlan, Family, FetchContext, Schedule, Source, View
from sources.fetch import Fetched, Request
from sources.prices import gpuhunt, openrouter

GPUHUNT_BASE = "https://dstack-gpu-pricing.s3.eu-west-1.amazonaws.com"
OPENROUTER_MODELS = "https://openrouter.ai/api/v1/models"
DAILY = Schedule("prices", "0 5 * * *", "UTC", "Live price catalogs (gpuhunt, OpenRouter): daily.")
ASSET = AssetPlan(
    key=("prices", "catalogs"),
    group="prices",
    description="Live public price catalogs, fetched politely into the raw snapshot store: gpuhunt's daily GPU "
    "rental catalog (one row per offer x catalog day: provider, instance, location, on-demand or spot, GPU name, "
    "count and memory, $/hour; views gpu_rental_offers_raw) and OpenRouter's per-token model prices (one row per "
    "model; view api_model_prices). Offline: the last stored catalogs, reported stale.",
    kinds=frozenset({"csv", "json", "duckdb"}),
    parse_check=("catalogs_parse", "Every fetched price catalog could be parsed."),
)


@dataclass(frozen=True)
class Catalog:
    kind: str  # gpuhunt | openrouter
    url: str  # gpuhunt: the base URL; openrouter: the models URL

    @property
    def version_url(self) -> str:
        return f"{self.url}/v2/version"

    def catalog_url(self, version: str) -> str:
        return f"{self.url}/v2/{version}/catalog.zip"


class PricesFamily(Family):
    name = "prices"

    def __init__(self, gpuhunt_base: str = GPUHUNT_BASE, openrouter_url: str = OPENROUTER_MODELS):
        self.gpuhunt = Catalog("gpuhunt", gpuhunt_base.rstrip("/"))
        self.openrouter = Catalog("openrouter", openrouter_url)

    def sources(self) -> list[Source]:
        return [
            Source(source_id="gpu_prices/gpuhunt", family=self.name, location=self.gpuhunt.version_url,
                   entity_type="gpu_rental_offer", key=gpuhunt.KEY,
                   description="gpuhunt's public daily GPU price catalog (dstack): every provider file's GPU offers, "
                   "dated by the catalog version. Grain: one row per catalog version x provider x offer.",
                   asset=ASSET, schedules=(DAILY,), max_age=timedelta(days=2), live=True, partial=True,
                   item=self.gpuhunt),
            Source(source_id="token_prices/openrouter", family=self.name, location=self.openrouter.url,
                   entity_type="api_model_price", key=openrouter.KEY,
                   description="OpenRouter's public models list: prompt and completion prices per model, USD per "
                   "million tokens. Grain: one row per model.",
                   asset=ASSET, schedules=(DAILY,), max_age=timedelta(days=2), live=True, max_removed_share=0.5,
                   item=self.openrouter),
        ]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return gpuhunt.SCHEMA if source.item.kind == "gpuhunt" else openrouter.SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        if source.item.kind == "gpuhunt":
            return gpuhunt.parse_catalog(body, origin)
        return openrouter.parse_models(body, origin)

    def views(self) -> list[View]:
        return [View("views/price_catalogs")]

    def fetch(self, sources: Mapping[str, Source], requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
        return [self._catalog(r, sources[r.source_id].item, ctx) if sources[r.source_id].item.kind == "gpuhunt"
                else ctx.fetch_http([r])[0] for r in requests]

    def _catalog(self, request: Request, catalog: Catalog, ctx: FetchContext) -> Fetched:
        """Two GETs: the version file, then that version's catalog.zip (conditional on the stored one)."""
        (version,) = ctx.fetch_http([Request(request.source_id, catalog.version_url)])
        if version.body is None:
            return version
        text = version.body.decode("utf-8", "replace").strip()
        if not gpuhunt.VERSION.match(text):
            return Fetched(request.source_id, catalog.version_url, version.fetched_at or datetime.now(UTC),
                           version.status, None,
                           error=f"{catalog.version_url}: expected a catalog version like 20261201, got {text[:40]!r}")
        (fetched,) = ctx.fetch_http([Request(request.source_id, catalog.catalog_url(text), request.etag,
                                             request.last_modified)])
        return fetched


FAMILY = PricesFamily()
