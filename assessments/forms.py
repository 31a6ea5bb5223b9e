"""Forms of the consultant workspace. They validate and convert; services write."""

import re
import unicodedata
from email.utils import parseaddr
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .branding import MAX_LOGO_BYTES, colour_checked, logo_png
from .models import (
    Assessment,
    CatalogueVersion,
    Discipline,
    Firm,
    Observation,
    Organization,
    RespondentRole,
    TargetModel,
    Team,
)
from .services.assessments import reminder_days_checked
from .services.invitations import MAX_ANONYMOUS_LINKS
from .services.organizations import organization_name_taken
from .timezones import local_deadline, time_zone_choices

MAX_EMAILS_PER_BATCH = 500
LEVEL_CHOICES = [(level, str(level)) for level in range(1, 6)]


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the email address: accounts are made with the address as user name."""

    username = UsernameField(label="Email address",
                             widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}))


def no_control_characters(value: str) -> None:
    """A name goes into email subjects, file names and PDF headers: one line, printable."""
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in "\u200d" for char in value):
        raise ValidationError("Use one line of printable text: no line breaks, tabs or control characters.")


class FirmBrandingForm(forms.Form):
    """The firm as its deliverables print it. The logo arrives as PNG bytes in
    cleaned_data["logo_png"] (an SVG drawn once), or None when unchanged."""

    display_name = forms.CharField(
        max_length=120, required=False, validators=[no_control_characters], label="Name on deliverables",
        help_text="As printed on reports, decks, emails and the survey header; the firm's name when empty.")
    primary_colour = forms.CharField(
        max_length=7, label="Primary colour",
        widget=forms.TextInput(attrs={"type": "color", "class": "form-control form-control-color"}),
        help_text="Cover band, headings and table headers. Dark enough for white text on it (4.5:1).")
    logo = forms.FileField(
        required=False, label="Logo",
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.svg,image/png,image/svg+xml"}),
        help_text=f"PNG or SVG, at most {MAX_LOGO_BYTES // 1024} kB; an SVG is drawn once as a PNG.")
    remove_logo = forms.BooleanField(required=False, label="Remove the logo")

    def __init__(self, *args: Any, firm: Firm, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"display_name": firm.display_name, "primary_colour": firm.primary_colour})
        super().__init__(*args, **kwargs)
        if not firm.logo:
            del self.fields["remove_logo"]

    def clean_primary_colour(self) -> str:
        return colour_checked(self.cleaned_data["primary_colour"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("logo")
        cleaned["logo_png"] = None
        if upload:
            if upload.size > MAX_LOGO_BYTES:  # before reading it all
                self.add_error("logo", f"The logo is {upload.size // 1024} kB; "
                                       f"the most is {MAX_LOGO_BYTES // 1024} kB.")
            else:
                try:
                    cleaned["logo_png"] = logo_png(upload.read(), upload.name)
                except ValidationError as exc:
                    self.add_error("logo", exc)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): a list of uploads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".yaml,.yml,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class CatalogueUploadForm(forms.Form):
    """The catalogue's files: catalogue.yaml and one file per discipline, or a .zip of the folder."""

    files = MultipleFileField(
        label="Catalogue files", error_messages={"required": "Choose the catalogue's files."},
        help_text="Select catalogue.yaml and every discipline file it lists, or one .zip of the catalogue folder.")


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="The client's name as it should appear on reports.",
                           validators=[no_control_characters])
    sector = forms.CharField(max_length=80, required=False, help_text="Optional, e.g. Logistics or Banking.",
                             validators=[no_control_characters])

    def __init__(self, *args: Any, firm: Firm, organization: Organization | None = None, **kwargs: Any) -> None:
        self.organization, self.firm = organization, firm
        if organization is not None:
            kwargs.setdefault("initial", {"name": organization.name, "sector": organization.sector})
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if organization_name_taken(firm=self.firm, name=name, exclude=self.organization):
            raise ValidationError("Your firm already has a client with this name.")
        return name


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120, validators=[no_control_characters])
    description = forms.CharField(max_length=255, required=False, help_text="Optional: what the team looks after.")

    def __init__(self, *args: Any, organization: Organization, team: Team | None = None, **kwargs: Any) -> None:
        self.organization, self.team = organization, team
        if team is not None:
            kwargs.setdefault("initial", {"name": team.name, "description": team.description})
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = self.organization.teams.filter(name__iexact=name)
        if self.team is not None:
            clash = clash.exclude(pk=self.team.pk)
        if clash.exists():
            raise ValidationError(f"{self.organization} already has a team called “{name}”.")
        return name


class ManagerForm(forms.Form):
    email = forms.EmailField(help_text="They get an email with a link to set their password.")
    first_name = forms.CharField(max_length=150, required=False, validators=[no_control_characters])
    last_name = forms.CharField(max_length=150, required=False, validators=[no_control_characters])

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if self.organization.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError(f"{email} already has access to {self.organization}.")
        return email


_PK = re.compile(r"[0-9]{1,18}\Z")  # a database id: ASCII digits, below 2**63


def _is_pk(value: Any) -> bool:
    return (isinstance(value, int) and 0 <= value < 2**63) or (isinstance(value, str) and bool(_PK.match(value)))


class IdChoiceField(forms.ModelChoiceField):
    """Refuses a value that cannot be an id before asking the database (which would fail
    with an overflow on 19 digits, or on digits that are not ASCII)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _is_pk(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else [value]:
            if not _is_pk(pk):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": str(pk)[:20]})
        return super()._check_values(value)


class DisciplineChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Discipline) -> str:
        return obj.name


class AssessmentForm(forms.Form):
    title = forms.CharField(max_length=160, help_text="e.g. “Ops maturity 2026”.", validators=[no_control_characters],
                            error_messages={"required": "Give the assessment a title."})
    disciplines = DisciplineChoiceField(
        queryset=Discipline.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one discipline."},
    )
    target_model = IdChoiceField(
        queryset=TargetModel.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a target model."},
        help_text="You can adjust the target of each area on the next page.",
    )
    teams = IdMultipleChoiceField(
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The teams whose members will be invited.",
    )
    # type="date" takes only ISO dates: the en-gb default "13/12/2026" would show an empty
    # field, and saving the form would then clear the date.
    opens_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               label="Opens on")
    closes_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), label="Closes on",
        help_text="The survey closes by itself then, and managers' results are published.")
    close_time = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                 label="at", help_text="17:00 if empty.")
    time_zone = forms.ChoiceField(choices=time_zone_choices, label="Time zone", required=False,
                                  help_text="The client's: respondents see the deadline in it.")
    reminder_days = forms.CharField(
        required=False, max_length=40, label="Reminders, days before the deadline",
        help_text="Everyone who has not submitted is emailed on these days, e.g. “3, 1”; empty for none.")
    min_completion = forms.IntegerField(
        min_value=0, max_value=100, initial=80, required=False, label="Minimum completion (%)",
        help_text="A submitted response counts in the results once this share of the questions that apply to it "
                  "are answered (“Don't know” counts). Below it, it is kept but not scored. Lowering it later "
                  "counts the responses that now meet it; raising it takes none out.")
    interim_results = forms.BooleanField(
        required=False, label=Assessment._meta.get_field("interim_results").verbose_name,
        help_text=Assessment._meta.get_field("interim_results").help_text)

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        version: CatalogueVersion,
        assessment: Assessment | None = None,
        **kwargs: Any,
    ) -> None:
        if assessment is not None:
            kwargs.setdefault("initial", {
                "title": assessment.title,
                "disciplines": list(assessment.disciplines.values_list("pk", flat=True)),
                "target_model": assessment.target_model_id,
                "teams": list(assessment.teams.values_list("pk", flat=True)),
                "opens_on": assessment.opens_on,
                "closes_on": assessment.closes_on,
                "close_time": local_deadline(assessment).time() if assessment.deadline else None,
                "time_zone": assessment.time_zone,
                "reminder_days": ", ".join(str(d) for d in assessment.reminder_days),
                "min_completion": assessment.min_completion,
                "interim_results": assessment.interim_results,
            })
        else:
            kwargs.setdefault("initial", {"teams": list(organization.teams.values_list("pk", flat=True)),
                                          "time_zone": settings.TIME_ZONE, "reminder_days": "3, 1"})
        super().__init__(*args, **kwargs)
        self.fields["disciplines"].queryset = version.disciplines.order_by("order")
        self.fields["target_model"].queryset = version.target_models.order_by("order")
        self.fields["teams"].queryset = organization.teams.order_by("name")
        self.locked = assessment is not None and assessment.status != Assessment.Status.DRAFT
        if self.locked:
            # Answers already refer to these; the service refuses a change too.
            for name in ("disciplines", "target_model"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed once the assessment has been opened."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The closing date cannot be before the opening date.")
        return data

    def clean_reminder_days(self) -> list[int]:
        text = self.cleaned_data.get("reminder_days", "")
        parts = [part for part in re.split(r"[,;\s]+", text) if part]
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise ValidationError("Give whole numbers of days separated by commas, for example “3, 1”.")
        return reminder_days_checked([int(part) for part in parts])


class TargetsForm(forms.Form):
    """One small select per area, preselected with the current target."""

    def __init__(self, *args: Any, rows: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self.field_name(row["key"])] = forms.TypedChoiceField(
                choices=LEVEL_CHOICES, coerce=int, initial=row["target"], label=row["area"].name
            )
        for row in rows:
            row["field"] = self[self.field_name(row["key"])]

    @staticmethod
    def field_name(key: str) -> str:
        return f"target-{key}"

    def targets(self) -> dict[str, int]:
        return {row["key"]: self.cleaned_data[self.field_name(row["key"])] for row in self.rows}


_LIST_SEPARATORS = re.compile(r"[\n\r,;]+")


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """Split a pasted list into valid addresses (deduplicated, in order) and invalid entries.

    Accepts one per line or separated by commas, semicolons or spaces, and the
    “Jane Doe <jane@example.com>” form that mail clients copy.
    """
    valid: list[str] = []
    invalid: list[str] = []
    seen: set[str] = set()
    for chunk in _LIST_SEPARATORS.split(text):
        chunk = chunk.strip()
        entries = [chunk] if "<" in chunk else chunk.split()
        for entry in filter(None, entries):
            address = parseaddr(entry)[1] if "<" in entry else entry
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(entry)
                continue
            if address.lower() not in seen:
                seen.add(address.lower())
                valid.append(address)
    return valid, invalid


class InvitationForm(forms.Form):
    emails = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "ana@example.com\nbo@example.com"}),
        label="Email addresses",
        help_text="One per line, or separated by commas. Each person gets their own link by email.",
    )
    anonymous = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_ANONYMOUS_LINKS,
        initial=0,
        label="Anonymous links",
        help_text=f"Links to hand out yourself, up to {MAX_ANONYMOUS_LINKS} at a time.",
    )
    role = forms.ChoiceField(
        choices=[("", "Not specified")] + list(RespondentRole.choices),
        required=False,
        label="Role",
        help_text="Optional: lets the results compare engineers, leads and managers.",
    )

    def clean_emails(self) -> list[str]:
        valid, invalid = parse_emails(self.cleaned_data["emails"])
        if invalid:
            self.invalid_emails = invalid
            raise ValidationError(
                "Not valid: %(bad)s. Nothing was sent; correct or remove %(them)s and send again.",
                params={"bad": ", ".join(invalid), "them": "it" if len(invalid) == 1 else "them"},
            )
        if len(valid) > MAX_EMAILS_PER_BATCH:
            raise ValidationError(f"Send at most {MAX_EMAILS_PER_BATCH} invitations at a time.")
        return valid

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "emails" in data and not data["emails"] and not data.get("anonymous"):
            raise ValidationError("Enter at least one email address or a number of anonymous links.")
        return data


class ObservationForm(forms.Form):
    area_key = forms.ChoiceField(label="Area")
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), label="Observation")
    visibility = forms.ChoiceField(
        choices=Observation.Visibility.choices,
        initial=Observation.Visibility.INTERNAL,
        widget=forms.RadioSelect,
        help_text="Client-visible observations appear to the client's managers and in the report.",
    )

    def __init__(self, *args: Any, disciplines: list[Discipline], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_key"].choices = [("", "Choose an area…")] + [
            (d.name, [(f"{d.key}.{a.key}", a.name) for a in d.areas.all()]) for d in disciplines
        ]
