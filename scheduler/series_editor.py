"""The series editor's fields (how often, which weekdays, which day of the month, until
when, dates skipped, start and end times) and its preview of the next dates.

The fields build the RRULE through scheduler.repeats; a rule they cannot say is kept in
"expert" mode, typed as it is. The admin's series form (scheduler.forms.EventSeriesForm)
and the live preview's JSON (scheduler.admin.series) share this class, so the page and the
preview say the same.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils import timezone as django_timezone
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from scheduler import repeats
from scheduler.models.validators import validate_series_duration, validate_timezone
from scheduler.recurrence import MAX_OCCURRENCES, occurrence_dates, rrule_normalize, rrule_parse
from scheduler.when import when_text, zone_text

EDITOR, EXPERT = "editor", "expert"
PREVIEW_LIMIT = 10
WEEKDAY_CHOICES = [(code, WEEKDAY_NAMES[i]) for i, code in enumerate(repeats.WEEKDAYS)]
POSITION_CHOICES = [
    ("1", pgettext_lazy("weekday of the month", "first")),
    ("2", pgettext_lazy("weekday of the month", "second")),
    ("3", pgettext_lazy("weekday of the month", "third")),
    ("4", pgettext_lazy("weekday of the month", "fourth")),
    ("-1", pgettext_lazy("weekday of the month", "last")),
]
# The fields that say when a series meets: the preview needs these alone.
SCHEDULE_FIELDS = (
    "start_date",
    "start_time",
    "end_time",
    "timezone",
    "repeat_mode",
    "freq",
    "interval",
    "weekdays",
    "monthly_by",
    "month_day",
    "position",
    "position_weekday",
    "ends",
    "until",
    "count",
    "skip_dates",
    "rrule",
)


class SeriesEditorFields(forms.Form):
    """The editor's fields, mixed into a form that has start_date, start_time, timezone
    and rrule (the series' own, or the preview's)."""

    end_time = forms.TimeField(
        label=_("End time"),
        widget=widgets.AdminTimeWidget,
        help_text=_(
            "When each date ends. An end time earlier than the start time means the event "
            "ends after midnight, the next day."
        ),
    )
    repeat_mode = forms.ChoiceField(
        label=_("How to set the repeats"),
        choices=[
            (EDITOR, _("With the choices below")),
            (EXPERT, _("As a recurrence rule (RRULE, for experts)")),
        ],
        initial=EDITOR,
        widget=forms.RadioSelect,
    )
    freq = forms.ChoiceField(
        label=_("Repeats"),
        choices=[
            (repeats.DAILY, _("Daily")),
            (repeats.WEEKLY, _("Weekly")),
            (repeats.MONTHLY, _("Monthly")),
        ],
        initial=repeats.WEEKLY,
        required=False,
        widget=forms.RadioSelect,
    )
    interval = forms.IntegerField(
        label=_("Every how many days, weeks or months"),
        min_value=1,
        max_value=repeats.MAX_INTERVAL,
        initial=1,
        required=False,
        help_text=_("1: every time; 2: every other day, week or month; and so on."),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these weekdays (weekly)"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    monthly_by = forms.ChoiceField(
        label=_("Monthly on"),
        choices=[
            (repeats.BY_DATE, _("A date of the month, like the 15th")),
            (repeats.BY_WEEKDAY, _("A weekday of the month, like the second Wednesday")),
        ],
        initial=repeats.BY_DATE,
        required=False,
        widget=forms.RadioSelect,
    )
    month_day = forms.IntegerField(
        label=_("Day of the month"),
        min_value=1,
        max_value=31,
        required=False,
        help_text=_("Months without this day (a 31st, a 30th) are skipped."),
    )
    position = forms.ChoiceField(
        label=_("Which one"), choices=POSITION_CHOICES, initial="1", required=False
    )
    position_weekday = forms.ChoiceField(
        label=_("Weekday"), choices=WEEKDAY_CHOICES, initial="MO", required=False
    )
    ends = forms.ChoiceField(
        label=_("Ends"),
        choices=[
            (repeats.NEVER, _("Never")),
            (repeats.UNTIL, _("On a date")),
            (repeats.COUNT, _("After a number of times")),
        ],
        initial=repeats.NEVER,
        required=False,
        widget=forms.RadioSelect,
    )
    until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=widgets.AdminDateWidget,
        help_text=_("The series can meet on this date, and not after it."),
    )
    count = forms.IntegerField(
        label=_("Number of times"), min_value=1, max_value=MAX_OCCURRENCES, required=False
    )
    skip_dates = forms.CharField(
        label=_("Skip these dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 30}),
        help_text=_(
            "One date a line, like 2030-12-24: the series does not meet then. Residents who "
            "RSVPed for a date you skip are told it is cancelled."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rrule"].required = False
        self.fields["rrule"].help_text = _(
            "RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2WE. With the choices above, they write "
            "it when you save; choose “As a recurrence rule” to type your own."
        )
        self.schedule: dict | None = None  # once clean: what the preview needs

    def clean_skip_dates(self) -> list[dt.date]:
        text = self.cleaned_data.get("skip_dates") or ""
        field = forms.DateField()
        days = set()
        for piece in re.split(r"[\s,;]+", text.strip()):
            if not piece:
                continue
            try:
                days.add(field.to_python(piece))
            except ValidationError:
                raise ValidationError(
                    gettext("“%(value)s” is not a date: write dates like 2030-12-24, one a line.")
                    % {"value": piece[:40]}
                ) from None
        return sorted(days)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repeat_mode") == EXPERT:
            rule = rrule_normalize(cleaned.get("rrule") or "")
            try:
                rrule_parse(rule, start=dt.datetime(2000, 1, 1))
            except ValidationError as exc:
                self.add_error("rrule", exc)
                rule = None
        else:
            rule = self._editor_rule(cleaned)
        if rule:
            cleaned["rrule"] = rule
        duration = self._duration(cleaned)
        start_date, start_time = cleaned.get("start_date"), cleaned.get("start_time")
        zone = cleaned.get("timezone")
        if rule and duration and start_date and start_time and zone:
            self._check_dates(cleaned, rule, start_date, start_time)
        if not any(name in self.errors for name in SCHEDULE_FIELDS) and rule and duration:
            self.schedule = {
                "rule": rule,
                "start_date": start_date,
                "start_time": start_time,
                "duration": duration,
                "timezone": zone,
                "skipped": frozenset(cleaned.get("skip_dates") or ()),
            }
        return cleaned

    def _editor_rule(self, cleaned) -> str | None:
        freq = cleaned.get("freq")
        if not freq:
            self.add_error("freq", gettext("Choose daily, weekly or monthly."))
            return None
        ends = cleaned.get("ends") or repeats.NEVER
        values = {
            "freq": freq,
            "interval": cleaned.get("interval") or 1,
            "ends": ends,
        }
        before = len(self.errors)
        if freq == repeats.WEEKLY:
            if not cleaned.get("weekdays"):
                self.add_error("weekdays", gettext("Choose at least one weekday."))
            values["weekdays"] = tuple(cleaned.get("weekdays") or ())
        elif freq == repeats.MONTHLY:
            by = cleaned.get("monthly_by") or repeats.BY_DATE
            values["monthly_by"] = by
            if by == repeats.BY_WEEKDAY:
                if not cleaned.get("position") or not cleaned.get("position_weekday"):
                    self.add_error(
                        "position",
                        gettext("Choose which weekday of the month, like the second Wednesday."),
                    )
                else:
                    values["position"] = int(cleaned["position"])
                    values["position_weekday"] = cleaned["position_weekday"]
            elif not cleaned.get("month_day") and "month_day" not in self.errors:
                self.add_error("month_day", gettext("Enter the day of the month, 1 to 31."))
            else:
                values["month_day"] = cleaned.get("month_day")
        if ends == repeats.UNTIL:
            until, start = cleaned.get("until"), cleaned.get("start_date")
            if not until and "until" not in self.errors:
                self.add_error(
                    "until",
                    gettext("Enter the last date, or choose another way for the series to end."),
                )
            elif until and start and until < start:
                self.add_error(
                    "until", gettext("The last date is before the start date: choose a later one.")
                )
            values["until"] = until
        elif ends == repeats.COUNT:
            if not cleaned.get("count") and "count" not in self.errors:
                self.add_error("count", gettext("Enter how many times the series meets."))
            values["count"] = cleaned.get("count")
        if len(self.errors) > before or any(n in self.errors for n in ("interval", "until")):
            return None
        return repeats.rules_to_rrule(repeats.Rules(**values))

    def _duration(self, cleaned) -> dt.timedelta | None:
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start is None or end is None:
            return None
        if end == start:
            self.add_error(
                "end_time",
                gettext("The end time is the start time: enter when each date ends."),
            )
            return None
        day = dt.date(2000, 1, 1)
        duration = dt.datetime.combine(day, end) - dt.datetime.combine(day, start)
        if duration < dt.timedelta(0):
            duration += dt.timedelta(days=1)  # past midnight, as the help text says
        try:
            validate_series_duration(duration)
        except ValidationError as exc:
            self.add_error("end_time", exc)
            return None
        cleaned["duration"] = duration
        return duration

    def _check_dates(self, cleaned, rule, start_date, start_time) -> None:
        skipped = cleaned.get("skip_dates") or []
        until = max([start_date + dt.timedelta(days=3 * 366), *skipped])
        try:
            dates = occurrence_dates(
                rule=rule, start_date=start_date, start_time=start_time, until=until
            )
        except ValidationError as exc:
            self.add_error("rrule", exc)
            return
        if not dates:
            self.add_error(
                "rrule" if cleaned.get("repeat_mode") == EXPERT else "freq",
                gettext("This rule gives no dates in the three years after the start date."),
            )
            return
        # Dates skipped already stay (the rule may have moved off them since); a new one
        # must be a date the series meets on.
        known = set(self.skipped_before())
        wrong = [day for day in skipped if day not in known and day not in set(dates)]
        if wrong:
            self.add_error(
                "skip_dates",
                gettext(
                    "The series does not meet on %(date)s, so it cannot be skipped: check the "
                    "date against the preview."
                )
                % {"date": wrong[0].isoformat()},
            )

    def skipped_before(self) -> list[dt.date]:
        return []


class SeriesPreviewForm(SeriesEditorFields):
    """The live preview's query (a GET from static/js/series_editor.js)."""

    start_date = forms.DateField()
    start_time = forms.TimeField()
    timezone = forms.CharField(validators=[validate_timezone])
    rrule = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, skipped_before=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._skipped_before = list(skipped_before)

    def skipped_before(self) -> list[dt.date]:
        return self._skipped_before


def editor_initial(*, rule: str, start_date, start_time, duration, skipped) -> dict:
    """The editor's fields for a saved series (expert mode where the editor cannot say
    its rule)."""
    initial: dict = {
        "skip_dates": "\n".join(day.isoformat() for day in sorted(skipped)),
        "end_time": (dt.datetime.combine(start_date, start_time) + duration).time(),
    }
    rules = repeats.rrule_to_rules(rule, start_date=start_date, start_time=start_time)
    if rules is None:
        return {**initial, "repeat_mode": EXPERT}
    return {
        **initial,
        "repeat_mode": EDITOR,
        "freq": rules.freq,
        "interval": rules.interval,
        "weekdays": list(rules.weekdays),
        "monthly_by": rules.monthly_by,
        "month_day": rules.month_day or start_date.day,
        "position": str(rules.position or 1),
        "position_weekday": rules.position_weekday or repeats.WEEKDAYS[start_date.weekday()],
        "ends": rules.ends,
        "until": rules.until,
        "count": rules.count,
    }


def preview(schedule: dict, *, today: dt.date | None = None) -> dict:
    """What the page and the JSON show: the rule, the next dates as the coordinator reads
    them (in the series' zone, daylight-saving changes noted), whether there are more."""
    zone = schedule["timezone"]
    today = today or django_timezone.localdate(timezone=zoneinfo.ZoneInfo(zone))
    rows, more = repeats.preview_dates(
        rule=schedule["rule"],
        start_date=schedule["start_date"],
        start_time=schedule["start_time"],
        duration=schedule["duration"],
        timezone=zone,
        skipped=schedule["skipped"],
        after=today,
        limit=PREVIEW_LIMIT,
    )
    dates = []
    for row in rows:
        text = when_text(row.start, row.end, zone, year=True)
        if zone == settings.TIME_ZONE:
            text += f" {zone_text(row.start, zone)}"  # when_text names only other zones
        note = ""
        if row.zone_before is not None:
            note = gettext("clocks change: %(before)s → %(after)s") % {
                "before": zone_text(row.zone_before, zone),
                "after": zone_text(row.start, zone),
            }
        dates.append(
            {
                "date": row.day.isoformat(),
                "text": text,
                "note": note,
                "skipped": row.skipped,
                "skipped_text": gettext("skipped") if row.skipped else "",
            }
        )
    if not dates:
        summary = gettext("The series has no dates after today.")
    elif more:
        summary = ngettext(
            "The next date, in %(zone)s:", "The next %(count)d dates, in %(zone)s:", len(dates)
        ) % {
            "count": len(dates),
            "zone": zone,
        }
    else:
        summary = gettext("The last dates of the series, in %(zone)s:") % {"zone": zone}
    return {"rule": schedule["rule"], "summary": summary, "dates": dates, "more": more}
