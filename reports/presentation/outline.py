"""The report's sections in reading order: number, title and the paragraph that opens each.

Written once here so that the PDF, the Word report and the deck number and introduce
their sections alike; the figures inside come from the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Meta


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # "1", "4.1", "Appendix A"
    title: str
    intro: str = ""

    @property
    def heading(self) -> str:
        joiner = " — " if self.number.startswith("Appendix") else " "
        return f"{self.number}{joiner}{self.title}"


READING_INTRO = (
    "Every practice was rated by the people who do the work on five behaviourally anchored levels. Scores are means "
    "of those ratings, printed with one decimal; the level named is the one the printed score has reached, and its "
    "colour is that level’s colour throughout the report.")
READING_NOTES = (
    "Section 1 is the verdict on one page. Sections 2 to 6 give the evidence, the gaps, the actions and the risks; "
    "sections 7 to 9 show teams, disagreements and the trend.",
    "Gaps and triggered risks are decided on the printed figures, so every number can be checked by hand. Appendix A "
    "explains each calculation; appendix B lists every improvement action for a tracker; appendix C gives the "
    "answers behind every score.",
    "Groups smaller than the privacy threshold are never shown on their own.",
)

VERDICT = Section("verdict", "1", "Verdict")
DISCIPLINES = Section(
    "disciplines", "2", "Findings by discipline",
    "Each discipline against its target: the chart compares every area’s current score (filled) with its target "
    "(dashed). Agreement is Krippendorff’s α where it can be computed (1 = full agreement), otherwise the spread of "
    "the answers; coverage is the share of answers that gave a level rather than “don’t know”. Weights are the "
    "area weights in the discipline score.")
HEATMAP = Section(
    "heatmap", "3", "Heatmap by team and area",
    "Every area’s score for the whole organisation and for each team shown on its own. Read down a column for a "
    "team’s profile and across a row to see whether a weak spot is shared or local.")
GAPS = Section("gaps", "4", "Gaps and roadmap")
GAP_REGISTER = Section(
    "gap-register", "4.1", "Prioritised gap register",
    "Every area below its target, ranked by priority = gap × area weight × risk factor, where the risk factor grows "
    "with the severity of the risks the area guards against. Risk IDs refer to the register in section 5; bold ones "
    "are triggered.")
ROADMAP = Section(
    "roadmap", "4.2", "Roadmap",
    "For each gap, the first actions that move its weakest practices from the level they have reached to the next, "
    "with the role that should own each and its effort: S is days of work inside one team, M a few weeks, L a "
    "quarter or more or several teams. Action IDs (A1…) are the rows of the roadmap CSV, ready for a tracker.")
RISKS = Section("risks", "5", "Risk register")  # its intro is the document's risk_intro
KPIS = Section(
    "kpis", "6", "KPIs against benchmarks",
    "The median of the values respondents reported, the benchmark band that median falls in, the band thresholds, "
    "and the document and year that publish them. Where no published source defines thresholds the bands are "
    "marked as a practitioner heuristic with the reasoning behind them.")
GROUPS = Section("groups", "7", "Teams and roles")
TEAMS = Section("teams", "7.1", "Team comparison")
PERCEPTION = Section("perception", "7.2", "Perception gaps by role")
HOTSPOTS = Section(
    "hotspots", "8", "Disagreement hotspots",
    "Questions where the middle half of the answers spans two levels or more (interquartile range). Colleagues see "
    "these practices very differently, often because teams work differently: they are worth a workshop before "
    "acting on the average.")
TREND = Section("trend", "9", "Trend since the previous assessment")
METHODOLOGY = Section("methodology", "Appendix A", "Methodology")
ACTIONS = Section(
    "actions", "Appendix B", "All improvement actions",
    "Every action for every gap, in roadmap order: the same rows as the roadmap CSV export, ready to import into "
    "Jira, Azure Boards or GitHub.")
ANSWERS = Section(
    "distributions", "Appendix C", "Answer distributions",
    "For every question: the number of level answers (n), how many people chose each level 1–5, “not applicable” "
    "(N/A), “don’t know” (DK) and the printed score. Shaded rows give the area’s score.")

# How many columns a table shows before the numbers get squeezed, in every format: the heatmap's
# teams beside "All teams" (the rest are in the team table), and disciplines per team or role table
# (wider catalogues get a second table).
HEATMAP_TEAMS = 7
# Shares of the page width: the area, the discipline, and the team columns together (so a
# team name such as "Network Engineering" wraps between words, not inside one).
HEATMAP_WIDTHS = (0.3, 0.12, 0.58)
GROUP_COLUMNS = 5

EFFORT = {"S": "days of work inside one team", "M": "a few weeks", "L": "a quarter or more, or several teams"}


def no_responses(meta: Meta) -> tuple[str, str]:
    """The message and the detail of a report on an assessment nobody has submitted yet."""
    return (
        "No responses have been submitted yet, so there are no scores, gaps or risks to report. Generate the report "
        f"again once team members of {meta.organization} have submitted the survey.",
        f"The assessment “{meta.assessment_title}” is {meta.status.lower()}. Scores appear as soon as the first "
        "response is submitted; small groups are never shown on their own.",
    )

# Respondents' comments the consultant shared, under each discipline's findings.
COMMENTS_CAPTION = "What respondents said"
