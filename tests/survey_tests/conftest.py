"""Survey fixtures: a personal link, a started response, and small helpers to answer."""

import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.models import Invitation, RespondentRole, Response
from assessments.services.survey import response_start
from assessments.survey.pages import PagePlan
from assessments.survey.selectors import survey_plan
from tests.builders import make_invitation


@pytest.fixture
def invitation(assessment) -> Invitation:
    """An emailed link to the `assessment` (SysOps and DevOps) for the team Platform."""
    return make_invitation(assessment, email="dev@acme.example")


@pytest.fixture
def started(invitation) -> Response:
    return response_start(invitation=invitation, role=RespondentRole.ENGINEER)


@pytest.fixture
def plan(assessment) -> PagePlan:
    return survey_plan(assessment)


def url(name: str, invitation: Invitation, *args: object) -> str:
    return reverse(f"survey:{name}", args=[invitation.token, *args])


def text(response) -> str:
    """The page's words without tags, whitespace collapsed: what a reader sees."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())
