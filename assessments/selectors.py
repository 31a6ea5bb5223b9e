from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import (
    Answer,
    Area,
    Assessment,
    AuditEvent,
    CatalogueVersion,
    Discipline,
    Invitation,
    Kpi,
    Membership,
    Observation,
    Organization,
    Question,
    Response,
    Risk,
    ScheduledReminder,
    Team,
)
from .timezones import deadline_text, reminder_time


def disciplines_with_content(version: CatalogueVersion, keys: Iterable[str] | None = None) -> list[Discipline]:
    """Disciplines of a version with areas, questions, KPIs and risks in five queries."""
    qs = Discipline.objects.filter(version=version)
    if keys is not None:
        qs = qs.filter(key__in=keys)
    return list(
        qs.prefetch_related(
            Prefetch("areas", queryset=Area.objects.prefetch_related("questions")),
            Prefetch("kpis", queryset=Kpi.objects.all()),
            Prefetch("risks", queryset=Risk.objects.prefetch_related("areas")),
        )
    )


def _question_export(q: Question) -> dict[str, Any]:
    return {"key": q.key, "text": q.text, "why": q.why, "evidence": q.evidence, "levels": q.levels,
            "improve": q.improve, "references": q.references, "mitigates": q.mitigates, "replaces": q.replaces}


def catalogue_export(version: CatalogueVersion) -> dict[str, Any]:
    return {
        "version": f"{version.label}+v{version.number}",
        "disciplines": [
            {
                "key": d.key,
                "name": d.name,
                "areas": [
                    {
                        "key": a.key,
                        "name": a.name,
                        "questions": [_question_export(q) for q in a.questions.all()],
                    }
                    for a in d.areas.all()
                ],
                "kpis": [
                    {"key": k.key, "name": k.name, "unit": k.unit, "aka": k.aka, "bands": k.bands,
                     "source": k.source, "heuristic": k.heuristic}
                    for k in d.kpis.all()
                ],
                "risks": [{"key": r.key, "text": r.text, "severity": r.severity, "owner": r.owner,
                           "areas": [a.key for a in r.areas.all()]} for r in d.risks.all()],
            }
            for d in disciplines_with_content(version)
        ],
        "target_models": [
            {"key": m.key, "name": m.name, "description": m.description, "rationale": m.rationale,
             "targets": m.targets} for m in version.target_models.all()
        ],
    }


def _count(qs: QuerySet, group: str) -> Coalesce:
    """A correlated COUNT(*) subquery, so several counts do not multiply each other's joins."""
    counted = qs.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# An invitation counts as invited unless it was revoked before its owner submitted.
_COUNTED = Q(revoked_at__isnull=True) | Q(response__status=Response.Status.SUBMITTED)


def invited_count(assessment: Assessment) -> int:
    return Invitation.objects.filter(_COUNTED, assessment=assessment).count()


def with_completion(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate invited, started and submitted counts (aggregates only, no names)."""
    return assessments.annotate(
        invited=_count(Invitation.objects.filter(_COUNTED, assessment=OuterRef("pk")), "assessment"),
        started=_count(Response.objects.filter(assessment=OuterRef("pk")), "assessment"),
        submitted=_count(
            Response.objects.filter(assessment=OuterRef("pk"), status=Response.Status.SUBMITTED), "assessment"
        ),
    )


def home_organizations(user: object) -> list[Organization]:
    """The organisations a user works on, each with its assessments and their completion."""
    from .access import viewable_organizations

    assessments = with_completion(Assessment.objects.all()).order_by("-created_at")
    return list(
        viewable_organizations(user)
        .prefetch_related(Prefetch("assessments", queryset=assessments), "teams")
        .order_by("name")
    )


def organization_assessments(organization: Organization) -> list[Assessment]:
    qs = Assessment.objects.filter(organization=organization).select_related("target_model", "catalogue_version")
    return list(with_completion(qs).order_by("-created_at"))


@dataclass(frozen=True)
class TeamProgress:
    team_id: int
    name: str
    invited: int
    started: int
    submitted: int
    below_rule: int = 0  # submitted below the minimum completion: kept, not scored

    @property
    def counted(self) -> int:
        return self.submitted - self.below_rule

    @property
    def in_progress(self) -> int:
        return self.started - self.submitted

    @property
    def not_started(self) -> int:
        return max(0, self.invited - self.started)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.invited) if self.invited else 0

    @property
    def in_progress_percent(self) -> int:
        return round(100 * self.in_progress / self.invited) if self.invited else 0


@dataclass(frozen=True)
class AssessmentProgress:
    teams: list[TeamProgress]
    total: TeamProgress
    k: int | None = None  # set when the counts are coarsened for managers

    def for_managers(self, k: int) -> "AssessmentProgress":
        """Submitted counts rounded down to a multiple of k, and no separate "started":
        what managers see moves only when k more people have submitted, so no change can
        be matched to one person (see coarse_count)."""
        def coarse(t: TeamProgress) -> TeamProgress:
            n = coarse_count(t.submitted, k)
            return TeamProgress(t.team_id, t.name, t.invited, n, n)

        return AssessmentProgress(teams=[coarse(t) for t in self.teams], total=coarse(self.total), k=k)


def coarse_count(n: int, k: int) -> int:
    """n rounded down to a multiple of k: 0 stands for "fewer than k"."""
    return n // k * k


def coarse_text(n: int, k: int) -> str:
    """How managers read a coarsened count."""
    return f"at least {n}" if n else f"fewer than {k}"


def assessment_progress(assessment: Assessment) -> AssessmentProgress:
    """Invited, started and submitted per team of the assessment, in one query."""
    invitations = Invitation.objects.filter(_COUNTED, assessment=assessment, team=OuterRef("pk"))
    responses = Response.objects.filter(assessment=assessment, team=OuterRef("pk"))
    rows = assessment.teams.annotate(
        invited=_count(invitations, "team"),
        started=_count(responses, "team"),
        submitted=_count(responses.filter(status=Response.Status.SUBMITTED), "team"),
        below_rule=_count(responses.filter(status=Response.Status.SUBMITTED, below_rule=True), "team"),
    ).order_by("name")
    teams = [TeamProgress(t.pk, t.name, t.invited, t.started, t.submitted, t.below_rule) for t in rows]
    total = TeamProgress(
        0,
        "All teams",
        sum(t.invited for t in teams),
        sum(t.started for t in teams),
        sum(t.submitted for t in teams),
        sum(t.below_rule for t in teams),
    )
    return AssessmentProgress(teams=teams, total=total)


def assessment_areas(assessment: Assessment) -> list[Discipline]:
    """The assessment's disciplines in catalogue order, each with its areas."""
    return list(assessment.disciplines.order_by("order").prefetch_related("areas"))


def area_names(assessment: Assessment) -> dict[str, str]:
    """“<discipline>.<area>” to “Discipline · Area”, for labelling observations."""
    return {
        f"{d.key}.{a.key}": f"{d.name} · {a.name}" for d in assessment_areas(assessment) for a in d.areas.all()
    }


def target_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """Every area of the assessment with the model's level and the effective target."""
    return [
        {
            "key": f"{d.key}.{a.key}",
            "discipline": d,
            "area": a,
            "model_level": assessment.target_model.targets.get(f"{d.key}.{a.key}"),
            "target": assessment.target_for(f"{d.key}.{a.key}"),
        }
        for d in assessment_areas(assessment)
        for a in d.areas.all()
    ]


def observations_visible(assessment: Assessment, *, include_internal: bool) -> QuerySet[Observation]:
    """An assessment's observations; clients (managers, reports for them) get only client-visible ones."""
    qs = Observation.objects.filter(assessment=assessment).select_related("author")
    if not include_internal:
        qs = qs.filter(visibility=Observation.Visibility.CLIENT)
    return qs.order_by("area_key", "created_at")


def team_invitations(assessment: Assessment, team: Team) -> list[Invitation]:
    """A team's invitations, each with a `label`: its address, or "Anonymous link 3" for
    the third anonymous link of this team (numbered in the order they were made, so the
    number means something to the consultant, unlike a database id)."""
    invitations = list(
        Invitation.objects.filter(assessment=assessment, team=team)
        .select_related("response")
        .order_by(F("revoked_at").asc(nulls_first=True), "created_at", "pk")
    )
    anonymous = sorted((i for i in invitations if not i.email), key=lambda i: (i.created_at, i.pk))
    numbers = {i.pk: n for n, i in enumerate(anonymous, start=1)}
    for invitation in invitations:
        invitation.label = invitation.email or f"Anonymous link {numbers[invitation.pk]}"
    return invitations


def invitation_label(invitation: Invitation) -> str:
    """One invitation's label as the team's invitation page shows it (one query for an
    anonymous link: its number within the team)."""
    if invitation.email:
        return invitation.email
    earlier = Invitation.objects.filter(assessment_id=invitation.assessment_id, team_id=invitation.team_id,
                                        email="").filter(Q(created_at__lt=invitation.created_at)
                                                         | Q(created_at=invitation.created_at, pk__lte=invitation.pk))
    return f"Anonymous link {earlier.count()}"


def audit_events(organization: Organization, *, assessment: Assessment | None = None) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(organization=organization).select_related("actor", "assessment")
    if assessment is not None:
        qs = qs.filter(assessment=assessment)
    return qs.order_by("-at", "-pk")


def organization_managers(organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization, role=Membership.Role.MANAGER)
        .select_related("user")
        .order_by("user__email")
    )


def organization_consultants(organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization, role=Membership.Role.CONSULTANT)
        .select_related("user")
        .order_by("user__email")
    )


@dataclass(frozen=True)
class ScheduledReminderView:
    days_before: int
    at: str  # "10 Dec, 17:00", in the assessment's time zone (the date filter would show the server's)
    sent: int | None  # None: not run yet


@dataclass(frozen=True)
class RemindersView:
    deadline: str  # as printed, "" without one
    schedule: list[ScheduledReminderView]
    recent: list[AuditEvent]  # the latest reminder sends, by hand or scheduled
    remindable: int  # open, emailed links that have not submitted
    anonymous: int  # open anonymous links that have not submitted: no address to remind


def remindable_links(links: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Those of `links` a reminder may go to: never a submitted, revoked or opted-out one."""
    return links.filter(revoked_at__isnull=True, reminders_off_at__isnull=True).exclude(
        response__status=Response.Status.SUBMITTED)


def remindable(assessment: Assessment, team: Team | None = None) -> QuerySet[Invitation]:
    """The assessment's (or one team's) links a reminder may go to."""
    links = remindable_links(assessment.invitations.all())
    return links.filter(team=team) if team is not None else links


def reminders_overview(assessment: Assessment) -> RemindersView:
    schedule = []
    if assessment.deadline is not None:
        runs = dict(ScheduledReminder.objects.filter(assessment=assessment, deadline=assessment.deadline)
                    .values_list("days_before", "sent"))
        schedule = []
        for days in assessment.reminder_days:
            at = reminder_time(assessment, days)
            schedule.append(ScheduledReminderView(days, f"{at.day} {at:%b, %H:%M}", runs.get(days)))
    recent = list(AuditEvent.objects.filter(assessment=assessment, action=AuditEvent.Action.REMINDED)
                  .select_related("actor").order_by("-at")[:5])
    counts = remindable(assessment).aggregate(emailed=Count("pk", filter=~Q(email="")),
                                              anonymous=Count("pk", filter=Q(email="")))
    return RemindersView(deadline_text(assessment), schedule, recent, counts["emailed"], counts["anonymous"])


@dataclass(frozen=True)
class CommentRow:
    answer_id: int
    area: str  # "Discipline · Area"
    question: str
    text: str
    team: str
    answer: str  # "Level 3", "Not applicable", "Don't know"
    shared: bool


def assessment_comments(assessment: Assessment, team_id: int | None = None) -> list[CommentRow]:
    """Respondents' comments in catalogue order (discipline, area, question), from the
    submissions that count: the team and the answer given, never who wrote it."""
    answers = (Answer.objects.filter(response__assessment=assessment, response__status=Response.Status.SUBMITTED,
                                     response__below_rule=False)
               .exclude(comment="")
               .select_related("question__area__discipline", "response__team")
               .order_by("question__area__discipline__order", "question__area__order", "question__order", "pk"))
    if team_id is not None:
        answers = answers.filter(response__team_id=team_id)
    return [CommentRow(a.pk, f"{a.question.area.discipline.name} · {a.question.area.name}", a.question.text,
                       a.comment, a.response.team.name,
                       f"Level {a.level}" if a.kind == Answer.Kind.LEVEL else a.get_kind_display(),
                       a.shared_at is not None)
            for a in answers]
