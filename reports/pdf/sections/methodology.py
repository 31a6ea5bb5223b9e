"""Appendix A: how every figure was computed, with this assessment's parameters."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from reports.presentation import outline

from ..document import heading
from ..styles import styles
from ..tables import Column
from ..text import Markup, esc
from .base import Inputs, bullets, p, table


def _kpi_sources(inputs: Inputs) -> list[Flowable]:
    kpis = inputs.doc.kpis_measured
    if not kpis:
        return []
    rows = [[k.name, k.thresholds, Markup(esc(k.source) + (f"<br/><i>{esc(k.heuristic)}</i>" if k.heuristic else ""))]
            for k in kpis]
    columns = [Column("KPI", 0.24), Column("Thresholds", 0.26), Column("Source and reasoning", 0.5)]
    # A heading of its own (not keep-with-next): the long table then starts on this page.
    return [*heading("KPI thresholds and their sources", key="kpi-sources", level=1, toc=False),
            table(columns, rows, inputs)]


def methodology(inputs: Inputs) -> list[Flowable]:
    m, h3 = inputs.doc.methodology, styles().h3
    weights = [[name, text] for name, text in m.weights]
    return [
        *heading(outline.METHODOLOGY.heading, key=outline.METHODOLOGY.key),
        Paragraph("How scores are computed", h3),
        *bullets(list(m.scoring), "fine"),
        Paragraph("Area weights in each discipline score", h3),
        table([Column("Discipline", 0.2), Column("Areas and their weights", 0.8)], weights, inputs),
        Paragraph("Targets, gaps, risks and the roadmap", h3),
        *bullets(list(m.targets), "fine"),
        Paragraph("The target model", h3),
        p(m.target_model, "fine"),
        Paragraph("Groups, KPIs and trend", h3),
        *bullets(list(m.groups), "fine"),
        *_kpi_sources(inputs),
        p(f"Catalogue version {inputs.doc.meta.catalogue_version}. Every figure comes from one presentation model "
          "shared by the results page and this report, so the two always agree.", "note"),
    ]
