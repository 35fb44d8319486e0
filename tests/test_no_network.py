"""The suite's network guard (conftest.py) refuses any address but this machine's."""

from __future__ import annotations

import socket

import pytest


def test_a_connection_off_this_machine_fails_the_test() -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, so nothing could answer anyway.
    with pytest.raises(AssertionError, match="reach the network"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
