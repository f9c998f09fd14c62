"""Limits and defaults the models share: text, dates, time zones, reminder offsets,
cutoffs, durations."""

import datetime as dt
import functools
import unicodedata
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The IANA areas (tzdata's continents and oceans). Outside them the database keeps
# back-compatible links ("US/Pacific"), fixed offsets with inverted signs ("Etc/GMT+5"),
# rules without a place ("EST5EDT") and files that are not zones at all ("localtime",
# "Factory", "posixrules"): none of them is where an event happens.
TIMEZONE_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@functools.cache
def timezone_names() -> frozenset[str]:
    """The time zones an event may be in: IANA area zones, and UTC."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name.partition("/")[0] in TIMEZONE_AREAS and "/" in name
    ) | {"UTC"}


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone; use a name like America/Los_Angeles."),
            params={"value": value[:80]},
            code="timezone",
        )


# Tab, line feed and carriage return: the only control characters a text block may hold.
_BLOCK_CONTROLS = frozenset("\t\n\r")


def _controls(value: str, allowed: frozenset[str] = frozenset()) -> bool:
    return any(
        unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029"
        for char in value
        if char not in allowed
    )


def validate_text_line(value: str) -> None:
    """A title or a name: one line, no control characters (a CR/LF would end an iCal
    property; a NUL cannot be stored)."""
    if _controls(value):
        raise ValidationError(
            _("Use one line of plain text: no line breaks, tabs or control characters."),
            code="control_characters",
        )


def validate_text_block(value: str) -> None:
    """A description: line breaks and tabs allowed, other control characters not."""
    if _controls(value, _BLOCK_CONTROLS):
        raise ValidationError(
            _("Use plain text: line breaks are fine, control characters are not."),
            code="control_characters",
        )


# Dates a calendar client, the database and the iCal builder all agree on; nothing the
# programs schedule is outside them.
FIRST_YEAR = 2000
LAST_YEAR = 2100

DATE_OUT_OF_RANGE = _("Choose a date from the year %(first)d to %(last)d.")


def validate_event_date(value: dt.date) -> None:
    """A day in range; for a moment, the day in UTC (an event's local date may be a
    day off at the very ends, which does not matter)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            DATE_OUT_OF_RANGE,
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
            code="date_range",
        )


def default_timezone() -> str:
    return settings.TIME_ZONE


def default_reminder_offsets() -> list[int]:
    return [24 * 60, 2 * 60]


MAX_CUTOFF_MINUTES = 14 * 24 * 60


# One occurrence of a series lasts at most a day: a series repeats at most daily, and
# occurrences are named by their local date.
MAX_SERIES_DURATION = dt.timedelta(hours=24)


DURATION_TOO_SHORT = _("The duration must be longer than zero, e.g. 1:30:00.")


DURATION_TOO_LONG = _("One occurrence can last at most 24 hours.")


MAX_REMINDER_OFFSET_MINUTES = 30 * 24 * 60


def validate_series_duration(value: dt.timedelta) -> None:
    if value <= dt.timedelta(0):
        raise ValidationError(DURATION_TOO_SHORT, code="duration")
    if value > MAX_SERIES_DURATION:
        raise ValidationError(DURATION_TOO_LONG, code="duration")


def validate_reminder_offsets(value) -> None:
    if not isinstance(value, list) or len(value) > 6:
        raise ValidationError(
            _("Enter a list of up to six numbers of minutes, e.g. [1440, 120]."),
            code="reminder_offsets",
        )
    for item in value:
        if (
            not isinstance(item, int)
            or isinstance(item, bool)
            or not 1 <= item <= MAX_REMINDER_OFFSET_MINUTES
        ):
            raise ValidationError(
                _(
                    "Each reminder is a whole number of minutes before the start, from 1 to "
                    "%(max)d (30 days)."
                ),
                params={"max": MAX_REMINDER_OFFSET_MINUTES},
                code="reminder_offsets",
            )
