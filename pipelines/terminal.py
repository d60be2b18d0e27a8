"""What reaches a person's terminal: stale sources grouped by host and reason, and libraries kept quiet.

A refresh that cannot reach the network has ~30 stale sources with near-identical 200-character
reasons; the summary shows one line per host and kind of reason with a count, and the full
reasons stay in `bottlenecks status` and `refresh --verbose`. Libraries (yfinance, Dagster's
beta warnings) never print to the terminal unless asked (`--verbose`).
"""

import logging
import re
import warnings
from collections import Counter
from urllib.parse import urlparse

import dagster as dg

# Loggers of libraries that print to stderr on their own when unreachable (yfinance: "Cookie/crumb
# fetch failed", "Failed to get ticker"); the sources report the same facts as stale reasons.
LIBRARY_LOGGERS = ("yfinance", "peewee", "curl_cffi", "httpx", "httpcore", "urllib3", "filelock", "alembic")
LIBRARY_WARNINGS = (dg.BetaWarning, dg.PreviewWarning, dg.SupersessionWarning)

_ERROR_NAME = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Timeout))\b")
_HTTP_STATUS = re.compile(r"\bHTTP (\d{3})\b")
_URL = re.compile(r"\(?\b\w+://\S+\)?")


def quiet_libraries(verbose: bool = False) -> None:
    """Keep library log lines and Dagster's beta/preview warnings off the terminal (unless verbose)."""
    for name in LIBRARY_LOGGERS:
        log = logging.getLogger(name)
        log.setLevel(logging.DEBUG if verbose else logging.CRITICAL + 1)
        log.propagate = verbose
    if not verbose:
        for category in LIBRARY_WARNINGS:
            warnings.filterwarnings("ignore", category=category)


def host_of(url: str | None) -> str:
    """The host a source is fetched from (`yfinance` for the market adapter's `yfinance:...` locations)."""
    if not url:
        return "(no url)"
    parsed = urlparse(url)
    return parsed.hostname or (parsed.scheme if parsed.scheme else url.split(":")[0])


def reason_kind(reason: str | None) -> str:
    """The kind of a stale reason, without the URLs, tickers and dates that make each one unique."""
    text = (reason or "").strip()
    if text.startswith("offline: no stored snapshot"):
        return "offline, no stored snapshot yet"
    if text.startswith("offline:"):
        return "offline, serving the stored snapshot"
    if status := _HTTP_STATUS.search(text):
        return f"HTTP {status.group(1)}"
    if "unreachable" in text:
        error = _ERROR_NAME.search(text)
        return f"unreachable ({error.group(1)})" if error else "unreachable"
    text = _URL.sub("", text).strip(" :;")
    return text if len(text) <= 80 else text[:79] + "…"


def group_stale(stale: list[dict]) -> list[tuple[str, str, int]]:
    """(host, reason kind, sources) for each group, the largest first."""
    counts = Counter((host_of(s.get("url")), reason_kind(s.get("reason"))) for s in stale)
    return sorted(((h, r, n) for (h, r), n in counts.items()), key=lambda g: (-g[2], g[0], g[1]))
