"""Publications: the results managers see, made only when no small group can be singled
out (reports.scoring.privacy decides; this module reads counts and writes rows).

    publication = publication_latest(assessment)          # None: nothing published yet
    result = publication_result(publication)              # the AssessmentResult it shows
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from assessments.models import Assessment, AuditEvent, Response, Team
from assessments.services.audit import audit_log

from .models import Publication
from .scoring import AssessmentResult, score_assessment
from .scoring.privacy import Release, plan_release
from .scoring.serialize import ENGINE_VERSION, result_from_json, result_to_json
from .selectors import assessment_data

logger = logging.getLogger(__name__)


def _submitted(assessment: Assessment):
    # Those below the completion rule are kept but never scored, so never published either.
    return Response.objects.filter(assessment=assessment, status=Response.Status.SUBMITTED, below_rule=False)


def _history(assessment: Assessment) -> list[Release]:
    rows = Publication.objects.filter(assessment=assessment).order_by("number").values_list(
        "number", "teams_shown", "roles_shown")
    return [Release(number, frozenset(teams), frozenset(roles) if roles is not None else None)
            for number, teams, roles in rows]


def _score(assessment: Assessment, number: int, teams: list[int], roles: list[str] | None) -> AssessmentResult:
    names = dict(Team.objects.filter(pk__in=teams).values_list("pk", "name"))
    return score_assessment(
        assessment_data(assessment, with_level_answers=True, published_upto=number),
        min_group_size=settings.OPSASSESS_MIN_GROUP_SIZE,
        bootstrap_seed=assessment.pk,
        groups=([names[t] for t in teams], roles),
    )


@transaction.atomic
def publish(assessment: Assessment, *, closing: bool) -> Publication | None:
    """Publish the submitted responses that can be published safely, if any. Called when
    the assessment closes, and after each submission when interim results are allowed."""
    # One publisher at a time per assessment: numbers and membership must not interleave.
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    k = settings.OPSASSESS_MIN_GROUP_SIZE
    published: dict[tuple[int, str, int], int] = {}
    pending: dict[tuple[int, str], int] = {}
    rows = _submitted(assessment).values_list("team_id", "role", "published_in").annotate(n=Count("id")).order_by()
    for team, role, number, n in rows:
        if number is None:
            pending[(team, role or "")] = n
        else:
            published[(team, role or "", number)] = n
    if not pending:
        return None
    history = _history(assessment)
    plan = plan_release(published, pending, history, k)
    if plan is None:
        return None
    number = plan.release.number
    for team, role in plan.cells:
        _submitted(assessment).filter(published_in__isnull=True, team_id=team, role=role).update(published_in=number)
    teams = sorted(plan.release.teams)
    roles = sorted(plan.release.roles) if plan.release.roles is not None else None
    result = _score(assessment, number, teams, roles)
    counts: dict[str, int] = defaultdict(int)
    for (team, _role, _), n in published.items():
        counts[str(team)] += n
    for team, role in plan.cells:
        counts[str(team)] += pending[(team, role)]
    publication = Publication.objects.create(
        assessment=assessment, number=number, published_at=timezone.now(),
        reason=Publication.Reason.CLOSED if closing else Publication.Reason.INTERIM,
        respondents=plan.responses, team_counts=dict(counts), teams_shown=teams, roles_shown=roles,
        engine_version=ENGINE_VERSION, payload=result_to_json(result),
    )
    audit_log(actor=None, action=AuditEvent.Action.PUBLISHED, organization=assessment.organization,
              assessment=assessment, detail=f"Publication {number}: {plan.responses} responses")
    return publication


def publication_latest(assessment: Assessment) -> Publication | None:
    """The publication managers see. A closed assessment that has none (closed before
    publications existed) is published now, by the same rule as on closing."""
    publication = Publication.objects.filter(assessment=assessment).order_by("-number").first()
    if publication is None and assessment.status == Assessment.Status.CLOSED:
        publication = publish(assessment, closing=True)
    return publication


def publication_result(publication: Publication) -> AssessmentResult:
    """What the publication shows; scored again (from the same responses, showing the same
    groups) only when the engine has changed since."""
    if publication.engine_version == ENGINE_VERSION:
        return result_from_json(publication.payload)
    result = _score(publication.assessment, publication.number, publication.teams_shown, publication.roles_shown)
    Publication.objects.filter(pk=publication.pk).update(engine_version=ENGINE_VERSION,
                                                         payload=result_to_json(result))
    return result


def unpublished_count(assessment: Assessment) -> int:
    """Submitted responses in no publication: the consultant is told how many."""
    return _submitted(assessment).filter(published_in__isnull=True).count()


def on_closed(sender: type, assessment: Assessment, **kwargs: object) -> None:
    publish(assessment, closing=True)


def on_submitted(sender: type, assessment: Assessment, **kwargs: object) -> None:
    """After a submission has committed: an interim publication, if allowed and safe."""
    if assessment.interim_results and assessment.status == Assessment.Status.OPEN:
        publish(assessment, closing=False)
