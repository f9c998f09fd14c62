"""Kiosk mode on a tablet (768x1024): the officer starts it, a resident checks in, the
tablet goes back to the search by itself, nothing else is reachable, the PIN ends it."""

import datetime as dt

import pytest
from django.utils import timezone

from rsvp.models import Rsvp
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def browser_viewport() -> dict:
    return dict(TABLET)


def test_a_resident_checks_in_at_the_tablet_and_the_officer_leaves_with_the_pin(
    live_server, chromium_page
):
    page = chromium_page
    # Scripts or styles the Content-Security-Policy refused (a wrong PIN's 403 is logged
    # as a failed load: that one is expected).
    problems = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    officer = factories.user("officer", username="officer.garcia")
    start = timezone.now() - dt.timedelta(minutes=5)
    event = factories.event(title="Coffee with a Cop", officers=[officer], start=start)
    ana = factories.rsvp(
        event,
        name="Ana García",
        party_size=3,
        phone="+15035550123",
        attendee=factories.attendee(email="ana.garcia@example.org"),
    )
    factories.rsvp(event, name="Ben Okafor")
    attendance = f"{live_server.url}/officers/events/{event.pk}/attendance/"
    kiosk = f"{live_server.url}/officers/events/{event.pk}/kiosk/"

    page.goto(attendance)
    page.fill("#id_username", "officer.garcia")
    page.fill("#id_password", "pw-for-tests-only")
    page.click(".login button[type=submit]")
    page.wait_for_url(attendance)
    page.get_by_role("link", name="Start kiosk mode (tablet)").click()
    page.fill("#id_pin", "2468")
    page.fill("#id_pin_again", "2468")
    page.get_by_role("button", name="Start kiosk mode").click()
    page.wait_for_url(kiosk)
    assert page.viewport_size == TABLET

    # The resident: types part of their name, finds "Ana G.", taps it.
    page.get_by_label("Find your name").fill("ana")
    page.get_by_role("button", name="Search").click()
    match = page.locator(".kiosk-match")
    assert match.count() == 1
    assert match.locator(".kiosk-name").inner_text() == "Ana G."
    text = page.locator("body").inner_text()
    assert "García" not in text and "ana.garcia@" not in text and "555" not in text
    me = page.get_by_role("button", name="This is me — check in")
    box = me.bounding_box()
    assert box["height"] >= 56 and box["width"] >= 120  # tapped from arm's length
    me.click()

    # A party of three, two of whom came.
    page.get_by_role("heading", name="Ana, how many of you are here?").wait_for()
    assert page.locator(".kiosk-count-button").all_inner_texts() == ["1", "2", "3"]
    page.get_by_role("button", name="2", exact=True).click()
    page.get_by_role("heading", name="Welcome, Ana — you're checked in.").wait_for()
    assert "2 people checked in." in page.locator(".kiosk-done").inner_text()
    ana.refresh_from_db()
    assert (ana.arrived, ana.checked_in_by_id) == (2, officer.pk)

    # Back to the empty search by itself, for the next resident.
    page.wait_for_url(kiosk, timeout=12_000)
    page.get_by_label("Find your name").wait_for()
    assert page.get_by_label("Find your name").input_value() == ""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Nothing else is reachable from the tablet.
    page.goto(attendance)
    assert page.url == kiosk
    page.goto(f"{live_server.url}/admin/")
    assert page.url == kiosk

    # The officer leaves: a wrong PIN is refused, the right one opens the roster.
    page.get_by_role("link", name="Officer: exit kiosk").click()
    page.fill("#id_pin", "1111")
    page.get_by_role("button", name="Exit kiosk mode").click()
    assert "That PIN is not right." in page.locator(".error-summary").inner_text()
    page.fill("#id_pin", "2468")
    page.get_by_role("button", name="Exit kiosk mode").click()
    page.wait_for_url(attendance)
    assert "Kiosk mode ended." in page.locator(".messages").inner_text()
    assert Rsvp.objects.filter(checked_in_at__isnull=False).count() == 1
    assert problems == []
