"""The personal link's look-up, compiled once per process, loads exactly what the ORM
would, converted the same way (dates, JSON), in one query."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Answer, Invitation
from assessments.survey.selectors import invitation_for_token, response_of

from .conftest import url


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_it_loads_the_rows_the_orm_loads(client, started, invitation, plan):
    client.post(url("autosave", invitation), {f"q-{q.pk}": "2" for q in plan.pages[0].questions})
    invitation.assessment.target_overrides = {"sysops.monitoring": 4}
    invitation.assessment.save()
    with CaptureQueriesContext(connection) as ctx:
        loaded = invitation_for_token(invitation.token, with_answered=True)
    assert len(ctx.captured_queries) == 1
    expected = Invitation.objects.select_related("assessment__organization", "team", "response").get(pk=invitation.pk)
    assert _fields(loaded) == _fields(expected)
    for path in ("assessment", "assessment.organization", "team", "response"):
        got, want = loaded, expected
        for part in path.split("."):
            got, want = getattr(got, part), getattr(want, part)
        assert _fields(got) == _fields(want), path
    assert loaded.answered == Answer.objects.filter(response=started).count() == len(plan.pages[0].questions)
    assert loaded.assessment.target_overrides == {"sysops.monitoring": 4}  # JSON decoded
    assert loaded.response.updated_at.tzinfo is not None and loaded.response.updated_at <= timezone.now()


def test_a_link_not_started_has_no_response_and_nothing_answered(invitation):
    loaded = invitation_for_token(invitation.token, with_answered=True)
    assert response_of(loaded) is None and not loaded.answered
    assert loaded.assessment.organization.name == invitation.assessment.organization.name


@pytest.mark.parametrize("token", ["", "nope", "x" * 43, "\x00"])
def test_an_unknown_link_is_404(invitation, token):
    with pytest.raises(Http404):
        invitation_for_token(token)
