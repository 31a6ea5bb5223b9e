from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["assessment", "version", "status", "progress", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["checksum", "size_bytes", "pages"]
