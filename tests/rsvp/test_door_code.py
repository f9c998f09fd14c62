"""Door codes: the signed text of an RSVP's QR code, its image in the e-mail and on the manage
page, and the scan at the door that checks the party in once."""

import base64
import datetime as dt
import hashlib
import json
import re
import uuid
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.delivery import notice_deliver
from notifications.email import door_code_cid
from notifications.models import Notification
from rsvp.door_code import DoorCodeError, door_code, door_code_digest, door_code_png, door_code_read
from rsvp.models import DoorAction, RosterAccess, Rsvp
from rsvp.templatetags.officers import clock_at
from scheduler.when import day_text
from tests import factories

pytestmark = pytest.mark.django_db

NOT_OURS = "This is not a Porchlight door code. Find the resident on the list instead."
FORGED = (
    "This door code is not valid: it was changed or copied wrongly. Find the resident on the "
    "list instead."
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def officer():
    return factories.user("officer")


@pytest.fixture
def event(officer):
    # Starting in ten minutes: the door is open.
    start = timezone.now() + dt.timedelta(minutes=10)
    return factories.event(title="Coffee with a Cop", officers=[officer], start=start)


@pytest.fixture
def ana(event):
    return factories.rsvp(event, name="Ana García", party_size=3)


def _scan(client, event, code, *, client_id=None, **extra):
    body = {"code": code, "id": str(client_id or uuid.uuid4()), **extra}
    return client.post(
        f"/officers/events/{event.pk}/door/scan/", json.dumps(body), content_type="application/json"
    )


# --- The code -------------------------------------------------------------------------


def test_door_code_round_trip_carries_two_ids_and_a_mac_only(ana, event):
    code = door_code(ana)
    assert re.fullmatch(rf"PL1\.{event.pk}\.{ana.pk}\.[A-Z2-7]{{24}}", code)
    assert door_code_read(code) == (event.pk, ana.pk)
    # Scanners may hand the text back lowercased, or with a line break.
    assert door_code_read(code.lower() + "\n") == (event.pk, ana.pk)
    assert "Ana" not in code and ana.attendee.email not in code


@pytest.mark.parametrize(
    "text", ["", "hello", "https://example.org/", "PL1.1.2", "PL2.1.2.AAAA", "PL1.01.2.AAAA", None]
)
def test_door_code_read_refuses_what_is_not_a_door_code(text):
    with pytest.raises(DoorCodeError) as refused:
        door_code_read(text)
    assert (refused.value.message, refused.value.code) == (NOT_OURS, "bad_door_code")


def test_door_code_read_refuses_a_forged_or_altered_code(ana, event):
    code = door_code(ana)
    mac = code.rsplit(".", 1)[1]
    altered = [
        code[:-1] + ("A" if code[-1] != "A" else "B"),
        f"PL1.{event.pk}.{ana.pk + 1}.{mac}",  # the next party's id with this code's MAC
        f"PL1.{event.pk + 1}.{ana.pk}.{mac}",
    ]
    for text in altered:
        with pytest.raises(DoorCodeError) as refused:
            door_code_read(text)
        assert (refused.value.message, refused.value.code) == (FORGED, "forged_door_code")


def test_codes_made_before_a_key_rotation_stay_good_while_the_old_key_is_a_fallback(
    ana, event, settings
):
    code = door_code(ana)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-for-this-test-only-" + "x" * 40
    assert door_code_read(code) == (event.pk, ana.pk)
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(DoorCodeError):
        door_code_read(code)


def test_door_list_rows_carry_the_digest_of_the_code_never_the_code(client, officer, event, ana):
    client.force_login(officer)
    rows = client.get(f"/officers/events/{event.pk}/door/list.json").json()["list"]["rows"]
    code = door_code(ana)
    assert rows[0]["qr"] == hashlib.sha256(code.encode()).hexdigest()[:32]
    assert rows[0]["qr"] == door_code_digest(code.lower())
    assert code.rsplit(".", 1)[1] not in json.dumps(rows)


# --- The scan at the door ---------------------------------------------------------------


def test_scan_checks_the_party_in_and_answers_the_greeting_and_the_row(client, officer, event, ana):
    client.force_login(officer)
    client_id = uuid.uuid4()
    response = _scan(client, event, door_code(ana), client_id=client_id)
    assert response.status_code == 200
    ana.refresh_from_db()
    assert response.json() == {
        "id": str(client_id),
        "outcome": "applied",
        "greeting": "Welcome, Ana García — party of 3",
        "row": {
            "id": ana.pk,
            "name": "Ana García",
            "code": "",
            "party": 3,
            "status": "confirmed",
            "qr": door_code_digest(door_code(ana)),
            "arrived": 3,
            "at": clock_at(ana.checked_in_at, event),
            "key": str(client_id),
        },
    }
    assert (ana.checked_in_by, ana.arrived, ana.checkin_key) == (officer, 3, str(client_id))
    assert response["Cache-Control"] == "no-store"


def test_the_same_scan_sent_twice_checks_in_once_with_one_audit_entry(client, officer, event, ana):
    client.force_login(officer)
    client_id = uuid.uuid4()
    first = _scan(client, event, door_code(ana), client_id=client_id)
    again = _scan(client, event, door_code(ana), client_id=client_id)
    assert again.json() == first.json()
    assert DoorAction.objects.filter(client_id=client_id).count() == 1
    updates = LogEntry.objects.get_for_object(ana).filter(action=LogEntry.Action.UPDATE)
    assert updates.count() == 1
    # Each answer named the party: each is a roster read; the check-in happened once.
    whats = sorted(RosterAccess.objects.filter(event=event).values_list("what", flat=True))
    assert whats == ["checkin", "scan", "scan"]


def test_a_second_scan_of_a_used_code_says_when_it_was_used(client, officer, event, ana):
    client.force_login(officer)
    _scan(client, event, door_code(ana))
    ana.refresh_from_db()
    again = _scan(client, event, door_code(ana))
    assert again.status_code == 200
    time = clock_at(ana.checked_in_at, event)
    assert (again.json()["outcome"], again.json()["greeting"]) == (
        "unchanged",
        f"Already checked in at {time}: Ana García — party of 3.",
    )
    assert Rsvp.objects.get(pk=ana.pk).checked_in_at == ana.checked_in_at


def test_scan_with_part_of_the_party_and_a_head_count_rsvp(client, officer, event, ana):
    client.force_login(officer)
    partial = _scan(client, event, door_code(ana), arrived=2)
    assert partial.json()["greeting"] == "Welcome, Ana García — 2 of a party of 3"
    count = factories.rsvp(event, headcount=True, reference="K7QM3X", party_size=2)
    answer = _scan(client, event, door_code(count))
    assert answer.json()["greeting"] == "Welcome, head count K7QM3X — party of 2"
    assert answer.json()["row"]["name"] == ""


@pytest.mark.parametrize(
    ("status", "message", "code"),
    [
        (
            Rsvp.Status.CANCELLED,
            "This RSVP was cancelled. If there is room, add the party as a walk-in.",
            "cancelled",
        ),
        (
            Rsvp.Status.WAITLISTED,
            "This party is on the waitlist and has no seat yet. Check the list.",
            "waitlisted",
        ),
    ],
)
def test_scan_of_a_party_without_a_seat_is_refused(client, officer, event, status, message, code):
    rsvp = factories.rsvp(event, name="Ben Okafor", status=status)
    client.force_login(officer)
    response = _scan(client, event, door_code(rsvp))
    assert (response.status_code, response.json()) == (
        409,
        {"outcome": "refused", "code": code, "error": message},
    )
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None
    assert DoorAction.objects.count() == 0


def test_scan_of_a_code_for_another_event_names_it_only_to_who_may_see_it(client, officer, event):
    next_week = factories.event(
        title="Coffee with a Cop", officers=[officer], start=event.start + dt.timedelta(days=7)
    )
    elsewhere = factories.event(title="Youth Night")  # not this officer's
    client.force_login(officer)
    mine = _scan(client, event, door_code(factories.rsvp(next_week)))
    day = day_text(next_week.start, next_week.timezone)
    assert (mine.status_code, mine.json()["error"]) == (
        409,
        f"This code is for another event: Coffee with a Cop, {day}.",
    )
    other = _scan(client, event, door_code(factories.rsvp(elsewhere)))
    assert (other.json()["code"], other.json()["error"]) == (
        "other_event",
        "This code is for another event.",
    )
    assert Rsvp.objects.filter(checked_in_at__isnull=False).count() == 0


def test_scan_of_a_forged_code_is_refused_and_checks_nobody_in(client, officer, event, ana):
    client.force_login(officer)
    code = door_code(ana)
    forged = _scan(client, event, code[:-2] + ("AA" if not code.endswith("AA") else "BB"))
    assert (forged.status_code, forged.json()) == (
        400,
        {"outcome": "refused", "code": "forged_door_code", "error": FORGED},
    )
    junk = _scan(client, event, "WIFI:S:ChurchHall;T:WPA;P:secret;;")
    assert (junk.status_code, junk.json()["error"]) == (400, NOT_OURS)
    assert Rsvp.objects.get(pk=ana.pk).checked_in_at is None
    assert RosterAccess.objects.count() == 0


def test_scan_outside_the_door_hours_is_refused_with_the_hours_message(client, officer, ana):
    later = factories.event(officers=[officer], start=timezone.now() + dt.timedelta(days=3))
    rsvp = factories.rsvp(later, name="Cy Young")
    client.force_login(officer)
    response = _scan(client, later, door_code(rsvp))
    assert response.status_code == 409
    assert response.json()["code"] == "checkin_not_open"
    assert response.json()["error"].startswith("Check-in for this event opens on ")


def test_scan_needs_a_signed_in_officer_of_the_event(client, event, ana):
    assert _scan(client, event, door_code(ana)).status_code == 401
    client.force_login(factories.user("officer"))
    refused = _scan(client, event, door_code(ana))
    assert refused.status_code == 403
    assert Rsvp.objects.get(pk=ana.pk).checked_in_at is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The scan could not be read: it is not JSON."),
        (b'{"id": "x"}', "The scan could not be read: it has no code."),
        (b'{"code": "PL1.1.1.A", "id": "nope"}', "The scan could not be read: it has no id."),
        (
            b'{"code": "PL1.1.1.A", "id": "' + str(uuid.uuid4()).encode() + b'", "arrived": "2"}',
            "Enter how many of the party arrived as a number.",
        ),
    ],
)
def test_scan_of_a_malformed_request_is_a_clear_400(client, officer, event, body, message):
    client.force_login(officer)
    response = client.post(
        f"/officers/events/{event.pk}/door/scan/", body, content_type="application/json"
    )
    assert (response.status_code, response.json()) == (400, {"error": message})


def _scan_queries(client, event, rsvp) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert _scan(client, event, door_code(rsvp)).status_code == 200
    return len(ctx.captured_queries)


def test_scan_query_count_does_not_grow_with_the_roster(client, officer, event):
    client.force_login(officer)
    first = factories.rsvp(event, party_size=2)
    small = _scan_queries(client, event, first)
    for _ in range(30):
        factories.rsvp(event)
    factories.walkin(event, head_count=4)
    large = _scan_queries(client, event, factories.rsvp(event, party_size=2))
    assert small == large


def test_the_attendance_page_may_use_the_camera_and_other_pages_may_not(client, officer, event):
    client.force_login(officer)
    page = client.get(f"/officers/events/{event.pk}/attendance/")
    body = page.content.decode()
    assert "camera=(self)" in page["Permissions-Policy"]
    assert f'data-scan-url="/officers/events/{event.pk}/door/scan/"' in body
    assert '<script src="/static/js/scan.js" defer></script>' in body
    assert "camera=()" in client.get("/").headers["Permissions-Policy"]


# --- The image: e-mail and manage page -----------------------------------------------------


def _notice(rsvp, kind: str) -> Notification:
    row = Notification.objects.create(
        kind=kind,
        attendee=rsvp.attendee,
        rsvp=rsvp,
        event=rsvp.event,
        offset_minutes=120 if kind == "reminder" else None,
        payload={"start": rsvp.event.start.isoformat()} if kind == "reminder" else {},
        due_at=timezone.now(),
        dedupe_key=f"test:{kind}:{rsvp.pk}",
    )
    assert notice_deliver(row.pk) == "sent"
    return row


def _shape(part) -> object:
    if part.is_multipart():
        return {part.get_content_type(): [_shape(p) for p in part.get_payload()]}
    return part.get_content_type()


@pytest.mark.parametrize("kind", ["confirmed", "promoted", "reminder"])
def test_the_e_mail_of_a_seat_shows_the_door_code_as_a_related_image(mailoutbox, ana, kind):
    _notice(ana, kind)
    [message] = mailoutbox
    mime = message.message()
    html = [p for p in mime.walk() if p.get_content_type() == "text/html"][0]
    [image] = [p for p in mime.walk() if p.get_content_type() == "image/png"]
    cid = f"door-code-{ana.pk}@porchlight"
    assert image["Content-ID"] == f"<{cid}>"
    assert image.get_content_disposition() == "inline"
    assert image.get_payload(decode=True) == door_code_png(door_code(ana), scale=6)
    text = html.get_payload(decode=True).decode()
    assert f'<img src="cid:{cid}" alt="QR code for checking in"' in text
    assert "Show this code at the door to check in." in text
    assert "At the door: show the QR code in this e-mail (or on your RSVP page)" in message.body
    related = {"multipart/related": ["text/html", "image/png"]}
    alternative = {"multipart/alternative": ["text/plain", related]}
    if kind == "reminder":  # no calendar part: the alternative is the whole message
        assert _shape(mime) == alternative
    else:
        assert _shape(mime) == {"multipart/mixed": [alternative, "text/calendar"]}


def test_a_waiting_party_gets_no_code_but_is_told_when_it_comes(mailoutbox, event):
    waiting = factories.rsvp(event, status=Rsvp.Status.WAITLISTED)
    _notice(waiting, "waitlisted")
    [message] = mailoutbox
    assert [p for p in message.message().walk() if p.get_content_maintype() == "image"] == []
    assert (
        "If you get a seat, the e-mail that tells you so has a code to show at the door to "
        "check in." in message.body
    )


def test_a_notice_about_a_seat_that_is_gone_has_no_code(ana):
    """A reminder planned before a cancellation, or an event called off: no code."""
    reminder = Notification(kind="reminder", rsvp=ana, event=ana.event)
    assert door_code_cid(reminder) == f"door-code-{ana.pk}@porchlight"
    ana.status = Rsvp.Status.CANCELLED
    assert door_code_cid(reminder) == ""
    ana.status = Rsvp.Status.CONFIRMED
    ana.event.status = ana.event.Status.CANCELLED
    assert door_code_cid(reminder) == ""
    assert door_code_cid(Notification(kind="event_changed", rsvp=ana, event=ana.event)) == ""


def _manage(client, rsvp):
    from scheduler.tokens import token_hash, token_new

    token = token_new()
    Rsvp.objects.filter(pk=rsvp.pk).update(manage_token_hash=token_hash(token))
    return client.get(f"/rsvp/{token}/").content.decode()


def test_the_manage_page_of_a_confirmed_rsvp_shows_its_door_code(client, ana):
    body = _manage(client, ana)
    match = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)">', body)
    assert match.group(2) == "QR code for checking in"
    assert base64.b64decode(match.group(1)) == door_code_png(door_code(ana), scale=8)
    assert "<figcaption>Show this code at the door to check in.</figcaption>" in body


def test_the_manage_page_of_a_waiting_or_cancelled_rsvp_has_no_code(client, event):
    waiting = _manage(client, factories.rsvp(event, status=Rsvp.Status.WAITLISTED))
    assert "data:image/png" not in waiting
    assert "If you get a seat, a code to show at the door to check in appears here" in waiting
    cancelled = _manage(client, factories.rsvp(event, status=Rsvp.Status.CANCELLED))
    assert "data:image/png" not in cancelled
    assert "a code to show at the door" not in cancelled


# --- The vendored decoder -----------------------------------------------------------------


def test_the_vendored_jsqr_is_the_pinned_release():
    from tests.vendor_jsqr import FILE_SHA512, TARGET, sha512

    assert TARGET == ROOT / "static" / "vendor" / "jsqr" / "jsQR.js"
    assert sha512(TARGET.read_bytes()) == FILE_SHA512
    assert (TARGET.parent / "LICENSE").read_text().startswith(" " * 33 + "Apache License")
