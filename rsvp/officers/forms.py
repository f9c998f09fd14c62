"""Forms of the officer pages: walk-ins at the door and the reports' date range."""

import datetime as dt

from django import forms
from django.utils import timezone

REPORT_DEFAULT_DAYS = 365
REPORT_MAX_DAYS = 10 * 366


class WalkInForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        required=False,
        label="Name (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    head_count = forms.IntegerField(
        min_value=1,
        max_value=500,
        initial=1,
        label="How many people",
        error_messages={
            "required": "Enter how many people came in.",
            "invalid": "Enter how many people came in, as a number.",
            "min_value": "Enter how many people came in, from 1 to 500.",
            "max_value": "Enter how many people came in, from 1 to 500.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


# Dates far outside any event's life would overflow date arithmetic.
REPORT_EARLIEST = dt.date(1990, 1, 1)
REPORT_LATEST = dt.date(2200, 12, 31)


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the first day as YYYY-MM-DD."},
    )
    end = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the last day as YYYY-MM-DD."},
    )

    def clean(self):
        data = super().clean()
        if "start" in self.errors or "end" in self.errors:
            return data
        for day in (data.get("start"), data.get("end")):
            if day is not None and not REPORT_EARLIEST <= day <= REPORT_LATEST:
                raise forms.ValidationError(
                    f"Choose days between {REPORT_EARLIEST:%Y} and {REPORT_LATEST:%Y}."
                )
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=REPORT_DEFAULT_DAYS)
        if start > end:
            raise forms.ValidationError("The first day must be on or before the last day.")
        if (end - start).days > REPORT_MAX_DAYS:
            raise forms.ValidationError("Choose a range of at most ten years.")
        data["start"], data["end"] = start, end
        return data

    @staticmethod
    def default_range() -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        return today - dt.timedelta(days=REPORT_DEFAULT_DAYS), today
