import datetime
import json
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.branding import logo_png
from assessments.demo import responses_generate
from assessments.links import survey_url
from assessments.models import (
    Assessment,
    CatalogueVersion,
    FirmMember,
    Invitation,
    Membership,
    Observation,
    Organization,
    Response,
    Team,
)
from assessments.services.assessments import assessment_close, assessment_create, assessment_open, deadline_of
from assessments.services.organizations import firm_of
from assessments.signals import response_submitted

CONSULTANT = ("consultant@opsassess.local", "Consult-Demo-2026", "Casey", "Consultant")
ADMIN = ("admin@opsassess.local", "Admin-Demo-2026")


@dataclass(frozen=True)
class DemoOrg:
    name: str
    sector: str
    teams: tuple[str, ...]
    disciplines: tuple[str, ...]
    target_model: str
    manager: tuple[str, str, str, str]
    title: str
    previous_title: str | None
    observations: tuple[tuple[str, str, str], ...] = ()  # (area key, text, visibility)


ORGS = (
    DemoOrg(
        name="Northwind Logistics",
        sector="Logistics",
        teams=("Platform Operations", "Network Engineering", "Service Desk"),
        disciplines=("sysops", "devops", "netops", "secops"),
        target_model="balanced_baseline",
        manager=("manager@northwind.example", "Northwind-Demo-2026", "Morgan", "Reyes"),
        title="Ops maturity 2026",
        previous_title="Ops maturity 2025",
        observations=(
            ("sysops.backup_recovery",
             "Workshop, 12 Nov: nobody could name the last successful restore test. Backups of the "
             "warehouse database go to the same storage array as the database itself.", "client"),
            ("netops.safe_rollouts",
             "Core switch changes are pushed to all sites at once during the Sunday window; the two "
             "outages this year both started that way.", "client"),
            ("sysops.backup_recovery",
             "Storage team lead was defensive in the interview; raise restore testing with the CIO "
             "first, not in the team workshop.", "internal"),
        ),
    ),
    DemoOrg(
        name="Helvetia Mutual Bank",
        sector="Financial services",
        teams=("Infrastructure", "Security Operations", "Cloud Platform"),
        disciplines=("techops", "secops", "devsecops", "cloudops"),
        target_model="regulated_enterprise",
        manager=("manager@helvetia.example", "Helvetia-Demo-2026", "Anna", "Keller"),
        title="Operational resilience review 2026",
        previous_title=None,
    ),
)


DEMO_FIRM = "Meridian Operations Advisory"
DEMO_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="250" height="80" viewBox="0 0 250 80">'
    '<rect x="0" y="8" width="64" height="64" rx="10" fill="#1f4e79"/>'
    '<path d="M14 58 L32 22 L50 58 Z" fill="#ffffff"/><rect x="26" y="46" width="12" height="12" fill="#e07b00"/>'
    '<text x="80" y="38" font-family="Helvetica" font-size="26" font-weight="bold" fill="#1f4e79">Meridian</text>'
    '<text x="80" y="64" font-family="Helvetica" font-size="17" fill="#5f6b76">Operations Advisory</text></svg>'
)


def _brand(firm) -> None:  # noqa: ANN001 - the consultant's Firm
    """The demo consultancy's name and logo, as its administrator would set them in the admin."""
    if firm.logo:
        return
    firm.display_name = DEMO_FIRM
    firm.logo.save("logo.png", ContentFile(logo_png(DEMO_LOGO.encode(), "logo.svg")), save=False)
    firm.save()


def _user(email: str, password: str, first: str = "", last: str = "", **extra: object):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=email, defaults={"email": email, "first_name": first,
                                                                   "last_name": last, **extra})
    user.set_password(password)  # reset, so the printed logins always work
    user.save()
    return user


class Command(BaseCommand):
    help = "Create demo users, two client organisations and answered assessments (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the logins and links as one JSON document")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for the answers")

    def handle(self, *args: object, **options: object) -> None:
        version = CatalogueVersion.latest()
        if version is None:
            raise CommandError("No catalogue is loaded: run `python manage.py load_catalogue` first.")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            summary = self._seed(version, rng)
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
        else:
            self._print(summary)

    def _seed(self, version: CatalogueVersion, rng: random.Random) -> dict:
        _user(*ADMIN, is_staff=True, is_superuser=True)
        consultant = _user(*CONSULTANT)
        _brand(firm_of(consultant))
        FirmMember.objects.filter(user=consultant).update(may_brand=True)  # the demo's firm settings page
        # How an administrator lets a consultant open new clients: this group, in the admin.
        consultants, _ = Group.objects.get_or_create(name="Consultants")
        consultants.permissions.add(Permission.objects.get(codename="add_organization",
                                                           content_type__app_label="assessments"))
        consultant.groups.add(consultants)
        orgs = []
        for spec in ORGS:
            org, _ = Organization.objects.get_or_create(name=spec.name, defaults={"sector": spec.sector})
            teams = [Team.objects.get_or_create(organization=org, name=name)[0] for name in spec.teams]
            Membership.objects.get_or_create(user=consultant, organization=org,
                                             defaults={"role": Membership.Role.CONSULTANT})
            manager = _user(*spec.manager)
            Membership.objects.get_or_create(user=manager, organization=org, defaults={"role": Membership.Role.MANAGER})
            if spec.previous_title:
                self._assessment(org, spec, spec.previous_title, version, consultant, teams, rng, closed=True)
            current = self._assessment(org, spec, spec.title, version, consultant, teams, rng, closed=False)
            links = [
                survey_url(inv)
                for inv in Invitation.objects.filter(assessment=current, revoked_at__isnull=True, response__isnull=True)
            ]
            orgs.append({
                "name": org.name,
                "manager": {"email": spec.manager[0], "password": spec.manager[1]},
                "assessment_id": current.pk,
                "survey_links": links,
            })
        return {
            "consultant": {"email": CONSULTANT[0], "password": CONSULTANT[1]},
            "admin": {"email": ADMIN[0], "password": ADMIN[1]},
            "orgs": orgs,
        }

    def _assessment(self, org, spec: DemoOrg, title: str, version, consultant, teams, rng, *, closed: bool):
        existing = Assessment.objects.filter(organization=org, title=title).first()
        if existing is not None:
            return existing
        today = timezone.localdate()
        opens = today - datetime.timedelta(days=380 if closed else 14)
        assessment = assessment_create(
            organization=org,
            title=title,
            disciplines=version.disciplines.filter(key__in=spec.disciplines),
            target_model=version.target_models.get(key=spec.target_model),
            created_by=consultant,
            teams=teams,
            opens_on=opens,
            # Last year's round gets its dates once it has run: a deadline in the past could not open.
            closes_on=None if closed else opens + datetime.timedelta(days=28),
            # The current round shows its managers interim results: five per team are enough.
            interim_results=not closed,
        )
        assessment_open(assessment=assessment, actor=consultant)
        # The previous round was weaker: the trend shows progress, as it should after a roadmap.
        offset = -0.6 if closed else 0.0
        offsets = {team.pk: offset + i * 0.25 for i, team in enumerate(teams)}
        responses_generate(assessment, teams, per_team=5, rng=rng, team_offsets=offsets)
        # What each submission through the survey sets off (an interim publication, if due).
        response_submitted.send(sender=Response, assessment=assessment)
        if closed:
            assessment_close(assessment=assessment, actor=consultant)
            closes_on = opens + datetime.timedelta(days=28)
            Assessment.objects.filter(pk=assessment.pk).update(
                closes_on=closes_on, deadline=deadline_of(closes_on, None, assessment.time_zone))
        else:
            for area_key, text, visibility in spec.observations:
                Observation.objects.create(assessment=assessment, area_key=area_key, text=text,
                                           visibility=visibility, author=consultant)
            responses_generate(assessment, teams[:1], per_team=2, rng=rng, submitted=False)
            for team in teams:  # unanswered personal links to try the survey with
                Invitation.objects.create(assessment=assessment, team=team)
        return assessment

    def _print(self, summary: dict) -> None:
        out = self.stdout.write
        out(self.style.SUCCESS(f"Demo data is ready. Log in at {settings.SITE_URL}{reverse('login')}"))
        out(f"  Consultant: {summary['consultant']['email']} / {summary['consultant']['password']}")
        out(f"  Admin:      {summary['admin']['email']} / {summary['admin']['password']}")
        for org in summary["orgs"]:
            out(f"  {org['name']}")
            out(f"    Manager:     {org['manager']['email']} / {org['manager']['password']}")
            out(f"    Assessment:  #{org['assessment_id']}")
            if org["survey_links"]:
                out(f"    Survey link: {org['survey_links'][0]}")
