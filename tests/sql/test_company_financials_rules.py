"""`company_financials` rules over literal rows: each quarter's preferred row is the company's
own release where one covers it (period ends within 20 days), else yfinance, else the cited
reference figure; values in millions of the local currency; USD at the market FX rate nearest
the quarter's end within 7 days, else the stated reference rate."""

from datetime import date

from tests.sql.literal import pick, run_mart


def release(company_id, period_end, value, fiscal_period, currency="USD"):
    return {"company_id": company_id, "fiscal_year": period_end.year, "fiscal_quarter": 1, "fiscal_period": fiscal_period,
            "nominal_period_end": period_end, "metric": "revenue", "basis": "gaap", "status": "found", "value": value,
            "currency": currency, "amount_text": "$1.2 billion", "source_url": "https://ir.example/release"}


def reported(company_id, period_end, value_m, currency="USD", unit="million"):
    return {"company_id": company_id, "fiscal_period": f"ending {period_end}", "period_end": period_end,
            "period_end_derived": False, "metric": "revenue", "value_local": value_m, "currency": currency, "unit": unit,
            "confidence": "high", "source_url": "https://ir.example/reported"}


def statement(symbol, period_end, revenue, currency="USD"):
    return {"symbol": symbol, "period_end": period_end, "currency": currency, "revenue": revenue,
            "gross_profit": revenue / 2, "operating_income": revenue / 4, "synthetic": False,
            "loaded_from_source": "market/financials"}


def financials(**inputs):
    base = {"company_release_figures": [], "ref_company_revenue": [], "market_financials": [], "fx_rates": [],
            "ref_fx_reference_rates": [], "ref_companies": [{"company_id": "c", "primary_ticker": "C"},
                                                            {"company_id": "k", "primary_ticker": "000000.KS"}]}
    return run_mart("company_financials", {**base, **inputs})


def test_release_over_yfinance_over_reported_figures_per_quarter():
    rows = financials(
        company_release_figures=[release("c", date(2026, 3, 31), 1.2e9, "Q1 2026")],
        market_financials=[statement("c", "2026-03-28", 1.19e9), statement("c", "2025-12-27", 1.1e9)],
        ref_company_revenue=[reported("c", "2026-03-28", 1190.0), reported("c", "2025-12-27", 1.1, unit="billion"),
                             reported("c", "2025-09-27", 1000.0)],
    )
    assert pick(rows, "period_end", "source_kind", "revenue_local_m", "revenue_usd_m", "fx_basis", "preferred") == [
        (date(2025, 9, 27), "reported", 1000.0, 1000.0, "usd", True),  # nothing else covers it
        (date(2025, 12, 27), "reported", 1100.0, 1100.0, "usd", False),  # billions in millions
        (date(2025, 12, 27), "yfinance", 1100.0, 1100.0, "usd", True),
        (date(2026, 3, 28), "reported", 1190.0, 1190.0, "usd", False),
        (date(2026, 3, 28), "yfinance", 1190.0, 1190.0, "usd", False),
        (date(2026, 3, 31), "release", 1200.0, 1200.0, "usd", True),  # 3 days from the others: the same quarter
    ]
    yf = next(r for r in rows if r["source_kind"] == "yfinance" and r["period_end"] == date(2025, 12, 27))
    assert (yf["gross_margin_pct"], yf["operating_margin_pct"]) == (50.0, 25.0)


def test_a_release_more_than_20_days_away_covers_another_quarter():
    rows = financials(
        company_release_figures=[release("c", date(2026, 3, 31), 1.2e9, "Q1 2026")],
        ref_company_revenue=[reported("c", "2026-03-10", 1190.0)],  # 21 days before the release's quarter end
    )
    assert pick(rows, "period_end", "source_kind", "preferred") == [
        (date(2026, 3, 10), "reported", True), (date(2026, 3, 31), "release", True),
    ]


def test_usd_at_the_market_rate_within_7_days_else_the_reference_rate():
    fx = [{"currency": "KRW", "rate_date": date(2026, 3, 27), "local_per_usd": 1400.0, "basis": "market"},
          {"currency": "KRW", "rate_date": date(2025, 12, 1), "local_per_usd": 1300.0, "basis": "market"}]
    stated = [{"currency": "KRW", "rate_date": "2025-06-30", "local_per_usd": 1250.0, "source_doc_id": "central-bank"}]
    rows = financials(
        fx_rates=fx, ref_fx_reference_rates=stated,
        ref_company_revenue=[reported("k", "2026-03-31", 14_000_000.0, currency="KRW"),  # 4 days after a market rate
                             reported("k", "2025-12-31", 12_500_000.0, currency="KRW")],  # 30 days: too old
    )
    assert pick(rows, "period_end", "fx_local_per_usd", "fx_date", "fx_basis", "revenue_usd_m") == [
        (date(2025, 12, 31), 1250.0, date(2025, 6, 30), "reference:central-bank", 10_000.0),
        (date(2026, 3, 31), 1400.0, date(2026, 3, 27), "market", 10_000.0),
    ]
