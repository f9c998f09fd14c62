"""Admin for what events are made of: programs, organizations, neighborhoods, venues."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from scheduler.admin.base import AuditHistoryAdmin
from scheduler.admin.choices import StorableIdsAdmin
from scheduler.models import (
    Membership,
    Neighborhood,
    Organization,
    Program,
    Venue,
    text_columns,
)


@admin.register(Program)
class ProgramAdmin(TabbedTranslationAdmin, AuditHistoryAdmin):
    """Programs; the name and description have a tab per language."""

    list_display = [
        "name",
        "slug",
        "default_capacity",
        "default_max_party_size",
        "retention_days",
        "default_rsvp_mode",
        "add_event",
    ]
    list_filter = ["default_rsvp_mode"]
    search_fields = [*text_columns("name"), "slug"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("New event"))
    def add_event(self, obj):
        url = reverse("admin:scheduler_event_add") + f"?program={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("Add an event"))


class MembershipInline(StorableIdsAdmin, admin.TabularInline):
    model = Membership
    fields = ["user", "title", "roster_access"]
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(AuditHistoryAdmin):
    """Who works where, and whom a coordinator granted an organization's rosters."""

    list_display = ["user", "organization", "title", "roster_access"]
    list_filter = ["roster_access", "organization"]
    list_editable = ["roster_access"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]


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
    autocomplete_fields = ["nearby"]


@admin.register(Venue)
class VenueAdmin(TabbedTranslationAdmin):
    """Venues; the accessibility notes have a tab per language."""

    list_display = ["name", "address", "neighborhood"]
    list_filter = ["neighborhood"]
    search_fields = ["name", "address"]
    list_select_related = ["neighborhood"]
