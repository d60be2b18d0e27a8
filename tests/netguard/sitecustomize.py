"""No network in tests: a connection to any host but the loopback fails at once, naming the host.

Two users of this module:
- tests/conftest.py (autouse fixture `no_network`) patches the guard into the pytest process for
  each test, and fails the test at teardown if it tried (even when the code under test caught
  the error);
- subprocesses the tests start (`bottlenecks ...`, `dagster ...`): the fixture puts this folder
  first on PYTHONPATH and sets BOTTLENECKS_TEST_NO_NETWORK=1, so Python imports this file as
  `sitecustomize` at start-up and installs the guard for the whole process. There a blocked
  connection raises (and is reported on stderr); the test sees the process fail.

Allowed: 127.0.0.0/8, ::1, "localhost", the unspecified address (binding a local server), and
non-IP sockets (Unix domain sockets). A name under the reserved `.invalid` domain (RFC 6761:
never resolves) is answered here with the resolver's own error, socket.gaierror EAI_NONAME,
without asking DNS (tests of unresolvable hosts use it). Everything else raises
`NetworkBlockedError`.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Callable

ENV = "BOTTLENECKS_TEST_NO_NETWORK"
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_create_connection = socket.create_connection
_real_getaddrinfo = socket.getaddrinfo


class NetworkBlockedError(RuntimeError):
    """A test (or a process a test started) tried to reach a non-loopback host."""


def is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host).strip("[]").split("%")[0].lower()
    if host in ("", *LOCAL_NAMES):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def is_reserved_invalid(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    return isinstance(host, str) and host.lower().rstrip(".").endswith(".invalid")


def guarded(report: Callable[[str], None]) -> dict[tuple[object, str], Callable]:
    """Replacements for the socket entry points; `report(message)` is called before raising."""

    def block(what: str, host) -> None:
        message = (
            f"network access blocked in tests: {what} to {host!r} (only 127.0.0.1, ::1 and localhost are "
            f"allowed; serve HTTP from tests/localserver.py)"
        )
        report(message)
        raise NetworkBlockedError(message)

    def check_address(sock, address, what) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and not is_local(address[0]):
            block(what, address[0])

    def connect(self, address):
        check_address(self, address, "socket.connect")
        return _real_connect(self, address)

    def connect_ex(self, address):
        check_address(self, address, "socket.connect_ex")
        return _real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        if not is_local(address[0]):
            block("socket.create_connection", address[0])
        return _real_create_connection(address, *args, **kwargs)

    def getaddrinfo(host, *args, **kwargs):
        if is_reserved_invalid(host):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if not is_local(host):
            block("socket.getaddrinfo", host)
        return _real_getaddrinfo(host, *args, **kwargs)

    return {
        (socket.socket, "connect"): connect,
        (socket.socket, "connect_ex"): connect_ex,
        (socket, "create_connection"): create_connection,
        (socket, "getaddrinfo"): getaddrinfo,
    }


def install() -> None:
    """Install the guard for the rest of this process (subprocesses of the tests)."""

    def report(message: str) -> None:
        print(f"[{ENV}] {message}", file=sys.stderr, flush=True)

    for (owner, name), replacement in guarded(report).items():
        setattr(owner, name, replacement)


if os.environ.get(ENV) == "1":
    install()
