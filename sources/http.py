"""The one polite HTTP client for every source fetched over HTTP (pages, PDFs, feeds, the model hub).

- names the project in its User-Agent (from settings);
- per host: at most `per_host_concurrency` requests in flight and at least
  `per_host_interval_s` between request starts (retries included);
- timeouts on connect and read; retries with exponential backoff and jitter (tenacity) on
  429, 5xx, timeouts and connection errors, honouring Retry-After; a host whose name does
  not resolve is not retried (that is not transient, and the default run must stay fast
  on a machine without network);
- robots.txt fetched once per host and obeyed (RFC 9309: 4xx = allow all, 5xx or
  unreachable = disallow all);
- conditional GET: a request carrying the last stored ETag/Last-Modified gets a 304 with
  no body, which the loader stores as nothing new;
- a request may carry headers of its own (e.g. `Authorization` for a gated model
  repository): sent with that request (httpx drops Authorization on a redirect to another
  host), never with robots.txt, and never logged.

A fetch never raises for network trouble: it returns a `Fetched` with `error` set and
`body` None, so the caller can keep the last good data and report the source as stale.
`BOTTLENECKS_OFFLINE` short-circuits everything: no socket is opened.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from sources.fetch import Fetched, Request
from sources.settings import Settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Policy:
    timeout_s: float = 20.0
    connect_timeout_s: float = 10.0
    attempts: int = 3
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 30.0
    per_host_concurrency: int = 2
    per_host_interval_s: float = 1.0
    respect_robots: bool = True


class RetryableStatus(Exception):
    def __init__(self, response: httpx.Response):
        self.response = response
        super().__init__(f"HTTP {response.status_code} {response.reason_phrase}")


def _unresolvable(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return "name resolution" in str(exc).lower() or "name or service not known" in str(exc).lower()


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, RetryableStatus):
        return True
    return isinstance(exc, httpx.TransportError) and not _unresolvable(exc)


def _retry_after_s(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    interval_s: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    robots: RobotFileParser | str | None = None  # parser, or the reason everything is disallowed

    async def wait_turn(self) -> None:
        async with self.lock:
            now = time.monotonic()
            if self.next_start > now:
                await asyncio.sleep(self.next_start - now)
            self.next_start = max(now, self.next_start) + self.interval_s


class PoliteClient:
    """Use as `async with PoliteClient(user_agent) as client: await client.fetch_all(requests)`."""

    def __init__(self, user_agent: str, policy: Policy | None = None, transport: httpx.AsyncBaseTransport | None = None):
        self.user_agent = user_agent
        self.policy = policy or Policy()
        self._hosts: dict[str, _Host] = {}
        self._robots_lock = asyncio.Lock()
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept": "text/html,application/pdf;q=0.9,*/*;q=0.5"},
            timeout=httpx.Timeout(self.policy.timeout_s, connect=self.policy.connect_timeout_s),
            follow_redirects=True,
            transport=transport,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    async def __aenter__(self) -> PoliteClient:
        return self

    async def __aexit__(self, *exc) -> None:
        await self._client.aclose()

    def _host(self, url: str) -> _Host:
        netloc = urlsplit(url).netloc
        if netloc not in self._hosts:
            self._hosts[netloc] = _Host(asyncio.Semaphore(self.policy.per_host_concurrency), self.policy.per_host_interval_s)
        return self._hosts[netloc]

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_exponential_jitter(
            multiplier=self.policy.backoff_initial_s, max=self.policy.backoff_max_s, jitter=self.policy.backoff_initial_s
        )(state)
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableStatus):
            after = _retry_after_s(exc.response)
            if after is not None:
                return min(max(backoff, after), self.policy.backoff_max_s)
        return backoff

    async def _get(self, url: str, headers: dict[str, str]) -> httpx.Response:
        host = self._host(url)
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(self.policy.attempts),
            wait=self._wait,
            retry=retry_if_exception(_retryable),
            reraise=True,
        ):
            with attempt:
                async with host.semaphore:
                    await host.wait_turn()
                    response = await self._client.get(url, headers=headers)
                if response.status_code in RETRY_STATUSES:
                    raise RetryableStatus(response)
                return response
        raise AssertionError("unreachable")  # tenacity either returns or re-raises

    async def _allowed(self, url: str) -> str | None:
        """None when robots.txt allows the URL, else the reason it does not."""
        if not self.policy.respect_robots:
            return None
        host = self._host(url)
        async with self._robots_lock:
            if host.robots is None:
                parts = urlsplit(url)
                robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
                try:
                    response = await self._get(robots_url, {})
                except RetryableStatus as exc:
                    host.robots = f"{robots_url} unavailable ({exc}); RFC 9309: treat as disallow all"
                except httpx.HTTPError as exc:
                    host.robots = f"{robots_url} unreachable ({_describe(exc)})"
                else:
                    parser = RobotFileParser(robots_url)
                    parser.parse(response.text.splitlines() if response.status_code < 400 else [])
                    host.robots = parser
        if isinstance(host.robots, str):
            return host.robots
        if not host.robots.can_fetch(self.user_agent, url):
            return f"disallowed by robots.txt of {urlsplit(url).netloc} for our user agent"
        return None

    async def fetch(self, request: Request) -> Fetched:
        started = datetime.now(UTC)

        def failed(error: str, status: int | None = None) -> Fetched:
            return Fetched(request.source_id, request.url, started, status, None, request.etag, request.last_modified, error=error)

        refused = await self._allowed(request.url)
        if refused:
            return failed(refused)
        headers = dict(request.headers)
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        try:
            response = await self._get(request.url, headers)
        except RetryableStatus as exc:
            return failed(f"{exc} after {self.policy.attempts} attempts", exc.response.status_code)
        except httpx.HTTPError as exc:
            tries = 1 if _unresolvable(exc) else self.policy.attempts
            return failed(f"{_describe(exc)} after {tries} attempt{'s' if tries > 1 else ''}")
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        content_type = response.headers.get("content-type")
        if response.status_code == 304:
            return Fetched(request.source_id, request.url, started, 304, None,
                           etag or request.etag, last_modified or request.last_modified, content_type)
        if response.status_code >= 400:
            return failed(f"HTTP {response.status_code} {response.reason_phrase}", response.status_code)
        return Fetched(request.source_id, request.url, started, response.status_code, response.content,
                       etag, last_modified, content_type)

    async def fetch_all(self, requests: Sequence[Request]) -> list[Fetched]:
        return list(await asyncio.gather(*(self.fetch(r) for r in requests)))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    message = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {message}"


def offline_result(request: Request) -> Fetched:
    return Fetched(request.source_id, request.url, datetime.now(UTC), None, None, request.etag, request.last_modified,
                   error="offline (BOTTLENECKS_OFFLINE / --offline): network not used")


def fetch_many(requests: Sequence[Request], settings: Settings, policy: Policy | None = None) -> list[Fetched]:
    """Fetch every request politely and concurrently; in offline mode touch no network."""
    if settings.offline:
        return [offline_result(r) for r in requests]

    async def run() -> list[Fetched]:
        async with PoliteClient(settings.user_agent, policy) as client:
            return await client.fetch_all(requests)

    return asyncio.run(run())

