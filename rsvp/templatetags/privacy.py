"""The plain-language notice on every RSVP form: what is asked, why, who sees it, how long.

One template (rsvp/privacy/notice.html) translated through the catalog, rendered under
the active language: the language of the page, which is the one the RSVP will remember
(rsvp.views.event.rsvp_submit stores it).
"""

from django import template
from django.template.loader import render_to_string
from django.utils import translation

register = template.Library()


@register.simple_tag
def privacy_notice(event, what: str = "rsvp") -> str:
    """`what`: "rsvp" (the RSVP form, in the event's mode) or "email" (an e-mail address
    added to a head-count RSVP)."""
    return render_to_string(
        "rsvp/privacy/notice.html",
        {
            "what": what,
            "headcount": event.is_headcount,
            "retention_days": event.program.retention_days_in_force,
            "language": translation.get_language(),
        },
    )
