"""Writes with rules for events and series: save, cancel, delete, materialize."""

import dataclasses
import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from scheduler import signals
from scheduler.errors import CapacityError, EventError
from scheduler.locking import event_locked
from scheduler.models import Event, EventSeries, OfficerFeedToken, SeriesExclusion
from scheduler.recurrence import local_datetime, occurrence_dates
from scheduler.tokens import token_hash, token_new

logger = logging.getLogger(__name__)

# Fields an occurrence takes from its series while it has not been edited by hand.
SERIES_FIELDS = (
    "title",
    "description",
    "program_id",
    "venue_id",
    "host_id",
    "timezone",
    "max_party_size",
    "visibility",
    "promotion_cutoff_minutes",
)


def _changes(event: Event, loaded: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (old, getattr(event, name))
        for name, old in loaded.items()
        if old != getattr(event, name)
    }


def _snapshot(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in Event.CALENDAR_FIELDS}


# Set only by their own services (event_cancel, the capacity rules, materialization).
PROTECTED_FIELDS = {
    "status",
    "cancelled_at",
    "sequence",
    "uid",
    "capacity",
    "series",
    "occurrence_date",
    "created_at",
    "updated_at",
}


def event_save(
    *, event: Event, changed_fields: list[str] | None = None, capacity: Any = ...
) -> Event:
    """Save an event edited by hand (admin or API), with its rules.

    Only the fields named in `changed_fields` are copied, onto the row as it is under
    the event's lock, so an edit made from a page opened earlier never writes back a
    stale status or capacity. An occurrence of a series edited by hand stops following
    its series. A capacity change goes through the RSVP rules (never below confirmed
    seats; a raise promotes the waitlist in the same transaction).
    """
    if event.pk is None:
        with transaction.atomic():
            if capacity is not ...:
                event.capacity = capacity
            event.save()
        return event

    with event_locked(event.pk) as current:
        before = _snapshot(current)
        fields = [
            Event._meta.get_field(name).attname
            for name in changed_fields or []
            if name not in PROTECTED_FIELDS and not Event._meta.get_field(name).many_to_many
        ]
        for attname in fields:
            setattr(current, attname, getattr(event, attname))
        # Any edit (partners and officers too, which the caller saves) detaches an
        # occurrence from its series — unless the edit is the "customized" box itself:
        # unticking it makes the occurrence follow its series again.
        if current.series_id and changed_fields and "is_customized" not in changed_fields:
            current.is_customized = True
        try:
            # Two edits may cross (one moves the start, the other the end): check the
            # merged row, so a clash is a clear refusal, not a database error.
            current.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise EventError(" ".join(exc.messages)) from None
        current.save()
        if capacity is not ... and capacity != current.capacity:
            event_capacity_set(event=current, capacity=capacity, locked=True)
        changes = _changes(current, before)
        if changes:
            signals.event_changed.send(sender=Event, event=current, changes=changes)
    event.refresh_from_db()
    return event


def event_capacity_set(
    *, event: Event, capacity: int | None, locked: bool = False, now: dt.datetime | None = None
) -> Event:
    """Set capacity; never below confirmed seats; a raise moves the waitlist at once."""
    if capacity is not None and capacity < 0:
        raise CapacityError("Capacity cannot be negative.")
    if not locked:
        with event_locked(event.pk) as current:
            event_capacity_set(event=current, capacity=capacity, locked=True, now=now)
        event.refresh_from_db()
        return event
    # `rsvps` is the RSVP app's reverse relation (this app imports nothing of it).
    confirmed = event.rsvps.confirmed().seats()
    if capacity is not None and capacity < confirmed:
        raise CapacityError(
            f"{confirmed} seats are already confirmed, so capacity cannot go below {confirmed}. "
            "Ask residents to cancel, or cancel their RSVPs one by one, first."
        )
    if event.capacity != capacity:
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated_at"])
        # The waitlist (rsvp.receivers) takes the new seats in this same transaction.
        signals.seats_freed.send(sender=Event, event=event, now=now)
    return event


def event_cancel(*, event: Event, reason: str = "") -> bool:
    """Cancel an event; its RSVPs stay on record. Returns False if it already was."""
    with event_locked(event.pk) as current:
        if current.status == Event.Status.CANCELLED:
            return False
        before = _snapshot(current)
        current.status = Event.Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.cancellation_reason = reason[:300]
        current.save()
        signals.event_cancelled.send(sender=Event, event=current)
        signals.event_changed.send(sender=Event, event=current, changes=_changes(current, before))
    event.refresh_from_db()
    return True


def event_delete(*, event: Event) -> None:
    """Delete an event that nobody has RSVPed to; an occurrence is excluded from its series.

    An event with RSVPs is cancelled instead, so residents are told rather than dropped.
    """
    with event_locked(event.pk) as current:
        if _has_attendance(current):
            raise EventError(
                "This event has RSVPs or walk-ins, so it cannot be deleted. Cancel it "
                "instead: the residents who RSVPed will be told."
            )
        if current.series_id and current.occurrence_date:
            SeriesExclusion.objects.get_or_create(
                series_id=current.series_id, occurrence_date=current.occurrence_date
            )
        current.delete()


@dataclasses.dataclass
class MaterializeResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.cancelled} cancelled, {self.deleted} deleted"
        )


def series_horizon(now: dt.datetime | None = None) -> dt.date:
    now = now or timezone.now()
    return (now + dt.timedelta(days=settings.PORCHLIGHT["SERIES_HORIZON_DAYS"])).date()


def series_materialize(
    *, series: EventSeries, until: dt.date | None = None, now: dt.datetime | None = None
) -> MaterializeResult:
    """Make the series' Event rows match its rule up to `until` (default: the horizon).

    Idempotent. Past occurrences are never touched. A future occurrence that was not
    edited by hand follows the series; hand-edited and cancelled ones keep their state.
    An occurrence the rule no longer gives is deleted if nobody RSVPed, otherwise
    cancelled (so its residents are told) — never deleted silently.
    """
    now = now or timezone.now()
    until = until or series_horizon(now)
    result = MaterializeResult()
    with transaction.atomic():
        # One materialization per series at a time (the daily task and an admin edit
        # may overlap); the unique (series, occurrence_date) constraint backs this.
        series = EventSeries.objects.select_for_update().get(pk=series.pk)
        dates = occurrence_dates(
            rule=series.rrule,
            start_date=series.start_date,
            start_time=series.start_time,
            until=until,
        )
        excluded = set(series.exclusions.values_list("occurrence_date", flat=True))
        wanted = [day for day in dates if day not in excluded]
        existing = {event.occurrence_date: event for event in series.occurrences.all()}
        partner_ids = set(series.partners.values_list("id", flat=True))
        officer_ids = set(series.officers.values_list("id", flat=True))

        for day in wanted:
            start = local_datetime(day, series.start_time, series.timezone)
            end = start + series.duration
            event = existing.get(day)
            if event is None:
                event = Event(
                    series=series,
                    occurrence_date=day,
                    start=start,
                    end=end,
                    capacity=series.capacity,
                    **{name: getattr(series, name) for name in SERIES_FIELDS},
                )
                event.save()
                event.partners.set(partner_ids)
                event.officers.set(officer_ids)
                result.created += 1
            elif (
                event.start > now
                and not event.is_customized
                and not event.is_cancelled
                and _occurrence_follow(event.pk, series, start, end, partner_ids, officer_ids, now)
            ):
                result.updated += 1

        wanted_set = set(wanted)
        for day, event in existing.items():
            if day in wanted_set or event.start <= now or event.is_cancelled:
                continue
            if event.is_customized and day not in excluded:
                continue
            with event_locked(event.pk) as current:
                # Checked and deleted under the event's lock: an RSVP arriving meanwhile
                # waits, then finds the date cancelled rather than silently deleted.
                if _has_attendance(current):
                    event_cancel(event=current, reason="This date was removed from the series.")
                    result.cancelled += 1
                else:
                    current.delete()
                    result.deleted += 1

        series.materialized_until = until
        series.save(update_fields=["materialized_until"])
    return result


def _has_attendance(event: Event) -> bool:
    """RSVPs or walk-ins on record: such an event is cancelled, never deleted."""
    return event.rsvps.exists() or event.walkins.exists()


def _occurrence_follow(
    event_id: int,
    series: EventSeries,
    start: dt.datetime,
    end: dt.datetime,
    partner_ids: set[int],
    officer_ids: set[int],
    now: dt.datetime,
) -> bool:
    """Bring a not-hand-edited future occurrence in line with its series.

    Under the event's own lock, on the row as it is now: an RSVP, a cancel or a hand
    edit that happened since the series was read is never overwritten.
    """
    with event_locked(event_id) as event:
        if event.is_customized or event.is_cancelled or event.start <= now:
            return False
        return _occurrence_apply(event, series, start, end, partner_ids, officer_ids)


def _occurrence_apply(
    event: Event,
    series: EventSeries,
    start: dt.datetime,
    end: dt.datetime,
    partner_ids: set[int],
    officer_ids: set[int],
) -> bool:
    changed = False
    before = _snapshot(event)
    for name in SERIES_FIELDS:
        if getattr(event, name) != getattr(series, name):
            setattr(event, name, getattr(series, name))
            changed = True
    if event.start != start or event.end != end:
        event.start, event.end = start, end
        changed = True
    if changed:
        event.save()
        changes = _changes(event, before)
        if changes:
            signals.event_changed.send(sender=Event, event=event, changes=changes)
    if event.capacity != series.capacity:
        try:
            event_capacity_set(event=event, capacity=series.capacity, locked=True)
            changed = True
        except EventError as exc:
            # More residents are confirmed than the new capacity: keep this date's
            # capacity rather than drop anyone, and say so in the log.
            logger.warning("Series %s, event %s: capacity kept: %s", series.pk, event.pk, exc)
    if {p.pk for p in event.partners.all()} != partner_ids:
        event.partners.set(partner_ids)
        changed = True
    if {o.pk for o in event.officers.all()} != officer_ids:
        event.officers.set(officer_ids)
        changed = True
    return changed


def series_extend_all(*, now: dt.datetime | None = None) -> int:
    """Extend every series to the horizon (the daily task). Returns occurrences created."""
    created = 0
    for series in EventSeries.objects.order_by("pk"):
        created += series_materialize(series=series, now=now).created
    return created


def officer_feed_token_rotate(*, user) -> str:
    """A new assignment-feed token for this user; any earlier link stops working.

    Returns the clear token: it is shown once and never stored.
    """
    token = token_new()
    OfficerFeedToken.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token
