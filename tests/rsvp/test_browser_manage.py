"""The manage page on a phone (390x844) in Chromium: a resident corrects their details and
sees the answer where they are; a refused correction lands on its error summary; lost links
are asked for from the event page."""

import pytest

from rsvp.services import rsvp_create
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(s) => {
            const r = document.querySelector(s).getBoundingClientRect();
            // Scrolled to its top edge, less a sub-pixel of rounding.
            return r.top > -1 && r.bottom <= window.innerHeight;
        }""",
        selector,
    )


def test_a_resident_turns_on_texts_from_the_manage_page(live_server, chromium_page):
    event = factories.event(title="Coffee with a Cop")
    token = rsvp_create(event=event, name="Ana Ruiz", email="ana@example.org").manage_token
    page = chromium_page
    page.goto(f"{live_server.url}/rsvp/{token}/")
    page.get_by_label("Phone (optional)").fill("503-555-0100")
    page.get_by_label("Text me reminders at this number").check()
    page.get_by_role("button", name="Save my details").click()
    page.wait_for_url(f"**/rsvp/{token}/?updated=details#details")
    notice = page.get_by_role("status").filter(has_text="Your details are updated.")
    assert notice.is_visible()
    assert _in_view(page, "#details + .notice")
    # The number is never shown whole again: the page opens from forwarded e-mails.
    assert page.get_by_label("New phone number (optional)").input_value() == ""
    assert "555-0100" not in page.content() and "5550100" not in page.content()
    assert page.get_by_text("Text reminders go to the number ending in 00.").is_visible()
    page.screenshot(path="var/screenshots/manage-details-saved.png", full_page=True)


def test_a_refused_correction_lands_on_its_error_summary(live_server, chromium_page):
    event = factories.event()
    token = rsvp_create(event=event, name="Ana Ruiz", email="ana@example.org").manage_token
    page = chromium_page
    page.goto(f"{live_server.url}/rsvp/{token}/")
    page.get_by_label("Your name").fill("   ")
    page.get_by_label("Text me reminders at this number").check()
    page.get_by_role("button", name="Save my details").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.inner_text().split("\n") == [
        "There is a problem",
        "Your name: Please tell us your name.",
        "Phone (optional): Enter a phone number for text reminders, or untick the box.",
    ]
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert _in_view(page, "[data-error-summary]")
    summary.get_by_role("link", name="Your name: Please tell us your name.").click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    page.screenshot(path="var/screenshots/manage-details-refused.png", full_page=True)


def test_lost_links_are_asked_for_from_the_event_page(live_server, chromium_page):
    event = factories.event()
    page = chromium_page
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.get_by_role("link", name="E-mail me my links").click()
    page.get_by_label("Your e-mail address").fill("ana@example.org")
    page.get_by_role("button", name="E-mail me my links").click()
    assert page.get_by_role("status").inner_text() == (
        "If ana@example.org has RSVPs for events still to come, the link for each is on "
        "its way to that address."
    )
