"""The loader counts answers in the database and feeds the engine in a bounded
number of queries, whatever the number of respondents."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.demo import responses_generate
from assessments.models import Answer, Response
from reports.scoring import score_assessment
from reports.selectors import assessment_data
from tests.builders import make_invitation


def _answer(response: Response, question, level: int | None, kind: str = Answer.Kind.LEVEL) -> None:
    Answer.objects.create(response=response, question=question, kind=kind, level=level)


def _response(assessment, team, role: str, *, submitted: bool = True) -> Response:
    invitation = make_invitation(assessment, team, role=role)
    status = Response.Status.SUBMITTED if submitted else Response.Status.DRAFT
    return Response.objects.create(invitation=invitation, assessment=assessment, team=team, role=role, status=status)


def test_it_counts_levels_na_and_dont_know_per_team_and_role(assessment):
    team = assessment.organization.teams.get(name="Platform")
    question = assessment.disciplines.get(key="sysops").areas.get(key="patching").questions.first()
    for level in (2, 4):
        _answer(_response(assessment, team, "engineer"), question, level)
    _answer(_response(assessment, team, "engineer"), question, None, Answer.Kind.DONT_KNOW)
    _answer(_response(assessment, team, "manager"), question, None, Answer.Kind.NOT_APPLICABLE)
    _answer(_response(assessment, team, "manager", submitted=False), question, 5)  # a draft never counts

    data = assessment_data(assessment)

    engineer = data.tallies[(question.pk, "Platform", "engineer")]
    assert (engineer.levels, engineer.na, engineer.unknown) == ((0, 1, 0, 1, 0), 0, 1)
    manager = data.tallies[(question.pk, "Platform", "manager")]
    assert (manager.levels, manager.na, manager.unknown) == ((0, 0, 0, 0, 0), 1, 0)
    assert data.respondents == {("Platform", "engineer"): 3, ("Platform", "manager"): 1}


def test_targets_come_from_the_model_with_the_assessments_overrides(assessment):
    assessment.target_overrides = {"sysops.patching": 5}
    assessment.save()
    areas = {a.key: a for d in assessment_data(assessment).disciplines for a in d.areas}
    assert areas["sysops.patching"].target == 5
    assert areas["sysops.backup_recovery"].target == assessment.target_model.targets["sysops.backup_recovery"]


@pytest.mark.parametrize("per_team", [5, 250])
def test_loading_takes_the_same_few_queries_for_10_and_500_respondents(assessment, per_team):
    teams = list(assessment.organization.teams.all())
    responses_generate(assessment, teams, per_team=per_team, rng=random.Random(1))
    with CaptureQueriesContext(connection) as queries:
        data = assessment_data(assessment)
    assert len(queries) <= 10
    result = score_assessment(data)
    assert result.respondent_count == per_team * len(teams)
    assert 1 <= result.overall.mean <= 5
