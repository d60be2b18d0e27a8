"""Data checks on the market marts: no negative prices, no trading gap longer than an
exchange's holiday run, a known currency on every row, contiguous revenue quarters.
Each check is a SQL file under sql/checks/ returning its violations."""

import dagster as dg

from pipelines.resources import WarehouseResource
from warehouse.sqlfiles import sql

CHECKS = [
    # (asset, check name, SQL file, what a violation is, description)
    ("company_prices", "no_negative_prices", "checks/market_negative_prices", "negative or zero prices",
     "Every close, open, high, low and USD close is positive."),
    ("company_prices", "no_trading_gaps", "checks/market_price_gaps", "gaps longer than the exchange's holiday run",
     "Consecutive trading days of a listing are at most 4 calendar days apart on NASDAQ/NYSE "
     "(a holiday next to a weekend) and 10 on KRX/TWSE (Lunar New Year, Chuseok)."),
    ("company_prices", "currency_known", "checks/market_unknown_currency", "rows without a known currency or FX rate",
     "Every price row names its currency, and every non-USD row found an FX rate."),
    ("company_financials", "currency_known", "checks/financials_unknown_currency", "rows without a known currency or FX rate",
     "Every quarter names its currency and converts to USD."),
    ("company_financials", "revenue_quarters_contiguous", "checks/revenue_quarter_gaps", "missing quarters",
     "Quarterly statements from yfinance are contiguous: consecutive period ends 80-100 days apart. "
     "Reported reference quarters are a sparse sample by design and are not checked."),
]


def _check(asset: str, name: str, query: str, what: str, description: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=dg.AssetKey(asset), name=name, description=description, blocking=False)
    def _run(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.writer() as con:
            cursor = con.execute(sql(query))
            columns = [d[0] for d in cursor.description]
            violations = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
        return dg.AssetCheckResult(
            passed=not violations,
            severity=dg.AssetCheckSeverity.ERROR,
            description=f"{len(violations)} {what}" if violations else f"no {what}",
            metadata={"violations": dg.MetadataValue.json([{k: str(v) for k, v in r.items()} for r in violations[:20]])},
        )

    return _run


def market_checks() -> list[dg.AssetChecksDefinition]:
    return [_check(*spec) for spec in CHECKS]
