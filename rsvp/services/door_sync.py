"""The door list's queue: what a phone did while offline (or online, the same way), applied once.

Each action carries an id its device made (a UUID). The phone sends its queue until the server
answers, and may send it again (the answer lost on a weak signal, the page reloaded): the
DoorAction row with that id makes the action count once, and a replay gets the first answer.
Two replays racing each other both try to insert the row; the unique id lets one win, and the
other reads the winner's answer (IntegrityError, then a read).

Actions are applied in the order the device made them, each in its own transaction: a
refusal (a party who cancelled meanwhile) does not hold back the rest of the queue.
"""

import datetime as dt
import logging
import uuid

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from rsvp.errors import RsvpError
from rsvp.models import DoorAction, Rsvp, WalkIn
from rsvp.services.door import (
    CONFLICT,
    UNCHANGED,
    checkin_apply,
    checkin_take_back,
    walkin_record,
    walkin_remove,
)
from scheduler.models import Event

logger = logging.getLogger(__name__)

# The most actions one sync applies; a device sends the rest next time.
SYNC_MAX_ACTIONS = 200
# A device's clock may be a little ahead; an action "made" later than this is made now.
CLOCK_SKEW = dt.timedelta(minutes=5)
# An action queued longer ago than this keeps the time it arrived, not its own: a phone
# left offline in a drawer for a week does not backdate a check-in past the door's hours.
QUEUE_MAX_AGE = dt.timedelta(days=2)


def _made_at(value, now: dt.datetime) -> dt.datetime:
    """When the device says it made the action (epoch milliseconds or ISO 8601), bounded."""
    made = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            made = dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            made = None
    elif isinstance(value, str):
        try:
            made = parse_datetime(value)
        except ValueError:
            made = None
        if made is not None and timezone.is_naive(made):
            made = None
    if made is None or made > now + CLOCK_SKEW or made < now - QUEUE_MAX_AGE:
        return now
    return min(made, now)


class BadAction(ValueError):
    """An action the page's script would never send: answered as refused, never stored."""


def _client_id(action: dict) -> uuid.UUID:
    try:
        return uuid.UUID(str(action.get("id", "")))
    except ValueError:
        raise BadAction("id") from None


def _small_int(action: dict, key: str, *, default=None) -> int | None:
    value = action.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 32768:
        raise BadAction(key)
    return value


def _text(action: dict, key: str, limit: int) -> str:
    value = action.get(key) or ""
    if not isinstance(value, str):
        raise BadAction(key)
    return value[:limit]


def _perform(event: Event, by, action: dict, kind: str, made: dt.datetime) -> dict:
    """Apply one action; what the DoorAction row keeps of it."""
    override = action.get("override") is True
    if kind in (DoorAction.Kind.CHECKIN, DoorAction.Kind.UNDO):
        rsvp_id = _small_int_id(action, "rsvp")
        rsvp = Rsvp.objects.select_related("event__program").filter(pk=rsvp_id, event=event).first()
        if rsvp is None:
            raise RsvpError(gettext("No such RSVP for this event."), code="no_rsvp")
        if kind == DoorAction.Kind.CHECKIN:
            outcome = checkin_apply(
                rsvp=rsvp,
                by=by,
                arrived=_small_int(action, "arrived"),
                at=made,
                key=str(_client_id(action)),
                override=override,
                seen=_text(action, "seen", 40),
            )
        else:
            outcome = checkin_take_back(
                rsvp=rsvp, by=by, seen=_text(action, "seen", 40), at=made, override=override
            )
        return {"outcome": outcome, "rsvp": rsvp}
    if kind == DoorAction.Kind.WALKIN:
        fields = {
            "event": event,
            "by": by,
            "head_count": _small_int(action, "head_count", default=1),
            "name": _text(action, "name", 200),
            "at": made,
            "override": override,
        }
        contact = {
            "email": _text(action, "email", 254),
            "phone": _text(action, "phone", 40),
            "contact_consent": action.get("consent") is True,
        }
        try:
            with transaction.atomic():
                walkin = walkin_record(**fields, **contact)
        except RsvpError as exc:
            if exc.field not in ("email", "phone", "contact_consent"):
                raise
            # The people came: they are counted; only the contact typed offline is refused,
            # and the officer is told so.
            walkin = walkin_record(**fields)
            return {
                "outcome": DoorAction.Outcome.APPLIED,
                "walkin": walkin,
                "code": "contact_dropped",
                "message": gettext(
                    "The walk-in is counted, without its contact details: %(reason)s"
                )
                % {"reason": exc.message},
            }
        return {"outcome": DoorAction.Outcome.APPLIED, "walkin": walkin}
    if isinstance(action.get("walkin"), int) and not isinstance(action.get("walkin"), bool):
        # A walk-in the phone had from the server's list.
        found = WalkIn.objects.filter(pk=action["walkin"], event=event).first()
        if found is None or not walkin_remove(walkin=found, by=by):
            return {"outcome": UNCHANGED}
        return {"outcome": DoorAction.Outcome.APPLIED}
    # Removing a walk-in: the one recorded by an earlier action of a device (its id), so a
    # walk-in added and taken back offline needs no server id.
    recorded = (
        DoorAction.objects.filter(
            client_id=_uuid(action.get("walkin_action")), event=event, walkin__isnull=False
        )
        .select_related("walkin")
        .first()
    )
    if recorded is None or not walkin_remove(walkin=recorded.walkin, by=by):
        return {"outcome": UNCHANGED}
    return {"outcome": DoorAction.Outcome.APPLIED}


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _small_int_id(action: dict, key: str) -> int:
    value = action.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadAction(key)
    return value


def _answer(row: DoorAction) -> dict:
    answer = {"id": str(row.client_id), "outcome": row.outcome}
    if row.code:
        answer["code"] = row.code
    if row.message:
        answer["message"] = row.message
    if row.outcome == CONFLICT:
        answer["message"] = gettext(
            "Someone else checked this party in again; their check-in stands."
        )
    if row.walkin_id:
        answer["walkin"] = row.walkin_id
    return answer


def _refused(client_id, code: str) -> dict:
    return {"id": str(client_id), "outcome": DoorAction.Outcome.REFUSED, "code": code}


def _replayed(done: DoorAction | None, event: Event) -> dict:
    """The first answer again; an id is one action on one event, so the same id sent for
    another event is no replay (and applies nothing)."""
    if done is None or done.event_id != event.pk:
        return _refused(done.client_id if done else None, "bad_action")
    return _answer(done)


def door_action_apply(*, event: Event, by, action: dict, now: dt.datetime | None = None) -> dict:
    """Apply one queued action once; its answer (the first answer again for a replay)."""
    now = now or timezone.now()
    if not isinstance(action, dict):
        return {"id": None, "outcome": DoorAction.Outcome.REFUSED, "code": "bad_action"}
    try:
        client_id = _client_id(action)
    except BadAction:
        return {"id": None, "outcome": DoorAction.Outcome.REFUSED, "code": "bad_action"}
    done = DoorAction.objects.filter(client_id=client_id).first()
    if done is not None:
        return _replayed(done, event)
    kind = action.get("kind")
    if kind not in DoorAction.Kind.values:
        return {"id": str(client_id), "outcome": DoorAction.Outcome.REFUSED, "code": "bad_action"}
    made = _made_at(action.get("at"), now)
    row = DoorAction(client_id=client_id, event=event, kind=kind, by=by, made_at=made)
    try:
        with transaction.atomic():
            try:
                # Its own savepoint: only this insert's IntegrityError means "a replay".
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                # The same action, sent again while the first was being applied.
                return _replayed(DoorAction.objects.filter(client_id=client_id).first(), event)
            result = _perform(event, by, action, kind, made)
            row.outcome = result["outcome"]
            row.rsvp = result.get("rsvp")
            row.walkin = result.get("walkin")
            row.code = result.get("code", "")
            row.message = str(result.get("message", ""))[:300]
            row.save(update_fields=["outcome", "rsvp", "walkin", "code", "message"])
    except (ObjectDoesNotExist, IntegrityError):
        # The party's row went (a purge, an erasure) while its action was on the way:
        # refused, and the rest of the queue goes on. An unavailable database is not
        # caught: the phone gets a 503 (ops.outage) and sends its queue again.
        logger.exception("door action %s not applied", client_id)
        return _refused(client_id, "error")
    except BadAction:
        return {"id": str(client_id), "outcome": DoorAction.Outcome.REFUSED, "code": "bad_action"}
    except RsvpError as exc:
        refused = DoorAction(
            client_id=client_id,
            event=event,
            kind=kind,
            by=by,
            made_at=made,
            outcome=DoorAction.Outcome.REFUSED,
            code=exc.code or "refused",
            message=str(exc.message)[:300],
        )
        try:
            with transaction.atomic():
                refused.save()
        except IntegrityError:
            return _replayed(DoorAction.objects.filter(client_id=client_id).first(), event)
        return _answer(refused)
    return _answer(row)


def door_sync(*, event: Event, by, actions: list, now: dt.datetime | None = None) -> list[dict]:
    """Apply a device's queue in order (at most SYNC_MAX_ACTIONS); one answer per action."""
    now = now or timezone.now()
    return [
        door_action_apply(event=event, by=by, action=action, now=now)
        for action in actions[:SYNC_MAX_ACTIONS]
    ]
