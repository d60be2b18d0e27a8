"""An earnings release (HTML, PDF or text bytes) -> one row per extracted figure.

Pure: bytes in, a Polars frame out. Each row keeps the release's fiscal period as the
text names it (the warehouse maps it to calendar quarters with the company's fiscal
calendar, which is reference data), the amount in currency units, the ISO currency, and
the exact sentence. What the rules do not find is a row with status `not_found` and the
sentences examined, so a gap is visible and never filled with a guess.
"""

import io

import polars as pl

from sources.errors import ParseError
from sources.markup import parse_html
from sources.releases.extract import (
    NotFound,
    extract_gross_margin,
    extract_guidance,
    extract_percent_changes,
    extract_revenue,
    extract_segment_revenue,
)
from sources.releases.periods import parse_fiscal_period

SCHEMA = {
    "company_id": pl.Utf8,
    "fiscal_year": pl.Int64,
    "fiscal_quarter": pl.Int64,
    "fiscal_label": pl.Boolean,
    "period_text": pl.Utf8,
    "metric": pl.Utf8,
    "basis": pl.Utf8,
    "status": pl.Utf8,  # found | not_found
    "value": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "currency": pl.Utf8,
    "unit": pl.Utf8,  # currency_units | pct
    "yoy_pct": pl.Float64,
    "qoq_pct": pl.Float64,
    "amount_text": pl.Utf8,
    "sentence": pl.Utf8,
}


def release_text(body: bytes, origin: str) -> str:
    """Readable text of a release: HTML through BeautifulSoup, PDF through pypdf, else UTF-8."""
    head = body[:1024].lstrip().lower()
    if body.startswith(b"%PDF"):
        try:
            from pypdf import PdfReader
        except ImportError as exc:  # pragma: no cover - pypdf is a dependency
            raise ParseError(f"{origin}: PDF release but no PDF library ({exc})") from None
        try:
            reader = PdfReader(io.BytesIO(body))
            return "\n\n".join(page.extract_text() or "" for page in reader.pages)
        except Exception as exc:  # pypdf raises many types for broken files
            raise ParseError(f"{origin}: not a readable PDF ({exc})") from None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("cp1252", errors="replace")
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in body[:4096].lower():
        soup = parse_html(text, origin)
        for tag in soup(["script", "style", "nav", "header", "footer"]):
            tag.decompose()
        blocks = [el.get_text(" ", strip=True) for el in soup.find_all(["h1", "h2", "h3", "p", "li", "td"])]
        return "\n\n".join(b for b in blocks if b)
    return text


def _row(company_id: str, period, result, metric: str) -> dict:
    row = {k: None for k in SCHEMA}
    row.update(
        company_id=company_id,
        fiscal_year=period.year if period else None,
        fiscal_quarter=period.quarter if period else None,
        fiscal_label=period.fiscal_label if period else None,
        period_text=period.text if period else None,
        metric=metric,
    )
    if isinstance(result, NotFound):
        row.update(status="not_found", basis=None, sentence=" | ".join(result.sentences[:5]) or None, amount_text=result.reason)
        return row
    changes: dict[str, float] = {}
    if metric in ("revenue", "segment_revenue"):
        for sentence in (result.sentence, *result.supporting):
            for key, value in extract_percent_changes(sentence).items():
                changes.setdefault(key, value)
    row.update(
        status="found", basis=result.basis or "", value=result.value, low=result.low, high=result.high,
        currency=result.currency, unit="pct" if metric == "gross_margin_pct" else "currency_units",
        yoy_pct=changes.get("yoy_pct"), qoq_pct=changes.get("qoq_pct"), amount_text=result.text, sentence=result.sentence,
    )
    return row


def parse_release(body: bytes, origin: str, company_id: str, segments: dict[str, list[str]] | None = None) -> pl.DataFrame:
    """Figures of one release. `segments` maps a segment id to the names releases use for it."""
    text = release_text(body, origin)
    if not text.strip():
        raise ParseError(f"{origin}: release has no text")
    period = parse_fiscal_period(text)
    if period is None:
        raise ParseError(f"{origin}: no fiscal period found (expected e.g. 'third quarter of fiscal 2026', 'Q2 FY26', '4Q25')")
    rows = [_row(company_id, period, extract_revenue(text), "revenue")]
    margins = extract_gross_margin(text)
    if isinstance(margins, NotFound):
        rows.append(_row(company_id, period, margins, "gross_margin_pct"))
    else:
        rows.extend(_row(company_id, period, m, "gross_margin_pct") for m in margins)
    rows.append(_row(company_id, period, extract_guidance(text), "revenue_guidance"))
    for segment_id, names in (segments or {}).items():
        row = _row(company_id, period, extract_segment_revenue(text, names), "segment_revenue")
        row["basis"] = segment_id
        rows.append(row)
    for row in rows:
        row["basis"] = row["basis"] or ""
    return pl.DataFrame(rows, schema=SCHEMA)
