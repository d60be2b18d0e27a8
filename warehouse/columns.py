"""The warehouse's unit convention, read from column names, in one place.

Units live in column names (`memory_gb`, `capex_usd`). For shares of a whole the convention is:

- `_pct` holds percentage points: 39.13 means 39.13 % (growth, margins, returns, deviations);
- `_frac` and `_share` hold fractions of one: 0.25 means 25 % (reserves, headroom, exposure);
- a few fractions predate the suffix and are named here (`FRACTIONS_WITHOUT_SUFFIX`).

The workbook's number formats (`excel_format`) and the CLI's table rounding (`format_cell`) both
follow from `unit_of`; a numeric column that names a percent-like token anywhere but at its end
(`pct_growth`, `share_of_x`) is refused by `check_names`, so a new column cannot silently be
formatted 100x off.
"""

import re

PERCENT_POINTS = "percent_points"
FRACTION = "fraction"
USD = "usd"
QUANTITY = "quantity"  # capacities, bandwidths, watts, billions
COUNT = "count"

# Fractions of one whose names do not end in _frac/_share (renaming them would break readers).
FRACTIONS_WITHOUT_SUFFIX = {"utilisation", "growth_per_year", "driver_growth_per_year"}  # (rate: driver_rate_per_year_frac)

_RULES = [
    (re.compile(r"_pct$"), PERCENT_POINTS),
    (re.compile(r"(_frac|_share|^share)$"), FRACTION),
    (re.compile(r"usd"), USD),
    (re.compile(r"(_gb|_tb|_gbs|_tbps|_w|_b)$"), QUANTITY),
    (re.compile(r"(^|_)(params|bytes|rows|gpus|nodes|tp|pp|ep)($|_)"), COUNT),
]
_PERCENT_TOKENS = {"pct", "percent", "frac", "share"}

EXCEL_FORMATS = {
    PERCENT_POINTS: '0.0"%"',  # the value is already in points: no ×100
    FRACTION: "0.0%",  # Excel multiplies by 100
    USD: "#,##0.00",
    QUANTITY: "#,##0.0##",
    COUNT: "#,##0",
}


class ColumnNameError(ValueError):
    pass


def unit_of(column: str) -> str | None:
    """The unit kind of a numeric column, from its name; None when the name states none."""
    if column in FRACTIONS_WITHOUT_SUFFIX:
        return FRACTION
    for pattern, unit in _RULES:
        if pattern.search(column):
            return unit
    return None


def check_names(table: str, numeric_columns: list[str]) -> None:
    """Refuse a numeric column whose percent-like token is not its suffix (its unit is ambiguous)."""
    bad = [c for c in numeric_columns
           if _PERCENT_TOKENS & set(c.split("_")[:-1]) and unit_of(c) not in (PERCENT_POINTS, FRACTION)]
    if bad:
        raise ColumnNameError(
            f"{table}: column(s) {', '.join(bad)} name a percent but do not end in _pct (points) or "
            "_frac/_share (fractions); rename them, or list them in warehouse/columns.py"
        )


def excel_format(column: str) -> str | None:
    unit = unit_of(column)
    return EXCEL_FORMATS.get(unit) if unit else None


def format_cell(column: str, value) -> str:
    """A value as the CLI's table output shows it: rounded by unit (csv/json keep full precision)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float) and not hasattr(value, "as_tuple"):
        return str(value)
    number = float(value)
    if number != number:
        return "NaN"
    unit = unit_of(column)
    if unit == PERCENT_POINTS:
        return f"{number:,.1f}%"
    if unit == FRACTION:
        return f"{number * 100:,.1f}%"
    if unit == USD:  # dollars to the cent below $1,000, whole dollars above
        return f"{number:,.2f}" if abs(number) < 1000 else f"{number:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if unit == COUNT or abs(value) >= 10_000 else str(value)
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}" if abs(number) >= 10_000 else str(int(number))
    # four significant digits, never scientific for everyday magnitudes
    magnitude = abs(number)
    if magnitude >= 1000:
        return f"{number:,.0f}"
    if magnitude >= 1:
        return f"{number:.4g}" if magnitude < 100 else f"{number:.1f}"
    return f"{number:.3g}"
