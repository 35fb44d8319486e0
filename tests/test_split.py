"""Finding the reference section and splitting it into references."""

from __future__ import annotations

import pytest

from refenrich.text.section import SectionKind, find_reference_section
from refenrich.text.split import join_wrapped, split_lines, split_references


def test_example_section_and_split(example_text: str) -> None:
    section = find_reference_section(example_text)
    assert section.kind is SectionKind.REF_CASE_STUDY
    references = split_references(section.text)
    assert len(references) == 5
    assert references[0].startswith("Durose, C. and Richardson, L. (2016) Designing Public Policy")
    # the entry continues after a blank line, and its two review links stay with it
    assert references[0].endswith("https://journals.sagepub.com/doi/full/10.1177/1478929917716890")
    assert "Co-production" in references[2]  # "Co-\nproduction" joined without a space
    assert references[4].endswith("https://doi.org/10.1111/gove.12365")
    # the "Grants:" block and the "Research quality" preamble are not references
    assert not any(
        "ESRC" in reference or "Research quality" in reference for reference in references
    )


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "[1] A. Smith, Title one.\n[2] B. Jones, Title two.",
            ["A. Smith, Title one.", "B. Jones, Title two."],
        ),
        ("(1) Smith J. One.\n(2) Jones K. Two.", ["Smith J. One.", "Jones K. Two."]),
        ("1) Smith J. One.\n2) Jones K. Two.", ["Smith J. One.", "Jones K. Two."]),
        # a wrapped line starting with a number that is not the next one stays in its entry
        (
            "1. Smith, J. (2019) Title, Journal,\n4. 1-10.\n2. Jones, K. (2020) Other.",
            ["Smith, J. (2019) Title, Journal, 4. 1-10.", "Jones, K. (2020) Other."],
        ),
        (
            "• Smith, J. (2019) One.\n• Jones, K. (2020) Two.",
            ["Smith, J. (2019) One.", "Jones, K. (2020) Two."],
        ),
        # hanging entries without markers, wrapped over lines
        (
            "Smith, J. (2019) A long title that\nwraps onto a second line. Journal, 1: 2-3.\n"
            "Jones, K. (2020) Another title. Journal, 4: 5-6.",
            [
                "Smith, J. (2019) A long title that wraps onto a second line. Journal, 1: 2-3.",
                "Jones, K. (2020) Another title. Journal, 4: 5-6.",
            ],
        ),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split_references(block: str, expected: list[str]) -> None:
    assert split_references(block) == expected


def test_numbered_list_of_one_after_a_preamble() -> None:
    block = "Research quality: published in a peer-reviewed journal.\nOutputs:\n1. Smith, J. (2019) One.\nGrants:\nX."
    assert split_references(block) == ["Smith, J. (2019) One."]


def test_numbered_list_stops_at_label() -> None:
    block = "1. Smith, J. (2019) One.\n2. Jones, K. (2020) Two.\nGrants:\nFunded by X."
    assert split_references(block) == ["Smith, J. (2019) One.", "Jones, K. (2020) Two."]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a line-end hyphen stays where the text shows the compound hyphenated
        (["Co-production: the co-", "production"], "Co-production: the co-production"),
        (
            ["https://doi.org/10.1038/d41586-018-", "06860-w"],
            "https://doi.org/10.1038/d41586-018-06860-w",
        ),
        (["one", "", "two  three"], "one two three"),
    ],
)
def test_join_wrapped(lines: list[str], expected: str) -> None:
    assert join_wrapped(lines) == expected


def test_split_lines() -> None:
    assert split_lines(" a \n\n b\n") == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "kind", "first"),
    [
        ("Intro text.\n\nReferences\n\nSmith, J. (2019) One.\n", SectionKind.HEADING, "Smith"),
        (
            "Intro.\nBibliography:\n[1] A. B. Smith, One.\n[2] C. Jones, Two.\nAppendix A\nx",
            SectionKind.HEADING,
            "A. B.",
        ),
        ("Smith, J. (2019) One.\nJones, K. (2020) Two.\n", SectionKind.WHOLE, "Smith"),
    ],
)
def test_find_reference_section(text: str, kind: SectionKind, first: str) -> None:
    section = find_reference_section(text)
    assert section.kind is kind
    references = split_references(section.text)
    assert references[0].startswith(first)
    assert not any("Appendix" in reference for reference in references)


_OSTROM = "Ostrom, E. (1990) Governing the Commons. Cambridge: Cambridge University Press."
_PUTNAM = "Putnam, R.D. (2000) Bowling Alone. New York: Simon & Schuster."
_SEN = "Sen, A. (1999) Development as Freedom. Oxford: Oxford University Press."


@pytest.mark.parametrize(
    "labels",
    [
        ("[R1]", "[R2]", "[R3]"),
        ("R1.", "R2.", "R3."),
        ("R1", "R2", "R3"),
        ("R1:", "R2:", "R3:"),
        ("(R1)", "(R2)", "(R3)"),
        ("3.1", "3.2", "3.3"),
        ("[R1]", "[R2]", "R3."),  # labels mixed within one case study
    ],
)
def test_ref_case_study_labels_start_items(labels: tuple[str, str, str]) -> None:
    block = "\n".join(
        f"{label} {text}" for label, text in zip(labels, (_OSTROM, _PUTNAM, _SEN), strict=True)
    )
    assert split_references(block) == [_OSTROM, _PUTNAM, _SEN]


def test_ref_case_study_labels_in_a_whole_case_study() -> None:
    document = (
        "1. Summary of the impact\nText.\n3. References to the research\n"
        f"[R1] {_OSTROM}\n[R2] {_PUTNAM}\nR3. {_SEN}\n4. Details of the impact\nMore."
    )
    section = find_reference_section(document)
    assert split_references(section.text) == [_OSTROM, _PUTNAM, _SEN]


def test_a_decimal_on_a_wrapped_line_is_no_item_number() -> None:
    block = "World Health Organization (2019) Guidance on dosing at\n0.1 mg per kilogram. Geneva."
    assert split_references(block) == [
        "World Health Organization (2019) Guidance on dosing at 0.1 mg per kilogram. Geneva."
    ]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (
            ["Governance, 32(1). https://doi.org/10.1111/gove.", "12365"],
            "Governance, 32(1). https://doi.org/10.1111/gove.12365",
        ),
        (
            ["Social Policy. https://doi.org/10.1111/", "spol.12481"],
            "Social Policy. https://doi.org/10.1111/spol.12481",
        ),
        (["Nature. doi:10.1038/", "NPHYS1170."], "Nature. doi:10.1038/NPHYS1170."),
        # a whole URL and what follows it stay apart
        (
            ["Available at: https://www.gov.uk/", "accessed 3 May 2020"],
            "Available at: https://www.gov.uk/ accessed 3 May 2020",
        ),
        (
            ["https://doi.org/10.1038/nphys1170.", "Accessed 3 May 2020."],
            "https://doi.org/10.1038/nphys1170. Accessed 3 May 2020.",
        ),
    ],
)
def test_a_doi_wrapped_after_a_slash_or_dot_is_rejoined(lines: list[str], joined: str) -> None:
    assert join_wrapped(lines) == joined


def test_a_label_with_the_list_on_its_line_is_split_from_it() -> None:
    block = (
        "Outputs: 1. Durose, C. (2016) Designing Public Policy. Bristol: Policy Press.\n"
        "2. Richardson, L. (2019) Three tyrannies. Journal of Chinese Governance, 4, 1-9.\n"
    )
    assert split_references(block) == [
        "Durose, C. (2016) Designing Public Policy. Bristol: Policy Press.",
        "Richardson, L. (2019) Three tyrannies. Journal of Chinese Governance, 4, 1-9.",
    ]


def test_a_same_authors_dash_starts_a_new_entry() -> None:
    entries = [
        "Richardson, L. (2019) Why decentralize decision making? Governance, 32(1), 159-176.",
        "\u2014\u2014\u2014 (2018) Craft metrics to value co-production. Nature, 562, 32-33.",
        "\u2014\u2014\u2014. 2017. Another study. Journal of Stuff 4: 1-2.",
        "--- (2016) A third study. Policy Press.",
        "World Health Organization (2019) Global report. Geneva: WHO.",
    ]
    assert split_references("\n".join(entries)) == entries
