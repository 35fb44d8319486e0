"""refenrich: check and enrich bibliographic references against Crossref.

>>> import refenrich
>>> report = refenrich.check(text)                      # doctest: +SKIP
>>> for result in report.results:                      # doctest: +SKIP
...     print(result.status, result.doi, [f.message for f in result.findings])
"""

from refenrich._version import __version__
from refenrich.check import (
    Extraction,
    acheck,
    acheck_references,
    check,
    check_references,
    extract_references,
)
from refenrich.compare import DEFAULT_RULES, Rule, compare
from refenrich.crossref import (
    AsyncCrossrefClient,
    CircuitPolicy,
    CrossrefClient,
    CrossrefSettings,
    PoolLimits,
    RetryPolicy,
    SQLiteCache,
    TrafficStats,
)
from refenrich.doi import find_dois, normalize_doi
from refenrich.errors import (
    CircuitOpenError,
    CorruptResponseError,
    InputError,
    NotCachedError,
    RateLimitedError,
    RefenrichError,
    ResponseValidationError,
    SourceConnectionError,
    SourceError,
    SourceStatusError,
    SourceTimeoutError,
)
from refenrich.models import (
    Author,
    CheckResult,
    DocumentFinding,
    Finding,
    FindingField,
    PartialDate,
    Reference,
    Report,
    Resolution,
    ResolutionVia,
    ReviewMention,
    Severity,
    Status,
    Summary,
    Work,
    WorkUpdate,
)
from refenrich.sources import AsyncRecordsSource, AsyncWorkSource, RecordsSource, WorkSource
from refenrich.text.parse import parse_reference

__all__ = [
    "DEFAULT_RULES",
    "AsyncCrossrefClient",
    "AsyncRecordsSource",
    "AsyncWorkSource",
    "Author",
    "CheckResult",
    "CircuitOpenError",
    "CircuitPolicy",
    "CorruptResponseError",
    "CrossrefClient",
    "CrossrefSettings",
    "DocumentFinding",
    "Extraction",
    "Finding",
    "FindingField",
    "InputError",
    "NotCachedError",
    "PartialDate",
    "PoolLimits",
    "RateLimitedError",
    "RecordsSource",
    "RefenrichError",
    "Reference",
    "Report",
    "Resolution",
    "ResolutionVia",
    "ResponseValidationError",
    "RetryPolicy",
    "ReviewMention",
    "Rule",
    "SQLiteCache",
    "Severity",
    "SourceConnectionError",
    "SourceError",
    "SourceStatusError",
    "SourceTimeoutError",
    "Status",
    "Summary",
    "TrafficStats",
    "Work",
    "WorkSource",
    "WorkUpdate",
    "__version__",
    "acheck",
    "acheck_references",
    "check",
    "check_references",
    "compare",
    "extract_references",
    "find_dois",
    "normalize_doi",
    "parse_reference",
]
