"""A coordinator in the admin, in a real browser: add an event from its program, cancel it
with a reason (confirmed on a page of its own), reinstate it."""

import datetime as dt

import pytest
from django.utils import timezone

from scheduler.models import Event
from scheduler.services import event_save
from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = None  # a folder, to look at the pages while working on them


@pytest.fixture
def browser_viewport() -> dict:
    return {"width": 1280, "height": 900}


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_coordinator_cancels_with_a_reason_and_reinstates(live_server, chromium_page):
    page = chromium_page
    user = coordinator()
    program = factories.program(
        name="Coffee with a Cop", default_capacity=12, default_max_party_size=3
    )
    factories.program(name="Neighborhood Watch")
    start = timezone.now() + dt.timedelta(days=5)
    event = factories.event(title="Coffee at the library", program=program, start=start)
    factories.rsvp(event, party_size=2)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/scheduler/event/add/")
    _shot(page, "1-choose-program")
    page.select_option("#id_program", str(program.pk))
    page.click("input[type=submit]")
    _shot(page, "2-add-form")
    assert page.input_value("#id_capacity") == "12"
    assert page.input_value("#id_max_party_size") == "3"

    page.goto(f"{live_server.url}/admin/scheduler/event/")
    page.check(f"input[name=_selected_action][value='{event.pk}']")
    page.select_option("select[name=action]", "cancel_events")
    page.click("button[name=index]")
    _shot(page, "3-cancel-confirmation")
    page.fill("#id_reason", "Snow: the library is closed.")
    page.click("input[type=submit]")
    _shot(page, "4-cancelled")
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason) == (
        "cancelled",
        "Snow: the library is closed.",
    )

    page.check(f"input[name=_selected_action][value='{event.pk}']")
    page.select_option("select[name=action]", "reinstate_events")
    page.click("button[name=index]")
    _shot(page, "5-reinstate-confirmation")
    page.click("input[type=submit]")
    _shot(page, "6-reinstated")
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason) == ("scheduled", "")
    assert Event.objects.count() == 1


def test_coordinator_sees_why_a_crossing_edit_was_not_saved(live_server, chromium_page):
    page = chromium_page
    user = coordinator()
    event = factories.event(title="Watch meeting")
    factories.rsvp(event)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/scheduler/event/{event.pk}/change/")
    moved = Event.objects.get(pk=event.pk)
    moved.start, moved.end = event.end + dt.timedelta(hours=1), event.end + dt.timedelta(hours=2)
    event_save(event=moved, changed_fields=["start", "end"])
    page.fill("#id_end_1", (event.local_end + dt.timedelta(minutes=30)).strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    _shot(page, "7-refused")
    assert "Nothing was saved" in page.locator(".errorlist.nonfield").inner_text()
