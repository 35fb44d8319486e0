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
from refenrich.crossref import AsyncCrossrefClient, CrossrefClient, CrossrefSettings, RetryPolicy
from refenrich.doi import find_dois, normalize_doi
from refenrich.errors import (
    InputError,
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
    "CrossrefClient",
    "CrossrefSettings",
    "DocumentFinding",
    "Extraction",
    "Finding",
    "FindingField",
    "InputError",
    "PartialDate",
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
    "Severity",
    "SourceConnectionError",
    "SourceError",
    "SourceStatusError",
    "SourceTimeoutError",
    "Status",
    "Summary",
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
