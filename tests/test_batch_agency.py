"""DOIs Crossref does not hold, in a batch: doi.org's registration agencies are asked, as
for one file, and the worker processes leave those references to the batch's process.

The Crossref records are synthetic (DOIs under Crossref's test prefix 10.5555); the
DataCite record is a made-up Zenodo data set served by the fake doi.org.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from refenrich.cli import main
from refenrich.crossref.cache import SQLiteCache
from refenrich.sources.doiorg import DoiOrgClient
from refenrich.testing import FakeCrossref
from refenrich.testing.doiorg import FakeDoiOrg

ZENODO = "10.5281/zenodo.7654321"
ZENODO_CSL = {
    "type": "dataset",
    "DOI": ZENODO,
    "title": "Interview transcripts on community energy schemes",
    "author": [{"family": "Okafor", "given": "Ana"}],
    "publisher": "Zenodo",
    "issued": {"date-parts": [[2021, 3]]},
}
CROSSREF_RECORD = {
    "DOI": "10.5555/agency.1",
    "type": "journal-article",
    "title": ["Community energy and the local state"],
    "author": [{"given": "Ana", "family": "Okafor"}],
    "container-title": ["Journal of Tests"],
    "volume": "12",
    "page": "1-20",
    "issued": {"date-parts": [[2019]]},
}
LINES = [
    "Okafor, A. (2019) 'Community energy and the local state', Journal of Tests, 12, "
    "pp. 1-20. doi:10.5555/agency.1",
    f"Okafor, A. (2021) Interview transcripts on community energy schemes. Zenodo. doi:{ZENODO}",
    "Okafor, A. (2020) 'A paper nobody registered', Journal of Tests, 11, pp. 5-9. "
    "doi:10.5555/agency.missing",
]


def _check(command: list[str], environ: dict[str, str]) -> tuple[list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*command, "--format", "jsonl"], environ=environ, stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def _by_doi(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["reference"]["doi"]: row for row in rows}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_asks_doi_org_for_dois_crossref_lacks(tmp_path: Path, jobs: str) -> None:
    documents = tmp_path / "docs"
    documents.mkdir()
    (documents / "a.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    with (
        FakeCrossref([CROSSREF_RECORD]) as crossref,
        FakeDoiOrg({ZENODO: ("DataCite", ZENODO_CSL)}) as doi_org,
    ):
        environ = {
            "REFENRICH_CROSSREF_URL": crossref.url,
            "REFENRICH_CACHE_DIR": str(tmp_path / "cache"),
        }
        command = ["check", str(documents), "--lines", "--jobs", jobs]
        batch, err = _check([*command, "--doi-org-url", doi_org.url], environ)
        # the agency of each DOI Crossref lacks, and the one record an agency holds
        assert "doi.org: 3 request(s), 0 from cache" in err
        asked = len(doi_org.paths)
        rerun, err = _check([*command, "--doi-org-url", doi_org.url], environ)
        assert len(doi_org.paths) == asked  # the cache answered the re-run
        assert "doi.org: 0 request(s), 3 from cache" in err
        single, _ = _check(
            ["check", str(documents / "a.txt"), "--lines", "--doi-org-url", doi_org.url], environ
        )
        assert len(doi_org.paths) == asked  # one file reads the same cache
        without, _ = _check([*command, "--no-agency"], environ)
    rows = _by_doi(batch)
    assert rows[ZENODO]["status"] == "verified"
    assert rows[ZENODO]["work"]["source"] == "datacite"
    assert "doi.org: datacite" in rows[ZENODO]["resolution"]["tried"]
    assert rows["10.5555/agency.1"]["status"] == "verified"
    missing = rows["10.5555/agency.missing"]
    assert (
        "doi.org: no registration agency holds 10.5555/agency.missing"
        in (missing["resolution"]["tried"])
    )
    assert missing["status"] != "verified"
    assert rerun == batch  # the workers (with --jobs 2) left the agency's DOIs to the parent
    # one file and a batch agree on every status, record, what was tried and every finding
    assert [(r["status"], r["work"]) for r in single] == [(r["status"], r["work"]) for r in batch]
    assert [r["resolution"]["tried"] for r in single] == [r["resolution"]["tried"] for r in batch]
    assert [r["findings"] for r in single] == [r["findings"] for r in batch]
    [not_registered] = [f for f in missing["findings"] if f["code"] == "doi_not_found"]
    assert "is registered with no agency (doi.org)" in not_registered["message"]
    # without the fallback the data set's DOI is one Crossref does not know
    assert _by_doi(without)[ZENODO]["status"] != "verified"


def test_doi_org_answers_are_cached(tmp_path: Path) -> None:
    with FakeDoiOrg({ZENODO: ("DataCite", ZENODO_CSL)}) as doi_org:
        for _ in range(2):
            cache = SQLiteCache(tmp_path / "cache.sqlite3")
            with DoiOrgClient(doi_org.url, cache=cache) as agency:
                work = agency.get_work(ZENODO)
                assert agency.get_work("10.5555/nobody") is None
            cache.close()
            assert work is not None
            assert work.title == ZENODO_CSL["title"]
        # the first round asked (the CSL answer after doi.org's redirect); the second did not
        assert doi_org.paths == [
            f"/ra/{ZENODO}",
            f"/{ZENODO}",
            f"/cn/{ZENODO}",
            "/ra/10.5555/nobody",
        ]
        assert (agency.requests_sent, agency.cache_hits) == (0, 3)
