"""The demo's accommodation requests, made through the RSVP and accommodations services."""

import datetime as dt

from accommodations.models import AccommodationRequest, Kind, State
from accommodations.rules import Asked
from accommodations.services import request_decide
from scheduler.models import Event

# What the first two residents ask to have arranged at the first event with officers
# (accommodations): an ASL interpreter still to arrange, a Spanish interpreter arranged.
DEMO_ASKS = ([Asked(kind="asl")], [Asked(kind="interpreter", detail="Español")])


def accommodation_answered(event: Event, now: dt.datetime) -> None:
    """The interpreter asked for at the demo event is arranged by its officer (once)."""
    request = AccommodationRequest.objects.filter(
        rsvp__event=event, kind=Kind.INTERPRETER, state=State.OPEN
    ).first()
    officer = event.officers.order_by("pk").first()
    if request is not None and officer is not None:
        request_decide(
            request_id=request.pk,
            user=officer,
            state=State.ARRANGED,
            note="Lucía from Riverside Language Bank will interpret.",
            now=now,
        )
