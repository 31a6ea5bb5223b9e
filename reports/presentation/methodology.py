"""The methodology appendix in plain words, with this assessment's own parameters."""

from __future__ import annotations

from collections.abc import Sequence

from reports.scoring import SEVERITY_WEIGHTS

from . import rules
from .document import DisciplineView, Methodology
from .inputs import ReportInputs
from .rules import LOW_ALPHA, MIN_RESPONDENTS, MIN_RESPONSE_RATE, URGENT_GAP

LEVEL_MEANINGS = {
    1: "Ad hoc: depends on individuals and heroics; results vary and are hard to repeat.",
    2: "Done by habit within teams, but not written down, shared or enforced.",
    3: "A documented standard, followed consistently and reviewed.",
    4: "Measured: managed with data and targets; deviations are acted on.",
    5: "Continuously improved and largely automated; lessons feed back into the standard.",
}


def methodology(inputs: ReportInputs, views: Sequence[DisciplineView]) -> Methodology:
    params = inputs.result.parameters
    severity = ", ".join(f"{name} {weight:g}" for name, weight in SEVERITY_WEIGHTS.items())
    scoring = (
        "Each question is answered on the 1–5 scale. “Not applicable” is left out of every figure except the N/A "
        "share; “don’t know” is never treated as a level.",
        "A question’s score is the mean of its level answers. An area’s score is the plain mean of its questions’ "
        "scores, so each question counts the same however many people answered it. A discipline’s score is the "
        "mean of its areas weighted by the area weights below; the overall score is the plain mean of the "
        "disciplines.",
        "Every score is printed with one decimal, rounded half up, and every statement about a score is made on "
        "the printed value: the level named is the whole part of the printed score (2.9 has reached Repeatable, "
        "3.0 has reached Defined) and its colour is that level’s colour.",
        "The 95% interval comes from resampling: the whole set of responses is drawn again with replacement "
        "hundreds of times (a fixed seed, so the figures repeat) and every score recomputed; the interval holds "
        "the middle 95% of those scores. It is then widened in proportion to the “don’t know” answers, since the "
        "missing opinions could sit anywhere on the scale. Respondents who disagree widen it; many who agree "
        "narrow it.",
        *((f"A submitted response is scored once at least {inputs.min_completion}% of the questions that apply to "
           "the respondent are answered (“not applicable” left out, “don’t know” counting as an answer); the "
           "responses below that are kept but not scored.",) if inputs.min_completion else ()),
        f"A result from fewer than {MIN_RESPONDENTS} respondents, or with a response rate under "
        f"{MIN_RESPONSE_RATE:.0%}, is labelled indicative wherever it is shown.",
        f"Coverage is the share of level answers among level and “don’t know” answers; below "
        f"{params.min_coverage:.0%} an area is marked “low evidence”. Agreement within an area is Krippendorff’s α "
        f"for ordinal data (1 is full agreement, 0 no better than chance); below {LOW_ALPHA:.2f} it counts as low.",
    )
    targets = (
        f"Targets come from the target model “{inputs.target_model}”, a level for every area. A discipline’s "
        "target is the mean of its areas’ targets, weighted like its score; the overall target is the plain mean "
        "of the discipline targets.",
        "Gap = target − printed score, or zero when the target is met; an area is a gap only when that gap is "
        "above zero. Priority = gap × area weight × risk factor, where the risk factor is 1 + the severity "
        f"weights ({severity}) of the risks the area guards against.",
        f"A risk is triggered when the mean printed score of its linked areas is below {params.risk_threshold:g}. "
        "Likelihood is high below 2.0 or 1.5 levels or more under target, medium below 3.0 or half a level under "
        "target, low otherwise; the rating combines likelihood and impact (Critical, High, Medium, Low).",
        "Roadmap: gaps are ranked by priority. “Now” (the first 90 days) takes the top third, any area "
        f"{URGENT_GAP:g} or more levels below target and any area behind a triggered high-impact risk; “next” "
        "(90–180 days) the rest down to two thirds; “later” the remainder. The actions are the catalogue’s "
        "improvement actions for moving each question from the level it has reached to the next one.",
    )
    groups = (
        f"Privacy: a team or role is shown on its own only with at least {params.min_group_size} submitted "
        "responses; smaller groups still count in every organisation-wide figure.",
        f"Perception gaps are areas where managers’ and engineers’ printed scores differ by "
        f"{params.perception_gap_threshold:g} or more; hotspots are questions whose interquartile range is "
        f"{params.hotspot_min_iqr:g} levels or more.",
        "KPIs are the median of the values respondents reported; the band is the first benchmark band (best "
        "first) that the printed median reaches. Each band names the document and year that define it, or says "
        "it is a practitioner heuristic.",
        f"Trend: areas are matched on their catalogue key; the change is the difference of the two printed "
        f"scores, and changes of {rules.DEAD_BAND:g} or less show as →.",
    )
    return Methodology(
        level_scale=tuple((level, rules.LEVEL_NAMES[level], LEVEL_MEANINGS[level]) for level in range(1, 6)),
        scoring=scoring, targets=targets, groups=groups,
        weights=tuple((v.name, v.weights) for v in views),
        target_model=" ".join(part for part in (
            f"{inputs.target_model}:", inputs.target_model_description, inputs.target_model_rationale) if part),
    )
