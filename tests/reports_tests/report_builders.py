"""Report inputs built from plain data (no database): two disciplines, three teams, a KPI,
a hotspot and a triggered risk, for the PDF, Word and PowerPoint tests."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from pypdf import PdfReader

from reports.pdf import build_report_pdf
from reports.presentation import KpiInfo, ObservationItem, ReportInputs, build_document
from reports.scoring import (
    LEVELS,
    AreaSpec,
    AssessmentData,
    AssessmentResult,
    Band,
    DisciplineSpec,
    KpiSpec,
    QuestionSpec,
    RiskSpec,
    Tally,
    score_assessment,
)

HOSTILE = "Zürich & Łódź <Ops> Ελλάδα “Кириллица”"
SECTIONS = (
    "Contents",
    "1 Verdict",
    "2 Findings by discipline",
    "2.1 SysOps",
    "2.2 DevOps",
    "3 Heatmap by team and area",
    "4 Gaps and roadmap",
    "5 Risk register",
    "6 KPIs against benchmarks",
    "7 Teams and roles",
    "8 Disagreement hotspots",
    "9 Trend since the previous assessment",
    "Appendix A — Methodology",
    "Appendix B — All improvement actions",
    "Appendix C — Answer distributions",
)
AVAILABILITY = KpiInfo(help="Share of the month the service was up.", source_title="Google SRE book",
                       source_year=2016, heuristic="",
                       bands=(Band("Elite", min=99.99), Band("High", min=99.9), Band("Low")))

# --- builders -------------------------------------------------------------------------


def question(qid: int) -> QuestionSpec:
    return QuestionSpec(
        id=qid,
        key=f"q{qid}",
        text=f"Practice statement {qid}",
        levels=tuple(f"Practice {qid} at level {level}" for level in LEVELS),
    )


def area(key: str, qids: Sequence[int], target: int = 3, fingerprint: str = "") -> AreaSpec:
    name = key.split(".")[-1].replace("_", " ").capitalize()
    return AreaSpec(key=key, name=name, weight=1.0, target=target,
                    questions=tuple(question(q) for q in qids), fingerprint=fingerprint or key)


def catalogue(changed: str = "") -> tuple[DisciplineSpec, ...]:
    """SysOps with three areas (a radar) and DevOps with two (bars); `changed`
    gives one area a new fingerprint, as a reworded catalogue would."""
    sysops = DisciplineSpec("sysops", "SysOps", (
        area("sysops.monitoring", [1, 2], fingerprint="v2" if changed == "sysops.monitoring" else ""),
        area("sysops.patching", [3, 4], target=4),
        area("sysops.backup", [5]),
    ))
    devops = DisciplineSpec("devops", "DevOps", (area("devops.pipelines", [6, 7]), area("devops.testing", [8])))
    return (sysops, devops)


def tally(*levels: int, na: int = 0, unknown: int = 0) -> Tally:
    one, two, three, four, five = levels
    return Tally(levels=(one, two, three, four, five), na=na, unknown=unknown)


# Question id -> answers of the engineers and managers of team "red"; team "blue" repeats
# the engineers. Question 8 splits people between 1 and 5: a disagreement hotspot.
ANSWERS = {
    1: (tally(0, 2, 2, 0, 0), tally(0, 0, 1, 2, 0)),
    2: (tally(1, 2, 1, 0, 0, unknown=1), tally(0, 0, 2, 1, 0)),
    3: (tally(2, 2, 0, 0, 0), tally(0, 1, 2, 0, 0)),
    4: (tally(1, 3, 0, 0, 0, na=1), tally(0, 2, 1, 0, 0)),
    5: (tally(0, 0, 2, 2, 0), tally(0, 0, 0, 2, 1)),
    6: (tally(0, 1, 3, 0, 0), tally(0, 0, 2, 1, 0)),
    7: (tally(0, 3, 1, 0, 0), tally(0, 1, 2, 0, 0)),
    8: (tally(2, 0, 0, 0, 2), tally(1, 0, 0, 0, 2)),
}


def assessment_data(*, answered: bool = True, changed: str = "", shift: int = 0) -> AssessmentData:
    tallies: dict[tuple[int, str, str], Tally] = {}
    if answered:
        for qid, (engineers, managers) in ANSWERS.items():
            tallies[(qid, "red", "engineer")] = engineers
            tallies[(qid, "red", "manager")] = managers
            tallies[(qid, "blue", "engineer")] = engineers
            tallies[(qid, "solo", "lead")] = tally(*(1 if lvl == 3 + shift else 0 for lvl in LEVELS))
    return AssessmentData(
        disciplines=catalogue(changed),
        risks=(
            RiskSpec("sysops.outage", "sysops", "Outages last long because nobody is paged.", "high",
                     ("sysops.monitoring", "sysops.patching")),
            RiskSpec("devops.drift", "devops", "Releases drift from what was tested.", "medium", ("devops.testing",)),
        ),
        kpis=(
            KpiSpec("availability", "sysops", "Service availability", "%", True,
                    (Band("Elite", min=99.99), Band("High", min=99.9), Band("Low")), "Google SRE book"),
        ),
        tallies=tallies,
        kpi_values={("sysops.availability", "red"): (99.95, 99.5, 99.99)} if answered else {},
        # Two people gave no team or role: with solo's one, three are hidden, so the shown groups
        # cannot single solo out by subtraction (secondary suppression holds nothing else back).
        respondents={("red", "engineer"): 4, ("red", "manager"): 3, ("blue", "engineer"): 4, ("solo", "lead"): 1,
                     ("", ""): 2} if answered else {},
    )


def inputs(result: AssessmentResult | None = None, **overrides: object) -> ReportInputs:
    fields: dict[str, object] = {
        "organization": "Northwind",
        "assessment_title": "Ops baseline 2026",
        "assessment_id": 7,
        "status": "Closed",
        "is_open": False,
        "opens_on": datetime.date(2026, 3, 2),
        "closes_on": datetime.date(2026, 3, 27),
        "consultant": "Alex Morgan",
        "target_model": "Balanced baseline",
        "target_model_description": "Level 3 everywhere, 4 where failure is hardest to undo.",
        "catalogue_version": "2026.11",
        "teams": ("red", "blue", "solo"),
        "invited": 16,
        "generated_at": datetime.datetime(2026, 4, 1, 9, 30, tzinfo=datetime.UTC),
        "result": result or score_assessment(assessment_data()),
        "kpis": {"sysops.availability": AVAILABILITY},
        "observations": (ObservationItem("sysops.patching", "Patch windows are negotiated per team.", False),),
    }
    fields.update(overrides)
    return ReportInputs(**fields)  # type: ignore[arg-type]


def report(result: AssessmentResult | None = None, **overrides: object) -> bytes:
    return build_report_pdf(build_document(inputs(result, **overrides)))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


