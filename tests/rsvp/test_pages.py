import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from rsvp.models import Attendee, Rsvp
from scheduler.models import Event
from scheduler.services import event_cancel
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _post(client, event, **data):
    form = {
        "name": "Ana Ruiz",
        "email": "ana@example.org",
        "phone": "",
        "party_size": "2",
        "accessibility_needs": "",
        **data,
    }
    return client.post(f"/events/{event.pk}/rsvp/", form)


def _manage_path(response) -> str:
    match = re.search(r"http://testserver(/rsvp/[A-Za-z0-9_-]+/)", response.content.decode())
    assert match, "no manage link on the page"
    return match.group(1)


def test_rsvp_form_confirms_and_gives_the_manage_link(client):
    event = factories.event(capacity=10)
    response = _post(client, event)
    body = response.content.decode()
    assert response.status_code == 201
    assert "You're confirmed" in body
    assert "2 seats at" in body
    path = _manage_path(response)
    assert "/calendar/me/" not in body  # the personal feed goes only by e-mail
    manage = client.get(path)
    assert manage.status_code == 200
    assert "Confirmed</strong> for 2 people" in manage.content.decode()


def test_full_event_waitlists_with_place_in_line(client):
    event = factories.event(capacity=2)
    factories.rsvp(event, party_size=2)
    factories.rsvp(event, party_size=1, status="waitlisted")
    response = _post(client, event, party_size="1")
    assert response.status_code == 201
    assert "is <strong>number 2</strong> in line" in response.content.decode()


def test_repeat_submission_reveals_nothing(client):
    event = factories.event(capacity=10)
    _post(client, event, party_size="3", accessibility_needs="wheelchair")
    response = _post(client, event, email="ANA@example.org", name="Someone Else", party_size="1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Check your e-mail" in body
    assert "/rsvp/" not in body
    assert "wheelchair" not in body and "Ana Ruiz" not in body and ">3<" not in body
    assert list(Rsvp.objects.values_list("party_size", flat=True)) == [3]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Please tell us your name."),
        ({"name": "   "}, "name", "Please tell us your name."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "Please give your e-mail address: your confirmation goes there."),
        ({"party_size": "0"}, "party_size", "A party is at least one person."),
        ({"party_size": "7"}, "party_size", "At most 6 people per RSVP for this event."),
        ({"party_size": "lots"}, "party_size", "Enter a whole number."),
        ({"party_size": "9" * 40}, "party_size", "At most 6 people per RSVP for this event."),
        ({"phone": "12"}, "phone", "Enter a phone number we can text or call, like 503-555-0100."),
        ({"name": "x" * 100_000}, "name", "A name can be at most 120 characters long."),
        ({"name": "Ana\x00"}, "name", "Null characters are not allowed."),
        (
            {"accessibility_needs": "y" * 5000},
            "accessibility_needs",
            "Please keep this to 1000 characters.",
        ),
    ],
)
def test_bad_input_is_shown_next_to_the_field(client, data, field, message):
    event = factories.event()
    response = _post(client, event, **data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert f'id="id_{field}-error"' in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_missing_fields_and_odd_unicode_never_500(client):
    event = factories.event()
    assert client.post(f"/events/{event.pk}/rsvp/", {}).status_code == 400
    response = _post(client, event, name="Zoë 𝒜𝓃𝒶 \u202e 山田", email="zoë@exämple.org")
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    idn = _post(client, event, name="Zoë 𝒜𝓃𝒶 \u202e 山田", email="zoe@exämple.org")
    assert idn.status_code == 201
    ok = _post(client, event, name="Nguyễn Thị Lan 山田", email="lan@example.org")
    assert ok.status_code == 201
    assert Attendee.objects.get(email="lan@example.org").name == "Nguyễn Thị Lan 山田"


def test_phone_is_stored_in_e164(client):
    event = factories.event()
    _post(client, event, phone="(503) 555-0123")
    assert Attendee.objects.get().phone == "+15035550123"


def test_rsvp_to_unknown_or_closed_event(client):
    assert client.post("/events/424242/rsvp/", {}).status_code == 404
    assert client.get(f"/events/{factories.event().pk}/rsvp/").status_code == 405
    cancelled = factories.event(status="cancelled")
    response = _post(client, cancelled)
    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == ["This event has been cancelled."]


@pytest.mark.parametrize("token", ["nope", "A" * 32, "x" * 300, "%00", "..%2F..%2Fetc"])
def test_forged_or_stale_tokens_are_404(client, token):
    assert client.get(f"/rsvp/{token}/").status_code == 404
    assert client.post(f"/rsvp/{token}/cancel/").status_code == 404
    assert client.post(f"/rsvp/{token}/feed/").status_code == 404


def test_manage_page_changes_party_size_and_cancels_with_confirmation(client):
    event = factories.event(capacity=3)
    path = _manage_path(_post(client, event, party_size="1"))
    waiting = factories.rsvp(event, party_size=2, status="waitlisted")

    too_big = client.post(path, {"party_size": "4"})
    assert too_big.status_code == 409
    assert too_big.context["form"].errors["party_size"] == [
        "Only 2 more seats left, so your party can be at most 3."
    ]
    assert client.post(path, {"party_size": "x"}).status_code == 400
    changed = client.post(path, {"party_size": "3"})
    assert (changed.status_code, changed["Location"]) == (302, f"{path}?updated=1")

    confirm = client.get(f"{path}cancel/")
    assert "Yes, cancel my RSVP" in confirm.content.decode()
    assert Rsvp.objects.get(attendee__email="ana@example.org").status == "confirmed"
    done = client.post(f"{path}cancel/")
    assert done.status_code == 302
    assert Rsvp.objects.get(attendee__email="ana@example.org").status == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert "Cancelled." in client.get(path).content.decode()


@pytest.mark.django_db(databases="__all__")
class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("mail server down")


def test_personal_feed_link_goes_only_to_the_residents_email(client, mailoutbox, settings):
    from notifications.models import Notification
    from notifications.tasks import notice_send
    from rsvp.models import token_hash

    event = factories.event()
    created = _post(client, event)
    assert "/calendar/me/" not in created.content.decode()
    path = _manage_path(created)
    response = client.post(f"{path}feed/")
    body = response.content.decode()
    assert "We have e-mailed your personal calendar feed link" in body
    assert "/calendar/me/" not in body
    assert Attendee.objects.get().feed_token_hash is None  # made when the e-mail is sent

    notice = Notification.objects.get(kind="feed_link")
    old = Attendee.objects.get().feed_token_rotate()  # a feed the resident already uses
    settings.EMAIL_BACKEND = "tests.rsvp.test_pages.FailingBackend"
    notice_send(notice.pk)  # the send fails: the working feed must keep working
    assert client.get(f"/calendar/me/{old}.ics").status_code == 200
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=notice.pk).update(state="pending", due_at=notice.due_at)
    notice_send(notice.pk)
    [message] = [m for m in mailoutbox if m.subject == "Your personal calendar feed"]
    assert message.to == ["ana@example.org"]
    token = re.search(r"/calendar/me/([A-Za-z0-9_-]+)\.ics", message.body).group(1)
    assert Attendee.objects.get().feed_token_hash == token_hash(token)
    assert client.get(f"/calendar/me/{token}.ics").status_code == 200
    assert client.get(f"/calendar/me/{old}.ics").status_code == 404


# Two residents, one through the RSVP form and one through the API, with everything they
# can give; then every public page, feed and API answer is searched for any of it.
FORM_RESIDENT = {
    "name": "Priya Quartermaine",
    "email": "p.q.resident7@example.org",
    "phone": "(503) 555-0142",
    "accessibility_needs": "Braille handout",
    "party_size": "2",
    "sms_opt_in": "on",
}
API_RESIDENT = {
    "name": "Tomasz Wexleigh",
    "email": "tw.neighbor3@example.net",
    "phone": "+1 971 555 0177",
    "accessibility_needs": "Step-free entrance",
    "party_size": 1,
}
PRIVATE = [
    "quartermaine",
    "priya",
    "p.q.resident7",
    "5035550142",  # as stored (E.164), with or without the "+1"
    "555-0142",  # as typed
    "braille",
    "wexleigh",
    "tomasz",
    "tw.neighbor3",
    "9715550177",
    "555 0177",
    "step-free",
]


def _leaks(response) -> list[str]:
    # Calendar lines are folded at 75 octets: a name may be split across two lines.
    text = response.content.decode().replace("\r\n ", "") + str(dict(response.headers))
    return [private for private in PRIVATE if private in text.lower()]


def test_public_pages_feeds_and_api_never_show_residents_data(client, api):
    partner = factories.organization()
    event = factories.event(title="Elm Street Porch Talk", capacity=2, partners=[partner])
    answers = {
        "form RSVP": _post(client, event, **FORM_RESIDENT),
        "API RSVP": api.post(f"/api/v1/events/{event.pk}/rsvps/", API_RESIDENT, format="json"),
    }
    assert [r.status_code for r in answers.values()] == [201, 201]
    assert list(Rsvp.objects.order_by("id").values_list("attendee__name", "phone", "status")) == [
        ("Priya Quartermaine", "+15035550142", "confirmed"),
        ("Tomasz Wexleigh", "+19715550177", "waitlisted"),
    ]
    answers["form repeat"] = _post(client, event, **FORM_RESIDENT)
    answers["API repeat"] = api.post(
        f"/api/v1/events/{event.pk}/rsvps/", API_RESIDENT, format="json"
    )
    public = [
        "/",
        "/?q=Porch+Talk",
        f"/?program={event.program.slug}",
        f"/events/{event.pk}/",
        "/calendar/events.ics",
        f"/calendar/events/{event.pk}.ics",
        f"/calendar/programs/{event.program.slug}.ics",
        f"/calendar/organizations/{event.host.slug}.ics",
        f"/calendar/organizations/{partner.slug}.ics",
        "/api/v1/events/",
        f"/api/v1/events/{event.pk}/",
        "/api/v1/programs/",
        "/api/v1/organizations/",
        "/api/v1/venues/",
    ]
    for path in public:
        response = (api if path.startswith("/api/") else client).get(path)
        assert response.status_code == 200, path
        answers[path] = response
    listing = [p for p in public if not p.endswith(("programs/", "organizations/", "venues/"))]
    # Each of these shows the event itself, so a leak would have somewhere to be.
    assert [p for p in listing if b"Elm Street Porch Talk" not in answers[p].content] == []
    assert {where: _leaks(response) for where, response in answers.items()} == {
        where: [] for where in answers
    }
    # Nor does searching for a resident find the event they RSVPed to.
    for term in ("Quartermaine", "p.q.resident7@example.org", "Wexleigh"):
        assert "Elm Street Porch Talk" not in client.get("/", {"q": term}).content.decode()
        assert api.get("/api/v1/events/", {"q": term}).json()["results"] == []
        assert b"BEGIN:VEVENT" not in client.get("/calendar/events.ics", {"q": term}).content


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_event_pages_query_count_flat_at_10_and_500_rsvps(client):
    event = factories.event(capacity=None, partners=[factories.organization()])
    listed_path, detail_path = "/", f"/events/{event.pk}/"
    for _ in range(10):
        factories.rsvp(event)
    few = (_queries(client, listed_path), _queries(client, detail_path))
    Rsvp.objects.bulk_create(
        [
            Rsvp(
                event=event,
                attendee=factories.attendee(),
                status=status,
                party_size=1,
                manage_token_hash=f"{i:064d}",
                waitlist_joined_at=event.start,
            )
            for i, status in enumerate(["confirmed", "waitlisted"] * 245)
        ]
    )
    many = (_queries(client, listed_path), _queries(client, detail_path))
    assert few == many


def test_email_that_grows_when_lowercased_is_a_form_error_not_a_500(client):
    event = factories.event()
    email = "İ" * 240 + "@example.org"  # 252 characters, 492 once lower-cased
    response = _post(client, event, email=email)
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["This e-mail address is too long."]


def test_manage_tokens_are_redacted_from_request_logs(client, caplog):
    import logging

    from config.logging import RedactTokens, redact

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/rsvp/SecretToken123abc/")
    record = next(r for r in caplog.records if r.name == "django.request")
    # The handler that writes Porchlight's logs (set up from settings.LOGGING) redacts.
    [console] = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert [type(f) for f in console.filters] == [RedactTokens]
    assert console.filter(record)
    assert record.getMessage() == "Not Found: /rsvp/[token]/"
    assert redact('"GET /calendar/me/abcDEF_-12.ics HTTP/1.1" 200') == (
        '"GET /calendar/me/[token] HTTP/1.1" 200'
    )
    assert redact("/api/v1/rsvps/tok/ and /events/5/") == "/api/v1/rsvps/[token]/ and /events/5/"
    assert redact("POST /notices/Ab3_xY/stop-reminders/") == "POST /notices/[token]/stop-reminders/"


def test_rsvp_form_shares_the_per_client_throttle(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RSVP_THROTTLE = "2/hour"
    event = factories.event()
    codes = [_post(client, event, email=f"p{i}@example.org").status_code for i in range(3)]
    assert codes == [201, 201, 429]
    refused = _post(client, event, email="p9@example.org")
    assert refused.context["form"].non_field_errors() == [
        "Too many RSVPs from your connection just now. Please try again later."
    ]
    assert Rsvp.objects.count() == 2
    cache.clear()


def test_text_reminders_are_opt_in_and_need_a_phone(client):
    event = factories.event()
    missing = _post(client, event, sms_opt_in="on")
    assert missing.status_code == 400
    assert missing.context["form"].errors["phone"] == [
        "Enter a phone number for text reminders, or untick the box."
    ]
    _post(client, event, email="texts@example.org", phone="503-555-0123", sms_opt_in="on")
    _post(client, event, email="notexts@example.org", phone="503-555-0124")
    rows = list(Attendee.objects.order_by("email").values_list("email", "sms_opt_in"))
    assert rows == [("notexts@example.org", False), ("texts@example.org", True)]


STARTED = "This event has already started, so the RSVP can no longer be changed."
EVENT_CANCELLED = "This event has been cancelled, so your party size can no longer be changed."


def _started_ten_minutes_ago(event):
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        start=now - dt.timedelta(minutes=10), end=now + dt.timedelta(minutes=50)
    )


def test_once_the_event_started_the_manage_page_offers_no_change_and_says_why(client, api):
    event = factories.event(capacity=10)
    path = _manage_path(_post(client, event, party_size="1"))
    token = path.split("/")[2]
    _started_ten_minutes_ago(event)

    page = client.get(path)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Change party size" not in body
    assert f'href="{path}cancel/"' not in body
    assert f'<p class="notice" id="no-changes">{STARTED}</p>' in body
    confirm = client.get(f"{path}cancel/").content.decode()
    assert "Yes, cancel my RSVP" not in confirm
    assert f'<p class="notice" id="no-changes">{STARTED}</p>' in confirm

    # What the page no longer offers, the services refuse in the same words.
    refused = client.post(path, {"party_size": "2"})
    assert refused.status_code == 409
    assert f'<p class="notice" id="no-changes">{STARTED}</p>' in refused.content.decode()
    assert client.post(f"{path}cancel/").status_code == 409
    patch = api.patch(f"/api/v1/rsvps/{token}/", {"party_size": 2}, format="json")
    delete = api.delete(f"/api/v1/rsvps/{token}/")
    for answer in (patch, delete):
        assert (answer.status_code, answer.json()["code"], answer.json()["detail"]) == (
            409,
            "event_started",
            STARTED,
        )
    assert list(Rsvp.objects.values_list("party_size", "status")) == [(1, "confirmed")]


def test_a_cancelled_event_offers_withdrawing_but_no_party_size_change(client):
    event = factories.event(capacity=10)
    path = _manage_path(_post(client, event, party_size="1"))
    event_cancel(event=event, reason="Storm warning")

    body = client.get(path).content.decode()
    assert "Change party size" not in body
    assert f'<p class="notice" id="no-changes">{EVENT_CANCELLED}</p>' in body
    assert f'href="{path}cancel/"' in body
    refused = client.post(path, {"party_size": "2"})
    assert refused.status_code == 409
    assert client.post(f"{path}cancel/").status_code == 302
    assert list(Rsvp.objects.values_list("party_size", "status")) == [(1, "cancelled")]


def test_a_cancelled_rsvp_offers_no_change(client):
    event = factories.event(capacity=10)
    path = _manage_path(_post(client, event, party_size="1"))
    client.post(f"{path}cancel/")

    body = client.get(path).content.decode()
    assert "Change party size" not in body
    assert f'href="{path}cancel/"' not in body
    assert "<strong>Cancelled.</strong>" in body
    assert "This RSVP is already cancelled." in client.get(f"{path}cancel/").content.decode()
    assert client.post(path, {"party_size": "2"}).status_code == 409
