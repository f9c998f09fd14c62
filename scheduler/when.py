"""How residents read an event's time, in their own language and the event's own zone.

"Wed, Dec 2 · 6:30 – 7:30 PM" in English, "mié, 2 de dic · 6:30–7:30 p.m." in Spanish,
"12月2日周三 · 18:30–19:30" in Chinese: the patterns and words are CLDR's, through Babel,
for the active language (django.utils.translation), so no month name or word order is
written here. A language CLDR has no data for (Hmong) falls back to Django's own date
formatting: its patterns from config/formats/<code>/ and its month and weekday names from
our catalogs (config/calendar_words.py).

A plain module (no template machinery), used by the template filters in
templatetags/porchlight.py, by notices (e-mail, text messages, "what changed") and by
refusals that name a day ("RSVPs open on …").
"""

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from django.conf import settings
from django.utils import dateformat, formats, timezone, translation

# Django's language code → the CLDR locale residents of a US city read. Spanish as written
# in the United States ("p.m."), Punjabi in Gurmukhi, Tagalog as CLDR's Filipino.
CLDR_LOCALES = {
    "en": "en_US",
    "es": "es_US",
    "zh-hans": "zh_Hans",
    "zh-hant": "zh_Hant",
    "pa": "pa_Guru",
    "tl": "fil",
}


@functools.cache
def _locale(language: str) -> Locale | None:
    code = CLDR_LOCALES.get(language, language.replace("-", "_"))
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def _current_locale() -> Locale | None:
    return _locale(translation.get_language() or settings.LANGUAGE_CODE)


# CLDR spaces with thin (U+2009) and narrow no-break (U+202F) spaces. Text messages would
# leave GSM-7 for them (half the characters per message) and some mail fonts draw boxes:
# plain spaces, and no space around a range's dash ("6:30–7:30 PM").
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def _plain(text: str) -> str:
    return text.replace("\u2009–\u2009", "–").replace("\u2009", " ").translate(_SPACES)


def _local(value: dt.datetime, tz_name: str | None) -> dt.datetime:
    return timezone.localtime(value, ZoneInfo(tz_name or settings.TIME_ZONE))


def _hour_skeleton(locale: Locale) -> str:
    """The clock the language reads: 'hm' (6:30 PM) or 'Hm' (18:30), from its own short time.

    Where the 12-hour form needs CLDR's flexible day periods ("B": 晚上6:30, Traditional
    Chinese), the 24-hour form is used: Babel cannot yet write "B" in a range.
    """
    if "H" in locale.time_formats["short"].pattern:
        return "Hm"
    return "Hm" if "B" in str(locale.datetime_skeletons.get("hm", "")) else "hm"


def day_text(value: dt.datetime, tz_name: str | None = None, *, year: bool = False) -> str:
    """A day as residents read it: "Wed, Dec 2" ("Wed, Dec 2, 2026" with the year)."""
    local = _local(value, tz_name)
    locale = _current_locale()
    if locale is None:
        pattern = formats.get_format("DATE_FORMAT" if year else "MONTH_DAY_FORMAT")
        return dateformat.format(local, "D, " + pattern)
    return _plain(babel_dates.format_skeleton("yMMMEd" if year else "MMMEd", local, locale=locale))


def long_day_text(value: dt.datetime, tz_name: str | None = None) -> str:
    """A day in full, with the year: "Wednesday, December 2, 2026"."""
    local = _local(value, tz_name)
    locale = _current_locale()
    if locale is None:
        return dateformat.format(local, "l, " + formats.get_format("DATE_FORMAT"))
    return _plain(babel_dates.format_date(local.date(), "full", locale=locale))


def month_text(value: dt.datetime, tz_name: str | None = None) -> str:
    """A month with its year, for reports: "October 2025", "octubre de 2025", "2025年10月"."""
    local = _local(value, tz_name)
    locale = _current_locale()
    if locale is None:
        return dateformat.format(local, formats.get_format("YEAR_MONTH_FORMAT"))
    return _plain(babel_dates.format_skeleton("yMMMM", local, locale=locale))


def time_text(value: dt.datetime, tz_name: str | None = None) -> str:
    """A time of day: "6:30 PM", "18:30"."""
    local = _local(value, tz_name)
    locale = _current_locale()
    if locale is None:
        return dateformat.format(local, formats.get_format("TIME_FORMAT"))
    return _plain(babel_dates.format_skeleton(_hour_skeleton(locale), local, locale=locale))


def zone_text(value: dt.datetime, tz_name: str) -> str:
    """The zone's short name as the language writes it ("PST", "GMT-8")."""
    local = _local(value, tz_name)
    locale = _current_locale()
    if locale is None:
        return local.strftime("%Z")
    return _plain(babel_dates.format_datetime(local, "z", locale=locale))


def zone_name(tz_name: str) -> str:
    """The zone's generic name as the language says it ("Pacific Time", "hora del Pacífico");
    the zone's id where the language has no CLDR data."""
    locale = _current_locale()
    if locale is None:
        return tz_name
    return _plain(babel_dates.get_timezone_name(ZoneInfo(tz_name), "long", locale=locale))


def when_text(start: dt.datetime, end: dt.datetime, tz_name: str, *, year: bool = False) -> str:
    """A start–end range in the event's own zone, as a resident reads it (the event page
    names the year: a link shared in December is read in January).

    The zone is named only when it is not the department's own (TIME_ZONE): a resident
    reads local times as local.
    """
    start, end = _local(start, tz_name), _local(end, tz_name)
    locale = _current_locale()
    if start.date() == end.date():
        if locale is None:
            hours = f"{time_text(start, tz_name)}–{time_text(end, tz_name)}"
        else:
            skeleton = _hour_skeleton(locale)
            hours = _plain(babel_dates.format_interval(start, end, skeleton, locale=locale))
        text = f"{day_text(start, tz_name, year=year)} · {hours}"
    else:
        # Day and time joined as the language joins them ("{1}, {0}" in English, "{1} {0}"
        # in Chinese): CLDR has no range pattern for days with times.
        glue = str(locale.datetime_formats["short"]) if locale else "{1}, {0}"

        def moment(value: dt.datetime) -> str:
            day, time = day_text(value, tz_name, year=year), time_text(value, tz_name)
            return glue.replace("{1}", day).replace("{0}", time)

        text = f"{moment(start)} – {moment(end)}"
    if tz_name != settings.TIME_ZONE:
        text += f" {zone_text(start, tz_name)}"
    return text


def week_end(day: dt.date) -> dt.date:
    """The last day of `day`'s week as the viewer's language counts weeks in CLDR (Saturday
    in the United States, English and Spanish alike; Sunday where weeks start on Monday)."""
    locale = _current_locale()
    first = locale.first_week_day if locale else 6  # Sunday, as in the United States
    return day + dt.timedelta(days=(first - 1 - day.weekday()) % 7)
