"""Writes with rules for recurring series: create, save, materialize their occurrences."""

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from types import EllipsisType
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.timezone import now as timezone_now

from scheduler import signals
from scheduler.errors import EventError
from scheduler.locking import event_locked
from scheduler.models import (
    Event,
    EventSeries,
    Organization,
    Program,
    SeriesExclusion,
    Venue,
    Visibility,
    default_column,
    text_columns,
)
from scheduler.recurrence import local_datetime, occurrence_dates, rrule_normalize, rrule_parse
from scheduler.services.common import (
    CHECKED_AS_COLUMNS,
    GIVEN_FIELDS,
    TEXT_FIELDS,
    calendar_snapshot,
    field_changes,
    given,
    has_attendance,
    program_defaults,
    refusal,
    texts,
    translations_of,
)
from scheduler.services.events import event_cancel, event_capacity_set, event_create

logger = logging.getLogger(__name__)

# Fields an occurrence takes from its series while it has not been edited by hand (the
# texts in every language).
SERIES_FIELDS = (
    *text_columns(*TEXT_FIELDS),
    "program_id",
    "venue_id",
    "host_id",
    "timezone",
    "max_party_size",
    "visibility",
    "promotion_cutoff_minutes",
    "rsvp_mode",
)


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


def _series_check(series: EventSeries) -> None:
    """The rules of a series (its rule, a duration of more than zero and at most 24 hours),
    checked before it is written; the database backs the duration with constraints."""
    try:
        series.rrule = rrule_normalize(series.rrule)
        rrule_parse(series.rrule, start=dt.datetime.combine(series.start_date, series.start_time))
    except ValidationError as exc:
        raise EventError(" ".join(exc.messages), field="rrule") from None
    try:
        series.full_clean(exclude=[*GIVEN_FIELDS, *CHECKED_AS_COLUMNS], validate_unique=False)
    except ValidationError as exc:
        raise refusal(exc) from None


def series_create(
    *,
    title: str,
    program: Program,
    venue: Venue,
    host: Organization,
    rrule: str,
    start_date: dt.date,
    start_time: dt.time,
    duration: dt.timedelta,
    description: str = "",
    partners: Iterable[Organization | int] = (),
    officers: Iterable[Any] = (),
    timezone: str | None = None,
    capacity: int | None | EllipsisType = ...,
    max_party_size: int | None = None,
    visibility: str = Visibility.PUBLIC,
    promotion_cutoff_minutes: int | None = None,
    rsvp_mode: str = "",
    import_key: str | None = None,
    translations: Mapping[str, str | None] | None = None,
    skip_dates: Iterable[dt.date] = (),
) -> EventSeries:
    """Create a series (not its occurrences: series_materialize makes those).

    Capacity and party size not given come from the program, as in event_create; its
    occurrences then take the series' values. `title` and `description` are the default
    language's, `translations` the others' (as for event_create).
    """
    series = EventSeries(
        **texts(title, description, translations),
        program=program,
        venue=venue,
        host=host,
        rrule=rrule,
        start_date=start_date,
        start_time=start_time,
        duration=duration,
        visibility=visibility,
        rsvp_mode=rsvp_mode,
        import_key=import_key,
        **program_defaults(program, capacity, max_party_size),
        **given(timezone=timezone, promotion_cutoff_minutes=promotion_cutoff_minutes),
    )
    _series_check(series)
    with transaction.atomic():
        series.save()
        series.partners.set(partners)
        series.officers.set(officers)
        _exclusions_set(series, skip_dates)
    return series


def series_save(
    *,
    series: EventSeries,
    partners: Iterable[Organization | int] | None = None,
    officers: Iterable[Any] | None = None,
    skip_dates: Iterable[dt.date] | None = None,
) -> EventSeries:
    """Save an edited series with its rules; partners, officers and the dates it skips
    (all of them: a date left out meets again) only when given.

    Its occurrences follow on the next series_materialize.
    """
    _series_check(series)
    with transaction.atomic():
        series.save()
        if partners is not None:
            series.partners.set(partners)
        if officers is not None:
            series.officers.set(officers)
        if skip_dates is not None:
            _exclusions_set(series, skip_dates)
    return series


def _exclusions_set(series: EventSeries, dates: Iterable[dt.date]) -> None:
    """The series skips exactly these dates (inside the caller's transaction)."""
    wanted = set(dates)
    series.exclusions.exclude(occurrence_date__in=wanted).delete()
    known = set(series.exclusions.values_list("occurrence_date", flat=True))
    SeriesExclusion.objects.bulk_create(
        [SeriesExclusion(series=series, occurrence_date=day) for day in sorted(wanted - known)],
        ignore_conflicts=True,
    )


def series_dates_exclude(*, series: EventSeries, dates: Iterable[dt.date]) -> list[dt.date]:
    """Take dates out of a series for good (an imported calendar's EXDATE); returns those
    that were not out already.

    The occurrences on them go with the next series_materialize: deleted if nobody RSVPed,
    otherwise cancelled, so their residents are told.
    """
    with transaction.atomic():
        known = set(series.exclusions.values_list("occurrence_date", flat=True))
        new = sorted(set(dates) - known)
        SeriesExclusion.objects.bulk_create(
            [SeriesExclusion(series=series, occurrence_date=day) for day in new],
            ignore_conflicts=True,
        )
    return new


def series_horizon(now: dt.datetime | None = None) -> dt.date:
    now = now or timezone_now()
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
    now = now or timezone_now()
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
                event_create(
                    series=series,
                    occurrence_date=day,
                    start=start,
                    end=end,
                    title=getattr(series, default_column("title")),
                    description=getattr(series, default_column("description")) or "",
                    translations=translations_of(series),
                    program=series.program,
                    venue=series.venue,
                    host=series.host,
                    timezone=series.timezone,
                    capacity=series.capacity,
                    max_party_size=series.max_party_size,
                    visibility=series.visibility,
                    promotion_cutoff_minutes=series.promotion_cutoff_minutes,
                    rsvp_mode=series.rsvp_mode,
                    partners=partner_ids,
                    officers=officer_ids,
                )
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
                if has_attendance(current):
                    # Stored with the event and shown to every resident, as a reason a
                    # coordinator types would be: in the site's language, not in that of
                    # whoever saved the series.
                    with translation.override(settings.LANGUAGE_CODE):
                        reason = translation.gettext("This date was removed from the series.")
                    event_cancel(event=current, reason=reason)
                    result.cancelled += 1
                else:
                    current.delete()
                    result.deleted += 1

        series.materialized_until = until
        series.save(update_fields=["materialized_until"])
    return result


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
    before = calendar_snapshot(event)
    for name in SERIES_FIELDS:
        if _differ(getattr(event, name), getattr(series, name)):
            setattr(event, name, getattr(series, name))
            changed = True
    if event.start != start or event.end != end:
        event.start, event.end = start, end
        changed = True
    if changed:
        event.save()
        changes = field_changes(event, before)
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


def _differ(ours, theirs) -> bool:
    # A text not given in a language is NULL in one row and "" in another (a form saves
    # ""): the same thing, not a change to copy (nor a new SEQUENCE for calendars).
    if isinstance(ours, str | None) and isinstance(theirs, str | None):
        return (ours or "") != (theirs or "")
    return ours != theirs


def series_extend_all(*, now: dt.datetime | None = None) -> int:
    """Extend every series to the horizon (the daily task). Returns occurrences created."""
    created = 0
    for series in EventSeries.objects.order_by("pk"):
        created += series_materialize(series=series, now=now).created
    return created
