"""An RSVP from the home page with the keyboard alone: Tab, Enter, Space and typing. Where
the focus is after each step is asserted (document.activeElement), as a keyboard or
screen-reader user would find it."""

import pytest

from rsvp.models import Rsvp
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

# The focused element, said the way the assertions read it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  const label = el.id ? '#' + el.id : el.className ? '.' + el.className.split(' ')[0] : '';
  return el.tagName.toLowerCase() + label + ' ' + JSON.stringify(
    (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 60));
}"""


def tab_to(page, selector: str, *, limit: int = 60) -> int:
    """Press Tab until `selector` has the focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return presses
    raise AssertionError(f"{limit} Tabs never reached {selector}; at {page.evaluate(FOCUSED)}")


def test_rsvp_from_the_home_page_with_the_keyboard_only(live_server, chromium_page):
    event = factories.event(title="Coffee with a Cop", capacity=20, max_party_size=4)
    page = chromium_page
    page.goto(f"{live_server.url}/")
    focused = lambda: page.evaluate(FOCUSED)  # noqa: E731

    # The first Tab reaches the skip link; Enter puts the focus on the main content.
    page.keyboard.press("Tab")
    assert focused() == 'a.skip-link "Skip to main content"'
    page.keyboard.press("Enter")
    assert focused().startswith("main#main ")

    # From there, Tab reaches the event's card; Enter opens its page.
    tab_to(page, f"a[href='/events/{event.pk}/']")
    assert focused() == 'a "Coffee with a Cop"'
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/events/{event.pk}/"

    # The RSVP link near the top takes the focus into the form's first field.
    tab_to(page, "a[data-focus-first]")
    assert focused() == 'a.button "RSVP"'
    page.keyboard.press("Enter")
    assert focused() == 'input#id_name ""'
    page.keyboard.type("Rosa Díaz")
    page.keyboard.press("Tab")
    assert focused() == 'input#id_email ""'
    page.keyboard.type("rosa@example.org")

    # The party size by the keyboard too (arrow keys on a number field), then Space on the
    # send button, whose words follow the size.
    tab_to(page, "#id_party_size")
    page.keyboard.press("ArrowUp")
    assert page.input_value("#id_party_size") == "2"
    tab_to(page, "form button[type=submit]")
    assert focused() == 'button.primary "RSVP for 2 people"'
    with page.expect_navigation():
        page.keyboard.press("Space")

    assert page.locator("h1").inner_text() == "Check your e-mail"
    assert focused() == "body"
    assert list(Rsvp.objects.values_list("name", "party_size", "status")) == [
        ("Rosa Díaz", 2, "confirmed")
    ]
