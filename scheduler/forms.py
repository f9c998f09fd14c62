"""Admin forms with the rules a coordinator must see as form errors."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from scheduler.models import Event, EventSeries
from scheduler.recurrence import occurrence_dates, rrule_normalize, rrule_parse


class EventSeriesForm(forms.ModelForm):
    class Meta:
        model = EventSeries
        fields = "__all__"  # noqa: DJ007 - the admin form is every editable field

    def clean_rrule(self):
        rule = rrule_normalize(self.cleaned_data.get("rrule", ""))
        rrule_parse(rule, start=dt.datetime(2000, 1, 1))
        return rule

    def clean(self):
        cleaned = super().clean()
        rule, start_date, start_time = (
            cleaned.get("rrule"),
            cleaned.get("start_date"),
            cleaned.get("start_time"),
        )
        duration = cleaned.get("duration")
        if duration is not None and duration <= dt.timedelta(0):
            self.add_error("duration", "The duration must be longer than zero, e.g. 1:30:00.")
        if duration is not None and duration > dt.timedelta(hours=24):
            self.add_error("duration", "One occurrence can last at most 24 hours.")
        if rule and start_date and start_time:
            try:
                dates = occurrence_dates(
                    rule=rule,
                    start_date=start_date,
                    start_time=start_time,
                    until=start_date + dt.timedelta(days=3 * 366),
                )
            except ValidationError as exc:
                self.add_error("rrule", exc)
            else:
                if not dates:
                    self.add_error(
                        "rrule", "This rule gives no dates in the three years after the start date."
                    )
        return cleaned


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin form is every editable field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page carries the values it was opened with, so `changed_data` names what
        # this coordinator changed — not what someone else changed since (which saving
        # would otherwise write back).
        for field in self.fields.values():
            field.show_hidden_initial = True

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and self.instance.pk:
            confirmed = self.instance.rsvps.confirmed().seats()
            if capacity < confirmed:
                # Checked again under the event's lock when saving; this is for a clear message.
                raise ValidationError(
                    f"{confirmed} seats are already confirmed, so capacity cannot go below "
                    f"{confirmed}. Nobody is dropped silently: cancel RSVPs first if you must."
                )
        return capacity
