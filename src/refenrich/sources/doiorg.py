"""DOIs Crossref does not hold: ask doi.org which agency does, and fetch its metadata.

A DOI unknown to Crossref may be a DataCite DOI (Zenodo, Figshare, Dryad, institutional
repositories), a mEDRA, JaLC, KISTI or CNKI one. doi.org says which registration agency
holds it (``GET https://doi.org/ra/{doi}``), and content negotiation on the DOI itself
(``Accept: application/vnd.citationstyles.csl+json``) returns the agency's metadata as
CSL-JSON, which :func:`csl_to_work` turns into a :class:`~refenrich.models.Work`.

Why httpx here and not habanero's ``cn.content_negotiation``: in habanero 2.4 the
``citeproc-json`` format ignores the ``url`` argument and always asks
``http://api.crossref.org/works/{doi}/transform/...`` (so a DataCite DOI is never
resolved and a loopback test server cannot be used), the ``citeproc-json-ish`` format
listed in its formats has no Accept header (KeyError), and it calls the module-level
``httpx.get`` with no client, transport, timeout default or retry, so it could not share
refenrich's error handling. ``tests/test_resolve_index.py`` pins that finding. Requests are
built and read by I/O-free functions shared by :class:`DoiOrgClient` and
:class:`AsyncDoiOrgClient`; redirects are followed (doi.org redirects content
negotiation to the agency's service), at most five.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import quote

from refenrich._version import __version__
from refenrich.crossref.cache import ResponseCache
from refenrich.errors import (
    SourceConnectionError,
    SourceError,
    SourceStatusError,
    SourceTimeoutError,
)
from refenrich.models import Author, PartialDate, Work
from refenrich.sources.base import WorkSource
from refenrich.text.normalize import strip_markup

# httpx is imported where a request is made: checking against local records does not load it.
if TYPE_CHECKING:
    import httpx

__all__ = [
    "CSL_JSON",
    "DEFAULT_DOI_ORG_URL",
    "AgencyFallbackSource",
    "AsyncDoiOrgClient",
    "DoiOrgClient",
    "build_agency_request",
    "build_csl_request",
    "csl_to_work",
    "interpret_agency_response",
    "interpret_csl_response",
]

DEFAULT_DOI_ORG_URL = "https://doi.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"
_MAX_REDIRECTS = 5


def _doi_path(doi: str) -> str:
    return "/".join(quote(part, safe="-._~:;()") for part in doi.split("/"))


def _headers(mailto: str | None) -> dict[str, str]:
    import httpx

    contact = f" (mailto:{mailto})" if mailto else ""
    return {"User-Agent": f"refenrich/{__version__}{contact} httpx/{httpx.__version__}"}


def build_agency_request(base_url: str, doi: str, mailto: str | None = None) -> httpx.Request:
    """``GET {base}/ra/{doi}``: which registration agency holds ``doi``."""
    import httpx

    url = f"{base_url.rstrip('/')}/ra/{_doi_path(doi)}"
    return httpx.Request("GET", url, headers={**_headers(mailto), "Accept": "application/json"})


def interpret_agency_response(response: httpx.Response) -> str | None:
    """The agency's name ("DataCite", "mEDRA", ...), or None when no agency holds the DOI."""
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise SourceStatusError(
            f"doi.org answered HTTP {response.status_code}", status_code=response.status_code
        )
    try:
        payload = response.json()
    except ValueError:
        raise SourceError("doi.org's agency answer was not JSON") from None
    entries = payload if isinstance(payload, list) else [payload]
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("RA"), str):
            return str(entry["RA"])
    return None


def build_csl_request(base_url: str, doi: str, mailto: str | None = None) -> httpx.Request:
    """``GET {base}/{doi}`` asking for CSL-JSON (content negotiation)."""
    import httpx

    url = f"{base_url.rstrip('/')}/{_doi_path(doi)}"
    return httpx.Request("GET", url, headers={**_headers(mailto), "Accept": CSL_JSON})


def interpret_csl_response(response: httpx.Response, agency: str) -> Work | None:
    """The record in a content-negotiation answer; None when the DOI is unknown."""
    if response.status_code in (404, 406):
        return None
    if response.status_code != 200:
        raise SourceStatusError(
            f"content negotiation answered HTTP {response.status_code}",
            status_code=response.status_code,
        )
    try:
        payload = response.json()
    except ValueError:
        raise SourceError("content negotiation did not return JSON") from None
    if not isinstance(payload, dict):
        raise SourceError("content negotiation returned no CSL-JSON object")
    return csl_to_work(payload, agency)


# --- CSL-JSON -> Work ------------------------------------------------------------------------

_CSL_TYPES = {
    "article-journal": "journal-article",
    "paper-conference": "proceedings-article",
    "chapter": "book-chapter",
    "dataset": "dataset",
    "book": "book",
    "report": "report",
    "thesis": "dissertation",
    "article": "posted-content",
    "software": "software",
}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), None)
    if isinstance(value, int | float):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _plain(value: str | None) -> str | None:
    """A title without the HTML DataCite's CSL-JSON keeps ("A <i>dataset</i> of
    <sub>CO2</sub>"), as Crossref's titles are read."""
    return (strip_markup(value) or None) if value and "<" in value else value


def _csl_date(value: Any) -> PartialDate | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(part))
            except (TypeError, ValueError):
                break
        if numbers:
            month = numbers[1] if len(numbers) > 1 and 1 <= numbers[1] <= 12 else None
            day = numbers[2] if month and len(numbers) > 2 and 1 <= numbers[2] <= 31 else None
            return PartialDate(year=numbers[0], month=month, day=day)
    raw = value.get("raw") or value.get("literal")
    match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", raw) if isinstance(raw, str) else None
    return PartialDate(year=int(match.group(1))) if match else None


def _csl_names(value: Any) -> list[Author]:
    authors = []
    for person in value if isinstance(value, list) else []:
        if not isinstance(person, dict):
            continue
        family, given = _text(person.get("family")), _text(person.get("given"))
        literal = _text(person.get("literal")) or _text(person.get("name"))
        if family:
            authors.append(Author(family=family, given=given))
        elif literal:
            authors.append(Author(literal=literal))
    return authors


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def csl_to_work(data: dict[str, Any], agency: str) -> Work:
    """A CSL-JSON item (as content negotiation returns it) as a :class:`Work`.

    ``source`` is the agency in lower case ("datacite", "medra", ...).
    """
    issued = _csl_date(data.get("issued")) or _csl_date(data.get("published"))
    doi = _text(data.get("DOI"))
    csl_type = _text(data.get("type")) or ""
    return Work(
        doi=doi.lower() if doi else None,
        type=_CSL_TYPES.get(csl_type.lower(), csl_type or None),
        title=_plain(_text(data.get("title"))),
        authors=_csl_names(data.get("author")),
        editors=_csl_names(data.get("editor")),
        container_title=_plain(_text(data.get("container-title"))),
        short_container_title=_text(data.get("container-title-short")),
        volume=_text(data.get("volume")),
        issue=_text(data.get("issue")),
        pages=_text(data.get("page")),
        publisher=_text(data.get("publisher")),
        issued=issued,
        published_print=_csl_date(data.get("published-print")),
        published_online=_csl_date(data.get("published-online")),
        isbn=_strings(data.get("ISBN")),
        issn=_strings(data.get("ISSN")),
        url=_text(data.get("URL")),
        source=agency.lower(),
    )


# --- clients -----------------------------------------------------------------------------------


def _cache_key(request: httpx.Request) -> str:
    return f"GET {request.url} (Accept: {request.headers.get('Accept', '')})"


def _cached(cache: ResponseCache | None, request: httpx.Request) -> httpx.Response | None:
    """The stored answer to ``request`` as a response, or None."""
    import httpx

    entry = cache.get(_cache_key(request)) if cache is not None else None
    if entry is None:
        return None
    headers = {"Content-Type": entry.content_type}
    return httpx.Response(entry.status, headers=headers, content=entry.body, request=request)


def _store(cache: ResponseCache | None, request: httpx.Request, response: httpx.Response) -> None:
    # The cache keeps 200s and 404s only; anything else is asked again next time.
    if cache is not None:
        content_type = response.headers.get("Content-Type", "")
        cache.put(_cache_key(request), response.status_code, content_type, response.content)


def _translate(error: httpx.HTTPError) -> SourceError:
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return SourceTimeoutError("doi.org did not answer in time")
    if isinstance(error, httpx.TooManyRedirects):
        return SourceError("doi.org redirected too many times")
    if isinstance(error, httpx.TransportError):
        return SourceConnectionError(
            f"could not connect to doi.org: {error or type(error).__name__}"
        )
    return SourceError(f"request to doi.org failed: {type(error).__name__}")


class DoiOrgClient:
    """Records for DOIs held by any registration agency, through doi.org (sync).

    ``get_work`` asks doi.org for the DOI's agency, then, unless it is Crossref (whose
    records come from the Crossref client), fetches CSL-JSON by content negotiation.
    Two requests per DOI, made only for DOIs Crossref did not hold. With a ``cache``
    (e.g. the Crossref client's :class:`~refenrich.crossref.cache.SQLiteCache`), answers
    are kept like Crossref's, so a re-run asks nothing again.
    """

    name = "doi.org"

    def __init__(
        self,
        base_url: str = DEFAULT_DOI_ORG_URL,
        *,
        mailto: str | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        cache: ResponseCache | None = None,
    ) -> None:
        import httpx

        self.base_url = base_url
        self._mailto = mailto
        self._owns_client = http_client is None
        self._http = http_client or httpx.Client(
            transport=transport, timeout=timeout, max_redirects=_MAX_REDIRECTS
        )
        self.cache = cache
        self.requests_sent = 0
        self.cache_hits = 0

    def _send(self, request: httpx.Request) -> httpx.Response:
        import httpx

        cached = _cached(self.cache, request)
        if cached is not None:
            self.cache_hits += 1
            return cached
        self.requests_sent += 1
        try:
            response = self._http.send(request, follow_redirects=True)
        except httpx.HTTPError as error:
            raise _translate(error) from None
        _store(self.cache, request, response)
        return response

    def agency(self, doi: str) -> str | None:
        """The registration agency holding ``doi``, or None."""
        return interpret_agency_response(
            self._send(build_agency_request(self.base_url, doi, self._mailto))
        )

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi`` from its registration agency, or None."""
        agency = self.agency(doi)
        if agency is None or agency.lower() == "crossref":
            return None
        response = self._send(build_csl_request(self.base_url, doi, self._mailto))
        return interpret_csl_response(response, agency)

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


class AsyncDoiOrgClient:
    """The async twin of :class:`DoiOrgClient`."""

    name = "doi.org"

    def __init__(
        self,
        base_url: str = DEFAULT_DOI_ORG_URL,
        *,
        mailto: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 20.0,
        cache: ResponseCache | None = None,
    ) -> None:
        import httpx

        self.base_url = base_url
        self._mailto = mailto
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport, timeout=timeout, max_redirects=_MAX_REDIRECTS
        )
        self.cache = cache
        self.requests_sent = 0
        self.cache_hits = 0

    async def _send(self, request: httpx.Request) -> httpx.Response:
        import httpx

        cached = _cached(self.cache, request)
        if cached is not None:
            self.cache_hits += 1
            return cached
        self.requests_sent += 1
        try:
            response = await self._http.send(request, follow_redirects=True)
        except httpx.HTTPError as error:
            raise _translate(error) from None
        _store(self.cache, request, response)
        return response

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi`` from its registration agency, or None."""
        answer = await self._send(build_agency_request(self.base_url, doi, self._mailto))
        agency = interpret_agency_response(answer)
        if agency is None or agency.lower() == "crossref":
            return None
        response = await self._send(build_csl_request(self.base_url, doi, self._mailto))
        return interpret_csl_response(response, agency)

    async def aclose(self) -> None:
        """Close the httpx client if this object made it."""
        if self._owns_client:
            await self._http.aclose()


class AgencyFallbackSource:
    """``source`` first; for a DOI it does not hold (a 404), the registration agencies.

    Searching goes to ``source`` alone. This is how the command line adds the doi.org
    fallback to Crossref without changing any call site:
    :func:`~refenrich.check.check_references` takes the pair apart (:attr:`source`,
    :attr:`agency`) and asks the agency in the resolution flow's own step, so a check
    says what the agencies answered. :meth:`get_work` serves other callers.
    """

    def __init__(self, source: Any, agency: WorkSource) -> None:
        self.source = source
        self.agency = agency
        self.name: str = source.name

    def get_work(self, doi: str) -> Work | None:
        """The record from ``source``, else from the agency, else None."""
        work: Work | None = self.source.get_work(doi)
        if work is not None:
            return work
        try:
            return self.agency.get_work(doi)
        except SourceError:
            # The agencies are a second opinion: their failure leaves "not found" standing.
            return None

    def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """``source``'s records for ``dois`` in batches, when it can (else nothing).

        Only records: a DOI ``source`` lacks is left to :meth:`get_work`, which asks the
        agencies for it.
        """
        batch = getattr(self.source, "get_works", None)
        if not callable(batch):
            return {}
        answers: dict[str, Work | None] = batch(dois)
        return {doi: work for doi, work in answers.items() if work is not None}

    def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """``source``'s search."""
        found: list[Work] = self.source.search_works(query, rows=rows, select=select)
        return found
