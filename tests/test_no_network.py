"""The socket guard (tests/conftest.py `no_network`, tests/netguard/sitecustomize.py): a test that
reaches for a non-loopback host fails at once with a message naming it, in this process and in
the processes the tests start; servers on 127.0.0.1 keep working."""

import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from tests.localserver import LocalServer, Route
from tests.netguard.sitecustomize import NetworkBlockedError

TEST_NET = "192.0.2.1"  # TEST-NET-1 (RFC 5737): never routed, so a real connect would hang until timeout


def test_a_connect_to_a_non_loopback_address_fails_at_once_naming_the_host(no_network):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(30)
    with pytest.raises(NetworkBlockedError, match=r"socket\.connect to '192\.0\.2\.1'"):
        sock.connect((TEST_NET, 80))
    with pytest.raises(NetworkBlockedError, match=r"connect_ex to '192\.0\.2\.1'"):
        sock.connect_ex((TEST_NET, 80))
    sock.close()
    with pytest.raises(NetworkBlockedError, match=r"create_connection to '192\.0\.2\.1'"):
        socket.create_connection((TEST_NET, 443), timeout=30)
    with pytest.raises(NetworkBlockedError, match=r"getaddrinfo to 'huggingface\.co'"):
        socket.getaddrinfo("huggingface.co", 443)
    # recorded, so a test that swallows the error still fails at teardown; cleared here on purpose
    assert len(no_network) == 4 and all("blocked" in m for m in no_network)
    no_network.clear()


def test_loopback_servers_still_work():
    with LocalServer() as server:
        server.routes["/ok"] = Route(b"fine", etag=False)
        assert urllib.request.urlopen(server.url("/ok"), timeout=10).read() == b"fine"
        assert urllib.request.urlopen(server.url("/ok").replace("127.0.0.1", "localhost"), timeout=10).read() == b"fine"
    assert socket.getaddrinfo("localhost", 80) and socket.getaddrinfo(None, 0)


def test_a_reserved_invalid_name_fails_to_resolve_without_asking_dns(no_network):
    with pytest.raises(socket.gaierror) as raised:
        socket.getaddrinfo("no-such-host.invalid", 80)
    assert raised.value.errno == socket.EAI_NONAME and no_network == []


def test_subprocesses_get_the_guard_through_the_environment():
    code = f"import socket; socket.create_connection(({TEST_NET!r}, 80), timeout=30)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert proc.returncode == 1
    assert "NetworkBlockedError: network access blocked in tests: socket.create_connection to '192.0.2.1'" in proc.stderr
