"""One rule for hyphens at line ends and for page-number lines, in the document reader
and the splitter alike."""

from __future__ import annotations

import pytest

from refenrich.documents import dehyphenate
from refenrich.text.layout import PAGE_NUMBER_LINE, keeps_hyphen
from refenrich.text.split import join_wrapped


@pytest.mark.parametrize(
    ("head", "tail", "kept"),
    [
        ("re", "search", False),  # "research": a broken word, not "re-search"
        ("pre", "vious", False),
        ("inter", "national", False),
        ("charac", "teristics", False),
        ("co", "production", True),  # prefixes hyphenated far more often than not
        ("non", "academic", True),
        ("well", "being", True),
        ("evidence", "based", True),  # second halves of compounds
        ("long", "term", True),
        ("top", "led", False),  # too short a first half to trust the tail
    ],
)
def test_without_evidence(head: str, tail: str, kept: bool) -> None:
    assert keeps_hyphen(head, tail, hyphenated_seen=False, joined_seen=False) is kept


def test_the_text_decides_first() -> None:
    assert keeps_hyphen("re", "search", hyphenated_seen=True, joined_seen=True)
    assert not keeps_hyphen("co", "production", hyphenated_seen=False, joined_seen=True)


@pytest.mark.parametrize(
    ("broken", "joined"),
    [
        ("new re-\nsearch on rivers", "new research"),
        ("the co-\nproduction of services", "the co-production"),
        ("an inter-\nnational review", "an international"),
    ],
)
def test_reader_and_splitter_agree(broken: str, joined: str) -> None:
    assert dehyphenate(broken).startswith(joined)
    assert join_wrapped(broken.split("\n")).startswith(joined)


@pytest.mark.parametrize(
    ("line", "is_page_number"),
    [
        ("Page 3", True),
        ("p. 3", True),
        ("Page 3 of 12", True),
        ("3 of 12", True),
        ("- 3 -", True),
        ("17", True),
        ("2019", False),  # a year on its own line belongs to an entry
        ("p. 45.", False),
        ("Nature 521, 436", False),
    ],
)
def test_page_number_lines(line: str, is_page_number: bool) -> None:
    assert bool(PAGE_NUMBER_LINE.match(line)) is is_page_number
