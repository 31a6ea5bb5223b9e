import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .catalogue import CatalogueVersion, Discipline, TargetModel
from .organisations import Organization, Team


def default_reminder_days() -> list[int]:
    return [3, 1]


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(max_length=160)
    catalogue_version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="assessments")
    disciplines = models.ManyToManyField(Discipline, related_name="assessments")
    target_model = models.ForeignKey(TargetModel, on_delete=models.PROTECT, related_name="assessments")
    target_overrides = models.JSONField(
        default=dict, blank=True,
        help_text='Per-area target levels that replace the model\'s: {"<discipline>.<area>": 1..5}.'
    )
    teams = models.ManyToManyField(Team, related_name="assessments", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    # The instant an open assessment closes by itself: closes_on at the closing time in
    # time_zone (services.assessments sets all three together). Null: closed by hand only.
    deadline = models.DateTimeField(null=True, blank=True, db_index=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    # Days before the deadline on which everyone who has not submitted is reminded.
    reminder_days = models.JSONField(default=default_reminder_days, blank=True)
    # A submitted response is scored once it has answered this share (percent) of the
    # questions that apply to it (all but those marked not applicable).
    min_completion = models.PositiveSmallIntegerField(
        "Minimum completion (%)", default=80, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="A submitted response counts in the results once this share of the questions that apply to "
                  "it are answered (“Don't know” counts as an answer). Below it, it is kept but not scored.")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="assessments_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cloned_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="clones")
    interim_results = models.BooleanField(
        "Publish interim results to managers", default=False,
        help_text="Managers otherwise see results once the assessment closes. Interim publications happen "
                  "whenever enough new responses arrive that none can be singled out by comparing "
                  "publications; responses that arrive after the last one, in groups too small to publish, "
                  "may then stay out of the managers' final results.",
    )

    # Bumped whenever the questionnaire changes (its disciplines), so the survey's cached
    # page plan is keyed by a value every survey request already holds.
    questionnaire_revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "status"], name="assessment_org_status")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.title}"

    def target_for(self, full_area_key: str) -> int | None:
        """The target level of one area: the assessment's override, else the model's."""
        if full_area_key in self.target_overrides:
            return int(self.target_overrides[full_area_key])
        level = self.target_model.targets.get(full_area_key)
        return int(level) if level is not None else None


def new_token() -> str:
    # 32 bytes from the OS CSPRNG: 256 bits, well over the 128 the product promises.
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database is searched by. Looking a link up by the token itself would let
    the index's timing hint at how much of a guess matches; the digest's prefix says
    nothing about the token, and the token is then compared in constant time."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for invitation in objs:
            invitation.token_hash = invitation.token_hash or token_digest(invitation.token)
        return super().bulk_create(objs, *args, **kwargs)

    def for_token(self, token: str) -> "Invitation | None":
        """The invitation behind a personal link, or None."""
        try:
            invitation = self.get(token_hash=token_digest(token))
        except self.model.DoesNotExist:
            return None
        return invitation if invitation.has_token(token) else None


class RespondentRole(models.TextChoices):
    ENGINEER = "engineer", "Engineer"
    LEAD = "lead", "Team lead"
    MANAGER = "manager", "Manager"


class Invitation(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=10, choices=RespondentRole.choices, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The last failed attempt to email the link, shown to the consultant with a retry;
    # cleared once an email has gone.
    send_failed_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=200, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The last reminder emailed (claimed before sending, so a task run twice sends once),
    # and when the respondent asked for no more reminders.
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_off_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "team", "created_at"]

    def __str__(self) -> str:
        return self.email or f"Anonymous link #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.token_hash = token_digest(self.token)
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_token(self, token: str) -> bool:
        """Whether `token` is this link's, compared in constant time (found by its digest first)."""
        return hmac.compare_digest(self.token.encode(), token.encode())


class ScheduledReminder(models.Model):
    """A scheduled reminder that has run: one per assessment, days before and deadline, so
    the scheduler (beat, or the embedded check) never runs it twice, and moving the deadline
    schedules it again."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scheduled_reminders")
    days_before = models.PositiveSmallIntegerField()
    deadline = models.DateTimeField()
    ran_at = models.DateTimeField(auto_now_add=True)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "days_before", "deadline"],
                                               name="one_run_per_scheduled_reminder")]


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        OPENED = "opened", "Opened"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        INVITED = "invited", "Invited"
        RESENT = "resent", "Resent invitation"
        REVOKED = "revoked", "Revoked invitation"
        CLONED = "cloned", "Cloned"
        REPORT_REQUESTED = "report_requested", "Requested report"
        DOWNLOADED = "downloaded", "Downloaded"
        EXPORTED = "exported", "Exported"
        PUBLISHED = "published", "Published results"
        VIEWED = "viewed", "Viewed results"
        REMINDED = "reminded", "Sent reminders"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="audit_events")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.detail}"


class Observation(models.Model):
    """A consultant's finding for one area, from interviews or workshops."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", "Internal (consultants only)"
        CLIENT = "client", "Client-visible"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="observations")
    area_key = models.CharField(max_length=120, help_text="<discipline>.<area>")
    text = models.TextField(max_length=4000)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area_key", "created_at"]


@receiver(m2m_changed, sender=Assessment.disciplines.through)
def _questionnaire_changed(sender: type, instance: models.Model, action: str, reverse: bool,
                           pk_set: set[int] | None, **kwargs: object) -> None:
    """Any change of an assessment's disciplines, from a service, the admin or a shell."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            Assessment.objects.filter(pk=instance.pk).update(questionnaire_revision=F("questionnaire_revision") + 1)
            instance.refresh_from_db(fields=["questionnaire_revision"])
        return
    # From the discipline's side: the assessments added or removed, or all of them on clear.
    ids = pk_set if action != "pre_clear" else set(instance.assessments.values_list("pk", flat=True))
    if ids and action != "post_clear":
        Assessment.objects.filter(pk__in=ids).update(questionnaire_revision=F("questionnaire_revision") + 1)
