"""A course with its sessions, for the course tests."""

import datetime as dt

from django.utils import timezone

from courses.models import Application, Course
from tests import factories

START = dt.datetime(2026, 9, 1, 18, 30, tzinfo=dt.UTC)


def course(*, sessions: int = 4, hours: float = 2, start=None, **kw) -> Course:
    """A course whose series has `sessions` weekly occurrences of `hours` each."""
    series = factories.series(title=kw.pop("title", "Crisis Intervention Training"))
    first = start or timezone.now() + dt.timedelta(days=7)
    for i in range(sessions):
        begins = first + dt.timedelta(weeks=i)
        factories.event(
            series=series,
            title=series.title,
            program=series.program,
            venue=series.venue,
            host=series.host,
            start=begins,
            end=begins + dt.timedelta(hours=hours),
            occurrence_date=begins.date(),
        )
    return Course.objects.create(series=series, capacity=kw.pop("capacity", 20), **kw)


def applicant(course: Course, *, status=Application.Status.APPROVED, **kw) -> Application:
    n = factories.n()
    defaults = {"name": f"Applicant {n}", "email": f"applicant{n}@example.org", "language": "en"}
    return Application.objects.create(course=course, status=status, **{**defaults, **kw})


def sessions(course: Course) -> list:
    return list(course.series.occurrences.order_by("start"))
