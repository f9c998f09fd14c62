"""Erasing applicants' personal data on the retention schedule (privacy/ calls these).

A course is due once its last session ended more than its program's retention period ago
(or the site's). Applications keep their status and attendance, for the counts; their
name, e-mail and phone go, and so do their notices. A certificate keeps what it always
kept apart from the application — the holder's initial, the course, hours and the
completion date — so a printed certificate can still be verified.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from courses.models import Application, Course
from notifications.models import Notification


def courses_due(now: dt.datetime) -> list[int]:
    """Ids of courses past retention whose applications still hold personal data."""
    courses = (
        Course.objects.filter(applications__erased_at__isnull=True)
        .annotate(last_end=Max("series__occurrences__end"))
        .select_related("series__program")
        .distinct()
    )
    return [
        c.pk
        for c in courses
        if c.last_end is not None
        and c.last_end + dt.timedelta(days=c.series.program.retention_days_in_force) <= now
    ]


def applications_erase(course_ids: list[int], *, now: dt.datetime) -> tuple[int, int]:
    """Blank these courses' applicants' personal data (inside the caller's transaction);
    returns (applications, notices)."""
    applications = Application.objects.filter(course_id__in=course_ids, erased_at=None)
    ids = list(applications.values_list("pk", flat=True))
    notices, _ = Notification.objects.filter(application_id__in=ids).delete()
    count = Application.objects.filter(pk__in=ids).update(
        name="", email="", phone="", erased_at=now, updated_at=now
    )
    return count, notices
