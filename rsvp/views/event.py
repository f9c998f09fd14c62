"""An event's page with its RSVP form, and the RSVP it sends."""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from questions.errors import AnswerMissing
from rsvp import queries
from rsvp.errors import RsvpError
from rsvp.forms import rsvp_form_for
from rsvp.services import (
    rsvp_closed_reason,
    rsvp_create,
    rsvp_create_headcount,
    waitlist_position,
)
from rsvp.throttle import RsvpAnonThrottle
from rsvp.views.common import retry_later
from scheduler.errors import Busy
from scheduler.models import Event
from scheduler.when import day_text, time_text


def _rsvp_limits(event: Event) -> list[str]:
    """What the form will refuse, said before the resident types (WCAG 3.3.2)."""
    size = event.max_party_size
    if size == 1:
        limits = [_("One person per RSVP.")]
    else:
        # Both forms mean the same: languages with one plural form (Chinese, Vietnamese)
        # use the first for every number.
        limits = [
            ngettext(
                "Up to %(count)s person per RSVP, you included.",
                "Up to %(count)s people per RSVP, you included.",
                size,
            )
            % {"count": size}
        ]
    if event.rsvp_closes_at:
        limits.append(
            _("RSVPs close on %(day)s at %(time)s.")
            % {
                "day": day_text(event.rsvp_closes_at, event.timezone, year=True),
                "time": time_text(event.rsvp_closes_at, event.timezone),
            }
        )
    return limits


def _button_labels(event: Event) -> dict[int, str]:
    """The submit button's words for each party size: what pressing it does. A party that
    does not fit in the seats left joins the waitlist (rsvp.services: all of it fits, or it
    waits). porchlight.js swaps them as the size changes; plurals stay the catalog's."""
    left = event.seats_left
    labels = {}
    # A large group limit would make a long attribute for nothing: past 30 the label stays.
    for size in range(1, min(event.max_party_size, 30) + 1):
        if left is not None and size > left:
            labels[size] = _("Join the waitlist")
        else:
            labels[size] = ngettext(
                "RSVP for %(count)s person", "RSVP for %(count)s people", size
            ) % {"count": size}
    return labels


def event_page(request, event: Event, form=None, status: int = 200):
    """Render an event's page; the RSVP view uses it too, to show form errors in place."""
    form = form or rsvp_form_for(event)
    labels = _button_labels(event)
    try:
        size = int(form["party_size"].value() or 1)
    except (KeyError, TypeError, ValueError):
        size = 1
    return render(
        request,
        "scheduler/event_detail.html",
        {
            "event": event,
            "form": form,
            "closed_reason": rsvp_closed_reason(event),
            "rsvp_limits": _rsvp_limits(event),
            "button_label": labels.get(size) or labels[1],
            "button_labels": labels,
        },
        status=status,
    )


def event_detail(request, pk: int | None = None, key: str | None = None):
    return event_page(request, _event_or_404(request, pk=pk, key=key))


def _event_or_404(request, *, pk: int | None, key: str | None) -> Event:
    try:
        return queries.event_detail(pk=pk, key=key, user=request.user)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def rsvp_submit(request, pk: int | None = None, key: str | None = None):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    event = _event_or_404(request, pk=pk, key=key)
    form = rsvp_form_for(event, request.POST)
    if not form.is_valid():
        return event_page(request, event, form, status=400)
    data = form.cleaned_data
    language = translation.get_language_from_request(request)
    try:
        # The same per-client budget as the API's anonymous RSVPs, in the shared cache.
        if not RsvpAnonThrottle().allow_request(request, None):
            form.add_error(
                None, _("Too many RSVPs from your connection just now. Please try again later.")
            )
            return event_page(request, event, form, status=429)
        # The forms' fields are the services' (shared with the API).
        if event.is_headcount:
            result = rsvp_create_headcount(event=event, language=language, **data)
        else:
            rsvp_create(event=event, language=language, extras=form.extras, **form.rsvp_data)
    except Busy as exc:
        form.add_error(None, exc.message)
        return retry_later(event_page(request, event, form, status=503), exc)
    except (RsvpError, AnswerMissing) as exc:
        if exc.field:
            form.add_error(exc.field, exc.message)
        else:
            form.add_error(None, exc.message)
        return event_page(request, event, form, status=409)
    if not event.is_headcount:
        # The same page for a new address, a known one and one already on this event
        # (DESIGN.md rule 7): the seat and the link go to the mailbox, whose owner may not
        # be whoever typed the address. Only the address as typed is shown back.
        return render(
            request,
            "rsvp/rsvp_sent.html",
            # What was typed, not what is stored: the same for every address (rule 7).
            {"event": event, "sent_to": data["email"], "extras": form.extras},
            status=202,
        )
    # A head count names nobody and has no mailbox: this screen is the only one to tell.
    return render(
        request,
        "rsvp/rsvp_headcount_done.html",
        {
            "event": event,
            "rsvp": result.rsvp,
            "position": waitlist_position(result.rsvp),
            "manage_url": request.build_absolute_uri(f"/rsvp/{result.manage_token}/"),
        },
        status=201,
    )
