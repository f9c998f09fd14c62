"""The door list on a phone with a bad signal, and on two phones at once (Chromium).

Offline: three check-ins, an undo and a walk-in wait on the phone, survive a reload with no
network (the service worker's page, filled from IndexedDB), and reach the server exactly
once when the network comes back, however often the queue is sent.
"""

import json
import time

import pytest
from django.conf import settings
from django.test import Client

from rsvp.door_code import door_code
from rsvp.models import DoorAction, Rsvp, WalkIn
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(context, live_server, user):
    """The officer's session in this browser context (as if they had signed in)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _open(page, url):
    page.goto(url)
    page.wait_for_function(
        "() => document.getElementById('door-sync').textContent.indexOf('Online.') === 0"
    )
    # The worker has kept the shell: a reload with no network still shows the list.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def _state(event):
    rsvps = Rsvp.objects.filter(event=event).order_by("name")
    return (
        [(r.name, r.arrived) for r in rsvps],
        list(WalkIn.objects.filter(event=event).values_list("head_count", flat=True)),
    )


@pytest.fixture
def door(chromium_browser):
    contexts = []

    def phone():
        context = chromium_browser.new_context(
            viewport={"width": 390, "height": 844}, locale="en-US"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return context, page

    yield phone
    for context in contexts:
        context.close()


def test_offline_check_ins_undo_and_walk_in_reach_the_server_exactly_once(live_server, door):
    officer = factories.user("officer", username="officer.garcia")
    event = factories.event(
        title="Coffee with a Cop", officers=[officer], start=factories.door_open()
    )
    ana, ben, cy = (factories.rsvp(event, name=n) for n in ("Ana García", "Ben Okafor", "Cy Young"))
    dee = factories.rsvp(event, name="Dee Walker")
    context, page = door()
    _signed_in(context, live_server, officer)
    url = f"{live_server.url}/officers/events/{event.pk}/attendance/"
    _open(page, url)
    sent = []
    page.on(
        "request",
        lambda request: sent.append(request.post_data) if "/door/sync/" in request.url else None,
    )

    context.set_offline(True)
    for rsvp in (ana, ben, cy):
        page.locator(f"#rsvp-{rsvp.pk} .checkin-button").click()
        page.locator(f"#rsvp-{rsvp.pk}.is-in").wait_for()
        page.wait_for_timeout(750)  # a tap this soon after another is taken as the same tap
    page.wait_for_timeout(700)  # the toast's Undo ignores a tap as it appears
    page.locator("#door-toast .door-toast-undo").click()
    page.locator(f"#rsvp-{cy.pk}:not(.is-in)").wait_for()
    page.fill("#walkins input[name=head_count]", "2")
    page.locator("#walkins form button[type=submit]").click()
    # Dee shows her code: found on the phone's copy by its digest, checked in.
    page.evaluate("(text) => window.PorchlightScan.submit(text)", door_code(dee))
    page.locator(f"#rsvp-{dee.pk}.is-in").wait_for()
    assert page.locator("[data-scan-result]").inner_text() == "Welcome, Dee Walker — party of 1"

    sync_line = page.locator("#door-sync")
    assert sync_line.inner_text().startswith("Offline: 6 changes waiting to be sent.")
    assert page.locator('[data-count="checked_in"]').first.inner_text() == "3"
    assert _state(event) == (
        [("Ana García", None), ("Ben Okafor", None), ("Cy Young", None), ("Dee Walker", None)],
        [],
    )

    # A reload with no network: the worker's page, filled from the phone's copy.
    page.reload()
    page.locator(f"#rsvp-{ana.pk}.is-in").wait_for()
    assert page.locator("h1").inner_text() == "Coffee with a Cop"
    assert page.locator("#roster-arrived .roster-row").count() == 3
    assert sync_line.inner_text().startswith("Offline: 6 changes waiting to be sent.")
    page.screenshot(path="var/door-offline-shell.png", full_page=True)

    started = time.monotonic()
    context.set_offline(False)
    page.wait_for_function("() => document.getElementById('door-sync').dataset.waiting === '0'")
    synced_after = time.monotonic() - started
    print(f"reconnect to synced: {synced_after:.2f} s")

    assert _state(event) == (
        [("Ana García", 1), ("Ben Okafor", 1), ("Cy Young", None), ("Dee Walker", 1)],
        [2],
    )
    assert DoorAction.objects.count() == 6
    # The queue as the phone sent it, sent twice more: nothing changes.
    queue = [body for body in sent if body][-1]
    for _ in range(2):
        status = page.evaluate(
            """body => fetch(location.pathname.replace('attendance/', 'door/sync/'), {
                method: 'POST', body: body, credentials: 'same-origin',
                headers: {'Content-Type': 'application/json',
                          'X-CSRFToken': document.cookie.match(/csrftoken=([^;]+)/)[1]}
            }).then(r => r.status)""",
            queue,
        )
        assert status == 200
    assert len(json.loads(queue)["actions"]) == 6
    assert _state(event) == (
        [("Ana García", 1), ("Ben Okafor", 1), ("Cy Young", None), ("Dee Walker", 1)],
        [2],
    )
    assert DoorAction.objects.count() == 6


def test_two_officers_phones_see_each_others_check_ins(live_server, door):
    first, second = factories.user("officer"), factories.user("officer")
    event = factories.event(officers=[first, second], start=factories.door_open())
    ana = factories.rsvp(event, name="Ana García")
    url = f"{live_server.url}/officers/events/{event.pk}/attendance/"
    phones = []
    for officer in (first, second):
        context, page = door()
        _signed_in(context, live_server, officer)
        _open(page, url)
        phones.append(page)
    a, b = phones

    a.locator(f"#rsvp-{ana.pk} .checkin-button").click()
    started = time.monotonic()
    b.locator(f"#rsvp-{ana.pk}.is-in").wait_for(timeout=8_000)
    print(f"second phone sees the check-in after {time.monotonic() - started:.1f} s")
    assert b.locator('[data-count="checked_in"]').first.inner_text() == "1"

    b.wait_for_timeout(700)
    b.locator(f"#rsvp-{ana.pk} form[data-checkin]:not([hidden]) button").last.click()
    a.locator(f"#rsvp-{ana.pk}:not(.is-in)").wait_for(timeout=8_000)
    ana.refresh_from_db()
    assert ana.checked_in_at is None


def test_a_double_tap_on_check_in_never_undoes(live_server, door):
    officer = factories.user("officer")
    event = factories.event(officers=[officer], start=factories.door_open())
    ana = factories.rsvp(event, name="Ana García")
    context, page = door()
    _signed_in(context, live_server, officer)
    _open(page, f"{live_server.url}/officers/events/{event.pk}/attendance/")
    button = page.locator(f"#rsvp-{ana.pk} .checkin-button")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    page.mouse.click(x, y)
    page.wait_for_timeout(250)
    page.mouse.click(x, y)
    page.wait_for_function("() => document.getElementById('door-sync').dataset.waiting === '0'")
    page.wait_for_timeout(300)

    ana.refresh_from_db()
    assert list(DoorAction.objects.values_list("kind", "outcome")) == [("checkin", "applied")]
    assert ana.checked_in_at is not None
    assert page.locator(f"#rsvp-{ana.pk}.is-in").count() == 1


def test_check_in_with_the_keyboard_only(live_server, door):
    officer = factories.user("officer")
    event = factories.event(officers=[officer], start=factories.door_open())
    ana = factories.rsvp(event, name="Ana García")
    context, page = door()
    _signed_in(context, live_server, officer)
    _open(page, f"{live_server.url}/officers/events/{event.pk}/attendance/")

    page.locator("#roster-q").focus()
    page.keyboard.type("ana")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('checkin-button')"):
            break
    assert (
        page.evaluate("document.activeElement.getAttribute('aria-label')") == "Check in: Ana García"
    )
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('door-sync').dataset.waiting === '0'")
    ana.refresh_from_db()
    assert ana.checked_in_at is not None


def test_signing_out_forgets_the_list_kept_on_the_phone(live_server, door):
    officer = factories.user("officer")
    event = factories.event(officers=[officer], start=factories.door_open())
    factories.rsvp(event, name="Ana García")
    context, page = door()
    _signed_in(context, live_server, officer)
    _open(page, f"{live_server.url}/officers/events/{event.pk}/attendance/")
    names = "indexedDB.databases().then(dbs => dbs.map(d => d.name))"
    assert page.evaluate(names) == ["porchlight-door"]

    with page.expect_navigation():
        page.locator("form.logout button").click()

    assert page.evaluate(names) == []
    assert page.evaluate("caches.keys()") == []


def test_a_list_whose_door_has_closed_is_not_kept_on_the_phone(live_server, door):
    import datetime as dt

    from django.utils import timezone

    officer = factories.user("officer")
    held = factories.event(officers=[officer], start=timezone.now() - dt.timedelta(days=2))
    today = factories.event(officers=[officer], start=factories.door_open())
    for event in (held, today):
        factories.rsvp(event, name="Ana García")
    context, page = door()
    _signed_in(context, live_server, officer)
    kept = """() => new Promise(resolve => {
        const open = indexedDB.open('porchlight-door', 1);
        open.onsuccess = () => {
          const request = open.result.transaction('lists').objectStore('lists').getAllKeys();
          request.onsuccess = () => { open.result.close(); resolve(request.result); };
        };
      })"""

    _open(page, f"{live_server.url}/officers/events/{today.pk}/attendance/")
    _open(page, f"{live_server.url}/officers/events/{held.pk}/attendance/")

    assert page.evaluate(kept) == [today.pk]


def test_the_officer_home_keeps_todays_lists_for_a_door_with_no_signal(live_server, door):
    officer = factories.user("officer")
    event = factories.event(title="Watch meeting", officers=[officer], start=factories.door_open())
    ana = factories.rsvp(event, name="Ana García")
    factories.event(officers=[officer])  # next week: not kept
    context, page = door()
    _signed_in(context, live_server, officer)

    page.goto(f"{live_server.url}/officers/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    kept = """() => new Promise(resolve => {
        const open = indexedDB.open('porchlight-door', 1);
        open.onsuccess = () => {
          const request = open.result.transaction('lists').objectStore('lists').getAllKeys();
          request.onsuccess = () => { open.result.close(); resolve(request.result); };
        };
      })"""
    for _ in range(50):
        if page.evaluate(kept):
            break
        page.wait_for_timeout(200)
    assert page.evaluate(kept) == [event.pk]  # today's, not next week's

    # At the church hall, no signal: the list opens from the phone's copy.
    context.set_offline(True)
    page.goto(f"{live_server.url}/officers/events/{event.pk}/attendance/")
    page.locator(f"#rsvp-{ana.pk}").wait_for()
    assert page.locator("h1").inner_text() == "Watch meeting"
    assert page.locator(f"#rsvp-{ana.pk} .name").inner_text() == "Ana García"
