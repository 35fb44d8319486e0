"""REF benchmark: case studies checked per second, peak memory, PDF pages read per second.

    python benchmarks/ref_bench.py [--count 1000] [--pages 200]

1. ``--count`` synthetic case studies (refenrich.testing.ref_samples) are checked offline
   against their outputs' records held locally (RecordsSource): structure, outputs, REF
   2021 rules, corroborating sources and grant parsing, as ``refenrich check`` does.
2. A PDF of ``--pages`` pages (running header, page-number footer, 45 lines a page) is
   written with reportlab and read back with :func:`refenrich.documents.read_document`;
   the target is at least 20 pages a second.

Peak memory is the process's maximum resident set size (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from refenrich.documents import read_document
from refenrich.ref import check_case_study, summarise
from refenrich.sources.records import RecordsSource
from refenrich.testing.ref_samples import generate_case_studies


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_case_studies(count: int) -> None:
    studies = list(generate_case_studies(count, seed=9))
    source = RecordsSource(record for _, records in studies for record in records)
    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    outputs = 0
    started = time.perf_counter()
    for number, (text, _) in enumerate(studies):
        check = check_case_study(text, source=source, name=f"case-{number}")
        row = summarise(check)
        statuses[row.status] += 1
        outputs += row.outputs
        codes.update(f.code for f in check.findings)
    elapsed = time.perf_counter() - started
    print(f"case studies: {count} checked offline in {elapsed:.2f} s")
    print(f"  {count / elapsed:.1f} case studies/s, {outputs / elapsed:.1f} outputs/s")
    print(f"  statuses: {dict(sorted(statuses.items()))}")
    print(f"  findings: {dict(sorted(codes.items()))}")
    print(f"  peak memory (max RSS): {_peak_mib():.1f} MiB")


def bench_pdf(pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.pdf"
        pdf = canvas.Canvas(str(path), pagesize=A4)
        width, height = A4
        for page in range(1, pages + 1):
            pdf.setFont("Helvetica", 9)
            pdf.drawString(56, height - 40, "Impact case study (REF3)")
            pdf.drawCentredString(width / 2, 30, f"Page {page}")
            pdf.setFont("Helvetica", 10)
            for line in range(45):
                pdf.drawString(
                    56,
                    height - 80 - 13 * line,
                    f"Line {line} of page {page}: the research informed co-production and recom-"
                    if line % 9 == 8
                    else f"Line {line} of page {page} about policy.",
                )
            pdf.showPage()
        pdf.save()
        started = time.perf_counter()
        text = read_document(path)
        elapsed = time.perf_counter() - started
    assert "Impact case study (REF3)" not in text
    rate = pages / elapsed
    verdict = "meets" if rate >= 20 else "MISSES"
    print(
        f"PDF: {pages} pages read in {elapsed:.2f} s: {rate:.1f} pages/s ({verdict} the 20/s target)"
    )
    print(f"  peak memory (max RSS): {_peak_mib():.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    bench_case_studies(args.count)
    bench_pdf(args.pages)


if __name__ == "__main__":
    main()
