"""gpu_rental_offers, gpu_hourly_prices and gpu_price_summary on literal catalog rows: an offer is priced per
GPU-hour only in USD, above zero, on a mapped GPU name; an offer more than 10x off the day's median is
flagged, kept and left out of the median; every flag names provider, offer and field; the summary compares the
current median with the newest day at least 30 and 90 days earlier."""

from tests.sql.literal import pick, run_mart

NAMES = [{"catalog": "gpuhunt", "gpu_name": "H100", "gpu_memory_gb": 80.0, "gpu_id": "nvidia-h100-sxm"},
         {"catalog": "gpuhunt", "gpu_name": "L4", "gpu_memory_gb": 24.0, "gpu_id": None}]


def raw(provider, ref, price, count=8, name="H100", memory=80.0, date="2026-12-01", kind="on_demand", currency="USD",
        problems=None):
    return {"catalog": "gpuhunt", "catalog_version": date.replace("-", ""), "catalog_date": date, "provider": provider,
            "offer_ref": ref, "pricing_kind": kind, "gpu_name": name, "gpu_count": count, "gpu_memory_gb": memory,
            "price_per_hour": price, "currency": currency, "problems": problems}


def offers(rows):
    return run_mart("gpu_rental_offers", {"gpu_rental_offers_raw": rows, "ref_gpu_catalog_names": NAMES})


def test_offers_are_priced_per_gpu_hour_and_flagged_by_provider_offer_and_field():
    rows = offers([
        raw("aws", "a", 24.0), raw("azure", "b", 28.0), raw("lambda", "c", 20.0),
        raw("cheapo", "d", 1.6),  # 0.20 $/GPU-hour: more than 10x below the median of 3.0
        raw("runpod", "e", -1.0, count=1, problems="price -1 is not positive"),
        raw("euro", "f", 3.1, count=1, currency="EUR", problems="currency EUR without a USD rate"),
        raw("aws", "g", 9.0, count=1, name="GB300", memory=279.0),
        raw("gcp", "h", 0.8, count=1, name="L4", memory=24.0),
    ])
    assert pick(rows, "provider", "offer_ref", "gpu_id", "name_status", "usd_per_gpu_hour", "used_for_median") == [
        ("aws", "a", "nvidia-h100-sxm", "mapped", 3.0, True),
        ("azure", "b", "nvidia-h100-sxm", "mapped", 3.5, True),
        ("cheapo", "d", "nvidia-h100-sxm", "mapped", 0.2, False),
        ("euro", "f", "nvidia-h100-sxm", "mapped", None, False),
        ("lambda", "c", "nvidia-h100-sxm", "mapped", 2.5, True),
        ("runpod", "e", "nvidia-h100-sxm", "mapped", None, False),
        ("aws", "g", None, "unmapped", 9.0, False),
        ("gcp", "h", None, "known_not_in_catalog", 0.8, False),
    ]
    flags = {r["offer_ref"]: r["flags"] for r in rows}
    assert flags["d"] == ("cheapo offer d: price_per_hour 1.6 / 8 GPUs = 0.2 $/GPU-hour is more than 10x off the "
                          "day's median 2.75")
    assert flags["e"] == "runpod offer e: price -1 is not positive"
    assert flags["f"] == "euro offer f: currency EUR without a USD rate"
    assert flags["g"] == "aws offer g: gpu_name GB300 with 279.0 GB is not in ref_gpu_catalog_names"
    assert flags["a"] is None and flags["h"] is None


def test_daily_prices_per_provider_leave_flagged_offers_out():
    rows = offers([raw("aws", "a", 24.0), raw("aws", "a2", 32.0), raw("aws", "x", 400.0), raw("aws", "y", 80.0),
                   raw("aws", "s", 8.0, kind="spot"), raw("lambda", "c", 20.0)])
    prices = run_mart("gpu_hourly_prices", {"gpu_rental_offers": rows})
    assert pick(prices, "provider", "pricing_kind", "min_usd_per_gpu_hour", "median_usd_per_gpu_hour",
                "max_usd_per_gpu_hour", "offer_count", "flagged_offers") == [
        ("aws", "on_demand", 3.0, 4.0, 10.0, 3, 1),  # 400 / 8 = 50 $/GPU-hour: over 10x the day's median of 4.0
        ("lambda", "on_demand", 2.5, 2.5, 2.5, 1, 0),
        ("aws", "spot", 1.0, 1.0, 1.0, 1, 0),
    ]


def test_the_summary_compares_the_current_median_with_30_and_90_days_earlier():
    days = {"2026-08-01": 32.0, "2026-09-01": 28.0, "2026-10-15": 26.0, "2026-11-20": 25.0, "2026-12-01": 24.0}
    rows = offers([raw("aws", "a", price, date=date) for date, price in days.items()])
    (summary,) = run_mart("gpu_price_summary", {"gpu_rental_offers": rows})
    assert (summary["current_price_date"].isoformat(), summary["current_median_usd_per_gpu_hour"]) == ("2026-12-01", 3.0)
    assert (summary["price_date_30d"].isoformat(), summary["median_usd_per_gpu_hour_30d"], summary["change_30d_pct"]) == (
        "2026-10-15", 3.25, -7.69)
    assert (summary["price_date_90d"].isoformat(), summary["median_usd_per_gpu_hour_90d"], summary["change_90d_pct"]) == (
        "2026-09-01", 3.5, -14.29)
