"""The Content-Security-Policy in a real browser: every page runs under it without one
violation (no inline script, style or handler is left), and the scripts still work."""

import pytest

from rsvp.models import Rsvp
from rsvp.services import rsvp_create
from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script and outside the page's policy: it records what the browser
# refused, whether or not a console message says so.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def browser_viewport() -> dict:
    return {"width": 1280, "height": 900}


class Visits:
    """Opens pages in one browser tab and keeps what the policy refused on each."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.console: list[str] = []
        self.violations: dict[str, list[str]] = {}
        self.policies: dict[str, str | None] = {}
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(f"{self.page.url}: {message.text}")

    def open(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        self.policies[path] = response.header_value("content-security-policy")
        self.settle(path)

    def settle(self, path: str) -> None:
        """Collects what the policy refused on the current page (after its scripts ran)."""
        self.page.wait_for_load_state("load")
        self.violations[path] = self.page.evaluate("window.__cspViolations")


def _sign_in(page, base_url, user, *, admin=False):
    page.goto(base_url + ("/admin/login/" if admin else "/accounts/login/"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]" if admin else ".login button[type=submit]")
    page.wait_for_load_state("load")


POLICY = {
    "default-src 'none'",
    "base-uri 'none'",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "script-src 'self'",
    "style-src 'self'",
}


def test_every_page_runs_under_the_policy_with_no_violation(live_server, chromium_page):
    page = chromium_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visits = Visits(page, live_server.url)
    officer = factories.user("officer")
    event = factories.event(
        title="Coffee with a Cop", officers=[officer], start=factories.door_open()
    )
    ana = factories.rsvp(event, name="Ana García")
    token = rsvp_create(event=event, email="ben@example.org", name="Ben Okafor").manage_token

    # Residents: the list, an event (its copy button works), the RSVP form, their own page.
    visits.open("/")
    visits.open(f"/events/{event.pk}/")
    page.locator("#calendar details summary").click()
    copy = page.locator(".copy-button").first
    copy.click()
    page.wait_for_function("document.querySelector('.copy-button').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"http://testserver/calendar/programs/{event.program.slug}.ics"
    )
    page.get_by_label("Your name").fill("Maria Lopez")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_role("button", name="RSVP").click()
    visits.settle("RSVP done")
    visits.open(f"/rsvp/{token}/")
    visits.open("/events/999999/")  # the 404 page

    # Officers: attendance (check-in without a reload works), sign-in sheet, reports, feed.
    _sign_in(page, live_server.url, officer)
    visits.open(f"/officers/events/{event.pk}/attendance/")
    page.evaluate("window.__noReload = true")
    page.locator(f"#rsvp-{ana.pk} .checkin-button").click()
    page.locator(f"#rsvp-{ana.pk}.is-in").wait_for()
    assert page.evaluate("window.__noReload") is True
    visits.settle(f"/officers/events/{event.pk}/attendance/")
    visits.open(f"/officers/events/{event.pk}/sign-in-sheet/")
    visits.open("/officers/reports/")
    visits.open("/officers/feed-token/")

    # Coordinators in the admin: the event list, an event's form (autocomplete widgets,
    # date pickers), adding one, and the cancel action's confirmation page.
    page.context.clear_cookies()
    _sign_in(page, live_server.url, coordinator(), admin=True)
    visits.open("/admin/")
    visits.open("/admin/scheduler/event/")
    visits.open(f"/admin/scheduler/event/{event.pk}/change/")
    page.locator("#id_venue + .select2").click()
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")
    page.locator(".datetimeshortcuts a").first.click()
    visits.settle(f"/admin/scheduler/event/{event.pk}/change/")
    visits.open("/admin/scheduler/event/add/")
    visits.open("/admin/scheduler/event/")
    page.check(f"input[name=_selected_action][value='{event.pk}']")
    page.select_option("select[name=action]", "cancel_events")
    page.click("button[name=index]")
    visits.settle("cancel confirmation")
    assert page.locator("h2", has_text="Events").is_visible()
    # The confirmation page's "No, take me back" link is Django's script (admin/js/cancel.js).
    page.locator(".cancel-link").click()
    page.wait_for_url(f"{live_server.url}/admin/scheduler/event/")
    visits.open("/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    visits.settle("/api/docs/")

    assert visits.console == []
    assert {path: v for path, v in visits.violations.items() if v} == {}
    assert {path: set(p.split("; ")) for path, p in visits.policies.items()} == dict.fromkeys(
        visits.policies, POLICY
    )
    assert Rsvp.objects.get(pk=ana.pk).checked_in_by == officer
    assert list(Rsvp.objects.filter(name="Maria Lopez").values_list("status")) == [("confirmed",)]
