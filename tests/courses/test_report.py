"""The course report (page and CSV): applicants, attendance per session, hours and
completion, in a number of queries that does not grow with the rows."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import attendance_set, certificates_issue
from tests import factories
from tests.courses.helpers import applicant, course, sessions

pytestmark = pytest.mark.django_db


def _fill(cit, people: int) -> None:
    apps = [applicant(cit, name=f"Person {i}") for i in range(people)]
    for session in sessions(cit):
        attendance_set(course=cit, session=session, present_ids={a.pk for a in apps})
    certificates_issue(course=cit)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("suffix", ["", "report.csv"])
def test_the_report_takes_the_same_queries_for_2_or_20_applicants(client, suffix):
    small, large = course(sessions=3, min_sessions=2), course(sessions=3, min_sessions=2)
    _fill(small, 2)
    _fill(large, 20)
    client.force_login(factories.user("coordinator"))
    few = _queries(client, f"/officers/courses/{small.pk}/{suffix}")
    many = _queries(client, f"/officers/courses/{large.pk}/{suffix}")
    assert few == many
    assert few <= 14


def test_the_csv_lists_applicants_attendance_hours_and_completion(client):
    cit = course(sessions=2, hours=2, min_sessions=2)
    first, second = sessions(cit)
    ana = applicant(cit, name="=Ana", email="ana@example.org")
    ben = applicant(cit, name="Ben", email="ben@example.org", status="pending")
    attendance_set(course=cit, session=first, present_ids={ana.pk})
    attendance_set(course=cit, session=second, present_ids={ana.pk})
    certificates_issue(course=cit)
    officer = factories.user("officer")
    cit.series.officers.add(officer)
    client.force_login(officer)
    response = client.get(f"/officers/courses/{cit.pk}/report.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["name", "email", "phone", "status"]
    assert rows[0][6:] == ["sessions attended", "hours", "completed", "certificate"]
    assert rows[1:] == [
        ["'=Ana", "ana@example.org", "", "Approved", "1", "1", "2", "4", "yes", "yes"],
        ["Ben", "ben@example.org", "", "Awaiting review", "", "", "0", "0", "no", "no"],
    ]
    _ = ben


def test_the_report_is_for_the_courses_staff_only(client):
    cit = course(sessions=1)
    client.force_login(factories.user("officer"))
    assert client.get(f"/officers/courses/{cit.pk}/").status_code == 403
    assert client.get(f"/officers/courses/{cit.pk}/report.csv").status_code == 403
    assert client.get("/officers/courses/").status_code == 200
