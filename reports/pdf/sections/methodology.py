"""Appendix A: how every figure in the report was computed, with this
assessment's parameters, so a reader can check the numbers."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from reports.scoring import SEVERITY_WEIGHTS
from reports.scoring.roadmap import URGENT_GAP
from reports.scoring.trend import DEAD_BAND
from reports.templatetags.report_tags import LEVEL_NAMES

from ..document import heading
from ..styles import styles
from ..tables import Column, data_table
from .base import Inputs, bullets, p

LEVEL_MEANINGS = {
    1: "Ad hoc: depends on individuals and heroics; results vary and are hard to repeat.",
    2: "Done by habit within teams, but not written down, shared or enforced.",
    3: "A documented standard, followed consistently and reviewed.",
    4: "Measured: managed with data and targets; deviations are acted on.",
    5: "Continuously improved and largely automated; lessons feed back into the standard.",
}


def _scale(inputs: Inputs) -> Flowable:
    columns = [Column("Level", 0.08, "right"), Column("Name", 0.17), Column("What it looks like", 0.75)]
    rows = [[str(level), LEVEL_NAMES[level], LEVEL_MEANINGS[level]] for level in sorted(LEVEL_NAMES)]
    return data_table(columns, rows, inputs.width)


def _scores(inputs: Inputs) -> list[str]:
    min_coverage = inputs.ctx.result.parameters.min_coverage
    return [
        "Each question is answered on the 1–5 scale. “Not applicable” is left out of every figure except the "
        "N/A share; “don’t know” is never treated as a level.",
        "A question’s score is the mean of its level answers. An area’s score is the mean of its questions’ "
        "scores, so each question counts the same however many people answered it. A discipline’s score is the "
        "mean of its areas weighted by the catalogue’s area weights; the overall score is the plain mean of the "
        "disciplines.",
        "Median, standard deviation and interquartile range describe the pooled answers underneath a score.",
        f"Coverage is the share of level answers among level and “don’t know” answers. Below "
        f"{min_coverage:.0%} an area is marked “low evidence”.",
        "The 95% confidence interval is the score ± 1.96 standard errors, divided by coverage (many “don’t know” "
        "answers widen it) and kept within 1–5. A single answer is assumed to have the widest possible spread; "
        "areas, disciplines and the overall score combine the errors of their parts.",
        "Agreement within an area is Krippendorff’s α for ordinal data over its questions: 1 is full agreement, "
        "0 is no better than chance. Where α cannot be computed the standard deviation is shown instead.",
    ]


def _targets(inputs: Inputs) -> list[str]:
    ctx, params = inputs.ctx, inputs.ctx.result.parameters
    weights = ", ".join(f"{name} {weight:g}" for name, weight in SEVERITY_WEIGHTS.items())
    return [
        f"Targets come from the target model “{ctx.target_model}”: a level 1–5 for every area. A discipline’s "
        "target shown in this report is the mean of its areas’ targets, weighted like its score; the overall "
        "target is the plain mean of the discipline targets.",
        "Gap = target − current score, or zero when the target is met. Priority = gap × area weight × risk "
        f"factor, where the risk factor is 1 + the severity weights ({weights}) of the risks the area guards "
        "against, whether or not they are triggered.",
        f"A risk is triggered when the mean score of its linked areas is below {params.risk_threshold:g}.",
        "Roadmap: gaps are ranked by priority. “Now” takes the top third (rounded up), any area "
        f"{URGENT_GAP:g} or more levels below target, and any area linked to a triggered high-severity risk; "
        "“next” takes the rest down to two thirds; “later” the remainder. The practices listed are the "
        "catalogue’s descriptions of each question’s next levels, from just above its current score up to the "
        "target.",
    ]


def _groups(inputs: Inputs) -> list[str]:
    params = inputs.ctx.result.parameters
    return [
        f"Privacy: a team or role is shown on its own only with at least {params.min_group_size} submitted "
        "responses; smaller groups still count in every organisation-wide figure.",
        "Perception gaps are areas where managers’ and engineers’ scores differ by "
        f"{params.perception_gap_threshold:g} or more; hotspots are questions whose interquartile range is {params.hotspot_min_iqr:g} levels or more.",
        "KPIs are the median of the values respondents reported; the band is the first benchmark band (best "
        "first) the median reaches.",
        f"Trend: areas are matched on their catalogue key. An area whose questions changed meaning is “not "
        f"comparable”; changes within ±{DEAD_BAND:g} show as →.",
    ]


def methodology(inputs: Inputs) -> list[Flowable]:
    h3 = styles().h3
    return [
        *heading("Appendix A — Methodology", key="methodology"),
        Paragraph("The maturity scale", h3),
        _scale(inputs),
        Paragraph("How scores are computed", h3),
        *bullets(_scores(inputs), "fine"),
        Paragraph("Targets, gaps, risks and the roadmap", h3),
        *bullets(_targets(inputs), "fine"),
        Paragraph("Groups, KPIs and trend", h3),
        *bullets(_groups(inputs), "fine"),
        p(f"Catalogue version {inputs.ctx.catalogue_version}. Every figure in this report comes from the same "
          f"scoring engine as the results page, so the two always agree.", "note"),
    ]
