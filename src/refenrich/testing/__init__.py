"""Test support for refenrich and for tools built on it.

:class:`FakeCrossref` is a local, standard-library-only fake of the Crossref REST API
with enforced rate limits and injectable faults; :func:`sample_works` gives a few
invented records to serve. The pytest fixtures live in
:mod:`refenrich.testing.pytest_plugin` (imported only by pytest, never from here).
"""

from __future__ import annotations

from refenrich.testing.samples import sample_works
from refenrich.testing.server import (
    FakeCrossref,
    FakeCrossrefConfig,
    FakeCrossrefStats,
    Fault,
    PathKind,
    RecordedRequest,
)

__all__ = [
    "FakeCrossref",
    "FakeCrossrefConfig",
    "FakeCrossrefStats",
    "Fault",
    "PathKind",
    "RecordedRequest",
    "sample_works",
]
