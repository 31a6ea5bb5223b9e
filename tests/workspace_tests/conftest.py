import pytest

from assessments.models import Assessment, Membership
from tests.builders import make_assessment, make_member


@pytest.fixture
def draft(catalogue, org, owner) -> Assessment:
    return make_assessment(org, created_by=owner, status=Assessment.Status.DRAFT, title="2026 draft")


@pytest.fixture
def teammate(org):
    """A second consultant of `org`: may do everything the owner does."""
    return make_member(org, "teammate@example.com", Membership.Role.CONSULTANT)


@pytest.fixture
def as_user(client):
    """Log a persona in: `as_user(owner).get(...)`."""

    def login(user):
        client.force_login(user)
        return client

    return login

