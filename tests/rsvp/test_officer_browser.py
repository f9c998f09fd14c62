"""An officer at the door, on a phone: sign in, check two people in, undo one."""

import pytest

from rsvp.models import Rsvp
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_checks_in_two_and_undoes_one_on_a_phone(live_server, chromium_page):
    page = chromium_page
    officer = factories.user("officer", username="officer.garcia")
    event = factories.event(title="Coffee with a Cop", officers=[officer])
    ana = factories.rsvp(event, name="Ana García", party_size=2)
    ben = factories.rsvp(event, name="Ben Okafor")
    cy = factories.rsvp(event, name="Cy Young")
    url = f"{live_server.url}/officers/events/{event.pk}/attendance/"

    page.goto(url)
    assert (
        page.url
        == f"{live_server.url}/accounts/login/?next=/officers/events/{event.pk}/attendance/"
    )
    page.fill("#id_username", "officer.garcia")
    page.fill("#id_password", "pw-for-tests-only")
    page.click(".login button[type=submit]")
    page.wait_for_url(url)
    assert page.viewport_size == {"width": 390, "height": 844}
    # Marks the document: a full reload would lose it.
    page.evaluate("window.__porchlightNoReload = true")

    button = page.locator(f"#rsvp-{ana.pk} button")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb can hit it
    button.click()
    page.locator(f"#rsvp-{ana.pk}.is-in").wait_for()
    page.locator(f"#rsvp-{ben.pk} button").click()
    page.locator(f"#rsvp-{ben.pk}.is-in").wait_for()
    assert page.locator('[data-count="checked_in"]').first.inner_text() == "3"

    page.locator(f"#rsvp-{ana.pk} button", has_text="Undo").click()
    page.locator(f"#rsvp-{ana.pk}:not(.is-in)").wait_for()
    page.wait_for_function(
        "document.querySelector('[data-count=\"checked_in\"]').textContent === '1'"
    )

    assert page.evaluate("window.__porchlightNoReload") is True
    assert page.locator(f"#rsvp-{ana.pk} button").inner_text() == "Check in"
    assert page.locator(f"#rsvp-{ben.pk} button").inner_text() == "Undo"
    checked = dict(Rsvp.objects.values_list("pk", "checked_in_by"))
    assert checked == {ana.pk: None, ben.pk: officer.pk, cy.pk: None}

    # Search filters as you type, without a round trip.
    page.fill("#roster-q", "ben")
    assert page.locator(".roster-row:visible").count() == 1
    assert page.locator(f"#rsvp-{ben.pk}").is_visible()
    page.fill("#roster-q", "")
    assert page.locator("#roster .roster-row:visible").count() == 3
    assert page.evaluate("window.__porchlightNoReload") is True


def test_checkin_works_with_javascript_off(live_server, chromium_browser, settings):
    officer = factories.user("officer", username="officer.chen")
    event = factories.event(officers=[officer])
    rsvp = factories.rsvp(event, name="Dee Noscript")
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/?next=/officers/events/{event.pk}/attendance/")
        page.fill("#id_username", "officer.chen")
        page.fill("#id_password", "pw-for-tests-only")
        page.click(".login button[type=submit]")
        page.locator(f"#rsvp-{rsvp.pk} button").click()
        page.locator(f"#rsvp-{rsvp.pk}.is-in").wait_for()
        assert page.url.endswith(f"/officers/events/{event.pk}/attendance/#rsvp-{rsvp.pk}")
    finally:
        context.close()
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_by == officer


def test_keyboard_check_in_and_undo_keep_the_focus_on_the_row(live_server, chromium_page):
    """Tab, Enter and Space only: the focus stays on the row's button after each change, and
    the change is read out (aria-live), so the officer goes on from there, not from the top."""
    page = chromium_page
    officer = factories.user("officer", username="officer.keys")
    event = factories.event(title="Watch meeting", officers=[officer])
    ana = factories.rsvp(event, name="Ana García")
    factories.rsvp(event, name="Ben Okafor")
    url = f"{live_server.url}/officers/events/{event.pk}/attendance/"
    page.goto(url)
    page.fill("#id_username", "officer.keys")
    page.fill("#id_password", "pw-for-tests-only")
    page.keyboard.press("Enter")
    page.wait_for_url(url)

    button = f"#rsvp-{ana.pk} button"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector('{button}')"):
            break
    else:
        raise AssertionError("Tab never reached Ana's check-in button")
    focused = "(document.activeElement.closest('.roster-row') || {}).id"

    page.keyboard.press("Enter")
    page.locator(f"#rsvp-{ana.pk}.is-in").wait_for()
    page.wait_for_function("!document.querySelector('form[data-busy]')")
    assert page.evaluate(focused) == f"rsvp-{ana.pk}"
    assert page.evaluate("document.activeElement.textContent") == "Undo"
    assert page.locator("#roster-status").inner_text() == "Ana García checked in."

    page.keyboard.press("Space")
    page.locator(f"#rsvp-{ana.pk}:not(.is-in)").wait_for()
    page.wait_for_function("!document.querySelector('form[data-busy]')")
    assert page.evaluate(focused) == f"rsvp-{ana.pk}"
    assert page.evaluate("document.activeElement.textContent") == "Check in"
    assert page.locator("#roster-status").inner_text() == "Check-in of Ana García undone."
    assert list(Rsvp.objects.filter(checked_in_at__isnull=False)) == []
