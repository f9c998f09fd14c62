"""The door list on a phone (390x844, Chromium): where the first check-in button is."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username, url):
    page.goto(f"{live_server.url}/accounts/login/?next={url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click(".login button[type=submit]")
    page.wait_for_url(f"{live_server.url}{url}")


def test_first_check_in_button_is_above_the_fold_on_a_phone(live_server, chromium_page):
    page = chromium_page
    officer = factories.user("officer", username="officer.fold")
    event = factories.event(
        title="Coffee with a Cop at the Community Center",
        officers=[officer],
        start=timezone.now() + dt.timedelta(minutes=30),
    )
    for name in ["Ana García", "Ben Okafor", "Cy Young", "Dee Park", "Eve Stone"]:
        factories.rsvp(event, name=name, phone="+15035550100", party_size=2)
    factories.rsvp(event, name="Will Wait", status="waitlisted")
    factories.walkin(event, head_count=2)
    url = f"/officers/events/{event.pk}/attendance/"
    _sign_in(page, live_server, "officer.fold", url)

    button = page.locator("form.checkin-form[data-checkin] button[type=submit]").first
    box = button.bounding_box()
    print(f"first check-in button: y={box['y']:.0f}, bottom={box['y'] + box['height']:.0f}")
    page.screenshot(path="/tmp/doorui/before.png", full_page=True)
    assert box["y"] + box["height"] <= 844
    assert box["height"] >= 44 and box["width"] >= 44
