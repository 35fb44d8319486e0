"""A few invented Crossref work records shaped like real ``/works`` messages.

All DOIs use Crossref's test prefix ``10.5555``, so they can never collide with real
works. The set covers the cases a reference checker meets: a journal article, a book,
a book chapter, a retracted article with its retraction notice, and a preprint that
was later published as an article.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["sample_works"]

_SAMPLES: tuple[dict[str, Any], ...] = (
    {
        "DOI": "10.5555/jgs.2019.0142",
        "type": "journal-article",
        "title": ["Sediment transport in braided rivers under variable discharge"],
        "author": [
            {"given": "Maria", "family": "Okafor", "sequence": "first", "affiliation": []},
            {
                "given": "Jonas",
                "family": "Lindqvist",
                "ORCID": "https://orcid.org/0000-0002-1825-0097",
                "authenticated-orcid": False,
                "sequence": "additional",
                "affiliation": [],
            },
        ],
        "container-title": ["Journal of Geomorphic Studies"],
        "short-container-title": ["J. Geomorph. Stud."],
        "publisher": "Example Society Press",
        "volume": "44",
        "issue": "3",
        "page": "211-229",
        "ISSN": ["5555-0001", "5555-000X"],
        "published-print": {"date-parts": [[2019, 3]]},
        "published-online": {"date-parts": [[2019, 1, 15]]},
        "issued": {"date-parts": [[2019, 1, 15]]},
        "URL": "https://doi.org/10.5555/jgs.2019.0142",
        "language": "en",
    },
    {
        "DOI": "10.5555/book.river-systems",
        "type": "book",
        "title": ["River Systems: Form and Process"],
        "subtitle": ["A Field Guide"],
        "author": [{"given": "Helen", "family": "Achterberg", "sequence": "first"}],
        "publisher": "Example University Press",
        "ISBN": ["9780000000002"],
        "published-print": {"date-parts": [[2016]]},
        "issued": {"date-parts": [[2016]]},
        "URL": "https://doi.org/10.5555/book.river-systems",
    },
    {
        "DOI": "10.5555/book.river-systems.ch4",
        "type": "book-chapter",
        "title": ["Floodplain sedimentation"],
        "author": [{"given": "Rui", "family": "Tavares", "sequence": "first"}],
        "editor": [{"given": "Helen", "family": "Achterberg", "sequence": "first"}],
        "container-title": ["River Systems: Form and Process"],
        "publisher": "Example University Press",
        "page": "87-112",
        "ISBN": ["9780000000002"],
        "published-print": {"date-parts": [[2016]]},
        "issued": {"date-parts": [[2016]]},
    },
    {
        "DOI": "10.5555/jgs.2020.0007",
        "type": "journal-article",
        "title": ["Glacial meltwater pulses and delta progradation"],
        "author": [
            {"given": "Piotr", "family": "Nowak", "sequence": "first"},
            {"name": "Delta Monitoring Consortium", "sequence": "additional"},
        ],
        "container-title": ["Journal of Geomorphic Studies"],
        "short-container-title": ["J. Geomorph. Stud."],
        "publisher": "Example Society Press",
        "volume": "45",
        "issue": "1",
        "page": "1-19",
        "ISSN": ["5555-0001"],
        "published-online": {"date-parts": [[2020, 2, 3]]},
        "issued": {"date-parts": [[2020, 2, 3]]},
        "updated-by": [
            {
                "DOI": "10.5555/jgs.2021.retraction.3",
                "type": "retraction",
                "source": "publisher",
                "label": "Retraction",
                "updated": {"date-parts": [[2021, 6, 1]]},
            }
        ],
    },
    {
        "DOI": "10.5555/jgs.2021.retraction.3",
        "type": "journal-article",
        "title": ["Retraction notice: Glacial meltwater pulses and delta progradation"],
        "container-title": ["Journal of Geomorphic Studies"],
        "publisher": "Example Society Press",
        "volume": "46",
        "page": "300",
        "issued": {"date-parts": [[2021, 6, 1]]},
        "update-to": [
            {
                "DOI": "10.5555/jgs.2020.0007",
                "type": "retraction",
                "source": "publisher",
                "label": "Retraction",
                "updated": {"date-parts": [[2021, 6, 1]]},
            }
        ],
    },
    {
        "DOI": "10.5555/preprint.8841",
        "type": "posted-content",
        "subtype": "preprint",
        "title": ["Sediment transport in braided rivers under variable discharge"],
        "author": [
            {"given": "Maria", "family": "Okafor", "sequence": "first"},
            {"given": "Jonas", "family": "Lindqvist", "sequence": "additional"},
        ],
        "publisher": "Example Preprint Server",
        "posted": {"date-parts": [[2018, 9, 30]]},
        "issued": {"date-parts": [[2018, 9, 30]]},
        "relation": {
            "is-preprint-of": [
                {"id-type": "doi", "id": "10.5555/jgs.2019.0142", "asserted-by": "subject"}
            ]
        },
    },
)


def sample_works() -> list[dict[str, Any]]:
    """A fresh copy of the sample records (callers may modify it freely)."""
    return copy.deepcopy(list(_SAMPLES))
