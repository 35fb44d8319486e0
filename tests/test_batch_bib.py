""".bib files in a batch are read as BibTeX entries, as one .bib file is on its own.

The records are the example's (examples/jam-and-justice.crossref.jsonl); the .bib entry
was written for this test from the public facts of Durose, Richardson and Perry (2018),
Nature 562: 32-33, with the journal name given through an @string macro.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from refenrich.batch import find_documents
from refenrich.cli import main
from refenrich.testing import FakeCrossref

from .conftest import EXAMPLE_RECORDS

BIB = """@string{nature = "Nature"}

@article{durose2018craft,
  author = {Durose, Catherine and Richardson, Liz and Perry, Beth},
  title = {Craft metrics to value co-production},
  journal = nature,
  year = {2018},
  volume = {562},
  pages = {32--33},
  doi = {10.1038/d41586-018-06860-w},
}

@article{broken, title = {Unclosed
"""
TEXT = (
    "Richardson, L., Durose, C. and Perry, B. (2019) 'Three tyrannies of participatory "
    "governance', Journal of Chinese Governance, 4(2), pp. 123-143.\n"
)


def _run(
    command: list[str], environ: dict[str, str], codes: tuple[int, ...] = (0, 1)
) -> tuple[list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*command, "--format", "jsonl"], environ=environ, stdout=out, stderr=err)
    assert code in codes, err.getvalue()
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_reads_bib_files_as_entries(tmp_path: Path, jobs: str) -> None:
    documents = tmp_path / "docs"
    documents.mkdir()
    (documents / "refs.bib").write_text(BIB, encoding="utf-8")
    (documents / "list.txt").write_text(TEXT, encoding="utf-8")
    assert [p.name for p in find_documents([documents])] == ["list.txt", "refs.bib"]
    records = [json.loads(line) for line in EXAMPLE_RECORDS.read_text().splitlines()]
    with FakeCrossref(records) as crossref:
        environ = {
            "REFENRICH_CROSSREF_URL": crossref.url,
            "REFENRICH_CACHE_DIR": str(tmp_path / "cache"),
        }
        rows, err = _run(["check", str(documents), "--jobs", jobs], environ)
        single, _ = _run(["check", str(documents / "refs.bib")], environ)
    bib_rows = [row for row in rows if row["document"].endswith("refs.bib")]
    [entry] = bib_rows
    assert entry["reference"]["key"] == "durose2018craft"
    assert entry["reference"]["container_title"] == "Nature"  # the @string macro applied
    assert entry["status"] == "verified"
    assert entry["doi"] == "10.1038/d41586-018-06860-w"
    # the unreadable block is said, not silently dropped
    assert "refs.bib: warning: a block at line 13 could not be parsed" in err
    # one .bib file on its own gives the same verdict
    assert [(r["status"], r["doi"]) for r in single] == [(entry["status"], entry["doi"])]


def test_a_bib_file_with_no_readable_entry_is_skipped_with_the_reason(tmp_path: Path) -> None:
    documents = tmp_path / "docs"
    documents.mkdir()
    (documents / "bad.bib").write_text("@article{x, title={Unclosed\n", encoding="utf-8")
    (documents / "list.txt").write_text(TEXT, encoding="utf-8")
    records = [json.loads(line) for line in EXAMPLE_RECORDS.read_text().splitlines()]
    with FakeCrossref(records) as crossref:
        environ = {
            "REFENRICH_CROSSREF_URL": crossref.url,
            "REFENRICH_CACHE_DIR": str(tmp_path / "cache"),
        }
        rows, err = _run(["check", str(documents)], environ, codes=(2,))
    assert "bad.bib: skipped: no BibTeX entry could be read" in err
    [unread] = [row for row in rows if "error" in row]
    assert unread["kind"] == "document"
    assert unread["source"].endswith("bad.bib")
    assert [row["status"] for row in rows if "status" in row] == ["verified"]
