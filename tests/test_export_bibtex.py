"""BibTeX/biblatex export: table tests, a hypothesis property, a real LaTeX+BibTeX run and
a bibtexparser v2 round trip. Fixtures: see export_fixtures.py (public facts + synthetic).
"""

from __future__ import annotations

import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refenrich.export import (
    citation_key,
    escape_latex,
    format_entry,
    reference_to_entry,
    to_bibtex,
    to_csl_json,
    to_ris,
    unique_keys,
    work_to_entry,
)
from refenrich.export.markup import plain_rich
from refenrich.export.records import ExportRecord, Kind, split_pages
from refenrich.models import Author, PartialDate, Reference, Status, Work, WorkUpdate
from tests.export_fixtures import (
    HOSTILE_TITLE,
    hostile_works,
    resolved,
    review_work,
    reviewed_book_reference,
    richardson_reference,
    richardson_work,
    unresolved,
)

# --- helpers -------------------------------------------------------------------------


def fields_of(entry: str) -> dict[str, str]:
    """Field name -> raw value of a single entry written by refenrich (one field a line)."""
    found = {}
    for line in entry.splitlines()[1:-1]:
        name, _, value = line.strip().partition(" = ")
        value = value.removesuffix(",")
        found[name] = value[1:-1] if value.startswith("{") else value
    return found


def entry_type_and_key(entry: str) -> tuple[str, str]:
    match = re.match(r"@(\w+)\{([^,]+),", entry)
    assert match, entry
    return match.group(1), match.group(2)


def work(**changes: object) -> Work:
    base = {"type": "journal-article", "title": "A title", "issued": PartialDate(year=2020)}
    base.update(changes)
    return Work.model_validate(base)


def braces_balance(text: str) -> bool:
    """BibTeX counts every brace, escaped or not, so that is what is checked."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# --- escaping ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flavour", "expected"),
    [
        ("50% & #1_a $5", "bibtex", r"50\% \& \#1\_a \$5"),
        ("{x}", "bibtex", r"{\textbraceleft}x{\textbraceright}"),
        ("a\\b", "bibtex", r"a{\textbackslash}b"),
        ("^~", "bibtex", r"{\textasciicircum}{\textasciitilde}"),
        ("a<b>c|d", "bibtex", r"a{\textless}b{\textgreater}c{\textbar}d"),
        ("é", "bibtex", r"{\'e}"),
        ("É", "bibtex", r"{\'E}"),
        ("ü", "bibtex", r"{\"u}"),
        ("ø Ø", "bibtex", r"{\o} {\O}"),
        ("ß", "bibtex", r"{\ss}"),
        ("ç", "bibtex", r"{\c{c}}"),
        ("š", "bibtex", r"{\v{s}}"),
        ("ő", "bibtex", r"{\H{o}}"),
        ("í", "bibtex", r"{\'\i}"),
        ("å Å", "bibtex", r"{\aa} {\AA}"),
        ("ł", "bibtex", r"{\l}"),
        ("e\u0301", "bibtex", r"{\'e}"),  # decomposed input
        ("ế", "bibtex", r"{\'{\^e}}"),  # two accents
        ("a\u00a0b", "bibtex", "a~b"),
        ("1\u20132 \u2014 \u201cq\u201d \u2018s\u2019", "bibtex", "1--2 --- ``q'' `s'"),
        ("\u03b1 \u0394", "bibtex", r"{\ensuremath{\alpha}} {\ensuremath{\Delta}}"),
        ("\u00b1 \u2264", "bibtex", r"{\ensuremath{\pm}} {\ensuremath{\leq}}"),
        ("東京", "bibtex", "東京"),  # no LaTeX spelling: kept as UTF-8
        ("é ü ø 東京", "biblatex", "é ü ø 東京"),
        ("50% {x}", "biblatex", r"50\% {\textbraceleft}x{\textbraceright}"),
    ],
)
def test_escape_latex(text: str, flavour: str, expected: str) -> None:
    assert escape_latex(text, flavour=flavour) == expected  # type: ignore[arg-type]


@given(st.text())
def test_escaped_text_has_no_control_characters(text: str) -> None:
    # An ESC or BEL from a pasted reference must not reach the .bib file (or a terminal
    # that prints it); tab and line breaks are whitespace and stay.
    for flavour in ("bibtex", "biblatex"):
        escaped = escape_latex(text, flavour=flavour)  # type: ignore[arg-type]
        assert not any(
            (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in escaped
        )


def test_escape_latex_drops_terminal_escapes() -> None:
    assert escape_latex("Esc \x1b[31mRED\x1b[0m \x07bell") == "Esc [31mRED[0m bell"


def test_bidi_overrides_are_dropped_from_every_export() -> None:
    # A right-to-left override reorders what follows it in any viewer of the file, and
    # pdflatex stops on it; marks (U+200F) that Hebrew or Arabic text needs stay.
    title = "Title \u202egnp.exe\u202c with \u2067isolate\u2069 and \u200fmark"
    record = work(title=title)
    for flavour in ("bibtex", "biblatex"):
        entry = work_to_entry(record, key="k", flavour=flavour)  # type: ignore[arg-type]
        assert fields_of(entry)["title"] == "Title gnp.exe with isolate and \u200fmark"
    result = resolved(record, Reference(raw=title))
    assert to_csl_json([result])[0]["title"] == "Title gnp.exe with isolate and \u200fmark"
    assert "TI  - Title gnp.exe with isolate and \u200fmark" in to_ris([result])


@given(st.text())
def test_escaped_text_always_balances_braces(text: str) -> None:
    for flavour in ("bibtex", "biblatex"):
        assert braces_balance(escape_latex(text, flavour=flavour))  # type: ignore[arg-type]


@given(st.text(alphabet=st.sampled_from(list("{}\\<>/ib:mlsup%&#_$^~ aZ\u00e9"))))
def test_any_title_gives_a_balanced_entry(title: str) -> None:
    entry = work_to_entry(work(title=title, authors=[Author(family=title)]), key="k")
    assert braces_balance(entry)
    assert entry.count("\n") == len(entry.splitlines())


# --- titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("DNA repair in the UK", "{DNA} repair in the {UK}"),
        ("Why decentralize? English local actors", "Why decentralize? {English} local actors"),
        ("mRNA vaccines and COVID-19", "{mRNA} vaccines and {COVID-19}"),
        ("Why Decentralize Decision Making", "Why {Decentralize} {Decision} {Making}"),
        ("The role of vitamin D", "The role of vitamin {D}"),
        ("<i>Escherichia coli</i> growth", r"\emph{Escherichia coli} growth"),
        ("CO<sub>2</sub> emissions", r"{CO}\textsubscript{2} emissions"),
        ("x<sup>2</sup>", r"x\textsuperscript{2}"),
        ("<b><i>bold italic</i></b>", r"\textbf{{\emph{bold italic}}}"),
        ("<i>%</i> of", r"\emph{{\%}} of"),  # a command-first argument gets an extra brace
        ("Tom &amp; Jerry &lt;3", r"Tom \& {Jerry} {\textless}3"),
        (
            "<mml:math><mml:msub><mml:mi>H</mml:mi><mml:mn>2</mml:mn></mml:msub></mml:math>O",
            r"H\textsubscript{2}{O}",
        ),
        (
            "a <mml:math><mml:mfrac><mml:mn>1</mml:mn><mml:mn>2</mml:mn></mml:mfrac></mml:math> b",
            "a 1/2 b",
        ),
        ("p < 0.05 and x<y>z", r"p {\textless} 0.05 and x{\textless}y{\textgreater}z"),
        # TeX math some publishers deposit: its text and scripts, never TeX passed through.
        (r"The $\alpha$-synuclein fold", r"The {\ensuremath{\alpha}}-synuclein fold"),
        (
            r"$\mathrm{H}_2\mathrm{O}$ at 10$^{-3}$ M",
            r"H\textsubscript{2}{O} at 10\textsuperscript{-3} {M}",
        ),
        (r"$\input{/etc/passwd}$ ok", "ok"),
        ("Costs of $5 and $10", r"Costs of \$5 and \$10"),
        ("<jats:italic>In vitro</jats:italic>", r"\emph{In vitro}"),
        ("  spaced\n\tout  ", "spaced out"),
    ],
)
def test_title_rendering(title: str, expected: str) -> None:
    assert fields_of(work_to_entry(work(title=title), key="k"))["title"] == expected


def test_title_with_subtitle_joined() -> None:
    entry = work_to_entry(work(title="Main", subtitle="the sub"), key="k")
    assert fields_of(entry)["title"] == "Main: the sub"


def test_biblatex_keeps_utf8_and_protects_capitals() -> None:
    entry = work_to_entry(work(title="Études sur Zürich"), key="k", flavour="biblatex")
    assert fields_of(entry)["title"] == "Études sur {Zürich}"


# --- keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "year", "title", "pattern", "expected"),
    [
        ([Author(family="Richardson")], 2019, "Three Body Problem", None, "richardson2019three"),
        (
            [Author(family="Richardson")],
            2019,
            "The Three-Body Problem",
            None,
            "richardson2019three",
        ),
        ([Author(family="Ørsted")], 2001, "Über die Physik", None, "orsted2001uber"),
        (
            [Author(family="Müller-Lüdenscheidt")],
            2001,
            "Straße",
            None,
            "mullerludenscheidt2001strasse",
        ),
        ([Author(literal="World Health Organization")], 2020, "Report", None, "who2020report"),
        ([Author(literal="Zenodo")], 2020, "Data", None, "zenodo2020data"),
        ([], 2020, "Anonymous work", None, "anon2020anonymous"),
        ([Author(family="Doe")], None, "A 25-year study", None, "doendyear"),
        ([Author(family="Doe")], 2020, None, None, "doe2020"),
        # other scripts are transliterated (anyascii)
        ([Author(family="王")], 2020, "中文 title", None, "wang2020zhongwen"),
        ([Author(family="Иванова")], 2018, "Исследование графов", None, "ivanova2018issledovanie"),
        # a first author with no letters at all is "anon", never the next author
        ([Author(family="?"), Author(family="Kim")], 2020, "Growth", None, "anon2020growth"),
        (
            [Author(family="A"), Author(family="B"), Author(family="C")],
            2020,
            "On the origin",
            "{authors}:{year}:{shorttitle}",
            "aetal:2020:origin",
        ),
        ([Author(family="A"), Author(family="B")], 2020, "X", "{authors}{year}", "ab2020"),
        ([Author(family="Doe")], 2020, "X", "ref-{author} {year}!", "ref-doe2020"),
    ],
)
def test_citation_key(
    authors: list[Author], year: int | None, title: str | None, pattern: str | None, expected: str
) -> None:
    kwargs = {"pattern": pattern} if pattern else {}
    assert citation_key(authors, year, title, **kwargs) == expected


@pytest.mark.parametrize("pattern", ["{nope}", "{year:>5}", "{author!r}"])
def test_citation_key_rejects_bad_patterns(pattern: str) -> None:
    with pytest.raises(ValueError, match="placeholder"):
        citation_key([Author(family="Doe")], 2020, "X", pattern=pattern)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["a", "b"], ["a", "b"]),
        (["x", "x", "x"], ["x", "xa", "xb"]),
        (["x", "x", "xa"], ["x", "xb", "xa"]),  # never steal a key used bare
        (["x"] * 28, ["x", *(f"x{c}" for c in string.ascii_lowercase), "xaa"]),
    ],
)
def test_unique_keys(keys: list[str], expected: list[str]) -> None:
    assert unique_keys(keys) == expected


def test_colliding_keys_in_a_file_are_suffixed_deterministically() -> None:
    results = [resolved(richardson_work(), index=i) for i in range(3)]
    keys = [entry_type_and_key(e)[1] for e in to_bibtex(results).split("\n\n")]
    assert keys == ["richardson2019why", "richardson2019whya", "richardson2019whyb"]
    assert to_bibtex(results) == to_bibtex(results)


# --- types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("crossref_type", "bibtex_type", "biblatex_type"),
    [
        ("journal-article", "article", "article"),
        ("book", "book", "book"),
        ("monograph", "book", "book"),
        ("edited-book", "book", "book"),
        ("reference-book", "book", "book"),
        ("book-chapter", "incollection", "incollection"),
        ("book-section", "incollection", "incollection"),
        ("book-part", "incollection", "incollection"),
        ("proceedings-article", "inproceedings", "inproceedings"),
        ("report", "techreport", "report"),
        ("dissertation", "phdthesis", "thesis"),
        ("posted-content", "misc", "online"),
        ("dataset", "misc", "dataset"),
        ("peer-review", "misc", "misc"),
        (None, "misc", "misc"),
    ],
)
def test_crossref_types(crossref_type: str | None, bibtex_type: str, biblatex_type: str) -> None:
    record = work(type=crossref_type)
    assert entry_type_and_key(work_to_entry(record, key="k"))[0] == bibtex_type
    assert (
        entry_type_and_key(work_to_entry(record, key="k", flavour="biblatex"))[0] == biblatex_type
    )


@pytest.mark.parametrize(
    ("reference_type", "bibtex_type"),
    [
        ("article", "article"),
        ("book", "book"),
        ("chapter", "incollection"),
        ("report", "techreport"),
        ("thesis", "phdthesis"),
        ("webpage", "misc"),
        ("dataset", "misc"),
        ("preprint", "misc"),
        ("proceedings", "inproceedings"),
        ("other", "misc"),
        (None, "misc"),
    ],
)
def test_reference_types(reference_type: str | None, bibtex_type: str) -> None:
    entry = reference_to_entry(Reference(raw="x", title="T", type=reference_type), key="k")
    assert entry_type_and_key(entry)[0] == bibtex_type


def test_biblatex_subtypes_and_fields() -> None:
    thesis = work_to_entry(work(type="dissertation", publisher="Uni"), key="k", flavour="biblatex")
    assert fields_of(thesis)["type"] == "phdthesis"
    assert fields_of(thesis)["institution"] == "Uni"
    article = fields_of(work_to_entry(richardson_work(), key="k", flavour="biblatex"))
    assert article["journaltitle"] == "Governance"
    assert article["date"] == "2019-01"
    assert "year" not in article
    assert "month" not in article


# --- pages, dates, identifiers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("159-176", ("159", "176")),
        ("159–176", ("159", "176")),
        ("159—176", ("159", "176")),
        ("159 -- 176", ("159", "176")),
        ("159\u2212176", ("159", "176")),
        ("159-76", ("159", "176")),
        ("1234-9", ("1234", "1239")),
        ("S12-S18", ("S12", "S18")),
        ("e1234", ("e1234", None)),
        ("12", ("12", None)),
        ("12-12", ("12", None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_split_pages(pages: str | None, expected: tuple[str | None, str | None]) -> None:
    assert split_pages(pages) == expected


@pytest.mark.parametrize(
    ("pages", "expected"), [("159–176", "159--176"), ("159-76", "159--176"), ("e42", "e42")]
)
def test_pages_field(pages: str, expected: str) -> None:
    assert fields_of(work_to_entry(work(pages=pages), key="k"))["pages"] == expected


def test_article_number_when_no_pages() -> None:
    assert fields_of(work_to_entry(work(article_number="e7"), key="k"))["pages"] == "e7"
    biblatex = fields_of(work_to_entry(work(article_number="e7"), key="k", flavour="biblatex"))
    assert biblatex["eid"] == "e7"


@pytest.mark.parametrize(("month", "macro"), [(1, "jan"), (5, "may"), (12, "dec")])
def test_month_is_a_macro(month: int, macro: str) -> None:
    entry = work_to_entry(work(issued=PartialDate(year=2020, month=month)), key="k")
    assert f"  month = {macro},\n" in entry


def test_doi_without_prefix_and_url_only_without_doi() -> None:
    with_doi = fields_of(
        work_to_entry(work(doi="https://doi.org/10.1111/GOVE.12365", url="https://x.org"), key="k")
    )
    assert with_doi["doi"] == "10.1111/gove.12365"
    assert "url" not in with_doi
    without = fields_of(work_to_entry(work(url="https://example.org/a b{c}"), key="k"))
    assert without["url"] == "https://example.org/a%20b%7Bc%7D"
    assert "doi" not in without


# --- authors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ([Author(family="Richardson", given="Liz")], "Richardson, Liz"),
        ([Author(family="Dean", given="R.J.")], "Dean, R. J."),
        # Crossref's run-together initials (Wakefield AJ, The Lancet 1998): two names.
        ([Author(family="Wakefield", given="AJ")], "Wakefield, A. J."),
        ([Author(family="Tolkien", given="JRR")], "Tolkien, J. R. R."),
        ([Author(family="Smith", given="JOHN")], "Smith, JOHN"),
        ([Author(family="Ng", given="Al")], "Ng, Al"),
        ([Author(family="Lévy", given="J.-P.")], r"L{\'e}vy, J.-P."),
        ([Author(literal="World Health Organization")], "{World Health Organization}"),
        ([Author(literal="Procter & Gamble")], r"{Procter \& Gamble}"),
        ([Author(family="Smith, Jr.", given="J.")], "{Smith, Jr.}, J."),
        ([Author(family="Cook and Son")], "{Cook and Son}"),
        ([Author(given="Madonna")], "{Madonna}"),
        (
            [Author(family="A", given="a"), Author(family="van der Berg", given="Jan")],
            "A, a and van der Berg, Jan",
        ),
    ],
)
def test_author_field(authors: list[Author], expected: str) -> None:
    assert fields_of(work_to_entry(work(authors=authors), key="k"))["author"] == expected


def test_many_authors_all_kept() -> None:
    authors = [Author(family=f"F{i}", given="G") for i in range(30)]
    field = fields_of(work_to_entry(work(authors=authors), key="k"))["author"]
    assert field.count(" and ") == 29
    assert "others" not in field


def test_et_al_reference_gets_and_others() -> None:
    reference = Reference(raw="x", authors=[Author(family="Doe", given="J.")], et_al=True)
    assert fields_of(reference_to_entry(reference, key="k"))["author"] == "Doe, J. and others"


def test_book_with_author_drops_editor_for_bibtex_only() -> None:
    record = work(type="book", authors=[Author(family="A")], editors=[Author(family="E")])
    assert "editor" not in fields_of(work_to_entry(record, key="k"))
    assert "editor" in fields_of(work_to_entry(record, key="k", flavour="biblatex"))


def test_edited_book_as_written_names_its_editors_once() -> None:
    # "Durose, C. and Richardson, L. (eds) (2016) Designing Public Policy for
    # Co-production. Bristol: Policy Press." (public facts): the parser gives the names as
    # authors and editors; exported as both, styles print them twice.
    names = [Author(family="Durose", given="C."), Author(family="Richardson", given="L.")]
    reference = Reference(
        raw="x",
        authors=names,
        editors=names,
        year=2016,
        type="book",
        title="Designing Public Policy for Co-production",
        publisher="Policy Press",
    )
    for flavour, entry_type in (("bibtex", "book"), ("biblatex", "collection")):
        entry = reference_to_entry(reference, key="k", flavour=flavour)  # type: ignore[arg-type]
        assert entry_type_and_key(entry)[0] == entry_type
        assert "author" not in fields_of(entry)
        assert fields_of(entry)["editor"] == "Durose, C. and Richardson, L."
    [item] = to_csl_json([unresolved(reference)])
    assert "author" not in item
    assert [name["family"] for name in item["editor"]] == ["Durose", "Richardson"]
    # A chapter's authors are not its book's editors: both stay.
    chapter = reference.model_copy(
        update={"authors": [Author(family="Perry", given="B.")], "type": "chapter"}
    )
    assert "author" in fields_of(reference_to_entry(chapter, key="k"))


# --- what is exported for a result -----------------------------------------------------


def test_resolved_result_uses_the_record() -> None:
    result = resolved(richardson_work(), richardson_reference())
    entry = to_bibtex([result])
    assert entry_type_and_key(entry) == ("article", "richardson2019why")
    assert fields_of(entry) == {
        "author": "Richardson, Liz and Durose, Catherine and Dean, Rikki John",
        "title": "Why {Decentralize} {Decision} {Making?} {English} {Local} {Actors'} {Viewpoints}",
        "journal": "Governance",
        "volume": "32",
        "number": "1",
        "pages": "159--176",
        "publisher": "Wiley",
        "year": "2019",
        "month": "jan",
        "issn": "0952-1895",
        "doi": "10.1111/gove.12365",
    }


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (Status.NOT_FOUND, "no record was found"),
        (Status.UNRESOLVED, "nothing to look it up with"),
        (Status.FAILED, "could not be completed"),
    ],
)
def test_unresolved_result_uses_the_reference_with_a_note(status: Status, reason: str) -> None:
    fields = fields_of(to_bibtex([unresolved(richardson_reference(), status)]))
    assert fields["note"].startswith("Not verified: ")
    assert reason in fields["note"]
    assert fields["year"] == "2018"
    assert fields["author"] == "Richardson, L. and Durose, C. and Dean, R. J."
    assert fields["pages"] == "159--176"


@pytest.mark.parametrize(
    "result",
    [
        pytest.param(resolved(review_work(), reviewed_book_reference()), id="resolved-to-review"),
        pytest.param(unresolved(reviewed_book_reference()), id="unresolved"),
        pytest.param(
            unresolved(reviewed_book_reference(with_doi=False), Status.UNRESOLVED), id="no-doi"
        ),
    ],
)
def test_reference_through_a_review_exports_the_book(result: object) -> None:
    entry = to_bibtex([result])  # type: ignore[list-item]
    fields = fields_of(entry)
    assert entry_type_and_key(entry) == ("book", "smith2020cities")
    assert fields["title"] == "Cities and {Power}"
    assert fields["isbn"] == "978-1-4473-0000-0"
    assert fields["publisher"] == "Policy Press"
    assert "Reviewed in Urban Studies, doi:10.1177/0042098020000000" in fields["note"]
    for review_field in ("doi", "journal", "volume", "pages"):
        assert review_field not in fields


def test_resolved_to_a_different_work_despite_review_mention_uses_the_record() -> None:
    result = resolved(richardson_work(), reviewed_book_reference())
    assert entry_type_and_key(to_bibtex([result]))[0] == "article"


def test_retraction_is_noted() -> None:
    record = work(updated_by=[WorkUpdate(type="retraction", doi="10.5555/retraction")])
    note = fields_of(work_to_entry(record, key="k"))["note"]
    assert note == "Retraction notice: doi:10.5555/retraction"


def test_empty_input_gives_empty_file() -> None:
    assert to_bibtex([]) == ""


# --- real tools ----------------------------------------------------------------------


def hostile_results() -> list[object]:
    results: list[object] = [resolved(w, index=i) for i, w in enumerate(hostile_works())]
    results += [
        resolved(richardson_work(), richardson_reference()),
        unresolved(richardson_reference(), Status.FAILED),
        unresolved(reviewed_book_reference()),
        resolved(review_work(), reviewed_book_reference()),
    ]
    return results


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300, check=False
    )


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex binary not installed")
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex binary not installed")
def test_hostile_bib_through_pdflatex_and_bibtex(tmp_path: Path) -> None:
    bib = to_bibtex(hostile_results())  # type: ignore[arg-type]
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    # Characters without a LaTeX spelling (the CJK here) stay UTF-8 by design; typesetting
    # them needs CJK fonts, so the test document maps them to a placeholder.
    leftovers = sorted({char for char in bib if ord(char) > 127})
    assert all("\u4e00" <= char <= "\u9fff" for char in leftovers), leftovers
    declarations = "".join(
        f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{?}}\n" for char in leftovers
    )
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n" + declarations + "\\begin{document}\n"
        "\\nocite{*}\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    assert _run(latex, tmp_path).returncode == 0
    bibtex = _run(["bibtex", "doc"], tmp_path)
    blg = (tmp_path / "doc.blg").read_text(errors="replace")
    assert bibtex.returncode == 0, bibtex.stdout + blg
    assert "Warning--" not in blg, blg
    assert "error message" not in blg, blg
    assert "(There w" not in bibtex.stdout, bibtex.stdout
    for _ in range(2):
        run = _run(latex, tmp_path)
        assert run.returncode == 0, run.stdout[-3000:]
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert not [line for line in log.splitlines() if line.startswith("!")]
    assert "LaTeX Warning" not in log
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem{") == len(hostile_results())
    assert "Given~24 AuthorY" in bbl  # all 25 authors kept
    assert "{English}" in bbl  # proper noun survived plain's lower-casing


def test_round_trip_through_bibtexparser() -> None:
    bibtexparser = pytest.importorskip("bibtexparser", minversion="2.0.0b1")
    middlewares = pytest.importorskip("bibtexparser.middlewares")
    results = hostile_results()
    bib = to_bibtex(results)  # type: ignore[arg-type]
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    assert len(library.entries) == len(results)
    ours = {entry_type_and_key(e)[1]: fields_of(e) for e in bib.split("\n\n")}
    for parsed in library.entries:
        assert parsed.key in ours
        assert {f.key: f.value for f in parsed.fields} == ours[parsed.key]

    decoded = bibtexparser.parse_string(
        bib,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    by_key = {entry.key: entry for entry in decoded.entries}
    richardson = by_key["richardson2019why"]
    assert richardson["title"] == richardson_work().title
    assert [n.last for n in richardson["author"]] == [["Richardson"], ["Durose"], ["Dean"]]
    hostile = by_key["obrien2021solution"]
    # pylatexenc decodes \textasciicircum to the modifier letter U+02C6.
    assert hostile["title"].replace("\\", "").replace("\u02c6", "^") == (
        HOSTILE_TITLE.replace("{", "").replace("}", "").replace("\\", "")
    )
    assert [" ".join(n.last) for n in hostile["author"]][:3] == [
        "O'Brien",
        "Müller-Lüdenscheidt",
        "Ørsted",
    ]
    assert by_key["ore2017thesis"]["school"] == "Universität Zürich"


def _every_kind_fully_filled() -> list[ExportRecord]:
    # Made-up works; the ISBN (9780262033848) and ISSN (0028-0836) are real, valid ones.
    return [
        ExportRecord(
            kind=kind,
            key=f"k{number}",
            authors=(Author(family="Okafor", given="Ana"),),
            editors=(Author(family="Lindqvist", given="Per"),),
            et_al=False,
            title=plain_rich("A Title"),
            container_title="A Container",
            volume="3",
            issue="2",
            first_page="10",
            last_page="20",
            year=2020,
            publisher="A Publisher",
            place="London",
            edition="2",
            doi="10.5555/kind.1",
            url="https://example.org/kind",
            isbn="9780262033848",
            issn="0028-0836",
            notes=("A note",),
        )
        for number, kind in enumerate(Kind)
    ]


def test_biblatex_writes_only_fields_its_data_model_defines() -> None:
    entries = [format_entry(record, flavour="biblatex") for record in _every_kind_fully_filled()]
    article = next(entry for entry in entries if entry.startswith("@article"))
    assert "publisher" not in article  # a journal's publisher is not part of the citation
    assert "journaltitle = {A Container}" in article
    preprint = next(entry for entry in entries if entry.startswith("@online"))
    assert "organization = {A Container}" in preprint  # the server or site of an @online
    assert "howpublished" not in preprint
    assert all("doi = {10.5555/kind.1}" in entry for entry in entries)


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber not installed")
def test_biber_validates_biblatex_entries_of_every_kind(tmp_path: Path) -> None:
    bib = "\n".join(
        format_entry(record, flavour="biblatex") for record in _every_kind_fully_filled()
    )
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    run = _run(["biber", "--tool", "--validate-datamodel", "refs.bib"], tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    output = run.stdout + run.stderr
    assert "WARN" not in output, output
    assert "ERROR" not in output, output


def _edited_book() -> ExportRecord:
    # Durose and Richardson (eds), Designing Public Policy for Co-production, Policy Press,
    # 2016, ISBN 9781447316701: public facts; the DOI is a made-up test DOI.
    return ExportRecord(
        kind=Kind.BOOK,
        key="durose2016designing",
        authors=(),
        editors=(
            Author(family="Durose", given="Catherine"),
            Author(family="Richardson", given="Liz"),
        ),
        et_al=False,
        title=plain_rich("Designing Public Policy for Co-production"),
        year=2016,
        publisher="Policy Press",
        place="Bristol",
        isbn="9781447316701",
        doi="10.5555/book.1",
    )


def test_edited_book_is_a_biblatex_collection() -> None:
    # biblatex's @book requires an author; with editors only it is a @collection (which
    # has no author field). BibTeX's @book takes an editor in place of the author.
    biblatex = format_entry(_edited_book(), flavour="biblatex")
    assert entry_type_and_key(biblatex) == ("collection", "durose2016designing")
    assert fields_of(biblatex)["editor"] == "Durose, Catherine and Richardson, Liz"
    assert entry_type_and_key(format_entry(_edited_book())) == ("book", "durose2016designing")
    authored = work_to_entry(work(type="edited-book", authors=[Author(family="A")]), key="k")
    assert entry_type_and_key(authored)[0] == "book"


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber not installed")
def test_biber_accepts_an_edited_book(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        format_entry(_edited_book(), flavour="biblatex"), encoding="utf-8"
    )
    run = _run(["biber", "--tool", "--validate-datamodel", "refs.bib"], tmp_path)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "WARN" not in output, output
