"""UKRI's Gateway to Research (GtR): the record of a grant, to check a case study's claims.

Uses the GtR-2 API (documented at gtr.ukri.org under "GtR-2 API"): keyless, JSON when
asked with the versioned ``Accept: application/vnd.rcuk.gtr.json-v7`` header (without
it the API answers in its oldest XML format). A grant is found by its reference with
``GET /gtr/api/projects?q=<reference>&f=pro.gr``; the project's ``links`` lead to its
fund (``FUND``: amount in pounds, start and end), its lead organisation (``LEAD_ORG``)
and the publications its holders reported (``/projects/<id>/outcomes/publications``).
Links are followed by identifier on the configured base URL, never to another host.

Etiquette as for Crossref: a User-Agent naming refenrich, retries with backoff on
408/429/5xx and connection failures (``Retry-After`` honoured up to a cap, one
:class:`~refenrich.crossref.protocol.RetryPolicy`), fail-fast once the service is
unreachable, an injectable ``httpx.Client`` or transport, and an injectable sleep.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from refenrich._version import __version__
from refenrich.crossref.protocol import RetryPolicy
from refenrich.doi import normalize_doi
from refenrich.errors import (
    RateLimitedError,
    ResponseValidationError,
    SourceConnectionError,
    SourceError,
    SourceStatusError,
    SourceTimeoutError,
)
from refenrich.models import DocumentFinding, PartialDate, Severity
from refenrich.ref.grants import Grant

# httpx and tenacity are imported where a request is made: checking against local
# records does not load them.
if TYPE_CHECKING:
    import httpx
    import tenacity

__all__ = [
    "DEFAULT_GTR_URL",
    "GTR_ACCEPT",
    "GtrClient",
    "GtrProject",
    "GtrSettings",
    "compare_grant",
]

DEFAULT_GTR_URL = "https://gtr.ukri.org"
GTR_ACCEPT = "application/vnd.rcuk.gtr.json-v7"
_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


@dataclass(frozen=True, slots=True)
class GtrSettings:
    """How to reach Gateway to Research."""

    base_url: str = DEFAULT_GTR_URL
    mailto: str | None = field(default=None, repr=False)
    timeout: float = 20.0
    connect_timeout: float = 5.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def headers(self) -> dict[str, str]:
        """Headers sent with every request: the versioned JSON Accept and a User-Agent."""
        import httpx

        contact = f" (mailto:{self.mailto})" if self.mailto else ""
        return {
            "Accept": GTR_ACCEPT,
            "User-Agent": f"refenrich/{__version__}{contact} httpx/{httpx.__version__}",
        }


@dataclass(frozen=True, slots=True)
class GtrProject:
    """What GtR holds about one grant."""

    id: str
    reference: str
    title: str | None = None
    funder: str | None = None
    organisation: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    amount: float | None = None
    publication_dois: list[str] = field(default_factory=list)


def _links(payload: dict[str, Any]) -> list[dict[str, Any]]:
    links = payload.get("links")
    if isinstance(links, dict):
        links = links.get("link")
    return [link for link in links or [] if isinstance(link, dict)]


def _linked_id(payload: dict[str, Any], rel: str) -> str | None:
    for link in _links(payload):
        href = link.get("href")
        if link.get("rel") == rel and isinstance(href, str):
            candidate = href.rstrip("/").rsplit("/", 1)[-1]
            if _ID.fullmatch(candidate):
                return candidate
    return None


def _date(value: Any) -> PartialDate | None:
    """GtR dates: epoch milliseconds, or an ISO date string."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value / 1000, UTC)
        return PartialDate(year=moment.year, month=moment.month, day=moment.day)
    if isinstance(value, str):
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return PartialDate(year=year, month=month, day=day)
    return None


def _amount(value: Any) -> float | None:
    if isinstance(value, dict):
        value = value.get("amount")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _translate(error: httpx.HTTPError, base_url: str) -> SourceError:
    import httpx

    host = httpx.URL(base_url).host
    if isinstance(error, httpx.TimeoutException):
        return SourceTimeoutError(f"Gateway to Research ({host}) did not answer in time")
    if isinstance(error, httpx.TransportError):
        reason = str(error) or type(error).__name__
        return SourceConnectionError(f"could not connect to Gateway to Research ({host}): {reason}")
    return SourceError(f"request to Gateway to Research ({host}) failed: {type(error).__name__}")


def _json(response: httpx.Response) -> dict[str, Any] | None:
    """The response's JSON object; None for 404. Raises for other failures."""
    status = response.status_code
    if status == 404:
        return None
    if status == 429:
        retry_after = response.headers.get("retry-after")
        try:
            wait = float(retry_after) if retry_after is not None else None
        except ValueError:
            wait = None
        raise RateLimitedError("Gateway to Research rate limit reached (429)", retry_after=wait)
    if not 200 <= status < 300:
        raise SourceStatusError(f"Gateway to Research answered HTTP {status}", status_code=status)
    try:
        payload = response.json()
    except ValueError as error:
        raise ResponseValidationError("Gateway to Research's response was not JSON") from error
    if not isinstance(payload, dict):
        raise ResponseValidationError("Gateway to Research's response was not a JSON object")
    return payload


class GtrClient:
    """Look grants up at Gateway to Research (synchronous).

    ``http_client`` lets a caller supply their own :class:`httpx.Client` (never closed
    here); otherwise one is made with ``transport`` and closed by :meth:`close`.
    Found projects are cached for the client's life.
    """

    name = "gtr"

    def __init__(
        self,
        settings: GtrSettings | None = None,
        *,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        import httpx

        self.settings = settings or GtrSettings()
        self._owns_client = http_client is None
        self._http = http_client or httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.settings.timeout, connect=self.settings.connect_timeout),
            follow_redirects=False,
        )
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._unreachable: SourceConnectionError | None = None
        self._cache: dict[str, GtrProject | None] = {}
        self.requests_sent = 0

    def _get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any] | None:
        import httpx
        import tenacity

        if self._unreachable is not None:
            raise SourceConnectionError(f"{self._unreachable} (not retried: failed earlier)")
        url = self.settings.base_url.rstrip("/") + path
        request = httpx.Request("GET", url, params=params, headers=self.settings.headers())
        policy = self.settings.retry

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            return policy.wait_before(state.attempt_number, error, self._rng)

        def attempt() -> dict[str, Any] | None:
            self.requests_sent += 1
            try:
                response = self._http.send(request, follow_redirects=False)
            except httpx.HTTPError as error:
                raise _translate(error, self.settings.base_url) from None
            return _json(response)

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(policy.max_attempts),
            wait=wait,
            retry=tenacity.retry_if_exception(policy.should_retry),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            result: dict[str, Any] | None = retrying(attempt)
        except SourceConnectionError as error:
            if not isinstance(error, SourceTimeoutError):
                self._unreachable = error
            raise
        return result

    def get_project(self, reference: str) -> GtrProject | None:
        """The grant with this reference, or None when GtR does not hold it.

        Raises :class:`~refenrich.errors.SourceError` when GtR cannot be asked.
        """
        key = reference.upper()
        if key in self._cache:
            return self._cache[key]
        payload = self._get("/gtr/api/projects", {"q": reference, "f": "pro.gr"})
        projects = payload.get("project", []) if payload else []
        if not isinstance(projects, list):
            raise ResponseValidationError("Gateway to Research's project list was not a list")
        chosen = next(
            (
                p
                for p in projects
                if isinstance(p, dict) and str(p.get("grantReference", "")).upper() == key
            ),
            None,
        )
        project = self._project(chosen) if chosen is not None else None
        self._cache[key] = project
        return project

    def _project(self, payload: dict[str, Any]) -> GtrProject:
        identifier = str(payload.get("id") or "")
        fund_id = _linked_id(payload, "FUND")
        org_id = _linked_id(payload, "LEAD_ORG")
        fund = self._get(f"/gtr/api/funds/{fund_id}") if fund_id else None
        organisation = self._get(f"/gtr/api/organisations/{org_id}") if org_id else None
        dois: list[str] = []
        if _ID.fullmatch(identifier):
            outcomes = self._get(f"/gtr/api/projects/{identifier}/outcomes/publications")
            for item in (outcomes or {}).get("publication", []) or []:
                doi = normalize_doi(str(item.get("doi") or "")) if isinstance(item, dict) else None
                if doi:
                    dois.append(doi)
        return GtrProject(
            id=identifier,
            reference=str(payload.get("grantReference") or ""),
            title=payload.get("title") if isinstance(payload.get("title"), str) else None,
            funder=payload.get("leadFunder")
            if isinstance(payload.get("leadFunder"), str)
            else None,
            organisation=(organisation or {}).get("name"),
            start=_date((fund or {}).get("start")),
            end=_date((fund or {}).get("end")),
            amount=_amount((fund or {}).get("valuePounds")),
            publication_dois=dois,
        )

    def close(self) -> None:
        """Close the httpx client if this object made it."""
        if self._owns_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


_ORG_STOPWORDS = frozenset({"university", "of", "the", "college", "ltd", "limited", "and"})


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", name.lower()) if w not in _ORG_STOPWORDS}


def _month_key(value: PartialDate, precise: bool) -> tuple[int, int]:
    return (value.year, value.month or 0) if precise else (value.year, 0)


def compare_grant(
    grant: Grant, project: GtrProject | None, output_dois: Iterable[str] = ()
) -> list[DocumentFinding]:
    """What disagrees between a grant as claimed and its GtR record (pure).

    Amounts may differ by 1% (rounding, currency formatting); periods compare to the
    month when the text gives one, else to the year; an organisation agrees when its
    distinctive words ("Sheffield") appear in GtR's lead organisation's name. Outputs
    whose DOIs the grant's holders reported as publications are noted (info).
    """
    ref = grant.reference
    if project is None:
        return [
            DocumentFinding(
                code="grant_not_found",
                severity=Severity.ERROR,
                message=f"Grant {ref} is not known to Gateway to Research.",
                claimed=ref,
            )
        ]
    findings: list[DocumentFinding] = []
    if (
        grant.amount is not None
        and project.amount is not None
        and abs(grant.amount - project.amount) > max(1.0, 0.01 * project.amount)
    ):
        findings.append(
            DocumentFinding(
                code="grant_amount_mismatch",
                severity=Severity.WARNING,
                message=f"Grant {ref}: the case study gives GBP {grant.amount:,.0f}; "
                f"Gateway to Research records GBP {project.amount:,.0f}.",
                claimed=f"{grant.amount:.0f}",
                actual=f"{project.amount:.0f}",
            )
        )
    for label, claimed, actual in (
        ("starts", grant.start, project.start),
        ("ends", grant.end, project.end),
    ):
        if claimed is None or actual is None:
            continue
        precise = claimed.month is not None
        if _month_key(claimed, precise) != _month_key(actual, precise):
            shown = f"{actual.year}-{actual.month:02d}" if precise and actual.month else actual.year
            findings.append(
                DocumentFinding(
                    code="grant_period_mismatch",
                    severity=Severity.WARNING,
                    message=f"Grant {ref}: the case study says it {label} {claimed}; "
                    f"Gateway to Research says {shown}.",
                    claimed=str(claimed),
                    actual=str(shown),
                )
            )
    if grant.organisation and project.organisation:
        claimed_words = _words(grant.organisation)
        if claimed_words and not claimed_words <= _words(project.organisation):
            findings.append(
                DocumentFinding(
                    code="grant_organisation_mismatch",
                    severity=Severity.WARNING,
                    message=f"Grant {ref}: the case study names {grant.organisation}; "
                    f"Gateway to Research's lead organisation is {project.organisation}.",
                    claimed=grant.organisation,
                    actual=project.organisation,
                )
            )
    reported = set(project.publication_dois)
    linked = [doi for doi in dict.fromkeys(d.lower() for d in output_dois) if doi in reported]
    if linked:
        findings.append(
            DocumentFinding(
                code="grant_reports_outputs",
                severity=Severity.INFO,
                message=f"Grant {ref}'s holders reported {len(linked)} of the case study's "
                f"outputs as its publications: {', '.join(linked)}.",
                actual=", ".join(linked),
            )
        )
    return findings
