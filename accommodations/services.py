"""Accommodation requests: made with an RSVP, routed to whoever arranges them, answered.

Everything runs inside the RSVP services' transactions (receivers.py) or one of its own,
so a request and the notices it causes commit together; the outbox sends them after.
"""

import dataclasses
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accommodations.errors import AccommodationError
from accommodations.lead_times import lead_hours
from accommodations.models import AccommodationRequest, State
from accommodations.rules import Asked
from notifications.models import Notification
from notifications.planning import _rows_create
from rsvp.models import Rsvp
from scheduler.models import Event
from scheduler.permissions import can_view_roster, is_coordinator

Kind = Notification.Kind
# How long staff have, at most, to answer a request made late (the event's start if sooner).
LATE_ANSWER_HOURS = 24


@dataclasses.dataclass(frozen=True)
class LateNote:
    """What a request asked after its deadline can still get: an answer by `answer_by`."""

    kind: str
    label: str
    lead_hours: int
    answer_by: dt.datetime


def answer_by(*, asked_at: dt.datetime, event: Event) -> dt.datetime:
    return min(asked_at + dt.timedelta(hours=LATE_ANSWER_HOURS), event.start)


def late_notes(*, event: Event, asked: list[Asked], now: dt.datetime) -> list[LateNote]:
    """The requests among `asked` that come after their deadline, as the resident is told."""
    notes = []
    for item in asked:
        hours = lead_hours(item.kind)
        if now > event.start - dt.timedelta(hours=hours):
            label = AccommodationRequest(kind=item.kind, detail=item.detail).label
            notes.append(LateNote(item.kind, label, hours, answer_by(asked_at=now, event=event)))
    return notes


def requests_create(
    *, rsvp: Rsvp, asked: list[Asked], now: dt.datetime | None = None
) -> list[AccommodationRequest]:
    """Store what a new RSVP asks to have arranged; a confirmed one is routed at once (a
    waiting party's when it gets its seat: nobody arranges for a seat not given)."""
    if not asked:
        return []
    now = now or timezone.now()
    event = rsvp.event
    rows = []
    for item in asked:
        hours = lead_hours(item.kind)
        rows.append(
            AccommodationRequest(
                rsvp=rsvp,
                kind=item.kind,
                detail=item.detail,
                lead_hours=hours,
                late=now > event.start - dt.timedelta(hours=hours),
                created_at=now,
            )
        )
    AccommodationRequest.objects.bulk_create(rows, ignore_conflicts=True)
    if rsvp.status == Rsvp.Status.CONFIRMED:
        requests_route(rsvp=rsvp, now=now)
    return list(rsvp.accommodation_requests.all())


def routing_recipients(event: Event) -> list:
    """Who arranges an event's accommodations: the host organization's contact (the staff
    account with its contact address) and the officers assigned to the event; each once."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    wanted = Q(pk__in=event.officers.values("pk"))
    if event.host.email:
        wanted |= Q(email__iexact=event.host.email)
    return list(users.filter(wanted).order_by("pk"))


def requests_route(*, rsvp: Rsvp, now: dt.datetime | None = None) -> list[int]:
    """E-mail the open requests of `rsvp` not yet routed: one notice per recipient, in their
    language (notifications.staff.staff_language). Returns the notices queued now."""
    now = now or timezone.now()
    pending = list(
        AccommodationRequest.objects.filter(
            rsvp=rsvp, state=State.OPEN, routed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if not pending:
        return []
    event = Event.objects.select_related("host").get(pk=rsvp.event_id)
    ids = "-".join(str(pk) for pk in pending)
    rows = [
        Notification(
            kind=Kind.ACCOMMODATION_ASKED,
            user=user,
            event=event,
            event_sequence=event.sequence,
            # Ids only: the requests are read when the notice is sent, and erased with the RSVP.
            payload={"requests": pending},
            due_at=now,
            dedupe_key=f"{Kind.ACCOMMODATION_ASKED}:req{ids}:user{user.pk}",
        )
        for user in routing_recipients(event)
    ]
    AccommodationRequest.objects.filter(pk__in=pending).update(routed_at=now)
    return _rows_create(rows, now)


def requests_withdraw(*, rsvp: Rsvp) -> int:
    """A cancelled RSVP's open requests: nobody is to arrange them any more."""
    return AccommodationRequest.objects.filter(rsvp=rsvp, state=State.OPEN).update(
        state=State.WITHDRAWN
    )


def can_decide(user, event: Event) -> bool:
    """Who may mark a request arranged or not possible: a coordinator, an officer assigned
    to the event, or staff of its host granted its rosters."""
    if is_coordinator(user):
        return True
    if event.officers.filter(pk=user.pk).exists():
        return True
    return (
        can_view_roster(user, event)
        and event.host.membership_set.filter(user=user, roster_access=True).exists()
    )


def request_decide(
    *,
    request_id: int,
    user,
    state: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> AccommodationRequest:
    """Mark a request arranged or not possible; its resident is told (once per answer)."""
    if state not in (State.ARRANGED, State.NOT_POSSIBLE):
        raise AccommodationError(gettext("Choose arranged or not possible."), field="state")
    now = now or timezone.now()
    with transaction.atomic():
        request = (
            AccommodationRequest.objects.select_for_update()
            .select_related("rsvp__event")
            .get(pk=request_id)
        )
        if request.state == State.WITHDRAWN or request.rsvp.status == Rsvp.Status.CANCELLED:
            raise AccommodationError(
                gettext("This RSVP was cancelled: there is nothing to arrange."),
                code="accommodation_withdrawn",
            )
        request.state = state
        request.note = note.strip()
        request.decided_at = now
        request.decided_by = user
        request.save(update_fields=["state", "note", "decided_at", "decided_by"])
        rsvp, event = request.rsvp, request.rsvp.event
        if rsvp.attendee_id is not None:
            kind = Kind.ACCOMMODATION_DONE if state == State.ARRANGED else Kind.ACCOMMODATION_UNABLE
            notice = Notification(
                kind=kind,
                attendee_id=rsvp.attendee_id,
                rsvp=rsvp,
                event=event,
                event_sequence=event.sequence,
                payload={"request": request.pk},
                due_at=now,
                dedupe_key=f"{kind}:req{request.pk}",
            )
            _rows_create([notice], now)
    return request


def requests_erase(*, rsvp_ids: list[int]) -> int:
    """The requests of RSVPs whose personal data is erased (privacy's purge calls this)."""
    deleted, _ = AccommodationRequest.objects.filter(rsvp_id__in=rsvp_ids).delete()
    return deleted
