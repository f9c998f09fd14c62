"""An officer at the door, on a phone: sign in, check two people in, undo one; with the
keyboard only; and with JavaScript off."""

import pytest

from rsvp.models import Rsvp
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENT = "() => document.getElementById('door-sync').dataset.waiting === '0'"


def _sign_in(page, live_server, username, url):
    page.goto(url)
    assert page.url == f"{live_server.url}/accounts/login/?next={url.replace(live_server.url, '')}"
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click(".login button[type=submit]")
    page.wait_for_url(url)


def test_officer_checks_in_two_and_undoes_one_on_a_phone(live_server, chromium_page):
    page = chromium_page
    officer = factories.user("officer", username="officer.garcia")
    event = factories.event(
        title="Coffee with a Cop", officers=[officer], start=factories.door_open()
    )
    ana = factories.rsvp(event, name="Ana García", party_size=2)
    ben = factories.rsvp(event, name="Ben Okafor")
    cy = factories.rsvp(event, name="Cy Young")
    url = f"{live_server.url}/officers/events/{event.pk}/attendance/"
    _sign_in(page, live_server, "officer.garcia", url)
    assert page.viewport_size == {"width": 390, "height": 844}
    # Marks the document: a full reload would lose it.
    page.evaluate("window.__porchlightNoReload = true")

    button = page.locator(f"#rsvp-{ana.pk} .checkin-button")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb can hit it
    button.click()
    page.locator(f"#rsvp-{ana.pk}.is-in").wait_for()
    page.wait_for_timeout(750)
    page.locator(f"#rsvp-{ben.pk} .checkin-button").click()
    page.locator(f"#rsvp-{ben.pk}.is-in").wait_for()
    assert page.locator('[data-count="checked_in"]').first.inner_text() == "3"
    assert page.locator("#arrived-h").inner_text() == "Arrived (2 parties)"

    page.wait_for_timeout(750)
    page.locator(f"#rsvp-{ana.pk} .undo-form button").click()
    page.locator(f"#rsvp-{ana.pk}:not(.is-in)").wait_for()
    page.wait_for_function(SENT)

    assert page.evaluate("window.__porchlightNoReload") is True
    assert page.locator(f"#rsvp-{ana.pk} .checkin-button").is_visible()
    assert page.locator(f"#rsvp-{ben.pk} .undo-form button").is_visible()
    assert page.locator("#waiting-h").inner_text() == "Not arrived yet (2 parties)"
    checked = dict(Rsvp.objects.values_list("pk", "checked_in_by"))
    assert checked == {ana.pk: None, ben.pk: officer.pk, cy.pk: None}

    # Search filters as you type, without a round trip.
    page.fill("#roster-q", "ben")
    assert page.locator(".roster-row:visible").count() == 1
    assert page.locator(f"#rsvp-{ben.pk}").is_visible()
    page.fill("#roster-q", "")
    assert page.locator("#roster .roster-row:visible").count() == 3
    assert page.evaluate("window.__porchlightNoReload") is True


def test_checkin_works_with_javascript_off(live_server, chromium_browser):
    officer = factories.user("officer", username="officer.chen")
    event = factories.event(officers=[officer], start=factories.door_open())
    rsvp = factories.rsvp(event, name="Dee Noscript")
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        url = f"{live_server.url}/officers/events/{event.pk}/attendance/"
        _sign_in(page, live_server, "officer.chen", url)
        page.locator(f"#rsvp-{rsvp.pk} .checkin-button").click()
        page.locator(f"#rsvp-{rsvp.pk}.is-in").wait_for()
        assert page.url.endswith(f"/officers/events/{event.pk}/attendance/#rsvp-{rsvp.pk}")
    finally:
        context.close()
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_by == officer


def test_keyboard_check_in_and_undo_keep_the_focus_on_the_row(live_server, chromium_page):
    """Tab, Enter and Space only: the focus stays on the row after each change, and the
    change is read out (aria-live), so the officer goes on from there, not from the top."""
    page = chromium_page
    officer = factories.user("officer", username="officer.keys")
    event = factories.event(title="Watch meeting", officers=[officer], start=factories.door_open())
    ana = factories.rsvp(event, name="Ana García")
    factories.rsvp(event, name="Ben Okafor")
    url = f"{live_server.url}/officers/events/{event.pk}/attendance/"
    _sign_in(page, live_server, "officer.keys", url)

    for _ in range(60):
        page.keyboard.press("Tab")
        target = f"document.querySelector('#rsvp-{ana.pk} .checkin-button')"
        if page.evaluate(f"() => document.activeElement === {target}"):
            break
    else:
        raise AssertionError("Tab never reached Ana's check-in button")
    focused = "() => (document.activeElement.closest('.roster-row') || {}).id"

    page.keyboard.press("Enter")
    page.locator(f"#rsvp-{ana.pk}.is-in").wait_for()
    page.wait_for_function(SENT)
    assert page.evaluate(focused) == f"rsvp-{ana.pk}"
    assert page.evaluate("() => document.activeElement.textContent") == "Undo"
    assert page.locator("#roster-status").inner_text() == "Ana García checked in."

    page.wait_for_timeout(750)
    page.keyboard.press("Space")
    page.locator(f"#rsvp-{ana.pk}:not(.is-in)").wait_for()
    page.wait_for_function(SENT)
    assert page.evaluate(focused) == f"rsvp-{ana.pk}"
    assert page.evaluate("() => document.activeElement.textContent") == "Check in"
    assert page.locator("#roster-status").inner_text() == "Check-in of Ana García undone."
    assert list(Rsvp.objects.filter(checked_in_at__isnull=False)) == []
