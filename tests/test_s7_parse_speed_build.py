"""The parser's shortcuts give what the long way gives.

Models built without pydantic's validation (``names._author``, ``parse._built_reference``)
equal the validated ones, field set and all; keyword gates read from one bit mask
(``parse._keyword_mask``) say what a test of each keyword set says.
"""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from refenrich.models import Author, Reference
from refenrich.text import names, parse
from refenrich.text.parse import parse_reference

_SAMPLES = [
    "Smith, J. A., Jones, B. and Brown, C. (2019) A study of things. Journal of Stuff, 12(3),"
    " pp. 45-67. doi:10.1234/abc",
    "1. Smith JA, Doe J, et al. Effects of X on Y. N Engl J Med. 2020;382(4):1-9. PMID 12345.",
    "S. Chu, Y. Cui and N. Liu, Nat. Mater., 2017, 16, 16–22.",
    "hooks, bell (1994) Teaching to Transgress. London: Routledge. ISBN 978-0-415-90808-5",
    "World Health Organization. Global report on diabetes. Geneva: WHO; 2016.",
    "Brown, T. et al. Language models are few-shot learners. arXiv:2005.14165 (2020).",
    "“Title in quotes,” The Atlantic, September.",
    "",
    "   ",
]


@pytest.mark.parametrize("text", _SAMPLES)
def test_built_reference_equals_the_validated_one(text: str) -> None:
    built = parse_reference(text)
    values = {name: getattr(built, name) for name in built.model_fields_set}
    validated = Reference.model_validate(values)
    assert built == validated
    assert built.model_fields_set == validated.model_fields_set
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_dump_json(exclude_unset=True) == validated.model_dump_json(
        exclude_unset=True
    )
    assert repr(built) == repr(validated)
    for author in [*built.authors, *built.editors]:
        again = Author.model_validate(author.model_dump(exclude_unset=True))
        assert author == again
        assert author.model_fields_set == again.model_fields_set


class _Text(str):
    """A str subclass: the parser hands it to pydantic's validation, not the shortcut."""


def test_a_str_subclass_goes_through_validation() -> None:
    text = _Text("Smith, J. (2019) A title. Journal, 1(2), 3-4.")
    parsed = parse_reference(text)
    plain = parse_reference(str(text))
    assert parsed.model_dump_json() == plain.model_dump_json()
    assert type(parsed.raw) is str


def test_a_wrong_type_in_a_field_is_validated_not_built() -> None:
    fields = parse._Fields()
    fields.title = 12  # type: ignore[assignment]  # a bug the shortcut must not hide
    with pytest.raises(ValidationError, match="title"):
        parse._finish("x", fields)
    fields.title = "A title"
    assert parse._finish("x", fields).title == "A title"


@pytest.mark.parametrize(
    "values",
    [
        {"family": "Smith", "given": "J. A."},
        {"literal": "World Health Organization"},
        {"family": "Plato", "given": None},
    ],
)
def test_built_author_equals_the_validated_one(values: dict[str, str | None]) -> None:
    built = names._author(values)
    validated = Author.model_validate(values)
    assert built == validated
    assert built.model_fields_set == validated.model_fields_set
    assert repr(built) == repr(validated)
    assert built.model_dump_json(exclude_unset=True) == validated.model_dump_json(
        exclude_unset=True
    )


def _keyword_sets() -> list[tuple[frozenset[str], int]]:
    return [
        (getattr(parse, name), getattr(parse, "_B" + name[2:]))
        for name in dir(parse)
        if name.startswith("_K_") and hasattr(parse, "_B" + name[2:])
    ]


def test_every_gate_has_its_own_bit() -> None:
    sets = _keyword_sets()
    assert len(sets) == len(parse._KEYWORD_BIT_SETS)
    bits = [bit for _, bit in sets]
    assert len(set(bits)) == len(bits)
    assert all(bit & (bit - 1) == 0 for bit in bits)


def test_keyword_mask_says_what_each_set_test_says() -> None:
    sets = _keyword_sets()
    vocabulary = sorted(set().union(*(keys for keys, _ in sets)) | {"smith", "journal", "the"})
    rng = random.Random(3)
    for _ in range(2000):
        words = frozenset(rng.sample(vocabulary, rng.randint(0, 12)))
        mask = parse._keyword_mask(words)
        for keys, bit in sets:
            assert bool(mask & bit) == (not words.isdisjoint(keys))


def test_fields_made_with_words_get_their_keys() -> None:
    words = parse._words("Smith J. Report on volume 3, pp. 4-5, March.")
    assert parse._Fields(words=words).keys == parse._keyword_mask(words) != 0
    assert parse._Fields().keys == 0
