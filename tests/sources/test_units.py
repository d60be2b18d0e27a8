"""Unit parsers on the ugly strings vendors publish ("Up to 141GB HBM3e", "3,350 GB/s",
"350-400W", NBSP, footnote marks), and properties that must hold for any number."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.units import parse_bandwidth_gbs, parse_capacity_gb, parse_memory_type, parse_power_w, parse_tflops


@pytest.mark.parametrize(("text", "low", "high", "upper_bound", "approx"), [
    ("Up to 141GB HBM3e", 141, 141, True, False),
    ("80\u00a0GB\u00b9", 80, 80, False, False),
    ("1,440GB total GPU memory", 1440, 1440, False, False),
    ("1.5 TB", 1500, 1500, False, False),
    ("141GB | 4.8TB/s", 141, 141, False, False),
])
def test_capacity(text, low, high, upper_bound, approx):
    m = parse_capacity_gb(text)
    assert (m.low, m.high, m.unit, m.upper_bound, m.approx) == (low, high, "GB", upper_bound, approx)


def test_bandwidth_and_no_capacity_from_a_rate():
    assert parse_bandwidth_gbs("4.8TB/s").value == 4800
    assert parse_bandwidth_gbs("3,350 GB/s").value == 3350
    assert parse_bandwidth_gbs("2,039GB/s[2]").value == 2039
    assert parse_capacity_gb("4.8TB/s") is None  # a rate is never a capacity
    assert parse_bandwidth_gbs("400 Gbps") is None  # bits per second are not memory bandwidth


@pytest.mark.parametrize(("text", "low", "high", "approx", "upper_bound"), [
    ("Up to 700W (configurable)", 700, 700, False, True),
    ("1,000W", 1000, 1000, False, False),
    ("350-400W (configurable)", 350, 400, False, False),
    ("350 W – 400 W", 350, 400, False, False),
    ("~2,300 W", 2300, 2300, True, False),
    ("~14.3kW max", 14300, 14300, True, False),
])
def test_power(text, low, high, approx, upper_bound):
    m = parse_power_w(text)
    assert (m.low, m.high, m.approx, m.upper_bound) == (low, high, approx, upper_bound)
    assert m.value == high and m.is_range == (low != high)


def test_tflops_and_memory_type():
    assert parse_tflops("3,958 teraFLOPS*").value == 3958
    assert parse_tflops("10 PFLOPs").value == 10000
    assert [parse_memory_type(t) for t in ("Up to 141GB HBM3e", "HBM3", "288 GB HBM3E", "HBM4E", "GDDR6X", "DDR")] == [
        "HBM3E", "HBM3", "HBM3E", "HBM4E", "GDDR6X", None]


amounts = st.decimals(min_value="0.1", max_value="99999", places=2, allow_nan=False, allow_infinity=False)
spaces = st.sampled_from(["", " ", "\u00a0", "\u202f"])
prefixes = st.sampled_from(["", "Up to ", "~", "approx. "])
footnotes = st.sampled_from(["", "*", "\u00b9", "\u2020", "[3]"])


def thousands(d) -> str:
    whole, _, frac = f"{d:.2f}".partition(".")
    return f"{int(whole):,}" + ("." + frac if frac.strip("0") else "")


@given(amounts, spaces, prefixes, footnotes)
def test_any_power_reads_back(amount, space, prefix, footnote):
    m = parse_power_w(f"{prefix}{thousands(amount)}{space}W{footnote} (configurable)")
    assert m.low == m.high == float(amount)
    assert m.upper_bound == prefix.startswith("Up to")


@given(amounts, spaces)
def test_tb_per_second_is_a_thousand_gb_per_second(amount, space):
    tb = parse_bandwidth_gbs(f"{amount}{space}TB/s")
    gb = parse_bandwidth_gbs(f"{thousands(amount * 1000)}{space}GB/s")
    assert tb.value == gb.value == round(float(amount) * 1000, 6)
    assert parse_capacity_gb(f"{amount}{space}TB/s") is None


@given(amounts, amounts, st.sampled_from(["-", "–", " to ", " - "]))
def test_ranges_keep_both_ends(a, b, sep):
    m = parse_power_w(f"{a}{sep}{b}W")
    assert (m.low, m.high) == (min(float(a), float(b)), max(float(a), float(b)))
