import math

from assessments.models import Question, RespondentRole, Response
from tests.builders import make_invitation

from .conftest import assessment_kpis, assessment_questions, url


def test_the_intro_shows_organisation_assessment_disciplines_time_and_who_sees_what(client, invitation, assessment):
    page = client.get(url("start", invitation)).content.decode()
    assert "Acme Corp" in page
    assert "2026 baseline" in page
    disciplines = list(assessment.disciplines.order_by("order", "key"))
    listed = [f'{d.name} <span class="text-muted">({Question.objects.filter(area__discipline=d).count()} questions)</span>'
              for d in disciplines]
    assert all(item in page for item in listed), listed
    assert [page.index(item) for item in listed] == sorted(page.index(item) for item in listed)  # catalogue order
    # Every question and KPI at 20 seconds each (as the page says), rounded up to whole minutes.
    seconds = (assessment_questions(assessment).count() + assessment_kpis(assessment).count()) * 20
    assert "(some 20 seconds a question)" in page
    assert f"about <strong>{math.ceil(seconds / 60)} minutes</strong>" in page
    # The privacy statement says what managers see and when, with the configured k.
    assert "Managers at Acme Corp never see your answers" in page
    assert "groups of at least 5 people" in page
    assert "Results reach them when the survey closes:" in page  # no interim results by default
    assert "in steps of 5, never who or when" in page
    assert "sees individual answers and your comments" in page
    assert "Your role in the team" in page
    assert not Response.objects.exists()


def test_the_intro_has_no_login_or_workspace_links(client, invitation):
    page = client.get(url("start", invitation)).content.decode()
    assert "Log out" not in page and "/accounts/login" not in page and "Clients" not in page


def test_starting_stores_role_team_and_assessment_and_opens_page_one(client, invitation):
    response = client.post(url("start", invitation), {"role": RespondentRole.LEAD})
    assert response.status_code == 302
    assert response["Location"] == url("page", invitation, 1)
    stored = Response.objects.get(invitation=invitation)
    assert (stored.role, stored.team, stored.assessment) == ("lead", invitation.team, invitation.assessment)
    assert (stored.status, stored.last_page) == (Response.Status.DRAFT, 1)


def test_starting_without_a_role_asks_for_it(client, invitation):
    response = client.post(url("start", invitation), {})
    assert response.status_code == 200
    assert "Choose your role." in response.content.decode()
    assert not Response.objects.exists()


def test_an_invented_role_is_refused(client, invitation):
    response = client.post(url("start", invitation), {"role": "ceo"})
    assert "Choose your role." in response.content.decode()
    assert not Response.objects.exists()


def test_the_invitations_role_is_used_without_asking(client, assessment):
    invitation = make_invitation(assessment, role=RespondentRole.MANAGER)
    page = client.get(url("start", invitation)).content.decode()
    assert "Your role in the team" not in page
    assert "You are answering as <strong>Manager</strong>" in page
    client.post(url("start", invitation), {"role": "engineer"})  # ignored: the invitation decides
    assert Response.objects.get(invitation=invitation).role == RespondentRole.MANAGER


def test_starting_twice_keeps_one_response(client, invitation):
    client.post(url("start", invitation), {"role": "engineer"})
    client.post(url("start", invitation), {"role": "engineer"})
    assert Response.objects.filter(invitation=invitation).count() == 1


def test_an_unknown_token_is_404(client, invitation):
    assert client.get("/s/not-a-real-token/").status_code == 404
    assert client.get("/s/not-a-real-token/p/1/").status_code == 404
    assert client.get("/s/not-a-real-token/review/").status_code == 404
    assert client.post("/s/not-a-real-token/submit/").status_code == 404
