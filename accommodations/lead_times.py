"""How much notice each kind of accommodation needs (hours before the event starts).

Interpreters are booked from agencies that ask for three days; childcare, a hearing loop
and large print take two days to set up; a wheelchair space or "something else" a day.
settings.ACCOMMODATION_LEAD_HOURS (env ACCOMMODATION_LEAD_HOURS="asl=96,childcare=72")
overrides any of them; the kinds it does not name keep these.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accommodations.models import Kind

DEFAULT_LEAD_HOURS = {
    Kind.ASL: 72,
    Kind.INTERPRETER: 72,
    Kind.CHILDCARE: 48,
    Kind.HEARING_LOOP: 48,
    Kind.LARGE_PRINT: 48,
    Kind.WHEELCHAIR: 24,
    Kind.OTHER: 24,
}


def lead_hours_parse(raw: str | dict) -> dict[str, int]:
    """ "asl=96, childcare=72" (or a dict) as {kind: hours}; a wrong kind or hour count is
    refused at start-up with what to write instead."""
    if isinstance(raw, dict):
        items = list(raw.items())
    else:
        items = []
        for part in filter(None, (p.strip() for p in raw.split(","))):
            kind, sep, hours = part.partition("=")
            if not sep:
                raise ImproperlyConfigured(
                    f"ACCOMMODATION_LEAD_HOURS: {part!r} is not kind=hours (e.g. asl=96)."
                )
            items.append((kind.strip(), hours.strip()))
    parsed = {}
    for kind, hours in items:
        if kind not in Kind.values:
            raise ImproperlyConfigured(
                f"ACCOMMODATION_LEAD_HOURS: unknown kind {kind!r}; one of {', '.join(Kind.values)}."
            )
        try:
            value = int(hours)
        except (TypeError, ValueError):
            value = -1
        if value < 0:
            raise ImproperlyConfigured(
                f"ACCOMMODATION_LEAD_HOURS: {kind}={hours!r} is not a whole number of hours."
            )
        parsed[kind] = value
    return parsed


def lead_hours(kind: str) -> int:
    overrides = lead_hours_parse(getattr(settings, "ACCOMMODATION_LEAD_HOURS", "") or "")
    return overrides.get(kind, DEFAULT_LEAD_HOURS[kind])
