"""A refused form on a phone opens on its error summary: focused, in view, its link to the field."""

import pytest

from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reports_filter_lands_on_its_error_summary(live_server, chromium_page):
    page = chromium_page
    factories.user("officer", username="officer.lee")
    page.goto(f"{live_server.url}/accounts/login/?next=/officers/reports/")
    page.fill("#id_username", "officer.lee")
    page.fill("#id_password", "pw-for-tests-only")
    page.click(".login button[type=submit]")
    page.wait_for_url(f"{live_server.url}/officers/reports/")
    assert page.viewport_size == {"width": 390, "height": 844}
    for field in ("#id_start", "#id_end"):
        assert page.locator(field).bounding_box()["height"] >= 44  # a thumb can hit it

    page.fill("#id_start", "2026-03-10")
    page.fill("#id_end", "2026-03-01")
    page.click(".report-filters button[type=submit]")
    page.wait_for_url("**/officers/reports/?start=2026-03-10&end=2026-03-01")
    page.wait_for_load_state("load")

    focused = page.evaluate(
        """() => {
          const el = document.activeElement, box = el.getBoundingClientRect();
          return {summary: el.hasAttribute("data-error-summary"), text: el.innerText,
                  top: box.top, bottom: box.bottom, height: innerHeight};
        }"""
    )
    assert focused["summary"]
    assert focused["text"].splitlines() == [
        "There is a problem",
        "The first day must be on or before the last day.",
    ]
    assert 0 <= focused["top"] < focused["bottom"] <= focused["height"]

    page.click("[data-error-summary] a")
    assert page.evaluate("document.activeElement.id") == "id_start"


def test_the_admins_cancel_confirmation_lands_on_its_error_summary(live_server, chromium_page):
    page = chromium_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    user = coordinator()
    event = factories.event(title="Coffee at the library")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/scheduler/event/")
    page.check(f"input[name=_selected_action][value='{event.pk}']")
    page.select_option("select[name=action]", "cancel_events")
    page.click("button[name=index]")
    page.click("input[type=submit]")  # no reason given: the page says why, not the browser
    page.wait_for_load_state("load")

    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    box = page.evaluate(
        "(({top, bottom}) => ({top, bottom}))(document.activeElement.getBoundingClientRect())"
    )
    assert 0 <= box["top"] < box["bottom"] <= 844
    assert page.get_attribute("#id_reason", "aria-invalid") == "true"
    page.click("[data-error-summary] a")
    assert page.evaluate("document.activeElement.id") == "id_reason"
    # The focus shows porchlight.js ran under the admin's Content-Security-Policy; nor did it
    # break the admin's own scripts.
    assert errors == []
