"""Public pages: the list of upcoming events and one event's page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from rsvp.forms import RsvpForm
from rsvp.services import rsvp_closed_reason
from scheduler import queries
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


def event_page(request, event: Event, form: RsvpForm | None = None, status: int = 200):
    """Render an event's page; the RSVP view uses it too, to show form errors in place."""
    return render(
        request,
        "scheduler/event_detail.html",
        {
            "event": event,
            "form": form or RsvpForm(event=event),
            "closed_reason": rsvp_closed_reason(event),
        },
        status=status,
    )


def event_detail(request, pk: int):
    try:
        event = queries.event_detail(pk)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None
    return event_page(request, event)
