"""The home page: upcoming events, filtered."""

import calendar
import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rsvp import queries
from scheduler.filters import EventFilter
from scheduler.models import Event, Neighborhood, Organization, Program
from scheduler.when import week_end

# The filters a resident sets on the page; "page" only moves through the results.
FILTER_NAMES = ("q", "program", "neighborhood", "organization", "language", "when")
DATE_NAMES = ("start_after", "start_before")


def _when_range(when: str) -> tuple[dt.date, dt.date] | None:
    today = timezone.localdate()
    if when == "week":
        return today, week_end(today)
    if when == "month":
        return today, today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return None


def event_list(request):
    # "This week" and "this month" are the page's words for a from/to range: the shared
    # EventFilter (also behind the feeds and the API) keeps its two dates and no more.
    data = request.GET.copy()
    when = data.get("when", "")
    when_error = None
    if when and not (span := _when_range(when)):
        when_error = _("Choose “This week”, “This month” or dates.")
    elif when and not any(data.get(name) for name in DATE_NAMES):
        data["start_after"], data["start_before"] = (day.isoformat() for day in span)
    data.pop("when", None)
    filterset = EventFilter(data or None, queryset=queries.events_public_upcoming())
    valid = not filterset.is_bound or filterset.is_valid()
    events = filterset.qs if filterset.is_bound and valid else filterset.queryset
    # (name, label, errors): the name ties each error to its control (aria-describedby).
    filter_errors = []
    if filterset.is_bound and not valid:
        filter_errors = [
            (name, filterset.form.fields[name].label, errors)
            if name in filterset.form.fields
            else ("", "", errors)
            for name, errors in filterset.errors.items()
        ]
    if when_error:
        filter_errors.append(("when", _("When"), [when_error]))
    if filter_errors:
        events = Event.objects.none()
    paginator = Paginator(events, settings.PORCHLIGHT["EVENTS_PER_PAGE"])
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    undated = query.copy()
    for name in ("when", *DATE_NAMES):
        undated.pop(name, None)
    active = sum(1 for name in FILTER_NAMES if request.GET.get(name))
    # From and to count as one filter: one range of dates.
    active += any(request.GET.get(name) for name in DATE_NAMES) and not request.GET.get("when")
    return render(
        request,
        "scheduler/event_list.html",
        {
            "page": page,
            "events": page.object_list,
            "filterset": filterset,
            "filter_errors": filter_errors,
            "filter_invalid": {name for name, _label, _errors in filter_errors if name},
            "programs": Program.objects.all(),
            "neighborhoods": Neighborhood.objects.all(),
            "organizations": Organization.objects.all(),
            "query_string": query.urlencode(),
            "undated_query": undated.urlencode(),
            "filtered": bool(query),
            "active_filters": active,
            "when": when,
            "dated": bool(when or any(request.GET.get(name) for name in DATE_NAMES)),
        },
    )
