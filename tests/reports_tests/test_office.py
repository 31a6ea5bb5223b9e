"""The Word report and the executive deck, built from plain data and read back with
python-docx and python-pptx: the same figures as the PDF, real headings and tables,
the client's name whole, the draft stamp while the assessment is open."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from pptx import Presentation

from reports.office import build_report_docx, build_report_pptx
from reports.pdf import build_report_pdf
from reports.presentation import ReportDocument, build_document
from reports.scoring import score_assessment
from tests.reports_tests.report_builders import HOSTILE, SECTIONS, assessment_data, inputs, pdf_text

WORD_HEADINGS = [s for s in SECTIONS if s != "Contents"]


def docx_text(data: bytes) -> str:
    """Every paragraph, table cell, header and footer of the document, in order, one per line."""
    document = Document(io.BytesIO(data))
    lines = []
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            lines += [p.text for p in part.paragraphs]
    lines += [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def slides_text(data: bytes) -> list[str]:
    """The text on each slide (text boxes and table cells), one string per slide."""
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append("\n".join(parts))
    return texts


def table_rows(table) -> list[list[str]]:  # noqa: ANN001 - a docx or pptx table
    return [[cell.text for cell in row.cells] for row in table.rows]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def doc() -> ReportDocument:
    return build_document(inputs())


@pytest.fixture(scope="module")
def files(doc: ReportDocument) -> dict[str, bytes]:
    return {"pdf": build_report_pdf(doc), "docx": build_report_docx(doc), "pptx": build_report_pptx(doc)}


# --- the three formats agree ---------------------------------------------------------------


def _overall(files: dict[str, bytes]) -> dict[str, str]:
    pattern = r"operates at (\d\.\d) \(.*?\) against a target of (\d\.\d)"
    return {
        "pdf": re.search(pattern, flat(pdf_text(files["pdf"]))).groups(),
        "docx": re.search(pattern, flat(docx_text(files["docx"]))).groups(),
        "pptx": re.search(pattern, flat(slides_text(files["pptx"])[1])).groups(),
    }


def _per_discipline(files: dict[str, bytes], names: list[str]) -> dict[str, dict[str, str]]:
    """Each discipline's printed score: from the section intros of the PDF and Word report,
    from the position table of the deck."""
    found: dict[str, dict[str, str]] = {}
    for fmt, text in (("pdf", flat(pdf_text(files["pdf"]))), ("docx", flat(docx_text(files["docx"])))):
        found[fmt] = {n: re.search(rf"{n} scores (\d\.\d) \(", text).group(1) for n in names}
    slide = Presentation(io.BytesIO(files["pptx"])).slides[2]
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    found["pptx"] = {row[0]: row[1] for row in table_rows(table)[1:]}
    return found


def _top_gaps(files: dict[str, bytes], doc: ReportDocument) -> dict[str, list[tuple[str, str]]]:
    """The ranked gap register's first rows: (area, printed current score)."""
    text = flat(pdf_text(files["pdf"]))
    pdf = [(g.area.name, re.search(rf"{g.rank} {g.area.name} {g.area.discipline_name} ■ (\d\.\d)", text).group(1))
           for g in doc.gaps[:3]]
    word = Document(io.BytesIO(files["docx"]))
    register = next(t for t in word.tables if table_rows(t)[0][:2] == ["#", "Area"])
    docx = [(row[1], row[3]) for row in table_rows(register)[1:4]]
    slide = Presentation(io.BytesIO(files["pptx"])).slides[3]
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    pptx = [(row[1].rsplit(" (", 1)[0], row[2]) for row in table_rows(table)[1:4]]
    return {"pdf": pdf, "docx": docx, "pptx": pptx}


def test_the_three_formats_print_the_same_overall_score_and_target(files, doc) -> None:
    found = _overall(files)
    assert found["pdf"] == found["docx"] == found["pptx"] == (doc.verdict.overall.text, doc.verdict.target.text)


def test_the_three_formats_print_the_same_score_for_each_discipline(files, doc) -> None:
    names = [d.name for d in doc.disciplines]
    found = _per_discipline(files, names)
    assert found["pdf"] == found["docx"] == found["pptx"] == {d.name: d.score.text for d in doc.disciplines}


def test_the_three_formats_rank_the_same_top_gaps_with_the_same_scores(files, doc) -> None:
    found = _top_gaps(files, doc)
    assert found["pdf"] == found["docx"] == found["pptx"]
    assert found["pdf"] == [(g.area.name, g.area.score.text) for g in doc.gaps[:3]]


# --- the Word report -----------------------------------------------------------------------


def test_every_section_is_a_word_heading_in_the_pdfs_order(files) -> None:
    document = Document(io.BytesIO(files["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    texts = [text for _, text in headings]
    assert [t for t in texts if t in WORD_HEADINGS] == WORD_HEADINGS
    assert ("Heading 1", "1 Verdict") in headings and ("Heading 2", "2.1 SysOps") in headings


def test_word_tables_are_editable_tables_of_the_printed_rows(files, doc) -> None:
    document = Document(io.BytesIO(files["docx"]))
    areas = next(t for t in document.tables if table_rows(t)[0][:3] == ["Area", "Weight", "Current"])
    sysops = doc.disciplines[0]
    assert [row[0:5] for row in table_rows(areas)[1:]] == [
        [a.name, f"{a.weight:g}", a.score.text, str(a.target), a.gap_text] for a in sysops.areas]
    assert len(document.tables) >= 12


def test_word_tables_keep_their_column_widths_in_any_word_processor(files) -> None:
    """Fixed layout and a grid in the column shares: without them LibreOffice spread the
    columns evenly and squeezed area names into one word per line (106 pages, not 41)."""
    document = Document(io.BytesIO(files["docx"]))
    areas = next(t for t in document.tables if table_rows(t)[0][:3] == ["Area", "Weight", "Current"])
    layout = areas._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"
    widths = [column.width for column in areas.columns]
    assert abs(sum(widths) - Cm(17)) < Cm(0.05)
    assert round(widths[0] / widths[1], 1) == round(0.25 / 0.09, 1)  # Area against Weight, as in the PDF


def test_word_charts_are_200_dpi_pictures_one_per_discipline_and_the_position(files, doc) -> None:
    document = Document(io.BytesIO(files["docx"]))
    pictures = document.inline_shapes
    assert len(pictures) == 1 + len(doc.disciplines)
    for picture in pictures:
        blip = picture._inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed].image
        assert (image.content_type, image.horz_dpi) == ("image/png", 200)
        assert abs(image.px_width / 200 * 914400 - picture.width) / picture.width < 0.02  # shown at 200 dpi


def test_word_document_properties_and_footer_name_the_client() -> None:
    data = build_report_docx(build_document(inputs(organization=HOSTILE)))
    document = Document(io.BytesIO(data))
    assert HOSTILE in document.core_properties.title and document.core_properties.category == HOSTILE
    assert f"Confidential — prepared for {HOSTILE}" in docx_text(data)
    assert document.paragraphs[0].text == HOSTILE and document.paragraphs[0].style.name == "Title"


def test_an_open_assessment_is_stamped_draft_on_every_page_and_slide() -> None:
    doc = build_document(inputs(is_open=True, status="Open"))
    word = Document(io.BytesIO(build_report_docx(doc)))
    header = "\n".join(p.text for p in word.sections[0].header.paragraphs)
    assert doc.meta.draft_line and doc.meta.draft_line in header
    slides = slides_text(build_report_pptx(doc))
    assert all(doc.meta.draft_line in text for text in slides)


def test_a_closed_assessment_carries_no_draft_stamp(files) -> None:
    assert "DRAFT" not in docx_text(files["docx"])
    assert not any("DRAFT" in text for text in slides_text(files["pptx"]))


def test_no_responses_gives_a_short_word_report_and_deck_that_say_so() -> None:
    doc = build_document(inputs(result=score_assessment(assessment_data(answered=False))))
    assert "No responses have been submitted yet" in docx_text(build_report_docx(doc))
    slides = slides_text(build_report_pptx(doc))
    assert len(slides) == 2 and "No responses have been submitted yet" in slides[1]


@pytest.mark.parametrize("build", [build_report_docx, build_report_pptx], ids=["docx", "pptx"])
def test_progress_rises_to_completion(doc, build) -> None:
    seen: list[int] = []
    build(doc, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 100 and len(seen) > 3


# --- the deck --------------------------------------------------------------------------------


def test_the_deck_is_six_to_ten_slides_with_titles_tables_and_speaker_notes(files) -> None:
    deck = Presentation(io.BytesIO(files["pptx"]))
    slides = list(deck.slides)
    assert 6 <= len(slides) <= 10
    titles = [s.shapes.title.text for s in slides]
    assert titles[1:4] == ["Verdict", "Position against the target", "Top gaps and the first action for each"]
    assert titles[-1] == "Next steps" and "Roadmap" in titles
    assert sum(1 for s in slides if any(shape.has_table for shape in s.shapes)) >= 3
    assert all(s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip() for s in slides)


def test_the_decks_notes_hold_the_supporting_figures(files, doc) -> None:
    verdict = Presentation(io.BytesIO(files["pptx"])).slides[1]
    notes = verdict.notes_slide.notes_text_frame.text
    assert f"95% interval of the overall score: {doc.verdict.interval}." in notes
    assert f"{doc.meta.respondents} of {doc.meta.invited} invited" in notes


def test_the_deck_names_the_client_and_its_properties_too() -> None:
    data = build_report_pptx(build_document(inputs(organization=HOSTILE)))
    deck = Presentation(io.BytesIO(data))
    assert deck.slides[0].shapes.title.text == HOSTILE
    assert deck.core_properties.category == HOSTILE
    assert all(f"Confidential — prepared for {HOSTILE}" in text for text in slides_text(data))
