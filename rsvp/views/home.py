"""The home page: upcoming events, filtered, each series once, those near the resident first."""

import calendar
import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from rsvp import queries
from scheduler.filters import EventFilter
from scheduler.models import Event, Neighborhood, Organization, Program
from scheduler.queries import series_next_dates, series_once
from scheduler.when import week_end

# The filters a resident sets on the page; "page" only moves through the results.
FILTER_NAMES = ("q", "program", "neighborhood", "organization", "language", "when")
DATE_NAMES = ("start_after", "start_before")

# "Events near me" is kept on the resident's phone, in a cookie, not in the server: picked
# once, it orders every later visit (a query parameter would be forgotten by the next link
# from elsewhere, and a bookmark is more than a resident should need). The choice also rides
# in the page's own links (?near=) while it is being made, so it works with cookies refused.
NEAR_COOKIE = "porchlight_near"
NEAR_COOKIE_AGE = 365 * 24 * 3600
IN, NEARBY, ELSEWHERE = 0, 1, 2


def _when_range(when: str) -> tuple[dt.date, dt.date] | None:
    today = timezone.localdate()
    if when == "week":
        return today, week_end(today)
    if when == "month":
        return today, today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return None


def _near(request, neighborhoods: list[Neighborhood]) -> Neighborhood | None:
    slug = request.GET.get("near") if "near" in request.GET else request.COOKIES.get(NEAR_COOKIE)
    return next((hood for hood in neighborhoods if hood.slug == slug), None)


def _nearness(near: Neighborhood) -> Case:
    nearby = Neighborhood.objects.filter(nearby=near).values("pk")
    return Case(
        When(venue__neighborhood=near, then=Value(IN)),
        When(venue__neighborhood__in=nearby, then=Value(NEARBY)),
        default=Value(ELSEWHERE),
        output_field=IntegerField(),
    )


def _sections(cards: list[Event], near: Neighborhood | None) -> list[tuple[str, list[Event]]]:
    """The page's cards under "In Eastside", "Near Eastside", "Elsewhere" (one untitled
    list when no neighborhood is chosen)."""
    if near is None:
        return [("", cards)]
    headings = {
        IN: _("In %(neighborhood)s") % {"neighborhood": near.name},
        NEARBY: _("Near %(neighborhood)s") % {"neighborhood": near.name},
        ELSEWHERE: _("Elsewhere"),
    }
    sections: list[tuple[str, list[Event]]] = []
    for card in cards:
        if not sections or sections[-1][0] != headings[card.nearness]:
            sections.append((headings[card.nearness], []))
        sections[-1][1].append(card)
    return sections


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
    neighborhoods = list(Neighborhood.objects.all())
    near = _near(request, neighborhoods)
    order = ("start", "id")
    if near is not None:
        events = events.annotate(nearness=_nearness(near))
        order = ("nearness", *order)
    # Pages count cards: a weekly series is one card (its soonest matching occurrence) with
    # its next matching dates, not a page of its own.
    paginator = Paginator(
        series_once(events).order_by(*order), settings.PORCHLIGHT["EVENTS_PER_PAGE"]
    )
    page = paginator.get_page(request.GET.get("page"))
    cards = list(page.object_list)
    next_dates = series_next_dates(events, cards)
    for card in cards:
        card.next_dates = next_dates.get(card.series_id, [])
        card.more_dates = max(card.occurrences_matching - 1 - len(card.next_dates), 0)
    query = request.GET.copy()
    query.pop("page", None)
    # What the "near me" form keeps of the other choices (hidden fields).
    kept = [(name, value) for name, values in query.lists() if name != "near" for value in values]
    undated = query.copy()
    for name in ("when", *DATE_NAMES):
        undated.pop(name, None)
    active = sum(1 for name in FILTER_NAMES if request.GET.get(name))
    # From and to count as one filter: one range of dates.
    active += any(request.GET.get(name) for name in DATE_NAMES) and not request.GET.get("when")
    response = render(
        request,
        "scheduler/event_list.html",
        {
            "page": page,
            "events": cards,
            "sections": _sections(cards, near),
            "near": near,
            "near_kept": kept,
            "filterset": filterset,
            "filter_errors": filter_errors,
            "filter_invalid": {name for name, _label, _errors in filter_errors if name},
            "programs": Program.objects.all(),
            "neighborhoods": neighborhoods,
            "organizations": Organization.objects.all(),
            "query_string": query.urlencode(),
            "undated_query": undated.urlencode(),
            # Near me orders the list, it hides nothing: not a filter to clear.
            "filtered": any(name != "near" for name in query),
            "active_filters": active,
            "when": when,
            "dated": bool(when or any(request.GET.get(name) for name in DATE_NAMES)),
        },
    )
    if "near" in request.GET:
        if near is not None:
            response.set_cookie(
                NEAR_COOKIE,
                near.slug,
                max_age=NEAR_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif not request.GET["near"]:
            response.delete_cookie(NEAR_COOKIE, samesite="Lax")
    # The same address orders differently by the cookie: no shared cache may mix them.
    patch_vary_headers(response, ["Cookie"])
    return response
