"""Small promises of the record sources: DataCite titles read without HTML, and a records
file that holds a DOI twice keeps the first record, as a built index does."""

from __future__ import annotations

import json
from pathlib import Path

from refenrich.index import IndexSource, build_index
from refenrich.sources.doiorg import csl_to_work
from refenrich.sources.records import RecordsSource


def test_a_datacite_title_loses_its_html() -> None:
    work = csl_to_work(
        {
            "DOI": "10.5281/ZENODO.123",
            "type": "dataset",
            "title": "A <i>dataset</i> of <sub>CO2</sub>",
        },
        "DataCite",
    )
    assert work.title == "A dataset of CO2"


def test_a_doi_held_twice_keeps_its_first_record_in_a_file_and_an_index(tmp_path: Path) -> None:
    records = tmp_path / "dup.jsonl"
    records.write_text(
        "\n".join(
            json.dumps({"DOI": "10.5555/dup.1", "title": [title], "type": "journal-article"})
            for title in ("The first title", "The second title")
        )
        + "\n"
    )
    from_file = RecordsSource.from_path(records).get_work("10.5555/dup.1")
    build_index([records], tmp_path / "dup.sqlite")
    from_index = IndexSource(tmp_path / "dup.sqlite").get_work("10.5555/dup.1")
    assert from_file is not None
    assert from_index is not None
    assert from_file.title == from_index.title == "The first title"
