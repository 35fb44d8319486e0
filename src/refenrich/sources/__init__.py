"""Where records come from: one protocol, several sources."""

from refenrich.sources.base import AsyncWorkSource, WorkSource
from refenrich.sources.records import AsyncRecordsSource, RecordsSource, read_records

__all__ = ["AsyncRecordsSource", "AsyncWorkSource", "RecordsSource", "WorkSource", "read_records"]
