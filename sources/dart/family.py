"""The OpenDART family (issue 16): the main accounts of Samsung Electronics' and SK hynix's periodic
reports (`fnlttSinglAcnt.json`, consolidated: revenue, operating income, net income) from the Korean
FSS's OpenDART, when `BOTTLENECKS_DART_KEY` (a free key from opendart.fss.or.kr) is set. Without a key
nothing is sent and the sources are stale saying "no key". Each run asks for the four quarterly and
annual reports of the last two business years (reprt_code 11013 Q1, 11012 H1, 11014 Q3, 11011 FY);
partial: a report not filed yet (DART status 013) adds nothing and closes nothing. The key travels in
the query string, as DART requires, and is masked in every URL the warehouse records.

corp_code (DART's 8-digit company id, not the KRX ticker) is cited in `CORPS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import polars as pl

from sources.dart.parse import KEY, REPORTS, SCHEMA, parse_accounts
from sources.family import AssetPlan, Family, FetchContext, Schedule, Source, View
from sources.fetch import Fetched, Request

API = "https://opendart.fss.or.kr/api/fnlttSinglAcnt.json"
NO_KEY = ("no key: set BOTTLENECKS_DART_KEY to fetch Samsung Electronics' and SK hynix's periodic-report "
          "accounts (a free OpenDART key, https://opendart.fss.or.kr); not fetched")
# company_id -> (corp_code, where it was read)
CORPS = {
    "005930.ks": ("00126380", "https://github.com/jellygit/open_dart (README: 'corp_code=00126380' for 삼성전자)"),
    "000660.ks": ("00164779", "OpenDartReader usage docs: dart.finstate('00126380,00164779,00164742') = "
                              "'삼성전자, SK하이닉스, 현대자동차' (public code examples; a corpCode.xml test copy agrees)"),
}
QUARTERLY = Schedule("dart", "0 8 * * *", "Asia/Seoul", "OpenDART periodic reports: daily.")
ASSET = AssetPlan(
    key=("dart", "accounts"), group="filings",
    description="Samsung Electronics' and SK hynix's consolidated main accounts (revenue, operating income, net "
    "income) from their periodic reports on OpenDART (`dart_accounts`: one row per company x business year x report "
    "x metric); needs BOTTLENECKS_DART_KEY.",
    kinds=frozenset({"json", "duckdb"}),
    parse_check=("dart_parse", "Every OpenDART answer fetched this run could be read."),
)


def mask(url: str, key: str) -> str:
    return url.replace(key, "***") if key else url


def report_params(now: datetime) -> list[tuple[int, str]]:
    """The (business year, report code) pairs asked for: every report of this year and last."""
    return [(year, code) for year in (now.year - 1, now.year) for code in REPORTS]


class DartFamily(Family):
    name = "dart"

    def sources(self) -> list[Source]:
        return [Source(
            source_id=f"dart/{company}", family=self.name, location=API, entity_type="dart_account", key=KEY,
            description=f"{company}: OpenDART fnlttSinglAcnt (corp_code {corp}, cited: {cite}). Grain: one row per "
            "business year x report x metric.",
            asset=ASSET, schedules=(QUARTERLY,), max_age=timedelta(days=100), live=True, partial=True,
            item=(company, corp),
        ) for company, (corp, cite) in CORPS.items()]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        company, corp = source.item
        return parse_accounts(body, origin, company, corp)

    def views(self) -> list[View]:
        return [View("views/dart")]

    def requests(self, source: Source, ctx: FetchContext) -> list[Request]:
        _, corp = source.item
        key = ctx.settings.dart_key or ""
        now = ctx.now or datetime.now(UTC)
        return [Request(source.source_id, f"{source.location}?" + urlencode(
            {"crtfc_key": key, "corp_code": corp, "bsns_year": year, "reprt_code": code}))
            for year, code in report_params(now)]

    def fetch(self, sources: Mapping[str, Source], requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
        key = ctx.settings.dart_key
        if not key:
            now = datetime.now(UTC)
            return [Fetched(r.source_id, r.url.split("?")[0], now, None, None, error=NO_KEY) for r in requests]
        fetched = ctx.fetch_http(requests)
        return [replace(f, url=mask(f.url, key), error=mask(f.error, key) if f.error else None) for f in fetched]


FAMILY = DartFamily()
