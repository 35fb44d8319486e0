"""Start-up: what a command imports before doing its work (no timing: module lists only).

Every ``refenrich`` command pays for the imports of what it touches; these tests keep the
heavy libraries out of the paths that do not use them, and the lazy package namespace
behaving as the eager one did.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE_RECORDS

_HEAVY = ("pydantic", "httpx", "rich", "asyncio", "sqlite3", "tenacity", "bibtexparser")


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(completed.stdout.splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules]


def test_import_refenrich_loads_no_heavy_library() -> None:
    modules = _modules_after("import refenrich")
    assert _loaded(modules, _HEAVY) == []
    assert {m for m in modules if m.startswith("refenrich")} == {
        "refenrich",
        "refenrich._lazy",
        "refenrich._version",
    }


def test_version_loads_next_to_nothing() -> None:
    modules = _modules_after("from refenrich.cli import main\nmain(['--version'])")
    assert _loaded(modules, (*_HEAVY, "refenrich.models", "refenrich.check")) == []


# A reference written from the public record of the article (Richardson, Governance 32(1),
# 2019) that examples/jam-and-justice.crossref.jsonl holds.
_REFERENCE = (
    "Richardson, L. (2019) Why decentralize decision making? Governance, 32, 159-176. "
    "doi:10.1111/gove.12365\n"
)


def _command_modules(command: list[str], tmp_path: Path) -> set[str]:
    """The modules after ``refenrich COMMAND`` on :data:`_REFERENCE`; it must have read it."""
    references = tmp_path / "refs.txt"
    references.write_text(_REFERENCE, encoding="utf-8")
    code = f"""
import io
from refenrich.cli import main
out = io.StringIO()
main({[*command[:1], str(references), *command[1:]]!r}, stdout=out)
assert "10.1111/gove.12365" in out.getvalue(), out.getvalue()
"""
    return _modules_after(code)


def test_offline_check_makes_no_client_and_skips_the_batch_machinery(tmp_path: Path) -> None:
    modules = _command_modules(["check", "--index", str(EXAMPLE_RECORDS), "--offline"], tmp_path)
    assert "refenrich.resolve" in modules
    unused = ("httpx", "tenacity", "rich", "refenrich.crossref.client", "refenrich.batch")
    assert _loaded(modules, unused) == []


def test_parse_loads_no_network_library(tmp_path: Path) -> None:
    modules = _command_modules(["parse"], tmp_path)
    assert "refenrich.text.parse" in modules
    assert _loaded(modules, ("httpx", "tenacity", "rich", "refenrich.crossref.client")) == []


def test_names_load_on_first_use_and_match_their_modules() -> None:
    code = """
import refenrich
from refenrich import Work, check, parse_reference
import refenrich.check, refenrich.compare, refenrich.models, refenrich.text.parse
assert Work is refenrich.models.Work and parse_reference is refenrich.text.parse.parse_reference
assert check is refenrich.check and callable(refenrich.check) and callable(refenrich.compare)
"""
    _modules_after(code)


def test_functions_named_like_their_modules_survive_the_module_import() -> None:
    # refenrich.check and refenrich.compare are both submodules and functions: importing
    # the submodule first (as the command does) must not leave the module in their place.
    code = """
import refenrich.check, refenrich.compare
import refenrich
from refenrich import check, compare
assert callable(check) and callable(compare) and check is refenrich.check
assert check.__module__ == "refenrich.check" and compare.__module__ == "refenrich.compare"
"""
    _modules_after(code)


def test_unknown_name_is_an_attribute_error() -> None:
    import refenrich

    with pytest.raises(AttributeError, match="no_such_name"):
        _ = refenrich.no_such_name  # type: ignore[attr-defined]
    assert "Work" in dir(refenrich)


def test_every_lazy_name_is_public_and_every_public_name_is_lazy() -> None:
    import refenrich

    assert set(vars(refenrich)["_HOME_OF"]) == set(refenrich.__all__) - {"__version__"}
