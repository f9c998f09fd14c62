"""Residents' own data: ask for a link by e-mail, then see, download or delete what we hold.

The request page answers the same words, status and work for every address: a page that
said "we have nothing for this address" would tell anyone who typed a neighbour's e-mail
whether that neighbour ever RSVPed to a Crisis Intervention session.
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from counters.throttling import CounterThrottle
from privacy.forms import DataDeleteForm, DataRequestForm
from privacy.services import data_access_link_open, data_delete, data_export
from scheduler.tokens import token_page

# Queued with the address and the page's language; see privacy/tasks.py.
DATA_LINK_TASK = "privacy.tasks.data_link_send"


class DataRequestThrottle(CounterThrottle):
    """Data-link requests per client address: each one may send an e-mail to anyone."""

    scope = "privacy"

    def get_rate(self):
        return settings.PRIVACY_REQUEST_THROTTLE or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def data_request(request):
    form = DataRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not DataRequestThrottle().allow_request(request, None):
            form.add_error(
                None,
                _("Too many requests from your connection just now. Please try again in an hour."),
            )
            return render(request, "privacy/data_request.html", {"form": form}, status=429)
        email = form.cleaned_data["email"]
        async_task(
            DATA_LINK_TASK,
            email,
            translation.get_language_from_request(request),
            task_name="privacy-data-link",
            save=False,
        )
        return render(request, "privacy/data_request_sent.html", {"email": email})
    return render(
        request, "privacy/data_request.html", {"form": form}, status=400 if form.errors else 200
    )


def _link_dead(request):
    return render(request, "privacy/data_link_dead.html", status=404)


@token_page
def data_view(request, token: str):
    attendee = data_access_link_open(token)
    if attendee is None:
        return _link_dead(request)
    return render(
        request,
        "privacy/data_view.html",
        {"data": data_export(attendee), "token": token},
    )


@token_page
def data_download(request, token: str):
    attendee = data_access_link_open(token)
    if attendee is None:
        return _link_dead(request)
    body = json.dumps(data_export(attendee), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="porchlight-my-data-{stamp}.json"'
    return response


@token_page
def data_delete_view(request, token: str):
    attendee = data_access_link_open(token)
    if attendee is None:
        return _link_dead(request)
    form = DataDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erased = data_delete(attendee)
        return render(request, "privacy/data_deleted.html", {"erased": erased})
    return render(
        request,
        "privacy/data_delete.html",
        {"form": form, "token": token, "data": data_export(attendee)},
        status=400 if form.errors else 200,
    )
