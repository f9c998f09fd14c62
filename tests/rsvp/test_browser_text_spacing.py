"""Text spacing (WCAG 1.4.12) and 200 % zoom (1.4.4) on the pages residents and officers
use most, in Chromium: with the spacing a reader's own style sheet may set, nothing is cut
off nor overlaps its box, and no page scrolls sideways."""

import pytest

from rsvp.services import rsvp_create
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

# The spacing WCAG 1.4.12 names, forced on every element as a user style sheet would.
SPACING = """
* { line-height: 1.5 !important; letter-spacing: .12em !important;
    word-spacing: .16em !important; }
p { margin-bottom: 2em !important; }
"""

# Elements whose text overflows a box that hides the overflow: text the reader cannot see.
CLIPPED = """() => [...document.querySelectorAll('body *')].filter((el) => {
    const style = getComputedStyle(el);
    const hides = ['hidden', 'clip'].includes(style.overflowX) ||
        ['hidden', 'clip'].includes(style.overflowY);
    if (!hides || !el.textContent.trim() || el.closest('[hidden], .visually-hidden')) return false;
    if (el.clientWidth === 0 && el.clientHeight === 0) return false;
    return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
}).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""


@pytest.fixture
def pages(live_server):
    officer = factories.user("officer", username="officer.spacing")
    event = factories.event(
        title="Crisis Intervention Training: de-escalation for families",
        officers=[officer],
        max_party_size=4,
    )
    token = rsvp_create(event=event, name="Ana María Ruiz", email="ana@example.org").manage_token
    factories.rsvp(event, name="Ben Okafor", party_size=3)
    return officer, {
        "home": "/",
        "event": f"/events/{event.pk}/",
        "manage": f"/rsvp/{token}/",
        "lost links": "/rsvp/links/",
        "attendance": f"/officers/events/{event.pk}/attendance/",
        "reports": "/officers/reports/",
    }


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click(".login button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(390, 844, 1), (640, 400, 2)],  # a phone; a 1280x800 laptop zoomed to 200 %
    ids=["phone", "laptop at 200%"],
)
def test_text_spacing_and_zoom_cut_nothing_off(
    live_server, chromium_browser, pages, width, height, scale
):
    officer, urls = pages
    context = chromium_browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=scale,
        locale="en-US",
        # A reader's own style sheet is not the page's: its Content-Security-Policy does not
        # apply to it, so none applies to the one injected here.
        bypass_csp=True,
    )
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, officer.username)
        found = {}
        for name, path in urls.items():
            page.goto(f"{live_server.url}{path}")
            page.add_style_tag(content=SPACING)
            sideways = page.evaluate("document.documentElement.scrollWidth") - width
            found[name] = (max(sideways, 0), page.evaluate(CLIPPED))
        assert found == {name: (0, []) for name in urls}
    finally:
        context.close()
