"""The follow-up side of the RSVP and event services' announcements (rsvp/signals.py,
scheduler/signals.py): drop the "still coming?" questions still to go out inside the
sender's transaction. Questions are planned by the notice dispatcher's sweep
(still_coming_sweep), never here: an RSVP submission must run the same statements whether
the address is new or already on the event (DESIGN.md rule 7). Connected once in
FollowupConfig.ready()."""

from followup.services import still_coming_replan_event, still_coming_stop
from rsvp import signals as rsvp_signals
from scheduler import signals as event_signals

TIME_FIELDS = ("start", "timezone")


def rsvp_changed(sender, *, rsvp, kind: str, **kwargs) -> None:
    # A cancel, never a submission: a new and a repeated RSVP both pass through untouched.
    if kind == "cancelled":
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
