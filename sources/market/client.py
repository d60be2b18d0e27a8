"""Two market-data clients behind one interface: `fetch(dataset, request) -> tidy frame`.

`LiveClient` asks yfinance (which talks to Yahoo through curl_cffi, so an httpx mock
never reaches it). `RecordedClient` replays recorded answers from JSON files in the
snapshot format of `frames.to_bytes`; tests use it with frames labelled synthetic.
A client raises `MarketUnavailable` when the service cannot answer (DNS, HTTP, timeouts),
never a yfinance or curl type, so callers need not know which client they hold.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

import polars as pl

from sources.market import frames


class MarketUnavailable(RuntimeError):
    """The market-data service could not answer; the message says which call and why."""


class MarketClient(Protocol):
    name: str
    synthetic: bool
    touches_network: bool

    def fetch(self, dataset: str, request: dict) -> pl.DataFrame: ...


def _missing_data(exc: Exception) -> bool:
    # yfinance's "no price data found / possibly delisted" for a day without trading.
    return "Missing" in type(exc).__name__ or "NoData" in type(exc).__name__


class LiveClient:
    name = "yfinance"
    synthetic = False
    touches_network = True

    def __init__(self, timeout_s: float = 20):
        self.timeout_s = timeout_s

    def _call(self, what: str, fn):
        try:
            return fn()
        except Exception as exc:  # yfinance and curl_cffi raise many types; all mean "no answer"
            if _missing_data(exc):
                return None
            raise MarketUnavailable(f"yfinance {what}: {type(exc).__name__}: {str(exc).strip()[:300]}") from exc

    def _history(self, symbol: str, day: date):
        import yfinance as yf

        ticker = yf.Ticker(symbol)
        history = self._call(
            f"{symbol} history {day}",
            lambda: ticker.history(start=day, end=day + timedelta(days=1), auto_adjust=False,
                                   raise_errors=True, timeout=self.timeout_s),
        )
        if history is None or history.empty:
            return ticker, []
        return ticker, [(idx.date().isoformat(), row) for idx, row in history.iterrows() if idx.date() == day]

    def fetch(self, dataset: str, request: dict) -> pl.DataFrame:
        if dataset == "prices":
            day = date.fromisoformat(request["date"])
            rows = []
            for symbol in request["symbols"]:
                ticker, days = self._history(symbol, day)
                currency = (getattr(ticker, "history_metadata", None) or {}).get("currency") if days else None
                for iso, r in days:
                    rows.append({
                        "symbol": symbol, "date": iso, "currency": currency, "open": float(r["Open"]),
                        "high": float(r["High"]), "low": float(r["Low"]), "close": float(r["Close"]),
                        "adj_close": float(r["Adj Close"]), "volume": int(r["Volume"]),
                    })
            return pl.DataFrame(rows, schema=frames.empty("prices").schema) if rows else frames.empty("prices")
        if dataset == "fx":
            day = date.fromisoformat(request["date"])
            rows = []
            for currency in request["currencies"]:
                _, days = self._history(f"{currency}=X", day)
                rows += [{"currency": currency, "date": iso, "local_per_usd": float(r["Close"])} for iso, r in days]
            return pl.DataFrame(rows, schema=frames.empty("fx").schema) if rows else frames.empty("fx")
        if dataset == "financials":
            return self._financials(request["symbols"])
        if dataset == "profiles":
            return self._profiles(request["symbols"], request["as_of"])
        raise KeyError(f"unknown market dataset {dataset!r}")

    def _financials(self, symbols: list[str]) -> pl.DataFrame:
        import yfinance as yf

        rows = []
        for symbol in symbols:
            ticker = yf.Ticker(symbol)
            statement = self._call(f"{symbol} quarterly income statement", lambda t=ticker: t.quarterly_income_stmt)
            info = self._call(f"{symbol} info", lambda t=ticker: t.info) or {}
            if statement is None or statement.empty:
                continue
            for period in statement.columns:
                col = statement[period]

                def value(name, col=col):
                    v = col.get(name)
                    return None if v is None or v != v else float(v)

                if value("Total Revenue") is None:
                    continue
                rows.append({
                    "symbol": symbol, "period_end": period.date().isoformat(),
                    "currency": info.get("financialCurrency") or info.get("currency"),
                    "revenue": value("Total Revenue"), "gross_profit": value("Gross Profit"),
                    "operating_income": value("Operating Income"),
                })
        if not rows:
            raise MarketUnavailable(f"yfinance returned no quarterly statement for any of {symbols}")
        return pl.DataFrame(rows, schema=frames.empty("financials").schema)

    def _profiles(self, symbols: list[str], as_of: str) -> pl.DataFrame:
        import yfinance as yf

        rows = []
        for symbol in symbols:
            info = self._call(f"{symbol} info", lambda s=symbol: yf.Ticker(s).info) or {}
            if not info.get("marketCap"):
                continue
            rows.append({
                "symbol": symbol, "as_of": as_of, "currency": info.get("currency"),
                "market_cap": float(info["marketCap"]),
                "shares_outstanding": float(info["sharesOutstanding"]) if info.get("sharesOutstanding") else None,
                "enterprise_value": float(info["enterpriseValue"]) if info.get("enterpriseValue") else None,
            })
        if not rows:
            raise MarketUnavailable(f"yfinance returned no profile for any of {symbols}")
        return pl.DataFrame(rows, schema=frames.empty("profiles").schema)


class RecordedClient:
    """Replays `<directory>/<dataset>.json` (the `frames.to_bytes` format); no network.

    The recording's own `synthetic` flag is carried into every snapshot it answers, so a
    synthetic recording can never pass for market data."""

    touches_network = False

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.name = f"recorded:{self.directory.name}"
        self.synthetic = True

    def _recording(self, dataset: str) -> tuple[pl.DataFrame, bool]:
        path = self.directory / f"{dataset}.json"
        if not path.exists():
            raise MarketUnavailable(f"no recording of {dataset!r} in {self.directory}")
        data = path.read_bytes()
        self.synthetic = json.loads(data)["synthetic"]
        return frames.parse(dataset, data, str(path)).drop("synthetic"), self.synthetic

    def fetch(self, dataset: str, request: dict) -> pl.DataFrame:
        frame, _ = self._recording(dataset)
        if dataset == "prices":
            return frame.filter(pl.col("date") == request["date"], pl.col("symbol").is_in(request["symbols"]))
        if dataset == "fx":
            return frame.filter(pl.col("date") == request["date"], pl.col("currency").is_in(request["currencies"]))
        if dataset == "financials":
            return frame.filter(pl.col("symbol").is_in(request["symbols"]))
        if dataset == "profiles":
            return frame.filter(pl.col("symbol").is_in(request["symbols"])).with_columns(as_of=pl.lit(request["as_of"]))
        raise KeyError(f"unknown market dataset {dataset!r}")
