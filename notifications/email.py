"""E-mail for notices: text + HTML from templates/notifications/, .ics, one-click unsubscribe."""

import contextlib
from collections.abc import Iterator
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import select_template
from django.utils import translation

from notifications import ics
from notifications.links import link_urls
from notifications.models import Notification
from scheduler.when import when_text

Kind = Notification.Kind

# Which notices put the event in the resident's calendar, and how.
ICS_METHOD = {
    Kind.CONFIRMED: ics.REQUEST,
    Kind.PROMOTED: ics.REQUEST,
    Kind.EVENT_CHANGED: ics.REQUEST,
    Kind.CANCELLED: ics.CANCEL,
    Kind.EVENT_CANCELLED: ics.CANCEL,
    Kind.EVENT_REINSTATED: ics.REQUEST,
}
# Told to waiting residents too, but only a confirmed seat goes in their calendar.
ICS_CONFIRMED_ONLY = {Kind.EVENT_CHANGED, Kind.EVENT_REINSTATED}


def context(notice: Notification) -> dict:
    event = notice.event
    offset = notice.offset_minutes or 0
    return {
        "notice": notice,
        "kind": notice.kind,
        "event": event,
        "venue": event.venue,
        "host": event.host,
        "attendee": notice.attendee,
        "rsvp": notice.rsvp,
        "when": when_text(event.start, event.end, event.timezone),
        "changes": notice.payload if notice.kind == Kind.EVENT_CHANGED else {},
        # Notices planned before the reason was kept with them fall back to the event's.
        "reason": (
            notice.payload.get("reason", event.cancellation_reason)
            if notice.kind == Kind.EVENT_CANCELLED
            else ""
        ),
        "offset_days": offset // 1440 if offset % 1440 == 0 else None,
        "offset_hours": offset // 60 if offset % 60 == 0 and offset < 1440 else None,
        "offset_minutes": offset,
        "site_url": settings.SITE_URL,
        **link_urls(notice),
    }


def notice_language(notice: Notification) -> str:
    """The language chosen with the RSVP the notice is about (DESIGN.md rule 8)."""
    return (notice.rsvp.language if notice.rsvp_id else "") or settings.LANGUAGE_CODE


def _render(name: str, language: str, ctx: dict) -> str:
    template = select_template(
        [f"notifications/email/{language}/{name}", f"notifications/email/{name}"]
    )
    return template.render(ctx)


def notice_email(notice: Notification) -> EmailMultiAlternatives:
    """The message for a notice, in the resident's language where a translation exists."""
    attendee = notice.attendee
    language = notice_language(notice)
    with translation.override(language):
        ctx = context(notice)
        ctx["lead"] = select_template(
            [f"notifications/email/{language}/_lead.txt", "notifications/email/_lead.txt"]
        ).template
        # A subject is one line: a title with a line break must not inject headers.
        subject = " ".join(_render("subject.txt", language, ctx).split())
        text = _render("message.txt", language, ctx)
        html = _render("message.html", language, ctx)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[attendee.email],
        headers={
            "Message-ID": notice.message_id,
            # RFC 8058 one-click: mail apps POST "List-Unsubscribe=One-Click" to the URL.
            "List-Unsubscribe": f"<{ctx['stop_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    method = ICS_METHOD.get(notice.kind)
    rsvp = notice.rsvp
    if notice.kind in ICS_CONFIRMED_ONLY and (rsvp is None or rsvp.status != rsvp.Status.CONFIRMED):
        method = None
    if method:
        # The calendar entry in the resident's language as well: the event's title and
        # description in it (scheduler/translation.py).
        with translation.override(language):
            invitation = ics.invitation(
                event=notice.event,
                attendee=attendee,
                name=rsvp.name if rsvp else "",
                method=method,
            )
        part = MIMEText(invitation.decode(), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="event.ics")
        message.attach(part)
    return message


@contextlib.contextmanager
def mail_connection() -> Iterator[BaseEmailBackend]:
    """An open connection to the mail server, closed (SMTP QUIT) when the block ends.

    The caller records "sent" inside the block: the server took the message when it
    answered the data, and waiting for its goodbye first would only widen the moment
    in which a crash leaves a delivered notice unrecorded, to be sent again.
    """
    connection = get_connection(fail_silently=False)
    connection.open()
    try:
        yield connection
    finally:
        # The outcome is recorded by now; a failed goodbye changes nothing about it.
        with contextlib.suppress(Exception):
            connection.close()
