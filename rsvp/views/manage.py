"""An RSVP managed by its secret link: change, cancel, details, e-mail, texts, feed link,
language."""

import base64
import functools

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rsvp.door_code import door_code, door_code_png
from rsvp.errors import RsvpError
from rsvp.forms import EmailAddForm, ManageDetailsForm, PartySizeForm
from rsvp.models import Rsvp
from rsvp.services import (
    rsvp_by_token,
    rsvp_cancel,
    rsvp_change_party_size,
    rsvp_change_refusal,
    rsvp_details_change,
    rsvp_details_refusal,
    rsvp_email_add,
    rsvp_feed_link_send,
    rsvp_language_set,
    rsvp_texts_turn_on,
    waitlist_position,
)
from rsvp.views.common import retry_later
from scheduler.errors import Busy
from scheduler.tokens import token_page


def _rsvp_page(view):
    """The view of one RSVP, by its token; an unknown token gets a page that says so and
    offers to e-mail the resident their links."""

    @functools.wraps(view)
    def wrapped(request, token: str):
        rsvp = rsvp_by_token(token)
        if rsvp is None:
            return render(request, "rsvp/link_dead.html", status=404)
        return view(request, token, rsvp)

    return wrapped


def _door_code_image(rsvp: Rsvp) -> str:
    """The door code as a data: URL for the page (the CSP allows data: images), or "" when
    there is no seat to check in to: a waiting party's code comes with its seat."""
    if rsvp.status != Rsvp.Status.CONFIRMED or rsvp.event.is_cancelled:
        return ""
    png = door_code_png(door_code(rsvp), scale=8)
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _manage_page(request, token, rsvp, *, form=None, status=200, **extra):
    context = {
        "door_code_image": _door_code_image(rsvp),
        "token": token,
        "rsvp": rsvp,
        "event": rsvp.event,
        "position": waitlist_position(rsvp),
        # The services' own answers, so the page offers only the changes they will accept.
        "change_refusal": rsvp_change_refusal(rsvp),
        "cancel_refusal": rsvp_change_refusal(rsvp, cancel=True),
        "form": form or PartySizeForm(event=rsvp.event, initial={"party_size": rsvp.party_size}),
        "email_form": extra.pop("email_form", None) or EmailAddForm(),
        "details_refusal": rsvp_details_refusal(rsvp),
        "details_form": extra.pop("details_form", None) or _details_form(rsvp),
        # Each named in itself, as config/languages.py writes it (never translated: a
        # resident looks for their own language's name).
        "languages": settings.LANGUAGES,
        **extra,
    }
    return render(request, "rsvp/rsvp_manage.html", context, status=status)


def _details_form(rsvp: Rsvp) -> ManageDetailsForm:
    return ManageDetailsForm(
        rsvp=rsvp,
        initial={
            "name": rsvp.name,
            "sms_opt_in": rsvp.sms_opt_in,
            "accessibility_needs": rsvp.accessibility_needs,
        },
    )


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
@_rsvp_page
def rsvp_manage(request, token: str, rsvp: Rsvp):
    if request.method != "POST":
        updated = request.GET.get("updated")
        return _manage_page(
            request, token, rsvp, updated=updated == "1", details_updated=updated == "details"
        )
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
        return retry_later(_manage_page(request, token, rsvp, form=form, status=503), exc)
    return redirect(f"/rsvp/{token}/?updated=1")


@token_page
@require_http_methods(["POST"])
@_rsvp_page
def rsvp_details(request, token: str, rsvp: Rsvp):
    """Correct the name, phone, text reminders and needs typed with the RSVP."""
    form = ManageDetailsForm(request.POST, rsvp=rsvp)
    if not form.is_valid():
        return _manage_page(request, token, rsvp, details_form=form, status=400)
    try:
        rsvp_details_change(rsvp=rsvp, **form.cleaned_data)
    except RsvpError as exc:
        form.add_error(None, exc.message)
        return _manage_page(request, token, rsvp, details_form=form, status=409)
    except Busy as exc:
        form.add_error(None, exc.message)
        return retry_later(_manage_page(request, token, rsvp, details_form=form, status=503), exc)
    return redirect(f"/rsvp/{token}/?updated=details#details")


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
@_rsvp_page
def rsvp_cancel_view(request, token: str, rsvp: Rsvp):
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
        return retry_later(response, exc) if isinstance(exc, Busy) else response
    return redirect(f"/rsvp/{token}/")


@token_page
@require_http_methods(["POST"])
@_rsvp_page
def rsvp_email(request, token: str, rsvp: Rsvp):
    """Add an e-mail address to a head-count RSVP. The page says the same whether or not
    the address already had an RSVP for this event (see rsvp_email_add)."""
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
        return retry_later(_manage_page(request, token, rsvp, email_form=form, status=503), exc)
    return _manage_page(request, token, rsvp, email_sent_to=form.cleaned_data["email"])


@token_page
@require_http_methods(["POST"])
@_rsvp_page
def rsvp_texts(request, token: str, rsvp: Rsvp):
    """Turn on the text reminders asked for with the RSVP (see Rsvp.texts_confirmed_at)."""
    rsvp_texts_turn_on(rsvp=rsvp)
    return _manage_page(request, token, rsvp, texts_turned_on=True)


@token_page
@require_http_methods(["POST"])
@_rsvp_page
def rsvp_feed_link(request, token: str, rsvp: Rsvp):
    """E-mail a new personal-feed link: it lists every RSVP of this e-mail address, so it
    goes only to that address, never to the screen of whoever holds this RSVP's link."""
    try:
        rsvp_feed_link_send(rsvp=rsvp)
    except RsvpError:
        raise Http404(_("A head-count RSVP has no personal feed.")) from None
    return _manage_page(request, token, rsvp, feed_sent=True)


@token_page
@require_http_methods(["POST"])
@_rsvp_page
def rsvp_language(request, token: str, rsvp: Rsvp):
    """The language of this RSVP's notices. The answer is already in it: the resident sees
    at once that the choice took (the site's own language, the switcher's cookie, is not
    changed: this page may be open on someone else's phone)."""
    try:
        rsvp_language_set(rsvp=rsvp, language=request.POST.get("language", ""))
    except RsvpError as exc:
        return _manage_page(request, token, rsvp, language_error=exc.message, status=400)
    # Activated, not overridden: LocaleMiddleware names the answer's Content-Language after
    # the view has returned.
    translation.activate(rsvp.language)
    return _manage_page(request, token, rsvp, language_changed=True)
