"""The polite client against a hostile server on 127.0.0.1 (hand-written faults, no vendor data):
a gzip bomb, an endless chunked body, a 2 GB Content-Length, a one-byte-a-second drip, a page
above the cap, redirects to another host (its robots.txt applies), to a non-http URL and from a
public host to a private address (a mock transport: no socket). Each ends in a clear error, with
no retry of a refused body and bounded time and memory."""

import asyncio
import time
import zlib

import httpx
import pytest

from sources.http import MB, Policy, PoliteClient, Request, fetch_many, redirect_problem
from tests.localserver import LocalServer, Route

CAP = 2 * MB
FAST = Policy(timeout_s=1.0, connect_timeout_s=0.5, attempts=3, backoff_initial_s=0.01, backoff_max_s=0.02,
              per_host_concurrency=2, per_host_interval_s=0.0, deadline_s=3.0, max_body_bytes=CAP, max_pdf_bytes=CAP)
UA = "inference-bottlenecks-test/1 (+https://example.invalid)"


def fetch(*requests, policy=FAST, transport=None):
    async def run():
        async with PoliteClient(UA, policy, transport=transport) as client:
            return await client.fetch_all(list(requests))

    return asyncio.run(run())


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        yield srv


def gzip_of_zeros(decoded_mb: int) -> bytes:
    """gzip of `decoded_mb` MB of zeros, compressed in 1 MB steps (never held decoded)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MB)
    return b"".join(squeeze.compress(zeros) for _ in range(decoded_mb)) + squeeze.flush()


def raw(status: int, headers: dict, body: bytes = b""):
    def handler(h):
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        if body:
            h.wfile.write(body)
    return handler


def requests_to(server, path):
    return [p for p in server.paths() if p == path]


def test_a_gzip_bomb_is_cut_at_the_cap_and_not_fetched_again(server):
    bomb = gzip_of_zeros(200)  # ~200 KB on the wire, 200 MB decoded
    server.routes["/bomb"] = Route(b"", handler=raw(200, {"Content-Type": "text/html", "Content-Encoding": "gzip",
                                                          "Content-Length": str(len(bomb))}, bomb))
    (got,) = fetch(Request("s", server.url("/bomb")))
    assert got.body is None and got.error == (
        f"{server.url('/bomb')}: body decodes to more than the cap of {CAP:,} bytes "
        f"({got.error.split('(')[1].split(' bytes on the wire')[0]} bytes on the wire); not read further")
    assert len(requests_to(server, "/bomb")) == 1  # a refused body is never downloaded again


def endless(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"x" * 65536
    while True:  # until the client hangs up
        h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def test_an_endless_body_is_cut_on_the_wire(server):
    server.routes["/endless"] = Route(b"", handler=endless)
    (got,) = fetch(Request("s", server.url("/endless")))
    assert got.body is None
    assert got.error == f"{server.url('/endless')}: body passed the cap of {CAP:,} bytes on the wire; not read further"
    assert len(requests_to(server, "/endless")) == 1


def test_a_declared_content_length_above_the_cap_is_refused_before_reading(server):
    server.routes["/huge"] = Route(b"", handler=raw(200, {"Content-Type": "text/html", "Content-Length": str(2 * 1024 * MB)},
                                                    b"<html>"))
    (got,) = fetch(Request("s", server.url("/huge")))
    assert got.error == (f"{server.url('/huge')}: declared Content-Length 2,147,483,648 bytes is above the cap "
                         f"of {CAP:,} bytes")
    assert len(requests_to(server, "/huge")) == 1


def test_a_page_above_the_cap_is_refused_with_a_clear_message(server):
    page = b"<html><body>" + b"<p>spec</p>" * (CAP // 11 + 1) + b"</body></html>"
    server.routes["/big"] = Route(page, "text/html")
    (got,) = fetch(Request("s", server.url("/big")))
    assert got.error.startswith(f"{server.url('/big')}: declared Content-Length {len(page):,} bytes is above the cap")


def drip(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    while True:
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.2)  # every read arrives within the read timeout; the whole never does


def test_a_drip_hits_the_total_deadline_not_the_per_read_timeout(server):
    server.routes["/drip"] = Route(b"", handler=drip)
    (got,) = fetch(Request("s", server.url("/drip")))
    # ended by the total deadline (every single read arrives within the 1 s read timeout)
    assert got.error == "no complete answer within the deadline of 3 s (a total per request, not per read)"


def test_a_redirect_to_another_host_obeys_that_hosts_robots_txt(server):
    with LocalServer() as other:
        other.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", "text/plain", etag=False)
        other.routes["/page"] = Route(b"<html>moved</html>")
        server.routes["/moved"] = Route(b"", handler=raw(302, {"Location": other.url("/page"), "Content-Length": "0"}))
        (got,) = fetch(Request("s", server.url("/moved"), headers=(("Authorization", "Bearer secret"),)))
        assert got.error == f"disallowed by robots.txt of {other.base.removeprefix('http://')} for our user agent"
        assert other.paths() == ["/robots.txt"]  # asked first, the page never
        other.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        (moved,) = fetch(Request("s", server.url("/moved"), headers=(("Authorization", "Bearer secret"),)))
        assert (moved.status, moved.body) == (200, b"<html>moved</html>")
        assert "authorization" not in other.requests[-1][1]  # the token stays with its host


def test_a_redirect_to_a_non_http_url_or_in_a_loop_is_refused(server):
    server.routes["/ftp"] = Route(b"", handler=raw(301, {"Location": "ftp://files.example/x", "Content-Length": "0"}))
    server.routes["/loop"] = Route(b"", handler=raw(302, {"Location": "/loop", "Content-Length": "0"}))
    ftp, loop = fetch(Request("s", server.url("/ftp")), Request("t", server.url("/loop")))
    assert ftp.error == f"redirect from {server.url('/ftp')} to 'ftp://files.example/x' refused: only http(s) URLs are followed"
    assert loop.error == f"more than 5 redirects from {server.url('/loop')}"


def test_a_public_page_cannot_send_the_client_to_a_private_address():
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nAllow: /\n")
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    (got,) = fetch(Request("s", "https://93.184.216.34/datasheet"), transport=httpx.MockTransport(answer))
    assert got.error == ("redirect from https://93.184.216.34/datasheet to http://169.254.169.254/latest/meta-data/ "
                         "refused: 169.254.169.254 is a link-local address")
    assert seen == ["https://93.184.216.34/robots.txt", "https://93.184.216.34/datasheet"]
    assert asyncio.run(redirect_problem("https://93.184.216.34/a", "http://10.1.2.3/b")) == (
        "redirect from https://93.184.216.34/a to http://10.1.2.3/b refused: 10.1.2.3 is a private address")
    assert asyncio.run(redirect_problem("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b")) is None  # a local endpoint's own


def test_no_writer_lock_is_held_while_a_slow_source_is_fetched(server, tmp_path):
    """A drip keeps the fetch busy for its whole deadline; meanwhile another process takes the
    writer lock and writes (it would time out after 1 s if the fetch held the lock)."""
    import dataclasses
    import os
    import subprocess
    import sys
    import threading

    from sources.registry import SOURCES
    from sources.settings import load_settings
    from warehouse.load import load_sources

    server.routes["/drip"] = Route(b"", handler=drip)
    settings = load_settings({"BOTTLENECKS_HOME": str(tmp_path / "home")})
    page = dataclasses.replace(SOURCES["datasheet/nvidia-h100"], location=server.url("/drip"))
    outcome = {}
    fetching = threading.Thread(target=lambda: outcome.update(
        report=load_sources(settings, [page], "t", http=lambda reqs, s: fetch_many(reqs, s, FAST))))
    fetching.start()
    while not requests_to(server, "/drip"):
        time.sleep(0.05)
    writer = subprocess.run(
        [sys.executable, "-c", "from sources.settings import load_settings; from warehouse import db\n"
         "with db.writer(load_settings()) as con: con.execute('select 1')"],
        env={**os.environ, "BOTTLENECKS_HOME": str(settings.home), "BOTTLENECKS_LOCK_TIMEOUT": "1"},
        capture_output=True, text=True, timeout=60,
    )
    fetching.join()
    assert writer.returncode == 0, writer.stderr
    (stale,) = outcome["report"].outcomes
    assert (stale.status, stale.reason) == ("unreachable", "no complete answer within the deadline of 3 s "
                                            f"(a total per request, not per read) ({server.url('/drip')})")
