"""Money amounts as earnings releases write them, in English, Korean and Chinese notation.

Pure functions. `find_amounts(sentence)` returns every amount with its position, value in
currency units (not millions), ISO currency (None when the text names none) and the exact
text matched. Percentages, per-share figures and bare numbers are not amounts.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

SCALES = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "mn": 1e6, "mm": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "t": 1e12,
}
PREFIX_CURRENCY = {
    "us$": "USD", "usd": "USD", "$": "USD", "nt$": "TWD", "ntd": "TWD", "twd": "TWD", "krw": "KRW", "₩": "KRW",
    "eur": "EUR", "€": "EUR", "jpy": "JPY", "¥": "JPY",
}
SUFFIX_CURRENCY = {"won": "KRW", "krw": "KRW", "usd": "USD", "dollars": "USD", "twd": "TWD", "nt dollars": "TWD"}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|million|billion|trillion|mn|mm|bn|tn|k|m|b|t"
# "$1.58 billion", "NT$177,915 million", "KRW22.232 trillion", "US$ 3.1bn"
_PREFIXED = re.compile(
    rf"(?P<cur>US\$|NT\$|\$|USD|NTD|TWD|KRW|₩|EUR|€|JPY|¥)\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?(?![a-z\d])",
    re.IGNORECASE,
)
# "24.45 trillion won", "1,234 million USD"
_SUFFIXED = re.compile(
    rf"(?<![\w$.,])(?P<num>{_NUM})\s?(?P<scale>thousand|million|billion|trillion)?\s?(?P<cur>won|KRW|USD|TWD|NT dollars)\b",
    re.IGNORECASE,
)
# Korean: "24조 4,489억 원", "24조4489억원", "3,200억 원"
# (every number starts with a digit: ",조원" is no amount)
_KOREAN = re.compile(r"(?:(?P<jo>\d[\d,]*(?:\.\d+)?)\s?조)?\s?(?:(?P<eok>\d[\d,]*(?:\.\d+)?)\s?억)?\s?(?:(?P<man>\d[\d,]*)\s?만)?\s?원")
# Chinese (Taiwan): "新台幣1,779.15億元", "新台幣 177,915 百萬元", "NT$1,779億元"
_CHINESE = re.compile(
    r"(?P<cur>新台幣|新臺幣|台幣|人民幣|美元|NT\$)?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>兆|億|亿|百萬|百万|萬|万|千)?\s?(?P<unit>元|美元)"
)
_CJK_SCALES = {"兆": 1e12, "億": 1e8, "亿": 1e8, "百萬": 1e6, "百万": 1e6, "萬": 1e4, "万": 1e4, "千": 1e3}
_CJK_CURRENCY = {"新台幣": "TWD", "新臺幣": "TWD", "台幣": "TWD", "NT$": "TWD", "人民幣": "CNY", "美元": "USD"}
_PER_SHARE = re.compile(r"^\s*(?:of\s+)?(?:per|a)\s+(?:diluted\s+|basic\s+)?(?:share|ads|ADS)", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    value: float  # in currency units
    currency: str | None
    text: str
    start: int
    end: int


def normalise(text: str) -> str:
    """Spaces as spaces: releases use NBSP and thin spaces between number and unit."""
    return re.sub(r"[\u00a0\u2009\u202f\u2007]", " ", text)


def scaled(number: str, scale: float) -> float:
    # Decimal arithmetic: "$808.4 million" is 808,400,000 exactly, not 808400000.0000001.
    return float(Decimal(number.replace(",", "")) * Decimal(str(int(scale))))


def find_amounts(sentence: str) -> list[Amount]:
    sentence = normalise(sentence)
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def add(value: float, currency: str | None, m: re.Match) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        if _PER_SHARE.match(sentence[m.end():]):
            return  # "$1.23 per diluted share" is not a revenue figure
        taken.append((m.start(), m.end()))
        found.append(Amount(value, currency, m.group(0).strip(), m.start(), m.end()))

    for m in _KOREAN.finditer(sentence):
        if not (m.group("jo") or m.group("eok") or m.group("man")):
            continue
        value = sum(
            scaled(m.group(part), scale) for part, scale in (("jo", 1e12), ("eok", 1e8), ("man", 1e4)) if m.group(part)
        )
        add(value, "KRW", m)
    for m in _CHINESE.finditer(sentence):
        currency = _CJK_CURRENCY.get(m.group("cur") or "") or ("USD" if m.group("unit") == "美元" else None)
        add(scaled(m.group("num"), _CJK_SCALES.get(m.group("scale") or "", 1.0)), currency, m)
    for m in _PREFIXED.finditer(sentence):
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        add(scaled(m.group("num"), scale), PREFIX_CURRENCY[m.group("cur").lower()], m)
    for m in _SUFFIXED.finditer(sentence):
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        add(scaled(m.group("num"), scale), SUFFIX_CURRENCY[m.group("cur").lower()], m)
    return sorted(found, key=lambda a: a.start)
