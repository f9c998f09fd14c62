"""Copies of an event or a series on a new date, from the admin (scheduler.services.copies)."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scheduler.admin.base import BUSY_MESSAGE
from scheduler.errors import Busy, DomainError
from scheduler.models import Event, EventSeries
from scheduler.models.validators import validate_event_date
from scheduler.recurrence import local_datetime
from scheduler.services import event_duplicate, series_duplicate

# An <input type="date"> and type="time" send ISO values whatever the page's language.
DATE_INPUT = {
    "input_formats": ["%Y-%m-%d"],
    "widget": forms.DateInput({"type": "date"}, "%Y-%m-%d"),
}
TIME_INPUT = {
    "input_formats": ["%H:%M", "%H:%M:%S"],
    "widget": forms.TimeInput({"type": "time"}, "%H:%M"),
}


def _next_date(day: dt.date, today: dt.date) -> dt.date:
    """The same weekday a week on, or as many weeks as it takes to be after today."""
    step = dt.timedelta(days=7)
    day += step
    while day <= today:
        day += step
    return day


class DuplicateEventForm(forms.Form):
    start_date = forms.DateField(label=_("New date"), **DATE_INPUT)
    start_time = forms.TimeField(label=_("Start time"), **TIME_INPUT)

    def __init__(self, *args, event: Event, now: dt.datetime | None = None, **kwargs):
        self.event, self.now = event, now or timezone.now()
        local = event.local_start
        today = timezone.localtime(self.now, event.tzinfo).date()
        kwargs.setdefault(
            "initial",
            {"start_date": _next_date(local.date(), today), "start_time": local.time()},
        )
        super().__init__(*args, **kwargs)
        self.fields["start_time"].help_text = gettext(
            "In the event's time zone (%(zone)s). The original starts at %(time)s."
        ) % {"zone": event.timezone, "time": local.strftime("%H:%M")}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start = local_datetime(data["start_date"], data["start_time"], self.event.timezone)
        try:
            validate_event_date(start)
        except ValidationError as exc:
            raise ValidationError({"start_date": exc.messages}) from None
        if start <= self.now:
            raise ValidationError(
                {"start_date": gettext("Choose a date and time that has not passed yet.")}
            )
        data["start"] = start
        return data


class DuplicateSeriesForm(forms.Form):
    start_date = forms.DateField(
        label=_("New first date"),
        help_text=_(
            "The copy repeats by the same rule from this day, at the same local time; its "
            "dates up to the horizon are created at once."
        ),
        **DATE_INPUT,
    )

    def __init__(self, *args, series: EventSeries, today: dt.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        kwargs.setdefault("initial", {"start_date": _next_date(series.start_date, self.today)})
        super().__init__(*args, **kwargs)

    def clean_start_date(self):
        day = self.cleaned_data["start_date"]
        validate_event_date(day)
        if day < self.today:
            raise ValidationError(gettext("Choose a day that has not passed yet."))
        return day


class _DuplicateAdmin(admin.ModelAdmin):
    """The "duplicate" page's URL (admin:<app>_<model>_duplicate) for a model admin that
    defines duplicate_view."""

    duplicate_template = "admin/scheduler/duplicate_form.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name=f"{prefix}_duplicate",
            ),
            *super().get_urls(),
        ]


class DuplicateEventAdmin(_DuplicateAdmin):
    """Mixed into EventAdmin: a copy of an event at a new date and time."""

    def duplicate_view(self, request, object_id):
        event = self.get_object(request, unquote(object_id))
        if event is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_permission(request, event) and self.has_add_permission(request)):
            raise PermissionDenied
        form = DuplicateEventForm(request.POST or None, event=event)
        if request.method == "POST" and form.is_valid():
            try:
                copy = event_duplicate(event=event, start=form.cleaned_data["start"])
            except DomainError as exc:
                form.add_error(None, BUSY_MESSAGE if isinstance(exc, Busy) else exc.message)
            else:
                self.log_addition(request, copy, [{"added": {}}])
                self.message_user(
                    request,
                    gettext(
                        "“%(copy)s” is a copy of “%(event)s”, with no RSVPs yet. Check it, "
                        "then share its link."
                    )
                    % {"copy": copy, "event": event},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:scheduler_event_change", args=[copy.pk]))
        return duplicate_page(self, request, event, form, gettext("Duplicate event"))


class DuplicateSeriesAdmin(_DuplicateAdmin):
    """Mixed into EventSeriesAdmin: a copy of a series from a new first date."""

    def duplicate_view(self, request, object_id):
        series = self.get_object(request, unquote(object_id))
        if series is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_permission(request, series) and self.has_add_permission(request)):
            raise PermissionDenied
        form = DuplicateSeriesForm(request.POST or None, series=series)
        if request.method == "POST" and form.is_valid():
            try:
                copy, result = series_duplicate(
                    series=series, start_date=form.cleaned_data["start_date"]
                )
            except DomainError as exc:
                form.add_error(None, BUSY_MESSAGE if isinstance(exc, Busy) else exc.message)
            else:
                self.log_addition(request, copy, [{"added": {}}])
                self.message_user(
                    request,
                    ngettext(
                        "“%(copy)s” is a copy of the series, from %(date)s: %(count)d date "
                        "created, with no RSVPs yet.",
                        "“%(copy)s” is a copy of the series, from %(date)s: %(count)d dates "
                        "created, with no RSVPs yet.",
                        result.created,
                    )
                    % {
                        "copy": copy,
                        "date": formats.date_format(form.cleaned_data["start_date"]),
                        "count": result.created,
                    },
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:scheduler_eventseries_change", args=[copy.pk]))
        return duplicate_page(self, request, series, form, gettext("Duplicate series"))


def duplicate_page(model_admin, request, obj, form, title):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": str(obj),
        "opts": model_admin.opts,
        "original": obj,
        "form": form,
        "media": model_admin.media + form.media,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, model_admin.duplicate_template, context)
