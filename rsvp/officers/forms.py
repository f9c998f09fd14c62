"""Forms of the officer pages: walk-ins at the door and the reports' date range."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rsvp import rules

REPORT_DEFAULT_DAYS = 365
REPORT_MAX_DAYS = 10 * 366


class WalkInForm(forms.Form):
    """A walk-in at the door; the limits and their words are rsvp.rules' (as the API's).

    The count has no default and is required: Enter pressed in an empty form (or in the
    name field before the count is typed) asks for the count instead of recording an
    anonymous walk-in at once. An e-mail or phone is kept only with the resident's consent,
    which the service checks (rsvp.services.walkin_record).
    """

    head_count = forms.IntegerField(
        label=_("How many people"),
        error_messages={
            "required": _("Enter how many people came in."),
            "invalid": _("Enter how many people came in, as a number."),
        },
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "min": 1, "max": rules.HEAD_COUNT_MAX}
        ),
    )
    name = forms.CharField(
        required=False,
        label=_("Name (optional)"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "maxlength": rules.WALKIN_NAME_MAX_LENGTH}
        ),
    )
    email = forms.EmailField(
        required=False,
        label=_("E-mail (optional)"),
        max_length=rules.EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        required=False,
        label=_("Phone (optional)"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "tel", "maxlength": rules.PHONE_MAX_INPUT}
        ),
    )
    contact_consent = forms.BooleanField(
        required=False,
        label=_("The resident agrees that we keep this e-mail or phone to follow up"),
    )
    CONTACT_FIELDS = ("email", "phone", "contact_consent")

    def __init__(self, *args, allow_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_override:
            # Coordinators only, outside the event's check-in hours.
            self.fields["override"] = forms.BooleanField(
                required=False, label=_("Record anyway (outside its check-in hours)")
            )

    def clean_name(self):
        return rules.walkin_name_clean(self.cleaned_data["name"])

    def clean_head_count(self):
        return rules.head_count_clean(self.cleaned_data["head_count"])

    def clean_phone(self):
        return rules.phone_clean(self.cleaned_data["phone"])


# Dates far outside any event's life would overflow date arithmetic.
REPORT_EARLIEST = dt.date(1990, 1, 1)
REPORT_LATEST = dt.date(2200, 12, 31)


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        required=False,
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the first day as YYYY-MM-DD.")},
    )
    end = forms.DateField(
        required=False,
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the last day as YYYY-MM-DD.")},
    )

    def clean(self):
        data = super().clean()
        if "start" in self.errors or "end" in self.errors:
            return data
        for day in (data.get("start"), data.get("end")):
            if day is not None and not REPORT_EARLIEST <= day <= REPORT_LATEST:
                raise forms.ValidationError(
                    _("Choose days between %(first)d and %(last)d."),
                    params={"first": REPORT_EARLIEST.year, "last": REPORT_LATEST.year},
                    code="date_range",
                )
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=REPORT_DEFAULT_DAYS)
        if start > end:
            raise forms.ValidationError(
                _("The first day must be on or before the last day."), code="range_order"
            )
        if (end - start).days > REPORT_MAX_DAYS:
            raise forms.ValidationError(
                _("Choose a range of at most ten years."), code="range_too_long"
            )
        data["start"], data["end"] = start, end
        return data

    @staticmethod
    def default_range() -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        return today - dt.timedelta(days=REPORT_DEFAULT_DAYS), today
