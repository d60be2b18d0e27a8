"""Synthetic responses in the published formats of the live price catalogs, for the tests (never shipped,
never vendor data): gpuhunt's `v2/version` and `v2/<version>/catalog.zip` (one CSV per provider, the
catalog's column layout), and OpenRouter's `GET /api/v1/models` JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile

# gpuhunt's provider CSV columns (the required ones plus the extra columns newer catalogs carry)
COLUMNS = ["instance_name", "location", "price", "cpu", "memory", "gpu_count", "gpu_name", "gpu_memory", "spot",
           "disk_size", "gpu_vendor", "flags"]


def provider_csv(rows: list[dict], columns: list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def catalog_zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{name}.csv", text)
    return out.getvalue()


def offer(instance, location, price, gpu_count, gpu_name, gpu_memory, spot=False, **extra) -> dict:
    return {"instance_name": instance, "location": location, "price": price, "cpu": 96, "memory": 1024,
            "gpu_count": gpu_count, "gpu_name": gpu_name, "gpu_memory": gpu_memory, "spot": str(spot),
            "disk_size": "", "gpu_vendor": "nvidia", "flags": "", **extra}


def models_json(*models) -> bytes:
    return json.dumps({"data": list(models)}).encode()


def model(model_id, prompt, completion, name=None, context_length=64000) -> dict:
    return {"id": model_id, "name": name or model_id, "context_length": context_length,
            "pricing": {"prompt": prompt, "completion": completion, "request": "0", "image": "0"}}
