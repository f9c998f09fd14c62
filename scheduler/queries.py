"""Event reads shared by the pages, feeds and API (seats and waitlist: rsvp/queries.py).

Each language's texts are columns of the rows read here: reading them costs no query.
"""

import dataclasses
import datetime as dt

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse

from scheduler.models import Event, Organization, Visibility

# How many dates of a series its card on the home page names after the one it shows.
NEXT_DATES = 3


def with_details(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related(
        "program", "venue__neighborhood", "host", "series"
    ).prefetch_related(Prefetch("partners", queryset=Organization.objects.order_by("name")))


def with_languages(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """With the languages spoken or interpreted at each event (the pages and the API show them)."""
    return queryset.prefetch_related("languages")


# A series' occurrences are one group; an event of no series is a group of its own (window
# partitions put NULLs together: (series, NULL) for occurrences, (NULL, id) for the others).
_GROUP = [F("series_id"), Case(When(series__isnull=True, then=F("id")))]
_SOONEST = [F("start").asc(), F("id").asc()]


def series_once(events: QuerySet[Event]) -> QuerySet[Event]:
    """`events` with each series once: its soonest occurrence among them, annotated with
    `occurrences_matching` (how many of its occurrences are among `events`; 1 for an event of
    no series). One query, window functions (SQLite and PostgreSQL): a weekly series is one
    row to page through, not 52."""
    return events.annotate(
        occurrence_rank=Window(RowNumber(), partition_by=_GROUP, order_by=_SOONEST),
        occurrences_matching=Window(Count("id"), partition_by=_GROUP),
    ).filter(occurrence_rank=1)


@dataclasses.dataclass(frozen=True)
class NextDate:
    url: str
    start: dt.datetime
    timezone: str
    cancelled: bool


def series_next_dates(
    events: QuerySet[Event], cards: list[Event], *, count: int = NEXT_DATES
) -> dict[int, list[NextDate]]:
    """For the series among `cards` (rows of series_once(events)): the `count` occurrences
    among `events` after the card's, by series id. One query for the whole page."""
    series_ids = [card.series_id for card in cards if card.occurrences_matching > 1]
    if not series_ids:
        return {}
    rows = (
        events.filter(series_id__in=series_ids)
        .annotate(
            occurrence_rank=Window(RowNumber(), partition_by=[F("series_id")], order_by=_SOONEST)
        )
        .filter(occurrence_rank__gt=1, occurrence_rank__lte=count + 1)
        .values_list("series_id", "id", "share_key", "visibility", "start", "timezone", "status")
    )
    found: dict[int, list[NextDate]] = {}
    for series_id, pk, share_key, visibility, start, tz_name, status in rows:
        # The lists show public events; an unlisted one is reached by its key only.
        url = (
            reverse("rsvp:event_link", args=[share_key])
            if visibility == Visibility.UNLISTED
            else reverse("rsvp:event_detail", args=[pk])
        )
        found.setdefault(series_id, []).append(
            NextDate(url, start, tz_name, status == Event.Status.CANCELLED)
        )
    return found


def to_arrange_filter(prefix: str = "rsvps__") -> Q:
    """What a coordinator has to arrange: the open accommodation requests (accommodations
    app; the free text is its "something else" request) of confirmed RSVPs. The one
    definition of "to arrange" (the event list's count, the dashboard)."""
    return Q(**{f"{prefix}status": "confirmed"}) & Q(
        **{f"{prefix}accommodation_requests__state": "open"}
    )


def _to_arrange_count() -> Subquery:
    # A subquery, not a join of with_admin_counts' own: joining the requests there would
    # count each RSVP (and sum its party) once per request.
    return Subquery(
        Event.objects.filter(pk=OuterRef("pk"))
        .annotate(n=Count("rsvps__accommodation_requests", filter=to_arrange_filter()))
        .values("n")[:1]
    )


def with_admin_counts(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Events with `confirmed`, `waitlisted` (RSVPs), `to_arrange` (requests: to_arrange_filter) and
    `seats_taken` (confirmed seats, guests included): one join, in the same query."""
    # `rsvps` is the RSVP app's reverse relation (this app imports nothing of it).
    confirmed = Q(rsvps__status="confirmed")
    return queryset.annotate(
        confirmed=Count("rsvps", filter=confirmed),
        waitlisted=Count("rsvps", filter=Q(rsvps__status="waitlisted")),
        to_arrange=_to_arrange_count(),
        seats_taken=Coalesce(Sum("rsvps__party_size", filter=confirmed), 0),
    )
