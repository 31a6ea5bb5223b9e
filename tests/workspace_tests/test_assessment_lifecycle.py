import pytest
from django.urls import reverse

from assessments.models import Area, Assessment, AuditEvent, CatalogueVersion, Discipline, TargetModel
from assessments.services.assessments import assessment_clone, next_round_title


def _actions(assessment: Assessment) -> list[str]:
    return list(assessment.audit_events.order_by("at", "pk").values_list("action", flat=True))


def test_the_owner_opens_closes_and_reopens(as_user, owner, draft):
    client = as_user(owner)
    client.post(reverse("assessment_open", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.OPEN and draft.opened_at
    client.post(reverse("assessment_close", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.CLOSED and draft.closed_at
    response = client.post(reverse("assessment_open", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.OPEN and draft.closed_at is None
    assert "Reopened" in response.content.decode()
    assert _actions(draft) == ["opened", "closed", "reopened"]
    assert set(draft.audit_events.values_list("actor", flat=True)) == {owner.pk}


def test_an_assessment_without_teams_cannot_be_opened(as_user, owner, draft):
    draft.teams.clear()
    response = as_user(owner).post(reverse("assessment_open", args=[draft.pk]), follow=True)
    assert "Add at least one team" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


@pytest.mark.parametrize("name", ["assessment_open", "assessment_close", "assessment_clone"])
def test_a_manager_cannot_change_the_status_or_clone(as_user, manager, assessment, name):
    assert as_user(manager).post(reverse(name, args=[assessment.pk])).status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.OPEN
    assert Assessment.objects.count() == 1


def test_status_changes_are_post_only(as_user, owner, assessment):
    assert as_user(owner).get(reverse("assessment_close", args=[assessment.pk])).status_code == 405


def test_anonymous_cannot_close(client, assessment):
    response = client.post(reverse("assessment_close", args=[assessment.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_clone_copies_disciplines_targets_and_teams_as_a_draft(as_user, owner, assessment, org):
    assessment.title = "Ops maturity 2026"
    assessment.target_overrides = {"sysops.backup_recovery": 2}
    assessment.save()
    assessment.teams.set([org.teams.get(name="Platform")])
    response = as_user(owner).post(reverse("assessment_clone", args=[assessment.pk]))
    clone = Assessment.objects.exclude(pk=assessment.pk).get()
    assert response["Location"] == reverse("assessment_edit", args=[clone.pk])
    assert clone.title == "Ops maturity 2027"
    assert clone.status == Assessment.Status.DRAFT
    assert clone.cloned_from == assessment
    assert clone.created_by == owner
    assert set(clone.disciplines.values_list("key", flat=True)) == {"sysops", "devops"}
    assert clone.target_overrides == {"sysops.backup_recovery": 2}
    assert list(clone.teams.values_list("name", flat=True)) == ["Platform"]
    assert clone.invitations.count() == 0
    assert {"created", "cloned"} <= set(_actions(clone))


@pytest.fixture
def newer_catalogue(catalogue) -> CatalogueVersion:
    """A next version where devops is gone and sysops lost its backup area."""
    version = CatalogueVersion.objects.create(number=catalogue.number + 1, label="2027.1", checksum="next")
    old = catalogue.disciplines.get(key="sysops")
    sysops = Discipline.objects.create(version=version, key="sysops", name=old.name, order=0)
    for area in old.areas.exclude(key="backup_recovery"):
        Area.objects.create(discipline=sysops, key=area.key, name=area.name, order=area.order,
                            fingerprint=area.fingerprint)
    TargetModel.objects.create(
        version=version, key="balanced_baseline", name="Balanced baseline",
        targets={f"sysops.{a.key}": 3 for a in sysops.areas.all()},
    )
    return version


def test_clone_moves_to_the_latest_catalogue_and_says_what_it_dropped(as_user, owner, assessment, newer_catalogue):
    assessment.target_overrides = {"sysops.backup_recovery": 2, "sysops.patching": 5}
    assessment.save()
    response = as_user(owner).post(reverse("assessment_clone", args=[assessment.pk]), follow=True)
    clone = Assessment.objects.exclude(pk=assessment.pk).get()
    assert clone.catalogue_version == newer_catalogue
    assert list(clone.disciplines.values_list("key", flat=True)) == ["sysops"]
    assert clone.target_model.version == newer_catalogue
    assert clone.target_overrides == {"sysops.patching": 5}
    page = response.content.decode()
    assert "Left out because the latest catalogue no longer has them" in page
    assert "DevOps" in page and "sysops.backup_recovery" in page


def test_clone_drops_overrides_that_equal_the_new_models_level(owner, assessment, newer_catalogue):
    assessment.target_overrides = {"sysops.patching": 3}
    assessment.save()
    result = assessment_clone(source=assessment, created_by=owner)
    assert result.assessment.target_overrides == {}
    assert result.dropped == ["discipline “DevOps”"]


@pytest.mark.parametrize(("title", "expected"), [
    ("Ops maturity 2026", "Ops maturity 2027"),
    ("Review 2025 (Q3)", "Review 2026 (Q3)"),
    ("Baseline", "Baseline (next round)"),
])
def test_the_next_round_title(title, expected):
    assert next_round_title(title) == expected


def test_an_audit_event_records_who_created_the_assessment(as_user, owner, org, catalogue):
    as_user(owner).post(reverse("assessment_create", args=[org.pk]), {
        "title": "Audit me",
        "disciplines": [catalogue.disciplines.get(key="sysops").pk],
        "target_model": catalogue.target_models.first().pk,
        "teams": [],
    })
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATED, assessment__title="Audit me")
    assert event.actor == owner and event.organization == org
