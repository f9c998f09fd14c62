"""Head-count RSVPs: "Just let us know you're coming" — party size only, seats held, a code
and a link on screen, an e-mail address later if the resident wants reminders; officers see
counts, not people."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from rsvp.models import Rsvp
from rsvp.services import rsvp_create_headcount
from scheduler.models import RsvpMode
from scheduler.services import event_create, series_create, series_materialize
from tests import factories
from tests.mail import deliver_due, manage_path, messages_to
from tests.sql import statements

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}\b")


def _headcount_event(**kw):
    program = factories.program(default_rsvp_mode=RsvpMode.HEADCOUNT)
    return factories.event(program=program, **kw)


def _manage_path_on(response) -> str:
    match = re.search(r"http://testserver(/rsvp/[A-Za-z0-9_-]+/)", response.content.decode())
    assert match, "no manage link on the page"
    return match.group(1)


def _inputs(body: str) -> list[str]:
    """The RSVP form's fields (the language switcher in the header is not the RSVP's)."""
    body = re.sub(r'<form class="language-switcher".*?</form>', "", body, flags=re.S)
    return re.findall(r'<(?:input|textarea|select)[^>]* name="([^"]+)"', body)


def test_the_form_asks_how_many_people_and_nothing_else(client):
    event = _headcount_event()
    body = client.get(f"/events/{event.pk}/").content.decode()
    assert _inputs(body) == ["csrfmiddlewaretoken", "party_size"]
    assert "Just let us know you're coming" in body
    assert "We ask only how many people are coming" in body


def test_a_head_count_holds_seats_and_gives_a_code_and_a_link_on_screen(client):
    event = _headcount_event(capacity=10)
    # Whatever else a client sends, nothing that names anyone is kept.
    response = client.post(
        f"/events/{event.pk}/rsvp/",
        {"party_size": "3", "name": "Not Asked", "email": "not@asked.org", "phone": "5035550100"},
    )
    body = response.content.decode()
    assert response.status_code == 201
    assert "You're confirmed" in body
    [rsvp] = Rsvp.objects.all()
    assert CODE.findall(body) == [rsvp.reference]
    assert (rsvp.attendee, rsvp.name, rsvp.phone, rsvp.accessibility_needs) == (None, "", "", "")
    assert (rsvp.status, rsvp.party_size) == ("confirmed", 3)
    assert "Not Asked" not in str(Rsvp.objects.values())
    assert APIClient().get(f"/api/v1/events/{event.pk}/").json()["seats_left"] == 7
    manage = client.get(_manage_path_on(response))
    assert "Confirmed</strong> for 3 people" in manage.content.decode()
    assert rsvp.reference in manage.content.decode()


def test_a_full_head_count_event_waitlists_in_order(client):
    event = _headcount_event(capacity=2)
    first = rsvp_create_headcount(event=event, party_size=2).rsvp
    waiting = rsvp_create_headcount(event=event, party_size=1).rsvp
    response = client.post(f"/events/{event.pk}/rsvp/", {"party_size": "1"})
    assert response.status_code == 201
    assert "is <strong>number 2</strong> in line" in response.content.decode()
    assert [first.status, waiting.status] == ["confirmed", "waitlisted"]
    assert len({r.reference for r in Rsvp.objects.all()}) == 3


def test_the_api_takes_a_party_size_and_refuses_anything_naming_anyone():
    api = APIClient()
    event = _headcount_event(capacity=10)
    created = api.post(f"/api/v1/events/{event.pk}/rsvps/", {"party_size": 2}, format="json")
    assert created.status_code == 201
    body = created.json()
    token = body.pop("manage_token")
    reference = Rsvp.objects.get().reference
    assert body == {
        "event": event.pk,
        "status": "confirmed",
        "party_size": 2,
        "waitlist_position": None,
        "reference": reference,
        "manage_url": f"http://testserver/rsvp/{token}/",
    }
    mine = api.get(f"/api/v1/rsvps/{token}/").json()
    assert (mine["name"], mine["reference"], mine["party_size"]) == ("", reference, 2)
    refused = api.post(
        f"/api/v1/events/{event.pk}/rsvps/",
        {"party_size": 1, "name": "Ana", "email": "ana@example.org"},
        format="json",
    )
    assert (refused.status_code, refused.json()["errors"]) == (
        400,
        {
            "name": ["This event asks only how many people are coming: leave this out."],
            "email": ["This event asks only how many people are coming: leave this out."],
        },
    )
    assert Rsvp.objects.count() == 1


def test_officers_see_counts_not_people(client):
    officer = factories.user("officer")
    event = _headcount_event(officers=[officer], capacity=20)
    factories.rsvp(event, name="Ana Named")  # made before the event turned head-count
    counted = rsvp_create_headcount(event=event, party_size=3).rsvp
    client.force_login(officer)
    page = client.get(f"/officers/events/{event.pk}/attendance/").content.decode()
    assert f'Head count <span class="reference">{counted.reference}</span></span> ' in page
    assert '<span class="party">3 people</span>' in page
    csv_rows = client.get(f"/officers/events/{event.pk}/attendance.csv").content.decode()
    assert csv_rows.lstrip("\ufeff").splitlines()[2].split(",")[:7] == [
        "confirmed",
        "",
        "",
        counted.reference,
        "3",
        "",
        "",
    ]
    roster = APIClient()
    roster.force_authenticate(officer)
    rows = roster.get(f"/api/v1/events/{event.pk}/attendance/").json()["rsvps"]
    assert [(r["name"], r["reference"], r["email"], r["party_size"]) for r in rows] == [
        ("Ana Named", "", rows[0]["email"], 1),
        ("", counted.reference, None, 3),
    ]
    # Searching the roster finds a head count by its code.
    found = client.post(f"/officers/events/{event.pk}/attendance/", {"q": counted.reference})
    assert [r.pk for r in found.context["roster"].confirmed] == [counted.pk]


def test_an_email_added_later_brings_the_confirmation_and_reminders(client, mailoutbox):
    event = _headcount_event(title="Crisis Intervention: community session")
    path = _manage_path_on(client.post(f"/events/{event.pk}/rsvp/", {"party_size": "2"}))
    page = client.get(path).content.decode()
    assert 'name="email"' in page
    assert "Giving an e-mail address is up to you." in page

    added = client.post(f"{path}email/", {"email": "Lee.Park@example.org"})
    assert added.status_code == 200
    assert "We sent a confirmation to <strong" in added.content.decode()
    assert 'name="email"' not in added.content.decode()
    assert deliver_due() == ["sent"]
    [message] = messages_to(mailoutbox, "lee.park@example.org")
    assert "Hello neighbor, you're confirmed." in message.body
    rsvp = Rsvp.objects.get()
    assert client.get(manage_path(message)).context["rsvp"] == rsvp
    assert sorted(rsvp.notifications.values_list("kind", flat=True)) == [
        "confirmed",
        "reminder",
        "reminder",
    ]
    # An address is given once; the holder is told so whatever became of the first.
    again = client.post(f"{path}email/", {"email": "other@example.org"})
    assert again.status_code == 409
    assert again.context["email_form"].errors["__all__"] == [
        "An e-mail address was already given for this RSVP."
    ]


def _page_shape(response, rsvp, address) -> str:
    body = response.content.decode()
    varying = re.findall(r'/rsvp/([A-Za-z0-9_-]+)/|name="csrfmiddlewaretoken" value="(\w+)"', body)
    for private in (address, rsvp.reference, *[v for pair in varying for v in pair if v]):
        body = body.replace(private, "X")
    # Each RSVP's own door code (rsvp/door_code.py), as an image: the same for either answer.
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:X", body)


def test_adding_an_address_already_on_the_event_answers_and_works_alike(client, mailoutbox):
    """The holder of a head-count link could otherwise learn whether an address is on the
    list: the answer, the page after, and the work done are the same either way."""
    event = _headcount_event(title="Crisis Intervention")
    hers = rsvp_create_headcount(event=event, party_size=1)
    client.post(f"/rsvp/{hers.manage_token}/email/", {"email": "maria@example.org"})
    deliver_due()
    mailoutbox.clear()

    probes = {}
    for kind, address in (("on the list", "Maria@example.org"), ("new", "nobody@example.org")):
        probe = rsvp_create_headcount(event=event, party_size=1)
        with CaptureQueriesContext(connection) as ctx:
            answer = client.post(f"/rsvp/{probe.manage_token}/email/", {"email": address})
        later = client.get(f"/rsvp/{probe.manage_token}/")
        probes[kind] = (
            answer.status_code,
            _page_shape(answer, probe.rsvp, address),
            _page_shape(later, probe.rsvp, address),
            statements(ctx),
        )
    assert probes["on the list"] == probes["new"]
    assert deliver_due() == ["sent", "sent"]
    # Maria's mailbox got her own RSVP's link, and the probe stays without a mailbox.
    [message] = messages_to(mailoutbox, "maria@example.org")
    assert client.get(manage_path(message)).context["rsvp"].pk == hers.rsvp.pk
    assert list(Rsvp.objects.order_by("id").values_list("attendee__email", flat=True)) == [
        "maria@example.org",
        None,
        "nobody@example.org",
    ]


def test_the_mode_is_the_programs_unless_the_event_says_otherwise(client):
    counting = factories.program(default_rsvp_mode=RsvpMode.HEADCOUNT)
    naming = factories.program()
    venue, host = factories.venue(), factories.organization()
    start = timezone.now() + dt.timedelta(days=3)

    def fields(program, mode=""):
        event = event_create(
            title="T",
            program=program,
            venue=venue,
            host=host,
            start=start,
            end=start + dt.timedelta(hours=1),
            rsvp_mode=mode,
        )
        return _inputs(client.get(f"/events/{event.pk}/").content.decode())[1:]

    contact = ["name", "email", "phone", "sms_opt_in", "party_size"]
    # The accommodation requests' six kinds and the interpreter's language (accommodations/),
    # then the free text, which is the "other" request.
    contact += [*["accommodations"] * 6, "interpreter_language", "accessibility_needs"]
    assert fields(counting) == ["party_size"]
    assert fields(naming) == contact
    assert fields(counting, RsvpMode.CONTACT) == contact
    assert fields(naming, RsvpMode.HEADCOUNT) == ["party_size"]
    # A series' occurrences take its mode.
    series = series_create(
        title="S",
        program=naming,
        venue=venue,
        host=host,
        rrule="FREQ=WEEKLY;COUNT=2",
        start_date=timezone.localdate(start),
        start_time=dt.time(18, 30),
        duration=dt.timedelta(hours=1),
        rsvp_mode=RsvpMode.HEADCOUNT,
    )
    series_materialize(series=series)
    assert list(series.occurrences.values_list("rsvp_mode", flat=True)) == ["headcount"] * 2
