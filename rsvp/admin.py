"""Coordinators' admin for residents and RSVPs; RSVPs also show inline on events.

The event page is scheduler's EventAdmin plus the RSVPs: scheduler imports nothing of
this app, so the event is registered again here (rsvp comes after scheduler in
INSTALLED_APPS, so its admin module is loaded after scheduler's).
"""

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rsvp.models import Attendee, RosterAccess, Rsvp, WalkIn
from scheduler.admin import AuditHistoryAdmin, EventAdmin
from scheduler.models import Event


class RsvpInline(admin.TabularInline):
    model = Rsvp
    fields = [
        "name",
        "reference",
        "attendee",
        "party_size",
        "status",
        "waitlist_joined_at",
        "checked_in_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["status", "waitlist_joined_at", "id"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # RSVPs are made through the RSVP rules (capacity, waitlist), never typed in here.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee")


class EventWithRsvpsAdmin(EventAdmin):
    inlines = [*EventAdmin.inlines, RsvpInline]
    search_fields = [*EventAdmin.search_fields, "rsvps__attendee__email"]
    search_help_text = _("Title, venue, or the e-mail address of a resident who RSVPed.")

    def audit_entries(self, obj):
        # The event's own changes, and its RSVPs' and walk-ins' (removed walk-ins too: each
        # entry keeps its event, rsvp.models get_additional_data).
        theirs = ContentType.objects.get_for_models(Rsvp, WalkIn).values()
        return LogEntry.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Event), object_id=obj.pk)
            | Q(content_type__in=theirs, additional_data__event=obj.pk)
        )


admin.site.unregister(Event)
admin.site.register(Event, EventWithRsvpsAdmin)


@admin.register(Attendee)
class AttendeeAdmin(admin.ModelAdmin):
    """Mailboxes: an address and its owner's choices; names are the RSVPs' own."""

    list_display = ["email", "reminders_enabled", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["feed_token_hash", "created_at"]


@admin.register(Rsvp)
class RsvpAdmin(AuditHistoryAdmin):
    list_display = [
        "event",
        "name",
        "reference",
        "attendee",
        "party_size",
        "status",
        "created_at",
        "checked_in_at",
    ]
    list_filter = ["status", "event__program"]
    search_fields = ["attendee__email", "name", "reference", "event__title"]
    list_select_related = ["event", "attendee"]
    readonly_fields = [f.name for f in Rsvp._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would silently drop a resident; cancel through their link or the roster.
        return False


class ReadOnlyAdmin(AuditHistoryAdmin):
    """Records written by the officer pages; coordinators read them, nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RosterAccess)
class RosterAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "what", "event"]
    list_filter = ["what", "at"]
    search_fields = ["user__username", "event__title"]
    list_select_related = ["user", "event"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user", "what", "event"]


@admin.register(WalkIn)
class WalkInAdmin(ReadOnlyAdmin):
    list_display = ["recorded_at", "event", "name", "head_count", "recorded_by"]
    list_filter = ["event__program", "recorded_at"]
    search_fields = ["name", "event__title"]
    list_select_related = ["event", "recorded_by"]
    date_hierarchy = "recorded_at"
    readonly_fields = ["recorded_at", "event", "name", "head_count", "recorded_by"]
