"""Shared fixtures: the example case study (read from ../shared when present) and the
Crossref-shaped records written for it (examples/, see examples/README.md)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_RECORDS = ROOT / "examples" / "jam-and-justice.crossref.jsonl"
EXAMPLE_DOCUMENT = (
    ROOT.parent / "shared" / "examples" / "ref2021-impact-case-study-jam-and-justice.txt"
)


@pytest.fixture
def example_records() -> list[dict[str, Any]]:
    """The five hand-written Crossref work messages for the example's DOIs."""
    return [json.loads(line) for line in EXAMPLE_RECORDS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def example_text() -> str:
    """The REF 2021 case study from ../shared/examples; skipped when absent."""
    if not EXAMPLE_DOCUMENT.exists():
        pytest.skip(f"example document not found at {EXAMPLE_DOCUMENT}")
    return EXAMPLE_DOCUMENT.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI caches Crossref answers under the user cache dir: give each test its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.delenv("REFENRICH_CACHE_DIR", raising=False)


_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the network: a connection anywhere but this machine fails the test.

    Reference strings in tests name real doi.org and Crossref addresses as text; the fake
    servers (refenrich.testing) listen on 127.0.0.1, and respx never opens a socket.
    """
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in _LOOPBACK:
            raise AssertionError(f"a test tried to reach the network: {address!r}")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        refuse(address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        refuse(address)
        return connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
