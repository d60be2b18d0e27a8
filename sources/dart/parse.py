"""Pure parser of OpenDART `fnlttSinglAcnt.json` (a periodic report's main accounts): {status, message,
list: [{rcept_no, bsns_year, corp_code, stock_code, reprt_code, account_nm, fs_div, sj_div, thstrm_nm,
thstrm_dt, thstrm_amount, thstrm_add_amount, currency, ...}]} -> one row per consolidated (CFS)
account of the mapped names: 매출액 revenue, 영업이익 operating income, 당기순이익 net income.
status 000 is data, 013 is "no data" (an empty frame: the report is not filed yet); any other status
(010 unregistered key, 020 over the request limit, 100 a bad field, 800 maintenance, ...) is refused
with DART's own message. Amounts are KRW, written with thousands separators.
"""

from __future__ import annotations

import json

import polars as pl

from sources.errors import ParseError

ACCOUNTS = {"매출액": "revenue", "영업이익": "operating_income", "당기순이익": "net_income"}
REPORTS = {"11013": "Q1", "11012": "H1", "11014": "Q3", "11011": "FY"}  # 1분기, 반기, 3분기, 사업보고서
SCHEMA = {
    "company_id": pl.Utf8, "corp_code": pl.Utf8, "bsns_year": pl.Int64, "reprt_code": pl.Utf8, "report": pl.Utf8,
    "metric": pl.Utf8, "account_nm": pl.Utf8, "period_text": pl.Utf8, "amount_krw": pl.Float64,
    "cumulative_krw": pl.Float64, "currency": pl.Utf8, "rcept_no": pl.Utf8,
}
KEY = ("corp_code", "bsns_year", "reprt_code", "metric")


def _number(value: object, where: str) -> float | None:
    text = str(value or "").replace(",", "").strip()
    if text in ("", "-"):
        return None
    try:
        return float(text)
    except ValueError:
        raise ParseError(f"{where}: expected an amount in KRW, got {value!r}") from None


def parse_accounts(body: bytes, origin: str, company_id: str, corp_code: str) -> pl.DataFrame:
    who = f"{origin} ({company_id}, corp_code {corp_code})"
    try:
        doc = json.loads(body)
        status = str(doc["status"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"{who}: expected OpenDART JSON {{'status', 'message', 'list'}} ({exc!r})") from None
    if status == "013":
        return pl.DataFrame([], schema=SCHEMA)
    if status != "000":
        raise ParseError(f"{who}: OpenDART status {status}: {doc.get('message', '')!s}")
    rows = []
    for entry in doc.get("list") or []:
        if entry.get("fs_div") != "CFS" or entry.get("account_nm") not in ACCOUNTS:
            continue
        code = str(entry.get("reprt_code", ""))
        if code not in REPORTS:
            raise ParseError(f"{who}: {entry.get('account_nm')}: reprt_code {code!r}, expected one of {sorted(REPORTS)}")
        if str(entry.get("corp_code", corp_code)) != corp_code:
            raise ParseError(f"{who}: the body is corp_code {entry.get('corp_code')!r}, expected {corp_code}")
        where = f"{who}: {entry['account_nm']} {entry.get('bsns_year')} {REPORTS[code]}"
        if entry.get("currency", "KRW") != "KRW":
            raise ParseError(f"{where}: currency {entry.get('currency')!r}, expected 'KRW'")
        rows.append({
            "company_id": company_id, "corp_code": corp_code, "bsns_year": int(entry["bsns_year"]), "reprt_code": code,
            "report": REPORTS[code], "metric": ACCOUNTS[entry["account_nm"]], "account_nm": entry["account_nm"],
            "period_text": str(entry.get("thstrm_dt", "")), "amount_krw": _number(entry.get("thstrm_amount"), where),
            "cumulative_krw": _number(entry.get("thstrm_add_amount"), where), "currency": "KRW",
            "rcept_no": str(entry.get("rcept_no", "")),
        })
    if len({tuple(r[k] for k in KEY) for r in rows}) != len(rows):
        raise ParseError(f"{who}: an account appears twice for one report")
    return pl.DataFrame(rows, schema=SCHEMA)
