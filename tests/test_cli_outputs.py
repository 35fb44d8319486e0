"""Commands never write over their own input, and every command reads a .bib file as
BibTeX entries. Records: examples/jam-and-justice.crossref.jsonl."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from refenrich.cli import main

from .conftest import EXAMPLE_RECORDS

BIB = """@string{jcg = "Journal of Chinese Governance"}

@article{tyrannies,
  author = {Richardson, Liz and Durose, Catherine and Perry, Beth},
  title = {Three tyrannies of participatory governance},
  journal = jcg,
  year = {2019},
}
"""
SOURCE = ["--index", str(EXAMPLE_RECORDS), "--offline"]


def _main(command: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(command, environ={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "command",
    [["bibtex"], ["export", "--format", "ris"], ["export", "--format", "biblatex"]],
)
def test_output_over_the_input_is_refused(tmp_path: Path, command: list[str]) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(BIB, encoding="utf-8")
    same = tmp_path / "." / "refs.bib"
    code, _, err = _main([command[0], str(source), *command[1:], *SOURCE, "-o", str(same)])
    assert code == 2
    assert "-o names the input file" in err
    assert source.read_text(encoding="utf-8") == BIB


@pytest.mark.parametrize("command", ["parse", "resolve"])
def test_parse_and_resolve_read_a_bib_file_as_entries(tmp_path: Path, command: str) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(BIB, encoding="utf-8")
    extra = SOURCE if command == "resolve" else []
    code, out, err = _main([command, str(source), *extra])
    assert code == 0, err
    [row] = [json.loads(line) for line in out.splitlines()]
    if command == "parse":
        assert row["key"] == "tyrannies"
        assert row["container_title"] == "Journal of Chinese Governance"
    else:
        assert row["doi"] == "10.1080/23812346.2019.1595912"


def test_no_cache_and_refresh_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "refs.txt"
    source.write_text("Smith, J. (2010) A book. London: Routledge.\n", encoding="utf-8")
    code, _, _ = _main(["check", str(source), "--no-cache", "--refresh", *SOURCE])
    assert code == 2
    assert "not allowed with argument" in capsys.readouterr().err  # argparse's own message


@pytest.mark.parametrize(("name", "code"), [("t.xlsx", 2), ("T.JSONL", 0)])
def test_ref_summary_output_by_suffix(tmp_path: Path, name: str, code: int) -> None:
    source = tmp_path / "case.txt"
    source.write_text("3. References to the research\n\n1. Smith, J. (2010) A book.\n")
    target = tmp_path / name
    result, _, err = _main(["ref-summary", str(source), *SOURCE, "-o", str(target)])
    assert result == code, err
    if code == 0:
        assert json.loads(target.read_text(encoding="utf-8"))["source"] == str(source)
    else:
        assert "not a spreadsheet file" in err


def test_a_report_that_cannot_be_written_is_refused_before_the_check(tmp_path: Path) -> None:
    source = tmp_path / "refs.txt"
    source.write_text("Smith, J. (2010) A book. London: Routledge.\n", encoding="utf-8")
    for target, says in (
        (tmp_path / "no" / "r.html", "does not exist"),
        (tmp_path / "r.pdf", "name it"),
    ):
        code, out, err = _main(["check", str(source), *SOURCE, "--report", str(target)])
        assert code == 2
        assert says in err
        assert out == ""  # nothing was checked
