"""A consultant new to the firm starts with no client: the permission to add
organisations is what lets them create the first one."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from assessments.models import Membership, Organization
from tests.builders import make_user


@pytest.fixture
def newcomer(db):
    user = make_user("newcomer@consulting.example")
    group = Group.objects.create(name="Consultants")
    group.permissions.add(Permission.objects.get(codename="add_organization", content_type__app_label="assessments"))
    user.groups.add(group)
    return user


def test_a_new_consultant_is_offered_to_create_a_first_client(client, newcomer):
    client.force_login(newcomer)
    page = client.get(reverse("home")).content.decode()

    assert "No client organisations yet" in page
    assert reverse("organization_create") in page


def test_a_new_consultant_creates_a_client_and_becomes_its_consultant(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("organization_create"), {"name": "First Client Ltd", "sector": "Retail"})

    organization = Organization.objects.get(name="First Client Ltd")
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, organization=organization,
                                     role=Membership.Role.CONSULTANT).exists()


def test_without_the_permission_a_user_with_no_organisation_cannot_create_one(client, db):
    stranger = make_user("stranger@example.com")
    client.force_login(stranger)

    assert client.get(reverse("organization_create")).status_code == 404
    assert "not linked to an organisation" in client.get(reverse("home")).content.decode()
