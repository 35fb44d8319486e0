"""Standard input is read as a file is, and a reader that goes away ends the run quietly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from refenrich.cli import _read_input, main
from refenrich.errors import InputError

REFERENCE = "Durose, C. and Richardson, L. (2016) Designing Public Policy for Co-production."


def _stdin(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")


def test_text_that_is_not_utf8_on_stdin_is_an_input_error() -> None:
    with pytest.raises(
        InputError, match=r"standard input is not UTF-8 text.*byte 0xE9 on line 1 \(offset 20\)"
    ):
        _read_input("-", _stdin("Smith, J. (2010) Caf\u00e9 society.".encode("latin-1")))


def test_utf16_and_utf8_with_a_mark_on_stdin_are_read() -> None:
    assert _read_input("-", _stdin(REFERENCE.encode("utf-16"))) == REFERENCE
    assert _read_input("-", _stdin(REFERENCE.encode("utf-8-sig"))) == REFERENCE


def test_a_pdf_piped_in_is_read_as_pdf() -> None:
    with pytest.raises(InputError, match="standard input is not a readable PDF"):
        _read_input("-", _stdin(b"%PDF-1.7\nnot really a PDF"))


def test_a_text_stream_without_bytes_is_taken_as_it_is() -> None:
    assert _read_input("-", io.StringIO(REFERENCE)) == REFERENCE


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    source = tmp_path / "refs.txt"
    source.write_text(REFERENCE + "\n", encoding="utf-8")
    err = io.StringIO()
    code = main(["parse", str(source)], environ={}, stdout=_ClosedPipe(), stderr=err)
    assert code == 141
    assert err.getvalue() == ""


def test_output_in_a_code_page_without_the_marks_does_not_fail(tmp_path: Path) -> None:
    from .conftest import EXAMPLE_RECORDS

    source = tmp_path / "refs.txt"
    source.write_text(
        "Richardson, L., Durose, C. and Perry, B. (2019) 'Three tyrannies of participatory "
        "governance', Journal of Chinese Governance, 4(2), pp. 123-143.\n",
        encoding="utf-8",
    )
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="cp1252")  # Windows' redirected output
    command = ["check", str(source), "--index", str(EXAMPLE_RECORDS), "--offline"]
    assert main(command, environ={}, stdout=out, stderr=io.StringIO()) == 0
    out.flush()
    assert b"? verified" in raw.getvalue()
