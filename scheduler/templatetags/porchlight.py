"""Template filters for how residents read times, in their language: "Tue, Dec 2 · 6:30–7:30 PM".

Every date or time a page shows goes through these (scheduler.when, under the active
language): `{{ event|event_when }}`, `{{ event|event_date }}`, and for any other moment
`{{ value|day:event.timezone }}`, `{{ value|day_year:event.timezone }}`,
`{{ value|clock:event.timezone }}` (without a zone: the department's own). Lists of names
("A, B and C") as the language joins them: `{{ event.partners.all|names }}`.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from babel import UnknownLocaleError
from babel.lists import format_list
from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from scheduler.when import CLDR_LOCALES, day_text, long_day_text, time_text, when_text, zone_name

register = template.Library()


@register.filter
def event_when(event) -> str:
    return when_text(event.start, event.end, event.timezone)


@register.filter
def event_when_with_year(event) -> str:
    return when_text(event.start, event.end, event.timezone, year=True)


@register.filter
def event_zone_name(event) -> str:
    return zone_name(event.timezone)


@register.filter
def event_date(event) -> str:
    return long_day_text(event.start, event.timezone)


def _moment(value, tz_name: str | None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    # A calendar day (a report's range) has no time: noon of that day in the zone keeps it
    # the same day whatever the zone's offset or a change of clocks.
    return dt.datetime.combine(value, dt.time(12), tzinfo=ZoneInfo(tz_name or settings.TIME_ZONE))


@register.filter
def day(value, tz_name: str | None = None) -> str:
    """ "Wed, Dec 2"; empty for no value."""
    return day_text(_moment(value, tz_name), tz_name) if value else ""


@register.filter
def day_year(value, tz_name: str | None = None) -> str:
    """ "Wed, Dec 2, 2026"; empty for no value."""
    return day_text(_moment(value, tz_name), tz_name, year=True) if value else ""


@register.filter
def clock(value, tz_name: str | None = None) -> str:
    """ "6:42 PM", "18:42"; empty for no value."""
    return time_text(value, tz_name) if value else ""


@register.filter
def names(values) -> str:
    """The names of these objects (or these strings) as the language lists them: "A, B, and
    C", "A、B和C" (CLDR, through Babel; a plain comma where CLDR has no data, as for Hmong)."""
    items = [str(getattr(value, "name", value)) for value in values]
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return format_list(items, locale=CLDR_LOCALES.get(language, language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return ", ".join(items)


@register.filter
def moment_text(value) -> str:
    """A moment in the site's zone, with the year: "Wed, Dec 2, 2026, 6:30 PM"."""
    if not value:
        return ""
    # Translators: a day and a time of day, e.g. "Wed, Dec 2, 2026, 6:30 PM".
    return pgettext("day and time", "%(day)s, %(time)s") % {
        "day": day_text(value, year=True),
        "time": time_text(value),
    }
