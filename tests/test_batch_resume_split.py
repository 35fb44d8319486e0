"""--resume reuses a stored result only for the very reference it belongs to: the same
document split another way (here --lines) gets its own results, never another
reference's. Records: examples/jam-and-justice.crossref.jsonl."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from refenrich.cli import main

from .conftest import EXAMPLE_RECORDS

DOCUMENT = (
    "References\n\n"
    "Richardson, L., Durose, C. and Perry, B. (2019) 'Three tyrannies of participatory\n"
    "governance', Journal of Chinese Governance, 4(2), pp. 123-143.\n\n"
    "Durose, C., Richardson, L. and Perry, B. (2018) 'Craft metrics to value\n"
    "co-production', Nature, 562, pp. 32-33.\n"
)


def _run(folder: Path, *extra: str) -> tuple[list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    command = ["check", str(folder), "--index", str(EXAMPLE_RECORDS), "--offline"]
    main([*command, "--format", "jsonl", *extra], environ={}, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_results_of_another_split_are_not_reused(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    (folder / "b.txt").write_text(DOCUMENT, encoding="utf-8")
    state = str(tmp_path / "state.jsonl")
    whole, _ = _run(folder, "--resume", state)
    assert [row["status"] for row in whole] == ["verified"] * 4
    resumed, err = _run(folder, "--resume", state, "--lines")
    fresh, _ = _run(folder, "--lines")
    assert [(r["raw"], r["status"], r["doi"]) for r in resumed] == [
        (r["raw"], r["status"], r["doi"]) for r in fresh
    ]
    assert "0 came from the state file" in err
    # back to the first split: the stored results are --lines' now, so it checks afresh
    again, _ = _run(folder, "--resume", state)
    assert again == whole
    resumed_again, err = _run(folder, "--resume", state)
    assert resumed_again == whole
    assert "4 came from the state file" in err
