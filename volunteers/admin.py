"""Coordinators set up an event's volunteer roles inline on the event (a tab per language
for the name and description); volunteers are listed read-only (they withdraw by their
link, officers mark them served on the roster)."""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from scheduler.models import Event
from volunteers.models import VolunteerRole, VolunteerSignup


class VolunteerRoleInline(TranslationStackedInline):
    model = VolunteerRole
    extra = 0
    fields = ["name", "description", "capacity", "hours", "shift_start", "shift_end", "position"]


# The event admin (scheduler/, with rsvp/'s RSVPs) knows nothing of volunteers: the one
# registered is extended with the roles, as rsvp/admin.py extends scheduler's.
_EventAdmin = type(admin.site._registry[Event])


class EventWithVolunteersAdmin(_EventAdmin):
    inlines = [*_EventAdmin.inlines, VolunteerRoleInline]


admin.site.unregister(Event)
admin.site.register(Event, EventWithVolunteersAdmin)


@admin.register(VolunteerSignup)
class VolunteerSignupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "served_at", "hours", "withdrawn_at"]
    list_filter = ["served_at", "withdrawn_at"]
    search_fields = ["name", "email", "role__event__title"]
    list_select_related = ["role"]
    readonly_fields = [f.name for f in VolunteerSignup._meta.fields]

    def has_add_permission(self, request):
        return False
