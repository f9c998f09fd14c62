"""A browser test of the series editor: a coordinator turns a weekly series into "the
second Wednesday" with the keyboard, watches the live preview (clocks changing in March),
is told what to fix, saves; on a phone (320 px) nothing scrolls sideways; without
JavaScript "Preview dates" shows the dates and saves nothing."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from scheduler.models import EventSeries
from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = None  # a folder, to look at the pages while working on them


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _series() -> EventSeries:
    return factories.series(
        title="Watch meeting",
        rrule="FREQ=WEEKLY;BYDAY=TU",
        start_date=dt.date(2030, 2, 1),
        start_time=dt.time(18, 30),
        duration=dt.timedelta(hours=1),
        timezone="America/Los_Angeles",
    )


def _sign_in(page, url):
    user = coordinator()
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")


def _preview_texts(page) -> list[str]:
    return page.locator("[data-series-preview] .series-preview-dates li").all_inner_texts()


@pytest.fixture
def browser_viewport() -> dict:
    return {"width": 320, "height": 800}  # the narrowest phone (WCAG 1.4.10)


def test_a_coordinator_makes_a_series_meet_on_the_second_wednesday(live_server, chromium_page):
    page = chromium_page
    series = _series()
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/scheduler/eventseries/{series.pk}/change/")
    _shot(page, "series-1-opened")

    # It opens in the editor: weekly on Tuesday; the monthly choices are not shown.
    assert page.locator("#id_freq_1").is_checked()
    assert page.locator("input[name=weekdays][value=TU]").is_checked()
    assert page.locator("#id_month_day").is_hidden()
    assert page.locator("#id_rrule").get_attribute("readonly") is not None
    assert _preview_texts(page)[0] == "Tue, Feb 5, 2030 · 6:30–7:30 PM PST"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # With the keyboard: the "Repeats" radios move by arrow key, the rest by Tab and Space.
    page.focus("#id_freq_1")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "id_freq_2"
    assert page.locator("#id_freq_2").is_checked()
    page.focus("#id_monthly_by_0")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_monthly_by_1").is_checked()
    assert page.locator("#id_position").is_visible()
    page.focus("#id_position")
    page.select_option("#id_position", "2")
    page.select_option("#id_position_weekday", "WE")
    expect(page.locator("#id_rrule")).to_have_value("FREQ=MONTHLY;BYDAY=2WE")
    first = page.locator("[data-series-preview] .series-preview-dates li").first
    expect(first).to_have_text("Wed, Feb 13, 2030 · 6:30–7:30 PM PST")
    texts = _preview_texts(page)
    assert texts[:3] == [
        "Wed, Feb 13, 2030 · 6:30–7:30 PM PST",
        "Wed, Mar 13, 2030 · 6:30–7:30 PM PDT clocks change: PST → PDT",
        "Wed, Apr 10, 2030 · 6:30–7:30 PM PDT",
    ]
    _shot(page, "series-2-second-wednesday")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # Back to weekly with no weekday: the preview says what to fix.
    page.check("#id_freq_1")
    page.uncheck("input[name=weekdays][value=TU]")
    page.wait_for_selector("[data-series-preview] .errorlist")
    assert page.locator("[data-series-preview] .errorlist").inner_text() == (
        "Choose at least one weekday."
    )
    page.check("#id_freq_2")
    expect(page.locator("#id_rrule")).to_have_value("FREQ=MONTHLY;BYDAY=2WE")

    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    series.refresh_from_db()
    assert series.rrule == "FREQ=MONTHLY;BYDAY=2WE"
    assert series.duration == dt.timedelta(hours=1)


def test_without_javascript_preview_dates_shows_the_dates_and_saves_nothing(
    live_server, chromium_browser
):
    series = _series()
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _sign_in(page, live_server.url)
        page.goto(f"{live_server.url}/admin/scheduler/eventseries/{series.pk}/change/")
        # Everything shows without JavaScript: the monthly choices too.
        assert page.locator("#id_month_day").is_visible()
        page.check("input[name=weekdays][value=TH]")
        page.fill("#id_skip_dates", "2030-02-07")
        page.fill("#id_end_time", "20:00")
        page.click("button[name=_preview]")
        _shot(page, "series-3-no-script-preview")
        assert _preview_texts(page)[:4] == [
            "Tue, Feb 5, 2030 · 6:30–8:00 PM PST",
            "Thu, Feb 7, 2030 · 6:30–8:00 PM PST (skipped)",
            "Tue, Feb 12, 2030 · 6:30–8:00 PM PST",
            "Thu, Feb 14, 2030 · 6:30–8:00 PM PST",
        ]
        assert page.input_value("#id_skip_dates") == "2030-02-07"
        series.refresh_from_db()
        assert (series.rrule, series.duration) == ("FREQ=WEEKLY;BYDAY=TU", dt.timedelta(hours=1))
        assert list(series.exclusions.all()) == []
    finally:
        context.close()
