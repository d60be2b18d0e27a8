"""Pure parser of the TWSE OpenAPI monthly revenue table (`/v1/opendata/t187ap05_L`: a JSON list, one
object per listed company, the latest month only, amounts in NT$ thousands as strings) -> one row per
tracked company x month. Fields used (as the API names them): 資料年月 (the ROC year-month, read as
11410 or 114/10 = 2025-10), 公司代號, 公司名稱, 營業收入-當月營收 (this month), 營業收入-去年當月營收
(the same month a year earlier), 累計營業收入-當月累計營收 (year to date), 出表日期 (the table's date,
kept as given). A tracked company missing from the table is no error (the snapshot is partial); a
tracked company's row without those fields or with a value that is not a number is refused, naming
company, field and month.
"""

from __future__ import annotations

import json
import re
from datetime import date

import polars as pl

from sources.errors import ParseError

SCHEMA = {
    "company_code": pl.Utf8, "company_id": pl.Utf8, "company_name": pl.Utf8, "revenue_month": pl.Date,
    "revenue_twd_k": pl.Float64, "revenue_year_ago_twd_k": pl.Float64, "revenue_ytd_twd_k": pl.Float64,
    "published": pl.Utf8,
}
KEY = ("company_code", "revenue_month")
MONTH, CODE, NAME = "資料年月", "公司代號", "公司名稱"
THIS_MONTH, YEAR_AGO, YEAR_TO_DATE, PUBLISHED = "營業收入-當月營收", "營業收入-去年當月營收", "累計營業收入-當月累計營收", "出表日期"
ROC_MONTH = re.compile(r"^(\d{2,3})/?(\d{1,2})$")


def roc_month(text: str, where: str) -> date:
    match = ROC_MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or (len(text.strip()) == 4 and "/" not in text):
        raise ParseError(f"{where}: {MONTH} {text!r}: expected a ROC year-month such as 11410 or 114/10")
    return date(int(match.group(1)) + 1911, int(match.group(2)), 1)


def _amount(row: dict, field: str, where: str) -> float:
    value = row.get(field)
    if value is None:
        raise ParseError(f"{where}: missing field {field!r}")
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        raise ParseError(f"{where}: {field} {value!r}: expected a number of NT$ thousands") from None


def parse_monthly_revenue(body: bytes, origin: str, tracked: dict[str, str | None]) -> pl.DataFrame:
    """`tracked`: TWSE company code -> company_id (None for a company tracked as a proxy only)."""
    try:
        rows = json.loads(body)
    except ValueError as exc:
        raise ParseError(f"{origin}: expected a JSON list of monthly revenue rows ({exc})") from None
    if not isinstance(rows, list):
        raise ParseError(f"{origin}: expected a JSON list of monthly revenue rows, got {type(rows).__name__}")
    out = []
    for row in rows:
        code = str(row.get(CODE, "")).strip() if isinstance(row, dict) else ""
        if code not in tracked:
            continue
        if MONTH not in row:
            raise ParseError(f"{origin}: company {code}: missing field {MONTH!r}")
        month = roc_month(str(row[MONTH]), f"{origin}: company {code}")
        where = f"{origin}: company {code}, month {month:%Y-%m}"
        out.append({
            "company_code": code, "company_id": tracked[code], "company_name": str(row.get(NAME, "")).strip(),
            "revenue_month": month, "revenue_twd_k": _amount(row, THIS_MONTH, where),
            "revenue_year_ago_twd_k": _amount(row, YEAR_AGO, where),
            "revenue_ytd_twd_k": _amount(row, YEAR_TO_DATE, where),
            "published": str(row.get(PUBLISHED, "")).strip(),
        })
    keys = [(r["company_code"], r["revenue_month"]) for r in out]
    if len(set(keys)) != len(keys):
        raise ParseError(f"{origin}: a company appears twice for one month: {sorted(k for k in keys if keys.count(k) > 1)}")
    return pl.DataFrame(out, schema=SCHEMA)
