"""The polite client against a real server on 127.0.0.1: conditional GET (ETag -> 304, no
body), 503 then 200 (retried), a response slower than the timeout, robots.txt disallow,
the project's User-Agent, and the per-host concurrency limit."""

import asyncio
import dataclasses

import pytest

from sources.http import Policy, PoliteClient, Request, fetch_many
from sources.settings import load_settings
from tests.localserver import LocalServer, Route

FAST = Policy(timeout_s=0.5, connect_timeout_s=0.5, attempts=3, backoff_initial_s=0.01, backoff_max_s=0.05,
              per_host_concurrency=2, per_host_interval_s=0.0)
UA = "inference-bottlenecks-test/1 (+https://example.invalid)"


def fetch(requests, policy=FAST):
    async def run():
        async with PoliteClient(UA, policy) as client:
            return await client.fetch_all(requests)

    return asyncio.run(run())


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain", etag=False)
        yield srv


def test_etag_then_304_without_body(server):
    server.routes["/h100"] = Route(b"<html>h100</html>")
    (first,) = fetch([Request("s", server.url("/h100"))])
    assert (first.status, first.body, first.etag, first.error) == (200, b"<html>h100</html>", server.routes["/h100"].etag_value, None)
    (second,) = fetch([Request("s", server.url("/h100"), etag=first.etag)])
    assert (second.status, second.body, second.etag, second.error) == (304, None, first.etag, None)
    h100 = [h for p, h in server.requests if p == "/h100"]
    assert "if-none-match" not in h100[0] and h100[1]["if-none-match"] == first.etag
    assert {h["user-agent"] for _, h in server.requests} == {UA}


def test_request_headers_go_with_that_request_only(server):
    server.routes["/gated"] = Route(b"{}")
    fetch([Request("s", server.url("/gated"), headers=(("Authorization", "Bearer t0ken"),)), Request("u", server.url("/gated"))])
    sent = [h.get("authorization") for p, h in server.requests if p == "/gated"]
    assert sorted(sent, key=str) == ["Bearer t0ken", None]
    assert [h.get("authorization") for p, h in server.requests if p == "/robots.txt"] == [None]


def test_503_then_200_is_retried(server):
    server.routes["/flaky"] = Route(b"ok", statuses=[503, 503])
    (got,) = fetch([Request("s", server.url("/flaky"))])
    assert (got.status, got.body, got.error) == (200, b"ok", None)
    assert server.paths().count("/flaky") == 3


def test_persistent_503_gives_up_with_the_reason(server):
    server.routes["/down"] = Route(b"never", statuses=[503, 503, 503, 503])
    (got,) = fetch([Request("s", server.url("/down"))])
    assert (got.status, got.body, got.error) == (503, None, "HTTP 503 Service Unavailable after 3 attempts")
    assert server.paths().count("/down") == 3


def test_slow_response_times_out_and_is_retried(server):
    server.routes["/slow"] = Route(b"late", delay_s=1.0)
    (got,) = fetch([Request("s", server.url("/slow"))], dataclasses.replace(FAST, attempts=2))
    assert got.body is None and got.error == "timed out (ReadTimeout) after 2 attempts"
    assert server.paths().count("/slow") == 2


def test_robots_disallow_is_respected(server):
    server.routes["/private/spec"] = Route(b"secret")
    (got,) = fetch([Request("s", server.url("/private/spec"))])
    assert got.body is None and got.error == f"disallowed by robots.txt of {server.base.removeprefix('http://')} for our user agent"
    assert "/private/spec" not in server.paths() and server.paths().count("/robots.txt") == 1


def test_404_is_an_error_not_retried(server):
    (got,) = fetch([Request("s", server.url("/gone"))])
    assert (got.status, got.body, got.error) == (404, None, "HTTP 404 Not Found")
    assert server.paths().count("/gone") == 1


def test_per_host_concurrency_is_limited(server):
    for i in range(8):
        server.routes[f"/p{i}"] = Route(f"page {i}".encode(), delay_s=0.05)
    got = fetch([Request(f"s{i}", server.url(f"/p{i}")) for i in range(8)])
    assert [g.body for g in got] == [f"page {i}".encode() for i in range(8)]
    assert server.max_in_flight == 2


def test_offline_opens_no_socket(server, monkeypatch):
    server.routes["/h100"] = Route(b"x")
    settings = load_settings({"BOTTLENECKS_OFFLINE": "1"})
    (got,) = fetch_many([Request("s", server.url("/h100"))], settings)
    assert got.body is None and got.error.startswith("offline")
    assert server.requests == []


def test_unresolvable_host_fails_fast_without_retries():
    (got,) = fetch([Request("s", "http://no-such-host.invalid/page")])
    assert got.body is None and got.status is None
    assert got.error.startswith("robots.txt") is False and "no-such-host.invalid/robots.txt unreachable" in got.error
