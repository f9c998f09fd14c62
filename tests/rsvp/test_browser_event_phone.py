"""The event page on a phone (390x844) in Chromium: the RSVP button above the fold, a refused
RSVP that lands on its error summary (with and without JavaScript), the skip link first."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "\n\n".join(
    "Officers and neighbors talk over coffee about what matters on your block: traffic, "
    "break-ins, parks, youth programs. Bring your questions; there is no agenda." * 2
    for _ in range(5)
)


def _box(page, selector: str) -> dict:
    return page.evaluate(
        """(s) => {
            const r = document.querySelector(s).getBoundingClientRect();
            return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY};
        }""",
        selector,
    )


def test_the_rsvp_button_is_above_the_fold(live_server, chromium_page):
    event = factories.event(title="Coffee with a Cop at the Rec Center", description=LONG)
    page = chromium_page
    page.goto(f"{live_server.url}/events/{event.pk}/")
    action, submit = _box(page, ".rsvp-action a"), _box(page, "#rsvp button[type=submit]")
    form = _box(page, "#rsvp")
    print(
        f"\nAt 390x844: RSVP action {action['top']:.0f}-{action['bottom']:.0f} px, "
        f"form from {form['top']:.0f} px, its submit button at {submit['top']:.0f} px"
    )
    assert action["bottom"] < 844
    # The action puts the keyboard in the form's first field.
    page.locator(".rsvp-action a").click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    # And the page reflows at 320 px without scrolling sideways (WCAG 1.4.10).
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_button_follows_the_party_size(live_server, chromium_page):
    event = factories.event(capacity=2, max_party_size=4)
    page = chromium_page
    page.goto(f"{live_server.url}/events/{event.pk}/")
    button = page.locator("#rsvp button[type=submit]")
    assert button.inner_text() == "RSVP for 1 person"
    page.get_by_label("How many people, you included").fill("2")
    assert button.inner_text() == "RSVP for 2 people"
    page.get_by_label("How many people, you included").fill("3")
    assert button.inner_text() == "Join the waitlist"


def _refused_rsvp(page, url):
    page.goto(url)
    page.get_by_label("Your name").fill("Maria Lopez")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_label("How many people, you included").fill("9")
    page.locator("#rsvp button[type=submit]").click()
    page.wait_for_load_state()


def _in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(s) => { const r = document.querySelector(s).getBoundingClientRect();
                    return r.top >= -1 && r.top < window.innerHeight; }""",
        selector,
    )


def test_a_refused_rsvp_lands_on_the_error_summary(live_server, chromium_page):
    event = factories.event(max_party_size=2, description=LONG)
    page = chromium_page
    _refused_rsvp(page, f"{live_server.url}/events/{event.pk}/")
    summary = page.locator("[data-error-summary]")
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert _in_viewport(page, "[data-error-summary]")
    # Its link puts the keyboard on the field, not only the eyes.
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_party_size"


def test_without_javascript_the_page_still_opens_on_the_form(live_server, chromium_browser):
    event = factories.event(max_party_size=2, description=LONG)
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        _refused_rsvp(page, f"{live_server.url}/events/{event.pk}/")
        assert page.url.endswith("/rsvp/#rsvp")
        assert _in_viewport(page, "#rsvp")
    finally:
        context.close()


def test_the_first_tab_offers_to_skip_to_the_page(live_server, chromium_page):
    event = factories.event()
    page = chromium_page
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert _in_viewport(page, ".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_phone_in_another_zone_is_told_the_times_are_the_events(live_server, chromium_browser):
    event = factories.event(timezone="America/Los_Angeles")
    seen = {}
    for zone in ("America/Los_Angeles", "America/New_York"):
        context = chromium_browser.new_context(timezone_id=zone, locale="en-US")
        try:
            page = context.new_page()
            page.goto(f"{live_server.url}/events/{event.pk}/")
            note = page.locator(".zone-note")
            seen[zone] = note.inner_text() if note.is_visible() else None
        finally:
            context.close()
    assert seen == {
        "America/Los_Angeles": None,
        "America/New_York": "Times are the event's local time (Pacific Time).",
    }
