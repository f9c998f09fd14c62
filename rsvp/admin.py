"""Coordinators' admin for residents and RSVPs; RSVPs also show inline on events."""

from django.contrib import admin

from rsvp.models import Attendee, Rsvp


class RsvpInline(admin.TabularInline):
    model = Rsvp
    fields = ["attendee", "party_size", "status", "waitlist_joined_at", "checked_in_at"]
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


@admin.register(Attendee)
class AttendeeAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "language", "created_at"]
    search_fields = ["email", "name"]
    readonly_fields = ["feed_token_hash", "created_at"]


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    list_display = ["event", "attendee", "party_size", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "event__program"]
    search_fields = ["attendee__email", "attendee__name", "event__title"]
    list_select_related = ["event", "attendee"]
    readonly_fields = [f.name for f in Rsvp._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would silently drop a resident; cancel through their link or the roster.
        return False
