"""Output files are written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from refenrich.errors import InputError
from refenrich.files import write_text_file


def test_text_is_written_exactly_and_permissions_kept(tmp_path: Path) -> None:
    target = tmp_path / "refs.ris"
    target.write_text("old")
    os.chmod(target, 0o600)
    write_text_file(target, "TY  - JOUR\r\nER  - \r\n")
    assert target.read_bytes() == b"TY  - JOUR\r\nER  - \r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["refs.ris"]  # no temporary left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("@article{kept, title = {Old}}\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_file(target, "@article{new, title = {\udce9}}\n")  # cannot be encoded
    assert target.read_text(encoding="utf-8") == "@article{kept, title = {Old}}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_a_place_that_cannot_be_written_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        write_text_file(tmp_path / "missing" / "out.bib", "x")
