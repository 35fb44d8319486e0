"""Lists numbered "1 Name ..." with no full stop or bracket after the number: what a Word
list pasted as text, or a table with the numbers in one column, leaves. The references are
written from public facts (Richardson, Durose and co-authors, as in the example).
"""

from __future__ import annotations

import pytest

from refenrich.text.split import split_references

ONE = (
    "Richardson, L., Durose, C. and Perry, B. (2019) 'Moving towards hybridity in causal "
    "explanation', Social Policy and Administration, 53(2), 265-278."
)
TWO = (
    "Richardson, L., Durose, C. and Dean, R.J. (2019) 'Why decentralize decision making?', "
    "Governance, 32(1), 159-176."
)
THREE = (
    "Durose, C., Richardson, L. and Perry, B. (2018) 'Craft metrics to value co-production', "
    "Nature, 562, 32-33."
)


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
@pytest.mark.parametrize("space", [" ", "\t", "  "])
def test_each_number_starts_a_reference(gap: str, space: str) -> None:
    block = gap.join(f"{n}{space}{text}" for n, text in enumerate((ONE, TWO, THREE), start=1))
    assert split_references(block) == [ONE, TWO, THREE]


def test_a_reference_wrapped_over_lines_stays_whole() -> None:
    wrapped = ONE.replace("causal ", "causal\n").replace("Administration, ", "Administration,\n")
    block = f"1 {wrapped}\n2 {TWO}\n3 {THREE}"
    assert split_references(block) == [ONE, TWO, THREE]


def test_a_line_starting_with_a_number_inside_an_entry_is_no_marker() -> None:
    # "2 vols" after a line that does not end an entry continues it
    first = "Smith, J. (2010) A History of Tests,"
    block = f"1 {first}\n2 vols. London: Routledge.\n2 {TWO}"
    assert split_references(block) == [f"{first} 2 vols. London: Routledge.", TWO]
