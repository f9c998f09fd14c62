"""Everyday admin in a real browser, on a phone's width and with the keyboard alone: copy last
month's workshop to a new date; find the dashboard's sections."""

import datetime as dt

import pytest
from django.utils import timezone

from scheduler.models import Event
from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_viewport() -> dict:
    return {"width": 320, "height": 700}


def _sign_in(page, url, user):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_duplicate_last_months_workshop_with_the_keyboard_at_320_px(live_server, chromium_page):
    page = chromium_page
    user = coordinator()
    start = timezone.now() - dt.timedelta(days=30)
    event = factories.event(title="Home security workshop", start=start)
    factories.rsvp(event)
    _sign_in(page, live_server.url, user)

    page.goto(f"{live_server.url}/admin/scheduler/event/{event.pk}/change/")
    _tab_to(page, "a[href$='/duplicate/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    day = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    _tab_to(page, "#id_start_date")
    page.fill("#id_start_date", day)  # what typing the date into the picker gives
    _tab_to(page, "input[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    copy = Event.objects.exclude(pk=event.pk).get()
    assert page.url.endswith(f"/admin/scheduler/event/{copy.pk}/change/")
    assert (copy.title, copy.rsvps.count(), copy.local_start.date().isoformat()) == (
        "Home security workshop",
        0,
        day,
    )


def test_dashboard_at_320_px_reached_from_the_admin_home(live_server, chromium_page):
    page = chromium_page
    _sign_in(page, live_server.url, coordinator())
    factories.event(title="Coffee with a Cop", start=timezone.now() + dt.timedelta(days=2))
    page.goto(f"{live_server.url}/admin/")
    _tab_to(page, "a[href$='/admin/scheduler/event/dashboard/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator("h2").all_inner_texts() == [
        "Today",
        "The next seven days",
        "Without an assigned officer",
        "Requests to arrange",
        "Near capacity",
    ]
    _tab_to(page, ".dashboard-events a")
    assert page.evaluate("document.activeElement.textContent") == "Coffee with a Cop"
