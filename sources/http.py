"""The one polite HTTP client for every source fetched over HTTP (pages, PDFs, feeds, the model hub).

- names the project in its User-Agent (from settings);
- per host: at most `per_host_concurrency` requests in flight and at least
  `per_host_interval_s` between request starts (retries included);
- timeouts on connect and on each read, and a total deadline per request (`deadline_s`: a
  server that drips one byte a second is cut off); retries with exponential backoff and jitter
  (tenacity) on 429, 5xx, timeouts and connection errors, honouring Retry-After; a host whose
  name does not resolve is not retried (that is not transient, and the default run must stay
  fast on a machine without network);
- bounded bodies: streamed, with a cap on the bytes on the wire *and* the decoded bytes
  (`max_body_bytes`, `max_pdf_bytes` for PDFs; `BOTTLENECKS_MAX_BODY_MB`): a declared
  Content-Length above the cap is refused before reading, a gzip bomb or an endless body is
  cut at the cap, and a refused body is never downloaded again by a retry. Only identity,
  gzip and deflate encodings are accepted;
- redirects followed hop by hop (at most `max_redirects`), each hop an http(s) URL whose host's
  robots.txt and per-host limits apply; a redirect to a loopback, private, link-local or
  reserved address is refused unless the request's own host is one (a local test server or an
  internal mirror); `Authorization` is dropped when a redirect leaves the host;
- robots.txt fetched once per host and obeyed (RFC 9309: 4xx = allow all, 5xx or
  unreachable = disallow all);
- conditional GET: a request carrying the last stored ETag/Last-Modified gets a 304 with
  no body, which the loader stores as nothing new;
- a request may carry headers of its own (e.g. `Authorization` for a gated model
  repository): sent with that request, never with robots.txt, and never logged;
- a byte-range request (a `Range: bytes=START-END` header, e.g. the header of a safetensors
  file) takes only a 206 whose Content-Range starts at START and holds no more bytes than were
  asked for; a 200 (the server ignored the range and sends the whole file) is refused before its
  body is read, and 416 (range not satisfiable) is an error like any 4xx. The body caps apply.

A fetch never raises for network trouble: it returns a `Fetched` with `error` set and
`body` None, so the caller can keep the last good data and report the source as stale.
`BOTTLENECKS_OFFLINE` short-circuits everything: no socket is opened.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from sources.fetch import Fetched, Request
from sources.settings import Settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MB = 1024 * 1024


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
    deadline_s: float = 60.0  # the whole request, every hop and retry included
    max_body_bytes: int = 20 * MB  # on the wire and decoded
    max_pdf_bytes: int = 60 * MB
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        cap = int(settings.max_body_mb * MB)
        return cls(max_body_bytes=cap, max_pdf_bytes=max(cap, 3 * cap))


class Refused(Exception):
    """An answer the client will not take (too large, an unknown encoding, a redirect it may not
    follow): final, never retried."""


@dataclass(frozen=True)
class _Answer:
    url: str
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes | None


RANGE = re.compile(r"^bytes=(\d+)-(\d+)$")
CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


def requested_range(headers: dict[str, str]) -> tuple[int, int] | None:
    """(start, end) of a request's single `Range: bytes=START-END` header, or None without one.
    Anything else in a Range header (several ranges, open ends, suffixes) is refused."""
    value = next((v for k, v in headers.items() if k.lower() == "range"), None)
    if value is None:
        return None
    match = RANGE.match(value.strip())
    if not match or int(match.group(1)) > int(match.group(2)):
        raise Refused(f"Range {value!r} is not supported: only one closed range 'bytes=START-END' is sent")
    return int(match.group(1)), int(match.group(2))


def range_problem(url: str, status: int, content_range: str | None, wanted: tuple[int, int]) -> str | None:
    """Why an answer to a byte-range request cannot be taken (before its body is read), or None."""
    if status == 200:
        return (f"{url}: answered HTTP 200 (the whole file) to a request for bytes {wanted[0]}-{wanted[1]}; "
                "the server ignored the Range header, so the body was not read")
    if status != 206:
        return None  # an error status: reported as such
    match = CONTENT_RANGE.match((content_range or "").strip())
    if not match:
        return f"{url}: HTTP 206 without a Content-Range 'bytes START-END/SIZE' (got {content_range!r})"
    start, end = int(match.group(1)), int(match.group(2))
    if start != wanted[0] or end > wanted[1] or end < start:
        return f"{url}: HTTP 206 with Content-Range {content_range!r}, not within the bytes {wanted[0]}-{wanted[1]} asked for"
    return None


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


async def _once(data: bytes):
    yield data


def _address_class(host: str) -> str:
    """'public', or why an address is not (loopback, private, link-local, reserved, ...)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return "name"
    for kind in ("loopback", "link_local", "private", "reserved", "multicast", "unspecified"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return "public"


async def _resolved_class(host: str) -> str:
    kind = _address_class(host)
    if kind != "name":
        return kind
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return "loopback"
    try:
        infos = await asyncio.to_thread(socket.getaddrinfo, host, None)
    except OSError:
        return "public"  # unresolvable: the request itself will fail and say so
    kinds = {_address_class(info[4][0]) for info in infos}
    return next((k for k in sorted(kinds) if k != "public"), "public")


async def redirect_problem(origin: str, target: str) -> str | None:
    """Why the client must not follow a redirect from `origin` to `target`, or None."""
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"redirect from {origin} to {target!r} refused: only http(s) URLs are followed"
    where = await _resolved_class(parts.hostname)
    if where != "public" and await _resolved_class(urlsplit(origin).hostname or "") == "public":
        return f"redirect from {origin} to {target} refused: {parts.hostname} is a {where} address"
    return None


class PoliteClient:
    """Use as `async with PoliteClient(user_agent) as client: await client.fetch_all(requests)`."""

    def __init__(self, user_agent: str, policy: Policy | None = None, transport: httpx.AsyncBaseTransport | None = None):
        self.user_agent = user_agent
        self.policy = policy or Policy()
        self._hosts: dict[str, _Host] = {}
        self._robots_lock = asyncio.Lock()
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept": "text/html,application/pdf;q=0.9,*/*;q=0.5",
                     "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.policy.timeout_s, connect=self.policy.connect_timeout_s),
            follow_redirects=False,  # hop by hop, each checked (fetch)
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

    def _cap(self, response: httpx.Response, cap: int | None) -> int:
        if cap is not None:
            return cap
        pdf = "pdf" in response.headers.get("content-type", "").lower()
        return self.policy.max_pdf_bytes if pdf else self.policy.max_body_bytes

    async def _read(self, response: httpx.Response, cap: int) -> bytes:
        """The decoded body, streamed; Refused as soon as the wire or decoded bytes pass `cap`."""
        url = str(response.request.url)
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise Refused(f"{url}: declared Content-Length {int(declared):,} bytes is above the cap of {cap:,} bytes")
        encoding = response.headers.get("content-encoding", "identity").strip().lower() or "identity"
        if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise Refused(f"{url}: Content-Encoding {encoding!r} is not accepted (identity, gzip, deflate)")
        decoder = None if encoding == "identity" else zlib.decompressobj(zlib.MAX_WBITS | (16 if "gzip" in encoding else 0))
        parts, wire, size = [], 0, 0
        # a transport that buffered the answer already (httpx.MockTransport) hands over its bytes
        chunks = _once(response.content) if response.is_stream_consumed else response.aiter_raw()
        async for chunk in chunks:
            wire += len(chunk)
            if wire > cap:
                raise Refused(f"{url}: body passed the cap of {cap:,} bytes on the wire; not read further")
            data = chunk
            while data:
                try:
                    piece = decoder.decompress(data, cap - size + 1) if decoder else data
                except zlib.error as exc:
                    raise Refused(f"{url}: body is not valid {encoding} ({exc})") from None
                size += len(piece)
                if size > cap:
                    raise Refused(f"{url}: body decodes to more than the cap of {cap:,} bytes "
                                  f"({wire:,} bytes on the wire); not read further")
                parts.append(piece)
                data = decoder.unconsumed_tail if decoder else b""
        return b"".join(parts)

    async def _get(self, url: str, headers: dict[str, str], cap: int | None = None) -> _Answer:
        """One hop (no redirect followed), retried on transient trouble; the body capped."""
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
                    async with self._client.stream("GET", url, headers=headers) as response:
                        if response.status_code in RETRY_STATUSES:
                            raise RetryableStatus(response)
                        wanted = requested_range(headers)
                        if wanted is not None:
                            problem = range_problem(url, response.status_code, response.headers.get("content-range"), wanted)
                            if problem:
                                raise Refused(problem)
                            cap = min(self._cap(response, cap), wanted[1] - wanted[0] + 1)
                        ok = 200 <= response.status_code < 300
                        body = await self._read(response, self._cap(response, cap)) if ok else None
                        return _Answer(url, response.status_code, response.reason_phrase, response.headers, body)
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
                    answer = await self._get(robots_url, {}, cap=MB)
                except RetryableStatus as exc:
                    host.robots = f"{robots_url} unavailable ({exc}); RFC 9309: treat as disallow all"
                except Refused as exc:
                    host.robots = f"{robots_url} refused ({exc}); treated as disallow all"
                except httpx.HTTPError as exc:
                    host.robots = f"{robots_url} unreachable ({_describe(exc)})"
                else:
                    parser = RobotFileParser(robots_url)
                    text = (answer.body or b"").decode("utf-8", errors="replace") if answer.status < 400 else ""
                    parser.parse(text.splitlines())
                    host.robots = parser
        if isinstance(host.robots, str):
            return host.robots
        if not host.robots.can_fetch(self.user_agent, url):
            return f"disallowed by robots.txt of {urlsplit(url).netloc} for our user agent"
        return None

    async def _follow(self, request: Request, headers: dict[str, str]) -> _Answer | str:
        """The final answer after checked redirects, or why there is none."""
        url = request.url
        for _hop in range(self.policy.max_redirects + 1):
            refused = await self._allowed(url)
            if refused:
                return refused
            answer = await self._get(url, headers)
            location = answer.headers.get("location")
            if answer.status not in REDIRECT_STATUSES or not location:
                return answer
            target = urljoin(url, location.strip())
            problem = await redirect_problem(url, target)
            if problem:
                return problem
            if urlsplit(target).netloc != urlsplit(url).netloc:
                headers = {k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")}
            url = target
        return f"more than {self.policy.max_redirects} redirects from {request.url}"

    async def fetch(self, request: Request) -> Fetched:
        started = datetime.now(UTC)

        def failed(error: str, status: int | None = None) -> Fetched:
            return Fetched(request.source_id, request.url, started, status, None, request.etag, request.last_modified, error=error)

        headers = dict(request.headers)
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        try:
            async with asyncio.timeout(self.policy.deadline_s):
                answer = await self._follow(request, headers)
        except TimeoutError:
            return failed(f"no complete answer within the deadline of {self.policy.deadline_s:g} s "
                          "(a total per request, not per read)")
        except Refused as exc:
            return failed(str(exc))
        except RetryableStatus as exc:
            return failed(f"{exc} after {self.policy.attempts} attempts", exc.response.status_code)
        except httpx.HTTPError as exc:
            tries = 1 if _unresolvable(exc) else self.policy.attempts
            return failed(f"{_describe(exc)} after {tries} attempt{'s' if tries > 1 else ''}")
        if isinstance(answer, str):
            return failed(answer)
        etag = answer.headers.get("etag")
        last_modified = answer.headers.get("last-modified")
        content_type = answer.headers.get("content-type")
        if answer.status == 304:
            return Fetched(request.source_id, request.url, started, 304, None,
                           etag or request.etag, last_modified or request.last_modified, content_type)
        if answer.status >= 300:
            return failed(f"HTTP {answer.status} {answer.reason}", answer.status)
        return Fetched(request.source_id, request.url, started, answer.status, answer.body, etag, last_modified, content_type)

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
        async with PoliteClient(settings.user_agent, policy or Policy.from_settings(settings)) as client:
            return await client.fetch_all(requests)

    return asyncio.run(run())

