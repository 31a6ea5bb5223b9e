"""Client organisations, their teams and their manager accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..models import DEFAULT_FIRM, AuditEvent, Firm, FirmMember, Membership, Organization, Team
from .audit import audit_log


def firm_of(user: AbstractBaseUser) -> Firm:
    """The consultant's firm; a consultant without one joins the default firm (a single-firm
    install needs no set-up; on a shared install an administrator assigns firms first)."""
    member = FirmMember.objects.filter(user_id=user.pk).select_related("firm").first()
    if member is not None:
        return member.firm
    firm, _ = Firm.objects.get_or_create(name=DEFAULT_FIRM)
    FirmMember.objects.get_or_create(user_id=user.pk, defaults={"firm": firm})
    return firm


def organization_name_taken(*, firm: Firm, name: str, exclude: Organization | None = None) -> bool:
    """Within the firm only: another firm's clients are never looked at, so the answer
    says nothing about them."""
    clash = Organization.objects.filter(firm=firm, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    return clash.exists()


@transaction.atomic
def organization_create(*, name: str, sector: str = "", created_by: AbstractBaseUser) -> Organization:
    """The consultant who creates an organisation becomes its consultant member; the
    organisation is a client of the consultant's firm."""
    firm = firm_of(created_by)
    if organization_name_taken(firm=firm, name=name):
        raise ValidationError("Your firm already has a client with this name.")
    organization = Organization.objects.create(firm=firm, name=name, sector=sector)
    Membership.objects.create(user=created_by, organization=organization, role=Membership.Role.CONSULTANT)
    audit_log(actor=created_by, action=AuditEvent.Action.CREATED, organization=organization, detail=name)
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, name: str, sector: str, actor: AbstractBaseUser) -> Organization:
    if organization_name_taken(firm=organization.firm, name=name, exclude=organization):
        raise ValidationError("Your firm already has a client with this name.")
    organization.name = name
    organization.sector = sector
    organization.save(update_fields=["name", "sector"])
    audit_log(actor=actor, action=AuditEvent.Action.UPDATED, organization=organization, detail="organisation details")
    return organization


def _check_team_name(organization: Organization, name: str, team: Team | None = None) -> None:
    clash = organization.teams.filter(name__iexact=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ValidationError(f"{organization} already has a team called “{name}”.")


@transaction.atomic
def team_create(*, organization: Organization, name: str, description: str = "", actor: AbstractBaseUser) -> Team:
    _check_team_name(organization, name)
    try:
        with transaction.atomic():
            team = Team.objects.create(organization=organization, name=name, description=description)
    except IntegrityError as exc:  # a concurrent create with the same name
        raise ValidationError(f"{organization} already has a team called “{name}”.") from exc
    audit_log(actor=actor, action=AuditEvent.Action.CREATED, organization=organization, detail=f"team {name}")
    return team


@transaction.atomic
def team_update(*, team: Team, name: str, description: str, actor: AbstractBaseUser) -> Team:
    _check_team_name(team.organization, name, team)
    team.name = name
    team.description = description
    team.save(update_fields=["name", "description"])
    audit_log(actor=actor, action=AuditEvent.Action.UPDATED, organization=team.organization, detail=f"team {name}")
    return team


def set_password_url(user: AbstractBaseUser) -> str:
    """A one-time link into the password reset flow, valid for PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def manager_welcome_send(*, membership: Membership, actor: AbstractBaseUser | None) -> None:
    """Tell a manager they have access; a user without a password gets a set-password link.

    Django's own reset form skips users with an unusable password, so the link is built
    here with the same token generator the reset-confirm view checks.
    """
    user = membership.user
    context = {
        "user": user,
        "organization": membership.organization,
        "firm": membership.organization.firm.printed_name,
        "invited_by": actor,
        "set_password_url": None if user.has_usable_password() else set_password_url(user),
        "login_url": settings.SITE_URL + reverse("login"),
    }
    subject = " ".join(f"Your OpsAssess access for {membership.organization}".split())  # one header line
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/manager_welcome.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("emails/manager_welcome.html", context), "text/html")
    message.send()


@transaction.atomic
def manager_add(
    *, organization: Organization, email: str, actor: AbstractBaseUser, first_name: str = "", last_name: str = ""
) -> Membership:
    """Give a person manager access, creating their account (with no password) if needed."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first() or User.objects.filter(username__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(f"{email} already has access to {organization}.")
    membership = Membership.objects.create(user=user, organization=organization, role=Membership.Role.MANAGER)
    audit_log(actor=actor, action=AuditEvent.Action.UPDATED, organization=organization,
              detail=f"added manager {email}")
    # Sent inside the transaction on purpose: if the mail server refuses it, no
    # account is left behind that its owner was never told about.
    manager_welcome_send(membership=membership, actor=actor)
    return membership


@transaction.atomic
def manager_remove(*, membership: Membership, actor: AbstractBaseUser) -> None:
    if membership.role != Membership.Role.MANAGER:
        raise ValidationError("Only manager access can be removed here.")
    organization, email = membership.organization, membership.user.email
    membership.delete()
    audit_log(actor=actor, action=AuditEvent.Action.UPDATED, organization=organization,
              detail=f"removed manager {email}")
