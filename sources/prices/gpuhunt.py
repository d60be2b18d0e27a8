"""Parse one gpuhunt catalog (dstack's public daily GPU price catalog) into rental offers. Pure.

The published format (gpuhunt `Catalog.load`): `<base>/v2/version` holds the newest version, a date
like `20261201`; `<base>/v2/<version>/catalog.zip` holds one CSV per provider (`aws.csv`, `azure.csv`,
`runpod.csv`, ...) with at least the columns instance_name, location, price (USD per hour for the
whole instance; a `currency` column, where a catalog has one, names another currency), gpu_count, gpu_name, gpu_memory (GB per GPU) and spot (`True`/`False`); newer
catalogs add columns (cpu, memory, disk_size, gpu_vendor, flags, ...) that are not read.

Every GPU row is kept, with what is wrong with it in `problems` (a missing field, a price that is no
number, zero or negative): the marts exclude such rows from medians and say why. Rows without any GPU
(CPU instances) are not GPU offers and are not read. A body that is not such a zip, a provider file
without the required columns, or a catalog without a single GPU offer is refused by name.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import polars as pl

from sources.errors import ParseError

SCHEMA = {
    "catalog": pl.Utf8, "catalog_version": pl.Utf8, "catalog_date": pl.Utf8, "provider": pl.Utf8,
    "offer_ref": pl.Utf8, "instance_name": pl.Utf8, "location": pl.Utf8, "pricing_kind": pl.Utf8,
    "gpu_name": pl.Utf8, "gpu_count": pl.Int64, "gpu_memory_gb": pl.Float64, "price_per_hour": pl.Float64,
    "currency": pl.Utf8, "problems": pl.Utf8,
}
KEY = ("catalog_version", "provider", "offer_ref")
REQUIRED = ("instance_name", "location", "price", "gpu_count", "gpu_name", "spot")
VERSION = re.compile(r"^\d{8}$")
VERSION_IN_URL = re.compile(r"/(\d{8})/catalog\.zip(?:$|\?)")
SPOT = {"true": "spot", "false": "on_demand"}


def catalog_version(origin: str) -> str:
    """The catalog's version, from the URL it was fetched from (`.../v2/<version>/catalog.zip`)."""
    match = VERSION_IN_URL.search(origin)
    if match is None:
        raise ParseError(f"{origin}: expected a gpuhunt catalog URL ending in /<version>/catalog.zip "
                         "(version a date like 20261201)")
    return match.group(1)


def _number(cell: str, kind, field: str, problems: list[str]):
    if cell == "":
        problems.append(f"missing {field}")
        return None
    try:
        return kind(cell)
    except ValueError:
        problems.append(f"{field} is not a number: {cell[:40]!r}")
        return None


def _offer(row: dict[str, str], problems: list[str]) -> dict:
    price = _number(row["price"], float, "price", problems)
    if price is not None and price <= 0:
        problems.append(f"price {price:g} is not positive")
    count = _number(row["gpu_count"], int, "gpu_count", problems)
    memory = _number(row.get("gpu_memory", "") or "", float, "gpu_memory", problems)
    kind = SPOT.get(row["spot"].lower())
    if kind is None:
        problems.append(f"spot is not True/False: {row['spot'][:20]!r}")
    for field in ("instance_name", "location", "gpu_name"):
        if row[field] == "":
            problems.append(f"missing {field}")
    currency = (row.get("currency") or "USD").upper()
    return {"instance_name": row["instance_name"], "location": row["location"], "pricing_kind": kind,
            "gpu_name": row["gpu_name"] or None, "gpu_count": count, "gpu_memory_gb": memory,
            "price_per_hour": price, "currency": currency}


def _provider_rows(provider: str, text: str, origin: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(f"{origin}: {provider}.csv lacks column(s) {', '.join(missing)}; expected gpuhunt's "
                         f"catalog columns {', '.join(REQUIRED)}")
    rows, seen = [], {}
    for row in reader:
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if row["gpu_count"] in ("", "0") and row["gpu_name"] == "":
            continue  # a CPU instance, not a GPU offer
        problems: list[str] = []
        offer = _offer(row, problems)
        if offer["currency"] != "USD":
            problems.append(f"currency {offer['currency']} without a USD rate")
        ref = f"{offer['instance_name']}|{offer['location']}|{offer['pricing_kind'] or row['spot']}"
        seen[ref] = seen.get(ref, 0) + 1
        if seen[ref] > 1:
            ref = f"{ref}#{seen[ref]}"
        rows.append({"provider": provider, "offer_ref": ref, **offer, "problems": "; ".join(problems) or None})
    return rows


def parse_catalog(body: bytes, origin: str, catalog: str = "gpuhunt") -> pl.DataFrame:
    version = catalog_version(origin)
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        names = sorted(n for n in archive.namelist() if n.endswith(".csv") and "/" not in n)
        texts = {n[:-4]: archive.read(n).decode("utf-8") for n in names}
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError) as exc:
        raise ParseError(f"{origin}: expected gpuhunt's catalog.zip of provider CSV files ({exc})") from None
    if not texts:
        raise ParseError(f"{origin}: the catalog holds no provider CSV file (expected aws.csv, azure.csv, ...)")
    rows = [r for provider, text in texts.items() for r in _provider_rows(provider, text, origin)]
    if not rows:
        raise ParseError(f"{origin}: the catalog lists no GPU offer in {len(texts)} provider file(s); an empty "
                         "catalog is refused and the last stored one stays current")
    date = f"{version[:4]}-{version[4:6]}-{version[6:]}"
    frame = pl.DataFrame([{"catalog": catalog, "catalog_version": version, "catalog_date": date, **r} for r in rows],
                         schema=SCHEMA)
    return frame.select(list(SCHEMA))
