"""A document of a batch that cannot be read is said everywhere, and the run exits 2.

The other documents are still checked; the unreadable one is named with the reason on
standard error, in the JSON Lines output, in every report format and in the summary
table, so a CI job cannot pass a batch that was not wholly checked. The records are the
example's (examples/jam-and-justice.crossref.jsonl).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from refenrich.cli import main

from .conftest import EXAMPLE_RECORDS

TEXT = (
    "Richardson, L., Durose, C. and Perry, B. (2019) 'Three tyrannies of participatory "
    "governance', Journal of Chinese Governance, 4(2), pp. 123-143.\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    documents = tmp_path / "docs"
    documents.mkdir()
    (documents / "list.txt").write_text(TEXT, encoding="utf-8")
    (documents / "scan.txt").write_bytes(bytes(range(128, 256)) * 4)  # not UTF-8
    return documents


def _check(folder: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    command = ["check", str(folder), "--index", str(EXAMPLE_RECORDS), "--offline", *extra]
    code = main(command, environ={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_others_are_checked_and_the_run_exits_2(folder: Path) -> None:
    code, out, err = _check(folder, "--format", "jsonl")
    assert code == 2
    rows = [json.loads(line) for line in out.splitlines()]
    [unread] = [row for row in rows if row.get("kind") == "document"]
    assert unread["source"].endswith("scan.txt")
    assert "not UTF-8" in unread["error"]
    assert [row["status"] for row in rows if "status" in row] == ["verified"]
    assert "scan.txt: skipped:" in err
    assert "scan.txt (not read)" in err  # the summary table
    assert "2 document(s), 1 not read" in err


@pytest.mark.parametrize("suffix", ["json", "html", "md"])
def test_every_report_names_the_document_not_read(folder: Path, suffix: str) -> None:
    target = folder.parent / f"report.{suffix}"
    code, _, _ = _check(folder, "--report", str(target))
    assert code == 2
    written = target.read_text(encoding="utf-8")
    if suffix == "json":
        documents = json.loads(written)["documents"]
        errors = {Path(d["source"]).name: d["error"] for d in documents}
        assert errors["list.txt"] is None
        assert "not UTF-8" in errors["scan.txt"]
        assert json.loads(written)["schema_version"] == "1.3"
    else:
        assert "scan.txt (not read)" in written
        assert "Not read:" in written


def test_a_batch_that_reads_everything_keeps_its_usual_exit_code(folder: Path) -> None:
    (folder / "scan.txt").unlink()
    code, _, err = _check(folder)
    assert code == 0, err
    assert "not read" not in err


def test_a_folders_documents_in_formats_not_read_are_named(folder: Path) -> None:
    (folder / "scan.txt").unlink()
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (folder / "draft.odt").write_bytes(b"PK\x03\x04 an OpenDocument file")
    code, _, err = _check(folder)
    assert code == 2
    assert "draft.odt is an OpenDocument text (.odt) file" in err
    assert "old.doc is a Word 97-2003 (.doc) file" in err
    assert "3 document(s), 2 not read" in err
