"""A resident on a phone: find an event, RSVP, see the confirmation, manage, cancel."""

import pytest

from rsvp.models import Rsvp
from scheduler.models import RsvpMode
from tests import factories
from tests.mail import deliver_due, manage_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_rsvps_then_cancels_from_the_manage_link(live_server, chromium_page, mailoutbox):
    event = factories.event(title="Coffee with a Cop downtown", capacity=20)
    page = chromium_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Coffee with a Cop downtown").click()
    assert page.url == f"{live_server.url}/events/{event.pk}/"
    assert page.get_by_role("heading", name="Your privacy").is_visible()

    page.get_by_label("Your name").fill("Maria Lopez")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_label("How many people, you included").fill("2")
    page.get_by_role("button", name="RSVP").click()

    # The seat and the link go to the mailbox; the page says where.
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()
    assert page.locator(".sent-to").inner_text() == "maria@example.org"
    deliver_due()
    [message] = mailoutbox
    manage_url = live_server.url + manage_path(message)
    page.goto(manage_url)
    assert page.get_by_text("Confirmed for 2 people.").is_visible()

    # POST forms on the token pages must pass CSRF's origin check in a real browser.
    page.get_by_role("button", name="E-mail me my personal feed link").click()
    assert page.get_by_text("We have e-mailed your personal calendar feed link").is_visible()
    page.goto(manage_url)

    page.get_by_role("link", name="Cancel my RSVP…").click()
    page.get_by_role("button", name="Yes, cancel my RSVP").click()
    assert page.url == manage_url
    assert page.get_by_text("Cancelled.").is_visible()
    assert list(Rsvp.objects.values_list("status", flat=True)) == ["cancelled"]


def test_resident_just_lets_them_know_then_adds_an_email(live_server, chromium_page, mailoutbox):
    program = factories.program(default_rsvp_mode=RsvpMode.HEADCOUNT)
    event = factories.event(title="Crisis Intervention community session", program=program)
    page = chromium_page
    page.goto(f"{live_server.url}/events/{event.pk}/")
    assert page.get_by_label("Your name").count() == 0
    page.get_by_label("How many people, you included").fill("3")
    page.get_by_role("button", name="RSVP").click()

    assert page.get_by_role("heading", name="You're confirmed").is_visible()
    reference = page.locator("p.reference strong").inner_text()
    assert reference == Rsvp.objects.get().reference
    page.locator(".token-link a").first.click()
    assert page.get_by_text("Confirmed for 3 people.").is_visible()
    page.get_by_label("E-mail").fill("lee@example.org")
    page.get_by_role("button", name="Send me reminders").click()
    assert page.get_by_text("We sent a confirmation to").is_visible()
    assert deliver_due() == ["sent"]
    assert [m.to for m in mailoutbox] == [["lee@example.org"]]


def test_officer_makes_a_calendar_feed_link(live_server, chromium_page):
    officer = factories.user("officer")
    page = chromium_page
    page.goto(live_server.url + "/accounts/login/?next=/officers/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="My calendar feed").click()
    page.get_by_role("button", name="Make my feed link").click()
    assert page.get_by_text("Your new feed link").is_visible()
    link = page.locator("input.feed-url").input_value()
    assert link.startswith("http://testserver/calendar/officers/") and link.endswith(".ics")
