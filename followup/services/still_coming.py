""" "Still coming?": planned like reminders (notifications/planning.py), answered through
one-tap links whose pages POST, and a "can't" answer cancels through rsvp_cancel itself.

The question's notices are outbox rows (kind still_coming) planned by the notice
dispatcher's sweep once the moment has come (the program's lead time before the start),
for the seats confirmed before it; never inside an RSVP's transaction, where they would
tell a new RSVP from a repeated one (DESIGN.md rule 7). The same dispatcher run queues
them; the outbox skips them if the seat or the time changed by then
(notifications/delivery.py). Each notice's
link token is derived from its salt (Notification.link_token), and its hash is stored here
when the notice is planned, so the clear token is never stored anywhere.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
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


def _seat_since(rsvp: Rsvp) -> dt.datetime:
    """Since when the RSVP holds a seat with a mailbox: made, promoted or given an address."""
    return max(t for t in (rsvp.created_at, rsvp.promoted_at, rsvp.email_added_at) if t)


def _questions_create(asks: list[tuple[Rsvp, int, dt.datetime]]) -> list[Notification]:
    """The questions, notices and links for (RSVP, lead minutes, moment) triples, in bulk:
    five statements however many. Each row is keyed by the event's SEQUENCE, so planning
    twice (two sweeps at once) keeps the first and makes no second one."""
    if not asks:
        return []
    with transaction.atomic():
        return _questions_write(asks)


def _questions_write(asks: list[tuple[Rsvp, int, dt.datetime]]) -> list[Notification]:
    StillComing.objects.bulk_create(
        [StillComing(rsvp_id=rsvp.pk, event_id=rsvp.event_id) for rsvp, _m, _d in asks],
        ignore_conflicts=True,
    )
    questions = dict(
        StillComing.objects.filter(rsvp_id__in=[r.pk for r, _m, _d in asks]).values_list(
            "rsvp_id", "pk"
        )
    )
    rows = []
    for rsvp, minutes, due in asks:
        event = rsvp.event
        channels = [Channel.EMAIL]
        if rsvp.phone and rsvp.sms_opt_in:
            channels.append(Channel.SMS)
        rows += [
            Notification(
                kind=Kind.STILL_COMING,
                channel=channel,
                attendee_id=rsvp.attendee_id,
                rsvp_id=rsvp.pk,
                event_id=event.pk,
                event_sequence=event.sequence,
                offset_minutes=minutes,
                due_at=due,
                payload={"start": event.start.isoformat()},
                dedupe_key=f"still_coming:{channel}:rsvp{rsvp.pk}:seq{event.sequence}",
            )
            for channel in channels
        ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # Read back, so each link's hash comes from the salt of the row that was kept.
    notices = list(Notification.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]))
    StillComingLink.objects.bulk_create(
        [
            StillComingLink(
                question_id=questions[n.rsvp_id],
                token_hash=token_hash(n.link_token("still-coming")),
            )
            for n in notices
        ],
        ignore_conflicts=True,
    )
    return notices


def _due_asks(rsvps, own: dict[int, int], default: int, now: dt.datetime):
    """The (RSVP, minutes, moment) of those whose question is due by `now`; a seat taken
    at or after its moment (the evening before a 48-hour question) is not asked."""
    asks = []
    for rsvp in rsvps:
        event = rsvp.event
        minutes = max(int(own.get(event.program_id, default)), 0)
        if not minutes:
            continue
        due = reminder_due_at(event.start, event.timezone, minutes)
        if due <= now and _seat_since(rsvp) < due:
            asks.append((rsvp, minutes, due))
    return asks


def _to_ask(now: dt.datetime):
    """Confirmed contact RSVPs of scheduled events not started yet, not yet asked at the
    event's current SEQUENCE."""
    asked = Notification.objects.filter(
        rsvp_id=OuterRef("pk"),
        kind=Kind.STILL_COMING,
        event_sequence=OuterRef("event__sequence"),
    )
    return (
        Rsvp.objects.filter(
            status=Rsvp.Status.CONFIRMED,
            attendee__isnull=False,
            event__status=Event.Status.SCHEDULED,
            event__start__gt=now,
        )
        .exclude(Exists(asked))
        .select_related("event")
        .order_by("event_id", "id")
    )


def still_coming_sweep(*, now: dt.datetime | None = None) -> int:
    """Plan every question whose moment has come (the notice dispatcher's planning step,
    registered in FollowupConfig.ready): its notices are due at once and queued by the
    same dispatcher run. Never inside an RSVP's transaction, so a new RSVP and a repeated
    one run the same statements (DESIGN.md rule 7). Seven statements however many RSVPs.
    """
    now = now or timezone.now()
    default = max(int(settings.PORCHLIGHT["STILL_COMING_MINUTES"]), 0)
    own = dict(
        ProgramFollowup.objects.filter(still_coming_minutes__isnull=False).values_list(
            "program_id", "still_coming_minutes"
        )
    )
    longest = max([default, *own.values()])
    if not longest:
        return 0
    # Whole days are counted on the wall clock (reminder_due_at): a daylight-saving change
    # moves the moment by an hour, so the window looks a day further than the lead time.
    horizon = now + dt.timedelta(minutes=longest) + dt.timedelta(days=1)
    rsvps = _to_ask(now).filter(event__start__lte=horizon)
    return len(_questions_create(_due_asks(rsvps, own, default, now)))


def still_coming_plan(*, rsvp: Rsvp, now: dt.datetime | None = None) -> list[Notification]:
    """Plan one RSVP's question if its moment has come by `now` (what the sweep does for
    all of them; the demo and page fixtures use it with a chosen `now`)."""
    now = now or timezone.now()
    rsvps = list(_to_ask(now).filter(pk=rsvp.pk))
    own = {r.event.program_id: still_coming_minutes(r.event.program) for r in rsvps}
    return _questions_create(_due_asks(rsvps, own, 0, now))


def question_moment(event: Event) -> dt.datetime | None:
    """When the event's residents are asked (None: its program does not ask)."""
    minutes = still_coming_minutes(event.program)
    return reminder_due_at(event.start, event.timezone, minutes) if minutes else None


def still_coming_stop(*, rsvp: Rsvp, reason: str) -> int:
    """The RSVP's questions still to go out will not (cancelled, moved to the waitlist)."""
    return _skip(Notification.objects.filter(rsvp=rsvp, kind=Kind.STILL_COMING), reason)


def still_coming_replan_event(*, event: Event) -> int:
    """After a move or a reinstatement the questions still to go out are dropped; the
    sweep asks again at the new moment (the new SEQUENCE has no question yet)."""
    return _skip(
        Notification.objects.filter(event=event, kind=Kind.STILL_COMING),
        "Re-planned: the event's time changed.",
    )


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
