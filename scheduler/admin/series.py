"""Admin for recurring series: saved through the series services, then materialized."""

import dataclasses

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
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
from scheduler.series_editor import SCHEDULE_FIELDS, SeriesPreviewForm, preview
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
    "skip_dates",
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

    def get_fieldsets(self, request, obj=None):
        """The series' texts and places, then when it meets (the editor, drawn by
        admin/scheduler/eventseries/_repeats.html), then the rest."""
        fields = [
            name
            for _, options in super().get_fieldsets(request, obj)
            for name in options["fields"]
            if name not in SCHEDULE_FIELDS
        ]
        split = fields.index("host") + 1 if "host" in fields else len(fields)
        return [
            (None, {"fields": fields[:split]}),
            (_("When it meets"), {"fields": list(SCHEDULE_FIELDS), "classes": ["series-editor"]}),
            (_("Seats and people"), {"fields": fields[split:]}),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.method == "POST" and "_preview" in request.POST:
            return type(form.__name__, (form,), {"previewing": True})
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        schedule = getattr(form, "schedule", None)
        if not form.is_bound and obj is not None and obj.pk:
            schedule = {
                "rule": obj.rrule,
                "start_date": obj.start_date,
                "start_time": obj.start_time,
                "duration": obj.duration,
                "timezone": obj.timezone,
                "skipped": frozenset(form.skipped_before()),
            }
        context["series_preview"] = preview(schedule) if schedule else None
        context["series_previewing"] = getattr(form, "previewing", False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        own = [
            path(
                "preview/",
                self.admin_site.admin_view(require_GET(self.preview_view)),
                name="scheduler_eventseries_preview",
            )
        ]
        return own + super().get_urls()

    def preview_view(self, request):
        """The editor's live preview (static/js/series_editor.js): the rule and the next
        dates for the fields as they are on the page. A GET that changes nothing."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        series = None
        if request.GET.get("series", "").isdigit():
            series = EventSeries.objects.filter(pk=request.GET["series"]).first()
        skipped = series.exclusions.values_list("occurrence_date", flat=True) if series else ()
        form = SeriesPreviewForm(request.GET, skipped_before=skipped)
        if form.is_valid() and form.schedule:
            return JsonResponse({"errors": {}, **preview(form.schedule)})
        errors = {name: list(messages_) for name, messages_ in form.errors.items()}
        return JsonResponse({"errors": errors, "rule": "", "dates": [], "more": False})

    def save_model(self, request, obj, form, change):
        if change:
            changed = form.changed_data
            series_save(
                series=obj,
                partners=form.cleaned_data["partners"] if "partners" in changed else None,
                officers=form.cleaned_data["officers"] if "officers" in changed else None,
                skip_dates=form.cleaned_data["skip_dates"] if "skip_dates" in changed else None,
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
