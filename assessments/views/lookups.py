"""Object look-ups for the workspace views, one per rule, each returning the object or 404.

They build on assessments.access: a consultant reaches objects of the organisations
they are a consultant of; nobody else reaches them, whatever the id.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..access import consultant_organizations
from ..models import Assessment, Invitation, Membership, Observation, Organization, Team


class AuthenticatedHttpRequest(HttpRequest):
    user: AbstractBaseUser


def is_consultant_of(user: AbstractBaseUser, organization: Organization) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, organization=organization, role=Membership.Role.CONSULTANT
    ).exists()


def team_for_consultant(user: AbstractBaseUser, team_id: int) -> Team:
    qs = Team.objects.select_related("organization")
    return get_object_or_404(qs, pk=team_id, organization__in=consultant_organizations(user))


def team_of_assessment(assessment: Assessment, team_id: int) -> Team:
    return get_object_or_404(assessment.teams.select_related("organization"), pk=team_id)


def invitation_for_consultant(user: AbstractBaseUser, invitation_id: int) -> Invitation:
    qs = Invitation.objects.select_related("assessment__organization", "team")
    return get_object_or_404(qs, pk=invitation_id, assessment__organization__in=consultant_organizations(user))


def observation_for_consultant(user: AbstractBaseUser, observation_id: int) -> Observation:
    qs = Observation.objects.select_related("assessment__organization")
    return get_object_or_404(qs, pk=observation_id, assessment__organization__in=consultant_organizations(user))


def manager_membership_for_consultant(user: AbstractBaseUser, membership_id: int) -> Membership:
    qs = Membership.objects.select_related("user", "organization")
    return get_object_or_404(
        qs, pk=membership_id, role=Membership.Role.MANAGER, organization__in=consultant_organizations(user)
    )
