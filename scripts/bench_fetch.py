"""Benchmark of the polite client (not a test): 200 pages from a local server that adds
100 ms latency per response, fetched serially (one request in flight) and concurrently
(per-host concurrency 16), then a second, unchanged pass with the stored ETags.

    .venv/bin/python scripts/bench_fetch.py [--pages 200] [--latency 0.1] [--concurrency 16]
"""

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sources.http import Policy, PoliteClient, Request  # noqa: E402
from tests.localserver import LocalServer, Route  # noqa: E402

UA = "inference-bottlenecks-bench/0.1"


async def run(requests, policy):
    async with PoliteClient(UA, policy) as client:
        return await client.fetch_all(requests)


def timed(requests, policy):
    start = time.perf_counter()
    results = asyncio.run(run(requests, policy))
    return time.perf_counter() - start, results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args()
    with LocalServer() as server:
        server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        for i in range(args.pages):
            body = (f"<html><!-- bench page {i} -->" + "<p>GPU Memory: 80GB</p>" * 800 + "</html>").encode()
            server.routes[f"/p{i}"] = Route(body, delay_s=args.latency)
        requests = [Request(f"bench/{i}", server.url(f"/p{i}")) for i in range(args.pages)]
        base = Policy(per_host_interval_s=0.0, timeout_s=30)
        serial_s, _ = timed(requests, Policy(**{**base.__dict__, "per_host_concurrency": 1}))
        concurrent = Policy(**{**base.__dict__, "per_host_concurrency": args.concurrency})
        first_s, first = timed(requests, concurrent)
        again = [Request(r.source_id, r.url, f.etag, f.last_modified) for r, f in zip(requests, first, strict=True)]
        second_s, second = timed(again, concurrent)
    body_bytes = lambda results: sum(len(f.body or b"") for f in results)  # noqa: E731
    print(f"pages: {args.pages}, latency {args.latency * 1000:.0f} ms per response")
    print(f"serial (1 in flight):          {serial_s:6.2f} s")
    print(f"concurrent ({args.concurrency} per host):     {first_s:6.2f} s  ({serial_s / first_s:.1f}x faster), "
          f"{body_bytes(first):,} body bytes, statuses {sorted({f.status for f in first})}")
    print(f"second pass (conditional GET): {second_s:6.2f} s, {body_bytes(second):,} body bytes, "
          f"statuses {sorted({f.status for f in second})}")


if __name__ == "__main__":
    main()
