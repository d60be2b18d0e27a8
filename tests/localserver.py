"""A real HTTP server on 127.0.0.1 for the fetcher tests: routes serve fixture bytes with
ETags (answering If-None-Match with 304), scripted status sequences (503 then 200), delays
(a response slower than the client's timeout) and robots.txt. Records every request."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    statuses: list[int] = field(default_factory=list)  # served first, one per request (e.g. [503])
    delay_s: float = 0.0
    etag: bool = True
    # writes the whole response itself (a fault: endless body, drip, bomb, redirect), given the handler
    handler: object = None

    @property
    def etag_value(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class LocalServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                with server._lock:
                    server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._serve()
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _serve(self):
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(404, b"not found", {"Content-Type": "text/plain"})
                if route.handler is not None:
                    try:
                        return route.handler(self)
                    except (BrokenPipeError, ConnectionResetError):
                        return None  # the client hung up: what a fault test expects
                if route.delay_s:
                    time.sleep(route.delay_s)
                if route.statuses:
                    status = route.statuses.pop(0)
                    return self._send(status, b"try later", {"Content-Type": "text/plain", "Retry-After": "0"})
                if route.etag and self.headers.get("If-None-Match") == route.etag_value:
                    return self._send(304, b"", {"ETag": route.etag_value})
                headers = {"Content-Type": route.content_type}
                if route.etag:
                    headers["ETag"] = route.etag_value
                self._send(200, route.body, headers)

            def _send(self, status, body, headers):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
