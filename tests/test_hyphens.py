"""One rule for hyphens at line ends, in the document reader and the splitter alike."""

from __future__ import annotations

import pytest

from refenrich.documents import dehyphenate
from refenrich.text.hyphens import keeps_hyphen
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
