"""Admin forms with the rules a coordinator must see as form errors."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scheduler.imports.fetch import too_big_text
from scheduler.models import Event, EventSeries, Organization, Program, Venue
from scheduler.models.validators import timezone_names
from scheduler.series_editor import SCHEDULE_FIELDS, SeriesEditorFields, editor_initial


class RefusalForm(forms.ModelForm):
    """A model form that can carry the reason a service refused to save it.

    The admin sets `refusal` (a message, and the field it is about or None) to show the
    form again, as posted, with that reason: the form is then invalid, so nothing is saved.
    """

    refusal: tuple[str | None, str] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page carries the values it was opened with, so `changed_data` names what
        # this coordinator changed — not what someone else changed since (which saving
        # would otherwise write back), and on an add page, what they left as offered.
        for field in self.fields.values():
            field.show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            field, message = self.refusal
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class EventSeriesForm(SeriesEditorFields, RefusalForm):
    """A series with the editor (scheduler.series_editor): the rule and the duration are
    written from its fields, from the start and end times."""

    # Set by the admin for its "Preview dates" button: the page comes back with the next
    # dates and the editor's own errors, and nothing is saved.
    previewing = False

    class Meta:
        model = EventSeries
        exclude = ["duration"]  # noqa: DJ006 - computed from the start and end times

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        series = self.instance
        if series.pk and not self.is_bound:
            self.initial.update(
                editor_initial(
                    rule=series.rrule,
                    start_date=series.start_date,
                    start_time=series.start_time,
                    duration=series.duration,
                    skipped=self.skipped_before(),
                )
            )

    def skipped_before(self) -> list[dt.date]:
        if not self.instance.pk:
            return []
        if not hasattr(self, "_skipped"):
            self._skipped = list(
                self.instance.exclusions.order_by("occurrence_date").values_list(
                    "occurrence_date", flat=True
                )
            )
        return self._skipped

    def full_clean(self):
        super().full_clean()
        if self.previewing and self._errors is not None:
            # Only the editor's errors: the rest of the form is not being saved yet.
            for name in list(self._errors):
                if name not in SCHEDULE_FIELDS:
                    del self._errors[name]

    def is_valid(self) -> bool:
        return super().is_valid() and not self.previewing

    def _post_clean(self):
        super()._post_clean()
        if "duration" in self.cleaned_data:
            self.instance.duration = self.cleaned_data["duration"]


class EventAdminForm(RefusalForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin form is every editable field

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and self.instance.pk:
            confirmed = self.instance.rsvps.confirmed().seats()
            if capacity < confirmed:
                # Checked again under the event's lock when saving; this is for a clear message.
                raise ValidationError(
                    gettext(
                        "%(confirmed)d seats are already confirmed, so capacity cannot go below "
                        "%(confirmed)d. Nobody is dropped silently: cancel RSVPs first if you must."
                    )
                    % {"confirmed": confirmed}
                )
        return capacity


class ProgramChoiceField(forms.ModelChoiceField):
    """Programs with the defaults an event of theirs starts from."""

    def label_from_instance(self, program: Program) -> str:
        capacity, party = program.default_capacity, program.default_max_party_size
        if capacity is None:
            seats = gettext("unlimited seats")
        else:
            seats = ngettext("%(count)d seat", "%(count)d seats", capacity) % {"count": capacity}
        parties = ngettext("one person per RSVP", "parties of up to %(count)d", party) % {
            "count": party
        }
        return gettext("%(program)s — %(seats)s, %(parties)s") % {
            "program": program.name,
            "seats": seats,
            "parties": parties,
        }


class ProgramChoiceForm(forms.Form):
    """The first step of adding an event or a series: the program, whose defaults the
    next page starts from."""

    program = ProgramChoiceField(
        queryset=Program.objects.order_by("name"),
        label=_("Program"),
        empty_label=None,
        help_text=_(
            "The next page starts from this program's seats and party size; change them there "
            "if this one differs (an empty capacity means unlimited seats)."
        ),
    )


class CancelForm(forms.Form):
    """What the coordinator tells residents when cancelling events from the admin."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=Event._meta.get_field("cancellation_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Sent to every resident who RSVPed, in the cancellation notice, and shown on the "
            "event's page. For example: “Snow: the library is closed. We will meet on the "
            "next Tuesday instead.”"
        ),
    )


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(timezone_names())]


class ImportForm(forms.Form):
    """Where the events to import are, and what stands in for what they do not say."""

    url = forms.CharField(
        label=_("Address of the file"),
        required=False,
        max_length=2000,
        help_text=_(
            "A calendar feed (.ics, webcal:// too) or a CSV file on the web, e.g. "
            "https://www.example.gov/calendar.ics. Or upload the file below."
        ),
    )
    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("A calendar (.ics) or a spreadsheet saved as CSV (UTF-8)."),
    )
    program = forms.ModelChoiceField(
        queryset=Program.objects.order_by("name"),
        label=_("Default program"),
        required=False,
        help_text=_("For events that name none (or, in a calendar, a category not known here)."),
    )
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.order_by("name"),
        label=_("Default venue"),
        required=False,
        help_text=_("For events that name none (or, in a calendar, a location not known here)."),
    )
    host = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"),
        label=_("Default host organization"),
        required=False,
        help_text=_("For events that name none."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_timezone_choices,
        help_text=_("For times the file gives without a time zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].initial = settings.TIME_ZONE

    def clean(self):
        cleaned = super().clean()
        url, upload = cleaned.get("url", "").strip(), cleaned.get("upload")
        if bool(url) == bool(upload):
            raise ValidationError(
                gettext("Give the address of a file or upload one (one of the two, not both).")
            )
        if upload is not None and upload.size > settings.PORCHLIGHT["IMPORT_MAX_BYTES"]:
            self.add_error("upload", too_big_text())
        cleaned["url"] = url
        return cleaned
