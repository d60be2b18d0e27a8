"""How long a source may wait between two fetches, read from its cron schedule.

A source states *when* it is fetched once (a cron and a time zone, `family.Schedule`); the
freshness threshold of its data follows from it: the longest gap between two consecutive
ticks over a year (a weekday schedule waits three days over a weekend). Pure, and small:
the five standard cron fields with `*`, numbers, lists, ranges and steps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

_BOUNDS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]  # minute hour day-of-month month day-of-week


def _field(text: str, low: int, high: int, where: str) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if body == "*":
            start, end = low, high
        elif "-" in body:
            start, end = (int(x) for x in body.split("-", 1))
        else:
            start = end = int(body)
        if not (low <= start <= end <= high) or step < 1:
            raise ValueError(f"cron {where!r}: {part!r} outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def parse_cron(cron: str) -> tuple[frozenset[int], ...]:
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"cron {cron!r}: expected 5 fields (minute hour day-of-month month day-of-week)")
    try:
        parsed = [_field(f, lo, hi, cron) for f, (lo, hi) in zip(fields, _BOUNDS, strict=True)]
    except ValueError as exc:
        if "outside" in str(exc):
            raise
        raise ValueError(f"cron {cron!r}: expected numbers, '*', ranges and steps ({exc})") from None
    dow = frozenset(d % 7 for d in parsed[4])  # 0 and 7 are both Sunday
    return (*parsed[:4], dow)


def _day_matches(day: date, dom: frozenset[int], month: frozenset[int], dow: frozenset[int], cron: str) -> bool:
    if day.month not in month:
        return False
    fields = cron.split()
    dom_any, dow_any = fields[2] == "*", fields[4] == "*"
    in_dom, in_dow = day.day in dom, (day.isoweekday() % 7) in dow
    if dom_any or dow_any:  # cron: when both are restricted, either may match
        return in_dom and in_dow
    return in_dom or in_dow


@cache
def longest_gap(cron: str, timezone: str, start: date = date(2026, 1, 1)) -> timedelta:
    """The longest time between two consecutive ticks of `cron` in `timezone`, over a year."""
    minutes, hours, dom, month, dow = parse_cron(cron)
    zone = ZoneInfo(timezone)
    ticks = []
    for offset in range(366 + 31):
        day = start + timedelta(days=offset)
        if _day_matches(day, dom, month, dow, cron):
            ticks += [datetime(day.year, day.month, day.day, h, m, tzinfo=zone).astimezone(UTC)
                      for h in sorted(hours) for m in sorted(minutes)]
    if len(ticks) < 2:
        raise ValueError(f"cron {cron!r} ticks fewer than twice a year; state the source's max_age instead")
    return max(b - a for a, b in zip(ticks, ticks[1:], strict=False))
