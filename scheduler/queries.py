"""Event reads shared by the pages, feeds and API (seats and waitlist: rsvp/queries.py)."""

from django.db.models import Prefetch, QuerySet

from scheduler.models import Event, Organization


def with_details(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related(
        "program", "venue__neighborhood", "host", "series"
    ).prefetch_related(Prefetch("partners", queryset=Organization.objects.order_by("name")))
