"""Template filters for the officer pages, in the officer's language."""

from django import template
from django.conf import settings
from django.utils.translation import gettext_noop, ngettext

from scheduler.permissions import is_partner_staff, may_review
from scheduler.when import time_text

register = template.Library()

# Django's `language_name_translated` translates a language's English name through the
# catalogs; Django's own have none for these two, so ours must.
gettext_noop("Tagalog")
gettext_noop("Hmong")


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
def counts_to(size) -> range:
    """1 to `size`: the choices of "How many arrived?" for a party."""
    return range(1, int(size) + 1)


@register.filter
def event_hours(event) -> str:
    """Start and end times in the event's zone: "6:30 PM – 7:30 PM"."""
    return f"{clock_at(event.start, event)} – {clock_at(event.end, event)}"


@register.filter
def language_local(code: str) -> str:
    """A language named in itself, as the switcher names it ("Español", "ਪੰਜਾਬੀ"):
    settings.LANGUAGES, where Django's own table has "Punjabi" and "español"."""
    return dict(settings.LANGUAGES).get(code, code)


@register.filter
def uses_proposals(user) -> bool:
    """Whether the officer pages link to the proposals (partner staff, coordinators).

    The door's kept shell is rendered with no request (rsvp/officers/door_pages.py): no
    user then, and no link (the shell carries no officer's name or role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_partner_staff(user) or may_review(user)
