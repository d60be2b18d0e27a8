"""Fiscal periods as releases name them ("third quarter of fiscal 2026", "Q2 FY26", "4Q25").

Pure functions. A period is kept as the text gives it (year, quarter, and whether the text
said "fiscal"); the mapping to calendar quarters uses each company's fiscal calendar, which
is data (`sources/reference/fiscal_calendars.csv`), and lives in one place: the mart
`company_release_figures` (sql/marts/company_release_figures.sql).
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
