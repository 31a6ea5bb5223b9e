"""The PDF gap report, built from plain data (no database) and read back with pypdf."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from reports.pdf import build_report_pdf
from reports.presentation import ObservationItem, Score, build_document
from reports.presentation.kpis import _team_lines
from reports.scoring import (
    score_assessment,
)
from tests.reports_tests.report_builders import (
    HOSTILE,
    SECTIONS,
    assessment_data,
    inputs,
    page_count,
    pdf_text,
    report,
)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return report()


# --- the document ---------------------------------------------------------------------


def test_it_is_a_pdf_with_every_section_heading(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for heading in SECTIONS:
        assert heading in text, heading


def test_the_cover_names_client_assessment_dates_and_marking(pdf: bytes) -> None:
    cover = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in ("Northwind", "Ops baseline 2026", "2 March 2026 – 27 March 2026", "Alex Morgan", "2026.11",
                     "Balanced baseline", "Confidential — prepared for Northwind", "1 April 2026, 09:30"):
        assert expected in cover, expected


def test_content_pages_carry_header_footer_and_page_number(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    third = reader.pages[2].extract_text()
    assert "Northwind · Ops baseline 2026" in third
    assert "Confidential — prepared for Northwind" in third
    assert "Page 3" in third


def test_the_figures_are_the_engines_printed_once(pdf: bytes) -> None:
    result = score_assessment(assessment_data())
    text = " ".join(pdf_text(pdf).split())
    overall = Score.of(result.overall.mean)
    assert f"Northwind operates at {overall.text} ({overall.posture})" in text
    patching = result.disciplines[0].areas[1]
    assert patching.stats.mean is not None and patching.stats.coverage is not None
    printed = Score.of(patching.stats.mean)
    row = re.search(r"Patching 1 ■ (\d\.\d) (\d) (\d\.\d) (\w+)", text)
    assert row is not None, "the patching row of the SysOps area table"
    assert row.groups() == (printed.text, str(patching.target), f"{patching.target - printed.value:.1f}",
                            printed.level_name)
    assert f"{patching.stats.coverage * 100:.0f}%" in text


def test_kpis_show_median_unit_band_and_source(pdf: bytes) -> None:
    text = pdf_text(pdf)
    assert "Service availability" in text
    assert "99.95%" in text
    assert "Google SRE book (2016)" in text
    assert "Elite ≥ 99.99% · High ≥ 99.9% · Low below 99.9%" in " ".join(text.split())


def test_kpis_show_each_shown_teams_median_and_band(pdf: bytes) -> None:
    text = pdf_text(pdf)
    teams = [t for k in inputs().result.kpis for t in k.teams]
    assert [t.team for t in teams] == ["red"], "the fixture reports a KPI for one team above the threshold"
    assert "red: 99.95% (High)" in text


def test_small_groups_are_withheld_and_counted(pdf: bytes) -> None:
    text = " ".join(pdf_text(pdf).split())
    assert "1 team not shown on its own (solo): fewer than 3 submitted responses" in text
    assert "1 role not shown on its own (Team leads)" in text


def test_only_the_embedded_unicode_font_is_used(pdf: bytes) -> None:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}, fonts


def test_the_outline_has_a_bookmark_per_section(pdf: bytes) -> None:
    outline = PdfReader(io.BytesIO(pdf)).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert "1 Verdict" in titles
    assert "Appendix C — Answer distributions" in titles
    assert any(isinstance(item, list) for item in outline), "discipline sub-bookmarks"


# --- hostile and long user text ----------------------------------------------------------


def test_hostile_text_appears_exactly_as_organisation_and_observation() -> None:
    observation = ObservationItem("sysops.monitoring", f"Seen in {HOSTILE} twice.", False)
    text = pdf_text(report(organization=HOSTILE, observations=(observation,)))
    assert f"Confidential — prepared for {HOSTILE}" in text
    assert f"Seen in {HOSTILE} twice." in text


@pytest.mark.parametrize("long_text", ["x" * 2000, ("word " * 400).strip()], ids=["no spaces", "spaces"])
def test_a_2000_character_observation_wraps_onto_more_pages(pdf: bytes, long_text: str) -> None:
    observations = tuple(ObservationItem("sysops.monitoring", long_text, False) for _ in range(3))
    longer = report(observations=observations)
    assert page_count(longer) > page_count(pdf)
    assert long_text[:60] in pdf_text(longer)


def test_internal_observations_are_marked_when_included() -> None:
    observation = ObservationItem("devops.testing", "Team lead is leaving.", True)
    text = pdf_text(report(observations=(observation,)))
    assert "Internal — not for distribution: Testing: Team lead is leaving." in " ".join(text.split())


# --- special cases -----------------------------------------------------------------------


def test_no_responses_gives_a_short_pdf_with_a_clear_message() -> None:
    pdf = report(result=score_assessment(assessment_data(answered=False)))
    assert page_count(pdf) == 2
    text = " ".join(pdf_text(pdf).split())
    assert "No responses have been submitted yet" in text
    assert "Confidential — prepared for Northwind" in text


def test_without_a_previous_assessment_the_trend_says_so(pdf: bytes) -> None:
    assert "there is no earlier result to compare with" in " ".join(pdf_text(pdf).split())


def test_trend_shows_arrows_and_not_comparable_areas() -> None:
    current = score_assessment(assessment_data())
    previous = score_assessment(assessment_data(changed="sysops.monitoring", shift=-1))
    text = pdf_text(report(result=current, previous=previous, previous_title="Ops baseline 2025"))
    assert "Ops baseline 2025" in text
    assert "not comparable" in text
    assert re.search(r"[↑↓→] [+-]?\d\.\d", text)


def test_progress_rises_to_completion() -> None:
    seen: list[int] = []
    build_report_pdf(build_document(inputs()), progress=seen.append)
    assert seen == sorted(seen)
    assert seen[0] >= 10 and seen[-1] == 100
    assert len(set(seen)) >= 10



def test_a_table_breaking_across_pages_carries_at_least_three_rows_over() -> None:
    from reports.pdf.tables import Column, data_table

    table = data_table([Column("Area", 0.5), Column("Score", 0.5)], [[f"Area {i}", str(i)] for i in range(30)], 400)
    table.wrap(400, 10_000)
    room_for_all_but_one = sum(table._rowHeights[:30]) + 1  # the header and 29 of the 30 rows

    first, page_break, rest = table.split(400, room_for_all_but_one)

    assert type(page_break).__name__ == "PageBreak"  # the rest starts the next page, not the room left here
    assert len(rest._cellvalues) - 1 == 3  # header repeated, then three rows
    assert len(first._cellvalues) - 1 + len(rest._cellvalues) - 1 == 30  # no row lost or doubled


def test_many_teams_are_summed_up_as_the_best_and_the_weakest() -> None:
    from reports.scoring import KpiResult
    from reports.scoring.results import TeamKpi

    teams = tuple(TeamKpi(team=f"Team {i:02d}", n=5, median=float(i), band=None) for i in range(1, 21))
    mttr = KpiResult(key="sysops.mttr", discipline_key="sysops", name="MTTR", unit="hours", higher_is_better=False,
                     source="DORA", n=100, median=10.0, band=None, teams=teams)

    assert _team_lines(mttr, ()) == ("20 teams; best Team 01: 1 hours", "weakest Team 20: 20 hours")  # lower is better
    assert _team_lines(dataclasses.replace(mttr, teams=teams[:3]), ()) == (
        "Team 01: 1 hours", "Team 02: 2 hours", "Team 03: 3 hours")


# --- scripts and glyphs ------------------------------------------------------------------


def test_right_to_left_text_is_put_in_visual_order_and_arabic_is_shaped() -> None:
    from reports.pdf.text import legible

    hebrew = "צוות תפעול"
    assert legible(hebrew) == "לועפת תווצ"  # drawn left to right, so stored right to left
    arabic = legible("فريق العمليات")
    assert any("\ufe70" <= c <= "\ufeff" for c in arabic), "joined (presentation) forms, not isolated letters"
    assert legible("Ops team") == "Ops team"


def test_a_character_the_font_lacks_is_named_never_an_empty_box() -> None:
    from reportlab.pdfbase import pdfmetrics

    from reports.pdf.text import legible

    text = legible("Platform 🚀 team ✈️ 🧑‍💻")
    assert text == "Platform [rocket] team ✈ [adult][personal computer]"  # the font has ✈; joiners vanish
    glyphs = pdfmetrics.getFont("DejaVuSans").face.charToGlyph
    assert all(ord(c) in glyphs for c in text)


def test_a_long_client_name_and_scripts_reach_the_pdf_whole() -> None:
    name = "Compagnie Générale des Transports et Entrepôts Frigorifiques du Grand Est " * 2 + "🚀 צוות"
    pdf = report(organization=name.strip())
    cover = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    # The headline wraps, never cut off; the Hebrew word is drawn in visual order (extraction reorders it).
    assert re.search(r"Frigorifiques du Grand Est Compagnie .* Grand Est \[rocket\] (צוות|תווצ) Ops baseline", cover)
