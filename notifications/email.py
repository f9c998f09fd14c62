"""E-mail for notices: subject, text and HTML from one template per kind, .ics, one-click
unsubscribe; all of it in the resident's language, through the catalog."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from email.mime.image import MIMEImage
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import SafeMIMEMultipart
from django.template.loader import get_template
from django.utils import translation

from notifications import ics
from notifications.courses import COURSE_LAYOUTS, course_context
from notifications.links import link_urls, message_version
from notifications.models import Notification
from notifications.staff import staff_context, staff_language
from notifications.thanks import thank_you_context
from rsvp.door_code import door_code, door_code_png
from scheduler.feeds.languages import supported_language
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
# Which notices carry the door code (rsvp/door_code.py), a QR code to show at the door:
# those of a seat, and the reminder, the one opened on the way there.
DOOR_CODE_KINDS = {Kind.CONFIRMED, Kind.PROMOTED, Kind.REMINDER}


def door_code_cid(notice: Notification) -> str:
    """The Content-ID of the door code's image in this notice's HTML, or "" for none.

    Only for a seat that still stands when the notice is sent: a reminder to a waiting
    party, or a confirmation sent after a cancellation, has none.
    """
    rsvp = notice.rsvp
    if notice.kind not in DOOR_CODE_KINDS or rsvp is None:
        return ""
    if rsvp.status != rsvp.Status.CONFIRMED or notice.event.is_cancelled:
        return ""
    return f"door-code-{rsvp.pk}@porchlight"


class NoticeMessage(EmailMultiAlternatives):
    """A notice whose HTML shows images of its own (`related`: (Content-ID, PNG) pairs).

    They travel as multipart/related around the HTML (RFC 2387), inside the alternative,
    and the HTML points at them with cid: URLs: Gmail and Outlook show those, where they
    block data: URLs and, until the reader allows it, images from the web.
    """

    def __init__(self, *args, related=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.related = list(related)

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if not self.related or not msg.is_multipart():
            return msg
        parts = msg.get_payload()
        for index, part in enumerate(parts):
            if part.get_content_type() != "text/html":
                continue
            related = SafeMIMEMultipart(
                _subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET
            )
            related.attach(part)
            for cid, png in self.related:
                image = MIMEImage(png, "png")
                image.add_header("Content-ID", f"<{cid}>")
                image.add_header("Content-Disposition", "inline", filename="door-code.png")
                related.attach(image)
            parts[index] = related
        return msg


def _moment(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def changes_text(payload: dict) -> dict[str, list[str]]:
    """What changed, as the resident reads it in the active language: {"when": [old, new],
    "where": [old, new]}.

    The times are kept as moments (planning.change_payload) and written here, at send
    time, in the resident's language; a notice planned before that kept the text it was
    planned with ("when").
    """
    changes: dict[str, list[str]] = {}
    if payload.get("times"):
        changes["when"] = [
            when_text(_moment(start), _moment(end), tz) for start, end, tz in payload["times"]
        ]
    elif payload.get("when"):
        changes["when"] = list(payload["when"])
    if payload.get("where"):
        changes["where"] = list(payload["where"])
    return changes


def party_context(notice: Notification) -> dict:
    """A block party notice (National Night Out): the party and its visits as they stand
    when the notice is sent, so the host reads the latest, whatever was planned."""
    party = notice.party
    night = party.night_out
    visits = [
        {"when": when_text(v.start, v.end, night.timezone), "officer": v.officer}
        for v in party.visits.filter(cancelled_at__isnull=True).select_related("officer")
    ]
    return {
        "notice": notice,
        "kind": notice.kind,
        "party": party,
        "night_out": night,
        "when": when_text(night.start, night.end, night.timezone),
        "visits": visits,
        "site_url": settings.SITE_URL,
        **link_urls(notice),
    }


def volunteer_context(notice: Notification) -> dict:
    """A volunteer's notice (volunteers/): their role and the event, as they stand now."""
    signup = notice.volunteer
    role, event = signup.role, signup.role.event
    shift = when_text(role.shift_start, role.shift_end, event.timezone) if role.shift_start else ""
    return {
        "notice": notice,
        "kind": notice.kind,
        "signup": signup,
        "role": role,
        "event": event,
        "venue": event.venue,
        "when": when_text(event.start, event.end, event.timezone),
        "shift": shift,
        "site_url": settings.SITE_URL,
        **link_urls(notice),
    }


def context(notice: Notification) -> dict:
    """What the notice's templates show; dates are written in the active language."""
    if notice.party_id:
        return party_context(notice)
    if notice.volunteer_id:
        return volunteer_context(notice)
    if notice.application_id:
        return course_context(notice)
    event = notice.event
    if notice.is_staff_notice:
        return {
            "notice": notice,
            "kind": notice.kind,
            "event": event,
            "venue": event.venue,
            "host": event.host,
            "when": when_text(event.start, event.end, event.timezone),
            "site_url": settings.SITE_URL,
            **staff_context(notice),
        }
    offset = notice.offset_minutes or 0
    extra = thank_you_context(notice) if notice.kind == Kind.THANK_YOU else {}
    return {
        **extra,
        "notice": notice,
        "kind": notice.kind,
        "event": event,
        "venue": event.venue,
        "host": event.host,
        "attendee": notice.attendee,
        "rsvp": notice.rsvp,
        "when": when_text(event.start, event.end, event.timezone),
        "changes": changes_text(notice.payload) if notice.kind == Kind.EVENT_CHANGED else {},
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
        "door_code_cid": door_code_cid(notice),
        # An officer's message (followup/), in the language being rendered.
        "message": (
            message_version(notice.payload, translation.get_language())
            if notice.kind == Kind.ATTENDEE_MESSAGE
            else {}
        ),
        **link_urls(notice),
    }


def notice_language(notice: Notification) -> str:
    """The language chosen with the RSVP the notice is about (DESIGN.md rule 8).

    The site's default for a notice without an RSVP, or with a language the site no
    longer offers.
    """
    if notice.is_staff_notice:
        return staff_language(notice.user)
    chosen = notice.rsvp.language if notice.rsvp_id else ""
    if notice.party_id:
        chosen = notice.party.language
    if notice.volunteer_id:
        chosen = notice.volunteer.language
    if notice.application_id:
        chosen = notice.application.language
    return supported_language(chosen) or settings.LANGUAGE_CODE


# One template per kind of notice (notifications/email/<kind>.txt) gives the subject and
# the opening as blocks; these layouts around them make the subject, the text and the HTML.
LAYOUTS = {
    "subject": "notifications/email/_subject.txt",
    "text": "notifications/email/_base.txt",
    "html": "notifications/email/_base.html",
}
# Staff notices (proposals) have no RSVP: no manage or stop links, no door code.
STAFF_LAYOUTS = {
    "subject": "notifications/email/_subject.txt",
    "text": "notifications/email/_staff_base.txt",
    "html": "notifications/email/_staff_base.html",
}
# The thank-you after an event: no seat to manage, no door code; the next events instead.
THANKS_LAYOUTS = {
    "subject": "notifications/email/_subject.txt",
    "text": "notifications/email/_thanks_base.txt",
    "html": "notifications/email/_thanks_base.html",
}
# A block party's notices have no event, seat or reminders: layouts of their own.
PARTY_LAYOUTS = {
    "subject": "notifications/email/_subject.txt",
    "text": "notifications/email/_party_base.txt",
    "html": "notifications/email/_party_base.html",
}

VOLUNTEER_LAYOUTS = {
    "subject": "notifications/email/_subject.txt",
    "text": "notifications/email/_volunteer_base.txt",
    "html": "notifications/email/_volunteer_base.html",
}


def notice_parts(notice: Notification) -> dict[str, str]:
    """The subject, text and HTML of a notice, in the active language."""
    template = get_template(f"notifications/email/{notice.kind}.txt")
    ctx = context(notice)
    if notice.is_staff_notice:
        layouts = STAFF_LAYOUTS
    elif notice.party_id:
        layouts = PARTY_LAYOUTS
    elif notice.kind == Kind.THANK_YOU:
        layouts = THANKS_LAYOUTS
    elif notice.volunteer_id:
        layouts = VOLUNTEER_LAYOUTS
    elif notice.application_id:
        layouts = COURSE_LAYOUTS
    else:
        layouts = LAYOUTS
    parts = {name: template.render({**ctx, "layout": layout}) for name, layout in layouts.items()}
    # A subject is one line: a title with a line break must not inject headers.
    parts["subject"] = " ".join(parts["subject"].split())
    return parts


def notice_email(notice: Notification) -> EmailMultiAlternatives:
    """The message for a notice, all of it (the .ics too) in the resident's language.

    Rendered under translation.override, so the worker's own language (LANGUAGE_CODE,
    its locale) plays no part.
    """
    if notice.is_staff_notice:
        return _staff_email(notice)
    if notice.party_id:
        return party_email(notice)
    if notice.volunteer_id:
        # No calendar attachment nor stop link: a role is not a seat, nor a reminder.
        return _plain_email(notice, notice.volunteer.email)
    if notice.application_id:
        return _plain_email(notice, notice.application.email)
    attendee = notice.attendee
    rsvp = notice.rsvp
    method = ICS_METHOD.get(notice.kind)
    if notice.kind in ICS_CONFIRMED_ONLY and (rsvp is None or rsvp.status != rsvp.Status.CONFIRMED):
        method = None
    with translation.override(notice_language(notice)):
        parts = notice_parts(notice)
        invitation = (
            ics.invitation(
                event=notice.event,
                attendee=attendee,
                name=rsvp.name if rsvp else "",
                method=method,
            )
            if method
            else None
        )
    cid = door_code_cid(notice)
    message = NoticeMessage(
        related=[(cid, door_code_png(door_code(rsvp), scale=6))] if cid else (),
        subject=parts["subject"],
        body=parts["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[attendee.email],
        headers={
            "Message-ID": notice.message_id,
            # RFC 8058 one-click: mail apps POST "List-Unsubscribe=One-Click" to the URL.
            "List-Unsubscribe": f"<{link_urls(notice)['stop_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(parts["html"], "text/html")
    if invitation:
        part = MIMEText(invitation.decode(), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="event.ics")
        message.attach(part)
    return message


def _staff_email(notice: Notification) -> EmailMultiAlternatives:
    """A notice to a staff member about a proposal, in their language: no links of a
    resident's, nothing to unsubscribe from (it is part of their work)."""
    return _plain_email(notice, notice.user.email)


def party_email(notice: Notification) -> EmailMultiAlternatives:
    """A block party notice: to the host, in the language they registered in; no
    calendar attachment (the visits are the officers' appointments) and no stop link
    (these are not reminders)."""
    return _plain_email(notice, notice.party.email)


def _plain_email(notice: Notification, to: str) -> EmailMultiAlternatives:
    with translation.override(notice_language(notice)):
        parts = notice_parts(notice)
    message = EmailMultiAlternatives(
        subject=parts["subject"],
        body=parts["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": notice.message_id, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(parts["html"], "text/html")
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
