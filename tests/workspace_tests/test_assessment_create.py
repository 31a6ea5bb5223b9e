import datetime

import pytest
from django.urls import reverse

from assessments.models import Assessment, AuditEvent
from tests.builders import make_invitation


def _scope(catalogue, org, **overrides) -> dict:
    data = {
        "title": "Ops maturity 2026",
        "disciplines": [d.pk for d in catalogue.disciplines.filter(key__in=["sysops", "netops"])],
        "target_model": catalogue.target_models.get(key="balanced_baseline").pk,
        "teams": [org.teams.get(name="Platform").pk],
        "opens_on": "2031-03-01",
        "closes_on": "2031-03-31",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_latest_disciplines_by_name_as_checkboxes(as_user, owner, org, catalogue):
    page = as_user(owner).get(reverse("assessment_create", args=[org.pk])).content.decode()
    for discipline in catalogue.disciplines.all():
        assert discipline.name in page
    assert 'type="checkbox" name="disciplines"' in page
    assert "Balanced baseline" in page


def test_step_one_saves_a_draft_and_leads_to_the_targets(as_user, owner, org, catalogue):
    response = as_user(owner).post(reverse("assessment_create", args=[org.pk]), _scope(catalogue, org))
    assessment = Assessment.objects.get(title="Ops maturity 2026")
    assert response["Location"] == reverse("assessment_targets", args=[assessment.pk])
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.created_by == owner
    assert sorted(assessment.disciplines.values_list("key", flat=True)) == ["netops", "sysops"]
    assert list(assessment.teams.values_list("name", flat=True)) == ["Platform"]
    assert assessment.opens_on == datetime.date(2031, 3, 1)
    assert AuditEvent.objects.filter(assessment=assessment, action=AuditEvent.Action.CREATED).exists()


def test_errors_are_shown_on_their_fields_and_nothing_is_saved(as_user, owner, org, catalogue):
    data = _scope(catalogue, org, disciplines=[], closes_on="2026-02-01")
    response = as_user(owner).post(reverse("assessment_create", args=[org.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one discipline." in page
    assert "The closing date cannot be before the opening date." in page
    assert 'value="Ops maturity 2026"' in page  # what was typed stays
    assert not Assessment.objects.exists()


def test_the_targets_table_lists_every_area_with_the_models_level_preselected(as_user, owner, draft):
    page = as_user(owner).get(reverse("assessment_targets", args=[draft.pk])).content.decode()
    model = draft.target_model.targets
    areas = [a for d in draft.disciplines.all() for a in d.areas.all()]
    assert page.count("<select") == len(areas)
    for area in areas:
        level = model[area.full_key]
        assert f'name="target-{area.full_key}"' in page
        select = page.split(f'name="target-{area.full_key}"', 1)[1].split("</select>", 1)[0]
        assert f'<option value="{level}" selected>' in select


def _all_targets(assessment: Assessment) -> dict[str, int]:
    return {
        f"target-{d.key}.{a.key}": assessment.target_model.targets[f"{d.key}.{a.key}"]
        for d in assessment.disciplines.all()
        for a in d.areas.all()
    }


def test_saving_targets_stores_only_the_differences_from_the_model(as_user, owner, draft):
    data = _all_targets(draft)
    data["target-sysops.backup_recovery"] = 5  # the model says 4
    data["target-devops.continuous_integration"] = 2
    response = as_user(owner).post(reverse("assessment_targets", args=[draft.pk]), data)
    assert response["Location"] == reverse("assessment_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.target_overrides == {"sysops.backup_recovery": 5, "devops.continuous_integration": 2}
    assert draft.target_for("sysops.backup_recovery") == 5
    # Setting one back to the model's level removes the override.
    data["target-sysops.backup_recovery"] = 4
    as_user(owner).post(reverse("assessment_targets", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert draft.target_overrides == {"devops.continuous_integration": 2}


def test_a_target_outside_1_to_5_is_refused(as_user, owner, draft):
    data = _all_targets(draft)
    data["target-sysops.backup_recovery"] = 9
    response = as_user(owner).post(reverse("assessment_targets", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    draft.refresh_from_db()
    assert draft.target_overrides == {}


def test_the_targets_page_preselects_existing_overrides(as_user, owner, draft):
    draft.target_overrides = {"sysops.backup_recovery": 2}
    draft.save()
    page = as_user(owner).get(reverse("assessment_targets", args=[draft.pk])).content.decode()
    select = page.split('name="target-sysops.backup_recovery"', 1)[1].split("</select>", 1)[0]
    assert '<option value="2" selected>' in select


def test_the_owner_edits_a_draft_and_changing_disciplines_drops_stale_overrides(as_user, owner, draft, catalogue, org):
    draft.target_overrides = {"sysops.backup_recovery": 2, "devops.continuous_integration": 5}
    draft.save()
    data = _scope(catalogue, org, title="Renamed", disciplines=[catalogue.disciplines.get(key="sysops").pk])
    response = as_user(owner).post(reverse("assessment_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed"
    assert draft.target_overrides == {"sysops.backup_recovery": 2}


def test_disciplines_and_model_are_locked_once_open(as_user, owner, assessment, catalogue, org):
    before = sorted(assessment.disciplines.values_list("key", flat=True))
    data = _scope(catalogue, org, title="Still editable",
                  teams=list(org.teams.values_list("pk", flat=True)),
                  target_model=catalogue.target_models.exclude(pk=assessment.target_model_id).first().pk)
    response = as_user(owner).post(reverse("assessment_edit", args=[assessment.pk]), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.title == "Still editable"
    assert sorted(assessment.disciplines.values_list("key", flat=True)) == before
    assert assessment.target_model.key == "balanced_baseline"


def test_a_team_with_invitations_cannot_be_dropped(as_user, owner, assessment, catalogue, org):
    make_invitation(assessment, org.teams.get(name="Network"))
    data = _scope(catalogue, org, disciplines=list(assessment.disciplines.values_list("pk", flat=True)))
    response = as_user(owner).post(reverse("assessment_edit", args=[assessment.pk]), data)
    assert response.status_code == 200
    assert "revoke them before removing the team" in response.content.decode()
    assert assessment.teams.count() == 2


@pytest.mark.parametrize("name", ["assessment_edit", "assessment_targets"])
def test_a_manager_cannot_edit(as_user, manager, draft, name):
    assert as_user(manager).get(reverse(name, args=[draft.pk])).status_code == 404


def test_a_manager_cannot_create_an_assessment(as_user, manager, org, catalogue):
    assert as_user(manager).get(reverse("assessment_create", args=[org.pk])).status_code == 404


def test_a_teammate_consultant_may_edit(as_user, teammate, draft):
    assert as_user(teammate).get(reverse("assessment_edit", args=[draft.pk])).status_code == 200


def test_an_outsider_cannot_create_an_assessment_for_our_organisation(as_user, outsider, org, catalogue):
    response = as_user(outsider).post(reverse("assessment_create", args=[org.pk]), _scope(catalogue, org))
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_without_a_catalogue_the_consultant_is_told_what_to_do(as_user, owner, org, db):
    response = as_user(owner).get(reverse("assessment_create", args=[org.pk]), follow=True)
    assert "load_catalogue" in response.content.decode()



@pytest.mark.parametrize("bad", ["9" * 19, "99999999999999999999999", "³", "-1", "1e3"])
def test_ids_that_cannot_exist_are_form_errors_not_server_errors(as_user, owner, org, catalogue, bad):
    data = _scope(catalogue, org, target_model=bad, teams=[bad], disciplines=[bad])
    response = as_user(owner).post(reverse("assessment_create", args=[org.pk]), data)
    assert response.status_code == 200
    assert not Assessment.objects.exists()
    assert response.context["form"].errors.keys() >= {"target_model", "teams", "disciplines"}


def test_an_id_above_what_a_database_holds_in_a_url_is_a_404(as_user, owner):
    for url in ("/assessments/99999999999999999999999/", "/assessments/99999999999999999999999/results/",
                "/reports/99999999999999999999/download"):
        assert as_user(owner).get(url).status_code == 404, url
