"""The fiscal -> calendar mapping lives in company_release_figures (SQL, with the calendars in
ref_fiscal_calendars): fiscal years labelled by the calendar year they end in, a quarter mapped
to the calendar quarter holding its middle month (Credo's quarter ending 1 November is Aug-Oct,
calendar Q3), calendar-labelled periods ("4Q25") one to one, and a fiscal-labelled period of a
company without a calendar row left unmapped rather than guessed."""

import dataclasses
from datetime import UTC, date, datetime

import pytest

from sources.fetch import Fetched
from sources.registry import SOURCES
from sources.releases.registry import registry
from tests.conftest import load_shipped
from sources.settings import load_settings
from warehouse import db
from warehouse.load import ingest
from warehouse.marts import build_mart
from warehouse.rawstore import RawStore

CASES = [  # company, how the release names its period, fiscal period, calendar period, nominal end (year, month)
    ("lite", "third quarter of fiscal 2026", "Q3 FY2026", "2026Q1", (2026, 3)),  # ended 2026-03-28
    ("mu", "FQ3 2026", "Q3 FY2026", "2026Q2", (2026, 5)),  # ended 2026-05-28
    ("crdo", "Q2 FY26", "Q2 FY2026", "2025Q3", (2025, 10)),  # ended 2025-11-01: Aug-Oct is calendar Q3
    ("crdo", "first quarter of fiscal 2025", "Q1 FY2025", "2024Q2", (2024, 7)),  # ended 2024-08-03
    ("nvda", "fourth quarter of fiscal 2026", "Q4 FY2026", "2025Q4", (2026, 1)),
    ("amkr", "fourth quarter of 2025", "Q4 2025", "2025Q4", (2025, 12)),
    ("asx", "4Q25", "Q4 2025", "2025Q4", (2025, 12)),
    ("cohr", "Q4 2025", "Q4 2025", "2025Q4", (2025, 12)),  # calendar-labelled although Coherent's year ends in June
    ("gfs", "fourth quarter of fiscal 2025", "Q4 2025", "2025Q4", (2025, 12)),  # fiscal year = calendar year
    ("zzz", "Q2 FY26", "Q2 FY2026", None, None),  # no fiscal calendar row: no calendar period
]


@pytest.fixture
def mart(home):
    settings = load_settings()
    store = RawStore(settings.raw_dir)
    at = datetime(2026, 3, 1, tzinfo=UTC)
    load_shipped(settings, {"reference/fiscal_calendars"}, now=at)
    with db.writer(settings) as con:
        for i, (company, period, *_) in enumerate(CASES):
            # a release source of this company (hand-written bodies below), read without segment names
            company_entry = dataclasses.replace(registry()["mu"], company_id=company, segments=())
            release = dataclasses.replace(SOURCES["release/mu"], source_id=f"release/{company}", item=company_entry)
            body = f"Results for the {period}. Revenue was ${i + 1}.25 billion.".encode()
            ingest(con, store, release, Fetched(release.source_id, f"https://example.invalid/{i}", at, 200, body), "t")
        build_mart(con, "company_release_figures")
        yield con


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_fiscal_periods_map_to_calendar_quarters(mart, index, case):
    company, _, fiscal, calendar, end = case
    got = mart.execute(
        "select fiscal_period, calendar_period, nominal_end_year, nominal_end_month, value, currency, source_url "
        "from company_release_figures where company_id = ? and fiscal_period = ? and metric = 'revenue'",
        [company, fiscal],
    ).fetchall()
    end_year, end_month = end or (None, None)
    assert got == [(fiscal, calendar, end_year, end_month, (index + 1.25) * 1e9, "USD", f"https://example.invalid/{index}")]


def test_calendar_basis_says_how_each_period_was_mapped(mart):
    assert mart.execute(
        "select company_id, calendar_basis, nominal_period_end from company_release_figures "
        "where metric = 'revenue' and company_id in ('amkr', 'cohr', 'gfs', 'lite', 'zzz') order by 1"
    ).fetchall() == [
        ("amkr", "calendar_label", date(2025, 12, 31)),
        ("cohr", "calendar_label", date(2025, 12, 31)),
        ("gfs", "calendar_year", date(2025, 12, 31)),
        ("lite", "fiscal_calendar", date(2026, 3, 31)),
        ("zzz", "no_fiscal_calendar", None),
    ]
