from django.db import models

from .assessments import Invitation, RespondentRole
from .catalogue import Kpi, Question
from .organisations import Team


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    # Copied from the invitation so the scoring loader groups without a join.
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="responses")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="responses")
    role = models.CharField(max_length=10, choices=RespondentRole.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The survey page the respondent last saw, so the link resumes there.
    last_page = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The number of the first publication of results that included this response (see
    # reports.scoring.privacy); None while it is in none. Set once, never cleared.
    published_in = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Submitted below the assessment's minimum completion: kept, not scored. Only ever goes
    # from True to False (answers added later, or a lower minimum): a response that has
    # counted once stays in the results, so a publication never loses one.
    below_rule = models.BooleanField(default=False, editable=False)

    class Meta:
        indexes = [models.Index(fields=["assessment", "status"], name="response_assessment_status")]

    def __str__(self) -> str:
        return f"Response {self.pk} ({self.get_status_display()})"


class Answer(models.Model):
    class Kind(models.TextChoices):
        LEVEL = "level", "Level"
        NOT_APPLICABLE = "na", "Not applicable"
        DONT_KNOW = "unknown", "Don't know"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(max_length=2000, blank=True)
    # When the consultant marked the comment for the client: managers and reports then
    # show it, without who wrote it, if its team is large enough to be shown at all.
    shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=(models.Q(kind="level", level__gte=1, level__lte=5))
                | (~models.Q(kind="level") & models.Q(level__isnull=True)),
                name="answer_level_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.level or self.get_kind_display()}"


class KpiValue(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="kpi_values")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="values")
    value = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "kpi"], name="one_value_per_kpi")]
