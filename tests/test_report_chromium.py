"""The HTML report as a user sees it: rendered by headless Chromium to a PNG.

Skips cleanly when Chromium is not installed (CI installs Debian's ``chromium``).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from refenrich.export.report import write_report
from refenrich.sources.records import RecordsSource

from .conftest import EXAMPLE_RECORDS
from .test_reports import hostile_report

BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)


def _png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    """Width, height and (roughly) how many distinct colours a PNG's first rows hold."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat = b""
    position = 8
    while position < len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            idat += data[position + 8 : position + 8 + length]
        position += 12 + length
    raw = zlib.decompressobj().decompress(idat, 4 * width * 400 + 400)
    return width, height, len(set(raw))


def _screenshot(page: Path, png: Path, profile: Path) -> None:
    assert BROWSER is not None
    subprocess.run(
        [
            BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={png}",
            "--window-size=1200,1600", page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed")
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    from refenrich.check import check_references
    from refenrich.models import Reference

    references = [
        Reference(raw="A reference with a DOI", doi="10.1111/gove.12365"),
        Reference(raw="Another", doi="10.1080/23812346.2019.1595912"),
    ]
    checked = check_references(references, RecordsSource.from_path(EXAMPLE_RECORDS), name="doc")
    page = tmp_path / "report.html"
    write_report(page, [checked, hostile_report()])
    png = tmp_path / "report.png"
    _screenshot(page, png, tmp_path / "profile")
    data = png.read_bytes()
    width, height, distinct = _png_size_and_colours(data)
    assert (width, height) == (1200, 1600)
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes
    assert distinct > 10  # text, badges and colour-coded borders, not a flat fill
