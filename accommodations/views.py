"""Staff's answer to an accommodation request (listed on /officers/: templatetags)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accommodations.errors import AccommodationError
from accommodations.forms import DecideForm
from accommodations.models import AccommodationRequest, State
from accommodations.services import can_decide, request_decide
from rsvp.officers.access import staff_required
from scheduler.permissions import can_view_roster


@require_POST
@staff_required
def decide(request, pk: int):
    found = AccommodationRequest.objects.select_related("rsvp__event__host").filter(pk=pk).first()
    # Someone who may not see the event's roster is not told the request exists.
    if found is None or not can_view_roster(request.user, found.rsvp.event):
        raise Http404(_("No such request."))
    if not can_decide(request.user, found.rsvp.event):
        raise PermissionDenied(_("Only the event's officers and coordinators answer requests."))
    back = reverse("officers:home") + "#to-arrange"
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect(back)
    try:
        done = request_decide(
            request_id=found.pk,
            user=request.user,
            state=form.cleaned_data["state"],
            note=form.cleaned_data["note"],
        )
    except AccommodationError as exc:
        messages.error(request, exc.message)
    else:
        if done.state == State.ARRANGED:
            text = _("Marked arranged: %(what)s. The resident is told by e-mail.")
        else:
            text = _("Marked not possible: %(what)s. The resident is told by e-mail.")
        messages.success(request, text % {"what": done.label})
    return redirect(back)
