"""Unit normalisation shared by every spec parser: vendor text in, numbers in one unit out.

Vendor pages write the same fact many ways: "Up to 141GB HBM3e", "4.8TB/s", "3,350 GB/s",
"Up to 700W (configurable)", "1,000W", "350-400W", with footnote marks (¹, *, †, [2]) and
non-breaking spaces. Every parser returns a `Measure` keeping a range as min/max (never
truncated to one end) and the exact text it read. Pure functions; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Capacity and bandwidth prefixes are decimal, as vendors use them (1 TB = 1000 GB).
_CAPACITY_GB = {"kb": 1e-6, "mb": 1e-3, "gb": 1.0, "tb": 1e3, "gib": 1.073741824, "tib": 1099.511627776}
# Bytes per second only: "Gbps" (bits, network links) is deliberately not a bandwidth unit here.
_BANDWIDTH_GBS = {"mb/s": 1e-3, "gb/s": 1.0, "tb/s": 1e3}
_POWER_W = {"w": 1.0, "kw": 1e3}
_MEMORY_TYPES = ("HBM4E", "HBM4", "HBM3E", "HBM3", "HBM2E", "HBM2", "GDDR7", "GDDR6X", "GDDR6", "LPDDR5X", "LPDDR5")

_NUMBER = r"\d+(?:\.\d+)?"
_RANGE_SEP = r"\s*(?:-|–|—|to)\s*"
_FOOTNOTES = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u209f*†‡§¶]|\[\d+\]|\(\d\)")


@dataclass(frozen=True)
class Measure:
    """A quantity as a vendor stated it: low == high for a single value."""

    low: float
    high: float
    unit: str
    text: str  # the exact matched text, e.g. "350-400W"
    approx: bool = False  # "~", "about", "approx."
    upper_bound: bool = False  # "up to"

    @property
    def value(self) -> float:
        """One number for comparisons: the stated value, or the top of a range ("up to" reads as the max)."""
        return self.high

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def clean(text: str) -> str:
    """NFKC-normalised text without footnote marks, thousands separators or odd spaces."""
    text = _FOOTNOTES.sub("", text)
    text = unicodedata.normalize("NFKC", text)  # NBSP, narrow NBSP -> space; full-width digits
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 3,350 -> 3350 (not 1,2 lists)
    return re.sub(r"\s+", " ", text).strip()


def _parse(text: str, units: dict[str, float], canonical: str) -> Measure | None:
    cleaned = clean(text)
    alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    pattern = re.compile(
        rf"(?P<low>{_NUMBER})(?:\s*(?P<unit1>{alternatives}))?(?:{_RANGE_SEP}(?P<high>{_NUMBER}))?\s*(?P<unit>{alternatives})(?![a-z/])",
        re.IGNORECASE,
    )
    match = pattern.search(cleaned)
    if match is None:
        return None
    unit = match.group("unit").lower()
    factor = units[unit]
    low_factor = units[match.group("unit1").lower()] if match.group("unit1") else factor
    if match.group("unit1") and not match.group("high"):
        return None  # "80GB HBM" style double unit without range: regex artefact
    low = float(match.group("low")) * low_factor
    high = float(match.group("high")) * factor if match.group("high") else float(match.group("low")) * factor
    if high < low:
        low, high = high, low
    before = cleaned[: match.start()].lower()
    return Measure(
        low=_round(low),
        high=_round(high),
        unit=canonical,
        text=match.group(0),
        approx=bool(re.search(r"(~|≈|about|approx\.?|approximately)\s*$", before)),
        upper_bound=bool(re.search(r"up to\s*$", before)),
    )


def _round(value: float) -> float:
    # Unit conversion (e.g. 4.8 TB/s -> 4800.000000000001) must not invent digits.
    return round(value, 6)


def parse_capacity_gb(text: str) -> Measure | None:
    """Memory capacity in GB: "Up to 141GB HBM3e" -> 141; "1.5 TB" -> 1500; None if no capacity."""
    return _parse(text, _CAPACITY_GB, "GB")


def parse_bandwidth_gbs(text: str) -> Measure | None:
    """Bandwidth in GB/s (bytes): "4.8TB/s" -> 4800; "3,350 GB/s" -> 3350; None if none stated."""
    return _parse(text, _BANDWIDTH_GBS, "GB/s")


def parse_power_w(text: str) -> Measure | None:
    """Power in W: "Up to 700W (configurable)" -> 700; "350-400W" -> 350..400; "1.4 kW" -> 1400."""
    return _parse(text, _POWER_W, "W")


def parse_tflops(text: str) -> Measure | None:
    """Throughput in TFLOPS (or TOPS for integer formats): "3,958 teraFLOPS" -> 3958; "9 PFLOPS" -> 9000."""
    units = {"tflops": 1.0, "teraflops": 1.0, "tops": 1.0, "pflops": 1e3, "petaflops": 1e3}
    return _parse(text, units, "TFLOPS")


def parse_memory_type(text: str) -> str | None:
    """The memory technology named in the text, upper-cased as vendors brand it: "HBM3e" -> "HBM3E"."""
    cleaned = clean(text).upper()
    for kind in _MEMORY_TYPES:
        if re.search(rf"(?<![A-Z0-9]){kind}(?![A-Z0-9])", cleaned):
            return kind
    return None
