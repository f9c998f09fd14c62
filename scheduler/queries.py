"""Event reads shared by the pages, feeds and API: one query for the list, whatever its length."""

import datetime as dt

from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from scheduler.models import Event, Organization


def with_seats(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate `seats_taken` (confirmed people) and `waitlist_count` (waiting parties)."""
    from rsvp.models import Rsvp

    confirmed = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=Rsvp.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(total=Sum("party_size"))
        .values("total")
    )
    waiting = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=Rsvp.Status.WAITLISTED)
        .order_by()
        .values("event")
        .annotate(total=Sum(Value(1)))
        .values("total")
    )
    return queryset.annotate(
        seats_taken=Coalesce(Subquery(confirmed, output_field=IntegerField()), 0),
        waitlist_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
    )


def with_details(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related(
        "program", "venue__neighborhood", "host", "series"
    ).prefetch_related(Prefetch("partners", queryset=Organization.objects.order_by("name")))


def events_public_upcoming(now: dt.datetime | None = None) -> QuerySet[Event]:
    """Public events that have not ended, soonest first, with seats and details."""
    now = now or timezone.now()
    return with_seats(with_details(Event.objects.public().upcoming(now))).order_by("start", "id")


def event_detail(pk: int) -> Event:
    """One event with everything its page shows (unlisted ones too: the link is the key)."""
    return with_seats(with_details(Event.objects.filter(pk=pk))).get()
