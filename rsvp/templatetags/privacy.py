"""The plain-language notice on every RSVP form: what is asked, why, who sees it, how long.

Rendered in the resident's language (the one their browser asks for, as the RSVP will
remember it): templates/rsvp/privacy/<language>/notice.html where a translation exists,
else the English one (whose sentences are also marked for gettext).
"""

from django import template
from django.conf import settings
from django.template.loader import select_template
from django.utils import translation

register = template.Library()


def resident_language(request) -> str:
    if request is None:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request)


@register.simple_tag(takes_context=True)
def privacy_notice(context, event, what: str = "rsvp") -> str:
    """`what`: "rsvp" (the RSVP form, in the event's mode) or "email" (an e-mail address
    added to a head-count RSVP)."""
    language = resident_language(context.get("request"))
    with translation.override(language):
        notice = select_template(
            [f"rsvp/privacy/{language}/notice.html", "rsvp/privacy/notice.html"]
        )
        return notice.render(
            {
                "what": what,
                "headcount": event.is_headcount,
                "retention_days": event.program.retention_days_in_force,
                "language": language,
            }
        )
