"""A role's last places under real parallel connections: never more volunteers than the
role has places, and the event's seats untouched. On PostgreSQL the role's row lock
serializes the sign-ups; on SQLite the IMMEDIATE transaction does."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from scheduler.errors import Busy
from tests import factories
from tests.volunteers.helpers import role, signup
from volunteers.errors import VolunteerError
from volunteers.models import VolunteerSignup
from volunteers.services import volunteer_signup

THREADS = 16
ROUNDS = 5


def _race(role_, count: int) -> tuple[list[str], list[BaseException]]:
    barrier = threading.Barrier(count)
    refused: list[str] = []
    errors: list[BaseException] = []

    def one(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            volunteer_signup(role=role_, name=f"Racer {index}", email=f"racer{index}@example.org")
        except VolunteerError as exc:
            refused.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - every other failure is a test failure
            errors.append(exc)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(one, range(count)))
    return refused, errors


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ups_for_a_roles_last_places_never_overfill_it():
    for places_left in [1, 3] * (ROUNDS // 2) + [1]:
        event = factories.event(capacity=5)
        host = role(event, capacity=4)
        for _ in range(4 - places_left):
            signup(host)
        refused, errors = _race(host, THREADS)
        assert [e for e in errors if not isinstance(e, Busy)] == []
        taken = VolunteerSignup.objects.filter(role=host, withdrawn_at=None).count()
        assert taken == 4
        # Everyone not placed was told the role is full (or, rarely, to try again).
        assert len(refused) + len(errors) == THREADS - places_left
        assert set(refused) <= {"role_full"}
        event.refresh_from_db()
        assert event.seats_left == 5
