"""Reading .txt, .pdf and .docx: running headers, page numbers, hyphenation, and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from refenrich.documents import clean_pages, dehyphenate, read_document
from refenrich.errors import InputError
from refenrich.text.section import SectionKind, find_reference_section

from .ref_fixtures import HEADER, text_pages, write_docx, write_pdf

pytest.importorskip("reportlab")
pytest.importorskip("docx")

BODY = [
    "1. Summary of the impact",
    "The recommendations of the study were adopted across the region.",
    "2. Underpinning research",
    "The team made recom-",
    "mendations on co-",
    "production in local government.",
]


def test_text_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffSmith, J. (2019) A title.\n".encode())
    assert read_document(path) == "Smith, J. (2019) A title.\n"


def test_text_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Caf\u00e9 \u2018quoted\u2019".encode("cp1252"))
    with pytest.raises(
        InputError, match=r"not UTF-8 text.*byte 0xE9 on line 1 \(offset 3\) is not UTF-8"
    ):
        read_document(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_its_mark_is_read(tmp_path: Path, encoding: str) -> None:
    # What Windows editors save as "Unicode": UTF-16 with a byte-order mark.
    text = "Gr\u00f6ber, J. (2019) \u2018A title\u2019. Journal 1: 1\u20139.\n"
    path = tmp_path / "a.txt"
    data = text.encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    assert read_document(path) == text


def test_broken_utf16_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xff\xfe\x00abc\x91")  # odd length after the mark
    with pytest.raises(InputError, match="starts like UTF-16 text but is not"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "none.pdf")


def test_pdf_headers_footers_and_hyphenation(tmp_path: Path) -> None:
    pages = [
        [f"Body line {n}a of this page.", *BODY, f"Closing line of page {n}, unique {n * 7}."]
        if n == 0
        else [
            f"{word.title()} text on page {n}."
            for word in (("alpha", "beta"), ("gamma", "delta"))[n - 1]
        ]
        for n in range(3)
    ]
    text = read_document(write_pdf(tmp_path / "cs.pdf", pages))
    # the header stays once, at the top (it may name the exercise), and nowhere else
    assert text.startswith(HEADER + "\n")
    assert text.count(HEADER) == 1
    assert "Page 1" not in text
    assert "Page 3" not in text
    # "recommendations" appears unbroken elsewhere, so the hyphen goes; "co-production"
    # keeps its hyphen (a prefix that usually keeps it).
    assert "The team made recommendations\non co-production\nin local government." in text
    assert "Delta text on page 2." in text
    assert "Closing line of page 0" in text
    assert "Alpha text on page 1." in text


def test_pdf_single_page_keeps_body(tmp_path: Path) -> None:
    # One page: nothing repeats, but a bare "Page 1" footer is still a page number.
    text = read_document(write_pdf(tmp_path / "one.pdf", [BODY], header=None))
    assert "Page 1" not in text
    assert "Summary of the impact" in text


def test_pdf_reference_split_over_pages_is_one_reference(tmp_path: Path) -> None:
    lines = [
        "3. References to the research",
        "1. Smith, J. and Jones, K. (2019) 'A study of things', Journal of",
    ]
    second = [
        "Studies, 4(2): 1-10. https://doi.org/10.5555/abc.1",
        "2. Evans, S. (2018) 'Another study', Policy and Politics, 3: 5-9.",
        "4. Details of the impact",
        "Text.",
    ]
    text = read_document(write_pdf(tmp_path / "refs.pdf", [lines, second]))
    section = find_reference_section(text)
    assert section.kind is SectionKind.REF_CASE_STUDY
    from refenrich.text.split import split_references

    entries = split_references(section.text)
    assert len(entries) == 2
    assert "Journal of Studies, 4(2)" in entries[0]
    assert "Page" not in entries[0]
    assert HEADER not in entries[0]


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(tmp_path / "plain.pdf", [BODY])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError, match="encrypted"):
        read_document(locked)


def test_pdf_encrypted_with_empty_password_is_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(tmp_path / "plain.pdf", [BODY])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "open.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert "Summary of the impact" in read_document(path)


def test_scanned_pdf_has_no_text(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.rect(50, 50, 400, 600, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(InputError, match="no text layer"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bad.pdf", b"%PDF-1.7\n\xff\xfe garbage"),
        ("bad.pdf", b""),
        ("bad.docx", b"PK\x03\x04 not really a zip"),
        ("bad.docx", b"plain text"),
    ],
)
def test_corrupt_files(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError):
        read_document(path)


def test_old_word_format(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match=r"\.doc"):
        read_document(path)


def test_docx_table_and_automatic_numbering(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Institution: University of Example",
            "Unit of Assessment: 20 - Social Work and Social Policy",
            "Title of case study: Better buses",
            "3. References to the research",
            "Outputs:",
            "1. Smith, J. (2019) 'A study', Journal of Studies, 4(2): 1-10.",
            "2. Evans, S. (2018) 'Another', Policy and Politics, 3: 5-9.",
            "",
            "4. Details of the impact",
        ]
    )
    read = read_document(write_docx(tmp_path / "cs.docx", text))
    assert "Institution: University of Example" in read
    assert "Unit of Assessment: 20 - Social Work and Social Policy" in read
    assert "1. Smith, J. (2019)" in read
    assert "2. Evans, S. (2018)" in read


def test_clean_pages_page_number_styles() -> None:
    pages = [
        f"Header text\n{word} starts\nthe {word} page\n{word} ends\n- {n} -"
        for n, word in enumerate(("one", "two", "three"), 1)
    ]
    assert clean_pages(pages) == (
        "Header text\none starts\nthe one page\none ends\ntwo starts\nthe two page\ntwo ends\n"
        "three starts\nthe three page\nthree ends\n"
    )
    assert clean_pages(["a\n3 of 5", "b\nPage 4 of 5"]) == "a\nb\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a recom-\nmendation", "a recommendation\n"),
        ("well-\nknown and well-known", "well-known\nand well-known"),
        ("see https://doi.org/10.1/ab-\ncd", "see https://doi.org/10.1/ab-\ncd"),
        ("soft\u00ad\nhyphen", "softhyphen"),
        ("Section 4-\n5 of", "Section 4-\n5 of"),
    ],
)
def test_dehyphenate(text: str, expected: str) -> None:
    assert dehyphenate(text) == expected


def test_pdf_pages_per_second_is_reasonable(tmp_path: Path) -> None:
    import time

    pages = text_pages("\n".join(f"Line {i} of a long case study body." for i in range(900)))
    path = write_pdf(tmp_path / "long.pdf", pages)
    started = time.perf_counter()
    read_document(path)
    elapsed = time.perf_counter() - started
    assert len(pages) / elapsed >= 20  # the target; measured in benchmarks/ref_bench.py


def test_reference_lines_alike_but_for_their_digits_are_not_running_headers() -> None:
    # Each page starts and ends with the tail of a reference from the same journal: with
    # digits made generic they read alike, but more than one number differs.
    pages = [
        f"{n}-{n + 19}. https://doi.org/10.5555/test.{n}\n"
        f"Smith{n}, A. (20{n:02d}) A study {n}. Journal of Tests, {n}(1),\n"
        f"Jones{n}, B. (20{n:02d}) Another study {n}. Journal of Tests, {n + 1}(1),\n"
        f"{n + 1}-{n + 20}. https://doi.org/10.5555/test.{n + 1}\n"
        f"Page {n // 10} of 4\n"
        for n in (10, 20, 30, 40)
    ]
    text = clean_pages(pages)
    for n in (10, 20, 30, 40):
        assert f"https://doi.org/10.5555/test.{n}\n" in text
    assert "Page" not in text  # the footer, whose page number alone varies, is gone


def test_the_running_header_that_names_the_exercise_still_names_it(tmp_path: Path) -> None:
    from refenrich.ref.profile import infer_profile

    pages = [[f"Line {n} of the case study, page {n}."] for n in range(4)]
    text = read_document(write_pdf(tmp_path / "cs.pdf", pages, header="Impact case study (REF3b)"))
    profile, named = infer_profile(text)
    assert named
    assert profile.id == "ref2014"


def test_classic_mac_line_ends_and_utf16_without_its_mark(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_bytes(b"References\rSmith, J. (2010) A book. London: Routledge.\r")
    assert read_document(path) == "References\nSmith, J. (2010) A book. London: Routledge.\n"
    path.write_bytes("References\nSmith, J. (2010) A book.\n".encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark"):
        read_document(path)


def test_docx_text_in_content_controls_and_tracked_changes(tmp_path: Path) -> None:
    """Word's Bibliography block and Mendeley/Zotero lists sit in a content control
    (w:sdt); a reference added with Track Changes on sits in w:ins; a deleted word in
    w:del is not part of the text."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_paragraph("A paper about co-production in local government.")
    document.add_paragraph("References")
    body = document.element.body
    sdt = parse_xml(
        f"<w:sdt {w}><w:sdtPr><w:tag w:val='MENDELEY_BIBLIOGRAPHY'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Durose, C. (2016) Designing Public Policy. Bristol: Policy Press.</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>"
    )
    tracked = parse_xml(
        f"<w:p {w}><w:ins w:id='1' w:author='A'><w:r><w:t xml:space='preserve'>Perry, B. "
        "(2018) Craft metrics.</w:t></w:r></w:ins><w:del w:id='2' w:author='A'><w:r>"
        "<w:delText> Withdrawn.</w:delText></w:r></w:del><w:fldSimple w:instr='HYPERLINK'>"
        "<w:r><w:t xml:space='preserve'> https://doi.org/10.1038/d41586-018-06860-w</w:t>"
        "</w:r></w:fldSimple></w:p>"
    )
    sectpr = body[-1]
    sectpr.addprevious(sdt)
    sectpr.addprevious(tracked)
    path = tmp_path / "paper.docx"
    document.save(str(path))
    text = read_document(path)
    assert "Durose, C. (2016) Designing Public Policy. Bristol: Policy Press.\n" in text
    assert "Perry, B. (2018) Craft metrics. https://doi.org/10.1038/d41586-018-06860-w" in text
    assert "Withdrawn" not in text


def _with_footnotes(path: Path, notes: list[str]) -> None:
    """Add a footnotes part holding ``notes`` to the .docx at ``path`` (python-docx
    writes none)."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        "</w:footnote>"
        for n, text in enumerate(notes, start=1)
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:footnote>{body}</w:footnotes>"
    )
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    files["word/footnotes.xml"] = footnotes.encode()
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)


def test_docx_footnotes_are_the_list_when_the_body_has_none(tmp_path: Path) -> None:
    import docx

    notes = [
        "Durose, C. and Richardson, L. (2016) Designing Public Policy. Bristol: Policy Press.",
        "Perry, B. (2018) Craft metrics. Nature, 562, 32-33.",
    ]
    document = docx.Document()
    document.add_paragraph("An essay on co-production, citing its sources in footnotes.")
    path = tmp_path / "essay.docx"
    document.save(str(path))
    _with_footnotes(path, notes)
    text = read_document(path)
    section = find_reference_section(text)
    assert section.heading == "Footnotes"
    assert [line for line in section.text.splitlines() if line.strip()] == [
        f"{n}. {note}" for n, note in enumerate(notes, start=1)
    ]
    # with a reference list in the body, the footnotes are left out
    document.add_paragraph("References")
    document.add_paragraph(notes[0])
    document.save(str(path))
    _with_footnotes(path, notes)
    assert "Footnotes" not in read_document(path)
