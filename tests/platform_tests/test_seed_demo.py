"""`seed_demo` gives every screen real data on first run, and can be run again safely."""

import io
import json
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import Answer, Assessment, Invitation, Organization, Response
from reports.context import report_document


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _can_log_in(client, login: dict) -> bool:
    response = client.post(reverse("login"), {"username": login["email"], "password": login["password"]})
    return response.status_code == 302 and "_auth_user_id" in client.session


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Organization, Assessment, Invitation, Response, Answer))


@pytest.mark.django_db
def test_seed_demo_without_a_catalogue_says_what_to_run():
    with pytest.raises(CommandError, match="load_catalogue"):
        _seed()


@pytest.mark.django_db
def test_seed_demo_json_gives_working_logins_and_survey_links(catalogue, client):
    summary = json.loads(_seed("--json"))

    assert len(summary["orgs"]) == 2
    assert _can_log_in(client, summary["consultant"])
    for org in summary["orgs"]:
        assessment = Assessment.objects.get(pk=org["assessment_id"])
        assert assessment.organization.name == org["name"]
        assert assessment.responses.filter(status=Response.Status.SUBMITTED).count() >= 12
        assert org["survey_links"], "each organisation offers a link to try the survey"
        response = client.get(urlsplit(org["survey_links"][0]).path)
        assert response.status_code == 200
    client.logout()
    manager = summary["orgs"][0]["manager"]
    assert _can_log_in(client, manager)


@pytest.mark.django_db
def test_seed_demo_twice_creates_nothing_more_and_keeps_logins(catalogue, client):
    first = json.loads(_seed("--json"))
    before = _counts()

    second = json.loads(_seed("--json"))

    assert _counts() == before
    assert [o["assessment_id"] for o in second["orgs"]] == [o["assessment_id"] for o in first["orgs"]]
    assert _can_log_in(client, second["consultant"])


@pytest.mark.django_db
def test_seed_demo_answers_vary_and_a_previous_round_gives_a_trend(catalogue):
    summary = json.loads(_seed("--json"))
    northwind = Assessment.objects.get(pk=summary["orgs"][0]["assessment_id"])

    levels = set(Answer.objects.filter(response__assessment=northwind, kind=Answer.Kind.LEVEL)
                 .values_list("level", flat=True))
    document = report_document(northwind)

    assert len(levels) >= 4, "realistic answers use most of the scale"
    assert len(document.observations) == 2, "the consultant's client-visible findings, not the internal note"
    assert document.trend is not None and document.trend.previous_title == "Ops maturity 2025", (
        "the 2025 round is there to compare against")


@pytest.mark.django_db
def test_seed_demo_prints_the_logins(catalogue):
    text = _seed()

    assert "consultant@opsassess.local" in text
    assert "manager@northwind.example" in text
    assert "/s/" in text
