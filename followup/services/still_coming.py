""" "Still coming?": planned like reminders (notifications/planning.py), answered through
one-tap links whose pages POST, and a "can't" answer cancels through rsvp_cancel itself.

The question's notices are outbox rows (kind still_coming) planned when a seat is
confirmed, due the program's lead time before the start; the outbox sends them (and skips
them if the seat or the time changed by then: notifications/delivery.py). Each notice's
link token is derived from its salt (Notification.link_token), and its hash is stored here
when the notice is planned, so the clear token is never stored anywhere.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from followup.errors import FollowupError
from followup.models import ProgramFollowup, StillComing, StillComingLink
from notifications.models import Notification
from notifications.planning import reminder_due_at
from rsvp.models import Rsvp
from rsvp.services import rsvp_cancel
from scheduler.locking import event_locked
from scheduler.models import Event
from scheduler.tokens import token_hash

Kind = Notification.Kind
State = Notification.State
Channel = Notification.Channel
Answer = StillComing.Answer

MAX_TOKEN_LENGTH = 128


def still_coming_minutes(program) -> int:
    """The program's lead time in minutes (0: off); the site default without a setting."""
    own = ProgramFollowup.objects.filter(program_id=program.pk).values_list(
        "still_coming_minutes", flat=True
    )
    minutes = next(iter(own), None)
    if minutes is None:
        minutes = settings.PORCHLIGHT["STILL_COMING_MINUTES"]
    return max(int(minutes), 0)


def _skip(qs, reason: str) -> int:
    return qs.filter(state=State.PENDING).update(
        state=State.SKIPPED, last_error=reason, updated_at=timezone.now()
    )


def still_coming_plan(*, rsvp: Rsvp, now: dt.datetime | None = None) -> list[Notification]:
    """Plan the question for a confirmed RSVP at the event's current time and SEQUENCE.

    Runs inside the RSVP service's transaction (followup/receivers.py). Nothing is planned
    when its moment has already passed (a seat taken the evening before a 48-hour question
    is not asked), for a head count, or when the program turned the question off.
    """
    now = now or timezone.now()
    event = rsvp.event
    if (
        rsvp.attendee_id is None
        or rsvp.status != Rsvp.Status.CONFIRMED
        or event.status == Event.Status.CANCELLED
    ):
        return []
    minutes = still_coming_minutes(event.program)
    if not minutes:
        return []
    due = reminder_due_at(event.start, event.timezone, minutes)
    if due <= now:
        return []
    question, _ = StillComing.objects.get_or_create(rsvp=rsvp, defaults={"event": event})
    channels = [Channel.EMAIL]
    if rsvp.phone and rsvp.sms_opt_in:
        channels.append(Channel.SMS)
    keys = [f"still_coming:{c}:rsvp{rsvp.pk}:seq{event.sequence}" for c in channels]
    Notification.objects.bulk_create(
        [
            Notification(
                kind=Kind.STILL_COMING,
                channel=channel,
                attendee_id=rsvp.attendee_id,
                rsvp=rsvp,
                event=event,
                event_sequence=event.sequence,
                offset_minutes=minutes,
                due_at=due,
                payload={"start": event.start.isoformat()},
                dedupe_key=key,
            )
            for channel, key in zip(channels, keys, strict=True)
        ],
        # Planned before (a repeated signal, a concurrent transaction): that row stays.
        ignore_conflicts=True,
    )
    # Read back, so each link's hash comes from the salt of the row that was kept.
    notices = list(Notification.objects.filter(dedupe_key__in=keys))
    StillComingLink.objects.bulk_create(
        [
            StillComingLink(question=question, token_hash=token_hash(n.link_token("still-coming")))
            for n in notices
        ],
        ignore_conflicts=True,
    )
    return notices


def still_coming_stop(*, rsvp: Rsvp, reason: str) -> int:
    """The RSVP's questions still to go out will not (cancelled, moved to the waitlist)."""
    return _skip(Notification.objects.filter(rsvp=rsvp, kind=Kind.STILL_COMING), reason)


def still_coming_replan_event(*, event: Event, now: dt.datetime | None = None) -> int:
    """After a move or a reinstatement: the old questions are dropped, new ones planned."""
    _skip(
        Notification.objects.filter(event=event, kind=Kind.STILL_COMING),
        "Re-planned: the event's time changed.",
    )
    rsvps = (
        Rsvp.objects.filter(event_id=event.pk, attendee__isnull=False)
        .confirmed()
        .select_related("event__program")
    )
    planned = 0
    for rsvp in rsvps:
        rsvp.event = event
        planned += len(still_coming_plan(rsvp=rsvp, now=now))
    return planned


def question_by_token(token: str) -> StillComing | None:
    """The question a "still coming?" link answers, or None (unknown, malformed)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        StillComing.objects.filter(links__token_hash=token_hash(token))
        .select_related("rsvp", "event__venue", "event__host")
        .first()
    )


def _refused(code: str, message: str, status: int = 409) -> FollowupError:
    return FollowupError(message, code=code, status=status)


def still_coming_answer(*, token: str, answer: str, now: dt.datetime | None = None) -> StillComing:
    """Record the tap. "cant" cancels the RSVP through rsvp_cancel, in the same transaction
    and under the same event lock, so the freed seat goes to the waitlist at once.

    A link answers once: the answer is claimed with one conditional UPDATE, so two taps
    (two phones, a double tap) record one answer and cancel once.
    """
    now = now or timezone.now()
    if answer not in (Answer.COMING, Answer.CANT):
        raise _refused("unknown_answer", gettext("Please choose one of the two answers."), 400)
    question = question_by_token(token)
    if question is None:
        raise _refused("not_found", gettext("This link is not valid."), 404)
    with event_locked(question.event_id) as event:
        rsvp = Rsvp.objects.get(pk=question.rsvp_id)
        if rsvp.status != Rsvp.Status.CONFIRMED:
            raise _refused(
                "rsvp_not_confirmed",
                gettext("This RSVP is no longer confirmed, so there is nothing to answer."),
            )
        if now >= event.start:
            raise _refused(
                "event_started", gettext("This event has already started: no answer is needed.")
            )
        claimed = StillComing.objects.filter(pk=question.pk, answer=Answer.NONE).update(
            answer=answer, answered_at=now
        )
        if claimed != 1:
            raise _refused("already_answered", gettext("This question was already answered."))
        if answer == Answer.CANT:
            # The very service the manage page's "Cancel" calls: its rules, its lock, its
            # promotion of the waitlist and its notices.
            rsvp_cancel(rsvp=rsvp, now=now)
    question.refresh_from_db()
    return question
