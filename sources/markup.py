"""HTML for every parser: BeautifulSoup on lxml (fast on large pages, lenient on broken markup),
and markup it still cannot read refused as a ParseError naming the origin."""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.exceptions import ParserRejectedMarkup

from sources.errors import ParseError


def parse_html(markup: bytes | str, origin: str) -> BeautifulSoup:
    try:
        return BeautifulSoup(markup, "lxml")
    except (ParserRejectedMarkup, ValueError, TypeError) as exc:
        raise ParseError(f"{origin}: not readable HTML ({type(exc).__name__}: {str(exc)[:200]})") from None
