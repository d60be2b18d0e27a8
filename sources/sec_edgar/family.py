"""The SEC EDGAR family: per filer of `filers.csv` with a cited CIK, two live sources loaded by one
batch asset:
- `sec_companyfacts/<company>`: https://data.sec.gov/api/xbrl/companyfacts/CIK##########.json,
  read into XBRL facts of the mapped tags (entity type `sec_fact`, keyed by cik, taxonomy, tag,
  unit, period start and end, accession, form, fiscal year and period, frame);
- `sec_submissions/<company>`: https://data.sec.gov/submissions/CIK##########.json, the filing
  list (entity type `sec_filing`, one per accession; partial: the list shows recent filings).

The SEC asks every client to declare who it is: requests carry the User-Agent of
BOTTLENECKS_SEC_USER_AGENT (a name and a contact email). Without one the family refuses to fetch
and the sources are stale with that reason; nothing stored is lost. Requests go through the
polite client at most 8 per second to the host (the SEC's fair-access limit is 10), one at a time,
retrying 429/5xx with Retry-After honoured. Quarterly values are derived in SQL
(`sql/marts/sec_quarterly_financials.sql`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import timedelta

import polars as pl

from sources.family import AssetPlan, Family, FetchContext, Schedule, Source, View
from sources.fetch import Fetched, Request
from sources.sec_edgar.filers import Filer, filers
from sources.sec_edgar.parse import FACT_KEY, FACT_SCHEMA, FILING_KEY, FILING_SCHEMA, parse_companyfacts, parse_submissions

FACT_ENTITY_TYPE = "sec_fact"
FILING_ENTITY_TYPE = "sec_filing"
SEC_REQUESTS_PER_SECOND = 8
UA_MISSING = ("no SEC User-Agent: set BOTTLENECKS_SEC_USER_AGENT to your name and contact email, e.g. "
              "'Jane Analyst jane@example.com' (the SEC requires one, https://www.sec.gov/os/accessing-edgar-data); "
              "not fetched")

DAILY = Schedule("sec_edgar", "30 6 * * *", "UTC", "SEC EDGAR companyfacts and submissions: daily.")
ASSET = AssetPlan(
    key=("sec_edgar", "filings"),
    group="filings",
    description="XBRL facts of the tracked US filers and ADRs from SEC EDGAR companyfacts (`sec_facts`: one row "
    "per cik x taxonomy x tag x unit x period x accession x form x fiscal year/period x frame, revenue, gross "
    "profit, operating and net income, capex, inventory) and their filing lists (`sec_filings`), fetched with "
    "the SEC-required User-Agent at most 8 requests/s; quarters derived in `sec_quarterly_financials`.",
    kinds=frozenset({"json", "duckdb"}),
    parse_check=("sec_edgar_parse", "Every SEC body fetched this run could be read (tags, units, fiscal periods)."),
)


def filer_sources(filer: Filer) -> tuple[Source, Source]:
    facts = Source(
        source_id=f"sec_companyfacts/{filer.company_id}", family=SecEdgarFamily.name,
        location=filer.companyfacts_url, entity_type=FACT_ENTITY_TYPE, key=FACT_KEY,
        description=f"{filer.company_id} ({filer.ticker}, CIK {filer.cik}): SEC companyfacts, {filer.taxonomy} facts in "
        f"{filer.currency}. Grain: one row per XBRL fact of a mapped tag (CIK cited: {filer.cik_source_url}).",
        asset=ASSET, schedules=(DAILY,), max_age=timedelta(days=3), live=True, item=filer,
    )
    filings = Source(
        source_id=f"sec_submissions/{filer.company_id}", family=SecEdgarFamily.name,
        location=filer.submissions_url, entity_type=FILING_ENTITY_TYPE, key=FILING_KEY,
        description=f"{filer.company_id} ({filer.ticker}, CIK {filer.cik}): SEC submissions, the recent filing list. "
        "Grain: one row per filing (accession).",
        asset=ASSET, schedules=(DAILY,), max_age=timedelta(days=3), live=True, partial=True, item=filer,
    )
    return facts, filings


def sec_policy(settings):
    from sources.http import Policy

    return replace(Policy.from_settings(settings), per_host_concurrency=1,
                   per_host_interval_s=1.0 / SEC_REQUESTS_PER_SECOND)


def explain(fetched: Fetched, user_agent: str) -> Fetched:
    """A refused answer with the SEC's meaning: 403 is what EDGAR answers an undeclared client."""
    if fetched.status == 403:
        return replace(fetched, error=f"HTTP 403 from {fetched.url}: the SEC refuses clients that do not declare "
                       f"themselves; sent User-Agent {user_agent!r} (set BOTTLENECKS_SEC_USER_AGENT to a name and "
                       "contact email)")
    if fetched.status == 429:
        return replace(fetched, error=f"{fetched.error} at {fetched.url}: rate limited by the SEC (fair access: 10 "
                       f"requests/s; this client sends at most {SEC_REQUESTS_PER_SECOND}/s and honours Retry-After)")
    return fetched


class SecEdgarFamily(Family):
    name = "sec_edgar"

    def sources(self) -> list[Source]:
        return [s for f in filers().values() if f.cik is not None for s in filer_sources(f)]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return FACT_SCHEMA if source.entity_type == FACT_ENTITY_TYPE else FILING_SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        if source.entity_type == FACT_ENTITY_TYPE:
            return parse_companyfacts(body, origin, source.item)
        return parse_submissions(body, origin, source.item)

    def views(self) -> list[View]:
        return [View("views/sec_edgar")]

    def fetch(self, sources: Mapping[str, Source], requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
        from datetime import UTC, datetime

        user_agent = ctx.settings.sec_user_agent
        if not user_agent:
            now = datetime.now(UTC)
            return [Fetched(r.source_id, r.url, now, None, None, r.etag, r.last_modified, error=UA_MISSING)
                    for r in requests]
        settings = replace(ctx.settings, user_agent=user_agent)
        if ctx.http is not None:
            fetched = ctx.http(requests, settings)
        else:
            from sources.http import fetch_many

            fetched = fetch_many(requests, settings, sec_policy(settings))
        return [explain(f, user_agent) for f in fetched]


FAMILY = SecEdgarFamily()
