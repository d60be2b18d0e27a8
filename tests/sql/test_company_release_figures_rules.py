"""`company_release_figures` fiscal -> calendar mapping over literal rows (`release_figures`,
`ref_fiscal_calendars`): fiscal quarter q of fiscal year Y nominally ends 3 x (4 - q) months
before Y's end month, and maps to the calendar quarter holding its middle month; a period the
release labels as a calendar quarter maps one to one; a fiscal-labelled period of a company
without a calendar row gets no calendar period."""

from datetime import date

import pytest

from tests.sql.literal import pick, run_mart

CALENDARS = {"dec": 12, "jan": 1, "jun": 6, "apr": 4}


def figure(company_id, fiscal_year, fiscal_quarter, fiscal_label=True):
    return {"company_id": company_id, "fiscal_year": fiscal_year, "fiscal_quarter": fiscal_quarter,
            "fiscal_label": fiscal_label, "metric": "revenue", "basis": "gaap", "status": "found", "value": 1e9,
            "currency": "USD", "url": f"https://ir.example/{company_id}"}


CASES = [  # company (fiscal year end month), fiscal year, quarter, fiscal label -> fiscal period, calendar, end, basis
    ("dec", 2025, 4, True, "Q4 2025", "2025Q4", date(2025, 12, 31), "calendar_year"),
    ("jan", 2026, 4, True, "Q4 FY2026", "2025Q4", date(2026, 1, 31), "fiscal_calendar"),  # Nov-Jan: Dec is Q4
    ("jan", 2026, 1, True, "Q1 FY2026", "2025Q1", date(2025, 4, 30), "fiscal_calendar"),  # Feb-Apr: March is Q1
    ("jun", 2026, 3, True, "Q3 FY2026", "2026Q1", date(2026, 3, 31), "fiscal_calendar"),  # Jan-Mar
    ("jun", 2026, 1, True, "Q1 FY2026", "2025Q3", date(2025, 9, 30), "fiscal_calendar"),  # Jul-Sep
    ("apr", 2026, 2, True, "Q2 FY2026", "2025Q3", date(2025, 10, 31), "fiscal_calendar"),  # Aug-Oct: Sep is Q3
    ("jun", 2025, 4, False, "Q4 2025", "2025Q4", date(2025, 12, 31), "calendar_label"),  # "4Q25": one to one
    ("none", 2026, 2, True, "Q2 FY2026", None, None, "no_fiscal_calendar"),  # no calendar row: no guess
]


@pytest.fixture(scope="module")
def mapped():
    rows = run_mart("company_release_figures", {
        "release_figures": [figure(c, y, q, label) for c, y, q, label, *_ in CASES],
        "ref_fiscal_calendars": [{"company_id": c, "fiscal_year_end_month": m} for c, m in CALENDARS.items()],
    })
    return {(r["company_id"], r["fiscal_year"], r["fiscal_quarter"], r["fiscal_label"]): r for r in rows}


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}q{c[2]}{'' if c[3] else '-calendar-label'}" for c in CASES])
def test_fiscal_quarters_map_to_the_calendar_quarter_of_their_middle_month(mapped, case):
    company, year, quarter, label, fiscal, calendar, end, basis = case
    row = mapped[(company, year, quarter, label)]
    assert (row["fiscal_period"], row["calendar_period"], row["nominal_period_end"], row["calendar_basis"]) == (
        fiscal, calendar, end, basis)


def test_every_figure_keeps_its_value_and_source(mapped):
    assert len(mapped) == len(CASES)
    assert pick(list(mapped.values())[:1], "metric", "basis", "status", "value", "currency", "source_url") == [
        ("revenue", "gaap", "found", 1e9, "USD", "https://ir.example/apr")]
