"""Coordinators' admin: programs, organizations, venues, series and events."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html

from rsvp.admin import RsvpInline
from scheduler.errors import Busy, EventError
from scheduler.forms import EventAdminForm, EventSeriesForm
from scheduler.models import (
    Event,
    EventSeries,
    Membership,
    Neighborhood,
    Organization,
    Program,
    Venue,
)
from scheduler.services import event_cancel, event_save, series_materialize


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_capacity", "default_max_party_size"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "email", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    search_fields = ["name", "district"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "neighborhood"]
    list_filter = ["neighborhood"]
    search_fields = ["name", "address"]
    list_select_related = ["neighborhood"]


class OccurrenceInline(admin.TabularInline):
    model = Event
    fields = ["start", "status", "is_customized", "capacity"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["start"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    form = EventSeriesForm
    list_display = ["title", "program", "rrule", "start_time", "host", "materialized_until"]
    list_filter = ["program", "host"]
    search_fields = ["title"]
    autocomplete_fields = ["venue", "host", "partners", "officers"]
    list_select_related = ["program", "host"]
    inlines = [OccurrenceInline]
    actions = ["materialize"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After partners and officers are saved, so the occurrences copy them.
        result = series_materialize(series=form.instance)
        self.message_user(request, f"Occurrences: {result}.")

    @admin.action(description="Create occurrences up to the horizon")
    def materialize(self, request, queryset):
        for series in queryset:
            result = series_materialize(series=series)
            self.message_user(request, f"{series}: {result}.")


class NeighborhoodFilter(admin.SimpleListFilter):
    title = "neighborhood"
    parameter_name = "neighborhood"

    def lookups(self, request, model_admin):
        return [(n.slug, n.name) for n in Neighborhood.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(venue__neighborhood__slug=self.value())
        return queryset


class OrganizationFilter(admin.SimpleListFilter):
    title = "organization (host or partner)"
    parameter_name = "organization"

    def lookups(self, request, model_admin):
        return [(o.slug, o.name) for o in Organization.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            partnered = Event.objects.filter(partners__slug=self.value()).values("pk")
            return queryset.filter(Q(host__slug=self.value()) | Q(pk__in=partnered))
        return queryset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "start",
        "program",
        "venue",
        "host",
        "status_badge",
        "capacity",
        "confirmed_count",
        "waitlisted_count",
    ]
    list_filter = [
        "status",
        "program",
        ("start", admin.DateFieldListFilter),
        OrganizationFilter,
        NeighborhoodFilter,
        "visibility",
    ]
    search_fields = ["title", "venue__name", "rsvps__attendee__email"]
    date_hierarchy = "start"
    list_select_related = ["program", "venue", "host"]
    autocomplete_fields = ["venue", "host", "partners", "officers"]
    # Status changes only through the "cancel" action (event_cancel), so residents are told.
    readonly_fields = ["status", "uid", "sequence", "series", "occurrence_date", "cancelled_at"]
    inlines = [RsvpInline]
    actions = ["cancel_events"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed=Count("rsvps", filter=Q(rsvps__status="confirmed")),
                waitlisted=Count("rsvps", filter=Q(rsvps__status="waitlisted")),
            )
        )

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        if obj.is_cancelled:
            return format_html('<strong style="color:#b00020">{}</strong>', "Cancelled")
        return obj.get_status_display()

    @admin.display(description="Confirmed RSVPs", ordering="confirmed")
    def confirmed_count(self, obj):
        return obj.confirmed

    @admin.display(description="Waitlisted", ordering="waitlisted")
    def waitlisted_count(self, obj):
        return obj.waitlisted

    def save_model(self, request, obj, form, change):
        capacity = form.cleaned_data.get("capacity") if "capacity" in form.changed_data else ...
        try:
            event_save(
                event=obj,
                changed_fields=form.changed_data,
                capacity=capacity,
            )
        except (EventError, Busy) as exc:
            # Refused as a whole (the form checked first; this is a race with new RSVPs).
            obj._save_refused = True
            self.message_user(request, str(getattr(exc, "message", exc)), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        if getattr(form.instance, "_save_refused", False):
            return  # nothing half-written: partners and officers stay as they were
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        from scheduler.services import event_delete

        try:
            event_delete(event=obj)
        except EventError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for event in queryset:
            self.delete_model(request, event)

    @admin.action(description="Cancel selected events (residents are told)")
    def cancel_events(self, request, queryset):
        cancelled = sum(event_cancel(event=event) for event in queryset)
        self.message_user(request, f"{cancelled} event(s) cancelled.")
