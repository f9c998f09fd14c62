"""The home page on a phone: a series is one card with its next dates, and a resident's
own neighborhood comes first."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from rsvp.views.home import NEAR_COOKIE
from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = pytest.mark.django_db

# Wednesday 3 December 2031, noon in Los Angeles (the site's zone), always in the future.
NOW = dt.datetime(2031, 12, 3, 20, 0, tzinfo=dt.UTC)
DAYS_EN = ["Wed, Dec 10", "Wed, Dec 17", "Wed, Dec 24"]
DAYS_ES = ["mié, 10 de dic", "mié, 17 de dic", "mié, 24 de dic"]


def _titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def _on(day: int, month: int = 12, year: int = 2031, hour: int = 18) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=timezone.get_current_timezone())


def _series(title: str, first: dt.datetime, count: int, **kw) -> list:
    """A weekly series' occurrences, as materialization makes them (one row per date)."""
    series = factories.series(title=title, **kw)
    occurrences = []
    for week in range(count):
        start = first + dt.timedelta(weeks=week)
        occurrences.append(
            factories.event(
                title=title,
                series=series,
                occurrence_date=start.date(),
                start=start,
                end=start + dt.timedelta(hours=1),
                **kw,
            )
        )
    return occurrences


def _next_dates(page: str) -> list[str]:
    return re.findall(r'<p class="next-dates">(.*?)</p>', page)


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def weekly(now):
    """Ten Wednesdays from 3 December 2031, and two events of no series."""
    occurrences = _series("Weekly watch", _on(3), 10)
    for title, start in [("Thu 4", _on(4)), ("Sat 6", _on(6))]:
        factories.event(title=title, start=start, end=start + dt.timedelta(hours=1))
    return occurrences


def test_a_series_is_one_card_with_its_next_three_dates(client, weekly):
    response = client.get("/")
    assert _titles(response) == ["Weekly watch", "Thu 4", "Sat 6"]
    assert response.context["events"][0].pk == weekly[0].pk
    links = "".join(
        f'<a href="/events/{event.pk}/">{day}</a> · '
        for event, day in zip(weekly[1:4], DAYS_EN, strict=True)
    )
    assert _next_dates(response.content.decode()) == [f"Next dates: {links}and 6 more"]


def test_pages_count_a_series_once(client, weekly, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "EVENTS_PER_PAGE": 2}
    first = client.get("/")
    assert (_titles(first), first.context["page"].paginator.num_pages) == (
        ["Weekly watch", "Thu 4"],
        2,
    )
    assert _titles(client.get("/?page=2")) == ["Sat 6"]


def test_filters_choose_the_occurrences_a_series_card_shows(client, weekly):
    response = client.get("/?start_after=2031-12-20&start_before=2032-01-08")
    assert _titles(response) == ["Weekly watch"]
    assert response.context["events"][0].pk == weekly[3].pk  # Wed, Dec 24
    links = f'<a href="/events/{weekly[4].pk}/">Wed, Dec 31</a> · '
    links += f'<a href="/events/{weekly[5].pk}/">Wed, Jan 7</a>'
    assert _next_dates(response.content.decode()) == [f"Next dates: {links}"]
    # One occurrence in range: the card alone, no next dates.
    response = client.get("/?start_after=2032-02-01")
    assert [event.pk for event in response.context["events"]] == [weekly[9].pk]
    assert _next_dates(response.content.decode()) == []
    # None in range: no card.
    assert _titles(client.get("/?q=Thu")) == ["Thu 4"]


def test_a_cancelled_next_date_says_so(client, weekly):
    weekly[2].status = "cancelled"
    weekly[2].save()
    page = client.get("/").content.decode()
    assert f'<a href="/events/{weekly[2].pk}/">Wed, Dec 17</a> (Cancelled) · ' in page


def test_next_dates_in_spanish(weekly):
    page = Client(headers={"accept-language": "es"}).get("/").content.decode()
    links = "".join(
        f'<a href="/events/{event.pk}/">{day}</a> · '
        for event, day in zip(weekly[1:4], DAYS_ES, strict=True)
    )
    assert _next_dates(page) == [f"Próximas fechas: {links}y 6 más"]


@pytest.fixture
def places(now):
    east = factories.neighborhood(name="Eastside", slug="east")
    downtown = factories.neighborhood(name="Downtown", slug="downtown")
    west = factories.neighborhood(name="Westside", slug="west")
    east.nearby.add(downtown)  # and Downtown is near Eastside
    for title, start, hood in [
        ("West soon", _on(4), west),
        ("Nowhere soon", _on(4, hour=19), None),
        ("Downtown later", _on(5), downtown),
        ("East latest", _on(6), east),
    ]:
        factories.event(
            title=title,
            start=start,
            end=start + dt.timedelta(hours=1),
            venue=factories.venue(neighborhood=hood),
        )


def _headings(response) -> list[str]:
    return [heading for heading, _cards in response.context["sections"]]


def test_near_me_puts_the_neighborhood_first_then_its_neighbors(client, places):
    assert _titles(client.get("/")) == [
        "West soon",
        "Nowhere soon",
        "Downtown later",
        "East latest",
    ]
    response = client.get("/?near=east")
    assert _titles(response) == ["East latest", "Downtown later", "West soon", "Nowhere soon"]
    assert _headings(response) == ["In Eastside", "Near Eastside", "Elsewhere"]
    assert re.findall(r"<h(\d)[^>]*>(?:<a [^>]*>)?([^<]+)<", response.content.decode())[1:] == [
        ("2", "In Eastside"),
        ("3", "East latest"),
        ("2", "Near Eastside"),
        ("3", "Downtown later"),
        ("2", "Elsewhere"),
        ("3", "West soon"),
        ("3", "Nowhere soon"),
    ]
    # Nearby both ways.
    assert _titles(client.get("/?near=downtown")) == [
        "Downtown later",
        "East latest",
        "West soon",
        "Nowhere soon",
    ]


def test_near_me_is_remembered_on_the_phone_and_forgotten_on_request(client, places):
    response = client.get("/?near=east")
    cookie = response.cookies[NEAR_COOKIE]
    assert (cookie.value, cookie["httponly"], cookie["samesite"]) == ("east", True, "Lax")
    assert response["Vary"] == "Cookie, Accept-Language"
    # The next visit, from a bare link, still orders by Eastside.
    response = client.get("/")
    assert _titles(response) == ["East latest", "Downtown later", "West soon", "Nowhere soon"]
    assert '<option value="east" selected>Eastside</option>' in response.content.decode()
    # Filters keep the order; the near-me form keeps the filters.
    page = client.get("/?q=soon&near=west").content.decode()
    assert '<input type="hidden" name="q" value="soon">' in page
    response = client.get("/?q=soon")
    assert _titles(response) == ["West soon", "Nowhere soon"]
    assert _headings(response) == ["In Westside", "Elsewhere"]
    # "All neighborhoods" forgets it.
    response = client.get("/?near=")
    assert response.cookies[NEAR_COOKIE].value == ""
    assert _headings(response) == [""]
    assert _titles(client.get("/")) == [
        "West soon",
        "Nowhere soon",
        "Downtown later",
        "East latest",
    ]


def test_an_unknown_neighborhood_orders_nothing_and_keeps_the_cookie(client, places):
    client.get("/?near=east")
    response = client.get("/?near=atlantis")
    assert (_headings(response), NEAR_COOKIE in response.cookies) == ([""], False)
    assert _headings(client.get("/")) == ["In Eastside", "Near Eastside", "Elsewhere"]


def test_nearby_neighborhoods_are_set_in_the_admin(client):
    client.force_login(coordinator())
    east = factories.neighborhood(name="Eastside", slug="east")
    downtown = factories.neighborhood(name="Downtown", slug="downtown")
    url = f"/admin/scheduler/neighborhood/{east.pk}/change/"
    assert 'name="nearby"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Eastside", "slug": "east", "nearby": [downtown.pk]})
    assert response.status_code == 302
    assert list(downtown.nearby.values_list("slug", flat=True)) == ["east"]


def test_home_page_query_count_flat_with_series_of_many_occurrences(
    client, get_queries, now, settings
):
    # Two cards a page: the second page, too, shows series (the events of no series come
    # on the 4th, after every series' first Wednesday).
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "EVENTS_PER_PAGE": 2}
    east = factories.neighborhood(slug="east-flat")
    venue = factories.venue(neighborhood=east)
    spanish = Client(headers={"accept-language": "es"})

    def make(count):
        for _ in range(count):
            _series(f"Series {factories.n()}", _on(3), 22, venue=venue)
            event = factories.event(start=_on(4), end=_on(4, hour=19), venue=venue)
            factories.rsvp(event)

    def counts():
        return [
            get_queries(client, "/"),
            get_queries(client, "/?near=east-flat&start_after=2031-12-10"),
            get_queries(spanish, "/?page=2"),
        ]

    make(3)
    few = counts()
    make(12)
    many = counts()
    print(f"\nHome page queries with 3 and 15 series of 22 occurrences: {few} {many}")
    assert few == many
