"""Proposal pages of the officer area: partner staff propose events for their organization,
coordinators review them.

Who may do what is answered by scheduler.permissions (may_propose_for, may_edit_proposal,
may_review) and enforced again by the services. Another organization's proposal is a 404,
not a 403: its existence is not theirs to learn.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rsvp.officers.access import staff_required
from rsvp.officers.proposal_forms import ProposalForm, ReviewForm, SubmitForm
from scheduler.errors import DomainError
from scheduler.models import Event, Review, ReviewComment
from scheduler.permissions import (
    may_edit_proposal,
    may_review,
    may_see_proposal,
    proposal_events,
    proposal_organizations,
)
from scheduler.services import (
    partner_editable_fields,
    proposal_create,
    proposal_review,
    proposal_save,
    proposal_submit,
    staff_language_remember,
)

# The list's rows, soonest first; their details in the same query.
LIST_RELATED = ("host", "program", "venue")


def _proposal_or_404(request, pk: int) -> Event:
    event = Event.objects.select_related(*LIST_RELATED).filter(pk=pk).first()
    if event is None or not may_see_proposal(request.user, event):
        raise Http404(_("No such event."))
    return event


def _refusal_show(form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@require_http_methods(["GET", "HEAD"])
@staff_required
def proposal_list(request):
    organizations = proposal_organizations(request.user)
    reviewer = may_review(request.user)
    if not reviewer and not organizations.exists():
        raise PermissionDenied(_("Only partner staff and coordinators use the proposal pages."))
    own = proposal_events(request.user).select_related(*LIST_RELATED).order_by("start", "id")
    queue = (
        Event.objects.filter(review=Review.SUBMITTED)
        .select_related(*LIST_RELATED)
        .order_by("start", "id")
        if reviewer
        else Event.objects.none()
    )
    return render(
        request,
        "rsvp/officers/proposals/list.html",
        {
            "own": list(own),
            "queue": list(queue),
            "reviewer": reviewer,
            "proposer": organizations.exists(),
            "nav": "proposals",
            "is_coordinator": may_review(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def proposal_new(request):
    organizations = proposal_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied(_("Only partner staff propose events."))
    form = ProposalForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            staff_language_remember(user=request.user, language=get_language())
            event = proposal_create(author=request.user, **data)
        except DomainError as exc:
            _refusal_show(form, exc)
        else:
            messages.success(request, _("Draft saved. Submit it when it is ready for review."))
            return redirect("officers:proposal", event.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "rsvp/officers/proposals/new.html",
        {"form": form, "nav": "proposals", "is_coordinator": may_review(request.user)},
        status=status,
    )


def _initial(event: Event) -> dict:
    return {
        "title": event.title,
        "description": event.description,
        "program": event.program_id,
        "venue": event.venue_id,
        "start": event.local_start.replace(tzinfo=None),
        "end": event.local_end.replace(tzinfo=None),
        "capacity": event.capacity,
    }


def _page(request, event: Event, *, edit=None, submit=None, review=None, status=200):
    editable = partner_editable_fields(event) if may_edit_proposal(request.user, event) else ()
    if edit is None and editable:
        edit = ProposalForm(initial=_initial(event), editable=editable)
    partner = may_edit_proposal(request.user, event)
    if submit is None and partner and event.review in (Review.DRAFT, Review.CHANGES_REQUESTED):
        submit = SubmitForm()
    if review is None and may_review(request.user) and event.review == Review.SUBMITTED:
        review = ReviewForm()
    trail = ReviewComment.objects.filter(event=event).select_related("author")
    return render(
        request,
        "rsvp/officers/proposals/detail.html",
        {
            "event": event,
            "edit_form": edit if editable else None,
            "submit_form": submit,
            "review_form": review,
            "trail": list(trail),
            "nav": "proposals",
            "is_coordinator": may_review(request.user),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def proposal_detail(request, pk: int):
    """The proposal: its details, its review trail, and what this user may do with it.
    A POST is the partner's edit."""
    event = _proposal_or_404(request, pk)
    if request.method != "POST":
        return _page(request, event)
    if not may_edit_proposal(request.user, event):
        raise PermissionDenied(_("You may only change your organization's events."))
    editable = partner_editable_fields(event)
    form = ProposalForm(request.POST, initial=_initial(event), editable=editable)
    if not editable:
        form.add_error(None, _("Your organization may not change this event any more."))
    elif form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            staff_language_remember(user=request.user, language=get_language())
            proposal_save(event=event, author=request.user, values=changed)
        except DomainError as exc:
            _refusal_show(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("officers:proposal", event.pk)
    return _page(request, _proposal_or_404(request, pk), edit=form, status=400)


@require_POST
@staff_required
def proposal_submit_view(request, pk: int):
    event = _proposal_or_404(request, pk)
    if not may_edit_proposal(request.user, event):
        raise PermissionDenied(_("You may only submit your organization's events."))
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            staff_language_remember(user=request.user, language=get_language())
            proposal_submit(event=event, author=request.user, text=form.cleaned_data["text"])
        except DomainError as exc:
            _refusal_show(form, exc)
        else:
            messages.success(request, _("Submitted. The coordinators have been told by e-mail."))
            return redirect("officers:proposal", event.pk)
    return _page(request, event, submit=form, status=400)


@require_POST
@staff_required
def proposal_review_view(request, pk: int):
    event = _proposal_or_404(request, pk)
    if not may_review(request.user):
        raise PermissionDenied(_("Only coordinators review proposals."))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            staff_language_remember(user=request.user, language=get_language())
            proposal_review(
                event=event,
                reviewer=request.user,
                decision=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
            )
        except DomainError as exc:
            _refusal_show(form, exc)
        else:
            messages.success(request, _("Review saved. The partner has been told by e-mail."))
            return redirect("officers:proposals")
    return _page(request, event, review=form, status=400)
