"""2 Findings by discipline: radar, area table, KPIs and the consultant's
observations, one discipline per page."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from reports.charts import gap_bars, radar_chart
from reports.scoring import AreaScore, DisciplineScore, KpiResult

from ..document import heading
from ..styles import BAD, hex_of, styles
from ..tables import Cell, Column, data_table, embedded, score_cell
from ..text import Markup, esc, kpi_team_lines, level_name, number, pct, plural, posture, score, two
from .base import Inputs, p, target_level

RADAR_MIN_AREAS = 3  # a radar of one or two spokes is a line, so those get bars


def _intro(inputs: Inputs, discipline: DisciplineScore) -> str:
    gaps = [inputs.gaps[a.key] for a in discipline.areas if a.key in inputs.gaps]
    below = sum(1 for g in gaps if g.status == "gap")
    if discipline.stats.mean is None:
        return f"{discipline.name} has no level answers yet, so it cannot be scored."
    return (f"{discipline.name} scores {score(discipline.stats.mean)} ({posture(discipline.stats.mean)}) "
            f"against a target of {score(target_level(discipline.areas))}; {below} of "
            f"{plural(len(gaps), 'area')} {'is' if below == 1 else 'are'} below target.")


def _chart(inputs: Inputs, discipline: DisciplineScore) -> Flowable:
    names = [a.name for a in discipline.areas]
    current = [a.stats.mean for a in discipline.areas]
    targets = [float(a.target) for a in discipline.areas]
    if len(names) >= RADAR_MIN_AREAS:
        drawing = radar_chart(names, current, targets, width=inputs.width, height=240, label_limit=30)
    else:
        drawing = gap_bars(names, current, targets, width=inputs.width)
    return embedded(drawing)


def _agreement(area: AreaScore) -> str:
    if area.agreement.alpha is not None:
        return f"α {two(area.agreement.alpha)}"
    if area.agreement.sd is not None:
        return f"sd {two(area.agreement.sd)}"
    return "–"


def _coverage(area: AreaScore) -> Markup:
    text = esc(pct(area.stats.coverage))
    if area.stats.low_coverage:
        text += f' <font color="{hex_of(BAD)}"><b>low evidence</b></font>'
    return Markup(text)


def _gap(inputs: Inputs, area: AreaScore) -> str:
    gap = inputs.gaps.get(area.key)
    if gap is None or gap.status == "no_data":
        return "–"
    return "met" if gap.status == "met" else score(gap.gap)


def _area_table(inputs: Inputs, discipline: DisciplineScore) -> Flowable:
    columns = [Column("Area", 0.28), Column("Current", 0.11, "right"), Column("Target", 0.09, "right"),
               Column("Gap", 0.08, "right"), Column("Level", 0.13), Column("Agreement", 0.13),
               Column("Coverage", 0.18)]
    rows = [[a.name, score_cell(a.stats.mean), str(a.target), _gap(inputs, a), level_name(a.stats.mean),
             _agreement(a), _coverage(a)] for a in discipline.areas]
    return data_table(columns, rows, inputs.width)


def _kpi_rows(kpis: list[KpiResult]) -> list[list[Cell]]:
    small = styles().cell_small  # the source is a reference, not a finding
    return [[_kpi_name(k), f"{number(k.median)} {k.unit}".strip() if k.median is not None else "no values",
             str(k.n), k.band or "–", Paragraph(esc(k.source or "–"), small)] for k in kpis]


def _kpi_name(kpi: KpiResult) -> Cell:
    """The KPI's name, with each team's median and band below it (teams above the
    privacy threshold only: the engine leaves the others out)."""
    lines = kpi_team_lines(kpi)
    if not lines:
        return kpi.name
    teams = "<br/>".join(esc(line) for line in lines)
    return Paragraph(f"{esc(kpi.name)}<br/><font size='7' color='#555555'>{teams}</font>", styles().cell)


def _kpi_table(inputs: Inputs, discipline: DisciplineScore) -> list[Flowable]:
    kpis = [k for k in inputs.ctx.result.kpis if k.discipline_key == discipline.key]
    if not kpis:
        return []
    columns = [Column("KPI", 0.38), Column("Median", 0.15, "right"), Column("n", 0.06, "right"),
               Column("Band", 0.1), Column("Benchmark source", 0.31)]
    return [Paragraph("Key performance indicators", styles().h3), data_table(columns, _kpi_rows(kpis), inputs.width)]


def observation_paragraphs(inputs: Inputs, area_key: str, label: str) -> list[Flowable]:
    items = inputs.ctx.observations_for(area_key)
    if not items:
        return []
    s = styles()
    story: list[Flowable] = [Paragraph(f"<b>{esc(label)}</b>", s.body)]
    for item in items:
        marker = '<font color="#b3261e"><b>Internal — not for distribution:</b></font> ' if item.internal else ""
        story.append(Paragraph(marker + esc(item.text), s.bullet, bulletText="–"))
    return story


def _observations(inputs: Inputs, discipline: DisciplineScore) -> list[Flowable]:
    story = [f for a in discipline.areas for f in observation_paragraphs(inputs, a.key, a.name)]
    return [Paragraph("Consultant observations", styles().h3), *story] if story else []


def _discipline(inputs: Inputs, number_: int, discipline: DisciplineScore) -> list[Flowable]:
    return [
        *heading(f"2.{number_} {discipline.name}", key=f"discipline-{discipline.key}", level=1),
        p(_intro(inputs, discipline)),
        Spacer(1, 6),
        _chart(inputs, discipline),
        Spacer(1, 4),
        KeepTogether([Paragraph("Areas", styles().h3), _area_table(inputs, discipline)]),
        *_kpi_table(inputs, discipline),
        *_observations(inputs, discipline),
    ]


def _orphans(inputs: Inputs) -> list[Flowable]:
    """Observations on areas this catalogue no longer has: shown, never dropped."""
    keys = sorted({o.area_key for o in inputs.ctx.observations if o.area_key not in inputs.areas})
    story = [f for key in keys for f in observation_paragraphs(inputs, key, key)]
    return [Paragraph("Other observations", styles().h3), *story] if story else []


def disciplines(inputs: Inputs) -> list[Flowable]:
    story: list[Flowable] = [
        *heading("2 Findings by discipline", key="disciplines"),
        p("Each discipline is shown against its target: the radar compares the current score of every area "
          "(filled) with its target (dashed). Agreement is Krippendorff’s α where it can be computed (1 = full "
          "agreement), otherwise the standard deviation of the answers; coverage is the share of answers that "
          "gave a level rather than “don’t know”."),
    ]
    for i, discipline in enumerate(inputs.ctx.result.disciplines, start=1):
        if i > 1:
            story.append(PageBreak())
        story += _discipline(inputs, i, discipline)
    return story + _orphans(inputs)
