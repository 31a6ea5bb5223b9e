"""Synthetic but realistic answers, for the demo data and the benchmarks.

Each team gets a "true" maturity per area; respondents answer around it with
noise, engineers a little lower than managers (the perception gap seen in real
assessments), and some say "don't know" or "not applicable".
"""

import random
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from .models import Answer, Assessment, Invitation, KpiValue, Question, RespondentRole, Response, Team
from .selectors import disciplines_with_content

ROLE_BIAS = {RespondentRole.ENGINEER: -0.3, RespondentRole.LEAD: 0.0, RespondentRole.MANAGER: 0.5}
ROLE_MIX = [RespondentRole.ENGINEER, RespondentRole.LEAD, RespondentRole.ENGINEER, RespondentRole.MANAGER]
POLARISED_SHARE = 0.06  # practices some people see in place and others do not: the hotspots


def _level(true_level: float, bias: float, rng: random.Random) -> int:
    return max(1, min(5, round(rng.gauss(true_level + bias, 0.6))))


@transaction.atomic
def responses_generate(
    assessment: Assessment,
    teams: Sequence[Team],
    *,
    per_team: int,
    rng: random.Random,
    submitted: bool = True,
    team_offsets: dict[int, float] | None = None,
) -> list[Response]:
    disciplines = disciplines_with_content(
        assessment.catalogue_version, list(assessment.disciplines.values_list("key", flat=True))
    )
    questions: list[tuple[Question, float, bool]] = []
    kpis = []
    for discipline in disciplines:
        for area in discipline.areas.all():
            area_truth = rng.uniform(1.6, 3.8)
            # Practices within an area differ (some are in place, some not): that is what
            # respondents agree on, and what gives a meaningful agreement statistic.
            questions.extend((q, area_truth + rng.uniform(-0.8, 0.8), rng.random() < POLARISED_SHARE)
                             for q in area.questions.all())
        kpis.extend(discipline.kpis.all())
    now = timezone.now()
    status = Response.Status.SUBMITTED if submitted else Response.Status.DRAFT
    invitations, responses = [], []
    for team in teams:
        for _ in range(per_team):
            role = ROLE_MIX[len(invitations) % len(ROLE_MIX)]
            invitations.append(Invitation(assessment=assessment, team=team, role=role, sent_at=now))
    Invitation.objects.bulk_create(invitations)
    for invitation in invitations:
        responses.append(
            Response(
                invitation=invitation,
                assessment=assessment,
                team=invitation.team,
                role=invitation.role,
                status=status,
                submitted_at=now if submitted else None,
            )
        )
    Response.objects.bulk_create(responses)
    answers, values = [], []
    offsets = team_offsets or {}
    for response in responses:
        bias = ROLE_BIAS[RespondentRole(response.role)] + offsets.get(response.team_id, 0.0)
        for question, truth, polarised in questions:
            roll = rng.random()
            if roll < 0.04:
                answers.append(Answer(response=response, question=question, kind=Answer.Kind.NOT_APPLICABLE))
            elif roll < 0.10:
                answers.append(Answer(response=response, question=question, kind=Answer.Kind.DONT_KNOW))
            else:
                spread = rng.choice((-1.3, 1.3)) if polarised else 0.0
                level = _level(truth + spread, bias, rng)
                answers.append(Answer(response=response, question=question, kind=Answer.Kind.LEVEL, level=level))
        for kpi in kpis:
            if rng.random() < 0.8:
                values.append(KpiValue(response=response, kpi=kpi, value=_kpi_value(kpi, rng)))
    Answer.objects.bulk_create(answers, batch_size=5000)
    KpiValue.objects.bulk_create(values, batch_size=5000)
    return responses


def _kpi_value(kpi, rng: random.Random) -> float:
    """A value somewhere in the KPI's middle bands, rounded as people report them."""
    bounds = [b.get("min", b.get("max")) for b in kpi.bands if "min" in b or "max" in b]
    low, high = min(bounds), max(bounds)
    spread = (high - low) or max(abs(high), 1.0)
    value = rng.uniform(low - spread * 0.3, high + spread * 0.3)
    value = max(kpi.range_min, min(kpi.range_max, value))
    return round(value, 2)
