"""Property tests: finding and splitting a reference list never raises on any text and
returns clean one-line entries made of the input's own characters."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from refenrich.text.section import find_reference_section
from refenrich.text.split import join_wrapped, split_references

# Pieces that reach the splitter's branches: markers, page furniture, years, names,
# hyphens at line ends, blank lines, Unicode spaces, headings.
PIECES = st.sampled_from(
    [
        *"abcXYZ019 .,;:()[]&-'\u2019\u201c\u00a0\t\f\n",
        "\n\n",
        "1. ",
        "2.\u00a0",
        "[R1] ",
        "R2. ",
        "3.1 ",
        "3.2 van ",
        "\u2022 ",
        "Smith, J. ",
        "Jones K, ",
        "(2019) ",
        "2020. ",
        "(in press) ",
        "Page 2 of 9\n",
        "\n12\n",
        "charac-\n",
        "co-production ",
        "doi:10.1000/x-\n",
        "https://x.org/a ",
        "References\n",
        "3. References to the research\n",
        "4. Details of the impact\n",
        "Appendix A. Supplementary data\n",
        "Grants: ",
        "Evidence of quality: ",
        "    ",
    ]
)


def _check(text: str, entries: list[str]) -> None:
    available = Counter(char for char in text if not char.isspace() and char != "-")
    for entry in entries:
        assert entry
        assert entry == entry.strip()
        assert not any(char in entry for char in "\n\r\f\v\u2028\u2029")
    used = Counter(
        char for entry in entries for char in entry if not char.isspace() and char != "-"
    )
    assert not used - available  # nothing invented


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check(text, split_references(text))
    section = find_reference_section(text)
    _check(text, split_references(section.text))
    join_wrapped(text.splitlines())


@given(st.lists(PIECES, max_size=120).map("".join))
@settings(max_examples=500, deadline=None)
def test_reference_like_documents(text: str) -> None:
    _check(text, split_references(text))
    section = find_reference_section(text)
    _check(text, split_references(section.text))
