"""Property test: any sequence of RSVP operations keeps rules 1 and 2."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from rsvp.errors import RsvpError
from rsvp.models import Rsvp
from rsvp.services import (
    rsvp_cancel,
    rsvp_change_party_size,
    rsvp_create,
    seats_confirmed,
)
from scheduler.errors import CapacityError
from scheduler.services import event_capacity_set
from tests import factories

_emails = itertools.count()


class RsvpMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.start = timezone.now() + dt.timedelta(days=2)
        self.event = factories.event(capacity=8, max_party_size=4, start=self.start)
        self.now = self.start - dt.timedelta(days=1)  # before the 2-hour cutoff
        self.ids: list[int] = []

    def _active(self):
        return list(Rsvp.objects.filter(event=self.event).active().order_by("id"))

    @rule(size=st.integers(1, 4))
    def create(self, size):
        try:
            result = rsvp_create(
                event=self.event,
                email=f"p{next(_emails)}@example.org",
                name="P",
                party_size=size,
                now=self.now,
            )
        except RsvpError as exc:
            # Capacity 0 means a drop-in event that takes no RSVPs.
            assert (exc.code, self.event.capacity) == ("rsvp_closed", 0)
            return
        self.ids.append(result.rsvp.pk)

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 1000))
    def cancel(self, index):
        rsvp = Rsvp.objects.get(pk=self.ids[index % len(self.ids)])
        rsvp_cancel(rsvp=rsvp, now=self.now)

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 1000), size=st.integers(1, 4))
    def change_party_size(self, index, size):
        rsvp = Rsvp.objects.get(pk=self.ids[index % len(self.ids)])
        try:
            rsvp_change_party_size(rsvp=rsvp, party_size=size, now=self.now)
        except RsvpError as exc:
            assert exc.code in {"rsvp_cancelled", "not_enough_seats"}

    @rule(capacity=st.one_of(st.none(), st.integers(0, 14)))
    def change_capacity(self, capacity):
        before = seats_confirmed(self.event.pk)
        try:
            event_capacity_set(event=self.event, capacity=capacity, now=self.now)
        except CapacityError:
            assert capacity is not None and capacity < before
        self.event.refresh_from_db()

    @rule()
    def pass_the_cutoff(self):
        self.now = self.start - dt.timedelta(minutes=30)

    @invariant()
    def seats_never_exceed_capacity(self):
        if self.event.capacity is not None:
            assert seats_confirmed(self.event.pk) <= self.event.capacity

    @invariant()
    def before_cutoff_no_waiting_party_fits(self):
        if self.now >= self.start - dt.timedelta(hours=2):
            return
        waiting = [r.party_size for r in self._active() if r.status == "waitlisted"]
        if self.event.capacity is None:
            assert waiting == []
        else:
            free = self.event.capacity - seats_confirmed(self.event.pk)
            assert all(size > free for size in waiting)


@pytest.mark.django_db
def test_rsvp_rules_hold_for_any_sequence_of_operations():
    run_state_machine_as_test(
        RsvpMachine,
        settings=settings(max_examples=150, stateful_step_count=40, deadline=None),
    )
