"""The completion rule: at least N of M sessions, and/or named required sessions."""

import datetime as dt
from decimal import Decimal

import pytest

from courses.models import Application
from courses.queries import course_report
from courses.services import attendance_set
from tests.courses.helpers import applicant, course, sessions

pytestmark = pytest.mark.django_db


def _attend(cit, attendance: dict) -> None:
    """attendance: {application: [session indexes]}"""
    all_sessions = sessions(cit)
    for index, session in enumerate(all_sessions):
        present = {a.pk for a, indexes in attendance.items() if index in indexes}
        attendance_set(course=cit, session=session, present_ids=present)


def _completed(cit) -> dict[str, bool]:
    return {r.application.name: r.completed for r in course_report(cit).rows}


def test_at_least_n_of_m_sessions():
    cit = course(sessions=4, min_sessions=3)
    ana, ben, cy = (applicant(cit, name=n) for n in ("Ana", "Ben", "Cy"))
    _attend(cit, {ana: [0, 1, 2, 3], ben: [0, 2, 3], cy: [1, 2]})
    assert _completed(cit) == {"Ana": True, "Ben": True, "Cy": False}
    rows = {r.application.name: r for r in course_report(cit).rows}
    assert (rows["Ben"].sessions_attended, rows["Ben"].hours) == (3, Decimal(6))
    assert rows["Ben"].attended == [True, False, True, True]


def test_named_required_sessions():
    cit = course(sessions=3)
    first, second, third = sessions(cit)
    cit.required_sessions.set([first, third])
    ana, ben = applicant(cit, name="Ana"), applicant(cit, name="Ben")
    _attend(cit, {ana: [0, 2], ben: [0, 1]})
    assert _completed(cit) == {"Ana": True, "Ben": False}


def test_both_rules_together():
    cit = course(sessions=4, min_sessions=3)
    first, *_ = sessions(cit)
    cit.required_sessions.set([first])
    ana, ben, cy = (applicant(cit, name=n) for n in ("Ana", "Ben", "Cy"))
    _attend(cit, {ana: [0, 1, 2], ben: [1, 2, 3], cy: [0, 1]})
    assert _completed(cit) == {"Ana": True, "Ben": False, "Cy": False}


def test_no_rule_means_every_session_and_only_approved_applicants_complete():
    cit = course(sessions=2, hours=1.5)
    ana = applicant(cit, name="Ana")
    ben = applicant(cit, name="Ben")
    _attend(cit, {ana: [0, 1], ben: [0]})
    Application.objects.filter(pk=ana.pk).update(status=Application.Status.DECLINED)
    assert _completed(cit) == {"Ana": False, "Ben": False}
    Application.objects.filter(pk=ana.pk).update(status=Application.Status.APPROVED)
    rows = {r.application.name: r for r in course_report(cit).rows}
    assert (rows["Ana"].completed, rows["Ana"].hours) == (True, Decimal("3"))
    assert rows["Ana"].last_attended == sessions(cit)[1].end
    assert isinstance(rows["Ana"].last_attended, dt.datetime)
