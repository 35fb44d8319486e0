"""The command line as a user meets it: output, JSON shape and exit codes.

Records come from examples/ (hand-written from public facts) through --index/--offline,
or from a closed port on 127.0.0.1 to show a failing network. Nothing leaves the machine.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from refenrich.cli import main

from .conftest import EXAMPLE_DOCUMENT, EXAMPLE_RECORDS

OFFLINE = ["--index", str(EXAMPLE_RECORDS), "--offline"]
CLEAN_LIST = (
    "Richardson, L., Durose, C. and Perry, B. (2019) ‘Three Tyrannies of Participatory Governance’, "
    "Journal of Chinese Governance, 4(2): 123-143. https://doi.org/10.1080/23812346.2019.1595912\n"
)


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    try:
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        code = main(args, environ={}, stdout=out, stderr=err)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_check_example_text(example_text: str) -> None:
    code, out, _ = run(["check", str(EXAMPLE_DOCUMENT), *OFFLINE])
    assert code == 1  # the review DOI is named under a wrong journal title
    assert "REF impact case study" in out
    assert "5 references" in out
    assert "appeared in Political Studies Review, not in Political Studies." in out
    assert "2018 is the online-first year; the issue is dated 2019." in out
    assert "Summary: 5 checked, 4 verified, 0 with warnings, 1 with errors, 0 not found" in out


def test_check_jsonl_shape(example_text: str) -> None:
    code, out, err = run(["check", str(EXAMPLE_DOCUMENT), *OFFLINE, "--format", "jsonl"])
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    # A case study's own findings (REF rules) follow its references as one object.
    documents = [row for row in rows if row.get("kind") == "document"]
    assert len(documents) == 1
    assert "raw" not in documents[0]
    assert rows[-1] is documents[0]
    rows = rows[:-1]
    assert len(rows) == 5
    for row in rows:
        assert {"raw", "status", "doi", "work", "findings"} <= set(row)
        assert row["status"] in {
            "verified",
            "warning",
            "error",
            "not_found",
            "unresolved",
            "failed",
        }
        for finding in row["findings"]:
            assert set(finding) == {"code", "field", "severity", "claimed", "actual", "message"}
            assert finding["field"] in {
                "authors",
                "year",
                "title",
                "venue",
                "volume",
                "issue",
                "pages",
                "doi",
            }
            assert finding["severity"] in {"error", "warning", "info"}
    assert rows[4]["work"]["container_title"] == "Governance"
    assert rows[4]["work"]["published_online"] == {"year": 2018, "month": 10, "day": 2}
    assert "Summary:" in err


def test_clean_list_from_stdin_exits_zero() -> None:
    code, out, _ = run(["check", "-", "--lines", *OFFLINE], stdin=CLEAN_LIST)
    assert code == 0
    assert "verified" in out


def test_fail_on_error_ignores_warnings() -> None:
    wrong_year = CLEAN_LIST.replace("(2019)", "(2020)")
    assert run(["check", "-", "--lines", *OFFLINE], stdin=wrong_year)[0] == 1
    assert run(["check", "-", "--lines", *OFFLINE, "--fail-on", "error"], stdin=wrong_year)[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/file.txt", *OFFLINE], "no such file"),
        # a directory is a batch (refenrich.batch); this one holds no documents
        (["check", "src/refenrich/crossref", *OFFLINE], "no documents found"),
        (["check", "-", "--offline"], "--offline needs --index"),
    ],
)
def test_input_errors_exit_two(args: list[str], message: str) -> None:
    code, _, err = run(args, stdin="")
    assert code == 2
    assert message in err


def test_binary_input_exits_two(tmp_path: Path) -> None:
    path = tmp_path / "file.pdf"
    path.write_bytes(b"%PDF-1.7\n\xff\xfe\x00binary")
    code, _, err = run(["check", str(path), *OFFLINE])
    assert (code, "not a readable PDF" in err) == (2, True)  # PDFs are read since issue 9


def test_bad_option_exits_two() -> None:
    assert run(["check", "--format", "xml", "-"])[0] == 2
    assert run([])[0] == 2


def test_unreachable_crossref_fails_fast_with_exit_three() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    code, out, err = run(["check", "-", "--lines", "--crossref-url", url], stdin=CLEAN_LIST * 3)
    assert code == 3
    assert "lookup failed" in out
    assert "could not connect to Crossref" in err
    assert "--index FILE --offline" in err


def test_control_characters_never_reach_the_terminal() -> None:
    hostile = "Evil, A. (2019) ‘\x1b[2J\x1b]0;owned\x07Title’, Journal, 1: 1-2. doi:10.1080/23812346.2019.1595912\n"
    _, out, _ = run(["check", "-", "--lines", *OFFLINE], stdin=hostile)
    assert "\x1b" not in out
    assert "\x07" not in out


def test_parse_jsonl() -> None:
    code, out, _ = run(["parse", "-", "--lines"], stdin=CLEAN_LIST)
    assert code == 0
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["raw"] == CLEAN_LIST.strip()
    assert row["authors"][0] == {"family": "Richardson", "given": "L."}
    assert (row["year"], row["volume"], row["issue"], row["pages"]) == (2019, "4", "2", "123-143")
    assert row["container_title"] == "Journal of Chinese Governance"
    assert row["doi"] == "10.1080/23812346.2019.1595912"


def test_installed_entry_point_reports_version() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "refenrich.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("refenrich ")


def test_bibtex_for_the_example(tmp_path: Path, example_text: str) -> None:
    output = tmp_path / "refs.bib"
    code, _, err = run(["bibtex", str(EXAMPLE_DOCUMENT), *OFFLINE, "-o", str(output)])
    assert code == 0
    bib = output.read_text(encoding="utf-8")
    assert bib.count("\n@") + bib.startswith("@") == 5
    # the first output is the book, not the review its DOI identifies
    assert bib.startswith("@book{durose2016designing,")
    assert "Reviewed in Political Studies Review, doi:10.1177/1478929917716890" in bib
    assert "Reviewed in Political Studies," not in bib
    # the Governance article carries its issue's year, and a -- page range
    assert "@article{richardson2019why," in bib
    assert "pages = {159--176}" in bib
    assert "wrote 5 entries" in err


def test_a_broken_bib_block_is_reported_once_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{ok, author={Durose, Catherine and Richardson, Liz and Perry, Beth},"
        " title={Craft metrics to value co-production}, journal={Nature}, year={2018}}\n"
        "@article{broken, title={Unclosed\n",
        encoding="utf-8",
    )
    code, out, _ = run(["check", str(bib), *OFFLINE])
    warnings = capsys.readouterr().err
    assert code in (0, 1)
    assert "1 checked" in out  # the good entry is still checked
    assert warnings.count("could not be parsed") == 1
    assert "(@article{broken, title={Unclosed): Unexpectedly reached end of file." in warnings
    assert "Parsing of" not in warnings  # bibtexparser's own log line is not repeated
