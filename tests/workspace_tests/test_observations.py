import pytest
from django.urls import reverse

from assessments.models import Observation
from assessments.selectors import observations_visible


@pytest.fixture
def noted(assessment, owner):
    Observation.objects.create(assessment=assessment, area_key="sysops.backup_recovery", author=owner,
                               text="Restores are never tested.", visibility=Observation.Visibility.CLIENT)
    Observation.objects.create(assessment=assessment, area_key="sysops.backup_recovery", author=owner,
                               text="The lead seemed defensive.", visibility=Observation.Visibility.INTERNAL)
    return assessment


def test_the_owner_adds_an_observation_to_an_area(as_user, owner, assessment):
    response = as_user(owner).post(reverse("observation_create", args=[assessment.pk]), {
        "area_key": "devops.continuous_integration", "text": "Builds take 40 minutes.", "visibility": "client",
    })
    assert response["Location"].endswith("#observations")
    observation = Observation.objects.get()
    assert (observation.area_key, observation.visibility, observation.author) == (
        "devops.continuous_integration", "client", owner)


def test_an_area_outside_the_assessment_is_refused(as_user, owner, assessment):
    response = as_user(owner).post(reverse("observation_create", args=[assessment.pk]), {
        "area_key": "netops.config_versioning", "text": "x", "visibility": "internal",
    })
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Observation.objects.exists()


def test_the_form_offers_the_areas_grouped_by_discipline(as_user, owner, assessment):
    page = as_user(owner).get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert '<optgroup label="SysOps">' in page
    assert 'value="sysops.backup_recovery"' in page


def test_consultants_see_all_observations_managers_only_client_visible_ones(as_user, owner, manager, noted):
    consultant_page = as_user(owner).get(reverse("assessment_detail", args=[noted.pk])).content.decode()
    assert "Restores are never tested." in consultant_page and "The lead seemed defensive." in consultant_page
    assert "Backup" in consultant_page  # grouped under the area's name
    manager_page = as_user(manager).get(reverse("assessment_detail", args=[noted.pk])).content.decode()
    assert "Restores are never tested." in manager_page
    assert "The lead seemed defensive." not in manager_page


def test_the_selector_for_the_report(noted):
    assert [o.text for o in observations_visible(noted, include_internal=False)] == ["Restores are never tested."]
    assert observations_visible(noted, include_internal=True).count() == 2


def test_the_owner_edits_and_deletes_an_observation(as_user, owner, noted):
    observation = Observation.objects.get(visibility="internal")
    client = as_user(owner)
    client.post(reverse("observation_edit", args=[observation.pk]), {
        "area_key": observation.area_key, "text": "Now shareable.", "visibility": "client"})
    observation.refresh_from_db()
    assert (observation.text, observation.visibility) == ("Now shareable.", "client")
    client.post(reverse("observation_delete", args=[observation.pk]))
    assert not Observation.objects.filter(pk=observation.pk).exists()


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_only_consultants_of_the_organisation_write_observations(as_user, request, noted, persona):
    client = as_user(request.getfixturevalue(persona))
    observation = Observation.objects.first()
    data = {"area_key": "sysops.backup_recovery", "text": "x", "visibility": "client"}
    assert client.post(reverse("observation_create", args=[noted.pk]), data).status_code == 404
    assert client.post(reverse("observation_edit", args=[observation.pk]), data).status_code == 404
    assert client.post(reverse("observation_delete", args=[observation.pk])).status_code == 404
    assert Observation.objects.count() == 2
