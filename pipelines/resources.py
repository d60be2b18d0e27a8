"""The warehouse as a Dagster resource: settings, the raw store and a locked writer."""


import dataclasses
from contextlib import contextmanager

import dagster as dg

from sources.settings import Settings, load_settings
from warehouse import db
from warehouse.rawstore import RawStore


class WarehouseResource(dg.ConfigurableResource):
    """DuckDB warehouse under BOTTLENECKS_HOME (or `home`, when set)."""

    home: str | None = None

    def settings(self) -> Settings:
        settings = load_settings()
        if self.home:
            from pathlib import Path

            settings = dataclasses.replace(settings, home=Path(self.home).resolve())
        return settings

    def store(self) -> RawStore:
        return RawStore(self.settings().raw_dir)

    @contextmanager
    def writer(self):
        with db.writer(self.settings()) as con:
            yield con
