"""Attendance per session, taken by the course's officers on a page of its own."""

import pytest

from courses.errors import CourseError
from courses.models import Application, SessionAttendance
from courses.services import attendance_set
from tests import factories
from tests.courses.helpers import applicant, course, sessions

pytestmark = pytest.mark.django_db

Status = Application.Status


def _present(session) -> list[int]:
    return sorted(
        SessionAttendance.objects.filter(session=session).values_list("application_id", flat=True)
    )


def test_the_officer_marks_approved_applicants_present_and_can_correct_it(client):
    cit = course(sessions=2)
    first, _ = sessions(cit)
    ana, ben = applicant(cit, name="Ana Ortiz"), applicant(cit, name="Ben Li")
    pending = applicant(cit, name="Cy Pending", status=Status.PENDING)
    officer = factories.user("officer")
    first.officers.add(officer)
    client.force_login(officer)
    url = f"/officers/courses/{cit.pk}/sessions/{first.pk}/"

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert ("Ana Ortiz" in body, "Ben Li" in body, "Cy Pending" in body) == (True, True, False)

    assert client.post(url, {"present": [ana.pk, ben.pk]}).status_code == 302
    assert _present(first) == [ana.pk, ben.pk]
    assert client.post(url, {"present": [ana.pk]}).status_code == 302
    assert _present(first) == [ana.pk]

    # Someone not approved cannot be marked, and nothing changes.
    refused = client.post(url, {"present": [ana.pk, pending.pk]}, follow=True)
    assert "Only approved applicants of this course can be marked present." in (
        refused.content.decode()
    )
    assert _present(first) == [ana.pk]
    assert client.post(url, {"present": ["x"]}, follow=True).status_code == 200
    assert _present(first) == [ana.pk]


def test_an_officer_of_another_event_cannot_take_attendance(client):
    cit = course(sessions=1)
    [first] = sessions(cit)
    client.force_login(factories.user("officer"))
    assert client.get(f"/officers/courses/{cit.pk}/sessions/{first.pk}/").status_code == 403
    other = factories.event()
    client.force_login(factories.user("coordinator"))
    assert client.get(f"/officers/courses/{cit.pk}/sessions/{other.pk}/").status_code == 404


def test_a_session_of_another_course_is_refused():
    cit, other = course(sessions=1), course(sessions=1)
    [foreign] = sessions(other)
    with pytest.raises(CourseError) as refused:
        attendance_set(course=cit, session=foreign, present_ids=set())
    assert refused.value.message == "This session is not part of the course."


def test_marking_the_same_set_twice_changes_nothing():
    cit = course(sessions=1)
    [first] = sessions(cit)
    ana = applicant(cit)
    assert attendance_set(course=cit, session=first, present_ids={ana.pk}) == (1, 0)
    assert attendance_set(course=cit, session=first, present_ids={ana.pk}) == (0, 0)
    assert _present(first) == [ana.pk]
