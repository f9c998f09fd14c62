"""Holds a session in kiosk mode to the kiosk pages of its event.

An allow-list, not a list of what to block: whatever page is added to the site later is
closed to a kiosk too. Allowed: the kiosk's own pages of its event, the language switcher
(residents choose their language) and signing out (which ends the session, the kiosk with
it). Anything else (the attendance page, the exports, other events, the admin, the API with
the session's cookie) is redirected to the kiosk. Runs after authentication, at
process_view, where the URL has been resolved; a URL that resolves to nothing is a 404,
which shows nothing of anyone.
"""

from django.shortcuts import redirect

from rsvp.officers.kiosk import session

KIOSK_VIEWS = frozenset(
    {"officers:kiosk", "officers:kiosk_checkin", "officers:kiosk_done", "officers:kiosk_exit"}
)
ALWAYS_ALLOWED = frozenset({"logout", "set_language"})


class KioskMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = session.kiosk_state(request)
        if state is None:
            return None
        if not request.user.is_authenticated:
            # Not reachable through logout (it flushes the session); a session whose user
            # is gone is no kiosk of anyone's.
            session.kiosk_end(request)
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALWAYS_ALLOWED:
            return None
        if name in KIOSK_VIEWS and view_kwargs.get("pk") == state["event"]:
            return None
        return redirect("officers:kiosk", pk=state["event"])
