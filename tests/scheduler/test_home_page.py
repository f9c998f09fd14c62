"""The home page on a phone: folded filters, a date filter, an empty state that helps."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

# Wednesday 3 December 2031, noon in Los Angeles (the site's zone), always in the future.
NOW = dt.datetime(2031, 12, 3, 20, 0, tzinfo=dt.UTC)


def _titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def _on(day: int, month: int = 12, year: int = 2031) -> dt.datetime:
    return dt.datetime(year, month, day, 18, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def dated_events(monkeypatch):
    # Django's clock, not ours: "today" is a known Wednesday.
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    for title, start in [
        ("Thu 4", _on(4)),
        ("Sat 6", _on(6)),
        ("Sun 7", _on(7)),
        ("Mon 8", _on(8)),
        ("Wed 31", _on(31)),
        ("Jan 2", _on(2, 1, 2032)),
    ]:
        factories.event(title=title, start=start, end=start + dt.timedelta(hours=1))


def test_this_week_ends_when_the_viewers_week_ends(client, dated_events):
    # Weeks end on Saturday in the United States, in English and Spanish alike; on Sunday
    # where they start on Monday, as in Vietnamese (CLDR).
    assert _titles(client.get("/?when=week")) == ["Thu 4", "Sat 6"]
    spanish = client.get("/?when=week", headers={"accept-language": "es"})
    assert _titles(spanish) == ["Thu 4", "Sat 6"]
    vietnamese = client.get("/?when=week", headers={"accept-language": "vi"})
    assert _titles(vietnamese) == ["Thu 4", "Sat 6", "Sun 7"]


def test_this_month_and_a_range_of_dates(client, dated_events):
    assert _titles(client.get("/?when=month")) == ["Thu 4", "Sat 6", "Sun 7", "Mon 8", "Wed 31"]
    assert _titles(client.get("/?start_after=2031-12-07&start_before=2031-12-31")) == [
        "Sun 7",
        "Mon 8",
        "Wed 31",
    ]
    # Dates typed win over "this week".
    assert _titles(client.get("/?when=week&start_after=2032-01-01")) == ["Jan 2"]


def test_a_bad_date_is_a_clear_message_in_the_viewers_language(client, dated_events):
    response = client.get("/?start_after=31/12/2031")
    assert response.status_code == 200
    assert _titles(response) == []
    page = response.content.decode()
    assert re.search(
        r'<li id="filter-start_after-error"><a href="#filter-start_after">From: Enter a valid '
        r"date.</a></li>",
        page,
    )
    invalid = 'aria-invalid="true" aria-describedby="filter-start_after-error"'
    assert f'id="filter-start_after" {invalid}' in page
    response = client.get("/?when=someday")
    assert _titles(response) == []
    assert '<a href="#filter-when">When: Choose “This week”, “This month” or dates.</a>' in (
        response.content.decode()
    )
    spanish = client.get("/?start_after=tuesday", headers={"accept-language": "es"})
    assert "Introduzca una fecha válida." in spanish.content.decode()


def test_filters_fold_closed_until_one_is_set_and_count_the_active_ones(client, dated_events):
    page = client.get("/").content.decode()
    assert '<details class="filters-fold">\n<summary>Filters</summary>' in page
    page = client.get("/?when=month&q=Wed").content.decode()
    assert '<details class="filters-fold" open>\n<summary>Filters (2 active)</summary>' in page
    page = client.get("/?start_after=2031-12-07&start_before=2031-12-31").content.decode()
    assert '<details class="filters-fold" open>\n<summary>Filters (1 active)</summary>' in page
    dates = '<input type="date" name="start_after" id="filter-start_after" value="2031-12-07">'
    assert dates in page
    # Turning pages is not a filter.
    page = client.get("/?page=1").content.decode()
    assert '<details class="filters-fold">\n<summary>Filters</summary>' in page


def test_an_empty_list_says_what_to_do_next(client, dated_events):
    page = client.get("/?when=week&q=nothing+like+this").content.decode()
    links = re.findall(
        r'<li><a href="([^"]*)">([^<]*)</a></li>', page.split('class="empty-next"')[1]
    )
    assert links == [
        ("/", "See all events"),
        ("?q=nothing+like+this", "Any date"),
        ("#subscribe", "Subscribe to the calendar: new events come to you"),
    ]
    assert 'id="subscribe"' in page
    # Not filtered by date: no date to widen.
    page = client.get("/?q=nothing+like+this").content.decode()
    links = re.findall(r'<li><a href="([^"]*)">', page.split('class="empty-next"')[1])
    assert links == ["/", "#subscribe"]
