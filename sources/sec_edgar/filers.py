"""The filers this family fetches (`filers.csv`): company, ticker, CIK (each cited), the taxonomy and
currency their facts are expected in, and their fiscal year end month (from the reference table
fiscal_calendars.csv). A filer without a cited CIK declares no source: it is listed, not guessed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from sources.shipped import shipped_path

SEC_API = "https://data.sec.gov"


@dataclass(frozen=True)
class Filer:
    company_id: str
    ticker: str
    cik: int | None
    taxonomy: str  # us-gaap | ifrs-full: where its income statement facts are expected
    currency: str  # the unit every monetary fact must be in
    annual_form: str  # 10-K | 20-F
    fiscal_year_end_month: int  # 1..12, from sources/reference/fiscal_calendars.csv
    cik_source_url: str
    api: str = SEC_API  # the host serving the JSON (tests point it at 127.0.0.1)

    @property
    def companyfacts_url(self) -> str:
        return f"{self.api}/api/xbrl/companyfacts/CIK{self.cik:010d}.json"

    @property
    def submissions_url(self) -> str:
        return f"{self.api}/submissions/CIK{self.cik:010d}.json"


def parse_filers(filers_csv: str, calendars_csv: str) -> dict[str, Filer]:
    """Pure: the two CSV texts -> filers by company_id. A filer with no fiscal calendar is refused."""
    months = {r["company_id"]: int(r["fiscal_year_end_month"]) for r in csv.DictReader(io.StringIO(calendars_csv))}
    out: dict[str, Filer] = {}
    for row in csv.DictReader(io.StringIO(filers_csv)):
        company = row["company_id"]
        if company not in months:
            raise ValueError(f"sources/sec_edgar/filers.csv: {company}: no row in fiscal_calendars.csv "
                             "(its fiscal periods could not be mapped)")
        out[company] = Filer(company, row["ticker"], int(row["cik"]) if row["cik"].strip() else None,
                             row["taxonomy"], row["currency"], row["annual_form"], months[company],
                             row["cik_source_url"])
    return out


@cache
def filers() -> dict[str, Filer]:
    return parse_filers(shipped_path("sources/sec_edgar/filers.csv").read_text(),
                        shipped_path("sources/reference/fiscal_calendars.csv").read_text())
