"""The Word report and the deck opened by a real office suite: LibreOffice converts both to
PDF without an error, and the converted text carries the client's name and the overall
score exactly as the PDF report prints them.

Needs `soffice` (Debian: libreoffice-writer-nogui, libreoffice-impress-nogui). Without it
the tests skip, unless OPSASSESS_REQUIRE_OFFICE=1 (.ci/run) makes a skip a failure."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports.office import build_report_docx, build_report_pptx
from reports.pdf import build_report_pdf
from reports.presentation import build_document
from tests.conftest import skip_or_fail
from tests.reports_tests.report_builders import inputs, page_count, pdf_text

CLIENT = "Müller & Söhne <Ops> AG"
OVERALL = r"operates at (\d\.\d) \(.*?\) against a target of (\d\.\d)"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        skip_or_fail("LibreOffice not found (apt-get install libreoffice-writer-nogui libreoffice-impress-nogui)",
                     "OPSASSESS_REQUIRE_OFFICE")
    return found  # type: ignore[return-value]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, int]]:
    """The PDF report's text and pages, and those of the .docx and .pptx as LibreOffice converts them."""
    soffice = _soffice()
    folder = tmp_path_factory.mktemp("office")
    doc = build_document(inputs(organization=CLIENT))
    (folder / "report.docx").write_bytes(build_report_docx(doc))
    (folder / "deck.pptx").write_bytes(build_report_pptx(doc))
    profile = folder / "profile"  # a profile of its own: no lock shared with another LibreOffice
    run = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(folder), str(folder / "report.docx"), str(folder / "deck.pptx")],
        capture_output=True, text=True, timeout=240, check=False)
    assert run.returncode == 0, run.stderr
    assert "error" not in (run.stdout + run.stderr).lower(), run.stdout + run.stderr
    pdfs = {"pdf": build_report_pdf(doc)}
    for name, fmt in (("report", "docx"), ("deck", "pptx")):
        output = Path(folder / f"{name}.pdf")
        assert output.exists(), f"LibreOffice wrote no PDF for the {fmt}: {run.stdout} {run.stderr}"
        pdfs[fmt] = output.read_bytes()
    return {fmt: (" ".join(pdf_text(pdf).split()), page_count(pdf)) for fmt, pdf in pdfs.items()}


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_libreoffice_converts_it_with_the_client_name_whole(converted, fmt) -> None:
    assert CLIENT in converted[fmt][0]


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_the_converted_file_prints_the_pdfs_overall_score_and_target(converted, fmt) -> None:
    expected = re.search(OVERALL, converted["pdf"][0]).groups()
    assert re.search(OVERALL, converted[fmt][0]).groups() == expected


def test_the_converted_deck_has_one_page_per_slide(converted) -> None:
    assert 6 <= converted["pptx"][1] <= 10
