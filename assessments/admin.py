from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile

from . import models
from .branding import colour_checked, logo_png


@admin.register(models.CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "label", "loaded_at", "checksum"]
    readonly_fields = ["number", "label", "checksum", "loaded_at"]


class AreaInline(admin.TabularInline):
    model = models.Area
    fields = ["order", "key", "name", "weight"]
    extra = 0
    show_change_link = True


@admin.register(models.Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "version", "order"]
    list_filter = ["version"]
    search_fields = ["name", "key"]
    inlines = [AreaInline]


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "discipline", "weight"]
    list_filter = ["discipline__version", "discipline__key"]
    search_fields = ["name", "key"]


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "text", "area"]
    list_filter = ["area__discipline__version", "area__discipline__key"]
    search_fields = ["key", "text"]
    list_select_related = ["area"]


@admin.register(models.Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "unit", "higher_is_better", "discipline"]
    list_filter = ["discipline__version", "discipline__key"]
    search_fields = ["name", "key"]


@admin.register(models.Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["key", "severity", "discipline"]
    list_filter = ["severity", "discipline__version", "discipline__key"]
    search_fields = ["key", "text"]


@admin.register(models.TargetModel)
class TargetModelAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "version"]
    list_filter = ["version"]


class TeamInline(admin.TabularInline):
    model = models.Team
    extra = 0


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


class FirmMemberInline(admin.TabularInline):
    model = models.FirmMember
    extra = 0
    autocomplete_fields = ["user"]


class FirmForm(forms.ModelForm):
    class Meta:
        model = models.Firm
        fields = ["name", "display_name", "primary_colour", "logo"]
        help_texts = {"logo": "PNG or SVG, at most 512 kB; an SVG is turned into a PNG when saved."}

    def clean_primary_colour(self) -> str:
        return colour_checked(self.cleaned_data["primary_colour"])

    def clean_logo(self):  # noqa: ANN201 - a file or the kept one
        upload = self.cleaned_data.get("logo")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged
        png = logo_png(upload.read(), upload.name)
        return ContentFile(png, name="logo.png")


@admin.register(models.Firm)
class FirmAdmin(admin.ModelAdmin):
    form = FirmForm
    list_display = ["name", "display_name", "primary_colour", "created_at"]
    search_fields = ["name"]
    inlines = [FirmMemberInline]


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "firm", "sector", "created_at"]
    list_filter = ["firm"]
    search_fields = ["name"]
    inlines = [TeamInline, MembershipInline]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name", "organization__name"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__email", "organization__name"]


@admin.register(models.Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "status", "catalogue_version", "target_model", "opens_on", "closes_on"]
    list_filter = ["status", "organization", "catalogue_version"]
    search_fields = ["title", "organization__name"]
    filter_horizontal = ["disciplines", "teams"]
    date_hierarchy = "created_at"


@admin.register(models.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "assessment", "team", "role", "created_at", "sent_at", "revoked_at"]
    list_filter = ["assessment__organization", "role"]
    search_fields = ["email", "assessment__title"]
    # The token is a credential: it is not shown or searchable in the admin.
    exclude = ["token"]


class AnswerInline(admin.TabularInline):
    model = models.Answer
    extra = 0
    raw_id_fields = ["question"]


@admin.register(models.Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "assessment", "team", "role", "status", "started_at", "submitted_at"]
    list_filter = ["status", "role", "assessment__organization"]
    list_select_related = ["assessment", "team"]
    inlines = [AnswerInline]


@admin.register(models.KpiValue)
class KpiValueAdmin(admin.ModelAdmin):
    list_display = ["response", "kpi", "value"]
    list_select_related = ["kpi"]


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "organization", "assessment", "actor", "action", "detail"]
    list_filter = ["action", "organization"]
    search_fields = ["detail"]


@admin.register(models.Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["assessment", "area_key", "visibility", "author", "created_at"]
    list_filter = ["visibility"]
