"""Crossref REST API: its JSON schema, I/O-free protocol, and sync/async clients."""

from refenrich.crossref.client import AsyncCrossrefClient, CrossrefClient
from refenrich.crossref.protocol import DEFAULT_CROSSREF_URL, CrossrefSettings, RetryPolicy

__all__ = [
    "DEFAULT_CROSSREF_URL",
    "AsyncCrossrefClient",
    "CrossrefClient",
    "CrossrefSettings",
    "RetryPolicy",
]
