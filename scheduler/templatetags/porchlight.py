"""Template filters for how residents read times: "Tue, Dec 2 · 6:30–7:30 PM"."""

from django import template
from django.utils import timezone

from scheduler.when import when_text

register = template.Library()


@register.filter
def event_when(event) -> str:
    return when_text(event.start, event.end, event.timezone)


@register.filter
def event_date(event) -> str:
    start = timezone.localtime(event.start, event.tzinfo)
    return f"{start:%A, %B} {start.day}, {start.year}"
