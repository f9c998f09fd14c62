import datetime as dt
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rsvp.models import Attendee, Rsvp
from scheduler.models import Event
from scheduler.services import event_cancel
from tests import factories
from tests.mail import deliver_due, manage_path

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


def _manage_path(response, mailoutbox) -> str:
    """The manage link of the RSVP just made: it comes by e-mail, never on the page."""
    assert response.status_code == 202
    assert "/rsvp/" not in response.content.decode()
    deliver_due()
    return manage_path(mailoutbox[-1])


def test_rsvp_form_sends_the_seat_and_the_manage_link_to_the_mailbox(client, mailoutbox):
    event = factories.event(capacity=10, title="Porch Talk")
    response = _post(client, event, email="Ana@Example.org")
    body = response.content.decode()
    assert response.status_code == 202
    assert "Check your e-mail" in body
    assert '<strong class="sent-to">Ana@Example.org</strong>' in body
    assert "/calendar/me/" not in body  # the personal feed goes only by e-mail
    path = _manage_path(response, mailoutbox)
    [message] = mailoutbox
    assert (message.to, message.subject) == (["ana@example.org"], "You're confirmed: Porch Talk")
    assert "Hello Ana Ruiz, you're confirmed. We're holding 2 seats." in message.body
    manage = client.get(path)
    assert manage.status_code == 200
    assert "Confirmed</strong> for 2 people" in manage.content.decode()
    assert "RSVP for Ana Ruiz" in manage.content.decode()


def test_full_event_waitlists_with_place_in_line(client, mailoutbox):
    event = factories.event(capacity=2)
    factories.rsvp(event, party_size=2)
    factories.rsvp(event, party_size=1, status="waitlisted")
    path = _manage_path(_post(client, event, party_size="1"), mailoutbox)
    assert "number 2 in line" in client.get(path).content.decode()


def test_repeat_submission_reveals_nothing(client, mailoutbox):
    event = factories.event(capacity=10)
    first = _post(client, event, party_size="3", accessibility_needs="wheelchair")
    response = _post(client, event, email="ANA@example.org", name="Someone Else", party_size="1")
    body = response.content.decode()
    assert (first.status_code, response.status_code) == (202, 202)
    assert "Check your e-mail" in body
    assert "/rsvp/" not in body
    assert "wheelchair" not in body and "Ana Ruiz" not in body and ">3<" not in body
    assert list(Rsvp.objects.values_list("name", "party_size")) == [("Ana Ruiz", 3)]


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
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_missing_fields_and_odd_unicode_never_500(client):
    event = factories.event()
    assert client.post(f"/events/{event.pk}/rsvp/", {}).status_code == 400
    response = _post(client, event, name="Zoë 𝒜𝓃𝒶 \u202e 山田", email="zoë@exämple.org")
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    idn = _post(client, event, name="Zoë 𝒜𝓃𝒶 \u202e 山田", email="zoe@exämple.org")
    assert idn.status_code == 202
    ok = _post(client, event, name="Nguyễn Thị Lan 山田", email="lan@example.org")
    assert ok.status_code == 202
    assert Rsvp.objects.get(attendee__email="lan@example.org").name == "Nguyễn Thị Lan 山田"


def test_phone_is_stored_in_e164(client):
    event = factories.event()
    _post(client, event, phone="(503) 555-0123")
    assert Rsvp.objects.get().phone == "+15035550123"


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


def test_manage_page_changes_party_size_and_cancels_with_confirmation(client, mailoutbox):
    event = factories.event(capacity=3)
    path = _manage_path(_post(client, event, party_size="1"), mailoutbox)
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
    path = _manage_path(created, mailoutbox)
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


# Residents through the RSVP form and the API with everything they can give, a head count
# that adds an e-mail address later, and probes of their addresses under other names; then
# every answer, public page, feed and API answer is searched for what was submitted.
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
HEADCOUNT_EMAIL = "hc.oyelaran4@example.com"


def _private(*residents: dict, emails: tuple[str, ...] = ()) -> list[str]:
    """What was submitted, in every form it could show up in: each word of the name, the
    address and its local part, the phone as typed and as stored (E.164), the needs."""
    terms = set()
    for resident in residents:
        terms.update(word.lower() for word in resident["name"].split())
        terms.add(resident["accessibility_needs"].lower())
        phone = resident["phone"]
        terms.update({phone.lower(), "".join(c for c in phone if c.isdigit())[-10:]})
    for email in (*(r["email"] for r in residents), *emails):
        terms.update({email.lower(), email.split("@")[0].lower()})
    return sorted(terms)


PRIVATE = _private(FORM_RESIDENT, API_RESIDENT, emails=(HEADCOUNT_EMAIL,))


def _leaks(response, *own: str) -> list[str]:
    """The submitted data found in an answer; `own`: what this answer may say back (the
    address typed with the very submission it answers)."""
    # Calendar lines are folded at 75 octets: a name may be split across two lines.
    text = response.content.decode().replace("\r\n ", "") + str(dict(response.headers))
    text = text.lower()
    for allowed in own:
        text = text.replace(allowed.lower(), "[own]")
    return [private for private in PRIVATE if private in text]


def test_public_pages_feeds_and_api_never_show_residents_data(client, api):
    partner = factories.organization()
    event = factories.event(title="Elm Street Porch Talk", capacity=2, partners=[partner])
    counted = factories.event(
        title="Elm Street Count Me In",
        program=factories.program(default_rsvp_mode="headcount"),
        partners=[partner],
    )
    elsewhere = factories.event(title="Crisis Intervention session")
    own, answers = {}, {}

    def submit(where, response, email=""):
        answers[where] = response
        own[where] = (email,) if email else ()

    api_rsvps = f"/api/v1/events/{event.pk}/rsvps/"
    submit("form RSVP", _post(client, event, **FORM_RESIDENT), FORM_RESIDENT["email"])
    submit("API RSVP", api.post(api_rsvps, API_RESIDENT, format="json"), API_RESIDENT["email"])
    submit("form repeat", _post(client, event, **FORM_RESIDENT), FORM_RESIDENT["email"])
    submit("API repeat", api.post(api_rsvps, API_RESIDENT, format="json"), API_RESIDENT["email"])
    # Their addresses typed by someone else, for this event and another one.
    probe = {"name": "Probe Person", "email": FORM_RESIDENT["email"], "party_size": "1"}
    submit("form probe", _post(client, event, **probe), probe["email"])
    submit("form probe elsewhere", _post(client, elsewhere, **probe), probe["email"])
    api_probe = {**API_RESIDENT, "name": "Probe Person", "phone": "", "accessibility_needs": ""}
    submit(
        "API probe elsewhere",
        api.post(f"/api/v1/events/{elsewhere.pk}/rsvps/", api_probe, format="json"),
        api_probe["email"],
    )
    counted_answer = client.post(f"/events/{counted.pk}/rsvp/", {"party_size": "3"})
    submit("head count", counted_answer)
    token = re.search(r"/rsvp/([A-Za-z0-9_-]+)/", counted_answer.content.decode()).group(1)
    added = client.post(f"/rsvp/{token}/email/", {"email": HEADCOUNT_EMAIL})
    submit("head count e-mail", added, HEADCOUNT_EMAIL)
    submit("head count page", client.get(f"/rsvp/{token}/"))
    submit("head count API", api.get(f"/api/v1/rsvps/{token}/"))
    assert {where: r.status_code for where, r in answers.items()} == {
        **dict.fromkeys(list(answers)[:7], 202),
        "head count": 201,
        "head count e-mail": 200,
        "head count page": 200,
        "head count API": 200,
    }
    assert list(
        Rsvp.objects.order_by("id").values_list("event__title", "name", "phone", "status")
    ) == [
        ("Elm Street Porch Talk", "Priya Quartermaine", "+15035550142", "confirmed"),
        ("Elm Street Porch Talk", "Tomasz Wexleigh", "+19715550177", "waitlisted"),
        ("Crisis Intervention session", "Probe Person", "", "confirmed"),
        ("Crisis Intervention session", "Probe Person", "", "confirmed"),
        ("Elm Street Count Me In", "", "", "confirmed"),
    ]
    public = [
        "/",
        "/?q=Porch+Talk",
        f"/?program={event.program.slug}",
        f"/events/{event.pk}/",
        f"/events/{counted.pk}/",
        f"/events/{elsewhere.pk}/",
        "/calendar/events.ics",
        f"/calendar/events/{event.pk}.ics",
        f"/calendar/events/{counted.pk}.ics",
        f"/calendar/programs/{event.program.slug}.ics",
        f"/calendar/organizations/{event.host.slug}.ics",
        f"/calendar/organizations/{partner.slug}.ics",
        "/api/v1/events/",
        f"/api/v1/events/{event.pk}/",
        f"/api/v1/events/{counted.pk}/",
        "/api/v1/programs/",
        "/api/v1/organizations/",
        "/api/v1/venues/",
    ]
    for path in public:
        response = (api if path.startswith("/api/") else client).get(path)
        assert response.status_code == 200, path
        submit(path, response)
    listing = [
        p
        for p in public
        if not p.endswith(("/programs/", "/organizations/", "/venues/", f"/{elsewhere.pk}/"))
    ]
    # Each of these shows the events themselves, so a leak would have somewhere to be.
    assert [p for p in listing if b"Elm Street" not in answers[p].content] == []
    assert {where: _leaks(response, *own[where]) for where, response in answers.items()} == {
        where: [] for where in answers
    }
    # The answers do say where they wrote: the address as typed, and nothing else.
    assert FORM_RESIDENT["email"] in answers["form probe"].content.decode()
    assert api.get(f"/api/v1/rsvps/{token}/").json()["name"] == ""
    # Nor does searching for a resident find the event they RSVPed to.
    for term in ("Quartermaine", "p.q.resident7@example.org", "Wexleigh", "Oyelaran"):
        assert "Elm Street" not in client.get("/", {"q": term}).content.decode()
        assert api.get("/api/v1/events/", {"q": term}).json()["results"] == []
        assert b"BEGIN:VEVENT" not in client.get("/calendar/events.ics", {"q": term}).content


def test_event_pages_query_count_flat_at_10_and_500_rsvps(client, get_queries):
    event = factories.event(
        capacity=None,
        partners=[factories.organization()],
        title_es="Café con la policía",
        languages=[("es", False), ("hmn", True)],
    )
    listed_path, detail_path = "/", f"/events/{event.pk}/"
    for _ in range(10):
        factories.rsvp(event)
    few = (get_queries(client, listed_path), get_queries(client, detail_path))
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
    many = (get_queries(client, listed_path), get_queries(client, detail_path))
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
    assert codes == [202, 202, 429]
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
    rows = list(
        Rsvp.objects.order_by("attendee__email").values_list("attendee__email", "sms_opt_in")
    )
    assert rows == [("notexts@example.org", False), ("texts@example.org", True)]


STARTED = "This event has already started, so the RSVP can no longer be changed."
EVENT_CANCELLED = "This event has been cancelled, so your party size can no longer be changed."


def _started_ten_minutes_ago(event):
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        start=now - dt.timedelta(minutes=10), end=now + dt.timedelta(minutes=50)
    )


def test_once_the_event_started_the_manage_page_offers_no_change_and_says_why(
    client, api, mailoutbox
):
    event = factories.event(capacity=10)
    path = _manage_path(_post(client, event, party_size="1"), mailoutbox)
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


def test_a_cancelled_event_offers_withdrawing_but_no_party_size_change(client, mailoutbox):
    event = factories.event(capacity=10)
    path = _manage_path(_post(client, event, party_size="1"), mailoutbox)
    event_cancel(event=event, reason="Storm warning")

    body = client.get(path).content.decode()
    assert "Change party size" not in body
    assert f'<p class="notice" id="no-changes">{EVENT_CANCELLED}</p>' in body
    assert f'href="{path}cancel/"' in body
    refused = client.post(path, {"party_size": "2"})
    assert refused.status_code == 409
    assert client.post(f"{path}cancel/").status_code == 302
    assert list(Rsvp.objects.values_list("party_size", "status")) == [(1, "cancelled")]


def test_a_cancelled_rsvp_offers_no_change(client, mailoutbox):
    event = factories.event(capacity=10)
    path = _manage_path(_post(client, event, party_size="1"), mailoutbox)
    client.post(f"{path}cancel/")

    body = client.get(path).content.decode()
    assert "Change party size" not in body
    assert f'href="{path}cancel/"' not in body
    assert "<strong>Cancelled.</strong>" in body
    assert "This RSVP is already cancelled." in client.get(f"{path}cancel/").content.decode()
    assert client.post(path, {"party_size": "2"}).status_code == 409
