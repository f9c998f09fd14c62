"""Template filters for the officer pages, in the officer's language."""

from django import template
from django.utils.translation import ngettext

from scheduler.when import time_text

register = template.Library()


@register.filter
def clock_at(value, event) -> str:
    """A time of day in the event's zone, as "6:42 PM" (empty for no value)."""
    if not value:
        return ""
    return time_text(value, event.timezone)


@register.filter
def people(count) -> str:
    return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}


@register.filter
def event_hours(event) -> str:
    """Start and end times in the event's zone: "6:30 PM – 7:30 PM"."""
    return f"{clock_at(event.start, event)} – {clock_at(event.end, event)}"
