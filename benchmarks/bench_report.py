"""Build the PDF gap report for the 1,000-respondent synthetic assessment
(10 disciplines, 300 questions, 20 teams). Prints one JSON line."""

import io
import json
import time
import tracemalloc

from _setup import django_setup, peak_mb, synthetic_assessment, test_database


def main() -> None:
    django_setup()
    from pypdf import PdfReader

    from reports.context import report_document
    from reports.pdf import build_report_pdf

    with test_database():
        assessment = synthetic_assessment(1000)
        start = time.perf_counter()
        pdf = build_report_pdf(report_document(assessment))
        build_s = time.perf_counter() - start
        # A second build for memory: tracemalloc slows Python down several times.
        tracemalloc.start()
        build_report_pdf(report_document(assessment))
        _, build_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    # peak_mb: the whole process, generating 300,000 answers included; build_peak_mb:
    # what the load, scoring and PDF build allocate (tracemalloc, Python heap).
    print(json.dumps({"pages": pages, "build_s": round(build_s, 2), "peak_mb": peak_mb(),
                      "build_peak_mb": round(build_peak / 2**20, 1), "bytes": len(pdf)}))


if __name__ == "__main__":
    main()
