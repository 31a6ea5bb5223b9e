import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from assessments.models import DEFAULT_FIRM, AuditEvent, Firm, FirmMember, Membership, Organization, Team


def test_a_consultant_creates_an_organisation_and_becomes_its_consultant(as_user, owner):
    response = as_user(owner).post(reverse("organization_create"), {"name": "Initech", "sector": "Software"})
    initech = Organization.objects.get(name="Initech")
    assert response.status_code == 302
    assert response["Location"] == reverse("organization_detail", args=[initech.pk])
    assert Membership.objects.get(organization=initech, user=owner).role == Membership.Role.CONSULTANT
    assert AuditEvent.objects.filter(organization=initech, action=AuditEvent.Action.CREATED, actor=owner).exists()


def test_a_duplicate_client_name_within_the_firm_is_a_field_error(as_user, owner, org):
    response = as_user(owner).post(reverse("organization_create"), {"name": org.name.upper(), "sector": ""})
    assert response.status_code == 200
    assert "Your firm already has a client with this name." in response.content.decode()
    assert Organization.objects.count() == 1


def test_another_firm_creates_a_client_of_the_same_name_and_learns_nothing(as_user, owner, org):
    """Names are unique within a firm: a consultant of another firm creating "Acme" is not
    told that some firm already has one, and the two clients stay apart."""
    rival_firm = Firm.objects.create(name="Rival Consulting")
    rival = get_user_model().objects.create_user(username="rival@rival.example", email="rival@rival.example",
                                                 password="x-Strong-Pass-1")
    rival.user_permissions.add(Permission.objects.get(codename="add_organization"))
    FirmMember.objects.create(user=rival, firm=rival_firm)
    response = as_user(rival).post(reverse("organization_create"), {"name": org.name, "sector": ""})
    assert response.status_code == 302, response.content.decode()[:500]
    theirs = Organization.objects.get(firm=rival_firm)
    assert theirs.name == org.name and theirs.pk != org.pk
    assert org.firm.name == DEFAULT_FIRM and Membership.objects.filter(organization=org, user=rival).count() == 0
    assert not theirs.teams.exists()  # nothing of `org` carried over
    assert as_user(rival).get(reverse("organization_detail", args=[org.pk])).status_code == 404
    assert as_user(owner).post(reverse("organization_edit", args=[org.pk]),
                               {"name": org.name, "sector": "Retail"}).status_code == 302


def test_existing_clients_and_consultants_are_in_the_default_firm(owner, org):
    from assessments.services.organizations import firm_of

    assert firm_of(owner).name == DEFAULT_FIRM == org.firm.name


def test_a_manager_cannot_create_organisations(as_user, manager):
    assert as_user(manager).get(reverse("organization_create")).status_code == 404


def test_the_owner_edits_the_organisation(as_user, owner, org):
    data = {"name": "Acme plc", "sector": "Retail"}
    response = as_user(owner).post(reverse("organization_edit", args=[org.pk]), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.sector) == ("Acme plc", "Retail")


def test_the_organisation_page_shows_teams_managers_and_activity_to_its_consultant(as_user, owner, manager, org):
    page = as_user(owner).get(reverse("organization_detail", args=[org.pk])).content.decode()
    assert "Platform" in page and "Network" in page
    assert manager.email in page
    assert "Recent activity" in page


def test_a_manager_sees_the_organisation_read_only(as_user, manager, org):
    page = as_user(manager).get(reverse("organization_detail", args=[org.pk])).content.decode()
    assert "Platform" in page
    assert reverse("organization_edit", args=[org.pk]) not in page
    assert "Recent activity" not in page
    for name in ("organization_edit", "team_create", "manager_add", "organization_audit"):
        assert as_user(manager).get(reverse(name, args=[org.pk])).status_code == 404, name


@pytest.mark.parametrize("name", ["organization_detail", "organization_edit", "team_create", "manager_add"])
def test_an_outsider_gets_404(as_user, outsider, org, name):
    assert as_user(outsider).get(reverse(name, args=[org.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, org):
    response = client.get(reverse("organization_detail", args=[org.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_owner_adds_and_renames_teams(as_user, owner, org):
    client = as_user(owner)
    data = {"name": "SRE", "description": "", "add_another": "1"}
    response = client.post(reverse("team_create", args=[org.pk]), data)
    assert response["Location"] == reverse("team_create", args=[org.pk])
    team = org.teams.get(name="SRE")
    client.post(reverse("team_edit", args=[team.pk]), {"name": "Site Reliability", "description": "On call"})
    team.refresh_from_db()
    assert (team.name, team.description) == ("Site Reliability", "On call")


def test_a_duplicate_team_name_is_a_field_error(as_user, owner, org):
    response = as_user(owner).post(reverse("team_create", args=[org.pk]), {"name": "platform", "description": ""})
    assert response.status_code == 200
    assert "already has a team called" in response.content.decode()
    assert org.teams.count() == 2


def test_the_same_team_name_is_fine_in_another_organisation(as_user, owner, org, other_org):
    as_user(owner).post(reverse("team_create", args=[org.pk]), {"name": "Ops", "description": ""})
    assert Team.objects.filter(name="Ops").count() == 2


def test_adding_a_new_manager_creates_an_account_without_password_and_emails_a_set_password_link(
    as_user, owner, org, client
):
    response = as_user(owner).post(reverse("manager_add", args=[org.pk]),
                                   {"email": "cfo@acme.example", "first_name": "Pat", "last_name": "Lee"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="cfo@acme.example")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, organization=org).role == Membership.Role.MANAGER
    (message,) = mail.outbox
    assert message.to == ["cfo@acme.example"]
    assert "Acme Corp" in message.subject
    assert message.alternatives and "Set your password" in message.alternatives[0][0]
    link = re.search(r"http://\S+/accounts/reset/\S+/", message.body).group()
    # The link goes through Django's reset flow and lets them choose a password.
    client.logout()
    form_page = client.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200 and "Choose a new password" in form_page.content.decode()
    new = {"new_password1": "Tr1cky-new-pass", "new_password2": "Tr1cky-new-pass"}
    client.post(form_page.redirect_chain[-1][0], new)
    user.refresh_from_db()
    assert user.check_password("Tr1cky-new-pass")


def test_adding_an_existing_user_as_manager_sends_a_login_link_not_a_password_link(as_user, owner, org, outsider):
    as_user(owner).post(reverse("manager_add", args=[org.pk]), {"email": outsider.email})
    assert Membership.objects.get(user=outsider, organization=org).role == Membership.Role.MANAGER
    assert "/accounts/reset/" not in mail.outbox[0].body
    assert "/accounts/login/" in mail.outbox[0].body


def test_a_person_who_already_has_access_is_not_added_twice(as_user, owner, org, manager):
    response = as_user(owner).post(reverse("manager_add", args=[org.pk]), {"email": manager.email.upper()})
    assert response.status_code == 200
    assert "already has access" in response.content.decode()
    assert not mail.outbox


def test_the_owner_resends_the_access_email_and_removes_a_manager(as_user, owner, org, manager):
    membership = Membership.objects.get(user=manager, organization=org)
    client = as_user(owner)
    client.post(reverse("manager_resend", args=[membership.pk]))
    assert len(mail.outbox) == 1
    client.post(reverse("manager_remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client.get(reverse("organization_detail", args=[org.pk])).status_code == 200
    client.force_login(manager)
    assert client.get(reverse("organization_detail", args=[org.pk])).status_code == 404


def test_a_consultant_membership_cannot_be_removed_as_a_manager(as_user, owner, org, teammate):
    membership = Membership.objects.get(user=teammate, organization=org)
    assert as_user(owner).post(reverse("manager_remove", args=[membership.pk])).status_code == 404


def test_a_manager_cannot_add_or_remove_managers(as_user, manager, org):
    membership = Membership.objects.get(user=manager, organization=org)
    client = as_user(manager)
    assert client.post(reverse("manager_add", args=[org.pk]), {"email": "x@example.com"}).status_code == 404
    assert client.post(reverse("manager_remove", args=[membership.pk])).status_code == 404
