"""1 Executive summary: the posture in plain language for a manager, then the
few tables that back it (disciplines, top gaps, triggered risks, KPIs)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.scoring import SEVERITY_WEIGHTS, DisciplineScore, RiskResult

from ..document import heading
from ..tables import Column, callout, data_table, score_cell
from ..text import Markup, esc, level_name, number, plural, posture, score
from .base import Inputs, bullets, overall_target, p, target_level

TOP_GAPS = 5
TOP_RISKS = 5
TOP_KPIS = 8


def _posture_sentence(inputs: Inputs) -> str:
    ctx, overall = inputs.ctx, inputs.ctx.result.overall
    target = overall_target(ctx.result.disciplines)
    sentence = (f"{ctx.organization}’s operations sit at level {score(overall.mean)} ({posture(overall.mean)}) "
                f"against a target of {score(target)}, based on "
                f"{plural(ctx.result.respondent_count, 'submitted response')}.")
    if overall.ci_low is not None and overall.ci_high is not None:
        sentence += (f" Allowing for sampling error, the true level most likely lies between "
                     f"{score(overall.ci_low)} and {score(overall.ci_high)}.")
    return sentence


def _discipline_sentence(inputs: Inputs) -> str | None:
    scored = [d for d in inputs.ctx.result.disciplines if d.stats.mean is not None]
    if len(scored) < 2:
        return None
    best = max(scored, key=lambda d: d.stats.mean or 0.0)
    worst = min(scored, key=lambda d: d.stats.mean or 0.0)
    return (f"{best.name} is the most mature discipline at {score(best.stats.mean)}; "
            f"{worst.name} is the least mature at {score(worst.stats.mean)} "
            f"against a target of {score(target_level(worst.areas))}.")


def _gap_sentence(inputs: Inputs) -> str:
    gaps = inputs.ctx.result.gaps
    below = sum(1 for g in gaps if g.status == "gap")
    no_data = sum(1 for g in gaps if g.status == "no_data")
    text = (f"{below} of {plural(len(gaps), 'area')} are below target. The highest priorities are listed "
            "below; section 4 ranks every gap and sets out a now / next / later roadmap.")
    if no_data:
        text += f" {plural(no_data, 'area')} had no level answers and could not be scored."
    return text


def _risk_sentence(inputs: Inputs) -> str | None:
    result = inputs.ctx.result
    triggered = result.triggered_risks
    if not result.risks:
        return None
    if not triggered:
        return (f"None of the {plural(len(result.risks), 'catalogue risk')} is triggered: the areas that guard "
                f"against each one average at least {result.parameters.risk_threshold:g}.")
    high = sum(1 for r in triggered if r.severity == "high")
    verb = "is" if len(triggered) == 1 else "are"
    severity = f"{high} of them high severity" if high else "none of high severity"
    return (f"{len(triggered)} of {plural(len(result.risks), 'catalogue risk')} {verb} triggered ({severity}): "
            f"the areas that should prevent {'it' if len(triggered) == 1 else 'them'} average below "
            f"{result.parameters.risk_threshold:g}.")


def _evidence_sentence(inputs: Inputs) -> str | None:
    weak = [a for a in inputs.areas.values() if a.stats.low_coverage]
    if not weak:
        return None
    return (f"{plural(len(weak), 'area')} rest on thin evidence (many “don’t know” answers) and are marked "
            "“low evidence”; treat their scores as indicative.")


def _key_messages(inputs: Inputs) -> list[Flowable]:
    sentences = [_posture_sentence(inputs), _discipline_sentence(inputs), _gap_sentence(inputs),
                 _risk_sentence(inputs), _evidence_sentence(inputs)]
    items = [s for s in sentences if s]
    return [callout([p(Markup("<b>Key findings</b>"), "body"), *bullets(items)], inputs.width)]


def _status(inputs: Inputs, discipline: DisciplineScore) -> str:
    gaps = [inputs.gaps[a.key] for a in discipline.areas if a.key in inputs.gaps]
    below = sum(1 for g in gaps if g.status == "gap")
    if discipline.stats.mean is None:
        return "No data"
    return "On target" if below == 0 else f"{below} of {plural(len(gaps), 'area')} below target"


def _discipline_table(inputs: Inputs) -> Flowable:
    columns = [Column("Discipline", 0.26), Column("Current", 0.13, "right"), Column("Target", 0.13, "right"),
               Column("Level", 0.18), Column("Status", 0.30)]
    rows = [[d.name, score_cell(d.stats.mean), score(target_level(d.areas)), level_name(d.stats.mean),
             _status(inputs, d)] for d in inputs.ctx.result.disciplines]
    return data_table(columns, rows, inputs.width)


def _top_gaps(inputs: Inputs) -> list[Flowable]:
    gaps = [g for g in inputs.ctx.result.gaps if g.status == "gap"][:TOP_GAPS]
    if not gaps:
        return [p("Every scored area meets its target.")]
    columns = [Column("#", 0.05, "right"), Column("Area", 0.33), Column("Discipline", 0.18),
               Column("Current", 0.12, "right"), Column("Target", 0.1, "right"), Column("Gap", 0.1, "right"),
               Column("Priority", 0.12, "right")]
    rows = [[str(i), g.area_name, g.discipline_name, score_cell(g.current), str(g.target), score(g.gap),
             f"{g.priority or 0:.2f}"] for i, g in enumerate(gaps, start=1)]
    return [data_table(columns, rows, inputs.width)]


def _by_severity(risks: tuple[RiskResult, ...]) -> list[RiskResult]:
    return sorted(risks, key=lambda r: -SEVERITY_WEIGHTS.get(r.severity, 0.0))


def severity_markup(severity: str) -> Markup:
    colour = {"high": "#b3261e", "medium": "#c25e00", "low": "#5f6b76"}.get(severity, "#5f6b76")
    return Markup(f'<font color="{colour}"><b>{esc(severity.capitalize())}</b></font>')


def _top_risks(inputs: Inputs) -> list[Flowable]:
    risks = _by_severity(inputs.ctx.result.triggered_risks)[:TOP_RISKS]
    if not risks:
        return [p("No risk is triggered.")]
    columns = [Column("ID", 0.07), Column("Severity", 0.11), Column("Risk", 0.64),
               Column("Linked areas’ mean", 0.18, "right")]
    rows = [[inputs.risk_ids[r.key], severity_markup(r.severity), r.text, score(r.mean_score)] for r in risks]
    return [data_table(columns, rows, inputs.width)]


def _kpi_highlights(inputs: Inputs) -> list[Flowable]:
    kpis = [k for k in inputs.ctx.result.kpis if k.median is not None][:TOP_KPIS]
    if not kpis:
        return [p("No KPI values were reported.")]
    columns = [Column("KPI", 0.38), Column("Discipline", 0.2), Column("Median", 0.2, "right"),
               Column("Benchmark band", 0.22)]
    rows = [[k.name, inputs.discipline_name(k.discipline_key), f"{number(k.median)} {k.unit}".strip(),
             k.band or "–"] for k in kpis]
    return [data_table(columns, rows, inputs.width)]


def executive_summary(inputs: Inputs) -> list[Flowable]:
    return [
        *heading("1 Executive summary", key="summary"),
        *_key_messages(inputs),
        *heading("Posture by discipline", key="summary-disciplines", level=1, toc=False),
        _discipline_table(inputs),
        *heading("Top priorities", key="summary-gaps", level=1, toc=False),
        *_top_gaps(inputs),
        *heading("Risks that need attention", key="summary-risks", level=1, toc=False),
        *_top_risks(inputs),
        *heading("KPI highlights", key="summary-kpis", level=1, toc=False),
        *_kpi_highlights(inputs),
    ]
