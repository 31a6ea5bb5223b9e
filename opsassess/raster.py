"""Vector drawings to PNG, for the Word and PowerPoint deliverables and firm logos.

Drawn through reportlab's PDF renderer and rasterised by PDFium (pypdfium2, a wheel):
reportlab's own bitmap renderer needs pycairo, which has no Linux wheel and would need a
C toolchain and cairo's headers to install."""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing


def drawing_png(drawing: Drawing, *, dpi: int = 200, transparent: bool = False) -> bytes:
    """`transparent`: no background (a logo sits on whatever the document puts under it)."""
    import pypdfium2  # imported here: only the renderers and the logo upload need it

    document = pypdfium2.PdfDocument(renderPDF.drawToString(drawing))
    fill = (255, 255, 255, 0) if transparent else (255, 255, 255, 255)
    try:
        image = document[0].render(scale=dpi / 72, may_draw_forms=False, fill_color=fill).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=6)
    return buffer.getvalue()
