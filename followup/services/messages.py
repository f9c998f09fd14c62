"""Messages to an event's attendees: who may send them, who gets them, sending them once.

A message is one AttendeeMessage row (the log staff see) and one outbox row per resident
and channel, whose dedupe key names the message and the RSVP: a double submit (the same
client key) returns the message already sent, and the outbox sends each row once. The
resident reads the version in the language of their RSVP, else the message's default one.
Residents who stopped reminders (the stop link in every notice) get no messages either.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from followup.errors import FollowupError
from followup.models import AttendeeMessage
from notifications.enqueue import sends_enqueue
from notifications.models import Notification
from rsvp.models import Rsvp
from scheduler.locking import event_locked
from scheduler.models import Event
from scheduler.permissions import is_coordinator

Kind = Notification.Kind
Channel = Notification.Channel
Audience = AttendeeMessage.Audience

SUBJECT_MAX = 150
BODY_MAX = 5000


def may_message(user, event: Event) -> bool:
    """Coordinators, and the officers assigned to the event (not partner staff)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_coordinator(user) or event.officers.filter(pk=user.pk).exists()


def message_audience(event: Event, audience: str) -> QuerySet[Rsvp]:
    """The RSVPs a message to `audience` reaches: residents with a mailbox who did not
    stop reminders (head counts have nobody to tell)."""
    rsvps = Rsvp.objects.filter(
        event_id=event.pk, attendee__isnull=False, attendee__reminders_enabled=True
    )
    if audience == Audience.CONFIRMED:
        return rsvps.confirmed()
    if audience == Audience.WAITLISTED:
        return rsvps.filter(status=Rsvp.Status.WAITLISTED)
    if audience == Audience.CHECKED_IN:
        return rsvps.confirmed().filter(checked_in_at__isnull=False)
    if audience == Audience.ALL:
        return rsvps.active()
    raise FollowupError(
        gettext("Please choose who the message is for."), code="unknown_audience", field="audience"
    )


def message_recipient_count(event: Event, audience: str) -> int:
    return message_audience(event, audience).count()


def message_versions_clean(versions: dict, language: str) -> dict[str, dict[str, str]]:
    """The versions as sent: known languages only, each with a subject and a text, and one
    in the default language. Raises FollowupError naming what to fix."""
    known = dict(settings.LANGUAGES)
    cleaned: dict[str, dict[str, str]] = {}
    if not isinstance(versions, dict):
        versions = {}
    for code, version in versions.items():
        if code not in known:
            raise FollowupError(
                gettext("Please write the message in one of the site's languages."),
                code="unknown_language",
                field="versions",
            )
        version = version if isinstance(version, dict) else {}
        subject = " ".join(str(version.get("subject") or "").split())
        body = str(version.get("body") or "").strip()
        if not subject and not body:
            continue
        if not subject or not body:
            raise FollowupError(
                gettext("Each version needs both a subject and a text."),
                code="incomplete_version",
                field="versions",
            )
        if len(subject) > SUBJECT_MAX or len(body) > BODY_MAX:
            raise FollowupError(
                gettext("A subject may have at most %(subject)d characters, a text %(body)d.")
                % {"subject": SUBJECT_MAX, "body": BODY_MAX},
                code="too_long",
                field="versions",
            )
        cleaned[code] = {"subject": subject, "body": body}
    if language not in cleaned:
        raise FollowupError(
            gettext("Please write the message in its default language."),
            code="no_default_version",
            field="language",
        )
    return cleaned


def message_send(
    *,
    event: Event,
    user,
    audience: str,
    versions: dict,
    language: str,
    client_key: str | None = None,
    now: dt.datetime | None = None,
) -> AttendeeMessage:
    """Send a message to the event's `audience` through the outbox; returns the log row.

    Under the event's lock, so the hourly limit holds however many officers press "Send"
    at once, and a submission repeated with its client key finds the message it made.
    """
    now = now or timezone.now()
    if not may_message(user, event):
        raise FollowupError(
            gettext(
                "Only the officers assigned to this event and coordinators may message "
                "its attendees."
            ),
            code="not_allowed",
            status=403,
        )
    cleaned = message_versions_clean(versions, language)
    recipients = message_audience(event, audience)
    with event_locked(event.pk) as locked:
        if client_key:
            earlier = AttendeeMessage.objects.filter(client_key=client_key).first()
            if earlier is not None:
                return earlier
        limit = settings.PORCHLIGHT["MESSAGES_PER_EVENT_PER_HOUR"]
        sent = AttendeeMessage.objects.filter(
            event_id=locked.pk, created_at__gt=now - dt.timedelta(hours=1)
        ).count()
        if sent >= limit:
            raise FollowupError(
                ngettext(
                    "This event's attendees were sent %(limit)d message in the last hour, the "
                    "most allowed. Please wait before sending another.",
                    "This event's attendees were sent %(limit)d messages in the last hour, the "
                    "most allowed. Please wait before sending another.",
                    limit,
                )
                % {"limit": limit},
                code="rate_limited",
                status=429,
            )
        message = AttendeeMessage.objects.create(
            event=locked,
            sent_by=user,
            audience=audience,
            versions=cleaned,
            language=language,
            client_key=client_key or None,
        )
        # created_at comes from the clock at save: the rate window counts from `now`.
        AttendeeMessage.objects.filter(pk=message.pk).update(created_at=now)
        payload = {"message": message.pk, "versions": cleaned, "language": language}
        rows = []
        people = 0
        for rsvp in recipients.order_by("id"):
            people += 1
            channels = [Channel.EMAIL]
            if rsvp.phone and rsvp.sms_opt_in and rsvp.texts_confirmed_at:
                channels.append(Channel.SMS)
            rows.extend(
                Notification(
                    kind=Kind.ATTENDEE_MESSAGE,
                    channel=channel,
                    attendee_id=rsvp.attendee_id,
                    rsvp_id=rsvp.pk,
                    event=locked,
                    event_sequence=locked.sequence,
                    due_at=now,
                    enqueued_at=now,
                    payload=payload,
                    # One copy per message, RSVP and channel, whatever runs twice.
                    dedupe_key=f"attendee_message:{message.pk}:rsvp{rsvp.pk}:{channel}",
                )
                for channel in channels
            )
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        AttendeeMessage.objects.filter(pk=message.pk).update(recipients=people)
        ids = list(
            Notification.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]).values_list(
                "pk", flat=True
            )
        )
        if ids:
            transaction.on_commit(lambda: sends_enqueue(ids))
    message.refresh_from_db()
    return message
