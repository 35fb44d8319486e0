"""Citation keys from a .bib file travel into every export (BibTeX, CSL-JSON ids, RIS ID),
from the library functions and the ``bibtex`` command alike; generated keys never take
one of them. Fixtures: export_fixtures.py (public facts of Richardson, Durose and Dean 2019).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from refenrich.cli import main
from refenrich.export import to_bibtex, to_csl_json, to_ris
from refenrich.models import CheckResult
from tests.export_fixtures import resolved, richardson_reference, richardson_work

from .conftest import EXAMPLE_RECORDS


def _result(key: str | None, index: int) -> CheckResult:
    reference = richardson_reference().model_copy(update={"key": key})
    return resolved(richardson_work(), reference, index=index)


def test_the_references_own_keys_are_kept_and_generated_ones_avoid_them() -> None:
    # the second result has no key of its own; its generated key would be the first's
    results = [_result("richardson2019why", 1), _result(None, 2), _result("dean-2019", 3)]
    bib = to_bibtex(results)
    assert [line for line in bib.splitlines() if line.startswith("@")] == [
        "@article{richardson2019why,",
        "@article{richardson2019whya,",
        "@article{dean-2019,",
    ]
    assert [item["id"] for item in to_csl_json(results)] == [
        "richardson2019why",
        "richardson2019whya",
        "dean-2019",
    ]
    assert [line[6:] for line in to_ris(results).split("\r\n") if line.startswith("ID")] == [
        "richardson2019why",
        "richardson2019whya",
        "dean-2019",
    ]


def test_a_key_bibtex_cannot_hold_is_replaced() -> None:
    bib = to_bibtex([_result("weird key, with {braces}", 1)])
    assert bib.startswith("@article{richardson2019why,")


def test_the_bibtex_command_keeps_a_bib_files_keys(tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(
        "@article{myKey2019,\n  author = {Richardson, Liz and Durose, Catherine and Perry, "
        "Beth},\n  title = {Three tyrannies of participatory governance},\n  journal = "
        "{Journal of Chinese Governance},\n  year = {2019},\n  doi = "
        "{10.1080/23812346.2019.1595912}\n}\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    command = ["bibtex", str(source), "--index", str(EXAMPLE_RECORDS), "--offline"]
    assert main(command, environ={}, stdout=out, stderr=err) == 0, err.getvalue()
    assert out.getvalue().startswith("@article{myKey2019,")
    out = io.StringIO()
    command = ["export", str(source), "--format", "csljson", "--index", str(EXAMPLE_RECORDS)]
    assert main([*command, "--offline"], environ={}, stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue())[0]["id"] == "myKey2019"
