"""Approved applicants never exceed the course's capacity, under real parallel connections
(SQLite: IMMEDIATE transactions; PostgreSQL: the course's row lock)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from courses.errors import CourseFull
from courses.models import Application
from courses.services import application_decide, application_submit
from scheduler.errors import Busy
from tests.courses.helpers import applicant, course

Status = Application.Status
CAPACITY = 5
PEOPLE = 12


def _race(work, count: int) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def one(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(index)
        except BaseException as exc:  # noqa: BLE001 - sorted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(one, range(count)))
    return errors


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_never_exceed_the_capacity():
    cit = course(capacity=CAPACITY, sessions=2)
    pending = [applicant(cit, status=Status.PENDING) for _ in range(PEOPLE)]
    errors = _race(
        lambda i: application_decide(application=pending[i], status=Status.APPROVED), PEOPLE
    )
    approved = Application.objects.filter(course=cit, status=Status.APPROVED).count()
    assert approved == CAPACITY
    # Every other approval was refused as full (none half-written, none a crash).
    assert sorted(type(e).__name__ for e in errors) == ["CourseFull"] * (PEOPLE - CAPACITY)
    assert all(isinstance(e, CourseFull) for e in errors)
    assert Application.objects.filter(course=cit, status=Status.PENDING).count() == (
        PEOPLE - CAPACITY
    )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_applications_without_approval_fill_the_course_then_wait():
    cit = course(capacity=CAPACITY, sessions=2, needs_approval=False)
    errors = _race(
        lambda i: application_submit(course=cit, name=f"P {i}", email=f"p{i}@example.org"),
        PEOPLE,
    )
    # A wait that ran out is the only refusal allowed ("try again"), never an overbooking.
    assert all(isinstance(e, Busy) for e in errors), errors
    statuses = list(
        Application.objects.filter(course=cit).order_by("id").values_list("status", flat=True)
    )
    assert len(statuses) == PEOPLE - len(errors)
    approved = statuses.count(Status.APPROVED)
    assert approved == min(CAPACITY, len(statuses))
    # Arrival order: the first ones in are the approved ones.
    assert statuses == [Status.APPROVED] * approved + [Status.WAITLISTED] * (
        len(statuses) - approved
    )
