"""build_document: a scoring result (plus guidance, KPIs, risks, observations and the
previous result) in, the printed report out. Pure: no Django, no rendering."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from reports.scoring import AreaScore, AssessmentResult, DisciplineScore, ScoreStats, compare_results

from . import narrative, rules
from .document import (
    AreaRow,
    Brief,
    Change,
    Chart,
    DisciplineView,
    Meta,
    ReportDocument,
    RiskRow,
    Score,
    Verdict,
    date_text,
)
from .groups import answer_tables, group_table, heatmap, hotspot_rows, perception_rows, trend_section
from .inputs import ReportInputs
from .kpis import kpi_rows
from .methodology import methodology
from .plan import gap_rows, phases, risk_rows, with_actions
from .rules import LOW_ALPHA, MIN_RESPONDENTS, MIN_RESPONSE_RATE

RADAR_MIN_AREAS = 3  # a radar of one or two spokes is a line: those get bars
TOP = 3


def interval_text(stats: ScoreStats) -> str:
    if stats.ci_low is None or stats.ci_high is None:
        return rules.DASH
    return f"{Score.of(stats.ci_low).text}–{Score.of(stats.ci_high).text}"


def weighted_target(areas: Sequence[AreaScore]) -> Score:
    """A discipline's target: its areas' targets weighted as its score weights them."""
    if not areas:
        return Score(None)
    weights = [a.weight for a in areas] if sum(a.weight for a in areas) > 0 else [1.0] * len(areas)
    return Score.of(sum(w * a.target for w, a in zip(weights, areas, strict=True)) / sum(weights))


def _changes(inputs: ReportInputs) -> dict[str, Change]:
    if inputs.previous is None:
        return {}
    trend = compare_results(inputs.result, inputs.previous)
    items = {t.key: t for t in (*trend.disciplines, *trend.areas)}
    items["overall"] = trend.overall
    return {key: Change(current=Score.of(t.current), previous=Score.of(t.previous), status=t.status,
                        comparable=t.comparable) for key, t in items.items()}


def _area_row(area: AreaScore, discipline: DisciplineScore, changes: Mapping[str, Change]) -> AreaRow:
    score = Score.of(area.stats.mean)
    gap = rules.gap(area.target, score.value)
    alpha = area.agreement.alpha
    agreement = (f"α {alpha:.2f}" if alpha is not None
                 else f"sd {area.agreement.sd:.2f}" if area.agreement.sd is not None else rules.DASH)
    return AreaRow(
        key=area.key, name=area.name, discipline_key=discipline.key, discipline_name=discipline.name,
        weight=area.weight, score=score, target=area.target, gap=gap, is_gap=rules.is_gap(gap),
        status="no_data" if gap is None else ("gap" if rules.is_gap(gap) else "met"),
        agreement=agreement.replace("-0.00", "0.00"), low_agreement=alpha is not None and alpha < LOW_ALPHA,
        coverage=rules.pct_text(area.stats.coverage), low_evidence=area.stats.low_coverage,
        interval=interval_text(area.stats), change=changes.get(area.key),
    )


def _meta(inputs: ReportInputs, result: AssessmentResult) -> Meta:
    respondents = result.respondent_count
    rate = respondents / inputs.invited if inputs.invited else None
    reasons = []
    if respondents < MIN_RESPONDENTS:
        reasons.append(f"fewer than {MIN_RESPONDENTS} respondents")
    if rate is not None and rate < MIN_RESPONSE_RATE:
        reasons.append(f"a response rate under {MIN_RESPONSE_RATE:.0%}")
    period = (f"{date_text(inputs.opens_on)} – {date_text(inputs.closes_on)}"
              if inputs.opens_on or inputs.closes_on else "not set")
    return Meta(
        organization=inputs.organization, assessment_title=inputs.assessment_title,
        assessment_id=inputs.assessment_id, consultant=inputs.consultant, status=inputs.status,
        is_draft=inputs.is_open, as_of=date_text(inputs.generated_at.date()),
        generated_at=f"{inputs.generated_at:%-d %B %Y, %H:%M} {inputs.generated_at:%Z}".strip(),
        period=period, target_model=inputs.target_model, target_model_description=inputs.target_model_description,
        catalogue_version=inputs.catalogue_version, disciplines=tuple(d.name for d in result.disciplines),
        teams=inputs.teams, respondents=respondents, invited=inputs.invited,
        response_rate=rules.pct_text(rate), coverage=rules.pct_text(result.overall.coverage),
        indicative=bool(reasons) and respondents > 0,
        indicative_reason=("Indicative: " + " and ".join(reasons) + ".") if reasons else "",
        firm=inputs.firm, brand_colour=inputs.brand_colour or rules.PRIMARY, logo=inputs.logo,
    )


def _discipline_view(
    number: int, d: DisciplineScore, rows: Sequence[AreaRow], changes: Mapping[str, Change], inputs: ReportInputs
) -> DisciplineView:
    score, target = Score.of(d.stats.mean), weighted_target(d.areas)
    below = sum(1 for r in rows if r.is_gap)
    if score.value is None:
        intro = f"{d.name} has no level answers yet, so it cannot be scored."
    else:
        intro = (f"{d.name} scores {score.text} ({score.posture}) against a target of {target.text}; "
                 f"{below} of {rules.plural(len(rows), 'area')} {'is' if below == 1 else 'are'} below target. "
                 f"95% interval {interval_text(d.stats)}.")
    kind = "radar" if len(rows) >= RADAR_MIN_AREAS else "bars"
    names = {r.key: r.name for r in rows}
    return DisciplineView(
        key=d.key, number=number, name=d.name, score=score, target=target, interval=interval_text(d.stats),
        intro=intro, weights=" · ".join(f"{r.name} {r.weight:g}" for r in rows),
        chart=Chart(kind=kind, labels=tuple(r.name for r in rows), current=tuple(r.score.value for r in rows),
                    targets=tuple(float(r.target) for r in rows), title=f"{d.name}: current vs target by area"),
        areas=tuple(rows), kpis=(), change=changes.get(d.key),
        observations=tuple((names[o.area_key], o.text, o.internal) for o in inputs.observations
                           if o.area_key in names),
        commentary=narrative.parse(inputs.review.disciplines.get(d.key, "")) if inputs.review else (),
        comments=tuple((names[c.area_key], c.question, c.text, c.team) for c in inputs.comments if c.area_key in names),
    )


def _verdict(inputs: ReportInputs, meta: Meta, views: Sequence[DisciplineView], areas: Sequence[AreaRow],
             gaps: list, risks: Sequence[RiskRow], perception: list, changes: Mapping[str, Change],
             phases_: tuple) -> Verdict:
    result = inputs.result
    overall = Score.of(result.overall.mean)
    scored_targets = [v.target.value for v in views if v.target.value is not None]
    target = Score.of(sum(scored_targets) / len(scored_targets)) if scored_targets else Score(None)
    below = sum(1 for a in areas if a.is_gap)
    headline = (f"{meta.organization} operates at {overall.text} ({overall.posture}) against a target of "
                f"{target.text}: {below} of {rules.plural(len(areas), 'area')} "
                f"{'is' if below == 1 else 'are'} below target.")
    first_action = {rec.area.key: rec.actions[0] for p in phases_ for rec in p.recommendations if rec.actions}
    top_gaps = []
    for row in gaps[:TOP]:
        action = first_action.get(row.area.key)
        step = f"First action: {action.text}" if action else ""
        if action and action.owner:
            step += f" ({action.owner}, effort {action.effort})"
        top_gaps.append(Brief(title=f"{row.area.name} ({row.area.discipline_name})",
                              detail=f"{row.area.score.text} against target {row.area.target}. {step}".strip(),
                              score=row.area.score))
    top_risks = [Brief(title=f"{r.ref} {r.text}",
                       detail=f"Rating {r.rating} · impact {r.impact} · likelihood {r.likelihood} · owner {r.owner}",
                       score=r.score) for r in risks if r.triggered][:TOP]
    overall_change = changes.get("overall")
    if overall_change is None:
        trend = "First assessment of this organisation: the next one will show the change against this one."
    elif overall_change.delta is None:
        trend = (f"Against “{inputs.previous_title}” the overall score is not comparable: the catalogue "
                 "changed which areas it averages.")
    else:
        trend = (f"{overall_change.previous.text} → {overall_change.current.text} "
                 f"({overall_change.text}) since “{inputs.previous_title}”.")
    chart = Chart(kind="bars", labels=("Overall", *(v.name for v in views)),
                  current=(overall.value, *(v.score.value for v in views)),
                  targets=(target.value or 0.0, *(v.target.value or 0.0 for v in views)),
                  title="Position against the target")
    low = sum(1 for a in areas if a.low_agreement)
    confidence = (f"{rules.plural(meta.respondents, 'response')}"
                  + (f" from {meta.invited} invited ({meta.response_rate})" if meta.invited else "")
                  + f"; coverage {meta.coverage}; "
                  + (f"agreement is low (α < {LOW_ALPHA:.2f}) in {low} of {rules.plural(len(areas), 'area')}."
                     if low else "agreement is acceptable in every area.")
                  + (f" {meta.indicative_reason}" if meta.indicative else ""))
    if perception:
        p = perception[0]
        who = "higher" if p.difference_value > 0 else "lower"
        perception_line = (f"Managers rate {p.area} ({p.discipline}) {abs(p.difference_value):.1f} levels {who} than "
                           f"engineers do ({p.manager.text} against {p.engineer.text}).")
    else:
        perception_line = "No area shows a perception gap between managers and engineers."
    return Verdict(headline=headline, overall=overall, target=target, interval=interval_text(result.overall),
                   position=chart, trend=trend, top_gaps=tuple(top_gaps), top_risks=tuple(top_risks),
                   perception=perception_line, confidence=confidence)


def build_document(inputs: ReportInputs) -> ReportDocument:
    result = inputs.result
    changes = _changes(inputs)
    rows_by_discipline = {d.key: [_area_row(a, d, changes) for a in d.areas] for d in result.disciplines}
    areas = {row.key: row for rows in rows_by_discipline.values() for row in rows}
    risks = risk_rows(inputs, areas)
    gaps = gap_rows(inputs, areas, risks)
    roadmap, reducing = phases(inputs, gaps, risks)
    risks = list(with_actions(risks, reducing))
    measured, missing = kpi_rows(inputs)
    views = []
    for number, d in enumerate(result.disciplines, start=1):
        view = _discipline_view(number, d, rows_by_discipline[d.key], changes, inputs)
        views.append(_replace_kpis(view, tuple(k for k in measured if k.key.startswith(f"{d.key}."))))
    meta = _reviewed(_meta(inputs, result), inputs, gaps)
    perception, perception_note = perception_rows(result)
    met = [a.name for a in areas.values() if a.status == "met"]
    no_data = [a.name for a in areas.values() if a.status == "no_data"]
    notes = []
    if met:
        notes.append(f"{rules.plural(len(met), 'area')} already {'meets its' if len(met) == 1 else 'meet their'} "
                     "target.")
    if no_data:
        notes.append(f"No level answers, so no gap could be measured: {', '.join(no_data)}.")
    threshold = result.parameters.risk_threshold
    triggered = sum(1 for r in risks if r.triggered)
    return ReportDocument(
        meta=meta,
        has_responses=result.respondent_count > 0,
        verdict=_verdict(inputs, meta, views, list(areas.values()), gaps, risks, perception, changes, roadmap),
        disciplines=tuple(views),
        gaps=tuple(gaps),
        gap_notes=" ".join(notes),
        phases=roadmap,
        risks=tuple(risks),
        risk_intro=(f"A risk is triggered when the areas that guard against it score below {threshold:g} on "
                    f"average (printed scores); {triggered} of {len(risks)} risks are triggered. Likelihood comes "
                    "from that score and the distance to target, impact from the catalogue, and the rating from "
                    "both."),
        kpis_measured=measured,
        kpis_missing=missing,
        heatmap=heatmap(result),
        teams=group_table(result, "team"),
        roles=group_table(result, "role"),
        perception=tuple(perception),
        perception_note=perception_note,
        hotspots=hotspot_rows(result),
        hotspot_total=len(result.hotspots),
        trend=trend_section(inputs, changes, list(areas.values())),
        methodology=methodology(inputs, views),
        answers=answer_tables(result),
        observations=tuple((f"{areas[o.area_key].name} ({areas[o.area_key].discipline_name})"
                            if o.area_key in areas else o.area_key, o.text, o.internal)
                           for o in inputs.observations),
        orphan_observations=tuple((o.area_key, o.text, o.internal) for o in inputs.observations
                                  if o.area_key not in areas),
        commentary=narrative.parse(inputs.review.executive) if inputs.review else (),
        dropped=tuple(g.area.name for g in gaps if _decision(inputs, g.area.key) == "drop"),
    )


def _decision(inputs: ReportInputs, area_key: str) -> str:
    decision = inputs.review.decisions.get(area_key) if inputs.review else None
    return decision.decision if decision else ""


def _reviewed(meta: Meta, inputs: ReportInputs, gaps: Sequence) -> Meta:
    """Reviewed: an executive commentary is written and every recommendation (one per gap)
    is kept, edited or dropped. Until then every format carries the review stamp."""
    missing = []
    if not (inputs.review and inputs.review.executive.strip()):
        missing.append("the executive commentary")
    undecided = sum(1 for g in gaps if not _decision(inputs, g.area.key))
    if undecided:
        missing.append(f"a decision on {rules.plural(undecided, 'recommendation')}")
    return replace(meta, reviewed=not missing, review_missing=" and ".join(missing))


def _replace_kpis(view: DisciplineView, kpis: tuple) -> DisciplineView:
    return replace(view, kpis=kpis)
