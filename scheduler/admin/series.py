"""Admin for recurring series: saved through the series services, then materialized."""

import dataclasses

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from scheduler.admin.base import (
    BUSY_MESSAGE,
    AuditHistoryAdmin,
    ProgramFirstAdmin,
    ServiceSavesAdmin,
)
from scheduler.admin.copies import DuplicateSeriesAdmin
from scheduler.errors import Busy
from scheduler.forms import EventSeriesForm
from scheduler.models import Event, EventSeries, text_columns
from scheduler.services import series_create, series_materialize, series_save


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


SERIES_CREATE_FIELDS = (
    "title",
    "description",
    "program",
    "venue",
    "host",
    "rrule",
    "start_date",
    "start_time",
    "duration",
    "partners",
    "officers",
    "timezone",
    "visibility",
    "promotion_cutoff_minutes",
    "rsvp_mode",
)


def materialize_text(series: EventSeries, result) -> str:
    return gettext(
        "“%(series)s”, occurrences: %(created)d created, %(updated)d updated, "
        "%(cancelled)d cancelled, %(deleted)d deleted."
    ) % {"series": series, **dataclasses.asdict(result)}


@admin.register(EventSeries)
class EventSeriesAdmin(
    DuplicateSeriesAdmin,
    TabbedTranslationAdmin,
    AuditHistoryAdmin,
    ProgramFirstAdmin,
    ServiceSavesAdmin,
):
    """Series; their title and description have a tab per language, which occurrences copy."""

    form = EventSeriesForm
    list_display = ["title", "program", "rrule", "start_time", "host", "materialized_until"]
    list_filter = ["program", "host"]
    search_fields = list(text_columns("title"))
    autocomplete_fields = ["venue", "host", "partners", "officers"]
    list_select_related = ["program", "host"]
    inlines = [OccurrenceInline]
    actions = ["materialize"]

    def save_model(self, request, obj, form, change):
        if change:
            changed = form.changed_data
            series_save(
                series=obj,
                partners=form.cleaned_data["partners"] if "partners" in changed else None,
                officers=form.cleaned_data["officers"] if "officers" in changed else None,
            )
        else:
            created = series_create(**self.create_values(form, SERIES_CREATE_FIELDS))
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After partners and officers are saved, so the occurrences copy them.
        result = series_materialize(series=form.instance)
        self.message_user(request, materialize_text(form.instance, result))

    @admin.action(description=_("Create occurrences up to the horizon"), permissions=["change"])
    def materialize(self, request, queryset):
        for series in queryset:
            try:
                result = series_materialize(series=series)
            except Busy:
                self.message_user(request, BUSY_MESSAGE, messages.ERROR)
                return
            self.message_user(request, materialize_text(series, result))
