"""The datasheet page registry (`pages.csv`, one row per vendor page): id, vendor, kind
(html | pdf), URL, cadence, scope and which GPU(s) it describes.

`variants` maps a page's column header (or "" for a single-product page) to a GPU id, e.g.
"H100 SXM=nvidia-h100-sxm;H100 NVL=nvidia-h100-nvl". A column the map does not name still
loads, as `<vendor>-<slug of the header>`: a new form factor needs no edit here.
A `system` page (DGX, HGX, NVL72) states totals for `gpus_per_system` GPUs: its fields are
recorded as `system_*` and never read as per-GPU values.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sources.shipped import shipped_path

PAGES_FILE = shipped_path("sources/datasheets/pages.csv")
ENTITY_TYPE = "gpu_spec"
KEY = ("page_id", "gpu_id", "field")


@dataclass(frozen=True)
class Page:
    page_id: str
    vendor: str
    kind: str  # html | pdf
    url: str
    cadence: timedelta
    scope: str  # gpu | system
    gpus_per_system: int | None
    variants: tuple[tuple[str, str], ...]  # (column header, gpu id); header "" = the page's one product
    required: tuple[str, ...]
    description: str

    @property
    def source_id(self) -> str:
        return f"datasheet/{self.page_id}"

    @property
    def gpu_ids(self) -> list[str]:
        return sorted({gpu for _, gpu in self.variants})

    def gpu_for(self, header: str | None) -> str | None:
        """The GPU id a column header names on this page (None when the page cannot tell)."""
        wanted = normalise_header(header or "")
        for label, gpu in self.variants:
            if normalise_header(label) == wanted:
                return gpu
        if not wanted:
            singles = {gpu for label, gpu in self.variants if not label} or set(self.gpu_ids)
            return next(iter(singles)) if len(singles) == 1 else None
        slug = re.sub(r"[^a-z0-9]+", "-", wanted).strip("-")
        return slug if slug.startswith(self.vendor + "-") else f"{self.vendor}-{slug}"


def normalise_header(text: str) -> str:
    from sources.units import clean

    return clean(text).lower()


def _page(row: dict[str, str]) -> Page:
    variants = tuple(
        tuple(part.split("=", 1)) for part in row["variants"].split(";") if part.strip()
    )
    return Page(
        page_id=row["page_id"],
        vendor=row["vendor"],
        kind=row["kind"],
        url=row["url"],
        cadence=timedelta(days=float(row["cadence_days"])),
        scope=row["scope"],
        gpus_per_system=int(row["gpus_per_system"]) if row["gpus_per_system"] else None,
        variants=variants,  # type: ignore[arg-type]
        required=tuple(f for f in row["required"].split(";") if f),
        description=row["description"],
    )


def parse_pages(text: str) -> dict[str, Page]:
    pages = [_page(row) for row in csv.DictReader(io.StringIO(text))]
    return {p.page_id: p for p in pages}


@cache
def pages() -> dict[str, Page]:
    return parse_pages(PAGES_FILE.read_text(encoding="utf-8"))
