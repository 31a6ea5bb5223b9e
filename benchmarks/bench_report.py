"""Build the gap report as PDF and Word, and the executive deck, for the 1,000-respondent
synthetic assessment (10 disciplines, 300 questions, 20 teams). Prints one JSON line:
per format the build time (loading and scoring included, as the Celery task does it),
the memory the build allocates, and the file's size; pages of the PDF, slides of the deck."""

import io
import json
import time
import tracemalloc
import zipfile

from _setup import django_setup, peak_mb, synthetic_assessment, test_database


def _builders() -> dict:
    from reports.office import build_report_docx, build_report_pptx
    from reports.pdf import build_report_pdf

    return {"pdf": build_report_pdf, "docx": build_report_docx, "pptx": build_report_pptx}


def _pages(fmt: str, data: bytes) -> int | None:
    if fmt == "pdf":
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(data)).pages)
    if fmt == "pptx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(1 for n in archive.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml"))
    return None  # Word paginates when it opens the file


def main() -> None:
    django_setup()
    from reports.context import report_document

    figures: dict[str, object] = {"respondents": 1000}
    with test_database():
        assessment = synthetic_assessment(1000)
        for fmt, build in _builders().items():
            start = time.perf_counter()
            data = build(report_document(assessment))
            build_s = time.perf_counter() - start
            # A second build for memory: tracemalloc slows Python down several times.
            tracemalloc.start()
            build(report_document(assessment))
            _, build_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            figures[fmt] = {"build_s": round(build_s, 2), "build_peak_mb": round(build_peak / 2**20, 1),
                            "bytes": len(data), "pages": _pages(fmt, data)}
    # peak_mb: the whole process, generating 300,000 answers included; build_peak_mb:
    # what the load, scoring and build allocate (tracemalloc: the Python heap, not the
    # chart rasteriser's C buffers, which the process peak includes).
    figures["peak_mb"] = peak_mb()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
