"""Residents' RSVP pages: sign up from the event page, then manage by secret link."""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from config.api import RsvpAnonThrottle
from rsvp.errors import RsvpError
from rsvp.forms import PartySizeForm, RsvpForm
from rsvp.models import Rsvp
from rsvp.services import (
    rsvp_by_token,
    rsvp_cancel,
    rsvp_change_party_size,
    rsvp_create,
    rsvp_feed_link_send,
    waitlist_position,
)
from scheduler import queries
from scheduler.errors import Busy
from scheduler.models import Event
from scheduler.views import event_page


def _event_or_404(pk: int) -> Event:
    try:
        return queries.event_detail(pk)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


def rsvp_submit(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    event = _event_or_404(pk)
    form = RsvpForm(request.POST, event=event)
    if not form.is_valid():
        return event_page(request, event, form, status=400)
    data = form.cleaned_data
    try:
        # The same per-client budget as the API's anonymous RSVPs, in the shared cache.
        if not RsvpAnonThrottle().allow_request(request, None):
            form.add_error(
                None, "Too many RSVPs from your connection just now. Please try again later."
            )
            return event_page(request, event, form, status=429)
        # The form's fields are rsvp_create's (shared with the API).
        result = rsvp_create(
            event=event, language=translation.get_language_from_request(request), **data
        )
    except RsvpError as exc:
        if exc.field:
            form.add_error(exc.field, exc.message)
        else:
            form.add_error(None, exc.message)
        return event_page(request, event, form, status=409)
    except Busy as exc:
        form.add_error(None, exc.message)
        return event_page(request, event, form, status=503)
    if not result.created:
        # Say nothing about the existing RSVP: whoever typed this address may not own it.
        return render(request, "rsvp/rsvp_repeat.html", {"event": event}, status=200)
    return render(
        request,
        "rsvp/rsvp_done.html",
        {
            "event": event,
            "rsvp": result.rsvp,
            "position": waitlist_position(result.rsvp),
            "manage_url": request.build_absolute_uri(f"/rsvp/{result.manage_token}/"),
        },
        status=201,
    )


def _rsvp_or_404(token: str) -> Rsvp:
    rsvp = rsvp_by_token(token)
    if rsvp is None:
        raise Http404("This link is not valid. It may have been mistyped.")
    return rsvp


def _manage_page(request, token, rsvp, *, form=None, status=200, **extra):
    context = {
        "token": token,
        "rsvp": rsvp,
        "event": rsvp.event,
        "position": waitlist_position(rsvp),
        "form": form or PartySizeForm(event=rsvp.event, initial={"party_size": rsvp.party_size}),
        **extra,
    }
    return render(request, "rsvp/rsvp_manage.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_manage(request, token: str):
    rsvp = _rsvp_or_404(token)
    if request.method != "POST":
        return _manage_page(request, token, rsvp, updated=request.GET.get("updated") == "1")
    form = PartySizeForm(request.POST, event=rsvp.event)
    if not form.is_valid():
        return _manage_page(request, token, rsvp, form=form, status=400)
    try:
        rsvp_change_party_size(rsvp=rsvp, party_size=form.cleaned_data["party_size"])
    except RsvpError as exc:
        form.add_error("party_size" if exc.field else None, exc.message)
        return _manage_page(request, token, rsvp, form=form, status=409)
    except Busy as exc:
        form.add_error(None, exc.message)
        return _manage_page(request, token, rsvp, form=form, status=503)
    return redirect(f"/rsvp/{token}/?updated=1")


@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_cancel_view(request, token: str):
    rsvp = _rsvp_or_404(token)
    if request.method != "POST":
        return render(request, "rsvp/rsvp_cancel.html", {"token": token, "rsvp": rsvp})
    try:
        rsvp_cancel(rsvp=rsvp)
    except (Busy, RsvpError) as exc:
        return render(
            request,
            "rsvp/rsvp_cancel.html",
            {"token": token, "rsvp": rsvp, "error": exc.message},
            status=503 if isinstance(exc, Busy) else 409,
        )
    return redirect(f"/rsvp/{token}/")


@require_http_methods(["POST"])
def rsvp_feed_link(request, token: str):
    """E-mail a new personal-feed link: it lists every RSVP of this e-mail address, so it
    goes only to that address, never to the screen of whoever holds this RSVP's link."""
    rsvp = _rsvp_or_404(token)
    rsvp_feed_link_send(rsvp=rsvp)
    return _manage_page(request, token, rsvp, feed_sent=True)
