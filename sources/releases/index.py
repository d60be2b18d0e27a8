"""A release index (an investor-relations news page, or an RSS/Atom feed) -> the earnings
releases it links to: one row per distinct absolute URL whose title matches the company's
link pattern, with the date the page gives (or none).

Pure: bytes in, a Polars frame out. Announcements of a coming release ("to Report",
"Conference Call", "Webcast") are dropped even when the pattern matches them: they name
the quarter but carry no figures, and must never stand in for the release itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin

import polars as pl

from sources.errors import ParseError
from sources.markup import parse_html

SCHEMA = {"company_id": pl.Utf8, "url": pl.Utf8, "title": pl.Utf8, "published": pl.Date}
ANNOUNCEMENT = re.compile(r"\b(?:to|will)\s+(?:report|announce|release|host)\b|conference\s+call|webcast", re.IGNORECASE)
_DATE_TEXT = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{4}\.\d{2}\.\d{2})(?!\d)",
    re.IGNORECASE,
)


def _date(text: str | None):
    """A date as index pages and feeds write it (ISO, 'January 28, 2026', RFC 822), else None."""
    if not text:
        return None
    text = text.strip()
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    m = _DATE_TEXT.search(text)
    if not m:
        return None
    found = m.group(0).replace(".", " ").replace(",", " ")
    found = re.sub(r"\s+", " ", found).strip()
    for fmt in ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y %m %d"):
        try:
            return datetime.strptime(found if fmt != "%Y-%m-%d" else m.group(0), fmt).date()
        except ValueError:
            continue
    return None


def _is_feed(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in body[:2048].lower() or b"<feed" in body[:2048].lower()) or head.startswith((b"<rss", b"<feed"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _feed_links(body: bytes, origin: str) -> list[tuple[str, str, object]]:
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: an unknown encoding="..."
        raise ParseError(f"{origin}: not a readable RSS/Atom feed ({type(exc).__name__}: {exc})") from None
    found = []
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        fields = {_local(child.tag): child for child in item}
        title = (fields["title"].text or "").strip() if "title" in fields else ""
        link = fields.get("link")
        href = (link.get("href") or link.text or "").strip() if link is not None else ""
        when = next((fields[k].text for k in ("pubdate", "published", "updated", "date") if k in fields), None)
        if href:
            found.append((href, title, _date(when)))
    return found


def _page_links(body: bytes, origin: str) -> list[tuple[str, str, object]]:
    soup = parse_html(body.decode("utf-8", errors="replace"), origin)
    for tag in soup(["script", "style"]):
        tag.decompose()
    found = []
    for a in soup.find_all("a", href=True):
        title = a.get_text(" ", strip=True) or a.get("title", "").strip()
        when = None
        container = a
        for _ in range(3):  # the list item / row / card the link sits in
            container = container.parent
            # a container holding many links is the page, not the link's card: reading its text
            # for every link would be quadratic on a large page
            if container is None or len(container.find_all("a", limit=3)) > 2:
                break
            stamp = container.find("time")
            when = _date(stamp.get("datetime") or stamp.get_text(" ", strip=True)) if stamp else None
            when = when or _date(container.get_text(" ", strip=True))
            if when:
                break
        found.append((a["href"].strip(), re.sub(r"\s+", " ", title), when))
    return found


def parse_index(body: bytes, origin: str, company_id: str, pattern: re.Pattern) -> pl.DataFrame:
    """Release links on an index page or feed fetched from `origin` (relative links resolve against it)."""
    if not body.strip():
        raise ParseError(f"{origin}: empty release index")
    links = _feed_links(body, origin) if _is_feed(body) else _page_links(body, origin)
    rows, seen = [], set()
    for href, title, when in links:
        try:
            url = urldefrag(urljoin(origin, href)).url
        except ValueError:  # e.g. "http://[oops/q2" (an invalid IPv6 host): not a link anybody can follow
            continue
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        if not pattern.search(title) or ANNOUNCEMENT.search(title):
            continue
        seen.add(url)
        rows.append({"company_id": company_id, "url": url, "title": title, "published": when})
    return pl.DataFrame(rows, schema=SCHEMA)
