"""Closed and draft assessments and revoked links say so clearly and keep the answers."""

import json

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment, Response

from .conftest import text, url


@pytest.fixture
def answered(started, plan) -> Answer:
    return Answer.objects.create(response=started, question=plan.pages[0].questions[0], kind=Answer.Kind.LEVEL, level=3)


def close(assessment: Assessment) -> None:
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save()


def revoke(invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save()


def every_view(client, invitation, question_id):
    return [
        client.get(url("start", invitation)),
        client.post(url("start", invitation), {"role": "engineer"}),
        client.get(url("page", invitation, 1)),
        client.post(url("page", invitation, 1), {f"q-{question_id}": "5", "go": "next"}),
        client.get(url("review", invitation)),
        client.post(url("submit", invitation), {"confirmed": "1"}),
    ]


def test_a_closed_assessment_says_so_on_every_page_and_keeps_the_answers(client, invitation, answered, assessment):
    close(assessment)
    for response in every_view(client, invitation, answered.question_id):
        assert response.status_code == 410
        assert "This assessment is closed." in text(response)
        assert "The answers you gave are kept." in text(response)
    answered.refresh_from_db()
    assert answered.level == 3
    assert Response.objects.get().status == Response.Status.DRAFT


def test_a_closed_assessment_refuses_autosave_with_a_json_message(client, invitation, answered, assessment):
    close(assessment)
    response = client.post(url("autosave", invitation), {f"q-{answered.question_id}": "5"})
    assert response.status_code == 410
    assert json.loads(response.content) == {"ok": False, "error": "This assessment is closed."}
    answered.refresh_from_db()
    assert answered.level == 3


@pytest.mark.parametrize(("minimum", "said"), [
    (0, "Your submitted answers are kept and count in the results."),
    (80, "Your submitted answers are kept, but too few questions were answered for them to count in the results."),
])
def test_a_closed_assessment_thanks_those_who_submitted(client, invitation, answered, assessment, minimum, said):
    Assessment.objects.filter(pk=assessment.pk).update(min_completion=minimum)
    client.post(url("submit", invitation), {"confirmed": "1"})  # one question answered
    close(assessment)
    response = client.get(url("start", invitation))
    assert response.status_code == 410
    assert said in text(response)


def test_a_revoked_link_says_it_was_withdrawn_and_keeps_the_answers(client, invitation, answered):
    revoke(invitation)
    for response in every_view(client, invitation, answered.question_id):
        assert response.status_code == 410
        assert "This survey link has been withdrawn." in text(response)
    autosave = client.post(url("autosave", invitation), {f"q-{answered.question_id}": "5"})
    assert json.loads(autosave.content) == {"ok": False, "error": "This survey link has been withdrawn."}
    answered.refresh_from_db()
    assert answered.level == 3


def test_a_revoked_link_before_any_answer_creates_nothing(client, invitation):
    revoke(invitation)
    response = client.post(url("start", invitation), {"role": "engineer"})
    assert response.status_code == 410
    assert not Response.objects.exists()


def test_a_draft_assessment_says_it_is_not_open_yet(client, invitation, assessment):
    assessment.status = Assessment.Status.DRAFT
    assessment.opens_on = timezone.localdate().replace(year=2031)
    assessment.save()
    response = client.get(url("start", invitation))
    assert response.status_code == 200
    assert "This assessment is not open yet." in text(response)
    assert "has not started yet. Please try this link again once it opens, on" in text(response)
    assert client.post(url("start", invitation), {"role": "engineer"}).status_code == 200
    assert not Response.objects.exists()
    autosave = client.post(url("autosave", invitation), {"q-1": "3"})
    assert (autosave.status_code, json.loads(autosave.content)["error"]) == (409, "This assessment is not open yet.")


def test_reopening_makes_the_link_work_again_with_the_answers(client, invitation, answered, assessment):
    close(assessment)
    assessment.status = Assessment.Status.OPEN
    assessment.save()
    response = client.get(url("page", invitation, 1))
    assert response.status_code == 200
    assert f'name="q-{answered.question_id}" value="3" checked' in response.content.decode()
