"""Finding and splitting reference lists as whole documents give them: Word and PDF
layouts, lists without markers, page furniture, hyphenation, trailing REF labels."""

from __future__ import annotations

import pytest

from refenrich.text.section import SectionKind, find_reference_section
from refenrich.text.split import join_wrapped, split_references

_A = "Okonjo, A. (2011) Rivers and towns. Leeds: Northway Press."
_B = "Pereira, L. (2014) Markets after the flood. Journal of Rivers, 9(2), 11-20."
_C = "Quist, M. (2017) A short history of weirs. York: Ouse Books."


# --- 1. any horizontal white space after a list number --------------------------------


@pytest.mark.parametrize("gap", ["\u00a0", "\u2002", "\u202f", "\t", " \u00a0 "])
def test_unicode_space_after_the_number(gap: str) -> None:
    block = "\n".join(f"{n}.{gap}{text}" for n, text in enumerate((_A, _B, _C), 1))
    assert split_references(block) == [_A, _B, _C]


def test_no_break_space_after_a_bracketed_label() -> None:
    block = f"[R1]\u00a0{_A}\n[R2]\u00a0{_B}"
    assert split_references(block) == [_A, _B]


# --- 2. section item numbers "3.x" followed by a lower-case or uncased letter ---------


def test_section_items_need_no_capital_after_the_first() -> None:
    entries = [
        _A,
        "de Vries, H. (2012) Dykes and polders. Delft: Tide.",
        "bell hooks (1994) Teaching to transgress. New York: Routledge.",
        "\u5c60\u5466\u5466 (2011) \u9752\u84bf\u7d20. Beijing: Science Press.",
        _C,
    ]
    block = "\n".join(f"3.{n} {text}" for n, text in enumerate(entries, 1))
    assert split_references(block) == entries


def test_a_decimal_in_a_wrapped_line_of_a_section_list_is_no_item() -> None:
    block = (
        "3.1 Okonjo, A. (2011) Doses of\n0.2 mg were used. Leeds: Northway Press.\n"
        "3.2 Pereira, L. (2014) Markets."
    )
    assert split_references(block) == [
        "Okonjo, A. (2011) Doses of 0.2 mg were used. Leeds: Northway Press.",
        "Pereira, L. (2014) Markets.",
    ]


def test_a_numbered_list_recovers_from_a_missing_number() -> None:
    block = f"1. {_A}\n2. {_B}\n4. {_C}"
    assert split_references(block) == [_A, _B, _C]


def test_a_number_that_starts_no_entry_does_not_resynchronise() -> None:
    block = "1. Okonjo, A. (2011) Rivers, Journal,\n3. 1-10.\n2. Pereira, L. (2014) Markets."
    assert split_references(block) == [
        "Okonjo, A. (2011) Rivers, Journal, 3. 1-10.",
        "Pereira, L. (2014) Markets.",
    ]


# --- 3. lists without markers ---------------------------------------------------------


def test_blank_lines_separate_wrapped_entries() -> None:
    block = (
        "Weber, M. (1930) The Protestant ethic. Translated by T. Parsons.\n"
        "London, UK: Allen & Unwin.\n\n"
        "Office for National Statistics (2021) Census 2021: first results.\n"
        "Newport: ONS.\n\n"
        "Zola, E. (1885) Germinal. Paris: Charpentier.\n"
    )
    assert split_references(block) == [
        "Weber, M. (1930) The Protestant ethic. Translated by T. Parsons. "
        "London, UK: Allen & Unwin.",
        "Office for National Statistics (2021) Census 2021: first results. Newport: ONS.",
        "Zola, E. (1885) Germinal. Paris: Charpentier.",
    ]


def test_a_blank_line_inside_an_entry_is_bridged() -> None:
    block = f"Okonjo, A. (2011) Rivers and\n\ntowns. Leeds: Northway Press.\n\n{_B}\n\n{_C}\n"
    assert split_references(block) == [_A, _B, _C]


def test_organisations_and_vancouver_names_start_entries() -> None:
    entries = [
        "Marmot, M. (2010) Fair society, healthy lives. London: UCL.",
        "Office for National Statistics (2021) Census 2021. Newport: ONS.",
        "Tilman D (1982) Resource competition and community structure. Princeton Univ Press",
        "World Health Organization (2019) Guidelines on physical activity. Geneva: WHO.",
    ]
    assert split_references("\n".join(entries)) == entries


def test_continuation_lines_that_look_like_names_stay() -> None:
    block = (
        "Miller, G. A. (1956). Limits on our\n"
        "capacity. Cambridge, MA: Harvard.\n"
        "Adams, J., Baker, K. L., Carter, M.\n"
        "N. P., & Dixon, R. (2015). A study. Journal of Studies, 4(1), 1-9.\n"
        "Weber, M. (1930). The Protestant ethic. 2nd edn.\n"
        "Unwin Press, London, UK\n"
        "Zola, E. (1885). Germinal. Paris: Charpentier.\n"
    )
    assert split_references(block) == [
        "Miller, G. A. (1956). Limits on our capacity. Cambridge, MA: Harvard.",
        "Adams, J., Baker, K. L., Carter, M. N. P., & Dixon, R. (2015). A study. "
        "Journal of Studies, 4(1), 1-9.",
        "Weber, M. (1930). The Protestant ethic. 2nd edn. Unwin Press, London, UK",
        "Zola, E. (1885). Germinal. Paris: Charpentier.",
    ]


def test_a_long_author_list_wrapped_before_its_year() -> None:
    first = "Okonjo, A. (2011) Rivers. Leeds: Northway Press."
    block = (
        f"{first}\n"
        "Abe K, Berg L, Cruz M, Dahl N, Egan O, Fry P, Gill Q, Holt R, Ives S, Jain T,\n"
        "Kahn U, Lund V (2020) Weirs of the north. Nat Rivers 3:1-9\n"
        "House of Lords Select Committee on the Rivers of England and Wales\n"
        "(2018) Weirs: a report. London: HL.\n"
    )
    assert split_references(block) == [
        first,
        "Abe K, Berg L, Cruz M, Dahl N, Egan O, Fry P, Gill Q, Holt R, Ives S, Jain T, "
        "Kahn U, Lund V (2020) Weirs of the north. Nat Rivers 3:1-9",
        "House of Lords Select Committee on the Rivers of England and Wales (2018) Weirs: "
        "a report. London: HL.",
    ]


def test_a_hanging_indent_marks_the_entries() -> None:
    block = (
        "Morrison, Toni. Beloved. Knopf, 1987. Reprint.\n"
        "    Vintage, London, 2004.\n"
        "Achebe, Chinua. Things Fall Apart. Heinemann,\n"
        "    1958.\n"
        "Atwood, Margaret. Surfacing. McClelland, 1972.\n"
    )
    assert split_references(block) == [
        "Morrison, Toni. Beloved. Knopf, 1987. Reprint. Vintage, London, 2004.",
        "Achebe, Chinua. Things Fall Apart. Heinemann, 1958.",
        "Atwood, Margaret. Surfacing. McClelland, 1972.",
    ]


# --- 4. hyphenation at line ends ------------------------------------------------------


def test_line_end_hyphenation_is_undone() -> None:
    block = "Okonjo, A. (2011) The charac-\nteristics of rivers. Leeds: North-\nway Press."
    assert split_references(block) == [
        "Okonjo, A. (2011) The characteristics of rivers. Leeds: Northway Press."
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Co-", "production"], "Co-production"),  # a prefix that keeps its hyphen
        (["charac-", "teristics"], "characteristics"),
        (
            ["co-production and the co-", "production of services"],
            "co-production and the co-production of services",
        ),
        (["decisionmaking and decision-", "making"], "decisionmaking and decisionmaking"),
        (["evidence-", "based policy"], "evidence-based policy"),
        (
            ["https://doi.org/10.1038/d41586-018-", "06860-w"],
            "https://doi.org/10.1038/d41586-018-06860-w",
        ),
        (["doi:10.1000/abc-", "def"], "doi:10.1000/abc-def"),
        (["Smith-", "Jones"], "Smith-Jones"),
        (["pre-", "and post-war"], "pre- and post-war"),
    ],
)
def test_join_wrapped_hyphens(lines: list[str], expected: str) -> None:
    assert join_wrapped(lines) == expected


def test_a_compound_shown_in_another_reference_keeps_its_hyphen() -> None:
    block = (
        "Okonjo, A. (2011) Co-production of rivers. Leeds: Northway Press.\n"
        "Pereira, L. (2014) Markets and co-\nproduction. Journal of Rivers, 9(2), 11-20."
    )
    assert split_references(block)[1] == (
        "Pereira, L. (2014) Markets and co-production. Journal of Rivers, 9(2), 11-20."
    )


# --- 5. page furniture ----------------------------------------------------------------


def test_page_numbers_and_form_feeds_inside_a_list() -> None:
    block = (
        "1. Okonjo, A. (2011) Rivers and towns. Leeds:\n"
        "Page 4 of 12\n"
        "\f\n"
        "Northway Press.\n"
        "17\n"
        "\f2. Pereira, L. (2014) Markets after the flood. Journal of Rivers, 9(2), 11-20.\n"
    )
    assert split_references(block) == [_A, _B]


def test_a_running_header_is_dropped_from_the_list() -> None:
    header = "Annals of River Studies 3 (2020) 1-40"
    body = "\n".join(f"Body text line {n}." for n in range(12))
    document = (
        f"{header}\nA paper\n{body}\nReferences\n"
        f"Okonjo, A. (2011) Rivers and towns. Leeds:\n{header}\nNorthway Press.\n{_B}\n{_C}\n"
    )
    section = find_reference_section(document)
    assert section.kind is SectionKind.HEADING
    assert split_references(section.text) == [_A, _B, _C]


def test_a_line_repeated_only_inside_the_list_is_kept() -> None:
    repeated = "Oxford: Oxford University Press."
    entries = [f"Author{n}, A. (20{n + 10}) Book number {n}." for n in range(12)]
    document = "Paper\nReferences\n" + "\n".join(
        f"{entry}\n{repeated}" if n in (0, 11) else entry for n, entry in enumerate(entries)
    )
    references = split_references(find_reference_section(document).text)
    assert len(references) == 12
    assert references[0].endswith(repeated)
    assert references[11].endswith(repeated)


# --- 6. REF template labels after the list --------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Evidence of quality: all outputs were peer reviewed.",
        "Evidence of the quality of the research: outputs in leading journals.",
        "Key grants: AHRC AH/X000001/1 (2016-2019, GBP 100,000).",
        "Grants: ESRC ES/X000002/1.",
    ],
)
@pytest.mark.parametrize("numbered", [True, False])
def test_trailing_labelled_lines_are_no_references(label: str, numbered: bool) -> None:
    lines = [f"[R{n}] {text}" if numbered else text for n, text in enumerate((_A, _B), 1)]
    assert split_references("\n".join([*lines, label])) == [_A, _B]


def test_a_continuation_starting_with_a_label_word_is_kept() -> None:
    block = "Okonjo, A. (2011) Using\nevidence: how rivers work. Leeds: Northway Press.\n" + _B
    assert split_references(block) == [
        "Okonjo, A. (2011) Using evidence: how rivers work. Leeds: Northway Press.",
        _B,
    ]


# --- 7. end headings with a title -----------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    ["Appendix A. Supplementary data", "Appendix 2: Interview guide", "Supplementary data"],
)
def test_an_appendix_heading_with_a_title_ends_the_list(heading: str) -> None:
    document = f"Title\nIntro.\nReferences\n{_A}\n{_B}\n{heading}\nMore text here."
    section = find_reference_section(document)
    assert split_references(section.text) == [_A, _B]


def test_a_wrapped_page_number_is_no_page_furniture() -> None:
    block = (
        "1. Okonjo, A. (2011) Rivers. Journal of Rivers, 4: 32-\n33\n2. Pereira, L. (2014) Markets."
    )
    assert split_references(block) == [
        "Okonjo, A. (2011) Rivers. Journal of Rivers, 4: 32-33",
        "Pereira, L. (2014) Markets.",
    ]


@pytest.mark.parametrize(
    "line", ["Supporting families in crisis, London", "Appendix of letters, London"]
)
def test_a_reference_line_starting_with_an_end_word_does_not_end_the_list(line: str) -> None:
    document = f"Title\nReferences\nOkonjo, A. (2011) Rivers:\n{line}\n{_B}\n"
    section = find_reference_section(document)
    assert split_references(section.text) == [f"Okonjo, A. (2011) Rivers: {line}", _B]


def test_a_running_header_in_a_document_with_windows_line_ends() -> None:
    header = "Annals of River Studies 3 (2020) 1-40"
    body = "\r\n".join(f"Body text line {n}." for n in range(12))
    document = (
        f"{header}\r\nA paper\r\n{body}\r\nReferences\r\n"
        f"Okonjo, A. (2011) Rivers and towns. Leeds:\r\n{header}\r\nNorthway Press.\r\n{_B}\r\n"
    )
    assert split_references(find_reference_section(document).text) == [_A, _B]
