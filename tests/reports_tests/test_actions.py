"""The roadmap as tracked actions: the consultant starts tracking from a closed assessment's
published roadmap (dropped recommendations left out), the consultant and the client's
managers update owner, due date, status and notes, the tracker CSVs take Jira's and
GitHub's column shapes, and the next assessment shows what became of each area's actions
beside its change in score."""

from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
from django.urls import reverse

from assessments.demo import responses_generate
from reports.context import report_document
from reports.models import TrackedAction
from reports.presentation import rules
from reports.publications import publication_latest
from reports.services import actions_track, review_save
from tests.builders import make_assessment


def _first_actions(assessment) -> list[tuple[str, str]]:  # noqa: ANN001
    document = report_document(assessment, publication=publication_latest(assessment))
    return [(rec.area.key, a.text) for p in document.phases for rec in p.recommendations for a in rec.actions]


def test_tracking_starts_only_once_the_assessment_is_closed(client, owner, answered) -> None:
    client.force_login(owner)
    response = client.post(reverse("actions_start", args=[answered.pk]), follow=True)
    assert "Close the assessment first" in response.content.decode()
    assert not TrackedAction.objects.exists()


def test_the_consultant_tracks_the_first_actions_of_every_kept_recommendation_once(client, owner, published) -> None:
    expected = _first_actions(published)
    assert len(expected) >= 3
    client.force_login(owner)
    response = client.post(reverse("actions_start", args=[published.pk]), follow=True)
    assert f"{len(expected)} actions added to the tracker." in response.content.decode()
    assert list(TrackedAction.objects.values_list("area_key", "text")) == expected
    assert actions_track(assessment=published, user=owner) == 0  # again: nothing twice


def test_a_dropped_recommendation_is_not_tracked(owner, published) -> None:
    dropped = _first_actions(published)[0][0]
    review_save(assessment=published, user=owner, executive="", disciplines={},
                decisions={dropped: {"decision": "drop", "note": "", "internal_note": ""}})
    actions_track(assessment=published, user=owner)
    assert not TrackedAction.objects.filter(area_key=dropped).exists()
    assert TrackedAction.objects.exists()


def test_a_manager_updates_an_action_and_an_outsider_cannot(client, owner, manager, outsider_manager,
                                                            published) -> None:
    actions_track(assessment=published, user=owner)
    action = TrackedAction.objects.first()
    data = {f"action-{action.pk}-{k}": v for k, v in {
        "status": "done", "owner_user": manager.pk, "owner_name": "", "due_on": "2027-03-31",
        "notes": "Scanner bought in January."}.items()}
    client.force_login(outsider_manager)
    assert client.post(reverse("action_edit", args=[action.pk]), data).status_code == 404
    assert client.get(reverse("actions_list", args=[published.pk])).status_code == 404
    client.force_login(manager)
    page = client.get(reverse("actions_list", args=[published.pk])).content.decode()
    assert action.text in page and "Start tracking" not in page
    client.post(reverse("action_edit", args=[action.pk]), data)
    action.refresh_from_db()
    assert (action.status, action.owner_user, action.due_on, action.notes) == (
        "done", manager, datetime.date(2027, 3, 31), "Scanner bought in January.")


def test_only_the_clients_own_managers_can_be_made_owners(client, owner, outsider_manager, published) -> None:
    actions_track(assessment=published, user=owner)
    action = TrackedAction.objects.first()
    client.force_login(owner)
    response = client.post(reverse("action_edit", args=[action.pk]),
                           {f"action-{action.pk}-status": "done", f"action-{action.pk}-owner_user": outsider_manager.pk},
                           follow=True)
    assert f"{action.ref} was not saved" in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.owner_user) == ("open", None)


def test_the_tracker_csvs_take_jiras_and_githubs_column_shapes(client, owner, published) -> None:
    actions_track(assessment=published, user=owner)
    first = TrackedAction.objects.first()
    TrackedAction.objects.filter(pk=first.pk).update(status="done", due_on=datetime.date(2027, 1, 15))
    client.force_login(owner)
    rows = {}
    for shape in ("jira", "github"):
        response = client.get(reverse("actions_csv", args=[published.pk, shape]))
        rows[shape] = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows["jira"][0]) == ["Summary", "Description", "Issue Type", "Priority", "Labels", "Due date",
                                     "Status", "Assignee"]
    assert list(rows["github"][0]) == ["title", "body", "labels", "assignees", "milestone", "state"]
    assert len(rows["jira"]) == len(rows["github"]) == TrackedAction.objects.count()
    assert rows["jira"][0]["Summary"] == f"{first.ref} {first.text}"[:250]
    assert (rows["jira"][0]["Status"], rows["jira"][0]["Due date"]) == ("Done", "2027-01-15")
    assert (rows["github"][0]["state"], rows["github"][1]["state"]) == ("closed", "open")
    assert client.get(reverse("actions_csv", args=[published.pk, "xlsx"])).status_code == 404


def test_the_next_assessment_shows_each_areas_actions_beside_its_change(owner, org, published) -> None:
    actions_track(assessment=published, user=owner)
    area = TrackedAction.objects.first().area_key
    statuses = ["done", "open", "in_progress"]
    for action, status in zip(TrackedAction.objects.filter(area_key=area), statuses, strict=False):
        TrackedAction.objects.filter(pk=action.pk).update(status=status)
    tracked = list(TrackedAction.objects.filter(area_key=area).values_list("status", flat=True))
    following = make_assessment(org, created_by=owner, title="Ops maturity 2027")
    responses_generate(following, list(org.teams.all()), per_team=6, rng=random.Random(9))
    document = report_document(following)
    row = next(r for r in document.trend.areas if document.area(area) and r.name == document.area(area).name)
    assert row.actions == rules.actions_text(tuple(tracked)) and row.actions.startswith(f"{len(tracked)} action")
    others = [r for r in document.trend.areas if r.name != row.name and r.actions]
    assert all(TrackedAction.objects.filter(area_name=r.name).exists() for r in others)


def test_actions_text_counts_each_status() -> None:
    assert rules.actions_text(("done", "open", "done", "dropped")) == "4 actions: 2 done, 1 open, 1 dropped"
    assert rules.actions_text(()) == ""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_trend_tables_of_the_report_print_the_actions(owner, org, published, fmt) -> None:
    from reports.office import build_report_docx
    from reports.pdf import build_report_pdf
    from tests.reports_tests.report_builders import pdf_text
    from tests.reports_tests.test_office import docx_text

    actions_track(assessment=published, user=owner)
    following = make_assessment(org, created_by=owner, title="Ops maturity 2027")
    responses_generate(following, list(org.teams.all()), per_team=6, rng=random.Random(9))
    document = report_document(following)
    shown = next(r.actions for r in document.trend.areas if r.actions)
    text = pdf_text(build_report_pdf(document)) if fmt == "pdf" else docx_text(build_report_docx(document))
    assert shown in " ".join(text.split())
