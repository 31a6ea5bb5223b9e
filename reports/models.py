from django.conf import settings
from django.db import models


class Report(models.Model):
    """One generated deliverable: the gap report as PDF or Word, or the executive deck.
    A finished report never changes: building again makes a new version (numbered across
    formats), and older versions stay listed."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF report"
        DOCX = "docx", "Word report"
        PPTX = "pptx", "PowerPoint deck"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="reports")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.PDF)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)  # pages of a PDF, slides of a deck; 0 when not known (Word)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The scored result this version was built from (an open assessment's figures move on).
    result = models.JSONField(null=True, blank=True, editable=False)
    engine_version = models.CharField(max_length=20, blank=True)
    # The publication it was built from. None: built from the live answers for a consultant,
    # and never listed to managers (see Publication).
    publication = models.ForeignKey("Publication", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reports")
    # The consultant's review as it stood when this version was requested (client-facing parts
    # only: commentary, decisions, client notes), so a built report keeps the words it was built
    # with. None: nothing reviewed yet.
    review = models.JSONField(null=True, blank=True, editable=False)
    reviewed = models.BooleanField(default=False)  # built final: no "not yet reviewed" stamp

    class Meta:
        ordering = ["assessment", "-version"]
        constraints = [models.UniqueConstraint(fields=["assessment", "version"], name="report_version_per_assessment")]

    def __str__(self) -> str:
        return f"Report v{self.version} ({self.format}) of {self.assessment} ({self.get_status_display()})"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


MEDIA_TYPES = {
    Report.Format.PDF: "application/pdf",
    Report.Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Report.Format.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class ReportReview(models.Model):
    """The consultant's review of an assessment's report, edited in the app: the executive
    commentary, a commentary per discipline (Markdown subset), and per recommendation (by
    area key) a decision (keep, edit, drop), a client-facing note and an internal note.

    Internal notes stay here: they are never copied into a report version nor printed."""

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep"
        EDIT = "edit", "Keep with my note"
        DROP = "drop", "Drop"

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="review")
    executive = models.TextField(blank=True)
    disciplines = models.JSONField(default=dict, blank=True)  # discipline key -> commentary
    # area key -> {"decision": "keep"|"edit"|"drop", "note": str, "internal_note": str}
    decisions = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Review of {self.assessment}"

    @property
    def decided(self) -> int:
        return sum(1 for d in self.decisions.values() if d.get("decision"))

    def client_facing(self) -> dict:
        """What a report version keeps: everything but the internal notes."""
        return {
            "executive": self.executive,
            "disciplines": dict(self.disciplines),
            "decisions": {key: {"decision": d.get("decision", ""), "note": d.get("note", "")}
                          for key, d in self.decisions.items() if d.get("decision")},
        }


class TrackedAction(models.Model):
    """One action of the reviewed roadmap as the client tracks it: an owner (a name, or one of
    the client's manager accounts), a due date, a status and notes. Created by the consultant
    from a closed assessment's published roadmap; updated by the consultant and the client's
    managers. The next assessment of the client shows the statuses beside each area's change."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="tracked_actions")
    ref = models.CharField(max_length=10)  # the roadmap's ID when tracking started ("A12")
    area_key = models.CharField(max_length=120)
    area_name = models.CharField(max_length=200)
    discipline_name = models.CharField(max_length=120)
    phase = models.CharField(max_length=10)  # now | next | later
    horizon = models.CharField(max_length=40)
    text = models.TextField()
    effort = models.CharField(max_length=1, blank=True)
    owner_name = models.CharField(max_length=120, blank=True)
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="tracked_actions")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "area_key", "text"], name="tracked_action_once")]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:40]} ({self.get_status_display()})"

    @property
    def owner(self) -> str:
        if self.owner_user is not None:
            return self.owner_user.get_full_name() or self.owner_user.email
        return self.owner_name


class StoredResult(models.Model):
    """A closed assessment's scored result, stored when it closes and discarded when it
    reopens: results pages, exports and reports of a closed assessment read it instead of
    scoring again."""

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE,
                                      related_name="stored_result")
    engine_version = models.CharField(max_length=20)
    payload = models.JSONField(editable=False)
    stored_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Result of {self.assessment} (engine {self.engine_version})"


class Publication(models.Model):
    """Results as managers see them. Everything a manager can fetch (results page, exports,
    reports, progress) comes from the assessment's latest publication, never from the live
    answers, so one more submission changes nothing they can see.

    A publication is made when the assessment closes and, if the consultant allows interim
    results, while it is open; each time only when no group under k (OPSASSESS_MIN_GROUP_SIZE)
    can be computed from it and the earlier ones (reports.scoring.privacy). The responses it
    covers carry its number in Response.published_in; the teams and roles it shows are kept
    so that the next one is checked against it. Publications are never changed or removed.
    """

    class Reason(models.TextChoices):
        INTERIM = "interim", "Interim, while open"
        CLOSED = "closed", "On closing"

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    published_at = models.DateTimeField()
    respondents = models.PositiveIntegerField()
    # Per team id (as a string, JSON keys are strings): the responses this publication covers.
    team_counts = models.JSONField(default=dict)
    teams_shown = models.JSONField(default=list)  # team ids
    roles_shown = models.JSONField(null=True, blank=True)  # role keys; None: no role breakdown
    engine_version = models.CharField(max_length=20)
    payload = models.JSONField(editable=False)

    class Meta:
        ordering = ["assessment", "-number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="publication_number")]

    def __str__(self) -> str:
        return f"Publication {self.number} of {self.assessment} ({self.respondents} responses)"
