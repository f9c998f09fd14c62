"""Volunteer pages: the sign-up (from the event page, or on its own page to show errors),
the volunteer's manage page with its withdraw button, and the officers' "served" mark on
the roster's volunteer section."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rsvp import queries as rsvp_queries
from rsvp.officers.access import staff_required
from scheduler.errors import Busy
from scheduler.models import Event
from scheduler.tokens import token_page
from volunteers import queries, services
from volunteers.errors import VolunteerError
from volunteers.forms import VolunteerSignupForm
from volunteers.models import VolunteerSignup


def retry_later(response, exc: Busy):
    # A busy answer says when to try again (DESIGN.md rule 6), as the RSVP form's does.
    response["Retry-After"] = str(exc.retry_after_seconds)
    return response


def _event_or_404(request, *, pk, key) -> Event:
    try:
        return rsvp_queries.event_detail(pk=pk, key=key, user=request.user)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def _signup_page(request, event, roles, form, *, status=200):
    return render(
        request,
        "volunteers/signup.html",
        {
            "event": event,
            "roles": roles,
            "form": form,
            "closed_reason": services.signup_closed_reason(event),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request, pk: int | None = None, key: str | None = None):
    event = _event_or_404(request, pk=pk, key=key)
    roles = list(queries.roles_with_places(event))
    if not roles:
        raise Http404(_("This event asks for no volunteers."))
    if request.method != "POST":
        return _signup_page(request, event, roles, VolunteerSignupForm(roles=roles))
    form = VolunteerSignupForm(request.POST, roles=roles)
    if not form.is_valid():
        return _signup_page(request, event, roles, form, status=400)
    data = form.cleaned_data
    try:
        services.volunteer_signup(
            role=form.roles[data["role"]],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            language=translation.get_language_from_request(request),
        )
    except VolunteerError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        # The places may have changed since the page was read: show them as they are.
        roles = list(queries.roles_with_places(event))
        form.fields["role"].choices = VolunteerSignupForm(roles=roles).fields["role"].choices
        return _signup_page(request, event, roles, form, status=409)
    except Busy as exc:
        form.add_error(None, exc.message)
        return retry_later(_signup_page(request, event, roles, form, status=503), exc)
    # The same page for a new address and one that already has a place in the role
    # (DESIGN.md rule 7): the link goes to the mailbox.
    return render(
        request,
        "volunteers/sent.html",
        {"event": event, "sent_to": data["email"]},
        status=202,
    )


def _signup_or_404(token: str) -> VolunteerSignup:
    signup = services.signup_by_token(token)
    if signup is None:
        raise Http404(_("This link is not valid any more."))
    return signup


@token_page
@require_http_methods(["GET", "HEAD"])
def manage(request, token: str):
    signup = _signup_or_404(token)
    role = signup.role
    return render(
        request,
        "volunteers/manage.html",
        {"signup": signup, "role": role, "event": role.event, "token": token},
    )


@token_page
def withdraw(request, token: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    signup = _signup_or_404(token)
    try:
        services.volunteer_withdraw(signup=signup)
    except VolunteerError:
        pass  # served already: the manage page says so
    except Busy as exc:
        return retry_later(manage(request, token), exc)
    return HttpResponseRedirect(reverse("volunteers:manage", args=[token]))


@require_POST
@staff_required
def served(request, pk: int, signup_id: int):
    """Mark a volunteer served (action=served) or take it back (action=undo)."""
    try:
        event = rsvp_queries.roster_event(request.user, pk)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None
    signup = VolunteerSignup.objects.filter(pk=signup_id, role__event=event).first()
    if signup is None:
        raise Http404(_("No such volunteer."))
    try:
        services.volunteer_served_mark(
            signup=signup, by=request.user, served=request.POST.get("action") != "undo"
        )
    except VolunteerError as exc:
        if exc.code == "not_allowed":
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    url = reverse("officers:attendance", args=[event.pk])
    return HttpResponseRedirect(f"{url}#volunteers")
