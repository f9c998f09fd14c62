"""Writes with rules for one event: create, save, capacity, cancel, reinstate, delete."""

import datetime as dt
from collections.abc import Iterable, Mapping
from types import EllipsisType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext, ngettext

from scheduler import signals
from scheduler.errors import CapacityError, EventError
from scheduler.locking import event_locked
from scheduler.models import (
    Event,
    EventSeries,
    Organization,
    Program,
    Review,
    SeriesExclusion,
    Venue,
    Visibility,
)
from scheduler.recurrence import occurrence_dates
from scheduler.services.common import (
    CHECKED_AS_COLUMNS,
    GIVEN_FIELDS,
    calendar_snapshot,
    column_name,
    field_changes,
    given,
    has_attendance,
    program_defaults,
    refusal,
    texts,
)


def event_create(
    *,
    title: str,
    program: Program,
    venue: Venue,
    host: Organization,
    start: dt.datetime,
    end: dt.datetime,
    description: str = "",
    partners: Iterable[Organization | int] = (),
    officers: Iterable[Any] = (),
    timezone: str | None = None,
    capacity: int | None | EllipsisType = ...,
    max_party_size: int | None = None,
    visibility: str = Visibility.PUBLIC,
    rsvp_opens_at: dt.datetime | None = None,
    rsvp_closes_at: dt.datetime | None = None,
    promotion_cutoff_minutes: int | None = None,
    rsvp_mode: str = "",
    series: EventSeries | None = None,
    occurrence_date: dt.date | None = None,
    import_key: str | None = None,
    translations: Mapping[str, str | None] | None = None,
    review: str = Review.PUBLISHED,
) -> Event:
    """Create an event with its partners and officers, in one transaction.

    Capacity and party size that the caller does not give come from the program:
    `capacity=...` (the default) means "not given", `capacity=None` is an explicit
    "unlimited". The admin, the API and series materialization all create through here.
    `title` and `description` are the default language's; `translations` the others'
    ({"title_es": "Café con un policía", …}).
    """
    event = Event(
        **texts(title, description, translations),
        program=program,
        venue=venue,
        host=host,
        start=start,
        end=end,
        visibility=visibility,
        rsvp_mode=rsvp_mode,
        rsvp_opens_at=rsvp_opens_at,
        rsvp_closes_at=rsvp_closes_at,
        series=series,
        occurrence_date=occurrence_date,
        import_key=import_key,
        review=review,
        **program_defaults(program, capacity, max_party_size),
        **given(timezone=timezone, promotion_cutoff_minutes=promotion_cutoff_minutes),
    )
    _event_check(event)
    with transaction.atomic():
        event.save()
        event.partners.set(partners)
        event.officers.set(officers)
    return event


def _constraint_message(name: str) -> str:
    return next(c for c in Event._meta.constraints if c.name == name).get_violation_error_message()


def _event_check(event: Event) -> None:
    """A new event's rules, in Python: its database constraints back them, but checking
    those through the model costs a query each, for every occurrence a series makes."""
    try:
        event.clean_fields(exclude=[*GIVEN_FIELDS, *CHECKED_AS_COLUMNS])
    except ValidationError as exc:
        raise refusal(exc) from None
    if event.end <= event.start:
        raise EventError(_constraint_message("event_end_after_start"), field="end")
    if event.rsvp_opens_at and event.rsvp_closes_at and event.rsvp_closes_at <= event.rsvp_opens_at:
        raise EventError(_constraint_message("event_rsvp_window_ordered"), field="rsvp_closes_at")
    if event.max_party_size < 1:
        raise EventError(
            gettext("A party is at least one person: the resident."), field="max_party_size"
        )


# Set only by their own services (event_cancel, the capacity rules, materialization).
PROTECTED_FIELDS = {
    "status",
    "cancelled_at",
    "cancellation_reason",
    "sequence",
    "uid",
    "capacity",
    "series",
    "occurrence_date",
    "import_key",
    "review",
    "created_at",
    "updated_at",
}


def event_save(
    *,
    event: Event,
    changed_fields: list[str] | None = None,
    capacity: int | None | EllipsisType = ...,
    partners: Iterable[Organization | int] | None = None,
    officers: Iterable[Any] | None = None,
) -> Event:
    """Save an event edited by hand (admin or API), with its rules.

    Only the fields named in `changed_fields` are copied (a text by its column, "title_es";
    "title" is the active language's), onto the row as it is under the event's lock, so an
    edit made from a page opened earlier never writes back a stale status or capacity;
    partners and officers are set only when given (None: left as they are). An occurrence
    of a series edited by hand stops following its series. A capacity change goes through
    the RSVP rules (never below confirmed seats; a raise promotes the waitlist in the same
    transaction). The whole edit is refused or written.
    """
    if event.pk is None:
        # One way in for new events, so the program's defaults always apply.
        raise ValueError("event_save changes an existing event; create one with event_create.")
    with event_locked(event.pk) as current:
        before = calendar_snapshot(current)
        fields = [
            Event._meta.get_field(column_name(name)).attname
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
            current.full_clean(exclude=CHECKED_AS_COLUMNS, validate_unique=False)
        except ValidationError as exc:
            raise refusal(exc) from None
        current.save()
        if capacity is not ... and capacity != current.capacity:
            event_capacity_set(event=current, capacity=capacity, locked=True)
        if partners is not None:
            current.partners.set(partners)
        if officers is not None:
            current.officers.set(officers)
        changes = field_changes(current, before)
        if changes:
            signals.event_changed.send(sender=Event, event=current, changes=changes)
    event.refresh_from_db()
    return event


def event_capacity_set(
    *, event: Event, capacity: int | None, locked: bool = False, now: dt.datetime | None = None
) -> Event:
    """Set capacity; never below confirmed seats; a raise moves the waitlist at once."""
    if capacity is not None and capacity < 0:
        raise CapacityError(gettext("Capacity cannot be negative."))
    if not locked:
        with event_locked(event.pk) as current:
            event_capacity_set(event=current, capacity=capacity, locked=True, now=now)
        event.refresh_from_db()
        return event
    # `rsvps` is the RSVP app's reverse relation (this app imports nothing of it).
    confirmed = event.rsvps.confirmed().seats()
    if capacity is not None and capacity < confirmed:
        raise CapacityError(
            ngettext(
                "%(confirmed)d seat is already confirmed, so capacity cannot go below "
                "%(confirmed)d. Ask residents to cancel, or cancel their RSVPs one by one, first.",
                "%(confirmed)d seats are already confirmed, so capacity cannot go below "
                "%(confirmed)d. Ask residents to cancel, or cancel their RSVPs one by one, first.",
                confirmed,
            )
            % {"confirmed": confirmed}
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
        before = calendar_snapshot(current)
        current.status = Event.Status.CANCELLED
        current.cancelled_at = timezone_now()
        current.cancellation_reason = reason[:300]
        current.save()
        signals.event_cancelled.send(sender=Event, event=current)
        signals.event_changed.send(
            sender=Event, event=current, changes=field_changes(current, before)
        )
    event.refresh_from_db()
    return True


def event_reinstate(*, event: Event, now: dt.datetime | None = None) -> bool:
    """Schedule a cancelled event again; its RSVPs are as they were when it was cancelled.

    Returns False if it was not cancelled. An event that has ended is refused. Seats
    freed while it was cancelled go to the waitlist now (the waitlist does not move on a
    cancelled event). An occurrence whose date its series no longer gives is kept as
    edited by hand, or the next materialization would cancel it again.
    """
    now = now or timezone_now()
    with event_locked(event.pk) as current:
        if current.status != Event.Status.CANCELLED:
            return False
        if current.end <= now:
            raise EventError(
                gettext("This event has already ended, so it cannot be reinstated."),
                code="event_ended",
            )
        before = calendar_snapshot(current)
        current.status = Event.Status.SCHEDULED
        current.cancelled_at = None
        current.cancellation_reason = ""
        if current.series_id and not current.is_customized and not _series_gives(current):
            current.is_customized = True
        current.save()
        signals.event_reinstated.send(sender=Event, event=current)
        signals.event_changed.send(
            sender=Event, event=current, changes=field_changes(current, before)
        )
        signals.seats_freed.send(sender=Event, event=current, now=now)
    event.refresh_from_db()
    return True


def _series_gives(event: Event) -> bool:
    """Whether the event's series (still) has an occurrence on the event's date."""
    series = event.series
    if (
        event.occurrence_date is None
        or series.exclusions.filter(occurrence_date=event.occurrence_date).exists()
    ):
        return False
    dates = occurrence_dates(
        rule=series.rrule,
        start_date=series.start_date,
        start_time=series.start_time,
        until=event.occurrence_date,
    )
    return bool(dates) and dates[-1] == event.occurrence_date


def event_delete(*, event: Event) -> None:
    """Delete an event that nobody has RSVPed to; an occurrence is excluded from its series.

    An event with RSVPs is cancelled instead, so residents are told rather than dropped.
    """
    with event_locked(event.pk) as current:
        if has_attendance(current):
            raise EventError(
                gettext(
                    "This event has RSVPs or walk-ins, so it cannot be deleted. Cancel it "
                    "instead: the residents who RSVPed will be told."
                )
            )
        if current.series_id and current.occurrence_date:
            SeriesExclusion.objects.get_or_create(
                series_id=current.series_id, occurrence_date=current.occurrence_date
            )
        current.delete()
