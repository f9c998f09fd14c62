"""Delivery: claim one notice, check it still applies, send it, record the outcome.

The claim (pending -> sending, one conditional UPDATE) lets only one caller act, so a
second worker, a replayed task or a retry finds nothing to do. Everything that can be
done before the send is (render, links); after the server took the message one UPDATE
records it, before the SMTP goodbye. A crash between the two is the one way a notice
goes out twice, under the same Message-ID. A transport error or the send timeout puts
the row back with backoff until NOTICE_MAX_ATTEMPTS; a worker lost mid-send is
reclaimed by the dispatcher (dispatch.stale_reclaim): at once when its process is known
to be gone, otherwise after the lease.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_q.exceptions import TimeoutException

from notifications.email import mail_connection, notice_email
from notifications.liveness import claimer_id
from notifications.models import LINKS_RESEND_MINUTES, Notification
from notifications.sms import notice_sms_send
from rsvp.models import Attendee, ManageLink, Rsvp
from scheduler.models import Event
from scheduler.tokens import token_hash

logger = logging.getLogger(__name__)

Kind = Notification.Kind
State = Notification.State
Channel = Notification.Channel

# The RSVP status a notice about it still needs when it goes out.
WANTED_STATUS = {
    Kind.CONFIRMED: Rsvp.Status.CONFIRMED,
    Kind.PROMOTED: Rsvp.Status.CONFIRMED,
    Kind.WAITLISTED: Rsvp.Status.WAITLISTED,
    Kind.WAITLIST_CLOSED: Rsvp.Status.WAITLISTED,
    Kind.STILL_COMING: Rsvp.Status.CONFIRMED,
}


def _link_sent_lately(notice: Notification) -> bool:
    """Whether another re-sent link of this RSVP was planned within the window before this
    one, and not dropped: anyone can type anyone's address into the form, so repeats must
    not flood the mailbox (one re-sent link per NOTICE_LINK_RESEND_MINUTES). Planning makes
    a row for every repeat, so that a repeat does the same work as a new RSVP; this is
    where the extra ones stop."""
    minutes = settings.PORCHLIGHT["NOTICE_LINK_RESEND_MINUTES"]
    if notice.kind == Kind.LINKS_REQUESTED:
        minutes = LINKS_RESEND_MINUTES
    window = dt.timedelta(minutes=minutes)
    return (
        Notification.objects.filter(
            rsvp_id=notice.rsvp_id,
            party_id=notice.party_id,
            volunteer_id=notice.volunteer_id,
            kind=notice.kind,
            created_at__gte=notice.created_at - window,
            pk__lt=notice.pk,
        )
        .exclude(state__in=[State.SKIPPED, State.FAILED])
        .exists()
    )


def skip_reason(notice: Notification, now: dt.datetime) -> str | None:
    """Why a claimed notice must not go out now; None when it should."""
    if notice.party_id:
        party = notice.party
        if party.erased_at is not None:
            return "The block party's data was erased."
        if party.withdrawn_at is not None and notice.kind != Kind.NIGHTOUT_VISITS:
            return "The block party was withdrawn."
        if notice.kind == Kind.NIGHTOUT_LINK and _link_sent_lately(notice):
            return "Its link had been sent to this address a few minutes before."
        return None
    if notice.volunteer_id:
        return _volunteer_skip_reason(notice, now)
    if notice.application_id:
        if notice.application.erased_at is not None:
            return "The course application's data was erased."
        return None
    event, rsvp = notice.event, notice.rsvp
    kind = notice.kind
    if notice.is_staff_notice:
        # Work e-mail about a proposal: it goes out while its recipient can act on it.
        if not notice.user.is_active or not notice.user.email:
            return "The staff member's account is closed or has no e-mail address."
        return None
    if kind == Kind.EVENT_CANCELLED:
        # Reinstated before this went out: the resident is told it is on instead.
        if event.status != Event.Status.CANCELLED:
            return "The event was reinstated."
        return None
    if kind in (Kind.CANCELLED, Kind.FEED_LINK):
        return None
    if kind == Kind.ATTENDEE_MESSAGE:
        # An officer's message (followup/): also after the event (to those who came); not
        # to a resident who withdrew or stopped reminders (the stop link in every notice).
        if rsvp is None or rsvp.status == Rsvp.Status.CANCELLED:
            return "The RSVP was cancelled."
        if not notice.attendee.reminders_enabled:
            return "The resident stopped reminders and messages."
        if notice.channel == Channel.SMS and rsvp.texts_confirmed_at is None:
            return "Texts were not turned on from the RSVP's e-mailed link."
    if kind == Kind.THANK_YOU:
        # After the event, and only to a resident whose check-in still stands.
        if event.status == Event.Status.CANCELLED:
            return "The event was cancelled."
        if rsvp is None or rsvp.checked_in_at is None or rsvp.erased_at is not None:
            return "The resident is not checked in."
        return None
    # Everything else, EVENT_REINSTATED included, is about an event that takes place.
    if event.status == Event.Status.CANCELLED:
        return "The event was cancelled."
    if event.end <= now:
        return "The event is over."
    status = rsvp.status if rsvp else None
    if kind in (Kind.REMINDER, Kind.STILL_COMING):
        if now >= event.start:
            return "The event has started."
        if status != Rsvp.Status.CONFIRMED:
            return "The RSVP is no longer confirmed."
        if notice.channel == Channel.SMS and rsvp.texts_confirmed_at is None:
            return "Text reminders were not turned on from the RSVP's e-mailed link."
        if not notice.attendee.reminders_enabled:
            return "The resident stopped reminders."
        if notice.payload.get("start") != event.start.isoformat():
            return "The event's time changed since this reminder was planned."
        return None
    wanted = WANTED_STATUS.get(kind)
    if wanted and status != wanted:
        return f"The RSVP is now {status}."
    if status == Rsvp.Status.CANCELLED:
        return "The RSVP was cancelled."
    if kind in (Kind.LINK_RESENT, Kind.LINKS_REQUESTED) and _link_sent_lately(notice):
        return "Its link had been sent to this address a few minutes before."
    return None


def _volunteer_skip_reason(notice: Notification, now: dt.datetime) -> str | None:
    signup = notice.volunteer
    if signup.erased_at is not None:
        return "The volunteer's data was erased."
    if notice.kind == Kind.VOLUNTEER_WITHDRAWN:
        return None
    if signup.withdrawn_at is not None:
        return "The volunteer withdrew."
    if signup.role.event.end <= now:
        return "The event is over."
    if notice.kind == Kind.VOLUNTEER_LINK and _link_sent_lately(notice):
        return "Its link had been sent to this address a few minutes before."
    return None


def retry_delay(attempts: int) -> dt.timedelta:
    base = settings.PORCHLIGHT["NOTICE_RETRY_BASE_SECONDS"]
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def notice_deliver(
    notification_id: int,
    *,
    now: dt.datetime | None = None,
    mail: Callable[[], AbstractContextManager[BaseEmailBackend]] = mail_connection,
) -> str:
    """Claim one notice, send it, record the outcome. Returns what happened, in a word.

    `mail` gives the connection to the mail server: a new one by default, the batch's
    (batches.BatchConnection) when sent with others.
    """
    now = now or timezone.now()
    notice = Notification.objects.filter(pk=notification_id).only("pk", "link_salt").first()
    if notice is None:
        return "gone"
    # The claim: only one caller can move this row from pending to sending. A replayed
    # task, a second worker or a task for an already-sent notice stops here.
    me = claimer_id()
    claimed = Notification.objects.filter(
        pk=notification_id, state=State.PENDING, due_at__lte=now
    ).update(
        state=State.SENDING,
        claimed_at=now,
        claimed_by=me,
        attempts=F("attempts") + 1,
        unsubscribe_token_hash=token_hash(notice.link_token("unsubscribe")),
        updated_at=now,
    )
    if claimed != 1:
        return "not mine"
    # This claim, and no later one: if the row was taken back and claimed again meanwhile,
    # what this run records must not overwrite the newer claim's outcome.
    mine = Notification.objects.filter(
        pk=notification_id, state=State.SENDING, claimed_at=now, claimed_by=me
    )
    notice = Notification.objects.select_related(
        "attendee",
        "user",
        "rsvp",
        "event__venue",
        "event__program",
        "event__host",
        "party__night_out",
        "volunteer__role__event__venue",
        "application__course__series",
    ).get(pk=notification_id)
    reason = skip_reason(notice, now)
    if reason:
        mine.update(state=State.SKIPPED, last_error=reason, updated_at=timezone.now())
        return "skipped"
    if notice.rsvp_id is not None:
        # The notice's own manage link opens the RSVP from the moment it may reach the
        # resident. A retry (crash, transport error) renders the same link: the row is
        # already there and the insert does nothing (one statement, no savepoint).
        ManageLink.objects.bulk_create(
            [
                ManageLink(
                    rsvp_id=notice.rsvp_id, token_hash=token_hash(notice.link_token("manage"))
                )
            ],
            ignore_conflicts=True,
        )
    handed_over = False
    try:
        if notice.channel == Channel.SMS:
            notice_sms_send(notice)
            handed_over = True
            _sent_record(notice, mine)
        else:
            message = notice_email(notice)  # rendered before the server is kept waiting
            with mail() as connection:
                connection.send_messages([message])
                handed_over = True
                _sent_record(notice, mine)
    # TimeoutException: the task ran past NOTICE_SEND_TIMEOUT_SECONDS (django-q2 raises it
    # from SIGALRM, as a SystemExit): a hung server is a transport failure like any other.
    except (Exception, TimeoutException) as exc:  # noqa: BLE001 - recorded and retried
        if handed_over:
            raise  # sent, but recording it failed: the lease sends it again
        return _failure_record(notice, mine, exc, now)
    return "sent"


def _sent_record(notice: Notification, mine) -> None:
    """The step right after the server took the notice: one UPDATE (one transaction)."""
    now = timezone.now()
    if notice.kind == Kind.FEED_LINK:
        # The new personal-feed link replaces the old one only now that it was sent (a
        # failed send leaves the resident's working feed alone), and together with "sent".
        with transaction.atomic():
            Attendee.objects.filter(pk=notice.attendee_id).update(
                feed_token_hash=token_hash(notice.link_token("feed"))
            )
            mine.update(state=State.SENT, sent_at=now, last_error="", updated_at=now)
        return
    mine.update(state=State.SENT, sent_at=now, last_error="", updated_at=now)


def _failure_record(notice: Notification, mine, exc: BaseException, now: dt.datetime) -> str:
    # The error text may name the recipient (SMTP replies do): it stays in the row,
    # which only coordinators see; the log gets the class name only.
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    if notice.attempts >= settings.PORCHLIGHT["NOTICE_MAX_ATTEMPTS"]:
        mine.update(state=State.FAILED, last_error=error, updated_at=now)
        logger.warning("Notice %s failed for good: %s", notice.pk, exc.__class__.__name__)
        return "failed"
    mine.update(
        state=State.PENDING,
        last_error=error,
        due_at=now + retry_delay(notice.attempts),
        enqueued_at=None,
        updated_at=now,
    )
    logger.info("Notice %s will be retried: %s", notice.pk, exc.__class__.__name__)
    return "retry"
