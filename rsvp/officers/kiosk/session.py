"""The kiosk's state, kept in the officer's (server-side) session.

A dict under one key: the event, the PIN's hash, a random id for the exit throttle's
counter, the parties the last search offered (the only ones a tap may check in), and what
the page after a check-in says.
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password

SESSION_KEY = "porchlight_kiosk"


def kiosk_start(request, *, event_id: int, pin: str) -> None:
    request.session[SESSION_KEY] = {
        "event": event_id,
        "pin": make_password(pin),
        # Names the exit throttle's counter: a new kiosk starts with a clean count, and
        # nothing in it says which officer or session it is.
        "id": secrets.token_hex(12),
        "offered": [],
        "done": None,
    }


def kiosk_state(request) -> dict | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    state = session.get(SESSION_KEY)
    return state if isinstance(state, dict) and "event" in state else None


def kiosk_end(request) -> None:
    request.session.pop(SESSION_KEY, None)


def kiosk_pin_matches(state: dict, pin: str) -> bool:
    return check_password(pin, state["pin"])


def kiosk_update(request, **changes) -> None:
    state = dict(request.session[SESSION_KEY])
    state.update(changes)
    request.session[SESSION_KEY] = state
