"""The consultancy's branding: its logo (PNG, or SVG drawn once at upload), its colour and
its name reach the PDF, the Word report and the deck; a logo or colour that would break
them is refused with the reason."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.shared import RGBColor
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from assessments.branding import LOGO_HEIGHT_PX, colour_checked, logo_png
from reports.office import build_report_docx, build_report_pptx
from reports.pdf import build_report_pdf
from reports.presentation import build_document
from tests.reports_tests.report_builders import inputs, pdf_text
from tests.reports_tests.test_office import docx_text, slides_text

FIRM, COLOUR = "Rivergate Advisory", "#5b2a86"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">'
       b'<rect width="300" height="100" fill="#5b2a86"/><circle cx="50" cy="50" r="30" fill="#ffffff"/></svg>')


def png(width: int = 120, height: int = 40, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (91, 42, 134)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def branded():
    return build_document(inputs(firm=FIRM, brand_colour=COLOUR, logo=png()))


# --- the upload ------------------------------------------------------------------------------


def test_a_png_logo_is_kept_and_an_svg_is_drawn_once_as_png() -> None:
    assert Image.open(io.BytesIO(logo_png(png(), "logo.png"))).size == (120, 40)
    drawn = Image.open(io.BytesIO(logo_png(SVG, "logo.svg")))
    assert (drawn.format, drawn.height, drawn.width) == ("PNG", LOGO_HEIGHT_PX, 3 * LOGO_HEIGHT_PX)


@pytest.mark.parametrize(("data", "name", "reason"), [
    (png(fmt="JPEG"), "logo.jpg", "must be a PNG or an SVG file, not JPEG"),
    (b"not an image", "logo.png", "must be a PNG or an SVG file"),
    (png(5000, 20), "wide.png", "use 16 to 4000 px a side"),
    (b"\x89PNG" + b"0" * (600 * 1024), "big.png", "the most is 512 kB"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', "x.svg",
     "declares a document type or entities"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><broken", "broken.svg", "could not be read"),
], ids=["jpeg", "not an image", "too wide", "too big", "entities", "broken svg"])
def test_a_logo_that_would_break_a_report_is_refused_with_the_reason(data, name, reason) -> None:
    with pytest.raises(ValidationError, match=reason):
        logo_png(data, name)


def test_a_colour_too_light_for_white_headings_is_refused() -> None:
    assert colour_checked(" #5B2A86 ") == "#5b2a86"
    with pytest.raises(ValidationError, match="contrast of 1.7:1"):
        colour_checked("#f1c40f")
    with pytest.raises(ValidationError, match="#rrggbb"):
        colour_checked("purple")


# --- the three formats -------------------------------------------------------------------------


def test_the_pdf_carries_the_logo_on_the_cover_and_the_firm_in_every_footer(branded) -> None:
    pdf = build_report_pdf(branded)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[0].images) == 1 and not any(page.images for page in reader.pages[1:2])
    text = " ".join(pdf_text(pdf).split())
    assert text.count(f"Confidential — prepared for Northwind by {FIRM}") >= len(reader.pages) - 1
    assert f"Prepared by Alex Morgan, {FIRM}" in text


def _pixels_in(pdf: bytes, colour: str) -> list[int]:
    """Per page, how many pixels are exactly `colour` at 50 dpi."""
    import pypdfium2

    wanted = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    counts = []
    for page in pypdfium2.PdfDocument(pdf):
        image = page.render(scale=50 / 72).to_pil().convert("RGB")
        counts.append(sum(1 for pixel in image.getdata() if pixel == wanted))
    return counts


def test_the_pdf_lays_out_its_structure_in_the_firms_colour(branded) -> None:
    """The cover band, the headings and the table headers, as in the Word report and the deck."""
    counts = _pixels_in(build_report_pdf(branded), COLOUR)
    assert counts[0] > 20_000  # the cover's band, 78 mm across the page
    assert all(count > 50 for count in counts[2:])  # every body page has a heading or a table header
    assert _pixels_in(build_report_pdf(build_document(inputs())), COLOUR) == [0] * len(counts)


def test_the_word_report_takes_the_firms_colour_logo_and_name(branded) -> None:
    data = build_report_docx(branded)
    document = Document(io.BytesIO(data))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor.from_string(COLOUR[1:].upper())
    first = document.inline_shapes[0]
    assert first.height == int(1.4 * 360000)  # the logo, 1.4 cm tall, before the charts
    assert len(document.inline_shapes) == 2 + len(branded.disciplines)
    assert f"Confidential — prepared for Northwind by {FIRM}" in docx_text(data)


def test_the_deck_takes_the_firms_colour_logo_and_name(branded) -> None:
    data = build_report_pptx(branded)
    deck = Presentation(io.BytesIO(data))
    assert any(shape.shape_type == 13 for shape in deck.slides[0].shapes)  # a picture: the logo
    title = deck.slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert str(title.font.color.rgb) == COLOUR[1:].upper()
    assert all(f"prepared for Northwind by {FIRM}" in text for text in slides_text(data))


def test_without_branding_the_reports_own_colours_and_no_firm_line() -> None:
    doc = build_document(inputs())
    assert (doc.meta.firm, doc.meta.brand_colour, doc.meta.logo) == ("", "#1f4e79", None)
    assert doc.meta.marking == "Confidential — prepared for Northwind"


# --- from the database ------------------------------------------------------------------------


def test_a_report_is_branded_with_the_clients_firm(answered, tmp_path) -> None:
    from django.core.files.base import ContentFile

    from reports.context import report_document

    firm = answered.organization.firm
    firm.display_name, firm.primary_colour = FIRM, COLOUR
    firm.logo.save("logo.png", ContentFile(png()), save=True)
    meta = report_document(answered).meta
    assert (meta.firm, meta.brand_colour, meta.logo) == (FIRM, COLOUR, png())
    firm.logo.storage.delete(firm.logo.name)  # a lost file: the report goes on without the logo
    assert report_document(answered).meta.logo is None
