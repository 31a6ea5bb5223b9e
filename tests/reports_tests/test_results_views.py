import csv
import io
import json
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.demo import responses_generate
from assessments.models import Answer, AuditEvent
from reports.context import score


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_the_manager_sees_the_engines_numbers_on_the_results_page(client, manager, published):
    result = score(published)
    response = _get(client, manager, "results", published.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{result.overall.mean:.1f}" in page
    assert "Gaps by priority" in page
    assert result.gaps[0].area_name in page
    assert "<svg" in page  # the radar and heatmap drawn server-side
    assert "Raw answers CSV" not in page  # individual answers are for consultants only


def test_results_with_no_responses_say_so(client, owner, assessment):
    response = _get(client, owner, "results", assessment.pk)
    assert "No responses have been submitted yet" in response.content.decode()


@pytest.mark.parametrize("name", ["results", "roadmap_csv", "answers_csv", "report_list"])
def test_an_outsider_gets_404(client, outsider, answered, name):
    assert _get(client, outsider, name, answered.pk).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, answered):
    response = client.get(reverse("results", args=[answered.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_managers_never_get_the_raw_answers(client, manager, published):
    assert _get(client, manager, "answers_csv", published.pk).status_code == 404


def test_the_results_json_matches_the_engine(client, manager, published):
    response = _get(client, manager, "results_export", published.pk, "json")
    payload = json.loads(response.content)
    assert payload["result"]["overall"]["mean"] == pytest.approx(score(published).overall.mean)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, detail="results.json").exists()


def test_the_results_json_prints_the_reports_verdicts(client, manager, published):
    from reports.context import report_document

    document = report_document(published)
    printed = json.loads(_get(client, manager, "results_export", published.pk, "json").content)["printed"]
    assert printed["overall"] == document.verdict.overall.value
    assert [g["area"] for g in printed["gaps"]] == [g.area.key for g in document.gaps]
    assert all(a["gap"] > 0 for a in printed["areas"] if a["status"] == "gap")
    assert [(r["ref"], r["triggered"]) for r in printed["risks"]] == [(r.ref, r.triggered) for r in document.risks]


def test_the_results_csv_has_a_row_per_area(client, owner, answered):
    response = _get(client, owner, "results_export", answered.pk, "csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    areas = [row for row in rows if row["level"] == "area"]
    result = score(answered)
    assert len(areas) == sum(len(d.areas) for d in result.disciplines)
    first = result.disciplines[0].areas[0]
    row = next(r for r in areas if r["area"] == first.key.split(".")[1])
    assert row["mean"] == f"{first.stats.mean:.2f}"


def test_the_roadmap_csv_is_ready_for_a_tracker(client, manager, published):
    response = _get(client, manager, "roadmap_csv", published.pk)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows, "a gapped assessment has roadmap items"
    assert {"Phase", "Summary", "Description", "Priority"} <= set(rows[0])
    assert {row["Phase"] for row in rows} <= {"Now", "Next", "Later"}


def test_raw_answers_neutralise_spreadsheet_formulas(client, owner, answered):
    Answer.objects.filter(pk=Answer.objects.filter(response__assessment=answered).first().pk).update(
        comment='=HYPERLINK("http://evil.example","click")'
    )
    response = _get(client, owner, "answers_csv", answered.pk)
    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_the_answers_export_takes_the_same_queries_for_12_and_72_respondents(client, owner, answered):
    client.force_login(owner)
    url = reverse("answers_csv", args=[answered.pk])

    def export_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(url).streaming_content)
        return len(queries)

    small = export_queries()
    responses_generate(answered, list(answered.organization.teams.all()), per_team=30, rng=random.Random(9))
    assert export_queries() == small


def test_perception_gaps_say_when_a_role_is_too_small_to_compare(client, manager, owner, answered):  # noqa: E501
    from assessments.models import Response
    from assessments.services.assessments import assessment_close

    # One team, so roles can be shown beside it (in two teams of six, some team would have
    # fewer than 5 of a role, and the role breakdown would be withheld altogether).
    Response.objects.filter(assessment=answered).update(team=answered.teams.first())
    Response.objects.filter(assessment=answered, role__in=("manager", "lead")).update(role="engineer")
    assessment_close(assessment=answered, actor=owner)
    page = _get(client, manager, "results", answered.pk).content.decode()

    assert "cannot be compared yet" in page
    assert "fewer than 5 managers submitted" in page
    assert "see every area within" not in page  # no agreement is claimed where nothing was compared


def test_roles_are_withheld_when_crossing_them_with_teams_would_single_people_out(client, manager, published):
    from reports.models import Publication

    page = _get(client, manager, "results", published.pk).content.decode()
    # Two teams of six with engineers, leads and managers mixed: some team has fewer than 5 of a role.
    assert "Managers and engineers are not compared: within some teams fewer than 5 people share a role" in page
    assert Publication.objects.get(assessment=published).roles_shown is None
    assert "Platform" in page and "Network" in page  # the teams are still shown


def test_client_visible_observations_name_their_area(client, manager, owner, published):
    from assessments.models import Observation

    Observation.objects.create(assessment=published, area_key="sysops.backup_recovery", author=owner,
                               text="Restores are never tested.", visibility=Observation.Visibility.CLIENT)
    Observation.objects.create(assessment=published, area_key="sysops.backup_recovery", author=owner,
                               text="Internal note.", visibility=Observation.Visibility.INTERNAL)
    page = _get(client, manager, "results", published.pk).content.decode()

    assert "Restores are never tested." in page
    assert "Backup and recovery (SysOps)" in page
    assert "Internal note." not in page


def test_kpis_are_shown_per_team_above_the_privacy_threshold(client, manager, published):
    from reports.presentation.kpis import with_unit
    from reports.presentation.rules import number_text

    kpi = next(k for k in score(published).kpis if k.teams)
    page = _get(client, manager, "results", published.pk).content.decode()

    for team in kpi.teams:
        assert f"{team.team}: {with_unit(number_text(team.median), kpi.unit)}" in page


@pytest.mark.parametrize("value", ["=1+1", " =HYPERLINK(\"x\")", "  +SUM(A1)", "\t-2", "\r@x", "\n=cmd", "-3"])
def test_every_way_a_cell_can_start_a_formula_is_neutralised(value):
    from reports.exports import safe_cell

    assert safe_cell(value) == "'" + value
    assert safe_cell("Plain text, = later") == "Plain text, = later"


@pytest.mark.parametrize(("name", "args"), [
    ("results", []), ("results_export", ["json"]), ("results_export", ["csv"]), ("roadmap_csv", []),
    ("report_list", []),
])
def test_results_exports_and_reports_are_never_cached(client, manager, published, name, args):
    response = _get(client, manager, name, published.pk, *args)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_unknown_export_format_is_a_404_and_audits_nothing(client, manager, published):
    before = AuditEvent.objects.count()
    assert _get(client, manager, "results_export", published.pk, "xlsx").status_code == 404
    assert AuditEvent.objects.count() == before
