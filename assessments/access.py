"""Who may see what. One helper per rule; each returns the object or raises 404.

A user of organisation A gets 404 (never 403) for anything of organisation B, so
ids cannot be probed. Consultants work on the organisations they are members of;
managers see only their own organisation's aggregates.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Assessment, Membership, Organization

User = AbstractBaseUser | AnonymousUser


def _org_ids(user: User, roles: tuple[str, ...]) -> QuerySet:
    return Membership.objects.filter(user_id=user.pk, role__in=roles).values("organization_id")


def consultant_organizations(user: User) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(pk__in=_org_ids(user, (Membership.Role.CONSULTANT,)))


def viewable_organizations(user: User) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    roles = (Membership.Role.CONSULTANT, Membership.Role.MANAGER)
    return Organization.objects.filter(pk__in=_org_ids(user, roles))


def is_consultant(user: User) -> bool:
    """A consultant of some client, or a consultant with no client yet: someone an
    administrator gave the "Can add organization" permission (directly or through a
    group such as the demo's "Consultants"), so that they can create their first one."""
    if not user.is_authenticated:
        return False
    return (Membership.objects.filter(user_id=user.pk, role=Membership.Role.CONSULTANT).exists()
            or user.has_perm("assessments.add_organization"))


def organization_for_consultant(user: User, org_id: int) -> Organization:
    return get_object_or_404(consultant_organizations(user), pk=org_id)


def organization_for_viewer(user: User, org_id: int) -> Organization:
    return get_object_or_404(viewable_organizations(user), pk=org_id)


def assessment_for_consultant(user: User, assessment_id: int) -> Assessment:
    qs = Assessment.objects.select_related("organization", "target_model", "catalogue_version")
    return get_object_or_404(qs, pk=assessment_id, organization__in=consultant_organizations(user))


def assessment_for_viewer(user: User, assessment_id: int) -> Assessment:
    """Consultants of the organisation and its managers."""
    qs = Assessment.objects.select_related("organization", "target_model", "catalogue_version")
    return get_object_or_404(qs, pk=assessment_id, organization__in=viewable_organizations(user))


def role_in(user: User, organization: Organization) -> str:
    membership = Membership.objects.filter(user_id=user.pk, organization=organization).first()
    if membership is None:
        raise Http404
    return membership.role
