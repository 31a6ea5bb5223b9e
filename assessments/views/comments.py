"""The consultant reads respondents' comments and chooses the ones the client sees."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..access import assessment_for_consultant, consultant_organizations
from ..models import Answer
from ..selectors import assessment_comments
from ..services.comments import comment_share
from .lookups import AuthenticatedHttpRequest


def _team_filter(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and int(value) < 2**63 else None


@login_required
@require_GET
def comments_view(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    teams = list(assessment.teams.order_by("name"))
    team_id = _team_filter(request.GET.get("team", ""))
    team = next((t for t in teams if t.pk == team_id), None)
    comments = assessment_comments(assessment, team.pk if team else None)
    return render(request, "assessments/comments.html", {
        "assessment": assessment, "organization": assessment.organization, "comments": comments, "teams": teams,
        "team": team, "shared": sum(c.shared for c in comments), "k": settings.OPSASSESS_MIN_GROUP_SIZE,
    })


@login_required
@require_POST
def comment_share_view(request: AuthenticatedHttpRequest, answer_id: int) -> HttpResponse:
    answer = get_object_or_404(
        Answer.objects.select_related("response__assessment__organization", "question__area__discipline"),
        pk=answer_id, response__assessment__organization__in=consultant_organizations(request.user))
    comment_share(answer=answer, shared=request.POST.get("shared") == "1", actor=request.user)
    url = reverse("assessment_comments", args=[answer.response.assessment_id])
    team = _team_filter(request.POST.get("team", ""))
    return redirect(f"{url}{f'?team={team}' if team else ''}#comment-{answer.pk}")
