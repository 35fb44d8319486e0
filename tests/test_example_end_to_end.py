"""The example case study end to end, against Crossref-shaped responses served by respx.

The responses are the hand-written records in examples/ (public facts; see its README)
wrapped as Crossref's ``/works/{doi}`` answers. No request leaves the process.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import respx

import refenrich
from refenrich import CrossrefSettings, Report, Severity, Status

BASE = "https://api.crossref.org"


def _mock_crossref(
    router: respx.MockRouter, records: list[dict[str, Any]]
) -> tuple[respx.Route, respx.Route]:
    """Routes for ``/works/{doi}`` and for batched ``/works?filter=doi:...`` look-ups."""
    by_doi = {record["DOI"].lower(): record for record in records}

    def answer(request: httpx.Request) -> httpx.Response:
        doi = request.url.path.removeprefix("/works/").lower()
        record = by_doi.get(doi)
        if record is None:
            return httpx.Response(404, text="Resource not found.")
        return httpx.Response(
            200,
            json={
                "status": "ok",
                "message-type": "work",
                "message-version": "1.0.0",
                "message": record,
            },
            headers={"x-rate-limit-limit": "10", "x-rate-limit-interval": "1s"},
        )

    def answer_batch(request: httpx.Request) -> httpx.Response:
        wanted = {
            value.removeprefix("doi:").lower() for value in request.url.params["filter"].split(",")
        }
        items = [by_doi[doi] for doi in sorted(wanted) if doi in by_doi]
        return httpx.Response(
            200,
            json={
                "status": "ok",
                "message-type": "work-list",
                "message-version": "1.0.0",
                "message": {"items": items, "total-results": len(items)},
            },
        )

    # DOIs looked up together: /works?filter=doi:A,doi:B,... (one request)
    batch = router.get(url__regex=rf"^{BASE}/works\?.*filter=").mock(side_effect=answer_batch)
    return router.get(url__startswith=f"{BASE}/works/").mock(side_effect=answer), batch


def _assert_example_report(report: Report) -> None:
    results = report.results
    assert [r.status for r in results] == [
        Status.ERROR,
        Status.VERIFIED,
        Status.VERIFIED,
        Status.VERIFIED,
        Status.VERIFIED,
    ]
    assert [r.doi for r in results] == [
        "10.1177/1478929917716890",
        "10.1111/spol.12481",
        "10.1038/d41586-018-06860-w",
        "10.1080/23812346.2019.1595912",
        "10.1111/gove.12365",
    ]
    review = {f.code: f for f in results[0].findings}
    assert set(review) == {"doi_is_review", "review_venue_mismatch"}
    assert review["review_venue_mismatch"].claimed == "Political Studies"
    assert review["review_venue_mismatch"].actual == "Political Studies Review"
    assert review["doi_is_review"].severity is Severity.INFO
    # Social Policy and Administration = Social Policy & Administration: no venue finding
    assert results[1].findings == []
    [year] = results[4].findings
    assert (year.code, year.severity, year.claimed) == ("year_online_first", Severity.INFO, "2018")
    assert year.message == "2018 is the online-first year; the issue is dated 2019."
    assert report.summary.with_errors == 1
    assert report.summary.verified == 4


def test_example_sync(example_text: str, example_records: list[dict[str, Any]]) -> None:
    with respx.mock(assert_all_called=False) as router:
        route, batch = _mock_crossref(router, example_records)
        report = refenrich.check(
            example_text, settings=CrossrefSettings(mailto="office@example.org")
        )
    _assert_example_report(report)
    # the five distinct DOIs (the review DOI appears twice in reference 1) in one request
    assert batch.call_count == 1
    assert route.call_count == 0
    [call] = batch.calls
    assert len(call.request.url.params["filter"].split(",")) == 5
    # the address is in the User-Agent, in no URL
    assert "mailto" not in call.request.url.params
    assert "(mailto:office@example.org)" in call.request.headers["user-agent"]


def test_example_async(example_text: str, example_records: list[dict[str, Any]]) -> None:
    with respx.mock(assert_all_called=False) as router:
        route, batch = _mock_crossref(router, example_records)
        report = asyncio.run(refenrich.acheck(example_text))
    _assert_example_report(report)
    assert batch.call_count == 1
    assert route.call_count == 0


def test_example_from_local_records(
    example_text: str, example_records: list[dict[str, Any]]
) -> None:
    source = refenrich.RecordsSource(example_records)
    _assert_example_report(refenrich.check(example_text, source=source))


def _empty_search(router: respx.MockRouter) -> respx.Route:
    body = {
        "status": "ok",
        "message-type": "work-list",
        "message": {"items": [], "total-results": 0},
    }
    return router.get(f"{BASE}/works").mock(return_value=httpx.Response(200, json=body))


def test_unknown_doi_is_not_found_not_an_exception(example_records: list[dict[str, Any]]) -> None:
    text = "Smith, J. (2020) 'A title', Journal, 1: 1-2. https://doi.org/10.9999/does-not-exist"
    with respx.mock(assert_all_called=False) as router:
        _mock_crossref(router, example_records)  # one DOI: looked up on its own
        search = _empty_search(router)  # an unknown DOI's text is searched too (issue 4)
        report = refenrich.check(text, lines=True)
    [result] = report.results
    assert result.status is Status.NOT_FOUND
    assert result.work is None
    assert result.doi == "10.9999/does-not-exist"
    assert search.call_count == 1


def test_reference_without_doi_is_searched_once_then_unresolved() -> None:
    # Since issue 4 a reference without a DOI is searched by its text (one request); a
    # sparse reference that matches nothing stays unresolved.
    with respx.mock(assert_all_called=False) as router:
        search = _empty_search(router)
        report = refenrich.check("Smith, J. (2020) A book. London: Press.", lines=True)
    assert search.call_count == 1
    assert report.results[0].status is Status.UNRESOLVED


def test_reference_without_doi_is_not_looked_up_with_search_off() -> None:
    with respx.mock(assert_all_called=False) as router:
        route = router.get(url__startswith=BASE).mock(return_value=httpx.Response(500))
        report = refenrich.check(
            "Smith, J. (2020) A book. London: Press.", lines=True, search=False
        )
    assert route.call_count == 0
    assert report.results[0].status is Status.UNRESOLVED


@pytest.mark.parametrize("lines", [True, False])
def test_empty_input(lines: bool) -> None:
    report = refenrich.check("", lines=lines, source=refenrich.RecordsSource([]))
    assert report.results == []
