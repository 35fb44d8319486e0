"""Reading .bib files into references, updating them from records, and the CLI around it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import bibtexparser
import pytest

from refenrich.bibfile import looks_like_bibtex, read_bib, results_by_key, update_bib
from refenrich.check import check_references
from refenrich.cli import main
from refenrich.sources.records import RecordsSource

from .conftest import EXAMPLE_RECORDS

BIB = r"""% My references. This comment must survive.
@string{spa = "Social Policy and Administration"}

@article{hybridity,
  author = {Richardson, Liz and Durose, Catherine and Perry, Beth},
  title = {Moving Towards Hybridity in Causal Explanation: The Example of Citizen Participation},
  journal = spa,
  year = 2019,
  volume = {52},
  pages = {265--278},
  doi = {10.1111/spol.12481},
  keywords = {co-production, mine},
}

@article{craft,
  author = {Durose, C. and Richardson, L. and Perry, B.},
  title = {Craft metrics to value co-production},
  year = {2018},
  url = {https://doi.org/10.1038/d41586-018-06860-w},
}

@book{who,
  author = {{World Health Organization} and others},
  title = {A {Book} on Caf\'e \& {\"U}ber-Things},
  year = {2020},
  publisher = {WHO},
  address = {Geneva},
  isbn = {978-92-4-000000-0},
}

@incollection{chapter,
  author = {de la Fontaine, Jean and van Beethoven, Jr., Ludwig},
  title = {A Chapter},
  booktitle = {The Book},
  editor = {Smith, Anne},
  year = {1999},
  number = {3},
  pages = {1--20},
}
"""


def source() -> RecordsSource:
    return RecordsSource.from_path(EXAMPLE_RECORDS)


def test_entries_become_references() -> None:
    bib = read_bib(BIB)
    assert [e.key for e in bib.entries] == ["hybridity", "craft", "who", "chapter"]
    hybrid = bib.entries[0].reference
    assert hybrid.key == "hybridity"
    assert hybrid.type == "article"
    assert [a.family for a in hybrid.authors] == ["Richardson", "Durose", "Perry"]
    assert hybrid.authors[0].given == "Liz"
    assert hybrid.container_title == "Social Policy and Administration"  # @string resolved
    assert (hybrid.year, hybrid.volume, hybrid.pages) == (2019, "52", "265-278")
    assert hybrid.doi == "10.1111/spol.12481"
    assert "Moving Towards Hybridity" in hybrid.raw
    assert "(2019)" in hybrid.raw

    craft = bib.entries[1].reference
    assert craft.doi == "10.1038/d41586-018-06860-w"  # found in the URL

    who = bib.entries[2].reference
    assert who.type == "book"
    assert who.authors[0].literal == "World Health Organization"
    assert who.et_al is True
    assert who.title == "A Book on Café & Über-Things"  # LaTeX decoded
    assert (who.publisher, who.place, who.isbn) == ("WHO", "Geneva", "978-92-4-000000-0")

    chapter = bib.entries[3].reference
    assert chapter.type == "chapter"
    assert chapter.container_title == "The Book"
    assert chapter.issue == "3"
    assert chapter.authors[0].family == "de la Fontaine"
    assert chapter.authors[1].family == "van Beethoven, Jr."
    assert chapter.editors[0].family == "Smith"


def test_broken_blocks_are_reported_not_fatal() -> None:
    bib = read_bib("@article{ok, title={Fine}, year=2020}\n@book{bad, title = {unclosed\n")
    assert [e.key for e in bib.entries] == ["ok"]
    assert bib.failed
    assert "could not be parsed" in bib.failed[0]
    # Where, which block and why, not bibtexparser's empty exception text.
    assert "line 2" in bib.failed[0]
    assert "@book{bad" in bib.failed[0]
    assert bib.failed[0].endswith("Unexpectedly reached end of file.")


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("anything", "refs.BIB", True),
        ("\ufeff  @article{k, title={x}}", None, True),
        ("@Book(k, title={x})", "-", True),
        ("Smith, J. (2020) A paper. @ a conference.", None, False),
        ("1. Smith (2020) @article{ in the middle", "list.txt", False),
    ],
)
def test_looks_like_bibtex(text: str, name: str | None, expected: bool) -> None:
    assert looks_like_bibtex(text, name) is expected


def test_update_fills_and_corrects_keeping_everything_else() -> None:
    bib = read_bib(BIB)
    report = check_references(bib.references, source(), name="refs.bib")
    update = update_bib(BIB, results_by_key(report.results))
    updated, changes = update.text, update.changes
    assert update.skipped == []
    described = {c.describe() for c in changes}
    assert "hybridity: volume 52 -> 53" in described
    assert "craft: added journal = Nature" in described
    assert "craft: added doi = 10.1038/d41586-018-06860-w" in described
    # Untouched entries, comments and macros are kept byte for byte.
    assert updated.startswith("% My references. This comment must survive.\n@string{spa")
    assert BIB[BIB.index("@book{who") :] in updated
    library = bibtexparser.parse_string(updated)
    assert not library.failed_blocks
    entries = {e.key: {f.key: f.value for f in e.fields} for e in library.entries}
    assert list(entries) == ["hybridity", "craft", "who", "chapter"]
    assert entries["hybridity"]["volume"] == "53"
    assert entries["hybridity"]["keywords"] == "co-production, mine"  # user's field kept
    assert entries["hybridity"]["journal"] == "Social Policy and Administration"  # macro kept
    assert entries["craft"]["pages"] == "32--33"
    assert entries["craft"]["url"] == "https://doi.org/10.1038/d41586-018-06860-w"


def test_update_leaves_entries_whose_doi_is_a_review_alone() -> None:
    text = (
        "@book{designing, author = {Durose, C. and Richardson, L.}, year = {2016},\n"
        "  title = {Designing Public Policy for Co-production},\n"
        "  publisher = {Policy Press}, doi = {10.1177/1478929917716890}}\n"
    )
    report = check_references(read_bib(text).references, source())
    update = update_bib(text, results_by_key(report.results))
    assert (update.text, update.changes) == (text, [])
    assert update.skipped == [
        "designing: not updated: it is a book but its DOI identifies a journal-article"
    ]


def test_update_keeps_transliterated_fields_the_record_gives_in_another_script() -> None:
    # A Chinese journal's record with an English title but the authors and journal in
    # Chinese (made-up DOI and work); the entry gives them transliterated and translated,
    # with a wrong volume. (A record all in Chinese is "another work": left alone, R4.)
    record = {
        "DOI": "10.5555/zh.1",
        "type": "journal-article",
        "title": ["Co-production in urban governance"],
        "author": [{"given": "小明", "family": "王"}],
        "container-title": ["中国行政管理"],
        "volume": "6",
        "page": "1-5",
        "issued": {"date-parts": [[2020]]},
    }
    text = (
        "@article{wang2020, author = {Wang, Xiaoming}, year = {2020},\n"
        "  title = {Co-production in urban governance}, journal = {Chinese Public Administration},\n"
        "  volume = {7}, pages = {1--5}, doi = {10.5555/zh.1}}\n"
    )
    report = check_references(read_bib(text).references, RecordsSource([record]))
    update = update_bib(text, results_by_key(report.results))
    entry = bibtexparser.parse_string(update.text).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert fields["author"] == "Wang, Xiaoming"
    assert fields["title"] == "Co-production in urban governance"
    assert fields["journal"] == "Chinese Public Administration"
    assert fields["volume"] == "6"  # a correction in any script is still made
    assert [c.describe() for c in update.changes] == ["wang2020: volume 7 -> 6"]
    # the journal is not even compared across scripts (no venue finding to correct)
    assert update.skipped == [
        "wang2020: author not replaced: the record gives it in another script (王, 小明)",
    ]


def test_update_does_not_give_an_article_a_publisher() -> None:
    # Richardson, Durose and Dean, Governance 32(1) 159-176 (public facts); the record
    # names Wiley as publisher, which is not part of an article's citation and is no field
    # of biblatex's @article.
    text = (
        "@article{why, author = {Richardson, Liz and Durose, Catherine and Dean, Rikki},\n"
        "  title = {Why decentralize decision making? English local actors' viewpoints},\n"
        "  journal = {Governance}, year = {2019}, doi = {10.1111/gove.12365}}\n"
    )
    report = check_references(read_bib(text).references, source())
    update = update_bib(text, results_by_key(report.results))
    fields = {f.key for f in bibtexparser.parse_string(update.text).entries[0].fields}
    assert {"volume", "number", "pages"} <= fields
    assert "publisher" not in fields


def test_update_leaves_a_doi_found_nowhere_alone_when_the_text_matches_another() -> None:
    # a data deposit sharing the article's title, its DataCite DOI unknown to Crossref
    text = (
        "@misc{data2019, author = {Richardson, Liz and Durose, Catherine and Dean, Rikki},\n"
        "  title = {Why decentralize decision making? English local actors' viewpoints},\n"
        "  year = {2019}, publisher = {Zenodo}, doi = {10.5281/zenodo.2555555}}\n"
    )
    report = check_references(read_bib(text).references, source())
    update = update_bib(text, results_by_key(report.results))
    assert (update.text, update.changes) == (text, [])
    [skipped] = update.skipped
    assert "its DOI was not found" in skipped
    assert "10.1111/gove.12365" in skipped


def run(args: list[str], cwd_stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, environ={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


OFFLINE = ["--index", str(EXAMPLE_RECORDS), "--offline"]


@pytest.fixture
def bib_path(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


def test_cli_check_bib(bib_path: Path) -> None:
    code, out, _ = run(["check", str(bib_path), *OFFLINE])
    assert code == 1  # the volume is wrong
    assert "BibTeX entries: 4 references" in out
    assert "Summary: 4 checked" in out


def test_cli_check_bib_jsonl_keeps_keys(bib_path: Path) -> None:
    _, out, _ = run(["check", str(bib_path), *OFFLINE, "--format", "jsonl"])
    keys = [json.loads(line)["reference"]["key"] for line in out.splitlines()]
    assert keys[:4] == ["hybridity", "craft", "who", "chapter"]


def test_cli_bibtex_update_to_output(bib_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "fixed.bib"
    code, _, err = run(["bibtex", "--update", str(bib_path), "-o", str(target), *OFFLINE])
    assert code == 0
    assert bib_path.read_text(encoding="utf-8") == BIB  # input untouched
    assert "hybridity: volume 52 -> 53" in err
    assert "updated 2 of 4 entries" in err
    assert "volume = {53}" in target.read_text(encoding="utf-8")


def test_cli_bibtex_update_in_place_and_refusals(bib_path: Path) -> None:
    code, _, err = run(["bibtex", "--update", str(bib_path), "-o", str(bib_path), *OFFLINE])
    assert code == 2
    assert "--in-place" in err
    code, out, _ = run(["bibtex", "--update", str(bib_path), *OFFLINE])
    assert code == 0
    assert "volume = {53}" in out
    assert bib_path.read_text(encoding="utf-8") == BIB
    code, _, _ = run(["bibtex", "--update", str(bib_path), "--in-place", *OFFLINE])
    assert code == 0
    assert "volume = {53}" in bib_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csljson", "ris"])
def test_cli_export_keeps_bib_keys(bib_path: Path, fmt: str) -> None:
    code, out, _ = run(["export", str(bib_path), "--format", fmt, *OFFLINE])
    assert code == 0
    if fmt == "csljson":
        assert [item["id"] for item in json.loads(out)] == ["hybridity", "craft", "who", "chapter"]
    elif fmt == "ris":
        assert out.count("ER  -") == 4
        assert "TI  - Moving towards hybridity" in out
    else:
        assert "{hybridity," in out
        assert "{chapter," in out


def test_bibtex_that_opens_with_comment_lines_is_recognised() -> None:
    from refenrich.bibfile import looks_like_bibtex

    text = "% Encoding: UTF-8\n%\n\n@article{key, title = {A title}, year = {2019}}\n"
    assert looks_like_bibtex(text)  # on standard input there is no .bib name to go by
    assert not looks_like_bibtex("% a note\nSmith, J. (2019) A title. @ home.")


def test_concatenation_and_macros_are_evaluated_as_bibtex_does() -> None:
    text = (
        '@String{soc = "Social Policy"}\n'
        "@String{spa = soc # { and Administration}}\n"
        "@ARTICLE{Hyb2019,\n"
        '\tTitle = "Moving towards hybridity" # " in causal explanation",\n'
        "\tJournal = spa,\n\tYear = 2019, Month = jan,\n}\n"
    )
    [entry] = read_bib(text).entries
    assert entry.reference.title == "Moving towards hybridity in causal explanation"
    assert entry.reference.container_title == "Social Policy and Administration"
    assert entry.reference.year == 2019
    assert entry.fields["month"] == "jan"


def test_update_keeps_a_crlf_file_crlf(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(
        b"@article{a,\r\n  title = {Why decentralize decision making? English local actors'"
        b" viewpoints},\r\n  year = {2019},\r\n  doi = {10.1111/gove.12365}\r\n}\r\n\r\n"
        b"@misc{b,\r\n  title = {Untouched},\r\n}\r\n"
    )
    target = tmp_path / "fixed.bib"
    code, _, err = run(["bibtex", "--update", str(path), *OFFLINE, "-o", str(target)])
    assert code == 0, err
    data = target.read_bytes()
    assert b"journal" in data  # the entry was updated
    assert data.count(b"\n") == data.count(b"\r\n")


def test_update_keeps_the_entry_types_spelling_and_indentation() -> None:
    text = (
        "@ARTICLE{gov,\n\tauthor = {Richardson, Liz and Durose, Catherine and Dean, Rikki},\n"
        "\ttitle = {Why decentralize decision making? English local actors' viewpoints},\n"
        "\tyear = {2019},\n\tdoi = {10.1111/gove.12365}\n}\n"
    )
    report = check_references(read_bib(text).references, source())
    update = update_bib(text, results_by_key(report.results))
    assert update.changes  # the journal, volume, pages were added
    assert update.text.startswith("@ARTICLE{gov,\n\tauthor = ")
    assert "\n\tjournal = " in update.text
