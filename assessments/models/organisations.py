from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

DEFAULT_FIRM = "OpsAssess"  # the firm of an install that has only one


class Firm(models.Model):
    """A consultancy. Its consultants (FirmMember) work for its client organisations, whose
    names are unique within the firm only: nothing tells one firm another firm's clients."""

    name = models.CharField(max_length=120, unique=True)
    display_name = models.CharField(max_length=120, blank=True, help_text="As printed on reports; the name if empty.")
    primary_colour = models.CharField(max_length=7, default="#1f4e79",
                                      help_text="#rrggbb, dark enough for white text on it.")
    # Always a PNG: an SVG upload is drawn once (assessments/branding.py).
    logo = models.FileField(upload_to="firms/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    branding_changed_at = models.DateTimeField(null=True, blank=True)
    branding_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def printed_name(self) -> str:
        return self.display_name or self.name

    def logo_bytes(self) -> bytes | None:
        if not self.logo:
            return None
        try:
            with self.logo.storage.open(self.logo.name, "rb") as handle:
                return handle.read()
        except OSError:
            return None  # a lost file must not stop a report: it is printed without the logo


def default_firm_id() -> int:
    """Organisations created without a firm (a single-firm install, the shell) join the default one."""
    return Firm.objects.get_or_create(name=DEFAULT_FIRM)[0].pk


class FirmMember(models.Model):
    """A consultant's firm: the clients they create belong to it. A member who may brand
    changes the firm's name as printed, its colour and its logo for every deliverable."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="firm_member")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="members")
    may_brand = models.BooleanField("may change the firm's branding", default=False)

    def __str__(self) -> str:
        return f"{self.user} · {self.firm}"


class Organization(models.Model):
    """A client organisation being assessed, a client of one firm."""

    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="organizations")
    name = models.CharField(max_length=120)
    sector = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), "firm", name="organization_name_per_firm")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Not a field default: a migration would call it with today's Firm model on yesterday's table.
        if self.firm_id is None:
            self.firm_id = default_firm_id()
        super().save(*args, **kwargs)


class Team(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["organization", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="team_name_per_organization")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CONSULTANT = "consultant", "Consultant"
        MANAGER = "manager", "Manager"
        MEMBER = "member", "Member"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} ({self.get_role_display()})"
