from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.dispatch import notices_retry
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "channel", "state", "due_at", "attempts", "event", "sent_at"]
    list_filter = ["state", "kind", "channel"]
    search_fields = ["attendee__email", "rsvp__name", "event__title", "dedupe_key"]
    list_select_related = ["event"]
    date_hierarchy = "due_at"
    ordering = ["-due_at", "-id"]
    actions = ["retry"]
    readonly_fields = [
        "kind",
        "channel",
        "state",
        "attendee",
        "user",
        "rsvp",
        "event",
        "event_sequence",
        "offset_minutes",
        "payload",
        "due_at",
        "attempts",
        "last_error",
        "enqueued_at",
        "claimed_at",
        "claimed_by",
        "sent_at",
        "dedupe_key",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed notices again"), permissions=["retry"])
    def retry(self, request, queryset):
        count = notices_retry(queryset.values_list("pk", flat=True))
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d notice queued again.", "%(count)d notices queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected notice was not failed and was left alone.",
                    "%(count)d selected notices were not failed and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.view_notification")
