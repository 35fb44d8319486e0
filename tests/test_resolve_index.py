"""Issue 4: validated search (match.py), resolution in the pipeline, doi.org fallback,
the local index and its commands."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import refenrich
from refenrich.cli import main
from refenrich.index import IndexSource, build_index, is_sqlite_index
from refenrich.match import MatchKind, decide, has_full_fields, score_candidate
from refenrich.models import (
    Author,
    PartialDate,
    Reference,
    ResolutionVia,
    Severity,
    Status,
    Work,
)
from refenrich.sources.doiorg import DoiOrgClient, csl_to_work
from refenrich.testing import FakeCrossref
from refenrich.testing.doiorg import FakeDoiOrg

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_RECORDS = ROOT / "examples" / "jam-and-justice.crossref.jsonl"

GOVE = Work(
    doi="10.1111/gove.12365",
    title="Why decentralize decision making? English local actors' viewpoints",
    authors=[Author(family="Richardson", given="Liz"), Author(family="Durose", given="C")],
    container_title="Governance",
    volume="32",
    issue="1",
    pages="159-176",
    issued=PartialDate(year=2018),
    published_online=PartialDate(year=2018),
    published_print=PartialDate(year=2019),
)


def _ref(**fields: Any) -> Reference:
    base: dict[str, Any] = {
        "raw": "Richardson, L. and Durose, C. (2019) Why decentralize decision making? "
        "English local actors' viewpoints. Governance, 32(1), 159-176.",
        "authors": [Author(family="Richardson", given="L."), Author(family="Durose", given="C.")],
        "year": 2019,
        "title": "Why decentralize decision making? English local actors' viewpoints",
        "container_title": "Governance",
        "volume": "32",
        "issue": "1",
        "pages": "159-176",
    }
    base.update(fields)
    return Reference(**base)


@pytest.mark.parametrize(
    ("changes", "matched"),
    [
        ({}, True),
        ({"year": 2018}, True),  # the online-first year
        ({"year": 2020}, True),  # one year off: weaker evidence, not a veto
        ({"container_title": "Gov."}, True),  # abbreviated
        ({"title": None}, True),  # title not parsed: found in the text as written
        ({"pages": "1-20", "volume": "9"}, True),  # wrong numbers, still the work
        ({"title": "Participatory budgeting in Brazilian cities today"}, False),
        ({"authors": [Author(family="Smith")], "year": 2011}, False),
        ({"year": 2005, "volume": "3", "pages": "1-9", "authors": [Author(family="Ng")]}, False),
    ],
)
def test_match_table(changes: dict[str, Any], matched: bool) -> None:
    reference = _ref(**changes)
    if changes.get("title", "") is not None and "title" in changes:
        reference = reference.model_copy(update={"raw": reference.raw.replace("Why", "X")})
    decision = decide(reference, [GOVE])
    assert (decision.kind is MatchKind.MATCHED) is matched, score_candidate(reference, GOVE)


def test_evidence_and_confidence() -> None:
    scored = score_candidate(_ref(), GOVE)
    assert scored.confidence > 0.99
    assert scored.evidence == {
        "title": 1.0,
        "authors": 1.0,
        "year": 1.0,
        "container": 1.0,
        "volume": 1.0,
        "issue": 1.0,
        "pages": 1.0,
    }
    off = score_candidate(_ref(year=2021), GOVE)
    assert off.evidence["year"] == -0.2 or off.evidence["year"] == -1.0


def test_two_close_candidates_are_ambiguous() -> None:
    twin = GOVE.model_copy(update={"doi": "10.1111/gove.99999"})
    decision = decide(_ref(volume=None, issue=None, pages=None), [GOVE, twin])
    assert decision.kind is MatchKind.AMBIGUOUS
    assert {c.work.doi for c in decision.close} == {GOVE.doi, twin.doi}


def test_distractor_with_other_year_loses() -> None:
    other = GOVE.model_copy(
        update={
            "doi": "10.1111/gove.1",
            "title": "Why decentralize decision making? Local actors' viewpoints",
            "issued": PartialDate(year=2012),
            "published_online": None,
            "published_print": PartialDate(year=2012),
            "volume": "25",
        }
    )
    decision = decide(_ref(), [other, GOVE])
    assert decision.kind is MatchKind.MATCHED
    assert decision.work == GOVE


def test_has_full_fields() -> None:
    assert has_full_fields(_ref())
    assert not has_full_fields(Reference(raw="Smith 2020", year=2020))


# --- the pipeline -----------------------------------------------------------------------

NO_DOI = (
    "Richardson, L., Durose, C. and Perry, B. (2019) 'Moving towards hybridity in causal "
    "explanation: the example of citizen participation', Social Policy & Administration, "
    "53(2), pp. 265-278."
)
FABRICATED = (
    "Durose, C. and Perry, B. (2017) 'Hybrid tyrannies of co-produced metrics in local "
    "governance', Social Policy & Administration, 51(4), pp. 600-618."
)


def test_pipeline_with_records_source() -> None:
    source = refenrich.RecordsSource.from_path(EXAMPLE_RECORDS)
    report = refenrich.check(f"{NO_DOI}\n{FABRICATED}\n", source=source, lines=True)
    found, missing = report.results
    assert found.status is Status.VERIFIED
    assert found.doi == "10.1111/spol.12481"
    assert found.resolution.via is ResolutionVia.INDEX
    assert found.resolution.confidence is not None
    assert found.resolution.confidence > 0.9
    assert found.resolution.evidence["title"] == 1.0
    assert missing.status is Status.NOT_FOUND
    [note] = missing.findings
    assert note.code == "no_matching_record"
    assert "may be fabricated" in note.message


def test_a_doi_nobody_holds_is_an_error_finding() -> None:
    # A made-up DOI on a made-up work: the source does not hold it and no record matches.
    source = refenrich.RecordsSource.from_path(EXAMPLE_RECORDS)
    text = FABRICATED + " https://doi.org/10.1111/spol.99999"
    [result] = refenrich.check(text, source=source, lines=True).results
    assert result.status is Status.NOT_FOUND
    [note] = result.findings
    assert (note.code, note.severity, note.claimed) == (
        "doi_not_found",
        Severity.ERROR,
        "10.1111/spol.99999",
    )
    assert "was not found, and no record matches the reference's text" in note.message
    assert "may be fabricated" in note.message


def test_a_doi_doi_org_knows_no_agency_for_does_not_exist() -> None:
    records = [json.loads(line) for line in EXAMPLE_RECORDS.read_text().splitlines()]
    text = FABRICATED + " doi:10.9999/nothing.1"
    with (
        FakeDoiOrg({}) as doi_org,
        FakeCrossref(records) as cr,
        DoiOrgClient(doi_org.url) as agency,
    ):
        settings = refenrich.CrossrefSettings(base_url=cr.url)
        [result] = refenrich.check(text, settings=settings, lines=True, agency=agency).results
    [note] = result.findings
    assert note.code == "doi_not_found"
    assert note.message.startswith("DOI 10.9999/nothing.1 is registered with no agency (doi.org)")
    # Without a text search the finding does not claim that nothing matches the text.
    with FakeCrossref(records) as cr:
        settings = refenrich.CrossrefSettings(base_url=cr.url)
        [result] = refenrich.check(text, settings=settings, lines=True, search=False).results
    [note] = result.findings
    assert note.code == "doi_not_found"
    assert "no record matches" not in note.message


OTHER = {
    "DOI": "10.5555/other.1",
    "type": "journal-article",
    "title": ["Soil microbial communities under drought"],
    "author": [{"family": "Okafor", "given": "M."}],
    "container-title": ["Ecology Letters"],
    "issued": {"date-parts": [[2015]]},
}


def test_doi_of_another_work_then_text_search() -> None:
    records = [json.loads(line) for line in EXAMPLE_RECORDS.read_text().splitlines()]
    source = refenrich.RecordsSource([*records, OTHER])
    text = NO_DOI + " doi:10.5555/other.1"
    [result] = refenrich.check(text, source=source, lines=True).results
    assert result.status is Status.ERROR
    assert result.resolution.text_doi == "10.1111/spol.12481"
    assert result.resolution.doi == "10.5555/other.1"
    assert result.findings[0].code == "doi_text_matches_other"


def test_pipeline_against_fake_crossref_one_request_each() -> None:
    records = [json.loads(line) for line in EXAMPLE_RECORDS.read_text().splitlines()]
    with FakeCrossref(records) as server:
        settings = refenrich.CrossrefSettings(base_url=server.url, mailto="a@example.org")
        report = refenrich.check(f"{NO_DOI}\n{FABRICATED}\n", settings=settings, lines=True)
        requests = server.requests
    assert [r.status for r in report.results] == [Status.VERIFIED, Status.NOT_FOUND]
    assert report.results[0].resolution.via is ResolutionVia.SEARCH
    assert len(requests) == 2
    params = dict(requests[0].params)
    assert "query.bibliographic" in params
    assert 5 <= int(params["rows"]) <= 20
    assert "DOI" in params["select"]
    # polite pool from the User-Agent; the address is in no URL (issue 6)
    assert "mailto" not in params
    assert {request.pool for request in requests} == {"polite"}


def test_async_pipeline() -> None:
    import asyncio

    source = refenrich.AsyncRecordsSource(refenrich.RecordsSource.from_path(EXAMPLE_RECORDS))
    report = asyncio.run(refenrich.acheck(NO_DOI, source=source, lines=True))
    assert report.results[0].doi == "10.1111/spol.12481"


# --- doi.org -------------------------------------------------------------------------------

ZENODO = "10.5281/zenodo.1234567"
ZENODO_CSL = {
    "type": "dataset",
    "DOI": ZENODO,
    "title": "Survey of co-production practitioners",
    "author": [{"family": "Perry", "given": "Beth"}],
    "publisher": "Zenodo",
    "issued": {"date-parts": [[2020, 5]]},
}


def test_csl_to_work() -> None:
    work = csl_to_work(ZENODO_CSL, "DataCite")
    assert work.doi == ZENODO
    assert work.source == "datacite"
    assert work.issued
    assert work.issued.year == 2020
    assert work.authors[0].family == "Perry"


def test_agency_fallback_against_fake_doi_org() -> None:
    text = f"Perry, B. (2020) Survey of co-production practitioners. Zenodo. doi:{ZENODO}"
    records = [json.loads(line) for line in EXAMPLE_RECORDS.read_text().splitlines()]
    with FakeDoiOrg({ZENODO: ("DataCite", ZENODO_CSL)}) as doi_org, FakeCrossref(records) as cr:
        with DoiOrgClient(doi_org.url) as agency:
            settings = refenrich.CrossrefSettings(base_url=cr.url)
            [result] = refenrich.check(text, settings=settings, lines=True, agency=agency).results
        assert doi_org.paths == [f"/ra/{ZENODO}", f"/{ZENODO}", f"/cn/{ZENODO}"]
    assert result.status is Status.VERIFIED
    assert result.work is not None
    assert result.work.source == "datacite"
    with FakeDoiOrg({}) as doi_org, DoiOrgClient(doi_org.url) as agency:
        assert agency.get_work("10.9999/nothing") is None


def test_habanero_citeproc_ignores_the_base_url() -> None:
    # Why refenrich does not use habanero.cn here (see sources/doiorg.py).
    cn = pytest.importorskip("habanero.cn")

    with respx.mock(assert_all_called=False) as router:
        route = router.get(url__regex=r".*").mock(return_value=httpx.Response(200, json={}))
        cn.content_negotiation(ids=ZENODO, format="citeproc-json", url="http://127.0.0.1:9")
    assert route.calls.last.request.url.host == "api.crossref.org"


# --- the index -------------------------------------------------------------------------------


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    records = [json.loads(line) for line in EXAMPLE_RECORDS.read_text().splitlines()]
    gz = tmp_path / "data" / "0.json.gz"
    gz.parent.mkdir()
    with gzip.open(gz, "wt", encoding="utf-8") as handle:
        json.dump({"items": [*records[:2], {"title": ["no DOI"]}]}, handle)
    (tmp_path / "data" / "1.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records[1:]) + "\n", encoding="utf-8"
    )
    out = tmp_path / "idx.sqlite"
    stats = build_index([tmp_path / "data"], out)
    assert (stats.indexed, stats.duplicates, stats.skipped) == (5, 1, 1)
    return out


def test_index_lookup_and_search(index_path: Path) -> None:
    assert is_sqlite_index(index_path)
    index = IndexSource(index_path)
    assert len(index) == 5
    assert index.get_work("10.1111/SPOL.12481") is not None
    assert index.search_works(NO_DOI)[0].doi == "10.1111/spol.12481"
    assert index.search_works("") == []


def _run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    import sys

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(args, environ={}, stdout=out, stderr=err)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def test_cli_index_build_and_resolve(tmp_path: Path) -> None:
    out = tmp_path / "x.sqlite"
    code, _, err = _run(["index", "build", str(EXAMPLE_RECORDS), "-o", str(out)])
    assert code == 0
    assert "wrote" in err
    assert "records/s" in err
    for index in (str(out), str(EXAMPLE_RECORDS)):
        code, stdout, _ = _run(
            ["resolve", "-", "--lines", "--index", index, "--offline"], f"{NO_DOI}\n{FABRICATED}\n"
        )
        assert code == 0
        rows = [json.loads(line) for line in stdout.splitlines()]
        assert rows[0]["doi"] == "10.1111/spol.12481"
        assert rows[0]["via"] == "index"
        assert rows[0]["confidence"] > 0.9
        assert rows[1]["status"] == "not_found"


def test_cli_check_with_sqlite_index_offline(tmp_path: Path) -> None:
    out = tmp_path / "x.sqlite"
    build_index([EXAMPLE_RECORDS], out)
    code, stdout, _ = _run(
        ["check", "-", "--lines", "--index", str(out), "--offline", "--format", "jsonl"], NO_DOI
    )
    assert json.loads(stdout.splitlines()[0])["status"] == "verified"
    assert code == 0


def test_cli_offline_needs_index() -> None:
    code, _, err = _run(["resolve", "-", "--lines", "--offline"], NO_DOI)
    assert code == 2
    assert "--offline" in err


def test_index_build_warns_of_records_that_are_not_crossref_works(tmp_path: Path) -> None:
    source = tmp_path / "csl.jsonl"
    source.write_text('{"DOI": "10.5555/csl.1", "title": "A string title"}\n', encoding="utf-8")
    code, _, err = _run(["index", "build", str(source), "-o", str(tmp_path / "i.sqlite")])
    assert code == 1  # nothing usable was indexed
    assert "warning: skipped 1 record(s) that are not Crossref work records" in err
    assert "DOI 10.5555/csl.1: title:" in err


def test_check_against_an_index_with_a_damaged_record_is_incomplete(tmp_path: Path) -> None:
    import sqlite3

    out = tmp_path / "i.sqlite"
    assert _run(["index", "build", str(EXAMPLE_RECORDS), "-o", str(out)])[0] == 0
    with sqlite3.connect(out) as db:
        db.execute("UPDATE works SET record = ?", (b'{"title": "x"}',))
    db.close()
    doi = json.loads(EXAMPLE_RECORDS.read_text(encoding="utf-8").splitlines()[0])["DOI"]
    code, _, err = _run(["check", "-", "--index", str(out), "--offline"], stdin=f"doi:{doi}\n")
    assert code == 3  # a failed look-up, not "no such DOI ... may be fabricated"
    assert "is not a Crossref work record" in err
    assert "--offline." not in err  # no advice to do what the user already did


def test_a_doi_answered_with_another_dois_record_is_an_alias() -> None:
    # Crossref answers an alias DOI with its primary DOI's record (the alias is made up;
    # the record is the example's Governance article).
    records = refenrich.RecordsSource.from_path(EXAMPLE_RECORDS)

    class Aliases:
        name = "aliases"

        def get_work(self, doi: str) -> Work | None:
            primary = "10.1111/gove.12365" if doi.lower() == "10.5555/alias.1" else doi
            return records.get_work(primary)

    text = (
        "Richardson, L., Durose, C. and Dean, R.J. (2019) Why decentralize decision "
        "making? English local actors' viewpoints. Governance, 32(1), 159-176. "
        "doi:10.5555/alias.1"
    )
    [result] = refenrich.check(text, source=Aliases(), lines=True, search=False).results
    assert result.doi == "10.1111/gove.12365"
    assert result.findings[0].code == "doi_alias"
    assert result.findings[0].severity is Severity.INFO
    assert result.findings[0].message.startswith(
        "DOI 10.5555/alias.1 is answered with the record of DOI 10.1111/gove.12365"
    )
