"""A firm's branding as uploaded: the logo (PNG, or SVG turned into PNG once, at upload)
and the primary colour, checked so that every deliverable stays legible."""

from __future__ import annotations

import io
import re

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from PIL import Image, UnidentifiedImageError

from opsassess.raster import drawing_png

from .models import Firm

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4000  # per side
LOGO_HEIGHT_PX = 240  # an SVG is drawn this tall: 2 cm at 300 dpi
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # white table headings and slide titles on the colour (WCAG AA, normal text)


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def colour_checked(value: str) -> str:
    """#rrggbb, dark enough for white text on it (tables' header rows, the deck's title bars)."""
    value = value.strip()
    if not HEX.match(value):
        raise ValidationError("Give the colour as #rrggbb, for example #1f4e79.")
    contrast = 1.05 / (_luminance(value) + 0.05)
    if contrast < MIN_CONTRAST:
        raise ValidationError(f"White text on {value} has a contrast of {contrast:.1f}:1; reports need at least "
                              f"{MIN_CONTRAST}:1. Choose a darker shade.")
    return value.lower()


def logo_png(data: bytes, filename: str) -> bytes:
    """The logo as PNG bytes: a PNG re-encoded (metadata dropped), an SVG drawn once.
    Raises ValidationError with what is wrong."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(f"The logo is {len(data) // 1024} kB; the most is {MAX_LOGO_BYTES // 1024} kB.")
    if filename.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>"):
        return _svg_png(data)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError("The logo must be a PNG or an SVG file.") from exc
    if image.format != "PNG":
        raise ValidationError(f"The logo must be a PNG or an SVG file, not {image.format}.")
    if max(image.size) > MAX_LOGO_PIXELS or min(image.size) < 16:
        raise ValidationError(f"The logo is {image.width}×{image.height} px; use 16 to {MAX_LOGO_PIXELS} px a side.")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _svg_png(data: bytes) -> bytes:
    # Entities and document types are how XML reaches files and networks: an SVG logo needs neither.
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise ValidationError("The SVG declares a document type or entities; save it as plain SVG.")
    from svglib.svglib import svg2rlg

    try:
        drawing = svg2rlg(io.BytesIO(data))
    except Exception as exc:  # svglib raises lxml's and its own errors for a broken file
        raise ValidationError("The SVG could not be read.") from exc
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        raise ValidationError("The SVG could not be read, or it has no size.")
    scale = LOGO_HEIGHT_PX / drawing.height
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing_png(drawing, dpi=72, transparent=True)


LOGO_MAX_AGE = 24 * 3600  # the URL carries the logo's version, so a change shows at once


def logo_response(firm: Firm) -> HttpResponse:
    """The firm's logo (always a PNG), or 404 when it has none or its file is lost."""
    data = firm.logo_bytes()
    if data is None:
        raise Http404("No logo.")
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = f"private, max-age={LOGO_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
