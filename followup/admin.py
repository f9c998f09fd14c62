from django.contrib import admin

from followup.models import AttendeeMessage, ProgramFollowup


@admin.register(ProgramFollowup)
class ProgramFollowupAdmin(admin.ModelAdmin):
    list_display = ["program", "still_coming_minutes"]


@admin.register(AttendeeMessage)
class AttendeeMessageAdmin(admin.ModelAdmin):
    """The sent log for coordinators: read only (a sent message cannot be unsent)."""

    list_display = ["created_at", "event", "sent_by", "audience", "recipients", "subject"]
    list_filter = ["audience"]
    search_fields = ["event__title"]
    readonly_fields = [f.name for f in AttendeeMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
