"""Fiscal periods as releases name them, mapped to calendar quarters with each company's
fiscal calendar (which is data: `sources/reference/fiscal_calendars.csv`).

Pure functions. A fiscal year is labelled by the calendar year in which it ends (Micron's
fiscal 2026 ends in late August 2026; Lumentum's fiscal 2026 in late June 2026). A
fiscal quarter is mapped to the calendar quarter holding its middle month, so a
52/53-week quarter ending on 1 November (Aug-Oct) is calendar Q3, not Q4.
"""

import re
from dataclasses import dataclass

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORD = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
_YEAR = r"(?P<year>(?:19|20)\d\d|'?\d\d)"

PATTERNS = [
    # "third quarter of fiscal 2026", "third quarter of fiscal year 2026", "fiscal third quarter of 2026"
    (re.compile(rf"{_ORD}\s+(?:fiscal\s+)?quarter\s+(?:of\s+)?fiscal\s+(?:year\s+)?{_YEAR}", re.I), True),
    (re.compile(rf"fiscal\s+(?:year\s+)?{_YEAR}\s+{_ORD}\s+quarter", re.I), True),
    (re.compile(rf"fiscal\s+{_ORD}\s+quarter\s+(?:of\s+)?(?:fiscal\s+)?{_YEAR}", re.I), True),
    # "Q2 FY26", "Q2 FY 2026", "Q2 fiscal 2026", "FQ3 2026", "fiscal Q3 2026", "Q3 FY2026"
    (re.compile(rf"\bQ(?P<q>[1-4])\s*(?:FY|fiscal\s+(?:year\s+)?)\s*{_YEAR}\b", re.I), True),
    (re.compile(rf"\bFQ(?P<q>[1-4])[\s-]*(?:FY)?{_YEAR}\b", re.I), True),
    (re.compile(rf"\bfiscal\s+Q(?P<q>[1-4])\s+{_YEAR}\b", re.I), True),
    (re.compile(rf"\bFY\s*{_YEAR}\s*Q(?P<q>[1-4])\b", re.I), True),
    # calendar-labelled: "4Q25", "4Q 2025", "Q4 2025", "fourth quarter of 2025", "2025년 3분기"
    (re.compile(rf"\b(?P<q>[1-4])Q\s*{_YEAR}\b", re.I), False),
    (re.compile(rf"\bQ(?P<q>[1-4])\s+{_YEAR}\b", re.I), False),
    (re.compile(rf"{_ORD}\s+quarter\s+(?:of\s+|ended\s+\w+\s+\d+,\s+)?{_YEAR}", re.I), False),
    (re.compile(r"(?P<year>20\d\d)년\s*(?P<q>[1-4])\s*분기"), False),
]


@dataclass(frozen=True)
class FiscalPeriod:
    year: int
    quarter: int
    fiscal_label: bool  # the text said "fiscal"/FY: the company's fiscal calendar applies
    text: str


@dataclass(frozen=True)
class FiscalCalendar:
    company_id: str
    fiscal_year_end_month: int  # month in which the fiscal year (nominally) ends
    rule: str  # e.g. "Saturday closest to June 30"
    source_doc_id: str


@dataclass(frozen=True)
class CalendarMapping:
    fiscal_year: int
    fiscal_quarter: int
    fiscal_period: str  # "Q3 FY2026"
    calendar_year: int
    calendar_quarter: int
    calendar_period: str  # "2026Q1"
    nominal_end_year: int
    nominal_end_month: int


def _year(text: str) -> int:
    text = text.lstrip("'")
    return int(text) if len(text) == 4 else 2000 + int(text)


def parse_fiscal_period(text: str) -> FiscalPeriod | None:
    """The first period a text names, or None."""
    best = None
    for pattern, fiscal in PATTERNS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0].start()):
            best = (m, fiscal)
    if best is None:
        return None
    m, fiscal = best
    groups = m.groupdict()
    quarter = int(groups["q"]) if groups.get("q") else ORDINALS[groups["ord"].lower()]
    return FiscalPeriod(_year(groups["year"]), quarter, fiscal, m.group(0))


def to_calendar(period: FiscalPeriod, calendar: FiscalCalendar | None) -> CalendarMapping:
    """Map a fiscal period to calendar dates. Calendar-year companies (year-end month 12), and
    periods the text labels as calendar quarters, map one to one."""
    end_month = calendar.fiscal_year_end_month if (calendar and period.fiscal_label) else 12
    # months from the quarter's nominal end to the fiscal year's end
    back = 3 * (4 - period.quarter)
    index = period.year * 12 + (end_month - 1) - back  # months since year 0
    nominal_end_year, nominal_end_month = divmod(index, 12)
    middle_index = index - 1
    middle_year, middle_month0 = divmod(middle_index, 12)
    calendar_quarter = middle_month0 // 3 + 1
    return CalendarMapping(
        fiscal_year=period.year,
        fiscal_quarter=period.quarter,
        fiscal_period=f"Q{period.quarter} FY{period.year}" if end_month != 12 else f"Q{period.quarter} {period.year}",
        calendar_year=middle_year,
        calendar_quarter=calendar_quarter,
        calendar_period=f"{middle_year}Q{calendar_quarter}",
        nominal_end_year=nominal_end_year,
        nominal_end_month=nominal_end_month + 1,
    )
