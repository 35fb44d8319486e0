"""Reading personal and corporate names out of the author part of a reference.

Styles write names in three shapes, often mixed in one list:

- inverted, ``Family, Given`` or ``Family, I. J.`` (Harvard, APA, the first name in MLA);
- direct, ``Given Family`` or ``I. J. Family`` (IEEE, later names in MLA and Chicago);
- compact, ``Family IJ`` (Vancouver, AMA).

Everything here works on short strings and uses no regular expression that can
backtrack badly, so it is linear in practice.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from refenrich.models import Author

__all__ = ["is_initials", "looks_like_person", "parse_name", "parse_names"]

PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "dela",
        "di",
        "da",
        "dos",
        "das",
        "do",
        "du",
        "la",
        "las",
        "le",
        "los",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "zu",
        "af",
        "av",
        "auf",
        "des",
        "st.",
        "st",
        "y",
    ]
)
_PATRONYMIC_LINKS = frozenset({"wa", "ap", "ferch", "binti", "bint", "ould"})
"""Lower-case words that join a given name to a father's ("son of", "daughter of") in names
that have no family name: Gikuyu "wa", Welsh "ap" and "ferch", Malay "binti", Arabic
"bint" and "ould"."""
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"})
_SUFFIX_ENDINGS = (" Jr", " Jr.", " Sr", " Sr.", " II", " III", " IV")
"""A suffix ending a family name ("King Jr"), as :meth:`str.endswith` takes them."""
CORPORATE_WORDS = frozenset(
    [
        "organization",
        "organisation",
        "department",
        "agency",
        "institute",
        "institution",
        "association",
        "council",
        "society",
        "office",
        "committee",
        "group",
        "commission",
        "university",
        "ministry",
        "bureau",
        "centre",
        "center",
        "foundation",
        "international",
        "trust",
        "board",
        "service",
        "services",
        "government",
        "nations",
        "bank",
        "authority",
        "consortium",
        "health",
        "research",
        "force",
        "collaboration",
        "network",
        "project",
        "team",
        "program",
        "programme",
        "alliance",
        "federation",
        "union",
        "company",
        "corporation",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "limited",
        "party",
        "parliament",
        "court",
        "agency",
        "statistics",
        "who",
        "unesco",
        "unicef",
        "oecd",
        "nhs",
        "nice",
        "fund",
        "academy",
        "academies",
        "laboratory",
        "survey",
        "initiative",
        "coalition",
        "forum",
        "press",
        "partnership",
        "panel",
        "collaborators",
        "treasury",
        "secretariat",
        "centers",
        "centres",
        "institutes",
        "agencies",
        "departments",
        "councils",
        "associations",
        "societies",
        "committees",
        "laboratories",
        "hospital",
        "museum",
        "staff",
    ]
)

_CONJUNCTION = r"(?:\band\b|&|\bund\b|\bet\b(?!\.?\s*al\b))"
_AND_SPLIT = re.compile(
    # On tidied text (single spaces only) this is \s*(?:,\s*)?{_CONJUNCTION}\s+ written as
    # alternatives that each open with a literal character, so the engine can skip ahead
    # to the few places where a match may start (tests/test_parse_fast_patterns.py).
    r" (?:, ?)?" + _CONJUNCTION + r"\s+|, ?" + _CONJUNCTION + r"\s+|"
    r"a(?<!\wa)nd\b\s+|&\s+|u(?<!\wu)nd\b\s+|e(?<!\we)t\b(?!\.?\s*al\b)\s+"
)
_ET_AL = re.compile(
    r"(?:[,;]?\s*(?:\bet\.?\s*al\b\.?|\bet\s+alii\b|\band\s+others\b|\bu\.\s*a\.)|\s*(?:\.\.\.|…))\s*$",
    re.IGNORECASE,
)
_new_object = object.__new__
_set_slot = object.__setattr__


def _author(values: dict[str, str | None]) -> Author:
    """``Author(**values)`` for the names this module builds, without pydantic's validation.

    Every value given here is a ``str`` or None, cut from the text by string operations, so
    validating it could only hand it back; the result has the same field values and the same
    set of fields given (``model_fields_set``) as the validated model. Names are made for
    every new piece of every list, so this is worth doing.
    """
    author = _new_object(Author)
    _set_slot(
        author,
        "__dict__",
        {
            "family": values.get("family"),
            "given": values.get("given"),
            "literal": values.get("literal"),
            "orcid": None,
        },
    )
    _set_slot(author, "__pydantic_fields_set__", set(values))
    _set_slot(author, "__pydantic_extra__", None)
    _set_slot(author, "__pydantic_private__", None)
    return author


_LOWER_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_LOWER_CASE_NAME = re.compile(r"[^\W\d_][\w'\u2019-]*, [^\W\d_][\w'\u2019-]+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\.\s\.\s\.)\s*")
_EDITOR_MARK = re.compile(
    r"\s*[(\[]?\b(?:eds?|editors?|Hrsg|hg|coord|dir|comps?|orgs?)\b\.?[)\]]?\.?\s*$", re.IGNORECASE
)


_EDITOR_MARK_ENDS = {
    last: previous
    for lasts, previous in (
        ("sS\u017f", "dDrRpPgG"),  # eds, editors, comps, orgs
        ("dD", "eErR"),  # ed, coord
        ("rR", "oOiI\u0130\u0131"),  # editor, dir
        ("gG", "sS\u017fhHrR"),  # Hrsg, hg, org
        ("pP", "mM"),  # comp
    )
    for last in lasts
}
"""The last letter of each word :data:`_EDITOR_MARK` knows, and the letters before it, in
every case a case-insensitive pattern accepts."""


def _may_end_with_editor_mark(text: str) -> bool:
    """Whether ``text`` may end with a match of :data:`_EDITOR_MARK` (a cheap pre-check)."""
    core = text.rstrip().rstrip(".)]")
    previous = _EDITOR_MARK_ENDS.get(core[-1:])
    return previous is not None and core[-2:-1] in previous


_ET_AL_LAST = "lL.iI\u0130\u0131sS\u017f\u2026"
"""The characters a match of :data:`_ET_AL` can end with ("al", "al.", "alii", "others",
"u. a.", "...", "…"), in every case a case-insensitive pattern accepts."""


def _may_end_et_al(tail: str) -> bool:
    """Whether ``tail`` (tidied: no space at either end) may end with a match of :data:`_ET_AL`.

    Its last character must end one of the alternatives (before a full stop: "l" of
    "al.", "a" of "u. a." or another full stop), and ``tail`` must hold a piece of every
    alternative. None of the pieces has an "i" or "s", which a case-insensitive pattern
    also matches as "ı", "İ" or "ſ", so a lower-cased test is exact.
    """
    last = tail[-1:]
    if not last or last not in _ET_AL_LAST:
        return False
    if last == ".":
        if tail[-2:-1] not in "lLaA.":
            return False
        if tail.endswith("..."):
            return True
    elif last == "\u2026":
        return True
    lower = tail.lower()
    return "et" in lower or "and" in lower or "u." in lower


def _may_hold_and(text: str) -> bool:
    """Whether :data:`_AND_SPLIT` (case-sensitive) could split tidied ``text``.

    Every conjunction it splits at is followed by a space.
    """
    return "and " in text or "& " in text or "und " in text or "et " in text


def _tidy(text: str) -> str:
    # Printable text holds no whitespace but " ", so without doubled spaces the split and
    # join would only drop outer spaces, which the strip drops anyway.
    if "  " not in text and text.isprintable():
        return text.strip(" ,;")
    return " ".join(text.split()).strip(" ,;")


@lru_cache(maxsize=4096)
def is_initials(text: str) -> bool:
    """Whether ``text`` is a run of initials: "J.", "R.J.", "J.-P.", "J A", "JA" or "Th."."""
    stripped = text.replace(" ", "")
    if not stripped or len(stripped) > 12:
        return False
    if "." not in stripped and "-" not in stripped:
        # Undotted initials (Vancouver "JA") are upper case only, at most four letters.
        return stripped.isalpha() and stripped.isupper() and len(stripped) <= 4
    pieces = [piece for piece in stripped.replace("-", ".").split(".") if piece]
    if not pieces:
        return False
    for piece in pieces:
        if not piece[0].isupper() or len(piece) > 2:
            return False
        if len(piece) == 2 and not piece[1].islower():
            return False
    return True


@lru_cache(maxsize=8192)
def _is_name_word(word: str) -> bool:
    if not word:
        return False
    if word.lower() in PARTICLES or word.lower() in _SUFFIXES:
        return True
    first = word.lstrip("('\u2018\"")[:1]
    if not first:
        return False
    if word[1:2] in "'\u2019" and word[:1] in "dlDLO" and word[2:3].isupper():
        return True  # "d’Alché-Buc", "O'Brien", "l'Hôpital"
    return first.isupper() or (not first.isascii() and first.isalpha() and not first.islower())


@lru_cache(maxsize=8192)
def _is_person_word(word: str) -> bool:
    """Whether ``word`` may be part of a personal name (not a corporate word)."""
    if word.lower().strip(".,") in CORPORATE_WORDS:
        return False
    return _is_name_word(word) or is_initials(word)


def looks_like_person(text: str, max_words: int = 5) -> bool:
    """Whether ``text`` could be one person's name written in some order."""
    words = _tidy(text).split()
    if not words or len(words) > max_words:
        return False
    if any(map(str.isdigit, text)):
        return False
    return all(map(_is_person_word, words))


@lru_cache(maxsize=8192)
def _is_corporate_word(word: str) -> bool:
    return word.lower().strip(".,()") in CORPORATE_WORDS


def is_corporate(text: str) -> bool:
    """Whether ``text`` names an organisation rather than people."""
    return any(map(_is_corporate_word, text.split()))


def _split_suffix(words: list[str]) -> tuple[list[str], str | None]:
    if len(words) > 1 and words[-1].lower() in _SUFFIXES:
        return words[:-1], words[-1]
    return words, None


def _join_given(given: str | None, suffix: str | None) -> str | None:
    if given and suffix:
        return f"{given} {suffix}"
    return given or suffix or None


def parse_name(text: str) -> Author | None:
    """One name in direct or compact form: "I. J. Family", "Given Family", "Family IJ"."""
    text = _tidy(text).strip(".") if text.strip().endswith("..") else _tidy(text)
    if not text:
        return None
    if is_corporate(text):
        return _author({"literal": text.rstrip(".")})
    words, suffix = _split_suffix(text.split())
    if len(words) == 1:
        return _author({"family": words[0].rstrip(",."), "given": suffix})
    # Compact forms: "Smith JA" (Vancouver) and "Smith J.A." (a Harvard list without commas).
    if is_initials(words[-1]) and not is_initials(words[0]):
        rest = words[:-1]
        if not any(map(is_initials, rest)):
            return _author({"family": " ".join(rest), "given": _join_given(words[-1], suffix)})
    if all(map(is_initials, words[1:])) and not is_initials(words[0]):
        return _author({"family": words[0], "given": _join_given(" ".join(words[1:]), suffix)})
    if (
        len(words) > 2
        and not _PATRONYMIC_LINKS.isdisjoint(words[1:-1])
        and not any(map(is_initials, words))
    ):
        # "Ngũgĩ wa Thiong’o", "Dafydd ap Gwilym": a name built on a father's name has no
        # family name to invert; lists give it whole, and so does the record.
        return _author({"family": " ".join(words), "given": suffix})
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    if start > 1 and words[start] == "y":
        start -= 1  # "Agüera y Arcas": "y" joins two family names
    # "Ludwig van Beethoven": particles join the family name; "De Silva" at the
    # start of a two-word name is left to the caller's inverted reading.
    family = " ".join(words[start:]).rstrip(",")
    given = " ".join(words[:start]) or None
    return _author({"family": family, "given": _join_given(given, suffix)})


@lru_cache(maxsize=8192)
def _parse_piece(piece: str) -> Author | None:
    """:func:`parse_name`, cached: the same names recur across a list of references."""
    info = _piece_info(piece)
    if (info is _COMPACT_NAME or info is _DIRECT_NAME) and not is_corporate(piece):
        # What parse_name reads in "Smith JA" and "J. Smith", without its general steps.
        first, last = piece.split(" ")
        if info is _COMPACT_NAME:
            return _author({"family": first, "given": last})
        return _author({"family": last, "given": first})
    return parse_name(piece)


@lru_cache(maxsize=8192)
def _inverted(family: str, given: str) -> Author:
    # A suffix after the given names ("Jr.") stays with them: tidied text has single
    # spaces, so splitting it off and joining it again gives the tidied text back.
    return _author({"family": _tidy(family), "given": _tidy(given) or None})


def _is_family_piece(
    words: list[str], initials: list[bool], core_count: int, core_initials: bool, core_word: str
) -> bool:
    """Whether a piece may be the family part of an inverted name ("Smith", "van der Berg").

    ``initials`` tells which ``words`` are initials; the ``core_`` arguments describe the
    words that are not particles: how many, whether one is initials, and the last of them.
    """
    if not words or len(words) > 5:
        return False
    if not core_count and len(words) == 1 and words[0][:1].isupper():
        # "Le, Q.", "Da, K.": a family name that is also a particle
        core_count, core_initials, core_word = 1, initials[0], words[0]
    if not core_count or core_count > 3:
        return False
    return not core_initials or (
        core_count == 1 and len(core_word) > 1 and "." not in core_word and core_word[1:].islower()
    )


def _is_given_piece(words: list[str], initials: list[bool]) -> bool:
    """Whether a piece may be the given part of an inverted name ("J. A.", "Jane", "Jr.")."""
    if not words or len(words) > 4:
        return False
    for word, initial in zip(words, initials, strict=True):
        if not (
            initial
            or word.lower() in _SUFFIXES
            or _is_name_word(word)
            # "boyd, d.": initials typed in lower case, as the whole list may be (the
            # list's last full stop is gone: "jones, b. d")
            or (word.rstrip(".") in _LOWER_LETTERS and len(word) <= 2)
        ):
            return False
    return True


def is_caseless_word(word: str) -> bool:
    """Whether ``word`` is letters of a script without letter case (Han, Hangul, kana),
    in which a name is written whole: "王小明"."""
    return word.isalpha() and not word.isascii() and word.lower() == word.upper()


def _written_whole(piece: str) -> bool:
    """A name in a script without letter case written in one piece, as Chinese and
    Korean names are (two to four characters)."""
    return 2 <= len(piece) <= 4 and is_caseless_word(piece)


def parse_names(text: str) -> tuple[list[Author], bool]:
    """Every name in an author or editor list, and whether it ended with "et al."."""
    text = _tidy(text)
    if text[-2:] == " .":
        text = text[:-2] + "."  # a pasted list with spaced punctuation: "et al ."
    et_al = False
    # Both marks come last; searching only the end keeps this linear and fast.
    offset = max(0, len(text) - 30)
    match = _ET_AL.search(text, offset) if _may_end_et_al(text[offset:]) else None
    if match:
        et_al = True
        text = _tidy(text[: match.start()])
    offset = max(0, len(text) - 30)
    # The mark's word ends the text, but for a full stop, a bracket and spaces.
    if _may_end_with_editor_mark(text):
        mark = _EDITOR_MARK.search(text, offset)
        if mark:
            text = text[: mark.start()]
    if "..." in text or "…" in text or ". . ." in text:
        text = _ELLIPSIS.sub(", ", text).strip(" ,;.")
    text = text.rstrip(" ,;")
    if text[-1:] == "." and (not text[-2:-1].isupper() or _undotted_initials_end(text)):
        text = text[:-1]
    if not text:
        return [], et_al
    if "," not in text and ";" not in text and (is_corporate(text) or _is_body_name(text)):
        if text.endswith(".") and text[-3:-1].isupper() and text[-3:-1].isalpha():
            text = text[:-1]  # "WHO.": the sentence's full stop after an acronym
        return [_author({"literal": text})], et_al
    if text.islower() and _LOWER_CASE_NAME.fullmatch(text):
        # "hooks, bell": a name its bearer writes in lower case.
        family, _, given = text.partition(", ")
        return [_author({"family": family, "given": given})], et_al
    first = text.partition(",")[0]
    if " " in first and ";" not in text and is_corporate(first) and _corporate_with_commas(text):
        return [_author({"literal": text})], et_al
    pieces: list[tuple[str, bool]] = []  # (piece, joined to the previous by a comma)
    for group in text.split(";") if ";" in text else (text,):
        if ";" in text and group.rstrip(" .").endswith(" et al"):
            # AMA "Ridker PM, Thuren T, et al; CANTOS Trial Group": "et al" ends a group.
            et_al = True
            group = group.rstrip(" .")[:-6]
        if (
            ";" in text
            and "," not in group
            and (is_corporate(group) or _is_body_name(group.strip()))
        ):
            # "...; SPIRIT-AI and CONSORT-AI Working Group": one group, "and" and all.
            pieces.append((group.strip(" ,;"), False))
            continue
        for chunk in _AND_SPLIT.split(group) if _may_hold_and(group) else (group,):
            if "," not in chunk:
                cleaned = chunk.strip(" ,;")
                if cleaned:
                    pieces.append((cleaned, False))
                continue
            for comma_index, piece in enumerate(chunk.split(",")):
                cleaned = piece.strip(" ,;")
                if cleaned:
                    pieces.append((cleaned, comma_index > 0))
    authors: list[Author] = []
    index = 0
    count = len(pieces)
    whole_names = False  # the list writes names whole: "王小明, 李华, 张伟"
    while index < count:
        piece = pieces[index][0]
        if (
            index + 1 < count
            and _written_whole(piece)
            and _written_whole(following := pieces[index + 1][0])
            and (whole_names or max(len(piece), len(following)) >= 3)
        ):
            # "王小明, 李华", "김민준, 이서연": two names written whole, family first, not
            # one name inverted ("山田, 太郎", both short, stays one).
            authors.append(_author({"family": piece}))
            whole_names = True
            index += 1
            continue
        info = _piece_info(piece)
        if info.compact:
            # "Behrens III, W.W.": "III" read as undotted initials ("King Jr., M. L."
            # comes to the same test below).
            suffixed = _suffixed_family(pieces, index)
            if suffixed is not None:
                authors.append(suffixed)
                index += 2
                continue
            author = _parse_piece(piece)
            if author is not None:
                authors.append(author)
            index += 1
            continue
        if (
            index + 1 < count
            and (info.family or info.capitals)
            # "Gaia Collaboration, Brown, A. G. A.": a body takes no given name.
            and not (" " in piece and is_corporate(piece))
        ):
            given, joined = pieces[index + 1]
            if joined:
                given_info = _piece_info(given)
                # "BECK, U.": a short family name in capitals reads as undotted initials,
                # so it is taken as a family name only before dotted initials.
                # ABNT "SHOR, Ira": before a given name written out, capitals are a family.
                if (
                    info.family
                    or ("." in given and given_info.initials_only)
                    or any(map(str.islower, given))
                ) and (
                    given_info.given
                    and (
                        given_info.initials_only
                        or info.single_family
                        # "Smith, John": the first name inverted (MLA, Chicago), but not
                        # "Dan Weld, Saleema Amershi" (ACM), two full names in a row.
                        or (index == 0 and not _is_full_name(given))
                    )
                ):
                    index += 2
                    if index < count and pieces[index][1] and pieces[index][0].lower() in _SUFFIXES:
                        given = f"{given} {pieces[index][0]}"
                        index += 1
                    authors.append(_inverted(piece, given))
                    continue
        if info.suffix and authors:
            last = authors[-1]
            authors[-1] = _author({"family": last.family, "given": _join_given(last.given, piece)})
            index += 1
            continue
        suffixed = _suffixed_family(pieces, index) if not info.family else None
        if suffixed is not None:
            authors.append(suffixed)
            index += 2
            continue
        author = _parse_piece(piece)
        if author is not None:
            authors.append(author)
        index += 1
    return authors, et_al


def _suffixed_family(pieces: list[tuple[str, bool]], index: int) -> Author | None:
    """The name when ``pieces[index]`` is a family name and a suffix and the next piece
    its dotted initials: "Behrens III, W.W.", "King Jr., M. L." (the suffix joins the
    given names)."""
    piece = pieces[index][0]
    if not piece.endswith(_SUFFIX_ENDINGS) or index + 1 >= len(pieces):
        return None
    given, joined = pieces[index + 1]
    if not joined or "." not in given or not _piece_info(given).initials_only:
        return None
    family, _, suffix = piece.rpartition(" ")
    return _inverted(family, f"{given} {suffix}")


def _is_full_name(piece: str) -> bool:
    """Whether ``piece`` is a given name and a family name written out, "Timnit Gebru".

    Two to four words, each capitalised with a lower-case letter after the first (so no
    initials and no names in capitals) but for middle initials ("Greg S. Corrado"), the
    last one a family name, not a particle.
    """
    words = piece.split()
    if not 2 <= len(words) <= 4 or words[-1].lower() in PARTICLES:
        return False
    last = len(words) - 1
    for position, word in enumerate(words):
        written_out = word[:1].isupper() and any(map(str.islower, word[1:])) and "." not in word
        # "Greg S. Corrado": a middle initial between the names written out.
        middle_initial = 0 < position < last and len(word) == 2 and word[1] == "."
        if not (written_out or middle_initial):
            return False
    return True


def _corporate_with_commas(text: str) -> bool:
    """Whether ``text`` is one organisation's name with commas in it.

    "Department for Levelling Up, Housing and Communities" and "University of London,
    Institute of Education": it opens with an organisation and no piece is initials.
    """
    pieces = [piece.strip() for piece in text.split(",")]
    if not is_corporate(pieces[0]) or len(pieces) > 4:
        return False
    for piece in pieces[1:]:
        words = piece.removeprefix("and ").split()
        # "UCL Institute of Education": capitals in a piece that names a body are no initials.
        if not words or (any(map(is_initials, words)) and not is_corporate(piece)):
            return False
        if not all(
            word[:1].isupper() or word in _BODY_LINKS or word in _AND_WORDS for word in words
        ):
            return False
    return True


def _undotted_initials_end(text: str) -> bool:
    """Whether ``text`` ends with undotted initials and a full stop: "Anderson DR." ."""
    last = text[:-1].rsplit(" ", 1)[-1]
    return 2 <= len(last) <= 4 and last.isalpha() and last.isupper() and " " in text


_BODY_LINKS = frozenset({"of", "on", "for", "the", "in"})


def _is_body_name(text: str) -> bool:
    """Whether ``text`` names an organisation by its shape: "Panel on Climate Change".

    Personal names join their words with particles ("van", "de"), never with "of", "on"
    or "for" between capitalised words.
    """
    words = text.split()
    if len(words) < 3 or not any(word in _BODY_LINKS for word in words[1:-1]):
        return False
    # "Centers for Disease Control and Prevention": "and" may join the body's words too.
    return all(word in _BODY_LINKS or word in _AND_WORDS or word[:1].isupper() for word in words)


_AND_WORDS = frozenset({"and", "&"})


class _PieceInfo(NamedTuple):
    """What :func:`parse_names` needs to know about one piece of a name list."""

    compact: bool
    """A compact name, "Smith JA": words that are not initials, then undotted initials."""
    family: bool
    """The piece may be the family part of an inverted name (:func:`_is_family_piece`)."""
    given: bool
    """The piece may be the given part of an inverted name (:func:`_is_given_piece`)."""
    initials_only: bool
    single_family: bool
    """The piece has exactly one word that is not a particle."""
    suffix: bool
    """The piece is a suffix such as "Jr."."""
    capitals: bool
    """The piece is one word of two or more capital letters ("BECK", "LI")."""


_new_tuple = tuple.__new__


_CAPITALISED_WORD = _PieceInfo(
    compact=False,
    family=True,
    given=True,
    initials_only=False,
    single_family=True,
    suffix=False,
    capitals=False,
)
"""What :func:`_piece_info` finds for one capitalised word ("Smith", "Müller"): a family
name, or a given name after one."""


_COMPACT_NAME = _PieceInfo(
    compact=True,
    family=False,
    given=True,
    initials_only=False,
    single_family=False,
    suffix=False,
    capitals=False,
)
"""What :func:`_piece_info` finds for "Smith JA" (Vancouver): a family name, undotted initials."""
_DIRECT_NAME = _PieceInfo(
    compact=False,
    family=False,
    given=True,
    initials_only=False,
    single_family=False,
    suffix=False,
    capitals=False,
)
"""What :func:`_piece_info` finds for "J. Smith": an initial, then a family name."""


def _is_capitalised_word(word: str) -> bool:
    """One word of letters, a capital and then lower case (so no initials), neither a
    particle nor a suffix: "Smith", "Müller"."""
    if not (word.isalpha() and word[:1].isupper() and word[1:].islower()):
        return False
    lower = word.lower()
    return lower not in PARTICLES and lower not in _SUFFIXES


@lru_cache(maxsize=8192)
def _piece_info(piece: str) -> _PieceInfo:
    # Fast paths for the commonest pieces (what the general reading below finds for them).
    if piece.isalpha():
        if piece[:1].isupper() and piece[1:].islower():
            lower = piece.lower()
            if lower not in PARTICLES and lower not in _SUFFIXES:
                return _CAPITALISED_WORD  # "Smith" (see _is_capitalised_word)
    elif piece.count(" ") == 1:
        first, last = piece.split(" ")
        if _is_capitalised_word(first):
            if (
                last.isalpha()
                and last.isupper()
                and len(last) <= 4
                and last.lower() not in PARTICLES
                and last.lower() not in _SUFFIXES
            ):
                return _COMPACT_NAME  # "Smith JA"
        elif (
            len(first) == 2
            and first[1] == "."
            and first[0].isupper()
            and first[0].isalpha()
            and first.lower() not in PARTICLES
            and _is_capitalised_word(last)
        ):
            return _DIRECT_NAME  # "J. Smith"
    # One pass over the words with plain loops: generator expressions inside any() and
    # all() cost a function object and a frame each, and this runs for every new piece.
    words = piece.split()
    count = len(words)
    initials = list(map(is_initials, words))
    core_count = 0  # words that are not particles
    core_initials = False  # one of them is initials
    core_word = ""  # the last of them
    for word, initial in zip(words, initials, strict=True):
        if word.lower() not in PARTICLES:
            core_count += 1
            core_initials = core_initials or initial
            core_word = word
    if count >= 2 and words[-1].lower() in PARTICLES and words[-1].istitle():
        # A particle joins the word after it: last in a piece, "Das" ("Tathagata Das"),
        # "Le" ("Quoc Le") is a family name of its own.
        core_count += 1
        core_word = words[-1]
    # tuple.__new__ builds the named tuple without the Python-level __new__ it generates.
    return _new_tuple(
        _PieceInfo,
        (
            count >= 2 and initials[-1] and "." not in words[-1] and not any(initials[:-1]),
            _is_family_piece(words, initials, core_count, core_initials, core_word),
            _is_given_piece(words, initials),
            all(initials),
            core_count == 1,
            piece.lower() in _SUFFIXES,
            count == 1 and len(piece) >= 2 and piece.isalpha() and piece.isupper(),
        ),
    )
