from django.urls import reverse

from assessments.models import AuditEvent
from assessments.services.audit import audit_log


def test_the_consultant_sees_the_audit_trail_on_the_assessment_and_organisation(as_user, owner, assessment, org):
    audit_log(actor=owner, action=AuditEvent.Action.DOWNLOADED, organization=org, assessment=assessment,
              detail="report v1")
    client = as_user(owner)
    for url in (reverse("assessment_detail", args=[assessment.pk]), reverse("assessment_audit", args=[assessment.pk]),
                reverse("organization_audit", args=[org.pk])):
        page = client.get(url).content.decode()
        assert "Downloaded" in page and "report v1" in page and owner.email in page, url


def test_the_manager_does_not_see_the_audit_trail(as_user, manager, assessment, org):
    audit_log(actor=manager, action=AuditEvent.Action.DOWNLOADED, organization=org, assessment=assessment,
              detail="report v1")
    client = as_user(manager)
    assert "report v1" not in client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert client.get(reverse("assessment_audit", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("organization_audit", args=[org.pk])).status_code == 404


def test_the_organisation_trail_does_not_mix_organisations(as_user, owner, org, other_org, outsider):
    audit_log(actor=outsider, action=AuditEvent.Action.CREATED, organization=other_org, detail="globex thing")
    page = as_user(owner).get(reverse("organization_audit", args=[org.pk])).content.decode()
    assert "globex thing" not in page


def test_every_workspace_action_is_recorded(as_user, owner, draft, org):
    client = as_user(owner)
    platform = org.teams.get(name="Platform")
    client.post(reverse("assessment_open", args=[draft.pk]))
    client.post(reverse("team_invitations", args=[draft.pk, platform.pk]), {"emails": "ana@acme.example"})
    invitation = draft.invitations.get()
    client.post(reverse("invitation_resend", args=[invitation.pk]))
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    client.post(reverse("assessment_close", args=[draft.pk]))
    client.post(reverse("assessment_open", args=[draft.pk]))
    client.post(reverse("assessment_clone", args=[draft.pk]))
    actions = list(AuditEvent.objects.filter(actor=owner).order_by("pk").values_list("action", flat=True))
    assert actions == ["opened", "invited", "resent", "revoked", "closed", "reopened", "created", "cloned"]


def test_reading_results_is_audited_only_once_authorised(as_user, manager, outsider, owner, assessment, org):
    import random

    from assessments.demo import responses_generate
    from assessments.services.assessments import assessment_close

    responses_generate(assessment, list(org.teams.all()), per_team=6, rng=random.Random(1))
    assessment_close(assessment=assessment, actor=owner)
    urls = [reverse("results", args=[assessment.pk]), reverse("roadmap_csv", args=[assessment.pk])]
    outsider_client = as_user(outsider)
    for url in urls:
        assert outsider_client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(actor=outsider).exists()  # a refused request writes nothing

    manager_client = as_user(manager)
    for url in urls:
        response = manager_client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    assert sorted(AuditEvent.objects.filter(actor=manager).values_list("action", "detail")) == [
        ("exported", "roadmap.csv"), ("viewed", "publication 1")]
