"""A coordinator enters an event's Spanish title in the admin's language tabs, in a real
browser, with the site's CSP (scripts from the site only)."""

import pytest

from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_viewport() -> dict:
    return {"width": 1280, "height": 900}


def test_coordinator_enters_a_translation_in_the_language_tabs(live_server, chromium_page):
    page = chromium_page
    refused = []
    # What the browser refused or could not run (a script blocked by the CSP, an error in
    # one); the admin has no favicon, which is no concern here.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico")
            and refused.append(message.text)
        ),
    )
    user = coordinator()
    event = factories.event(title="Watch meeting")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/scheduler/event/{event.pk}/change/")
    tabs = page.locator("#content-main .ui-tabs-nav").first
    assert tabs.locator("li").all_inner_texts() == [
        "EN", "ES", "ZH-HANS", "ZH-HANT", "VI", "RU", "PA", "TL", "HMN",
    ]  # fmt: skip
    assert page.is_visible("#id_title_en")
    assert not page.is_visible("#id_title_es")
    tabs.locator("a", has_text="es").click()
    assert page.is_visible("#id_title_es")
    assert not page.is_visible("#id_title_en")
    page.fill("#id_title_es", "Reunión de vigilancia")
    # The switch by the page's heading turns every field's tab at once.
    page.select_option("#modeltranslation-main-switch", label="vi")
    assert page.is_visible("#id_description_vi")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/scheduler/event/")
    event.refresh_from_db()
    assert (event.title_en, event.title_es) == ("Watch meeting", "Reunión de vigilancia")
    assert refused == []
