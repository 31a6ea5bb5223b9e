"""The one loader that feeds the scoring engine: ORM in, plain data out.

Answers are counted in the database as per-question level histograms by team and
role, so the cost grows with questions x levels x teams, not with respondents.
"""

from collections import defaultdict

import numpy as np
from django.db import connections
from django.db.models import Count, Q, QuerySet

from assessments.models import Answer, Assessment, KpiValue, Response, Team
from assessments.selectors import disciplines_with_content

from .scoring import (
    AreaSpec,
    AssessmentData,
    Band,
    DisciplineSpec,
    KpiSpec,
    LevelAnswers,
    QuestionSpec,
    RiskSpec,
    Tally,
)


def _specs(assessment: Assessment) -> tuple[tuple[DisciplineSpec, ...], tuple[RiskSpec, ...], tuple[KpiSpec, ...]]:
    keys = assessment.disciplines.values("key")  # a subquery, not a round trip
    disciplines, risks, kpis = [], [], []
    for d in disciplines_with_content(assessment.catalogue_version, keys):
        areas = tuple(
            AreaSpec(
                key=f"{d.key}.{a.key}",
                name=a.name,
                weight=a.weight,
                target=assessment.target_for(f"{d.key}.{a.key}") or 3,
                questions=tuple(QuestionSpec(id=q.pk, key=q.key, text=q.text, levels=tuple(q.levels))
                                for q in a.questions.all()),
                fingerprint=a.fingerprint,
            )
            for a in d.areas.all()
        )
        disciplines.append(DisciplineSpec(key=d.key, name=d.name, areas=areas))
        risks.extend(
            RiskSpec(key=f"{d.key}.{r.key}", discipline_key=d.key, text=r.text, severity=r.severity,
                     area_keys=tuple(f"{d.key}.{a.key}" for a in r.areas.all()))
            for r in d.risks.all()
        )
        kpis.extend(
            KpiSpec(key=f"{d.key}.{k.key}", discipline_key=d.key, name=k.name, unit=k.unit,
                    higher_is_better=k.higher_is_better,
                    bands=tuple(Band(name=b["name"], min=b.get("min"), max=b.get("max")) for b in k.bands),
                    source=k.source.get("title", ""))
            for k in d.kpis.all()
        )
    return tuple(disciplines), tuple(risks), tuple(kpis)


def _tallies(responses: QuerySet, team_names: dict[int, str]) -> dict[tuple[int, str, str], Tally]:
    """One row per question, team and role with its counts at each level and of N/A and
    "don't know" (conditional counts: a row per level would be four times the rows)."""
    counts = {
        f"level_{level}": Count("id", filter=Q(kind=Answer.Kind.LEVEL, level=level)) for level in range(1, 6)
    }
    query = (
        Answer.objects.filter(response__in=responses)
        .values_list("question_id", "response__team_id", "response__role")
        .annotate(**counts,
                  na=Count("id", filter=Q(kind=Answer.Kind.NOT_APPLICABLE)),
                  unknown=Count("id", filter=Q(kind=Answer.Kind.DONT_KNOW)))
        .order_by()
    )
    return {
        (question_id, team_names[team_id], role or ""): Tally(levels=(one, two, three, four, five), na=na,
                                                              unknown=unknown)
        for question_id, team_id, role, one, two, three, four, five, na, unknown in _raw_rows(query)
    }


def _raw_rows(query: QuerySet) -> list[tuple]:
    """The rows of a values_list query straight from the cursor: the histogram has
    tens of thousands of rows, and skipping the ORM's row handling saves a quarter."""
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _kpi_values(responses: QuerySet, team_names: dict[int, str]) -> dict[tuple[str, str], tuple[float, ...]]:
    """Every submitted value (medians need them all), straight from the cursor: reported
    figures are rarely equal, so grouping them in SQL would only add a sort."""
    query = (
        KpiValue.objects.filter(response__in=responses)
        .values_list("kpi__discipline__key", "kpi__key", "response__team_id", "value")
        .order_by()
    )
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for discipline_key, kpi_key, team_id, value in _raw_rows(query):
        values[(f"{discipline_key}.{kpi_key}", team_names[team_id])].append(value)
    return {key: tuple(sorted(v)) for key, v in values.items()}


def _respondents(responses: QuerySet, team_names: dict[int, str]) -> dict[tuple[str, str], int]:
    rows = (
        responses
        .values_list("team_id", "role")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(team_names[team_id], role or ""): n for team_id, role, n in rows}


def _level_answers(responses: QuerySet) -> LevelAnswers:
    """Every level answer of the submitted responses, for the resampled intervals: one
    query, read straight into arrays (300,000 answers at 1,000 respondents)."""
    query = (
        Answer.objects.filter(response__in=responses,
                              kind=Answer.Kind.LEVEL)
        .values_list("response_id", "question_id", "level")
        .order_by()
    )
    rows = np.array(_raw_rows(query), dtype=np.int64).reshape(-1, 3)
    return LevelAnswers(response_ids=rows[:, 0], question_ids=rows[:, 1], levels=rows[:, 2])


def scored_responses(assessment: Assessment, published_upto: int | None = None) -> QuerySet:
    """The submitted responses that meet the completion rule; with `published_upto`, those
    of publications 1..N only."""
    responses = Response.objects.filter(assessment=assessment, status=Response.Status.SUBMITTED, below_rule=False)
    if published_upto is not None:
        responses = responses.filter(published_in__lte=published_upto)
    return responses


def assessment_data(assessment: Assessment, *, with_level_answers: bool = False,
                    published_upto: int | None = None) -> AssessmentData:
    """Everything the engine needs for one assessment, in a bounded number of queries.
    `with_level_answers` adds the response-level answers that resampled intervals need
    (one more query; reports and stored results use it, quick scoring does not);
    `published_upto` scores the responses of the first N publications only.
    """
    responses = scored_responses(assessment, published_upto)
    team_names = dict(Team.objects.filter(organization_id=assessment.organization_id).values_list("pk", "name"))
    disciplines, risks, kpis = _specs(assessment)
    return AssessmentData(
        disciplines=disciplines,
        risks=risks,
        kpis=kpis,
        tallies=_tallies(responses, team_names),
        kpi_values=_kpi_values(responses, team_names),
        respondents=_respondents(responses, team_names),
        level_answers=_level_answers(responses) if with_level_answers else None,
    )


def client_comments(assessment: Assessment, publication_number: int | None, teams_shown: list[int] | None,
                    min_group: int) -> list[tuple[str, str, str, str]]:
    """The comments the consultant shared, as the client may see them: (area key, question,
    comment, team), never who wrote them. Only from teams shown on their own: with a
    publication, the teams it shows and the responses it covers (so nothing here moves
    with one submission); without one (the consultant's live report), the teams with at
    least `min_group` responses that count."""
    answers = Answer.objects.filter(response__assessment=assessment, shared_at__isnull=False).exclude(comment="")
    if publication_number is not None:
        answers = answers.filter(response__published_in__lte=publication_number,
                                 response__team_id__in=teams_shown or [])
    else:
        responses = scored_responses(assessment)
        large = [team for team, n in responses.values_list("team_id").annotate(n=Count("id")).order_by()
                 if n >= min_group]
        answers = answers.filter(response__in=responses, response__team_id__in=large)
    rows = (answers.select_related("question__area__discipline", "response__team")
            .order_by("question__area__discipline__order", "question__area__order", "question__order", "pk"))
    return [(f"{a.question.area.discipline.key}.{a.question.area.key}", a.question.text, a.comment,
             a.response.team.name) for a in rows]
