"""The CLI and library against refenrich's fake Crossref on 127.0.0.1 (real sockets, real
headers, injected faults). Records: the hand-written example records (public facts)."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pytest

import refenrich
from refenrich.cli import main
from refenrich.testing import FakeCrossref, FakeCrossrefConfig, Fault

from .conftest import EXAMPLE_DOCUMENT

pytestmark = pytest.mark.integration


@pytest.fixture
def fake_crossref_records(example_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return example_records


def run_cli(args: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, environ=environ, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_against_fake_crossref(example_text: str, fake_crossref: FakeCrossref) -> None:
    environ = {
        "REFENRICH_CROSSREF_URL": fake_crossref.url,
        "REFENRICH_MAILTO": "office@example.org",
    }
    code, out, _ = run_cli(["check", str(EXAMPLE_DOCUMENT)], environ)
    assert code == 1
    assert "Summary: 5 checked, 4 verified, 0 with warnings, 1 with errors, 0 not found" in out
    # the five distinct DOIs in one batched request (filter=doi:...), no single look-up
    assert fake_crossref.stats.by_kind.get("single", 0) == 0
    batches = [r for r in fake_crossref.requests if dict(r.params).get("filter")]
    assert len(batches) == 1
    assert len(dict(batches[0].params)["filter"].split(",")) == 5
    # and one text search per reference without a DOI (issue 4): the corroborating
    # source in section 5 that gives none
    assert fake_crossref.stats.by_kind.get("list", 0) <= 2
    # the polite pool, recognised from the User-Agent; the address is in no URL (issue 6)
    assert {request.pool for request in fake_crossref.requests} == {"polite"}
    assert all("mailto" not in dict(request.params) for request in fake_crossref.requests)
    assert all(
        "mailto:<redacted>" in request.headers["user-agent"] for request in fake_crossref.requests
    )


def test_transient_faults_are_retried(example_text: str, fake_crossref: FakeCrossref) -> None:
    fake_crossref.inject(Fault.HTTP_503, times=2)
    fake_crossref.inject(Fault.CONNECTION_RESET)
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url, retry=refenrich.RetryPolicy(initial_wait=0.01, max_wait=0.05)
    )
    with refenrich.CrossrefClient(settings) as client:
        report = refenrich.check(example_text, source=client)
        assert client.retries == 3
    assert report.summary.verified == 4
    assert report.summary.failed == 0


def test_rate_limited_request_waits_and_succeeds(
    example_text: str, example_records: list[dict[str, Any]]
) -> None:
    # Each check asks for the example's five DOIs in one list request: two checks in a
    # row against a list budget of 1/s.
    config = FakeCrossrefConfig(list_limit=1, interval=1.0)
    with FakeCrossref(example_records, config) as server:
        # Client-side pacing off, so the 429 path is exercised (with pacing on there is
        # no 429 to wait out: tests/test_limits.py).
        settings = refenrich.CrossrefSettings(
            base_url=server.url, retry=refenrich.RetryPolicy(max_attempts=5), rate_limit=False
        )
        with refenrich.CrossrefClient(settings) as client:
            reports = [refenrich.check(example_text, source=client) for _ in range(2)]
            assert client.retries >= 1
        assert server.stats.rate_limited >= 1  # the budget of 1/s was exceeded once at least
    for report in reports:
        assert [r.status for r in report.results].count(refenrich.Status.FAILED) == 0
        assert report.summary.checked == 5
        assert report.summary.verified == 4


def test_async_against_fake_crossref(example_text: str, fake_crossref: FakeCrossref) -> None:
    settings = refenrich.CrossrefSettings(base_url=fake_crossref.url)
    report = asyncio.run(refenrich.acheck(example_text, settings=settings, concurrency=3))
    assert report.summary.verified == 4
    assert fake_crossref.stats.max_concurrency <= 3


def test_broken_json_is_a_failed_lookup_not_a_crash(fake_crossref: FakeCrossref) -> None:
    fake_crossref.inject(Fault.INVALID_JSON, times=10)  # more than the retries
    text = "Richardson, L. (2018) ‘Why’, Governance, 32(1): 159-176. https://doi.org/10.1111/gove.12365"
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url, retry=refenrich.RetryPolicy(initial_wait=0.01, max_wait=0.05)
    )
    report = refenrich.check(text, settings=settings, lines=True)
    [result] = report.results
    assert result.status is refenrich.Status.FAILED
    assert result.resolution.error is not None
    assert "not valid JSON" in result.resolution.error


def test_a_body_cut_short_once_is_retried(fake_crossref: FakeCrossref) -> None:
    fake_crossref.inject(Fault.TRUNCATED_JSON)
    text = "Richardson, L. (2018) ‘Why’, Governance, 32(1): 159-176. https://doi.org/10.1111/gove.12365"
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url, retry=refenrich.RetryPolicy(initial_wait=0.01, max_wait=0.05)
    )
    with refenrich.CrossrefClient(settings) as client:
        report = refenrich.check(text, source=client, lines=True)
        assert client.retries == 1
    [result] = report.results
    assert result.status is not refenrich.Status.FAILED
    assert result.resolution.work is not None
