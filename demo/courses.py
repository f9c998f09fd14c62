"""Riverside's Crisis Intervention Training course: a four-session series run as a course,
with an approved cohort, attendance at the three sessions held so far, and two completers
with certificates — all through the courses services (so the notices are in the outbox)."""

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from courses.models import Application, Course
from courses.services import (
    application_decide,
    application_submit,
    attendance_set,
    certificates_issue,
)
from scheduler.models import EventSeries, Organization, Program, Venue, default_column
from scheduler.services import series_materialize

TITLE = "Crisis Intervention Training: 16-hour course"
# (name, e-mail, language, decision, sessions attended by index)
COHORT = (
    ("Maria Lopez", "maria.lopez@example.org", "es", "approved", (0, 1, 2)),
    ("David Kim", "david.kim@example.org", "en", "approved", (0, 1, 2)),
    ("Priya Singh", "priya.singh@example.org", "pa", "approved", (0, 2)),
    ("Tom Becker", "tom.becker@example.org", "en", "approved", (1, 2)),
    ("Lan Nguyen", "lan.nguyen@example.org", "vi", "waitlisted", ()),
    ("Sam Ortiz", "sam.ortiz@example.org", "en", "", ()),
)


def cit_course_build(*, users: dict[str, User], now: dt.datetime) -> str:
    """Make (or leave as it is) the course; returns the line the demo command prints."""
    existing = Course.objects.filter(**{f"series__{default_column('title')}": TITLE}).first()
    if existing is not None:
        return f"course “{TITLE}”: already there"
    # Weekly from three weeks ago: three sessions held, the fourth ahead.
    first_day = timezone.localdate(now) - dt.timedelta(days=21)
    series = EventSeries.objects.create(
        **{default_column("title"): TITLE},
        **{
            default_column("description"): (
                "Four Saturday sessions with Bridges Mental Health: recognizing a mental-health "
                "crisis, de-escalation, and where to turn. Open to residents, officers and "
                "partner staff; a certificate for those who complete it."
            )
        },
        program=Program.objects.get(slug="crisis-intervention"),
        venue=Venue.objects.get(name="Bridges Mental Health Training Center"),
        host=Organization.objects.get(slug="riverside-pd"),
        rrule="FREQ=WEEKLY;COUNT=4",
        start_date=first_day,
        start_time=dt.time(9, 0),
        duration=dt.timedelta(hours=4),
        capacity=12,
        max_party_size=1,
    )
    series.partners.set([Organization.objects.get(slug="bridges-mental-health")])
    series.officers.set([users["officer.chen"]])
    # Materialized as of before the first session, so the sessions already held exist too.
    start_of_course = timezone.make_aware(
        dt.datetime.combine(first_day, dt.time(0, 0)), timezone.get_current_timezone()
    )
    series_materialize(series=series, now=start_of_course, until=first_day + dt.timedelta(28))
    course = Course.objects.create(series=series, capacity=4, min_sessions=3)
    sessions = list(series.occurrences.order_by("start"))
    course.required_sessions.set([sessions[0]])
    coordinator = users["coordinator"]
    for name, email, language, decision, _ in COHORT:
        application_submit(
            course=course, name=name, email=email, language=language, now=start_of_course
        )
        if decision:
            application_decide(
                application=Application.objects.get(course=course, email=email),
                status=decision,
                by=coordinator,
                now=start_of_course,
            )
    by_email = {a.email: a.pk for a in course.applications.all()}
    for index, session in enumerate(sessions):
        present = {by_email[email] for _, email, *_, held in COHORT if index in held}
        attendance_set(
            course=course, session=session, present_ids=present, by=users["officer.chen"]
        )
    issued = certificates_issue(course=course, now=now)
    return (
        f"course “{TITLE}”: {len(COHORT)} applications, "
        f"{course.applications.filter(status='approved').count()} approved, "
        f"{len(issued)} certificates"
    )
