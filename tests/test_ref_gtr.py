"""Grants verified at a fake Gateway to Research on 127.0.0.1 (and through MockTransport)."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from refenrich.crossref.protocol import RetryPolicy
from refenrich.errors import ResponseValidationError, SourceConnectionError
from refenrich.ref.check import check_case_study, summarise, verify_grants
from refenrich.ref.grants import parse_grants
from refenrich.ref.gtr import GTR_ACCEPT, GtrClient, GtrSettings, compare_grant
from refenrich.sources.records import RecordsSource
from refenrich.testing.gtr_server import FakeGrant, FakeGtr
from refenrich.testing.ref_samples import SampleOutput, case_study_text, output_record

pytestmark = pytest.mark.integration

GRANTS = [
    FakeGrant(
        reference="ES/N005945/2",
        organisation="University of Sheffield",
        start="2016-09-01",
        end="2019-12-31",
        amount=659794,
        publication_dois=("10.5555/gtr.1",),
    ),
    FakeGrant(
        reference="ES/N005945/1",
        organisation="University of Salford",
        start="2016-01-01",
        end="2016-08-31",
        amount=801488,
    ),
]


def client(url: str, **kw: object) -> GtrClient:
    return GtrClient(GtrSettings(base_url=url), sleep=lambda _: None, **kw)  # type: ignore[arg-type]


def test_project_found_with_fund_organisation_and_publications() -> None:
    with FakeGtr(GRANTS) as fake, client(fake.url) as gtr:
        project = gtr.get_project("ES/N005945/2")
        assert project is not None
        assert project.organisation == "University of Sheffield"
        assert (str(project.start), str(project.end), project.amount) == (
            "2016-09-01",
            "2019-12-31",
            659794.0,
        )
        assert project.publication_dois == ["10.5555/gtr.1"]
        assert gtr.get_project("ES/N005945/2") is project  # cached
        assert gtr.get_project("ES/X000000/1") is None
        assert {accept for _, accept in fake.requests} == {GTR_ACCEPT}


def test_claims_agree_and_disagree() -> None:
    claimed = parse_grants(
        "ES/N005945/2 (Sheffield, Sep 2016-Dec 2019, GBP659,794) "
        "ES/N005945/1 (Leeds, Feb-Aug 2016, GBP900,000) ES/X000000/1 (York, 2016-2017)"
    )
    with FakeGtr(GRANTS) as fake, client(fake.url) as gtr:
        results = [
            compare_grant(g, gtr.get_project(g.reference), ["10.5555/GTR.1"]) for g in claimed
        ]
    assert [f.code for f in results[0]] == ["grant_reports_outputs"]
    assert {f.code for f in results[1]} == {
        "grant_amount_mismatch",
        "grant_period_mismatch",
        "grant_organisation_mismatch",
    }
    [missing] = results[2]
    assert missing.code == "grant_not_found"
    assert missing.severity.value == "error"


def test_retries_then_succeeds() -> None:
    with FakeGtr(GRANTS, fail_next=[503, 429]) as fake, client(fake.url) as gtr:
        assert gtr.get_project("ES/N005945/1") is not None
        assert gtr.requests_sent >= 5


def test_without_the_versioned_accept_the_answer_is_xml() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["accept"] == GTR_ACCEPT
        return httpx.Response(200, text="<xml/>", headers={"content-type": "application/xml"})

    gtr = GtrClient(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    with pytest.raises(ResponseValidationError):
        gtr.get_project("ES/N005945/1")


def test_unreachable_fails_fast() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectError("refused", request=request)

    settings = GtrSettings(retry=RetryPolicy(max_attempts=2, initial_wait=0))
    gtr = GtrClient(settings, transport=httpx.MockTransport(handler), sleep=lambda _: None)
    with pytest.raises(SourceConnectionError):
        gtr.get_project("ES/N005945/1")
    with pytest.raises(SourceConnectionError, match="failed earlier"):
        gtr.get_project("ES/N005945/2")
    assert calls == 2


def _second(output: SampleOutput) -> SampleOutput:
    # Two outputs: a numbered list of one is not split as a list (see the report).
    return replace(output, doi="10.5555/gtr.2", title="Participation in towns")


def test_case_study_grants_verified_end_to_end() -> None:
    output = SampleOutput(
        authors=[("Okafor", "Maria")],
        year=2018,
        title="Co-production in cities",
        journal="Urban Studies",
        volume="5",
        issue="1",
        pages="1-9",
        doi="10.5555/gtr.1",
    )
    text = case_study_text(
        title="T",
        unit="20",
        institution="U",
        outputs=[output, _second(output)],
        sources=["Testimonial from X."],
        grants="ESRC Research Grants ES/N005945/2 (Sheffield, Sep 2016\u2013Dec 2019, "
        "GBP659,794) and ES/N005945/1 (Salford, Jan\u2013Aug 2016, GBP801,488).",
    )
    records = [output_record(output), output_record(_second(output))]
    check = check_case_study(text, source=RecordsSource(records))
    with FakeGtr(GRANTS) as fake, client(fake.url) as gtr:
        verified = verify_grants(check, gtr)
    assert [g.found for g in verified.grants] == [True, True]
    row = summarise(verified)
    assert (row.grants, row.grants_verified) == (2, 2)
    assert [f.code for f in verified.grants[0].findings] == ["grant_reports_outputs"]
