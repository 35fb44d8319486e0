"""Crossref REST API: its JSON schema, I/O-free protocol, and sync/async clients."""

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
