"""The public API: one sorted ``__all__`` that names every public object of the package."""

from __future__ import annotations

import refenrich


def test_all_is_sorted_and_importable() -> None:
    # isort style, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions
    def order(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert refenrich.__all__ == sorted(refenrich.__all__, key=order)
    for name in refenrich.__all__:
        assert getattr(refenrich, name) is not None


def test_every_public_name_is_exported() -> None:
    public = {name for name in vars(refenrich) if not name.startswith("_")}
    modules = {name for name, value in vars(refenrich).items() if type(value).__name__ == "module"}
    assert public - modules <= set(refenrich.__all__)


def test_a_report_reads_back_its_own_dump() -> None:
    """A tool builder caches or sends a Report: every dump form must validate back equal
    (``doi`` and ``work`` are written for readers and derived again)."""
    from pathlib import Path

    records = Path(__file__).parent.parent / "examples" / "jam-and-justice.crossref.jsonl"
    report = refenrich.check(
        "Richardson, L. (2019) Why decentralize decision making? Governance, 32, 159-176. "
        "doi:10.1111/gove.12365\nNobody, A. (2031) A work no record holds. Nowhere, 1, 1-2.",
        source=refenrich.RecordsSource.from_path(records),
    )
    assert report.results[0].work is not None
    assert refenrich.Report.model_validate_json(report.model_dump_json()) == report
    assert refenrich.Report.model_validate(report.model_dump()) == report
    assert refenrich.Report.model_validate(report.model_dump(mode="json")) == report
    for result in report.results:
        assert refenrich.CheckResult.model_validate(result.model_dump()) == result


def test_a_mixed_up_source_is_a_plain_type_error() -> None:
    import asyncio
    from pathlib import Path

    import pytest

    records = Path(__file__).parent.parent / "examples" / "jam-and-justice.crossref.jsonl"
    sync = refenrich.RecordsSource.from_path(records)
    text = "Richardson, L. (2019) Why decentralize decision making? doi:10.1111/gove.12365"
    with pytest.raises(TypeError, match="RecordsSource is a sync source: use check"):
        asyncio.run(refenrich.acheck(text, source=sync))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="AsyncRecordsSource is an async source: use acheck"):
        refenrich.check(text, source=refenrich.AsyncRecordsSource(sync))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got str"):
        refenrich.check(text, source="not a source")  # type: ignore[arg-type]
