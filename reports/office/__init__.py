"""The editable deliverables: the gap report as a Word document and the executive deck as a
PowerPoint file. Like the PDF, they lay out the presentation model and decide nothing:

    docx_bytes = build_report_docx(report_document(assessment))
    pptx_bytes = build_report_pptx(report_document(assessment))

Charts are the PDF's drawings (reports/charts.py) as 200-dpi images; tables are real,
editable tables; headings use Word's own heading styles, so a consultant can restyle the
whole document from its style gallery and the navigation pane lists every section.
"""

from .deck import build_report_pptx
from .word import build_report_docx

__all__ = ["build_report_docx", "build_report_pptx"]
