"""The home page on a phone (390x844) in Chromium: a series' card with its next dates, whose
links open those occurrences, and "events near me" chosen with the keyboard alone."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _weekly(title: str, count: int, **kw) -> list:
    series = factories.series(title=title, **kw)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    first = dt.datetime.combine(tomorrow, dt.time(18, 0), tzinfo=timezone.get_current_timezone())
    events = []
    for week in range(count):
        start = first + dt.timedelta(weeks=week)
        events.append(
            factories.event(
                title=title,
                series=series,
                occurrence_date=start.date(),
                start=start,
                end=start + dt.timedelta(hours=1),
                **kw,
            )
        )
    return events


def test_a_series_card_names_its_next_dates_and_they_open(live_server, chromium_page):
    weekly = _weekly("Coffee with a Cop every week", 10)
    page = chromium_page
    page.goto(f"{live_server.url}/")
    card = page.locator(".event-card", has_text="Coffee with a Cop every week")
    assert card.count() == 1
    links = card.locator(".next-dates a")
    # "Wed, Dec 9" as English (United States) writes it.
    expected = [f"{event.local_start:%a, %b} {event.local_start.day}" for event in weekly[1:4]]
    assert links.all_inner_texts() == expected
    assert card.locator(".next-dates").inner_text().endswith(" · and 6 more")
    # The card fits the phone: nothing scrolls sideways, and each date is a thumb-sized target.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert all(links.nth(i).bounding_box()["height"] >= 24 for i in range(3))
    links.nth(1).click()
    page.wait_for_url(f"{live_server.url}/events/{weekly[2].pk}/")
    assert page.locator("h1").inner_text() == "Coffee with a Cop every week"


def test_events_near_me_with_the_keyboard(live_server, chromium_page):
    east = factories.neighborhood(name="Eastside", slug="east")
    west = factories.neighborhood(name="Westside", slug="west")
    soon = timezone.now() + dt.timedelta(days=1)
    factories.event(title="In the west", start=soon, venue=factories.venue(neighborhood=west))
    factories.event(
        title="In the east",
        start=soon + dt.timedelta(days=1),
        venue=factories.venue(neighborhood=east),
    )
    page = chromium_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("Events near me").focus()
    page.keyboard.press("ArrowDown")  # Eastside, the first neighborhood after "All"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/?near=east")
    titles = page.locator(".event-card h3").all_inner_texts()
    assert titles == ["In the east", "In the west"]
    # Remembered on the phone: the bare address still puts Eastside first.
    page.goto(f"{live_server.url}/")
    assert page.locator(".event-card h3").all_inner_texts() == ["In the east", "In the west"]
    assert page.locator(".near-heading").all_inner_texts() == ["In Eastside", "Elsewhere"]
