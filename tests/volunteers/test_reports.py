"""Volunteer hours in the officers' reports (page and CSV), per person by e-mail and for
staff only; and the flat query counts of the roster's volunteer section and the report."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from tests import factories
from tests.volunteers.helpers import role, served, signup

pytestmark = pytest.mark.django_db


def _held(**kw):
    start = timezone.now() - dt.timedelta(days=3)
    return factories.event(start=start, end=start + dt.timedelta(hours=2), **kw)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_hours_are_totalled_per_person_by_e_mail_on_the_page_and_in_the_csv(client):
    coordinator = factories.user("coordinator")
    first, second = _held(), _held()
    greet_1, greet_2, crew = role(first), role(second), role(second)
    served(greet_1, "1.50", name="Lena Park", email="lena@example.org")
    served(greet_2, "2.25", name="Lena Park", email="lena@example.org")
    served(crew, "0.75", name="Omar Haddad", email="omar@example.org")
    signup(crew, name="Not Served", email="no@example.org")  # signed up, not served
    served(crew, "3.00", name="", email="", erased_at=timezone.now())  # erased: total only
    upcoming = factories.event()
    served(role(upcoming), "9.00", email="lena@example.org")  # not held yet: not counted

    client.force_login(coordinator)
    page = client.get("/officers/reports/").content.decode()
    assert "Shifts served: 4 · hours: 7.50" in page
    assert (
        '<tr><th scope="row">Lena Park</th><td>lena@example.org</td><td>2</td><td>3.75</td></tr>'
        in page
    )
    assert (
        '<tr><th scope="row">Omar Haddad</th><td>omar@example.org</td><td>1</td><td>0.75</td>'
        "</tr>" in page
    )
    assert "no@example.org" not in page

    rows = _csv(client.get("/officers/reports.csv"))
    at = rows.index(["volunteer e-mail", "volunteer name", "shifts served", "hours"])
    assert rows[at - 1] == []
    assert rows[at + 1 :] == [
        ["lena@example.org", "Lena Park", "2", "3.75"],
        ["omar@example.org", "Omar Haddad", "1", "0.75"],
    ]


def test_an_officer_sees_only_the_hours_of_events_they_may_see(client):
    officer = factories.user("officer")
    mine, other = _held(officers=[officer]), _held()
    served(role(mine), "2.00", name="Mine Vol", email="mine@example.org")
    served(role(other), "5.00", name="Other Vol", email="other@example.org")
    client.force_login(officer)
    page = client.get("/officers/reports/").content.decode()
    assert ("mine@example.org" in page, "other@example.org" in page) == (True, False)
    assert "Shifts served: 1 · hours: 2" in page
    rows = _csv(client.get("/officers/reports.csv"))
    assert rows[-1] == ["mine@example.org", "Mine Vol", "1", "2.00"]
    client.logout()
    assert client.get("/officers/reports/").status_code == 302  # to the login page


def _fill(event, volunteers: int) -> None:
    for _ in range(3):
        crew = role(event, capacity=volunteers)
        for i in range(volunteers):
            if i % 2:
                served(crew, "1.00")
            else:
                signup(crew)


def test_roster_volunteer_section_query_count_is_flat(client, get_queries):
    officer = factories.user("officer")
    small, large = _held(officers=[officer]), _held(officers=[officer])
    _fill(small, 2)
    _fill(large, 60)
    client.force_login(officer)
    url = "/officers/events/{}/attendance/"
    get_queries(client, url.format(small.pk))  # warm the session
    few = get_queries(client, url.format(small.pk))
    many = get_queries(client, url.format(large.pk))
    assert few == many
    page = client.get(url.format(large.pk)).content.decode()
    assert page.count(f'action="/officers/events/{large.pk}/volunteers/') == 180
    assert page.count("60 of 60 places taken") == 3
    print(f"roster with volunteers: {few} queries at 6 and at 180 volunteers")


def test_report_query_count_is_flat(client, get_queries):
    coordinator = factories.user("coordinator")
    client.force_login(coordinator)
    _fill(_held(), 2)
    get_queries(client, "/officers/reports/")
    few = get_queries(client, "/officers/reports/")
    few_csv = get_queries(client, "/officers/reports.csv")
    for _ in range(5):
        _fill(_held(), 20)
    many = get_queries(client, "/officers/reports/")
    many_csv = get_queries(client, "/officers/reports.csv")
    assert (few, few_csv) == (many, many_csv)
    print(f"report: {few} queries, CSV: {few_csv}, at 1 and 6 events with volunteers")
