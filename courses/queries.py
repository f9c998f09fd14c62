"""Reads of courses used by several views: the sessions, who attended which, and who
completed under the course's rule — a fixed number of queries however many rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from courses.models import Application, Course, SessionAttendance
from scheduler.models import Event

Status = Application.Status


def course_sessions(course: Course) -> list[Event]:
    """The course's sessions: its series' occurrences that take place, in order."""
    return list(
        Event.objects.filter(series_id=course.series_id)
        .exclude(status=Event.Status.CANCELLED)
        .select_related("venue")
        .order_by("start", "id")
    )


def session_hours(session: Event) -> Decimal:
    return Decimal(int((session.end - session.start).total_seconds()) // 60) / Decimal(60)


@dataclasses.dataclass
class ReportRow:
    application: Application
    attended: list[bool]  # one per session, in the sessions' order
    sessions_attended: int
    hours: Decimal
    completed: bool
    last_attended: dt.datetime | None


@dataclasses.dataclass
class CourseReport:
    course: Course
    sessions: list[Event]
    required_ids: set[int]
    rows: list[ReportRow]

    @property
    def approved_count(self) -> int:
        return sum(1 for r in self.rows if r.application.status == Status.APPROVED)

    @property
    def completed_count(self) -> int:
        return sum(1 for r in self.rows if r.completed)


def completed(
    course: Course, attended_ids: set[int], required_ids: set[int], sessions: int
) -> bool:
    """The completion rule: at least `min_sessions` attended (if set) and every required
    session attended (if any). A course with neither rule needs every session."""
    if course.min_sessions is None and not required_ids:
        return sessions > 0 and len(attended_ids) >= sessions
    if course.min_sessions is not None and len(attended_ids) < course.min_sessions:
        return False
    return required_ids <= attended_ids


def course_report(course: Course) -> CourseReport:
    sessions = course_sessions(course)
    by_id = {s.pk: s for s in sessions}
    required_ids = set(course.required_sessions.values_list("pk", flat=True))
    applications = list(
        Application.objects.filter(course=course)
        .select_related("certificate")
        .order_by("created_at", "id")
    )
    present: dict[int, set[int]] = {}
    for app_id, session_id in SessionAttendance.objects.filter(
        application__course=course, session_id__in=list(by_id)
    ).values_list("application_id", "session_id"):
        present.setdefault(app_id, set()).add(session_id)
    rows = []
    for application in applications:
        attended_ids = present.get(application.pk, set())
        approved = application.status == Status.APPROVED
        rows.append(
            ReportRow(
                application=application,
                attended=[s.pk in attended_ids for s in sessions],
                sessions_attended=len(attended_ids),
                hours=sum((session_hours(by_id[i]) for i in attended_ids), Decimal(0)),
                completed=approved and completed(course, attended_ids, required_ids, len(sessions)),
                last_attended=max((by_id[i].end for i in attended_ids), default=None),
            )
        )
    return CourseReport(course=course, sessions=sessions, required_ids=required_ids, rows=rows)


def may_take_attendance(user, course: Course, session: Event) -> bool:
    """Coordinators, and the officers assigned to the session or to the course's series."""
    from scheduler.permissions import is_coordinator, is_staff_member

    if not is_staff_member(user):
        return False
    if is_coordinator(user):
        return True
    return (
        session.officers.filter(pk=user.pk).exists()
        or course.series.officers.filter(pk=user.pk).exists()
    )


def may_see_course(user, course: Course) -> bool:
    """Coordinators, and the officers assigned to the course's series or one of its
    sessions (its applicants' names and contacts are theirs to see: DESIGN.md rule 5)."""
    from scheduler.permissions import is_coordinator, is_staff_member

    if not is_staff_member(user):
        return False
    if is_coordinator(user):
        return True
    return (
        course.series.officers.filter(pk=user.pk).exists()
        or Event.officers.through.objects.filter(
            user=user, event__series_id=course.series_id
        ).exists()
    )


def courses_for(user):
    from scheduler.permissions import is_coordinator

    qs = Course.objects.select_related("series__program").order_by("series__title", "id")
    if is_coordinator(user):
        return qs
    assigned = Event.officers.through.objects.filter(user=user).values("event__series_id")
    return qs.filter(series__officers=user) | qs.filter(series_id__in=assigned)
