import json

import pytest
from django.urls import reverse

from assessments.models import Response
from assessments.selectors import assessment_progress
from tests.builders import make_invitation


@pytest.fixture
def underway(assessment, org):
    """Platform: 4 invited, 1 submitted, 1 in progress, 1 revoked before answering.
    Network: 2 invited, 1 revoked after submitting (still counted), nobody else started."""
    platform, network = org.teams.get(name="Platform"), org.teams.get(name="Network")
    invitations = [make_invitation(assessment, platform, email=f"p{i}@acme.example") for i in range(4)]
    make_invitation(assessment, platform, email="gone@acme.example", revoked_at="2026-01-01T00:00Z")
    Response.objects.create(invitation=invitations[0], assessment=assessment, team=platform,
                            status=Response.Status.SUBMITTED)
    Response.objects.create(invitation=invitations[1], assessment=assessment, team=platform)
    done = make_invitation(assessment, network, email="n0@acme.example", revoked_at="2026-01-01T00:00Z")
    Response.objects.create(invitation=done, assessment=assessment, team=network, status=Response.Status.SUBMITTED)
    make_invitation(assessment, network)
    return assessment


def test_progress_counts_invited_started_and_submitted_per_team(underway):
    progress = assessment_progress(underway)
    rows = {t.name: (t.invited, t.started, t.submitted, t.percent) for t in progress.teams}
    assert rows == {"Platform": (4, 2, 1, 25), "Network": (2, 1, 1, 50)}
    assert (progress.total.invited, progress.total.started, progress.total.submitted) == (6, 3, 2)
    assert progress.total.percent == 33


def test_the_consultant_page_shows_bars_per_team(as_user, owner, underway):
    page = as_user(owner).get(reverse("assessment_detail", args=[underway.pk])).content.decode()
    assert 'aria-label="Platform: submitted" aria-valuenow="25"' in page
    assert "width: 25%" in page
    assert 'data-progress-url="' + reverse("assessment_progress", args=[underway.pk]) in page
    assert reverse("team_invitations", args=[underway.pk, underway.teams.get(name="Platform").pk]) in page


def test_the_manager_page_has_aggregates_only(as_user, manager, underway):
    page = as_user(manager).get(reverse("assessment_detail", args=[underway.pk])).content.decode()
    # Counts move in steps of k (5): one submission out of 4 invited shows as "fewer than 5".
    assert 'aria-label="Platform: submitted" aria-valuenow="0"' in page
    assert "fewer than 5</span> submitted" in page
    assert "started" not in page  # who has opened a link is not shown either
    for invitation in underway.invitations.exclude(email=""):
        assert invitation.email not in page
    for invitation in underway.invitations.all():
        assert invitation.token not in page
    assert "/invitations/" not in page
    assert reverse("assessment_close", args=[underway.pk]) not in page
    assert "Activity" not in page


def test_the_results_card_links_results_and_reports_when_they_exist(as_user, manager, assessment):
    page = as_user(manager).get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert 'id="results-card"' in page
    assert reverse("results", args=[assessment.pk]) in page
    assert reverse("report_list", args=[assessment.pk]) in page


def test_the_results_card_waits_for_the_reports_app(as_user, owner, assessment, monkeypatch):
    from django.urls import NoReverseMatch

    from assessments.templatetags import workspace_tags

    def missing(name, args=None):
        raise NoReverseMatch(name)

    monkeypatch.setattr(workspace_tags, "reverse", missing)
    page = as_user(owner).get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert "Results and reports will appear here." in page


def test_the_progress_json_feeds_the_live_bars(as_user, owner, underway):
    data = json.loads(as_user(owner).get(reverse("assessment_progress", args=[underway.pk])).content)
    assert data["status"] == "open"
    assert data["total"]["submitted"] == 2
    assert {row["percent"] for row in data["teams"]} == {25, 50}
    assert "email" not in json.dumps(data)


def test_the_managers_progress_json_moves_only_in_steps_of_k(as_user, manager, underway):
    data = json.loads(as_user(manager).get(reverse("assessment_progress", args=[underway.pk])).content)
    assert data["total"]["submitted"] == 0 and data["total"]["submitted_text"] == "fewer than 5"
    assert {row["started"] for row in data["teams"]} == {0}  # no "started" count that one opening moves
    assert "email" not in json.dumps(data)


def test_home_lists_assessments_with_status_and_completion(as_user, owner, manager, underway, org):
    for user, completion in ((owner, "2 of 6 submitted · 33%"), (manager, "Fewer than 5 of 6 submitted")):
        page = as_user(user).get(reverse("home")).content.decode()
        assert org.name in page and underway.title in page
        assert completion in page
        assert "Open" in page


def test_home_of_a_manager_shows_only_their_organisation(as_user, manager, underway, other_org, catalogue):
    from tests.builders import make_assessment

    make_assessment(other_org, title="Globex secret")
    page = as_user(manager).get(reverse("home")).content.decode()
    assert "Globex" not in page
    assert reverse("assessment_create", args=[underway.organization_id]) not in page


def test_home_empty_states_say_what_to_do_next(as_user, owner, org, db):
    org.teams.all().delete()
    page = as_user(owner).get(reverse("home")).content.decode()
    assert "Add the teams to be assessed" in page
    assert reverse("organization_create") in page


def test_home_for_a_user_without_organisation(as_user, db):
    from tests.builders import make_user

    page = as_user(make_user("nobody@example.com")).get(reverse("home")).content.decode()
    assert "not linked to an organisation yet" in page


def test_home_queries_do_not_grow_with_assessments(as_user, owner, org, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.builders import make_assessment

    client = as_user(owner)
    make_assessment(org, title="one")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for i in range(5):
        make_assessment(org, title=f"more {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(many) == len(few)
