"""6 KPIs against published benchmarks: value, band, the band's thresholds and the
document that defines them; KPIs nobody reported in one compact list."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from reports.presentation import outline

from ..document import heading
from ..styles import styles
from ..tables import Column
from ..text import Markup, esc
from .base import Inputs, p, table


def _name(kpi) -> Markup:  # noqa: ANN001 - a KpiRow
    teams = "<br/>".join(esc(line) for line in kpi.teams)
    extra = f"<br/><font size='7' color='#5f6b76'>{teams}</font>" if teams else ""
    return Markup(f"{esc(kpi.name)} <font color='#5f6b76'>({esc(kpi.discipline_name)})</font>{extra}")


def _source(kpi) -> Markup:  # noqa: ANN001 - a KpiRow
    mark = " †" if kpi.heuristic else ""
    return Markup(f"<font size='7'>{esc(kpi.source_short)}{mark}</font>")


def kpi_section(inputs: Inputs) -> list[Flowable]:
    doc = inputs.doc
    story: list[Flowable] = [
        *heading(outline.KPIS.heading, key=outline.KPIS.key),
        p(outline.KPIS.intro),
    ]
    if doc.kpis_measured:
        columns = [Column("KPI", 0.32), Column("Median", 0.11, "right"), Column("n", 0.05, "right"),
                   Column("Band", 0.09), Column("Thresholds", 0.25), Column("Source", 0.18)]
        rows = [[_name(k), k.value, str(k.n), k.band, Markup(f"<font size='7'>{esc(k.thresholds)}</font>"),
                 _source(k)] for k in doc.kpis_measured]
        story.append(table(columns, rows, inputs))
        if any(k.heuristic for k in doc.kpis_measured):
            story.append(p("† No published source defines these thresholds: they are practitioner heuristics. "
                           "Appendix A gives the reasoning behind each one and the document that defines the "
                           "measure.", "note"))
    else:
        story.append(p("No KPI values were reported."))
    if doc.kpis_missing:
        story.append(Paragraph("Not measured yet", styles().h3))
        story += [Paragraph(f"<b>{esc(k.name)}</b> ({esc(k.discipline_name)}): {esc(k.why)}", styles().fine,
                            bulletText="•") for k in doc.kpis_missing]
    return story
