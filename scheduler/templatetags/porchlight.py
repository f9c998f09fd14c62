"""Template filters for how residents read times, in their language: "Tue, Dec 2 · 6:30–7:30 PM"."""

from django import template

from scheduler.when import long_day_text, when_text

register = template.Library()


@register.filter
def event_when(event) -> str:
    return when_text(event.start, event.end, event.timezone)


@register.filter
def event_date(event) -> str:
    return long_day_text(event.start, event.timezone)
