"""The outbox's side of the services' announcements (scheduler/signals.py, rsvp/signals.py).

Connected once in NotificationsConfig.ready(). Each receiver runs inside the sender's
transaction, so a notice exists exactly when the change that caused it committed; sends
are queued only after that commit (transaction.on_commit in the planning module).
"""

from notifications import services
from rsvp import signals as rsvp_signals
from scheduler import signals as event_signals


def rsvp_changed(sender, *, rsvp, kind: str, **kwargs) -> None:
    services.notices_for_rsvp(rsvp=rsvp, kind=kind)


def event_changed(sender, *, event, changes, **kwargs) -> None:
    services.notices_for_event_change(event=event, changes=changes)


def event_cancelled(sender, *, event, **kwargs) -> None:
    services.notices_for_event_cancel(event=event)


def connect() -> None:
    rsvp_signals.rsvp_changed.connect(rsvp_changed, dispatch_uid="notifications.rsvp_changed")
    event_signals.event_changed.connect(event_changed, dispatch_uid="notifications.event_changed")
    event_signals.event_cancelled.connect(
        event_cancelled, dispatch_uid="notifications.event_cancelled"
    )
