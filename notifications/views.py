"""The "stop reminders" link in every notice (RFC 8058 one-click unsubscribe)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from notifications.links import notice_by_stop_token
from notifications.planning import reminders_stop
from scheduler.tokens import token_page


# Mail apps POST "List-Unsubscribe=One-Click" from their own servers, with no CSRF
# token and no cookies; the unguessable token in the URL is the authorization.
@token_page
@require_http_methods(["GET", "POST"])
def reminders_stop_view(request, token: str):
    notice = notice_by_stop_token(token)
    # Staff and block-party notices carry no reminders to stop (their e-mails show no link).
    if notice is None or notice.attendee_id is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        reminders_stop(token=token)
        return render(request, "notifications/reminders_stop.html", {"done": True})
    # GET only asks: link scanners in mail systems open links, and must not unsubscribe.
    return render(request, "notifications/reminders_stop.html", {"done": False})
