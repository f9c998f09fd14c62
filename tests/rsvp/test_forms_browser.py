"""A refused form on a phone opens on its error summary: focused, in view, its link to the field."""

import pytest

from tests import factories

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
