"""Writing synthetic case studies as PDF (reportlab) and Word (python-docx) for the tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

HEADER = "Impact case study (REF3)"


def write_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    header: str | None = HEADER,
    footer: str | None = "Page {n}",
) -> Path:
    """One PDF page per item of ``pages``, each line drawn as written, with a running
    header and a numbered footer like the REF's published case studies."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 9)
        if header:
            pdf.drawString(56, height - 40, header)
        if footer:
            pdf.drawCentredString(width / 2, 30, footer.format(n=number))
        pdf.setFont("Helvetica", 10)
        y = height - 80
        for line in lines:
            pdf.drawString(56, y, line)
            y -= 13
        pdf.showPage()
    pdf.save()
    return path


def text_pages(text: str, lines_per_page: int = 45) -> list[list[str]]:
    """``text`` cut into pages of ``lines_per_page`` lines."""
    lines = text.splitlines()
    return [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]


def write_docx(path: Path, text: str, *, section_a_table: bool = True) -> Path:
    """A Word file: Section A fields in a table (as the REF template has them), the rest
    one paragraph per line; lines starting "N. " after "Outputs:" use Word's automatic
    numbering (List Number), so their numbers are not in the paragraph text."""
    import docx

    document = docx.Document()
    lines = text.splitlines()
    fields = [line for line in lines if line.split(":")[0] in _SECTION_A]
    if section_a_table and fields:
        table = document.add_table(rows=len(fields), cols=2)
        for row, line in zip(table.rows, fields, strict=True):
            label, _, value = line.partition(":")
            row.cells[0].text = label + ":"
            row.cells[1].text = value.strip()
    numbered = False
    for line in lines:
        if section_a_table and line in fields:
            continue
        if line.strip() == "Outputs:":
            numbered = True
            document.add_paragraph(line)
            continue
        if numbered and line[:1].isdigit() and ". " in line[:4]:
            document.add_paragraph(line.split(". ", 1)[1], style="List Number")
            continue
        numbered = numbered and bool(line.strip())
        document.add_paragraph(line)
    document.save(str(path))
    return path


_SECTION_A = {"Institution", "Unit of Assessment", "Title of case study"}
