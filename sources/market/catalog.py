"""The market datasets: what each holds, its grain and its key. The registry builds one
source per dataset from this list (sources/market/family.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Dataset:
    name: str
    key: tuple[str, ...]
    cadence: timedelta
    description: str
    # A partial snapshot (one day of a daily series) revises the entities it holds and
    # leaves every other entity of the source current.
    partial: bool
    daily: bool = False  # one day per fetch: the asset is partitioned by day


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset(
            "prices", ("symbol", "date"), timedelta(days=4),
            "Daily OHLC close and volume per listed company, in the listing's currency (yfinance).", True, True,
        ),
        Dataset(
            "fx", ("currency", "date"), timedelta(days=4),
            "Daily FX rates, local currency units per USD (yfinance symbols KRW=X, TWD=X).", True, True,
        ),
        Dataset(
            "financials", ("symbol", "period_end"), timedelta(days=30),
            "Quarterly revenue, gross profit and operating income per listed company, in its reporting currency (yfinance).",
            True,
        ),
        Dataset(
            "profiles", ("symbol",), timedelta(days=4),
            "Market capitalisation, shares outstanding and enterprise value per listed company (yfinance).", True,
        ),
    ]
}
