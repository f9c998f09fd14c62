"""National Night Out pages: the public registration form and the host's manage page, the
coordinators' list with visit assignment, and the officers' visit list (and its sheet)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nightout import queries, services
from nightout.errors import NightOutError
from nightout.forms import PartyDetailsForm, PartyRegisterForm, VisitForm, officers_queryset
from nightout.models import BlockParty, Visit
from rsvp.officers.access import staff_required
from scheduler.permissions import is_coordinator
from scheduler.tokens import token_page


def _night_or_404():
    night = queries.night_out_current()
    if night is None:
        raise Http404(_("No National Night Out is planned yet."))
    return night


def _form_error(form, exc: NightOutError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    night = _night_or_404()
    is_open = night.registration_open_on(timezone.localdate(timezone=night.tzinfo))
    form = PartyRegisterForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.party_register(
                    night_out=night,
                    language=translation.get_language_from_request(request),
                    **form.cleaned_data,
                )
            except NightOutError as exc:
                _form_error(form, exc)
                status = 409 if exc.field is None else 400
            else:
                # The same answer for a new address and one that has a registration
                # (DESIGN.md rule 7): the link goes to the mailbox.
                return render(
                    request,
                    "nightout/sent.html",
                    {"night": night, "sent_to": form.cleaned_data["email"]},
                    status=202,
                )
    return render(
        request,
        "nightout/register.html",
        {"night": night, "form": form, "is_open": is_open},
        status=status,
    )


def _party_or_404(token: str) -> BlockParty:
    party = services.party_by_token(token)
    if party is None:
        raise Http404(_("This link is not valid any more."))
    return party


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token: str):
    party = _party_or_404(token)
    initial = {
        "host_name": party.host_name,
        "phone": party.phone,
        "address": party.address,
        "neighborhood": party.neighborhood_id,
        "expected_size": party.expected_size,
        "needs": party.needs,
    }
    form = PartyDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    status, saved = 200, False
    if request.method == "POST" and party.is_active:
        status = 400
        if form.is_valid():
            try:
                party = services.party_change(party=party, **form.cleaned_data)
            except NightOutError as exc:
                _form_error(form, exc)
            else:
                status, saved = 200, True
    visits = list(queries.active_visits().filter(party=party).select_related("officer"))
    return render(
        request,
        "nightout/manage.html",
        {
            "party": party,
            "night": party.night_out,
            "form": form,
            "visits": visits,
            "saved": saved,
            "token": token,
        },
        status=status,
    )


@token_page
def withdraw(request, token: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    party = _party_or_404(token)
    services.party_withdraw(party=party)
    return HttpResponseRedirect(reverse("nightout:manage", args=[token]))


@require_GET
@staff_required
def officer_visits(request):
    return _officer_page(request, "nightout/officer_visits.html")


@require_GET
@staff_required
def officer_sheet(request):
    return _officer_page(request, "nightout/officer_sheet.html")


def _officer_page(request, template: str):
    night = queries.night_out_current()
    visits = list(queries.visits_of_officer(request.user.pk, night)) if night else []
    return render(request, template, {"night": night, "visits": visits})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def coordinate(request):
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators assign visits."))
    night = _night_or_404()
    failed_party, failed_form, status = None, None, 200
    officers = list(officers_queryset())
    if request.method == "POST":
        raw = request.POST.get("party", "")
        party = None
        if raw.isdigit() and len(raw) < 12:
            party = BlockParty.objects.filter(pk=int(raw), night_out=night).first()
        if party is None:
            raise Http404(_("No such block party."))
        form = VisitForm(request.POST, night_out=night, officers=officers, prefix=f"p{party.pk}")
        if form.is_valid():
            start, end = form.moments()
            try:
                services.visit_assign(
                    party=party,
                    officer=form.cleaned_data["officer"],
                    start=start,
                    end=end,
                    by=request.user,
                )
            except NightOutError as exc:
                _form_error(form, exc)
            else:
                return HttpResponseRedirect(reverse("nightout:coordinate") + f"#party-{party.pk}")
        failed_party, failed_form, status = party.pk, form, 400
    parties = list(queries.parties_for_coordinators(night))
    for party in parties:
        party.visit_form = (
            failed_form
            if party.pk == failed_party
            else VisitForm(night_out=night, officers=officers, prefix=f"p{party.pk}")
        )
    return render(
        request,
        "nightout/coordinate.html",
        {"night": night, "groups": queries.grouped_by_neighborhood(parties)},
        status=status,
    )


@require_http_methods(["POST"])
@staff_required
def visit_remove(request, pk: int):
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators assign visits."))
    visit = get_object_or_404(Visit, pk=pk)
    services.visit_cancel(visit=visit, by=request.user)
    return HttpResponseRedirect(reverse("nightout:coordinate") + f"#party-{visit.party_id}")
