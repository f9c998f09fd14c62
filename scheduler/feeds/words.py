"""The words calendar apps show with an event, besides its own: a cancelled event's
prefix and the fixed lines of its description, in the active language (the feed's, or the
resident's for an e-mailed invitation)."""

from django.utils.translation import gettext, pgettext


def cancelled_summary(title: str) -> str:
    # Translators: the title of a cancelled event in calendar apps.
    return gettext("Cancelled: %(title)s") % {"title": title}


def event_description(event, url: str, *, cancelled: bool, tentative: bool) -> str:
    """The DESCRIPTION: status, the event's own text, who hosts it, access, the link."""
    parts = []
    if cancelled:
        if event.cancellation_reason:
            parts.append(
                gettext("This event is cancelled. %(reason)s")
                % {"reason": event.cancellation_reason}
            )
        else:
            parts.append(gettext("This event is cancelled."))
    elif tentative:
        parts.append(gettext("You are on the waitlist: we e-mail you if a seat opens."))
    if event.description:
        parts.append(event.description.strip())
    partners = [p.name for p in event.partners.all()]
    if partners:
        # Translators: what separates the names of an event's partner organizations.
        separator = pgettext("list of names", ", ")
        parts.append(
            gettext("Hosted by %(host)s with %(partners)s.")
            % {"host": event.host.name, "partners": separator.join(partners)}
        )
    else:
        parts.append(gettext("Hosted by %(host)s.") % {"host": event.host.name})
    if event.venue.accessibility_notes:
        parts.append(
            gettext("Accessibility: %(notes)s") % {"notes": event.venue.accessibility_notes.strip()}
        )
    parts.append(gettext("Details and RSVP: %(url)s") % {"url": url})
    return "\n\n".join(parts)
