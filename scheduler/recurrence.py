"""RRULE parsing and occurrence dates for event series (RFC 5545, via python-dateutil).

Occurrences are computed in local wall time and only then given the series' zone, so
a 6:30 pm meeting stays at 6:30 pm across daylight-saving changes.
"""

import datetime as dt
import zoneinfo

from dateutil import rrule as du_rrule
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A series names its occurrences by local date, so it may repeat at most once a day.
ALLOWED_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
MAX_OCCURRENCES = 2000


def rrule_normalize(value: str) -> str:
    """Strip an optional "RRULE:" prefix and whitespace; upper-case the rule."""
    rule = (value or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    return rule.strip().upper()


def rrule_parse(value: str, *, start: dt.datetime) -> du_rrule.rrule:
    """Parse and check a rule; raise ValidationError with a message a coordinator can act on."""
    rule = rrule_normalize(value)
    if not rule:
        # Translators: FREQ, BYDAY, COUNT, UNTIL, RRULE… are RFC 5545 keywords that a
        # coordinator types as they are: keep them, and examples such as FREQ=WEEKLY;BYDAY=TU.
        raise ValidationError(_("Enter a recurrence rule, for example FREQ=WEEKLY;BYDAY=TU."))
    if "\n" in rule or "DTSTART" in rule or "EXDATE" in rule or "RDATE" in rule:
        raise ValidationError(
            _(
                "Enter only the RRULE part (like FREQ=WEEKLY;BYDAY=TU); the start comes from the "
                "series' start date and time."
            )
        )
    parts = dict(part.partition("=")[::2] for part in rule.split(";") if part)
    freq = parts.get("FREQ")
    if not freq:
        raise ValidationError(_("The rule needs a FREQ, for example FREQ=WEEKLY;BYDAY=TU."))
    if freq not in ALLOWED_FREQS:
        raise ValidationError(
            _(
                "A series can repeat daily, weekly, monthly or yearly "
                "(FREQ=%(freq)s is not allowed)."
            ),
            params={"freq": freq},
        )
    if {"BYHOUR", "BYMINUTE", "BYSECOND"} & parts.keys():
        raise ValidationError(
            _(
                "Leave the time out of the rule (no BYHOUR, BYMINUTE or BYSECOND): the series' "
                "start time sets it, and a series meets at most once a day."
            )
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError(_("Use COUNT or UNTIL in the rule, not both."))
    if "UNTIL" in parts and parts["UNTIL"].endswith("Z"):
        # dateutil refuses a UTC UNTIL with a floating start; read it as a local date.
        rule = rule.replace(parts["UNTIL"], parts["UNTIL"][:-1])
    try:
        parsed = du_rrule.rrulestr(rule, dtstart=start)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(
            _("This is not a valid recurrence rule (%(error)s). Example: FREQ=MONTHLY;BYDAY=1TH."),
            params={"error": str(exc) or exc.__class__.__name__},
        ) from None
    if not isinstance(parsed, du_rrule.rrule):
        raise ValidationError(_("Enter a single recurrence rule."))
    return parsed


def occurrence_dates(
    *, rule: str, start_date: dt.date, start_time: dt.time, until: dt.date
) -> list[dt.date]:
    """Local dates on which the series occurs, from its start up to and including `until`."""
    start = dt.datetime.combine(start_date, start_time)
    parsed = rrule_parse(rule, start=start)
    end = dt.datetime.combine(until, dt.time.max)
    dates: list[dt.date] = []
    for occurrence in parsed.xafter(start, inc=True):
        if occurrence > end or len(dates) >= MAX_OCCURRENCES:
            break
        if not dates or dates[-1] != occurrence.date():
            dates.append(occurrence.date())
    return dates


def local_datetime(day: dt.date, time: dt.time, tz: str) -> dt.datetime:
    """The aware start of an occurrence: the wall time on that day in the zone.

    A wall time that does not exist (inside a spring-forward gap) is read with the
    offset in force before the gap, as RFC 5545 section 3.3.5 asks.
    """
    return dt.datetime.combine(day, time).replace(tzinfo=zoneinfo.ZoneInfo(tz), fold=0)
