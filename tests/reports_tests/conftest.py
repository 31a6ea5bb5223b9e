import random

import pytest

from assessments.demo import responses_generate


@pytest.fixture
def answered(assessment):
    """The `assessment` fixture with 12 submitted responses over its two teams."""
    teams = list(assessment.organization.teams.all())
    responses_generate(assessment, teams, per_team=6, rng=random.Random(3))
    return assessment


@pytest.fixture
def answered_committed(transactional_db, catalogue, org, owner):
    """Like `answered`, but committed, so another process (a live worker) sees it."""
    from tests.builders import make_assessment

    assessment = make_assessment(org, created_by=owner)
    responses_generate(assessment, list(org.teams.all()), per_team=6, rng=random.Random(3))
    return assessment


@pytest.fixture
def published(answered, owner):
    """`answered`, closed by its consultant: its results are published, so managers see them."""
    from assessments.services.assessments import assessment_close

    assessment_close(assessment=answered, actor=owner)
    answered.refresh_from_db()
    return answered
