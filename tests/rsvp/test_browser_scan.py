"""The door code scanner in Chromium: jsQR reads the QR image the confirmation e-mail
carries, the digest matches the door list's, and a scanned code checks the party in."""

import base64
import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from notifications.delivery import notice_deliver
from notifications.models import Notification
from rsvp.door_code import door_code, door_code_digest, door_code_png
from rsvp.models import Rsvp
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Draws a PNG (a data: URL) on a canvas and reads it back with PorchlightScan.decodeImage.
DECODE = """async ([url, path]) => {
  const image = new Image();
  image.src = url;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height);
  return await window.PorchlightScan.decodeImage(data, {path: path});
}"""


def _signed_in_page(browser, base_url: str, user: User):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _with_jsqr(page, base_url: str) -> None:
    # scan.js loads jsQR only where the browser has no BarcodeDetector (headless Chromium on
    # Linux has none); the test needs it either way.
    if page.evaluate("typeof window.BarcodeDetector") == "function":
        page.add_script_tag(url=f"{base_url}/static/vendor/jsqr/jsQR.js")
    page.wait_for_function("typeof window.jsQR === 'function'")


@pytest.fixture
def door(live_server, chromium_browser):
    officer = factories.user("officer")
    start = timezone.now() + dt.timedelta(minutes=10)
    event = factories.event(title="Coffee with a Cop", officers=[officer], start=start)
    context, page = _signed_in_page(chromium_browser, live_server.url, officer)
    try:
        yield officer, event, page
    finally:
        context.close()


def test_jsqr_reads_the_code_of_the_confirmation_e_mail(live_server, door, mailoutbox):
    officer, event, page = door
    ana = factories.rsvp(event, name="Ana García", party_size=3)
    notice = Notification.objects.create(
        kind="confirmed",
        attendee=ana.attendee,
        rsvp=ana,
        event=event,
        due_at=timezone.now(),
        dedupe_key="test:confirmed",
    )
    assert notice_deliver(notice.pk) == "sent"
    [image] = [p for p in mailoutbox[0].message().walk() if p.get_content_type() == "image/png"]
    png = image.get_payload(decode=True)

    page.goto(f"{live_server.url}/officers/events/{event.pk}/attendance/")
    _with_jsqr(page, live_server.url)
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    found = page.evaluate(DECODE, [url, "jsqr"])

    assert found == {"text": door_code(ana), "path": "jsqr"}
    # The code names nobody: two ids and a MAC.
    assert found["text"].split(".")[:3] == ["PL1", str(event.pk), str(ana.pk)]
    assert "Ana" not in found["text"] and ana.attendee.email not in found["text"]
    # Where BarcodeDetector is missing, the scanner itself picks jsQR.
    if page.evaluate("typeof window.BarcodeDetector") != "function":
        assert page.evaluate("window.PorchlightScan.path()") == "jsqr"
    # The manage page's image, at its own scale, reads the same.
    manage = door_code_png(door_code(ana), scale=8)
    url = "data:image/png;base64," + base64.b64encode(manage).decode()
    assert page.evaluate(DECODE, [url, "jsqr"]) == {"text": door_code(ana), "path": "jsqr"}


def test_the_digest_in_the_browser_is_the_door_lists(live_server, door):
    officer, event, page = door
    ana = factories.rsvp(event, name="Ana García")
    page.goto(f"{live_server.url}/officers/events/{event.pk}/attendance/")
    code = door_code(ana)
    digest = page.evaluate("(text) => window.PorchlightScan.digest(text)", " " + code.lower())
    assert digest == door_code_digest(code)


def test_a_scanned_code_checks_the_party_in_and_greets_them(live_server, door):
    officer, event, page = door
    ana = factories.rsvp(event, name="Ana García", party_size=3)
    waiting = factories.rsvp(event, name="Ben Okafor", status=Rsvp.Status.WAITLISTED)
    page.goto(f"{live_server.url}/officers/events/{event.pk}/attendance/")
    toggle = page.locator("[data-scan-toggle]")
    toggle.wait_for()  # shown: localhost is a secure context with a camera API
    assert toggle.inner_text() == "Scan a code"
    box = toggle.bounding_box()
    assert box["height"] >= 44
    page.evaluate(
        """() => { window.__scanned = [];
        document.addEventListener("porchlight:scanned", (e) => window.__scanned.push(e.detail));
        }"""
    )

    page.evaluate("(text) => window.PorchlightScan.submit(text)", door_code(ana))
    result = page.locator("[data-scan-result]")
    page.wait_for_function(
        "document.querySelector('[data-scan-result]').textContent.startsWith('Welcome')"
    )
    assert result.inner_text() == "Welcome, Ana García — party of 3"
    assert result.get_attribute("role") == "status"
    scanned = page.evaluate("window.__scanned")
    assert [(d["outcome"], d["row"]["id"], d["row"]["arrived"]) for d in scanned] == [
        ("applied", ana.pk, 3)
    ]
    assert Rsvp.objects.get(pk=ana.pk).checked_in_by == officer

    page.evaluate("(text) => window.PorchlightScan.submit(text)", door_code(waiting))
    page.wait_for_function(
        "document.querySelector('[data-scan-result]').classList.contains('is-refused')"
    )
    assert result.inner_text() == (
        "This party is on the waitlist and has no seat yet. Check the list."
    )
    assert len(page.evaluate("window.__scanned")) == 1


def test_offline_a_scan_hands_its_digest_to_the_lists_script(live_server, door):
    officer, event, page = door
    ana = factories.rsvp(event, name="Ana García", party_size=3)
    page.goto(f"{live_server.url}/officers/events/{event.pk}/attendance/")
    page.locator("[data-scan-toggle]").wait_for()
    # What the list's script does with the hook: find the row by its digest, queue the
    # check-in, say so.
    page.evaluate(
        """() => { window.__offline = [];
        document.addEventListener("porchlight:scan-offline", (e) => {
          window.__offline.push({id: e.detail.id, digest: e.detail.digest});
          e.detail.greeting = "Queued: " + e.detail.digest;
        }); }"""
    )
    page.context.set_offline(True)
    page.evaluate("(text) => window.PorchlightScan.submit(text)", door_code(ana))
    page.wait_for_function("window.__offline.length === 1")
    [seen] = page.evaluate("window.__offline")
    assert seen["digest"] == door_code_digest(door_code(ana))
    assert len(seen["id"]) == 36
    result = page.locator("[data-scan-result]")
    assert result.inner_text() == f"Queued: {seen['digest']}"
    assert Rsvp.objects.get(pk=ana.pk).checked_in_at is None
