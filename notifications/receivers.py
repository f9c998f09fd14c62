"""The outbox's side of the services' announcements (scheduler/signals.py, rsvp/signals.py).

Connected once in NotificationsConfig.ready(). Each receiver runs inside the sender's
transaction, so a notice exists exactly when the change that caused it committed; sends
are queued only after that commit (transaction.on_commit in planning.py).
"""

from notifications import planning, staff
from rsvp import signals as rsvp_signals
from scheduler import signals as event_signals


def rsvp_changed(sender, *, rsvp, kind: str, **kwargs) -> None:
    planning.notices_for_rsvp(rsvp=rsvp, kind=kind)


def event_changed(sender, *, event, changes, **kwargs) -> None:
    planning.notices_for_event_change(event=event, changes=changes)


def event_cancelled(sender, *, event, **kwargs) -> None:
    planning.notices_for_event_cancel(event=event)


def event_reinstated(sender, *, event, **kwargs) -> None:
    planning.notices_for_event_reinstate(event=event)


def proposal_reviewed(sender, *, comment, **kwargs) -> None:
    staff.notices_for_review_step(comment=comment)


def connect() -> None:
    rsvp_signals.rsvp_changed.connect(rsvp_changed, dispatch_uid="notifications.rsvp_changed")
    event_signals.event_changed.connect(event_changed, dispatch_uid="notifications.event_changed")
    event_signals.event_cancelled.connect(
        event_cancelled, dispatch_uid="notifications.event_cancelled"
    )
    event_signals.event_reinstated.connect(
        event_reinstated, dispatch_uid="notifications.event_reinstated"
    )
    event_signals.proposal_reviewed.connect(
        proposal_reviewed, dispatch_uid="notifications.proposal_reviewed"
    )
