"""Template filters for the officer pages."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def clock_at(value, event) -> str:
    """A time of day in the event's zone, as "6:42 PM" (empty for no value)."""
    if not value:
        return ""
    local = timezone.localtime(value, event.tzinfo)
    return f"{local.hour % 12 or 12}:{local.minute:02d} {local:%p}"


@register.filter
def people(count) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


@register.filter
def event_hours(event) -> str:
    """Start and end times in the event's zone: "6:30 PM – 7:30 PM"."""
    return f"{clock_at(event.start, event)} – {clock_at(event.end, event)}"
