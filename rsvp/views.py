"""Residents' pages: upcoming events, an event with its RSVP form, then the RSVP managed by
its secret link."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rsvp import queries
from rsvp.errors import RsvpError
from rsvp.forms import EmailAddForm, PartySizeForm, rsvp_form_for
from rsvp.models import Rsvp
from rsvp.services import (
    rsvp_by_token,
    rsvp_cancel,
    rsvp_change_party_size,
    rsvp_change_refusal,
    rsvp_closed_reason,
    rsvp_create,
    rsvp_create_headcount,
    rsvp_email_add,
    rsvp_feed_link_send,
    rsvp_language_set,
    rsvp_texts_turn_on,
    waitlist_position,
)
from rsvp.throttle import RsvpAnonThrottle
from scheduler.errors import Busy
from scheduler.filters import EventFilter
from scheduler.models import Event, Neighborhood, Organization, Program
from scheduler.tokens import token_page


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


def event_page(request, event: Event, form=None, status: int = 200):
    """Render an event's page; the RSVP view uses it too, to show form errors in place."""
    return render(
        request,
        "scheduler/event_detail.html",
        {
            "event": event,
            "form": form or rsvp_form_for(event),
            "closed_reason": rsvp_closed_reason(event),
        },
        status=status,
    )


def event_detail(request, pk: int | None = None, key: str | None = None):
    return event_page(request, _event_or_404(request, pk=pk, key=key))


def _retry_later(response, exc: Busy):
    # A busy answer says when to try again (DESIGN.md rule 6), as the API's problem does.
    response["Retry-After"] = str(exc.retry_after_seconds)
    return response


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
            rsvp_create(event=event, language=language, **data)
    except RsvpError as exc:
        if exc.field:
            form.add_error(exc.field, exc.message)
        else:
            form.add_error(None, exc.message)
        return event_page(request, event, form, status=409)
    except Busy as exc:
        form.add_error(None, exc.message)
        return _retry_later(event_page(request, event, form, status=503), exc)
    if not event.is_headcount:
        # The same page for a new address, a known one and one already on this event
        # (DESIGN.md rule 7): the seat and the link go to the mailbox, whose owner may not
        # be whoever typed the address. Only the address as typed is shown back.
        return render(
            request, "rsvp/rsvp_sent.html", {"event": event, "sent_to": data["email"]}, status=202
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


def _rsvp_or_404(token: str) -> Rsvp:
    rsvp = rsvp_by_token(token)
    if rsvp is None:
        raise Http404(_("This link is not valid. It may have been mistyped."))
    return rsvp


def _manage_page(request, token, rsvp, *, form=None, status=200, **extra):
    context = {
        "token": token,
        "rsvp": rsvp,
        "event": rsvp.event,
        "position": waitlist_position(rsvp),
        # The services' own answers, so the page offers only the changes they will accept.
        "change_refusal": rsvp_change_refusal(rsvp),
        "cancel_refusal": rsvp_change_refusal(rsvp, cancel=True),
        "form": form or PartySizeForm(event=rsvp.event, initial={"party_size": rsvp.party_size}),
        "email_form": extra.pop("email_form", None) or EmailAddForm(),
        # Each named in itself, as config/languages.py writes it (never translated: a
        # resident looks for their own language's name).
        "languages": settings.LANGUAGES,
        **extra,
    }
    return render(request, "rsvp/rsvp_manage.html", context, status=status)


@token_page
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
        return _retry_later(_manage_page(request, token, rsvp, form=form, status=503), exc)
    return redirect(f"/rsvp/{token}/?updated=1")


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_cancel_view(request, token: str):
    rsvp = _rsvp_or_404(token)
    context = {
        "token": token,
        "rsvp": rsvp,
        "cancel_refusal": rsvp_change_refusal(rsvp, cancel=True),
    }
    if request.method != "POST":
        return render(request, "rsvp/rsvp_cancel.html", context)
    try:
        rsvp_cancel(rsvp=rsvp)
    except (Busy, RsvpError) as exc:
        response = render(
            request,
            "rsvp/rsvp_cancel.html",
            {**context, "error": exc.message},
            status=503 if isinstance(exc, Busy) else 409,
        )
        return _retry_later(response, exc) if isinstance(exc, Busy) else response
    return redirect(f"/rsvp/{token}/")


@token_page
@require_http_methods(["POST"])
def rsvp_email(request, token: str):
    """Add an e-mail address to a head-count RSVP. The page says the same whether or not
    the address already had an RSVP for this event (see rsvp_email_add)."""
    rsvp = _rsvp_or_404(token)
    form = EmailAddForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, token, rsvp, email_form=form, status=400)
    try:
        rsvp_email_add(rsvp=rsvp, email=form.cleaned_data["email"])
    except RsvpError as exc:
        form.add_error("email" if exc.field else None, exc.message)
        return _manage_page(request, token, rsvp, email_form=form, status=409)
    except Busy as exc:
        form.add_error(None, exc.message)
        return _retry_later(_manage_page(request, token, rsvp, email_form=form, status=503), exc)
    return _manage_page(request, token, rsvp, email_sent_to=form.cleaned_data["email"])


@token_page
@require_http_methods(["POST"])
def rsvp_texts(request, token: str):
    """Turn on the text reminders asked for with the RSVP (see Rsvp.texts_confirmed_at)."""
    rsvp = _rsvp_or_404(token)
    rsvp_texts_turn_on(rsvp=rsvp)
    return _manage_page(request, token, rsvp, texts_turned_on=True)


@token_page
@require_http_methods(["POST"])
def rsvp_feed_link(request, token: str):
    """E-mail a new personal-feed link: it lists every RSVP of this e-mail address, so it
    goes only to that address, never to the screen of whoever holds this RSVP's link."""
    rsvp = _rsvp_or_404(token)
    try:
        rsvp_feed_link_send(rsvp=rsvp)
    except RsvpError:
        raise Http404(_("A head-count RSVP has no personal feed.")) from None
    return _manage_page(request, token, rsvp, feed_sent=True)


@token_page
@require_http_methods(["POST"])
def rsvp_language(request, token: str):
    """The language of this RSVP's notices. The answer is already in it: the resident sees
    at once that the choice took (the site's own language, the switcher's cookie, is not
    changed: this page may be open on someone else's phone)."""
    rsvp = _rsvp_or_404(token)
    try:
        rsvp_language_set(rsvp=rsvp, language=request.POST.get("language", ""))
    except RsvpError as exc:
        return _manage_page(request, token, rsvp, language_error=exc.message, status=400)
    # Activated, not overridden: LocaleMiddleware names the answer's Content-Language after
    # the view has returned.
    translation.activate(rsvp.language)
    return _manage_page(request, token, rsvp, language_changed=True)
