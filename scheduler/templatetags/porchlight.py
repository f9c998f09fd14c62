"""Template filters for how residents read times, in their language: "Tue, Dec 2 · 6:30–7:30 PM"."""

from django import template
from django.utils.translation import pgettext

from scheduler.when import day_text, long_day_text, time_text, when_text

register = template.Library()


@register.filter
def event_when(event) -> str:
    return when_text(event.start, event.end, event.timezone)


@register.filter
def event_date(event) -> str:
    return long_day_text(event.start, event.timezone)


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
