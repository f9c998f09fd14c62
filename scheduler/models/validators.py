"""Limits and defaults the models share: time zones, reminder offsets, cutoffs, durations."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: names of a folder ("America") or too long for the file system.
        raise ValidationError(
            "“%(value)s” is not a known time zone; use a name like America/Los_Angeles.",
            params={"value": value},
        ) from None


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
        raise ValidationError("Enter a list of up to six numbers of minutes, e.g. [1440, 120].")
    for item in value:
        if (
            not isinstance(item, int)
            or isinstance(item, bool)
            or not 1 <= item <= MAX_REMINDER_OFFSET_MINUTES
        ):
            raise ValidationError(
                "Each reminder is a whole number of minutes before the start, from 1 to "
                f"{MAX_REMINDER_OFFSET_MINUTES} (30 days)."
            )
