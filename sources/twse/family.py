"""The TWSE family: one live source, `twse/monthly_revenue`, the TWSE OpenAPI table of listed
companies' monthly revenue (https://openapi.twse.com.tw/v1/opendata/t187ap05_L, JSON, no key, NT$
thousands), read for the tracked Taiwanese suppliers (`TRACKED`): ASE Technology Holding (3711, the
NYSE ADR `asx`) and TSMC (2330, tracked as the CoWoS proxy, not a company of the article). The table
holds the latest month only, so the source is partial: each snapshot adds or revises a month and never
closes the others; a restated month is a new version. Months are summed to calendar quarters in SQL
(`sql/marts/twse_quarterly_revenue.sql`) and reconciled against ASE's quarterly releases.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from sources.family import AssetPlan, Family, Schedule, Source, View
from sources.twse.parse import KEY, SCHEMA, parse_monthly_revenue

URL = "https://openapi.twse.com.tw/v1/opendata/t187ap05_L"
TRACKED: dict[str, str | None] = {"3711": "asx", "2330": None}  # TWSE code -> company_id (None: proxy only)

DAILY = Schedule("twse", "0 9 * * *", "Asia/Taipei", "TWSE monthly revenue: daily (companies report by the 10th).")
ASSET = AssetPlan(
    key=("twse", "monthly_revenue"),
    group="filings",
    description="Monthly revenue of the tracked Taiwanese suppliers from the TWSE OpenAPI (t187ap05_L, NT$ "
    "thousands): `twse_monthly_revenue`, one row per company x month, versioned; quarters in "
    "`twse_quarterly_revenue`, reconciled against ASE's quarterly releases.",
    kinds=frozenset({"json", "duckdb"}),
    parse_check=("twse_parse", "The TWSE monthly revenue table could be read for every tracked company."),
)


class TwseFamily(Family):
    name = "twse"

    def sources(self) -> list[Source]:
        return [Source(
            source_id="twse/monthly_revenue", family=self.name, location=URL, entity_type="twse_monthly_revenue",
            key=KEY, description="TWSE OpenAPI t187ap05_L: listed companies' latest monthly revenue (NT$ thousands) "
            "for 3711 (ASE) and 2330 (TSMC). Grain: one row per company x month.",
            asset=ASSET, schedules=(DAILY,), max_age=timedelta(days=35), live=True, partial=True, item=TRACKED,
        )]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        return parse_monthly_revenue(body, origin, source.item)

    def views(self) -> list[View]:
        return [View("views/twse")]


FAMILY = TwseFamily()
