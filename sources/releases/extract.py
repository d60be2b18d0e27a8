"""Figures from earnings-release text: revenue, segment revenue, growth, gross margin, guidance.

Pure functions on text. Each returns a `Figure` that keeps the exact sentence it came from,
or a `NotFound` with the sentences it looked at: a wrong number in an investment sheet is
worse than a gap, so a sentence the rules do not understand yields nothing.

The current period's figure is the one a sentence states as current: amounts introduced
as the prior quarter or year ("versus $23.86 billion for the prior quarter", "up from",
"compared with", "a year ago") are skipped, and in "rose to $X from $Y" the figure after
"to" is the current one.
"""

import re
from dataclasses import dataclass, field

from sources.releases.amounts import PREFIX_CURRENCY, SCALES, Amount, find_amounts, normalise, scaled

REVENUE_WORDS = re.compile(r"\b(?:net\s+)?(?:revenues?|sales)\b|매출|營收|营收|營業收入", re.IGNORECASE)
FORWARD_WORDS = re.compile(
    r"\b(?:expects?|expected|expecting|outlook|guidance|anticipates?|forecast|projects?|targets?|will be|is likely)\b",
    re.IGNORECASE,
)
PRIOR_BEFORE = re.compile(
    r"(?:versus|vs\.?|compared\s+(?:with|to)|from|against|relative\s+to|over|prior|previous|last\s+year'?s?|a\s+year\s+(?:ago|earlier))"
    r"[^$\d₩]{0,40}$",
    re.IGNORECASE,
)
PRIOR_AFTER = re.compile(
    r"^[^.;$\d]{0,12}(?:in|for|during|of)\s+the\s+(?:prior|previous|preceding|same|year[- ]ago|comparable)\b"
    r"|^[^.;$\d]{0,12}(?:a|one)\s+year\s+(?:ago|earlier)|^[^.;$\d]{0,12}last\s+(?:year|quarter)",
    re.IGNORECASE,
)
TO_BEFORE = re.compile(r"\b(?:to|reached|hit|of|was|were|totaled|totalled|at)\s*(?:a\s+record\s+)?(?:of\s+)?$", re.IGNORECASE)

PERCENT_CHANGE = re.compile(
    r"(?P<dir>up|increased?|increasing|grew|growth\s+of|rose|rising|higher|gains?\s+of|down|decreased?|decreasing|declined?|declining|fell|lower)"
    r"\s+(?:by\s+)?(?:approximately\s+|about\s+|nearly\s+)?(?P<pct>\d+(?:\.\d+)?)\s?%"
    r"\s*(?P<basis>year[- ]over[- ]year|y/y|yoy|from\s+(?:the\s+)?(?:same\s+(?:quarter|period)|prior\s+year|year[- ]ago)[\w\s]*"
    r"|sequentially|quarter[- ]over[- ]quarter|q/q|qoq|from\s+(?:the\s+)?(?:prior|previous|preceding)\s+quarter)?",
    re.IGNORECASE,
)
PERCENT_CHANGE_NOUN = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s?%\s+(?P<basis>year[- ]over[- ]year|y/y|yoy|sequential|quarter[- ]over[- ]quarter)\s+"
    r"(?P<dir>increase|growth|gain|decrease|decline|drop)",
    re.IGNORECASE,
)
DOWN_WORDS = {"down", "decrease", "decreased", "decreasing", "decline", "declined", "declining", "fell", "lower", "drop"}

GROSS_MARGIN = re.compile(
    r"(?P<basis>non[- ]GAAP|GAAP)?\s*gross\s+margins?(?:\s+(?:for|in)\s+(?:the\s+)?[^%;]{0,60}?)?\s*"
    r"(?:was|were|of|came\s+in\s+at|at|reached|increased\s+to|decreased\s+to|rose\s+to|fell\s+to)?\s*"
    r"(?P<pct>\d+(?:\.\d+)?)\s?%",
    re.IGNORECASE,
)
# what may stand between the two amounts of a range, or of "X plus or minus Y"
RANGE_JOINT = re.compile(r"\s*(?:to|and|-|–|through)\s*", re.IGNORECASE)
PLUS_MINUS_JOINT = re.compile(r"\s*(?:plus\s+or\s+minus|\+/-|±)\s*", re.IGNORECASE)
SHARED_SCALE_RANGE = re.compile(
    r"(?P<cur>US\$|NT\$|\$)(?P<a>\d[\d,]*(?:\.\d+)?)\s?(?:-|–|to)\s?(?:US\$|NT\$|\$)?(?P<b>\d[\d,]*(?:\.\d+)?)\s?"
    r"(?P<scale>thousand|million|billion|trillion)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    metric: str
    value: float
    currency: str | None
    sentence: str
    text: str  # the exact amount text
    low: float | None = None
    high: float | None = None
    basis: str | None = None  # e.g. gaap / non_gaap, yoy / qoq
    supporting: tuple[str, ...] = ()  # other sentences stating the same figure (e.g. the headline)


@dataclass(frozen=True)
class NotFound:
    metric: str
    reason: str
    sentences: list[str] = field(default_factory=list)


Result = Figure | NotFound


def sentences(text: str) -> list[str]:
    """Split release text into sentences; headlines and table-ish lines count as sentences."""
    text = normalise(text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(\[])|\n\s*\n|\n(?=[A-Z•\-*])|(?<=다\.)\s*", text)
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p and p.strip()]


def _is_prior(sentence: str, amount: Amount) -> bool:
    before = sentence[: amount.start]
    after = sentence[amount.end:]
    if TO_BEFORE.search(before):
        return False
    return bool(PRIOR_BEFORE.search(before) or PRIOR_AFTER.search(after))


def current_amount(sentence: str, keyword: re.Pattern = REVENUE_WORDS) -> Amount | None:
    """The amount a sentence states for the current period, near the keyword."""
    amounts = [a for a in find_amounts(sentence) if not _is_prior(normalise(sentence), a)]
    if not amounts:
        return None
    hit = keyword.search(normalise(sentence))
    if hit is None:
        return amounts[0]
    after = [a for a in amounts if a.start >= hit.start()]
    before = [a for a in amounts if a.start < hit.start()]
    return after[0] if after else before[-1]


def _figure(metric: str, sentence: str, amount: Amount, **extra) -> Figure:
    return Figure(metric, amount.value, amount.currency, sentence, amount.text, **extra)


NOT_QUARTERLY = re.compile(
    r"\bsegment\b|\bfull[- ]year\b|\bfiscal\s+year\s+(?:20)?\d\d\s+revenue|\bfor\s+(?:the\s+)?(?:full\s+)?year\s+20\d\d"
    r"|\b(?:first|six|nine)\s+months\b|\bfirst\s+half\b|\byear[- ]to[- ]date\b|\bytd\b|\bannual\b|\bFor\s+20\d\d\b",
    re.IGNORECASE,
)


def _significant_digits(text: str) -> int:
    digits = re.sub(r"\D", "", re.search(r"\d[\d,]*(?:\.\d+)?", text).group(0))
    return len(digits.rstrip("0")) if "." not in text else len(digits.lstrip("0"))


def extract_revenue(text: str) -> Result:
    """The current period's revenue: amount in currency units and ISO currency.

    Every sentence that states a current-period revenue is a candidate; they must agree
    within 1% (a headline's "$1.58B" and the body's "$1,581 million" do), and the most
    precise one is returned. Candidates that disagree mean the text is not understood:
    NotFound, never a guess between them.
    """
    examined, candidates = [], []
    for sentence in sentences(text):
        if not REVENUE_WORDS.search(sentence) or FORWARD_WORDS.search(sentence):
            continue
        examined.append(sentence)
        if NOT_QUARTERLY.search(sentence):
            continue
        amount = current_amount(sentence)
        if amount is not None:
            candidates.append((sentence, amount))
    if not candidates:
        return NotFound("revenue", "no sentence states a current-period revenue amount", examined)
    first = candidates[0][1]
    agreeing = [(s, a) for s, a in candidates if a.currency == first.currency and abs(a.value - first.value) <= 0.01 * first.value]
    if len(agreeing) < len(candidates):
        others = ", ".join(a.text for _, a in candidates if (_, a) not in agreeing)
        return NotFound("revenue", f"sentences disagree on the current revenue ({first.text} vs {others})", [s for s, _ in candidates])
    sentence, amount = max(agreeing, key=lambda c: _significant_digits(c[1].text))
    return _figure("revenue", sentence, amount, supporting=tuple(s for s, _ in agreeing if s != sentence))


def extract_segment_revenue(text: str, segment_names: list[str]) -> Result:
    """Revenue of one segment, named by any of its names ("Cloud & Networking", "Datacenter and Communications")."""
    names = re.compile("|".join(re.escape(n).replace(r"\ ", r"\s+") for n in segment_names), re.IGNORECASE)
    examined = []
    for sentence in sentences(text):
        hit = names.search(sentence)
        if not hit or FORWARD_WORDS.search(sentence):
            continue
        examined.append(sentence)
        amount = current_amount(sentence, names)
        if amount is not None and REVENUE_WORDS.search(sentence):
            return _figure("segment_revenue", sentence, amount, basis=hit.group(0))
    return NotFound("segment_revenue", f"no sentence states revenue for {segment_names[0]}", examined)


def extract_percent_changes(sentence: str) -> dict[str, float]:
    """Growth stated in a sentence: {'yoy_pct': 17.0, 'qoq_pct': -3.0}; sign from the wording."""
    out: dict[str, float] = {}
    matches = [*PERCENT_CHANGE.finditer(normalise(sentence)), *PERCENT_CHANGE_NOUN.finditer(normalise(sentence))]
    for m in sorted(matches, key=lambda m: m.start()):
        basis = (m.group("basis") or "").lower()
        if not basis:
            continue
        key = "qoq_pct" if re.search(r"sequential|quarter|q/q|qoq", basis) else "yoy_pct"
        direction = m.group("dir").lower().split()[0]
        value = float(m.group("pct")) * (-1 if direction in DOWN_WORDS else 1)
        out.setdefault(key, value)
    return out


def extract_gross_margin(text: str) -> list[Figure] | NotFound:
    """Gross margin(s) in percent, GAAP and non-GAAP kept apart (basis gaap / non_gaap / stated)."""
    found: dict[str, Figure] = {}
    examined = []
    for sentence in sentences(text):
        if "gross margin" not in sentence.lower() or FORWARD_WORDS.search(sentence):
            continue
        examined.append(sentence)
        for m in GROSS_MARGIN.finditer(sentence):
            basis = (m.group("basis") or "stated").lower().replace("-", "_").replace(" ", "_")
            found.setdefault(basis, Figure("gross_margin_pct", float(m.group("pct")), None, sentence, m.group(0).strip(), basis=basis))
    return list(found.values()) if found else NotFound("gross_margin_pct", "no gross margin percentage stated", examined)


def extract_guidance(text: str, metric: str = "revenue") -> Result:
    """Next-period guidance as low / mid / high: "between $X and $Y", "$X plus or minus $Y",
    "in the range of $X to $Y", or a single "approximately $X"."""
    examined = []
    for sentence in sentences(text):
        if not FORWARD_WORDS.search(sentence) or not REVENUE_WORDS.search(sentence):
            continue
        examined.append(sentence)
        clause = sentence[REVENUE_WORDS.search(sentence).start():]
        shared = SHARED_SCALE_RANGE.search(clause)
        if shared:
            scale = SCALES[shared.group("scale").lower()]
            low, high = (scaled(shared.group(x), scale) for x in ("a", "b"))
            currency = PREFIX_CURRENCY[shared.group("cur").lower()]
            return Figure(f"{metric}_guidance", (low + high) / 2, currency, sentence, shared.group(0), low=low, high=high, basis="range")
        amounts = find_amounts(clause)
        for first, second in zip(amounts, amounts[1:], strict=False):
            joint = clause[first.end:second.start]
            currency = first.currency or second.currency
            if PLUS_MINUS_JOINT.fullmatch(joint):
                mid = first.value
                return Figure(f"{metric}_guidance", mid, currency, sentence, clause[first.start:second.end],
                              low=mid - second.value, high=mid + second.value, basis="plus_minus")
            if RANGE_JOINT.fullmatch(joint):
                low, high = sorted((first.value, second.value))
                return Figure(f"{metric}_guidance", (low + high) / 2, currency, sentence, clause[first.start:second.end],
                              low=low, high=high, basis="range")
        if amounts and re.search(r"approximately|about|around|roughly", clause, re.IGNORECASE):
            v = amounts[0]
            return Figure(f"{metric}_guidance", v.value, v.currency, sentence, v.text, low=v.value, high=v.value, basis="point")
    return NotFound(f"{metric}_guidance", "no guidance range or point stated", examined)
