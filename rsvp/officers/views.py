"""Officer pages: my events, attendance with check-in and walk-ins, exports (reports are in
report_views.py).

Who may see a roster is answered only by scheduler.permissions, through rsvp.queries'
roster_event and roster_for; the reads (roster_for) and the writes (rsvp.services) write the
access log themselves. Anonymous users are sent to the login page; a
signed-in user without access gets 403.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rsvp import queries
from rsvp.errors import RsvpError
from rsvp.models import RosterAccess, Rsvp, WalkIn
from rsvp.officers import door
from rsvp.officers.access import staff_required
from rsvp.officers.csv_export import csv_response, roster_header, roster_rows
from rsvp.officers.forms import WalkInForm
from rsvp.services import (
    checkin_hours_refusal,
    checkin_mark,
    checkin_undo,
    walkin_record,
    walkin_remove,
)
from rsvp.templatetags.officers import clock_at, people
from scheduler.models import Event
from scheduler.permissions import is_coordinator, roster_organizations

SIGN_IN_BLANK_ROWS = 15
HOME_PER_PAGE = 20


def _roster_event(request, pk: int) -> Event:
    try:
        return queries.roster_event(request.user, pk)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@require_GET
@staff_required
def officer_home(request):
    events = queries.officer_events(request.user)
    page = Paginator(events["upcoming"], HOME_PER_PAGE).get_page(request.GET.get("page"))
    first = page.number == 1
    next_event = events["next"] if first else None
    today = [e for e in events["today"] if e != next_event] if first else []
    return render(
        request,
        "rsvp/officers/home.html",
        {
            "page": page,
            # Today's events lead the first page, the next one to open on its own card.
            "next_event": next_event,
            "today": today,
            # Under a "Coming up" heading when today's events come first.
            "list_level": 3 if next_event or today else 2,
            "upcoming": page.object_list,
            "recent": list(events["recent"]) if first else [],
            "is_coordinator": is_coordinator(request.user),
            "granted": [org.name for org in roster_organizations(request.user)],
            "nav": "home",
        },
    )


def _attendance_url(event: Event, anchor: str = "") -> str:
    url = reverse("officers:attendance", args=[event.pk])
    return url + (f"#{anchor}" if anchor else "")


def _attendance_page(
    request,
    event: Event,
    *,
    query: str = "",
    walkin_form=None,
    status: int = 200,
    revealed: int | None = None,
):
    # Every showing of the roster is logged, form errors re-showing it included.
    roster = queries.roster_for(request.user, event, RosterAccess.What.PAGE)
    counts = roster.counts()
    shown = roster.matching(query)
    coordinator = is_coordinator(request.user)
    # Outside its check-in hours the page says when the door opens (or that it closed)
    # instead of offering buttons the service would refuse; a coordinator may go past.
    refusal = checkin_hours_refusal(event)
    can_override = coordinator and refusal is not None and refusal.code != "event_cancelled"
    response = render(
        request,
        "rsvp/officers/attendance.html",
        {
            "event": event,
            "roster": shown,
            # The door works down who has not come yet; who has comes after, apart.
            "waiting": [r for r in shown.confirmed if not r.checked_in_at],
            "arrived": [r for r in shown.confirmed if r.checked_in_at],
            "waiting_parties": counts["confirmed_parties"] - counts["checked_in_parties"],
            "counts": counts,
            "is_over": roster.is_over,
            "walkins": roster.walkins,
            "query": query,
            "walkin_form": walkin_form or WalkInForm(allow_override=can_override),
            "is_coordinator": coordinator,
            "door_refusal": refusal.message if refusal else "",
            "door_open": refusal is None,
            "can_override": can_override,
            "may_check_in": refusal is None or can_override,
            "revealed": revealed,
            # A party's language shows where it is not the site's: bring an interpreter.
            "default_language": settings.LANGUAGE_CODE,
        },
        status=status,
    )
    # Residents' names and contacts: not for a shared browser's cache.
    response["Cache-Control"] = "no-store"
    return door.camera_allow(response)  # the code scanner (templates/rsvp/officers/_scan.html)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def attendance(request, pk: int):
    """The roster. The search box posts (without JavaScript) so that residents' names
    never end up in URLs, and so in server or proxy logs."""
    event = _roster_event(request, pk)
    query = request.POST.get("q", "")[:120] if request.method == "POST" else ""
    return _attendance_page(request, event, query=query)


def _back_to_roster_on_get(view):
    """A GET of a form's target (say, after signing in again: login's `next` is the URL
    the form posted to) goes to the attendance page instead of failing."""

    @wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        if request.method != "POST":
            _roster_event(request, pk)
            return redirect(_attendance_url(Event(pk=pk)))
        return view(request, pk, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@staff_required
@_back_to_roster_on_get
def checkin(request, pk: int, rsvp_id: int):
    """Mark a party arrived (action=in) or undo it (action=undo). Answers JSON to the
    page's script, and a redirect back to the list to a plain form post."""
    event = _roster_event(request, pk)
    rsvp = get_object_or_404(Rsvp.objects.select_related("attendee"), pk=rsvp_id, event=event)
    action = request.POST.get("action", "in")
    if action not in ("in", "undo"):
        message = _("Unknown action: use check in or undo.")
        if _wants_json(request):
            return JsonResponse({"error": message}, status=400)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    # Asked for by a coordinator's tick outside the event's check-in hours; the service
    # ignores it for anyone else and logs it when it is used.
    override = request.POST.get("override", "") in ("1", "on", "true")
    try:
        if action == "in":
            rsvp = checkin_mark(
                rsvp=rsvp,
                by=request.user,
                arrived=_arrived_value(request.POST.get("arrived", ""), rsvp),
                override=override,
            )
        else:
            rsvp = checkin_undo(rsvp=rsvp, by=request.user, override=override)
    except RsvpError as exc:
        if _wants_json(request):
            return JsonResponse({"error": exc.message}, status=409)
        if rsvp.is_headcount:
            # Translators: a refused check-in; "reason" is a sentence saying why.
            text = _("Head count %(code)s: %(reason)s") % {
                "code": rsvp.reference,
                "reason": exc.message,
            }
        else:
            text = _("%(name)s: %(reason)s") % {"name": rsvp.name, "reason": exc.message}
        messages.error(request, text)
        # The page's top, where the message is: the row's anchor would scroll past it.
        return redirect(_attendance_url(event))
    if _wants_json(request):
        return JsonResponse(
            {
                "rsvp": rsvp.pk,
                "checked_in": rsvp.checked_in_at is not None,
                "checked_in_at": clock_at(rsvp.checked_in_at, event),
                "arrived": rsvp.arrived,
                "counts": queries.roster_counts(event),
            }
        )
    return redirect(_attendance_url(event, f"rsvp-{rsvp.pk}"))


def _arrived_value(raw: str, rsvp: Rsvp) -> int | None:
    """How many of the party the form says arrived (None: the whole party). What is not a
    number is refused in the service's words, as a number out of range is."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise RsvpError(
            _("Enter how many of the party arrived, from 1 to %(size)d.")
            % {"size": rsvp.party_size},
            code="arrived",
            field="arrived",
        ) from None


@require_http_methods(["GET", "POST"])
@staff_required
@_back_to_roster_on_get
def contact_reveal(request, pk: int, rsvp_id: int):
    """One party's e-mail and phone, which the door list does not show to the people in
    line: shown on the officer's tap, and logged (RosterAccess "reveal"). The page comes
    back with that row's contact (the form's action carries the row's anchor); the page's
    script gets JSON."""
    event = _roster_event(request, pk)
    try:
        rsvp = queries.roster_contact(request.user, event, rsvp_id)
    except Rsvp.DoesNotExist:
        message = _("No such RSVP on this event.")
        if _wants_json(request):
            return JsonResponse({"error": message}, status=404)
        raise Http404(message) from None
    if _wants_json(request):
        response = JsonResponse(
            {"email": rsvp.attendee.email if rsvp.attendee else "", "phone": rsvp.phone}
        )
        response["Cache-Control"] = "no-store"
        return response
    return _attendance_page(request, event, revealed=rsvp.pk)


@require_http_methods(["GET", "POST"])
@staff_required
@_back_to_roster_on_get
def walkin(request, pk: int):
    event = _roster_event(request, pk)
    form = WalkInForm(request.POST, allow_override=is_coordinator(request.user))
    if not form.is_valid():
        return _attendance_page(request, event, walkin_form=form, status=400)
    data = form.cleaned_data
    try:
        recorded = walkin_record(
            event=event,
            by=request.user,
            head_count=data["head_count"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            contact_consent=data["contact_consent"],
            override=data.get("override", False),
        )
    except RsvpError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _attendance_page(request, event, walkin_form=form, status=409)
    messages.success(
        request, _("Walk-in recorded: %(people)s.") % {"people": people(recorded.head_count)}
    )
    return redirect(_attendance_url(event, "walkins"))


@require_http_methods(["GET", "POST"])
@staff_required
@_back_to_roster_on_get
def walkin_remove_view(request, pk: int, walkin_id: int):
    event = _roster_event(request, pk)
    found = WalkIn.objects.filter(pk=walkin_id, event=event).first()
    if found is not None and walkin_remove(walkin=found, by=request.user):
        messages.success(
            request, _("Walk-in removed: %(people)s.") % {"people": people(found.head_count)}
        )
    else:
        messages.info(request, _("That walk-in was already removed."))
    return redirect(_attendance_url(event, "walkins"))


@require_GET
@staff_required
def attendance_csv(request, pk: int):
    event = _roster_event(request, pk)
    roster = queries.roster_for(request.user, event, RosterAccess.What.CSV)
    local = timezone.localtime(event.start, event.tzinfo)
    return csv_response(
        f"attendance-{event.pk}-{local:%Y-%m-%d}.csv", roster_header(), roster_rows(roster)
    )


@require_GET
@staff_required
def sign_in_sheet(request, pk: int):
    event = _roster_event(request, pk)
    roster = queries.roster_for(request.user, event, RosterAccess.What.SHEET)
    response = render(
        request,
        "rsvp/officers/sign_in_sheet.html",
        {
            "event": event,
            "roster": roster,
            "blank_rows": range(SIGN_IN_BLANK_ROWS),
            "default_language": settings.LANGUAGE_CODE,
        },
    )
    response["Cache-Control"] = "no-store"
    return response
