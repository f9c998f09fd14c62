"""Attendance per session: the officer marks which approved applicants were present."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from courses.errors import CourseError
from courses.models import Application, Course, SessionAttendance
from scheduler.models import Event


def attendance_set(
    *, course: Course, session: Event, present_ids: set[int], by=None
) -> tuple[int, int]:
    """Make `present_ids` (applications) the ones present at `session`: adds the new,
    removes the unticked. Only approved applicants of this course count. Returns (added,
    removed); calling it twice with the same set changes nothing."""
    if session.series_id != course.series_id:
        raise CourseError(gettext("This session is not part of the course."), field="session")
    with transaction.atomic():
        approved = set(
            Application.objects.filter(
                course=course, status=Application.Status.APPROVED, pk__in=present_ids
            ).values_list("pk", flat=True)
        )
        if approved != set(present_ids):
            raise CourseError(
                gettext("Only approved applicants of this course can be marked present."),
                field="present",
            )
        marked = set(
            SessionAttendance.objects.filter(session=session).values_list(
                "application_id", flat=True
            )
        )
        removed, _ = SessionAttendance.objects.filter(
            session=session, application_id__in=marked - approved
        ).delete()
        new = [
            SessionAttendance(application_id=pk, session=session, marked_by=by)
            for pk in sorted(approved - marked)
        ]
        SessionAttendance.objects.bulk_create(new, ignore_conflicts=True)
    return len(new), removed
