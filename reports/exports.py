"""CSV and JSON exports. Rows stream from one query each; cells that a spreadsheet
would run as a formula are neutralised."""

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any

from assessments.models import Answer, Assessment, Response

from .scoring import AssessmentResult

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Prefix text that starts like a formula with a quote (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
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


def results_rows(result: AssessmentResult) -> Iterator[list[Any]]:
    yield ["level", "discipline", "area", "question", "name", "mean", "median", "sd", "n", "dont_know", "na",
           "coverage", "ci_low", "ci_high", "target", "gap", "priority", "agreement_alpha"]
    gaps = {g.area_key: g for g in result.gaps}
    yield ["overall", "", "", "", "Overall", *_stats(result.overall), "", "", "", ""]
    for d in result.disciplines:
        yield ["discipline", d.key, "", "", d.name, *_stats(d.stats), "", "", "", ""]
        for a in d.areas:
            gap = gaps.get(a.key)
            area_key = a.key.split(".", 1)[1]  # the discipline has its own column
            yield ["area", d.key, area_key, "", a.name, *_stats(a.stats), a.target,
                   _fmt(gap.gap if gap else None), _fmt(gap.priority if gap else None), _fmt(a.agreement.alpha, 3)]
            for q in a.questions:
                yield ["question", d.key, area_key, q.key, q.text, *_stats(q.stats), "", "", "", ""]


def _stats(s) -> list[Any]:
    return [_fmt(s.mean), _fmt(s.median, 1), _fmt(s.sd), s.n, s.unknown, s.na, _fmt(s.coverage),
            _fmt(s.ci_low), _fmt(s.ci_high)]


def roadmap_rows(result: AssessmentResult) -> Iterator[list[Any]]:
    """One row per recommended step, ready to import into a tracker (Jira, Azure Boards, GitHub)."""
    yield ["Phase", "Summary", "Description", "Discipline", "Area", "Current", "Target", "Priority", "Labels"]
    for phase in result.roadmap:
        for rec in phase.recommendations:
            for step in rec.steps:
                for level in step.next_levels:
                    summary = f"{rec.area_name}: reach level {level.level} on {step.question_key}"
                    description = f"{step.question_text}\nTarget practice: {level.text}"
                    yield [phase.label, summary, description, rec.discipline_name, rec.area_name,
                           _fmt(rec.current), rec.target, _fmt(rec.priority), f"opsassess {rec.discipline_key}"]


def results_json(result: AssessmentResult, *, assessment: Assessment) -> str:
    payload = {
        "assessment": {"id": assessment.pk, "title": assessment.title, "organization": assessment.organization.name},
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
