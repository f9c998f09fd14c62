"""The kiosk's pages: start (the officer sets a PIN), search, check-in, the welcome, exit.

Every page answers `no-store`: a tablet left at the door must not show the last resident's
page from its cache. Searches and check-ins are posted (names never in URLs), and a check-in
redirects to the page that says how it went (post/redirect/get), so reloading it or going
back checks nobody in twice and shows nobody's name again.
"""

import math
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counters.services import counter_hit
from rsvp import queries
from rsvp.errors import RsvpError
from rsvp.models import Rsvp
from rsvp.officers.kiosk import session
from rsvp.officers.kiosk.forms import SEARCH_MAX_LENGTH, KioskExitForm, KioskStartForm
from rsvp.officers.kiosk.roster import (
    FOUND,
    MANY,
    MIN_LETTERS,
    NONE,
    SHORT,
    first_name,
    kiosk_checkin,
    kiosk_search,
)
from rsvp.services import checkin_hours_refusal
from rsvp.services.door import APPLIED
from scheduler.locking import busy_on_lock_wait
from scheduler.models import Event
from scheduler.permissions import is_staff_member

# Exit: at most EXIT_ATTEMPTS PIN tries in a window of EXIT_LOCK_SECONDS opened by the first
# try, counted with the throttles' atomic counter (counters.services: Redis or its own
# table), so tries posted in parallel are all counted and none is checked past the limit.
# Past it, exit is refused, right PIN or not, until the window ends: a 4-digit PIN then
# takes days of guessing, and an officer who mistyped waits at most a few minutes. (Counted
# in the session instead, two tries posted at once could each save a count of one.)
EXIT_ATTEMPTS = 5
EXIT_LOCK_SECONDS = 5 * 60
# The welcome goes back to the search by itself after this long; results left on screen by
# someone who walked away go after RESULTS_SECONDS of no tap (static/js/kiosk.js).
DONE_SECONDS = 6
RESULTS_SECONDS = 60


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _kiosk_url(pk: int) -> str:
    return reverse("officers:kiosk", args=[pk])


def _roster_event(request, pk: int) -> Event:
    if not is_staff_member(request.user):
        raise PermissionDenied(_("Your account has no access to the officer pages."))
    try:
        return queries.roster_event(request.user, pk)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def kiosk_required(view):
    """Signed in, allowed this event's roster, and this session in kiosk mode for it (else
    the page that starts it: the officer came here without starting)."""

    @login_required
    @wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        event = _roster_event(request, pk)
        state = session.kiosk_state(request)
        if state is None or state["event"] != event.pk:
            return redirect("officers:kiosk_start", pk=event.pk)
        return view(request, event, state, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@login_required
def kiosk_start(request, pk: int):
    event = _roster_event(request, pk)
    form = KioskStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        session.kiosk_start(request, event_id=event.pk, pin=form.cleaned_data["pin"])
        response = redirect(_kiosk_url(event.pk))
        # The tablet forgets the door list it may have kept (static/js/kiosk.js does too,
        # where Clear-Site-Data does not reach: an http:// site).
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
    return _no_store(
        render(
            request,
            "rsvp/officers/kiosk/start.html",
            {"event": event, "form": form},
            status=400 if form.is_bound else 200,
        )
    )


def _search_page(request, event, *, text="", search=None, status=200):
    refusal = checkin_hours_refusal(event)
    return _no_store(
        render(
            request,
            "rsvp/officers/kiosk/search.html",
            {
                "event": event,
                "text": text,
                "search": search,
                "refusal": refusal.message if refusal else "",
                "min_letters": MIN_LETTERS,
                "outcomes": {"short": SHORT, "none": NONE, "many": MANY, "found": FOUND},
                "return_seconds": RESULTS_SECONDS if search else None,
            },
            status=status,
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
@kiosk_required
def kiosk_home(request, event, state):
    """The search. A GET shows the empty box; a post searches and offers what it found."""
    if request.method != "POST":
        session.kiosk_update(request, offered=[], done=None)
        return _search_page(request, event)
    text = request.POST.get("q", "")[:SEARCH_MAX_LENGTH]
    search = kiosk_search(request.user, event, text)
    # Only a party this search showed can be checked in by a tap: posting another RSVP's
    # id checks nobody in and names nobody.
    session.kiosk_update(request, offered=[m.rsvp_id for m in search.matches], done=None)
    return _search_page(request, event, text=text, search=search)


def _done(request, event, *, kind: str, message: str = "", name: str = "", count: int = 0):
    session.kiosk_update(
        request, offered=[], done={"kind": kind, "message": message, "name": name, "count": count}
    )
    return redirect("officers:kiosk_done", pk=event.pk)


def _arrived(request, rsvp: Rsvp) -> int | None:
    """The count the resident tapped (1 to the party size), None when not (yet) given."""
    try:
        value = int(request.POST.get("arrived", ""))
    except ValueError:
        return None
    return value if 1 <= value <= rsvp.party_size else None


@require_POST
@kiosk_required
def kiosk_checkin_view(request, event, state):
    try:
        rsvp_id = int(request.POST.get("rsvp", ""))
    except ValueError:
        rsvp_id = None
    rsvp = None
    if rsvp_id in state.get("offered", []):
        rsvp = Rsvp.objects.filter(pk=rsvp_id, event=event).select_related("event").first()
    if rsvp is None:
        messages.info(request, _("Please look for your name again."))
        return redirect(_kiosk_url(event.pk))
    name = "" if rsvp.is_headcount else first_name(rsvp.name)
    if rsvp.status != Rsvp.Status.CONFIRMED:
        return _done(request, event, kind="officer", name=name)
    if rsvp.checked_in_at is not None:
        return _done(request, event, kind="already", name=name)
    refusal = checkin_hours_refusal(event)
    if refusal is not None:
        return _done(request, event, kind="refused", message=refusal.message)
    arrived = _arrived(request, rsvp)
    if rsvp.party_size > 1 and arrived is None:
        return _no_store(
            render(
                request,
                "rsvp/officers/kiosk/party.html",
                {
                    "event": event,
                    "rsvp_id": rsvp.pk,
                    "name": name,
                    "counts": range(1, rsvp.party_size + 1),
                    "party_size": rsvp.party_size,
                    "return_seconds": RESULTS_SECONDS,
                },
            )
        )
    try:
        with busy_on_lock_wait():
            outcome = kiosk_checkin(rsvp=rsvp, by=request.user, arrived=arrived)
    except RsvpError as exc:
        if exc.code == "not_confirmed":
            return _done(request, event, kind="officer", name=name)
        return _done(request, event, kind="refused", message=exc.message)
    if outcome != APPLIED:
        return _done(request, event, kind="already", name=name)
    return _done(request, event, kind="welcome", name=name, count=arrived or rsvp.party_size)


@require_GET
@kiosk_required
def kiosk_done(request, event, state):
    done = state.get("done")
    if not done:
        return redirect(_kiosk_url(event.pk))
    # Shown once: a reload or the next resident's back button finds the search instead.
    session.kiosk_update(request, done=None)
    return _no_store(
        render(
            request,
            "rsvp/officers/kiosk/done.html",
            {"event": event, "done": done, "return_seconds": DONE_SECONDS},
        )
    )


@require_http_methods(["GET", "POST"])
@kiosk_required
def kiosk_exit(request, event, state):
    form = KioskExitForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        with busy_on_lock_wait():
            hit = counter_hit(f"kiosk_exit:{state['id']}", EXIT_LOCK_SECONDS)
        if hit.count > EXIT_ATTEMPTS:
            minutes = max(1, math.ceil(hit.expires_in / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many wrong PINs: exit is locked. Try again in %(minutes)d minute.",
                    "Too many wrong PINs: exit is locked. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            status = 429
        elif session.kiosk_pin_matches(state, form.cleaned_data["pin"]):
            session.kiosk_end(request)
            messages.success(request, _("Kiosk mode ended."))
            return redirect("officers:attendance", pk=event.pk)
        else:
            left = EXIT_ATTEMPTS - hit.count
            if left:
                text = ngettext(
                    "That PIN is not right. %(left)d more try before exit locks for a few minutes.",
                    "That PIN is not right. %(left)d more tries before exit locks for a few "
                    "minutes.",
                    left,
                ) % {"left": left}
            else:
                text = _("That PIN is not right. Exit is locked for a few minutes.")
            form.add_error("pin", text)
            status = 403
    elif form.is_bound:
        status = 400
    return _no_store(
        render(
            request, "rsvp/officers/kiosk/exit.html", {"event": event, "form": form}, status=status
        )
    )
