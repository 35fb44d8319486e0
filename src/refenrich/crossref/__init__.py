"""Crossref REST API: its JSON schema, I/O-free protocol, and sync/async clients."""

import typing

from refenrich import _lazy

if typing.TYPE_CHECKING:
    from refenrich.crossref.cache import SQLiteCache
    from refenrich.crossref.client import AsyncCrossrefClient, CrossrefClient, TrafficStats
    from refenrich.crossref.limits import CircuitPolicy, PoolLimits
    from refenrich.crossref.protocol import DEFAULT_CROSSREF_URL, CrossrefSettings, RetryPolicy

__all__ = [
    "DEFAULT_CROSSREF_URL",
    "AsyncCrossrefClient",
    "CircuitPolicy",
    "CrossrefClient",
    "CrossrefSettings",
    "PoolLimits",
    "RetryPolicy",
    "SQLiteCache",
    "TrafficStats",
]

# Imported on first use (PEP 562): the schema and the protocol, which reading local records
# needs, come without the clients and httpx.
_HOME_OF = {
    "SQLiteCache": "refenrich.crossref.cache",
    "AsyncCrossrefClient": "refenrich.crossref.client",
    "CrossrefClient": "refenrich.crossref.client",
    "TrafficStats": "refenrich.crossref.client",
    "CircuitPolicy": "refenrich.crossref.limits",
    "PoolLimits": "refenrich.crossref.limits",
    "DEFAULT_CROSSREF_URL": "refenrich.crossref.protocol",
    "CrossrefSettings": "refenrich.crossref.protocol",
    "RetryPolicy": "refenrich.crossref.protocol",
}


if not typing.TYPE_CHECKING:  # for mypy the names are the imports above, no others

    def __getattr__(name: str) -> object:
        return _lazy.load(globals(), _HOME_OF, __name__, name)

    def __dir__() -> list[str]:
        return _lazy.names(globals(), __all__)
