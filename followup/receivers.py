"""The follow-up side of the RSVP and event services' announcements (rsvp/signals.py,
scheduler/signals.py): plan, drop or re-plan the "still coming?" question inside the
sender's transaction. Connected once in FollowupConfig.ready()."""

from followup.services import still_coming_plan, still_coming_replan_event, still_coming_stop
from rsvp import signals as rsvp_signals
from scheduler import signals as event_signals

TIME_FIELDS = ("start", "timezone")


def rsvp_changed(sender, *, rsvp, kind: str, **kwargs) -> None:
    if kind in ("confirmed", "promoted"):
        still_coming_plan(rsvp=rsvp)
    elif kind == "cancelled":
        still_coming_stop(rsvp=rsvp, reason="The RSVP was cancelled.")


def event_changed(sender, *, event, changes, **kwargs) -> None:
    if set(changes) & set(TIME_FIELDS):
        still_coming_replan_event(event=event)


def event_reinstated(sender, *, event, **kwargs) -> None:
    still_coming_replan_event(event=event)


def connect() -> None:
    rsvp_signals.rsvp_changed.connect(rsvp_changed, dispatch_uid="followup.rsvp_changed")
    event_signals.event_changed.connect(event_changed, dispatch_uid="followup.event_changed")
    event_signals.event_reinstated.connect(
        event_reinstated, dispatch_uid="followup.event_reinstated"
    )
