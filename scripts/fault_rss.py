"""Peak memory of the polite client against two hostile answers (a developer measurement, not a
test): a gzip bomb (about 600 KB on the wire, 600 MB decoded) and an endless chunked body, each
fetched with the default policy (20 MB cap) from a local server, in a fresh process.

    .venv/bin/python scripts/fault_rss.py
"""

import subprocess
import sys
from pathlib import Path

CASE = r'''
import asyncio, resource, sys, time
sys.path.insert(0, {root!r})
from sources.http import Policy, PoliteClient, Request
from tests.localserver import LocalServer, Route
from tests.sources.test_http_faults import endless, gzip_of_zeros, raw

case = {case!r}
with LocalServer() as srv:
    srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
    if case == "gzip-bomb":
        bomb = gzip_of_zeros(600)
        srv.routes["/x"] = Route(b"", handler=raw(200, {{"Content-Type": "text/html", "Content-Encoding": "gzip",
                                                        "Content-Length": str(len(bomb))}}, bomb))
        wire = len(bomb)
    else:
        srv.routes["/x"] = Route(b"", handler=endless)
        wire = None
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()

    async def run():
        async with PoliteClient("fault-rss", Policy(per_host_interval_s=0)) as client:
            return await client.fetch(Request("s", srv.url("/x")))

    got = asyncio.run(run())
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{{case}}: wire {{wire}} bytes; {{time.monotonic() - started:.2f}} s; peak RSS {{after / 1024:.0f}} MB "
          f"(before the fetch {{before / 1024:.0f}} MB); {{got.error}}")
'''

root = str(Path(__file__).resolve().parents[1])
for case in ("gzip-bomb", "endless-body"):
    subprocess.run([sys.executable, "-c", CASE.format(root=root, case=case)], check=True)
