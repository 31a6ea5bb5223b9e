"""Small builders with overrides, shared as fixtures.

Personas follow the house style: the owner (a consultant of the organisation), a
teammate (its manager) and an outsider (a consultant and a manager of another).
"""

import functools

import pytest
from django.contrib.auth import get_user_model

from assessments.catalogue_schema import Catalogue, read_catalogue
from assessments.models import Assessment, CatalogueVersion, Invitation, Membership, Organization, Team
from assessments.services.catalogue import catalogue_load

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, **overrides):
    User = get_user_model()
    user = User.objects.create_user(username=email, email=email, password=PASSWORD, **overrides)
    return user


def make_org(name: str = "Acme Corp", teams: tuple[str, ...] = ("Platform", "Network")) -> Organization:
    org = Organization.objects.create(name=name)
    for team in teams:
        Team.objects.create(organization=org, name=team)
    return org


def make_member(org: Organization, email: str, role: str):
    user = make_user(email)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


def make_assessment(org: Organization, *, disciplines: tuple[str, ...] = ("sysops", "devops"), **overrides) -> Assessment:
    version = CatalogueVersion.latest()
    assert version is not None, "load the catalogue first (the `catalogue` fixture)"
    fields = {
        "title": "2026 baseline",
        "catalogue_version": version,
        "target_model": version.target_models.get(key="balanced_baseline"),
        "status": Assessment.Status.OPEN,
    }
    fields.update(overrides)
    assessment = Assessment.objects.create(organization=org, **fields)
    assessment.disciplines.set(version.disciplines.filter(key__in=disciplines))
    assessment.teams.set(org.teams.all())
    return assessment


def make_invitation(assessment: Assessment, team: Team | None = None, **overrides) -> Invitation:
    team = team or assessment.organization.teams.first()
    return Invitation.objects.create(assessment=assessment, team=team, **overrides)


@functools.cache
def shipped_catalogue() -> Catalogue:
    """The shipped YAML, parsed and validated once per test run (the slow part)."""
    return read_catalogue()


@pytest.fixture
def catalogue(db) -> CatalogueVersion:
    version, _ = catalogue_load(catalogue=shipped_catalogue())
    return version


@pytest.fixture
def org(db) -> Organization:
    return make_org()


@pytest.fixture
def other_org(db) -> Organization:
    return make_org("Globex Ltd", teams=("Ops",))


@pytest.fixture
def owner(org):
    """A consultant working on `org`."""
    return make_member(org, "consultant@example.com", Membership.Role.CONSULTANT)


@pytest.fixture
def manager(org):
    """The client's manager: sees aggregates of `org` only."""
    return make_member(org, "manager@acme.example", Membership.Role.MANAGER)


@pytest.fixture
def outsider(other_org):
    """A consultant of another organisation: must get 404 for anything of `org`."""
    return make_member(other_org, "outsider@globex.example", Membership.Role.CONSULTANT)


@pytest.fixture
def outsider_manager(other_org):
    return make_member(other_org, "manager@globex.example", Membership.Role.MANAGER)


@pytest.fixture
def assessment(catalogue, org, owner) -> Assessment:
    return make_assessment(org, created_by=owner)
