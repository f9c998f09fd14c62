"""What the event services announce, inside their transactions.

The services of this app send these; other apps connect to them in their AppConfig.ready()
(the waitlist in rsvp/receivers.py, the outbox in notifications/receivers.py). Receivers
run synchronously in the sender's transaction, under the event's lock: what they write
commits or rolls back with the change, and an exception in one aborts the change.
"""

from django.dispatch import Signal

# event=Event, changes={field: (old, new)} — calendar-relevant fields changed.
event_changed = Signal()
# event=Event (cancelled, `cancellation_reason` set).
event_cancelled = Signal()
# event=Event — a cancelled event is scheduled again.
event_reinstated = Signal()
# event=Event (locked), now=datetime|None — seats may have been freed (capacity raised):
# the waitlist moves in the same transaction (DESIGN.md rule 2).
seats_freed = Signal()
# comment=ReviewComment — a step of a partner's proposal (submitted, approved, changes
# asked for, declined): the outbox tells the other side.
proposal_reviewed = Signal()
