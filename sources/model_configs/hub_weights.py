"""Fetching safetensors headers from the hub by byte range (I/O at the edge; the reading is
`weights.py`).

Per shard, through the polite client (`sources/http.py`: robots.txt, per-host limits, retries,
body caps; a Range request takes only a 206 of the asked bytes, never a whole file):
1. `Range: bytes=0-<PROBE_BYTES - 1>`: the 8-byte header length N and, for most shards, the whole
   header;
2. when N is longer than the probe holds, `Range: bytes=0-<8 + N - 1>`, unless 8 + N is above
   the body cap (`BOTTLENECKS_MAX_BODY_MB`): then no second request, and the shard's fetch is an
   error that names the declared length and the cap (stale with that reason, nothing stored).
The body stored in the raw store is the file's first 8 + N bytes as the range answers delivered
them (the tensor bytes after the header are never asked for). A body shorter than that (the file
ends inside its header, or the server sent less) is stored as received and refused by the parser
as truncated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sources.family import FetchContext
from sources.fetch import Fetched, Request
from sources.model_configs.weights import PROBE_BYTES, PROBE_RANGE, header_length, header_range

MB = 1024 * 1024


def _with_range(request: Request, value: str) -> Request:
    headers = tuple((k, v) for k, v in request.headers if k.lower() != "range")
    return dataclasses.replace(request, headers=(*headers, ("Range", value)))


def fetch_headers(requests: Sequence[Request], ctx: FetchContext) -> list[Fetched]:
    """One Fetched per shard request, in order: the shard's header bytes, or why there are none."""
    cap = int(ctx.settings.max_body_mb * MB)
    probes = ctx.fetch_http([_with_range(r, PROBE_RANGE) for r in requests])
    out: list[Fetched] = []
    second: dict[int, Request] = {}
    for i, (request, probe) in enumerate(zip(requests, probes, strict=True)):
        length = header_length(probe.body) if probe.body is not None else None
        if length is None or len(probe.body) < PROBE_BYTES:
            # an error, fewer than 8 bytes, or the whole (short) file: as received, the parser decides
            out.append(probe if length is None else dataclasses.replace(probe, body=probe.body[:8 + length]))
        elif 8 + length <= len(probe.body):
            out.append(dataclasses.replace(probe, body=probe.body[:8 + length]))
        elif 8 + length > cap:
            out.append(dataclasses.replace(probe, body=None, error=(
                f"{request.url}: the safetensors header declares {length:,} bytes (its first 8 bytes), above the "
                f"body cap of {cap:,} bytes (BOTTLENECKS_MAX_BODY_MB); the header was not fetched")))
        else:
            out.append(probe)
            second[i] = _with_range(request, header_range(length))
    if second:
        for i, fetched in zip(second, ctx.fetch_http(list(second.values())), strict=True):
            out[i] = fetched
    return out
