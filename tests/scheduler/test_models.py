import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from scheduler.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def _rejected(**changes) -> bool:
    event = factories.event()
    try:
        with transaction.atomic():
            Event.objects.filter(pk=event.pk).update(**changes)
    except IntegrityError:
        return True
    return False


def test_database_rejects_end_before_or_at_start():
    start = timezone.now()
    assert _rejected(start=start, end=start - dt.timedelta(minutes=1))
    assert _rejected(start=start, end=start)


def test_database_rejects_negative_capacity_and_empty_party():
    assert _rejected(capacity=-1)
    assert _rejected(max_party_size=0)


def test_database_accepts_unlimited_and_zero_capacity():
    assert not _rejected(capacity=None)
    assert not _rejected(capacity=0)


def test_database_rejects_rsvp_window_closing_before_it_opens():
    now = timezone.now()
    assert _rejected(rsvp_opens_at=now, rsvp_closes_at=now - dt.timedelta(hours=1))


def test_database_rejects_two_rows_for_one_series_occurrence():
    series = factories.series()
    start = timezone.now() + dt.timedelta(days=1)
    day = dt.date(2031, 1, 7)
    factories.event(series=series, occurrence_date=day, start=start)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.event(series=series, occurrence_date=day, start=start)


def test_event_uid_is_set_once_and_unique():
    first, second = factories.event(), factories.event()
    uid = first.uid
    first.title = "Renamed"
    first.save()
    first.refresh_from_db()
    assert first.uid == uid
    assert first.uid != second.uid
    assert uid.endswith("@porchlight")


@pytest.mark.parametrize(
    ("field", "value", "bumps"),
    [
        ("title", "New title", True),
        ("start", "shift", True),
        ("end", "shift", True),
        ("venue", "other", True),
        ("status", Event.Status.CANCELLED, True),
        ("description", "New words", False),
        ("capacity", 99, False),
        ("max_party_size", 2, False),
        ("visibility", "unlisted", False),
    ],
)
def test_sequence_goes_up_only_for_calendar_changes(field, value, bumps):
    event = Event.objects.get(pk=factories.event().pk)
    if value == "shift":
        value = getattr(event, field) + dt.timedelta(minutes=30)
        if field == "start":
            event.end += dt.timedelta(minutes=30)
    elif value == "other":
        value = factories.venue()
    setattr(event, field, value)
    event.save()
    event.refresh_from_db()
    assert event.sequence == (1 if bumps else 0)


def test_sequence_does_not_move_when_saved_unchanged():
    event = Event.objects.get(pk=factories.event().pk)
    event.save()
    event.save()
    event.refresh_from_db()
    assert event.sequence == 0


@pytest.mark.parametrize("name", ["America", "Etc", "x" * 300, "Mars/Olympus", "../etc/passwd"])
def test_unknown_time_zones_are_a_validation_error(name):
    from django.core.exceptions import ValidationError

    from scheduler.models import validate_timezone

    with pytest.raises(ValidationError, match="is not a known time zone"):
        validate_timezone(name)
