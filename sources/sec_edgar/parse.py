"""Pure parsers of SEC EDGAR JSON: companyfacts -> one row per XBRL fact of the mapped tags, and
submissions -> one row per recent filing. Bytes in, a Polars frame out, or a ParseError naming the
company, the tag and the period, and what was expected.

Rules (fail closed):
- the body's CIK must be the filer's;
- a revenue fact must exist under at least one of the metric's tags (a body without one is refused);
- a monetary fact must be in the filer's currency (inventory, capex and the income lines alike);
- a fact's fiscal period label must be one SEC uses (FY, Q1..Q4, H1, H2), and its period end must
  fall on a quarter end of the company's fiscal calendar (within 10 days of the month end, which
  covers 52/53-week years), else the fact cannot be placed in a quarter;
- two facts with the same key (same tag, unit, dates, accession, form, fiscal labels, frame): the
  latest filed is kept and the other is recorded in `superseded` (value and filing date).
A restatement is a fact of a later accession: a new key, so every filing's figure stays queryable.
"""

from __future__ import annotations

import calendar
import json
from datetime import date

import polars as pl

from sources.errors import ParseError
from sources.sec_edgar.filers import Filer

# metric -> tags in priority order, per taxonomy (the tags issuers really use)
METRIC_TAGS: dict[str, dict[str, tuple[str, ...]]] = {
    "revenue": {
        "us-gaap": ("RevenueFromContractWithCustomerExcludingAssessedTax", "Revenues", "SalesRevenueNet"),
        "ifrs-full": ("Revenue", "RevenueFromContractsWithCustomers"),
    },
    "gross_profit": {"us-gaap": ("GrossProfit",), "ifrs-full": ("GrossProfit",)},
    "operating_income": {"us-gaap": ("OperatingIncomeLoss",), "ifrs-full": ("ProfitLossFromOperatingActivities",)},
    "net_income": {"us-gaap": ("NetIncomeLoss",), "ifrs-full": ("ProfitLossAttributableToOwnersOfParent", "ProfitLoss")},
    "capex": {
        "us-gaap": ("PaymentsToAcquirePropertyPlantAndEquipment",),
        "ifrs-full": ("PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities",),
    },
    "inventory": {"us-gaap": ("InventoryNet",), "ifrs-full": ("Inventories",)},
}
FISCAL_PERIODS = frozenset({"FY", "Q1", "Q2", "Q3", "Q4", "H1", "H2"})
MONTH_END_SLACK_DAYS = 10

FACT_SCHEMA = {
    "company_id": pl.Utf8, "cik": pl.Int64, "taxonomy": pl.Utf8, "tag": pl.Utf8, "metric": pl.Utf8,
    "tag_rank": pl.Int64, "unit": pl.Utf8,
    "period_start": pl.Utf8,  # ISO date; '' for an instant (inventory)
    "period_end": pl.Utf8, "accession": pl.Utf8, "form": pl.Utf8, "fiscal_year": pl.Int64,
    "fiscal_period": pl.Utf8, "frame": pl.Utf8,  # '' when SEC assigns no frame
    "filed": pl.Date, "value": pl.Float64, "superseded": pl.Utf8,
}
FACT_KEY = ("cik", "taxonomy", "tag", "unit", "period_start", "period_end", "accession", "form",
            "fiscal_year", "fiscal_period", "frame")

FILING_SCHEMA = {
    "company_id": pl.Utf8, "cik": pl.Int64, "accession": pl.Utf8, "form": pl.Utf8, "filed": pl.Date,
    "report_date": pl.Utf8, "primary_document": pl.Utf8,
}
FILING_KEY = ("cik", "accession")


def _date(text: object, where: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise ParseError(f"{where}: expected an ISO date, got {text!r}") from None


def on_fiscal_quarter_end(end: date, fiscal_year_end_month: int) -> bool:
    """Whether `end` is within MONTH_END_SLACK_DAYS of the end of a quarter-end month of the calendar."""
    quarter_months = {(fiscal_year_end_month - 1 + 3 * k) % 12 + 1 for k in range(4)}
    for year, month in ((end.year, end.month), _previous_month(end.year, end.month)):
        if month in quarter_months:
            month_end = date(year, month, calendar.monthrange(year, month)[1])
            if abs((end - month_end).days) <= MONTH_END_SLACK_DAYS:
                return True
    nxt = (end.year + (end.month == 12), end.month % 12 + 1)
    if nxt[1] in quarter_months:
        month_end = date(nxt[0], nxt[1], calendar.monthrange(*nxt)[1])
        return abs((end - month_end).days) <= MONTH_END_SLACK_DAYS
    return False


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def parse_companyfacts(body: bytes, origin: str, filer: Filer) -> pl.DataFrame:
    who = f"{origin} ({filer.company_id}, CIK {filer.cik})"
    try:
        doc = json.loads(body)
        facts = doc["facts"]
        cik = int(doc["cik"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"{who}: expected companyfacts JSON {{'cik', 'facts': {{taxonomy: {{tag: {{'units'}}}}}}}} "
                         f"({exc!r})") from None
    if cik != filer.cik:
        raise ParseError(f"{who}: the body is CIK {cik}, expected {filer.cik}")
    kept: dict[tuple, dict] = {}
    seen_revenue = False
    for metric, by_taxonomy in METRIC_TAGS.items():
        for taxonomy, tags in by_taxonomy.items():
            for rank, tag in enumerate(tags):
                concept = (facts.get(taxonomy) or {}).get(tag)
                if concept is None:
                    continue
                units = concept.get("units") if isinstance(concept, dict) else None
                if not isinstance(units, dict):
                    raise ParseError(f"{who}: {taxonomy}:{tag}: expected an object of units, got {type(units).__name__}")
                for unit, entries in units.items():
                    for entry in entries:
                        row = _fact(entry, who, filer, taxonomy, tag, metric, rank, unit)
                        seen_revenue = seen_revenue or metric == "revenue"
                        key = tuple(row[k] for k in FACT_KEY)
                        _keep_latest(kept, key, row)
    if not seen_revenue:
        wanted = ", ".join(f"{t}:{g}" for t, gs in METRIC_TAGS["revenue"].items() for g in gs)
        raise ParseError(f"{who}: no revenue fact under any of {wanted}; expected at least one "
                         "(missing tag: the filer's revenue cannot be read)")
    return pl.DataFrame(list(kept.values()), schema=FACT_SCHEMA)


def _fact(entry: dict, who: str, filer: Filer, taxonomy: str, tag: str, metric: str, rank: int, unit: str) -> dict:
    try:
        end = _date(entry["end"], f"{who}: {taxonomy}:{tag}")
        where = f"{who}: {taxonomy}:{tag}, period ending {end}"
        start = _date(entry["start"], where) if entry.get("start") else None
        fp = str(entry["fp"])
        value = float(entry["val"])
        fy = int(entry["fy"])
        filed = _date(entry["filed"], where)
        accession, form = str(entry["accn"]), str(entry["form"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ParseError(f"{who}: {taxonomy}:{tag}: expected a fact with end, val, accn, fy, fp, form, filed "
                         f"({exc!r})") from None
    period = f"{start} to {end}" if start else f"at {end}"
    if unit != filer.currency:
        raise ParseError(f"{who}: {taxonomy}:{tag}, period {period} (accession {accession}): unit {unit!r}, "
                         f"expected {filer.currency!r} (the filer's reporting currency)")
    if fp not in FISCAL_PERIODS:
        raise ParseError(f"{who}: {taxonomy}:{tag}, period {period} (accession {accession}): fiscal period {fp!r}, "
                         f"expected one of {sorted(FISCAL_PERIODS)}")
    if not on_fiscal_quarter_end(end, filer.fiscal_year_end_month):
        raise ParseError(f"{who}: {taxonomy}:{tag}, period {period} (accession {accession}, {fp} {fy}): the period "
                         f"end does not map to the company's fiscal calendar (fiscal year ends in month "
                         f"{filer.fiscal_year_end_month}; quarters end within {MONTH_END_SLACK_DAYS} days of a "
                         "quarter-end month's last day)")
    return {
        "company_id": filer.company_id, "cik": filer.cik, "taxonomy": taxonomy, "tag": tag, "metric": metric,
        "tag_rank": rank, "unit": unit, "period_start": start.isoformat() if start else "",
        "period_end": end.isoformat(), "accession": accession, "form": form, "fiscal_year": fy,
        "fiscal_period": fp, "frame": str(entry.get("frame") or ""), "filed": filed, "value": value,
        "superseded": None,
    }


def _keep_latest(kept: dict[tuple, dict], key: tuple, row: dict) -> None:
    """Same key twice: keep the latest filed (on a tie, the later in the body); record the other."""
    old = kept.get(key)
    if old is None:
        kept[key] = row
        return
    newer, older = (row, old) if row["filed"] >= old["filed"] else (old, row)
    note = f"{older['value']:g} (filed {older['filed']})"
    newer["superseded"] = "; ".join(x for x in (older["superseded"], newer["superseded"], note) if x)
    kept[key] = newer


def parse_submissions(body: bytes, origin: str, filer: Filer) -> pl.DataFrame:
    """The filing list (`filings.recent`: parallel arrays) -> one row per filing."""
    who = f"{origin} ({filer.company_id}, CIK {filer.cik})"
    try:
        doc = json.loads(body)
        cik = int(doc["cik"])
        recent = doc["filings"]["recent"]
        columns = [recent[k] for k in ("accessionNumber", "form", "filingDate", "reportDate", "primaryDocument")]
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"{who}: expected submissions JSON {{'cik', 'filings': {{'recent': {{accessionNumber, form, "
                         f"filingDate, reportDate, primaryDocument}}}}}} ({exc!r})") from None
    if cik != filer.cik:
        raise ParseError(f"{who}: the body is CIK {cik}, expected {filer.cik}")
    if len({len(c) for c in columns}) != 1:
        raise ParseError(f"{who}: filings.recent arrays differ in length: {[len(c) for c in columns]}")
    rows = [
        {"company_id": filer.company_id, "cik": cik, "accession": a, "form": f,
         "filed": _date(d, f"{who}: filing {a}"), "report_date": r or "", "primary_document": p or ""}
        for a, f, d, r, p in zip(*columns, strict=True)
    ]
    return pl.DataFrame(rows, schema=FILING_SCHEMA)
