"""Applying to a course and a coordinator's decision on an application; the applicant is
told each time through the outbox (notifications/), in the language they applied in."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from courses.errors import CourseError, CourseFull
from courses.models import Application, Course
from notifications.enqueue import sends_enqueue
from notifications.models import Notification
from rsvp.models import email_normalize
from rsvp.rules import email_clean, name_clean, phone_clean
from scheduler.locking import busy_on_lock_wait

Kind = Notification.Kind
Status = Application.Status

# What each decision tells the applicant.
DECISION_KINDS = {
    Status.APPROVED: Kind.COURSE_APPROVED,
    Status.DECLINED: Kind.COURSE_DECLINED,
    Status.WAITLISTED: Kind.COURSE_WAITLISTED,
}


@contextmanager
def course_locked(course_id: int) -> Iterator[Course]:
    """A transaction holding the course's write lock (PostgreSQL: its row, with the lock
    timeout; SQLite: the IMMEDIATE transaction itself); yields the fresh row. Every
    approval runs inside it, so approved applicants never exceed the capacity."""
    with busy_on_lock_wait(), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                timeout_ms = int(settings.PORCHLIGHT["LOCK_TIMEOUT_MS"])
                cursor.execute(f"SET LOCAL lock_timeout = '{timeout_ms}ms'")
        yield Course.objects.select_for_update().select_related("series").get(pk=course_id)


def _rule(field: str, rule, value):
    try:
        return rule(value)
    except ValidationError as exc:
        raise CourseError(exc.messages[0], code=exc.code, field=field) from exc


def _notice_plan(application: Application, kind: str, *, now: dt.datetime) -> None:
    notice = Notification.objects.create(
        kind=kind,
        application=application,
        due_at=now,
        dedupe_key=f"course:{kind}:{application.pk}:{secrets.token_hex(8)}",
        enqueued_at=now,
    )
    transaction.on_commit(lambda: sends_enqueue([notice.pk]))


def _places_left(course: Course) -> int:
    approved = course.applications.filter(status=Status.APPROVED).count()
    return course.capacity - approved


def application_submit(
    *,
    course: Course,
    name: str,
    email: str,
    phone: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Apply to a whole course. Returns nothing: an address that already applied changes
    nothing and is told nothing new, so the answer is the same either way (DESIGN.md
    rule 7). Without approval, applicants are approved in order while places last, then
    waitlisted."""
    now = now or timezone.now()
    fields = {
        "name": _rule("name", name_clean, name),
        "email": email_normalize(_rule("email", email_clean, email)),
        "phone": _rule("phone", phone_clean, phone),
    }
    with course_locked(course.pk) as course:
        if not course.applications_open:
            raise CourseError(gettext("Applications to this course are closed."))
        if course.applications.filter(email=fields["email"], erased_at=None).exists():
            return
        application = Application(course=course, language=language, **fields)
        if course.needs_approval:
            kind = Kind.COURSE_RECEIVED
        elif _places_left(course) > 0:
            application.status, application.decided_at = Status.APPROVED, now
            kind = Kind.COURSE_APPROVED
        else:
            application.status, application.decided_at = Status.WAITLISTED, now
            kind = Kind.COURSE_WAITLISTED
        application.save()
        _notice_plan(application, kind, now=now)


def application_decide(
    *, application: Application, status: str, by=None, now: dt.datetime | None = None
) -> Application:
    """Approve, decline or waitlist an application and tell the applicant. Deciding what
    is already decided changes nothing and sends nothing."""
    now = now or timezone.now()
    if status not in DECISION_KINDS:
        raise CourseError(gettext("Choose approve, decline or waitlist."), field="status")
    with course_locked(application.course_id) as course:
        application = Application.objects.get(pk=application.pk)
        if application.erased_at is not None:
            raise CourseError(gettext("This application's data was erased."))
        if application.status == status:
            return application
        if status == Status.APPROVED and _places_left(course) <= 0:
            raise CourseFull()
        application.status, application.decided_at, application.decided_by = status, now, by
        application.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        _notice_plan(application, DECISION_KINDS[status], now=now)
    return application
