"""Event reads shared by the pages, feeds and API (seats and waitlist: rsvp/queries.py).

Each language's texts are columns of the rows read here: reading them costs no query.
"""

from django.db.models import Prefetch, QuerySet

from scheduler.models import Event, Organization


def with_details(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related(
        "program", "venue__neighborhood", "host", "series"
    ).prefetch_related(Prefetch("partners", queryset=Organization.objects.order_by("name")))


def with_languages(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """With the languages spoken or interpreted at each event (the pages and the API show them)."""
    return queryset.prefetch_related("languages")
