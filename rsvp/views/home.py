"""The home page: upcoming events, filtered."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from rsvp import queries
from scheduler.filters import EventFilter
from scheduler.models import Event, Neighborhood, Organization, Program


def event_list(request):
    filterset = EventFilter(request.GET or None, queryset=queries.events_public_upcoming())
    events = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    if filterset.is_bound and not filterset.is_valid():
        events = Event.objects.none()
    paginator = Paginator(events, settings.PORCHLIGHT["EVENTS_PER_PAGE"])
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "scheduler/event_list.html",
        {
            "page": page,
            "events": page.object_list,
            "filterset": filterset,
            "filter_errors": filterset.errors if filterset.is_bound else {},
            "programs": Program.objects.all(),
            "neighborhoods": Neighborhood.objects.all(),
            "organizations": Organization.objects.all(),
            "query_string": query.urlencode(),
            "filtered": bool(query),
        },
    )
