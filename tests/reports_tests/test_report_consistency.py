"""The demo report read as a client would: every figure printed twice is printed the
same, the arithmetic on the page checks out, and the layout has no half-empty pages."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from assessments.models import Assessment
from reports.context import report_document
from reports.pdf import layout_report_pdf

pytestmark = pytest.mark.django_db  # so that the test database exists for the module's demo

FORCED_NEW_PAGE = {"verdict", "disciplines", "methodology", "actions", "distributions"}
MIN_FILL = 0.45


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The Northwind demo report (open, 15 responses, a closed 2025 round for the trend)."""
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
        assessment = Assessment.objects.get(title="Ops maturity 2026")
        document = report_document(assessment)
        pdf, layout = layout_report_pdf(document)
    yield document, pdf, layout
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)  # the demo is committed: leave nothing behind


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_trend_row_prints_the_difference_of_its_printed_endpoints(demo):
    document, pdf, _ = demo
    text = " ".join(_pages(pdf))
    rows = document.trend.areas + document.trend.disciplines
    checked = 0
    for row in rows:
        c = row.change
        if c.delta is None:
            continue
        assert round(c.current.value - c.previous.value, 1) == c.delta, row.name
        printed = f"{c.previous.text} {c.current.text} {c.text}"
        assert printed in text, f"{row.name}: {printed}"
        checked += 1
    assert checked >= 10
    for before, now, arrow, delta in re.findall(r"(\d\.\d) (\d\.\d) ([↑↓→]) ([+-]?\d\.\d)", text):
        assert round(float(now) - float(before), 1) == float(delta), (before, now, delta)
        assert arrow == ("↑" if float(delta) > 0.1 else "↓" if float(delta) < -0.1 else "→")


def test_each_area_prints_one_score_everywhere(demo):
    document, pdf, _ = demo
    text = " ".join(_pages(pdf))
    for view in document.disciplines:
        for area in view.areas:
            shown = re.findall(rf"{re.escape(area.name)} {re.escape(f'{area.weight:g}')} ■ (\d\.\d)", text)
            assert shown == [area.score.text], area.name
    heat = {row.area: row.cells[0].text for row in document.heatmap.rows}
    assert heat == {a.name: a.score.text for v in document.disciplines for a in v.areas}
    for gap in document.gaps:
        assert document.area(gap.area.key).score == gap.area.score


def test_no_area_with_a_printed_gap_of_zero_is_a_gap_or_on_the_roadmap(demo):
    document, pdf, _ = demo
    met = {a.name for v in document.disciplines for a in v.areas if a.gap == 0.0}
    assert met, "the demo has areas at their target"
    assert not met & {g.area.name for g in document.gaps}
    assert not met & {r.area.name for p in document.phases for r in p.recommendations}
    for row in document.gaps:
        assert row.area.gap_text != "0.0" and row.area.gap > 0


def test_a_risk_is_triggered_exactly_when_its_printed_score_is_below_the_threshold(demo):
    document, _, _ = demo
    assert any(r.triggered for r in document.risks)
    for risk in document.risks:
        assert risk.triggered == (risk.score.value is not None and risk.score.value < 2.5), risk.ref


def test_no_page_ends_above_45_percent_except_before_a_new_section(demo):
    _, _, layout = demo
    pages = sorted(layout.page_fill)
    short = [page for page in pages[1:-1] if layout.page_fill[page] < MIN_FILL]
    for page in short:
        starts_next = layout.page_headings.get(page + 1, [])
        assert starts_next and starts_next[0] in FORCED_NEW_PAGE, (
            f"page {page} ends at {layout.page_fill[page]:.0%} and page {page + 1} starts {starts_next}")


def test_the_body_before_the_appendices_fits_in_20_pages(demo):
    _, _, layout = demo
    first_appendix = min(page for page, keys in layout.page_headings.items() if "methodology" in keys)
    assert first_appendix - 1 <= 20


def test_a_draft_says_so_on_every_page_and_the_pdf_names_client_author_and_language(demo):
    document, pdf, _ = demo
    reader = PdfReader(io.BytesIO(pdf))
    assert all("Draft: generated, not yet reviewed · As of" in page for page in _pages(pdf))
    assert reader.metadata.title == "Northwind Logistics: Ops maturity 2026 (gap analysis report)"
    assert reader.metadata.author == document.meta.consultant
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
