"""Exporting check results as bibliographies: BibTeX/biblatex, CSL-JSON and RIS.

All three writers start from the same :class:`~refenrich.export.records.ExportRecord`
per result, so they agree on what is exported (the resolved record, the reference as
written, or the book behind a review), on types and on citation keys.
"""

from refenrich.export.bibtex import (
    Flavour,
    escape_latex,
    format_entry,
    reference_to_entry,
    to_bibtex,
    work_to_entry,
)
from refenrich.export.csljson import record_to_csl, to_csl_json
from refenrich.export.keys import DEFAULT_KEY_PATTERN, KEY_FIELDS, citation_key, unique_keys
from refenrich.export.markup import parse_markup
from refenrich.export.records import ExportRecord, Kind, record_for_result, records_for_results
from refenrich.export.ris import record_to_ris, to_ris

__all__ = [
    "DEFAULT_KEY_PATTERN",
    "KEY_FIELDS",
    "ExportRecord",
    "Flavour",
    "Kind",
    "citation_key",
    "escape_latex",
    "format_entry",
    "parse_markup",
    "record_for_result",
    "record_to_csl",
    "record_to_ris",
    "records_for_results",
    "reference_to_entry",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
    "unique_keys",
    "work_to_entry",
]
