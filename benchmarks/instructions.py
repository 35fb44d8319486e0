"""CPU instructions per reference, counted by callgrind: a speed figure machine load cannot move.

Wall-clock and CPU-time rates on a shared machine swing by a factor of two from run to
run; an instruction count does not. This script runs one phase once to warm up (imports,
compiled patterns), empties refenrich's memo caches, then runs it again between two marker
calls (``srand48`` and ``seed48`` from the C library, which Python never calls itself).
Run under valgrind (the script starts it when asked with ``--valgrind``), callgrind counts
only what lies between the markers::

    python benchmarks/instructions.py --valgrind rerun-mixed   # cached re-run, half by search
    python benchmarks/instructions.py --valgrind rerun-dois    # cached re-run, DOIs only
    python benchmarks/instructions.py --valgrind parse-real    # the parser on the real strings
    python benchmarks/instructions.py --valgrind parse-synthetic  # ... on parse_speed's corpus

The re-runs reuse ``crossref_cache.py``'s primed cache in ``--keep DIR`` (default
/tmp/refenrich-instructions; primed on first use). Needs valgrind.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossref_cache
from crossref_common import make_records, write_documents
from memos import forget_memos

from refenrich.gcpolicy import relaxed_gc
from refenrich.testing import FakeCrossref
from refenrich.text.parse import parse_reference

_REAL = Path(__file__).resolve().parent / "real_refs"
_SIZE = 1000


def _between_markers(run: object) -> None:
    libc = ctypes.CDLL(None)
    libc.srand48(1)
    run()  # type: ignore[operator]
    libc.seed48((ctypes.c_ushort * 3)(1, 2, 3))


def _rerun(label: str, keep: Path) -> int:
    records = make_records(_SIZE)
    root = keep / f"n{_SIZE}"
    with FakeCrossref(records) as server:
        documents = write_documents(
            records, root / label, doi_every=2 if label == "mixed" else 10**9
        )
        cache_path = root / f"{label}.sqlite3"
        if not crossref_cache.reuse_primed(cache_path, server.url):
            asyncio.run(crossref_cache.prime(server.url, documents, cache_path))
            cache_path.with_suffix(".url").write_text(server.url)

        def once() -> None:
            with relaxed_gc():
                asyncio.run(crossref_cache.rerun(server.url, documents, cache_path, None))

        once()
        forget_memos()
        _between_markers(once)
    return _SIZE


def _parse_real() -> int:
    texts = [
        json.loads(line)["text"]
        for split in ("dev", "dev2", "heldout")
        if (_REAL / f"{split}.jsonl").exists()
        for line in (_REAL / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return _parse_counted(texts)


def _parse_synthetic() -> int:
    """The parser on parse_speed.py's synthetic held-out corpus (3,600 references)."""
    from parse_corpus import build

    return _parse_counted([sample.text for sample in build("heldout", 300)])


def _parse_counted(texts: list[str]) -> int:
    """Parse ``texts`` once to warm up, then again between the markers; how many."""

    def once() -> None:
        for text in texts:
            parse_reference(text)

    once()
    forget_memos()
    _between_markers(once)
    return len(texts)


def _measure(phase: str, keep: Path) -> None:
    """Start this script under callgrind and print instructions per reference."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "cg"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--zero-before=srand48_r",
            "--dump-before=seed48_r",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            phase,
            "--keep",
            str(keep),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        dumps = sorted(Path(scratch).glob("cg.*"))
        if done.returncode != 0 or not dumps:
            raise SystemExit(f"callgrind run failed:\n{done.stderr[-2000:]}")
        summary = next(
            line for line in dumps[0].read_text().splitlines() if line.startswith("summary:")
        )
        instructions = int(summary.split()[1])
        count = int(done.stdout.strip().splitlines()[-1])
        print(
            f"{phase}: {instructions:,} instructions for {count} references = "
            f"{instructions / count:,.0f} per reference"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "phase", choices=("rerun-mixed", "rerun-dois", "parse-real", "parse-synthetic")
    )
    parser.add_argument("--valgrind", action="store_true", help="run under callgrind and report")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/refenrich-instructions"))
    args = parser.parse_args()
    if args.valgrind:
        _measure(args.phase, args.keep)
        return
    if args.phase == "parse-real":
        print(_parse_real())
    elif args.phase == "parse-synthetic":
        print(_parse_synthetic())
    else:
        print(_rerun(args.phase.removeprefix("rerun-"), args.keep))


if __name__ == "__main__":
    main()
