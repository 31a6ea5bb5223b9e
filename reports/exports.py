"""CSV and JSON exports. Rows stream from one query each; cells that a spreadsheet
would run as a formula are neutralised."""

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any

from assessments.models import Answer, Assessment, Response

from .presentation import ReportDocument, rules
from .scoring import AssessmentResult

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet could run as a formula with a quote (OWASP CSV
    injection advice): text starting with = + - @, a tab, a carriage return or a line
    feed, or with spaces before any of = + - @ (spreadsheets skip the spaces)."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def results_rows(result: AssessmentResult, document: ReportDocument) -> Iterator[list[Any]]:
    """Scores at full precision; target, gap, priority and status as the report prints them."""
    yield ["level", "discipline", "area", "question", "name", "mean", "median", "sd", "n", "dont_know", "na",
           "coverage", "ci_low", "ci_high", "printed_score", "target", "gap", "priority", "status", "agreement_alpha"]
    gaps = {g.area.key: g for g in document.gaps}
    rows = {a.key: a for d in document.disciplines for a in d.areas}
    yield ["overall", "", "", "", "Overall", *_stats(result.overall), document.verdict.overall.text, "", "", "", "", ""]
    for d in result.disciplines:
        yield ["discipline", d.key, "", "", d.name, *_stats(d.stats), _fmt(rules.printed(d.stats.mean), 1),
               "", "", "", "", ""]
        for a in d.areas:
            row, gap = rows[a.key], gaps.get(a.key)
            area_key = a.key.split(".", 1)[1]  # the discipline has its own column
            yield ["area", d.key, area_key, "", a.name, *_stats(a.stats), row.score.text, a.target,
                   "" if row.gap is None else _fmt(row.gap, 1), gap.priority_text if gap else "", row.status,
                   _fmt(a.agreement.alpha, 3)]
            for q in a.questions:
                yield ["question", d.key, area_key, q.key, q.text, *_stats(q.stats),
                       _fmt(rules.printed(q.stats.mean), 1), "", "", "", "", ""]


def _stats(s) -> list[Any]:
    return [_fmt(s.mean), _fmt(s.median, 1), _fmt(s.sd), s.n, s.unknown, s.na, _fmt(s.coverage),
            _fmt(s.ci_low), _fmt(s.ci_high)]


def roadmap_rows(document: ReportDocument) -> Iterator[list[Any]]:
    """One row per improvement action, ready to import into a tracker (Jira, Azure Boards, GitHub)."""
    yield ["ID", "Phase", "Horizon", "Summary", "Description", "Discipline", "Area", "Current", "Target", "Priority",
           "Effort", "Owner", "Risks", "Labels"]
    for phase in document.phases:
        for rec in phase.recommendations:
            for action in rec.all_actions:
                yield [action.ref, phase.label, phase.horizon, action.text,
                       f"{action.question}\nArea: {rec.area.name} ({rec.area.score.text} → {rec.area.target})",
                       rec.area.discipline_name, rec.area.name, rec.area.score.text, rec.area.target,
                       rec.priority_text, action.effort, action.owner, " ".join(action.risk_refs),
                       f"opsassess {rec.area.discipline_key}"]


def printed_json(document: ReportDocument) -> dict[str, Any]:
    """What the report prints, so a reader of the JSON sees the same verdicts as the page:
    the engine's `result` keeps full precision, these are the rounded, classified figures."""
    return {
        "overall": document.verdict.overall.value,
        "target": document.verdict.target.value,
        "areas": [{"key": a.key, "score": a.score.value, "level": a.score.level_name, "target": a.target,
                   "gap": a.gap, "status": a.status} for d in document.disciplines for a in d.areas],
        "gaps": [{"rank": g.rank, "area": g.area.key, "priority": g.priority, "phase": g.phase} for g in document.gaps],
        "risks": [{"ref": r.ref, "key": r.key, "score": r.score.value, "triggered": r.triggered,
                   "likelihood": r.likelihood, "impact": r.impact, "rating": r.rating, "owner": r.owner}
                  for r in document.risks],
    }


def results_json(result: AssessmentResult, document: ReportDocument, *, assessment: Assessment) -> str:
    payload = {
        "assessment": {"id": assessment.pk, "title": assessment.title, "organization": assessment.organization.name},
        "printed": printed_json(document),
        "result": dataclasses.asdict(result),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def answer_rows(assessment: Assessment) -> Iterator[list[Any]]:
    """Raw answers (consultants only): one row per answer, respondents pseudonymous."""
    yield ["respondent", "team", "role", "status", "discipline", "area", "question", "answer", "level", "comment"]
    rows = (
        Answer.objects.filter(response__assessment=assessment)
        .order_by("response_id", "question__area__discipline__order", "question__area__order", "question__order")
        .values_list("response_id", "response__team__name", "response__role", "response__status",
                     "question__area__discipline__key", "question__area__key", "question__key", "kind", "level",
                     "comment")
    )
    labels = dict(Answer.Kind.choices)
    statuses = dict(Response.Status.choices)
    for rid, team, role, status, dkey, akey, qkey, kind, level, comment in rows.iterator(chunk_size=5000):
        yield [f"R{rid}", team, role, statuses[status], dkey, akey, qkey, labels[kind], level or "", comment]


def tracker_rows(actions: Iterable[Any], shape: str) -> Iterator[list[Any]]:
    """Tracked actions in the column shape a tracker's CSV import takes.

    jira: Jira's CSV importer maps these headers onto its fields as they are named
    (Summary, Description, Issue Type, Priority, Labels, Due date, Status, Assignee).
    github: the title, body, labels, assignees, milestone, state columns that `gh issue
    create`-based importers read (GitHub has no CSV import of its own); labels are one
    comma-separated cell."""
    priorities = {"now": "High", "next": "Medium", "later": "Low"}
    if shape == "jira":
        yield ["Summary", "Description", "Issue Type", "Priority", "Labels", "Due date", "Status", "Assignee"]
        for a in actions:
            yield [f"{a.ref} {a.text}"[:250], _tracker_body(a), "Task", priorities.get(a.phase, "Medium"),
                   f"opsassess {a.phase}", a.due_on.isoformat() if a.due_on else "", a.get_status_display(), a.owner]
        return
    yield ["title", "body", "labels", "assignees", "milestone", "state"]
    for a in actions:
        yield [f"{a.ref} {a.text}"[:250], _tracker_body(a), f"opsassess,{a.phase}", "", a.horizon,
               "closed" if a.status in ("done", "dropped") else "open"]


def _tracker_body(action: Any) -> str:
    lines = [f"Area: {action.area_name} ({action.discipline_name})", f"Horizon: {action.horizon}",
             f"Effort: {action.effort or '–'}", f"Owner: {action.owner or '–'}"]
    if action.notes:
        lines.append(f"Notes: {action.notes}")
    return "\n".join(lines)
