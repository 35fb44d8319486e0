"""Grants named in a case study, and what the text claims about them.

A case study's "Grants:" block (or its underpinning-research text) names grants such as
"ESRC Research Grants ES/N005945/2 (Sheffield, Sep 2016–Dec 2019, GBP659,794)".
:func:`parse_grants` reads each grant's reference, funder, and the claims in the
parentheses that follow it: lead organisation, period and amount.

References recognised: UK Research and Innovation council references ``XX/XXXXXXX/N``
with the prefixes ES/ (ESRC), EP/ (EPSRC), AH/ (AHRC), MR/ (MRC), NE/ (NERC),
BB/ (BBSRC) and ST/ (STFC), and Innovate UK project numbers (five to eight digits)
where "Innovate UK" is named in the same sentence.

:func:`grant_findings` makes the checks that need no network: a period that ends
before it starts, a funder named in the text that disagrees with the reference's
prefix, and the same reference given twice with different claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refenrich.models import DocumentFinding, PartialDate, Severity

__all__ = ["COUNCIL_PREFIXES", "Grant", "grant_findings", "parse_grants"]

COUNCIL_PREFIXES = {
    "ES": "ESRC",
    "EP": "EPSRC",
    "AH": "AHRC",
    "MR": "MRC",
    "NE": "NERC",
    "BB": "BBSRC",
    "ST": "STFC",
}
_FUNDER_NAMES = (*COUNCIL_PREFIXES.values(), "Innovate UK", "UKRI")

_COUNCIL_REF = re.compile(
    r"\b(?P<prefix>ES|EP|AH|MR|NE|BB|ST)/(?P<body>[A-Z0-9]{4,9})/(?P<n>\d{1,2})\b"
)
_INNOVATE = re.compile(r"\binnovate[ \t]*uk\b", re.I)
_INNOVATE_NUMBER = re.compile(r"(?<![\d,./£])\b(?P<number>\d{5,8})\b(?![,.]?\d)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DASH = r"[ \t]*(?:-|\u2013|\u2014|to)[ \t]*"
_PERIOD = re.compile(
    rf"(?P<m1>{_MONTH})?[ \t]*(?P<y1>(?:19|20)\d\d)?{_DASH}(?P<m2>{_MONTH})?[ \t]*(?P<y2>(?:19|20)\d\d)",
    re.I,
)
_AMOUNT = re.compile(
    r"(?:GBP|£|UKP)[ \t]*(?P<value>\d[\d,]*(?:\.\d+)?)[ \t]*(?P<scale>k|m|million|bn)?\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Grant:
    """A grant as the case study gives it.

    ``reference`` is the funder's reference ("ES/N005945/2"); ``funder`` comes from the
    reference's prefix, else from the text; ``organisation``, ``start``, ``end`` and
    ``amount`` (in pounds) are what the text claims, None where it says nothing.
    """

    reference: str
    funder: str | None
    text: str
    organisation: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    amount: float | None = None
    funder_named: str | None = None


def _month(value: str | None) -> int | None:
    if not value:
        return None
    return _MONTHS.get(value.lower().rstrip("."))


def _period(text: str) -> tuple[PartialDate | None, PartialDate | None, tuple[int, int] | None]:
    match = _PERIOD.search(text)
    if match is None or not (match.group("y1") or match.group("m1")):
        return None, None, None
    end_year = int(match.group("y2"))
    start_year = int(match.group("y1")) if match.group("y1") else end_year
    start = PartialDate(year=start_year, month=_month(match.group("m1")))
    end = PartialDate(year=end_year, month=_month(match.group("m2")))
    return start, end, match.span()


def _amount(text: str) -> tuple[float | None, tuple[int, int] | None]:
    match = _AMOUNT.search(text)
    if match is None:
        return None, None
    value = float(match.group("value").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    value *= {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}.get(scale, 1.0)
    return value, match.span()


def _claims(inside: str) -> tuple[str | None, PartialDate | None, PartialDate | None, float | None]:
    start, end, period_span = _period(inside)
    amount, amount_span = _amount(inside)
    rest = inside
    for span in sorted((s for s in (period_span, amount_span) if s), reverse=True):
        rest = rest[: span[0]] + "," + rest[span[1] :]
    parts = [part.strip(" ;:.") for part in rest.split(",")]
    organisation = next((part for part in parts if part and re.search(r"[A-Za-z]{3}", part)), None)
    return organisation, start, end, amount


def _parenthesis_after(text: str, position: int) -> str | None:
    """The text of a parenthesis opening right after ``position`` (spaces allowed)."""
    match = re.match(r"[ \t]*\(([^()]*)\)", text[position:])
    return match.group(1) if match else None


def _funder_named(before: str) -> str | None:
    sentence = re.split(r"[.;]\s", before)[-1]
    found = [(sentence.rfind(name), name) for name in _FUNDER_NAMES if name in sentence]
    return max(found)[1] if found else None


def parse_grants(text: str) -> list[Grant]:
    """Every grant reference in ``text``, with the claims that follow it in parentheses."""
    flat = " ".join(text.split())
    grants: list[Grant] = []
    boundaries = sorted(
        m.end() for pattern in (_COUNCIL_REF, _INNOVATE_NUMBER) for m in pattern.finditer(flat)
    )
    for match in _COUNCIL_REF.finditer(flat):
        inside = _parenthesis_after(flat, match.end())
        # The funder named for a grant is the one named since the previous grant.
        since = max((end for end in boundaries if end <= match.start()), default=0)
        organisation, start, end, amount = _claims(inside) if inside else (None, None, None, None)
        grants.append(
            Grant(
                reference=match.group(0),
                funder=COUNCIL_PREFIXES[match.group("prefix")],
                text=match.group(0) + (f" ({inside})" if inside else ""),
                organisation=organisation,
                start=start,
                end=end,
                amount=amount,
                funder_named=_funder_named(flat[since : match.start()]),
            )
        )
    for sentence in re.split(r"(?<=[.;])\s", flat):
        if not _INNOVATE.search(sentence):
            continue
        for match in _INNOVATE_NUMBER.finditer(sentence):
            inside = _parenthesis_after(sentence, match.end())
            organisation, start, end, amount = (
                _claims(inside) if inside else (None, None, None, None)
            )
            grants.append(
                Grant(
                    reference=match.group("number"),
                    funder="Innovate UK",
                    text=match.group(0) + (f" ({inside})" if inside else ""),
                    organisation=organisation,
                    start=start,
                    end=end,
                    amount=amount,
                    funder_named="Innovate UK",
                )
            )
    return grants


def _as_tuple(date: PartialDate) -> tuple[int, int]:
    return (date.year, date.month or 0)


def grant_findings(grants: list[Grant]) -> list[DocumentFinding]:
    """Checks on the grants' claims that need no network (see the module docstring)."""
    findings: list[DocumentFinding] = []
    seen: dict[str, Grant] = {}
    for grant in grants:
        if grant.start and grant.end and _as_tuple(grant.end) < _as_tuple(grant.start):
            findings.append(
                DocumentFinding(
                    code="grant_period_inverted",
                    severity=Severity.WARNING,
                    message=f"Grant {grant.reference}: the period given ends ({grant.end}) "
                    f"before it starts ({grant.start}).",
                    claimed=f"{grant.start} to {grant.end}",
                )
            )
        named = grant.funder_named
        if named and grant.funder and named not in (grant.funder, "UKRI"):
            findings.append(
                DocumentFinding(
                    code="grant_funder_mismatch",
                    severity=Severity.WARNING,
                    message=f"Grant {grant.reference} is named as {named}'s, but its "
                    f"reference is a {grant.funder} reference.",
                    claimed=named,
                    actual=grant.funder,
                )
            )
        earlier = seen.get(grant.reference)
        if (
            earlier is not None
            and (earlier.amount, earlier.start, earlier.end)
            != (
                grant.amount,
                grant.start,
                grant.end,
            )
            and grant.text != grant.reference
            and earlier.text != earlier.reference
        ):
            findings.append(
                DocumentFinding(
                    code="grant_claims_differ",
                    severity=Severity.WARNING,
                    message=f"Grant {grant.reference} is given twice with different details: "
                    f"'{earlier.text}' and '{grant.text}'.",
                    claimed=grant.text,
                    actual=earlier.text,
                )
            )
        seen.setdefault(grant.reference, grant)
    return findings
