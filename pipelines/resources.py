"""Dagster resources: the warehouse (settings, raw store, a locked writer) and the market-data client."""

import dataclasses
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from sources.market.client import LiveClient, MarketClient, RecordedClient
from sources.settings import Settings, load_settings
from warehouse import db
from warehouse.rawstore import RawStore


class WarehouseResource(dg.ConfigurableResource):
    """DuckDB warehouse under BOTTLENECKS_HOME (or `home`, when set)."""

    home: str | None = None

    def settings(self) -> Settings:
        settings = load_settings()
        if self.home:
            settings = dataclasses.replace(settings, home=Path(self.home).resolve())
        return settings

    def store(self) -> RawStore:
        return RawStore(self.settings().raw_dir)

    @contextmanager
    def writer(self):
        with db.writer(self.settings()) as con:
            yield con


class MarketDataResource(dg.ConfigurableResource):
    """Where market data comes from: yfinance (default) or a recorded directory (tests)."""

    recorded_dir: str | None = None

    def client(self) -> MarketClient:
        return RecordedClient(self.recorded_dir) if self.recorded_dir else LiveClient()
