"""Lost links: "E-mail me my links" sends an address the links of its RSVPs.

The page answers the same words, status and work for every address (the lookup runs on
the worker, rsvp.tasks): a page that said "no RSVPs for this address" would tell anyone
who typed a neighbour's e-mail whether that neighbour signed up for anything.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_q.tasks import async_task

from rsvp.forms import LinksRequestForm
from rsvp.throttle import LinksRequestThrottle
from rsvp.views.common import retry_later
from scheduler.errors import Busy

# Queued with the address alone; see rsvp/tasks.py. Not kept after it ran (save=False, and
# the task never fails): the task table is read by administrators, and the address is
# personal data.
LINKS_TASK = "rsvp.tasks.rsvp_links_send"


@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_links(request):
    form = LinksRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            allowed = LinksRequestThrottle().allow_request(request, None)
        except Busy as exc:
            form.add_error(None, exc.message)
            page = render(request, "rsvp/links_request.html", {"form": form}, status=503)
            return retry_later(page, exc)
        if not allowed:
            form.add_error(
                None,
                _("Too many requests from your connection just now. Please try again in an hour."),
            )
            return render(request, "rsvp/links_request.html", {"form": form}, status=429)
        email = form.cleaned_data["email"]
        async_task(LINKS_TASK, email, task_name="rsvp-links", save=False)
        return render(request, "rsvp/links_sent.html", {"email": email})
    status = 400 if form.errors else 200
    return render(request, "rsvp/links_request.html", {"form": form}, status=status)
