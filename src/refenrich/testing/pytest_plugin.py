"""pytest fixtures for testing against :class:`~refenrich.testing.FakeCrossref`.

Enable with ``-p refenrich.testing.pytest_plugin``, ``pytest_plugins = [...]`` in a
root ``conftest.py``, or the ``pytest11`` entry point refenrich declares. Fixtures:

- ``fake_crossref``: a started server, closed after the test.
- ``fake_crossref_records``: the records it serves (default: :func:`sample_works`).
- ``fake_crossref_config``: its configuration (default: :class:`FakeCrossrefConfig`).

Override the last two in a ``conftest.py`` or test module to change what the server
serves or how it behaves::

    @pytest.fixture
    def fake_crossref_config() -> FakeCrossrefConfig:
        return FakeCrossrefConfig(single_limit=5, latency=0.05)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from refenrich.testing.samples import sample_works
from refenrich.testing.server import FakeCrossref, FakeCrossrefConfig

__all__ = ["fake_crossref", "fake_crossref_config", "fake_crossref_records"]


@pytest.fixture
def fake_crossref_records() -> list[Mapping[str, Any]]:
    """The work records ``fake_crossref`` serves; override to serve others."""
    return list(sample_works())


@pytest.fixture
def fake_crossref_config() -> FakeCrossrefConfig:
    """The configuration ``fake_crossref`` starts with; override to change it."""
    return FakeCrossrefConfig()


@pytest.fixture
def fake_crossref(
    fake_crossref_records: list[Mapping[str, Any]],
    fake_crossref_config: FakeCrossrefConfig,
) -> Iterator[FakeCrossref]:
    """A running :class:`FakeCrossref` on 127.0.0.1; its ``url`` is the API base URL."""
    with FakeCrossref(fake_crossref_records, fake_crossref_config) as server:
        yield server
