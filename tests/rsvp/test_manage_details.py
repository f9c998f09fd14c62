"""The manage page manages: a resident corrects their name, phone, text reminders and
needs, within the rules the services state (the same as the RSVP form's)."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from notifications.models import Notification
from rsvp.services import rsvp_create, rsvp_create_headcount, rsvp_details_refusal
from scheduler.models import Event
from tests import factories

pytestmark = pytest.mark.django_db(databases="__all__")


def _made(event=None, **kw):
    event = event or factories.event()
    program = event.program
    program.reminder_offsets_minutes = [1440]
    program.save()
    result = rsvp_create(event=event, name="Ana Ruiz", email="ana@example.org", **kw)
    return result.rsvp, result.manage_token


def _details(**kw):
    return {"name": "Ana María Ruiz", "phone": "", "accessibility_needs": "", **kw}


def test_a_resident_corrects_their_name_and_needs_and_sees_it_took(client):
    rsvp, token = _made()
    response = client.post(
        f"/rsvp/{token}/details/",
        _details(name="  Ana   María Ruiz ", accessibility_needs="A seat near the door"),
    )
    assert (response.status_code, response["Location"]) == (
        302,
        f"/rsvp/{token}/?updated=details#details",
    )
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.accessibility_needs) == ("Ana María Ruiz", "A seat near the door")
    page = client.get(response["Location"]).content.decode()
    assert "Your details are updated." in page
    assert 'value="Ana María Ruiz"' in page
    assert ">\nA seat near the door</textarea>" in page


def test_texts_turned_on_from_the_page_start_at_once_and_get_their_reminders(client):
    rsvp, token = _made()
    reminders = Notification.objects.filter(rsvp=rsvp, kind="reminder")
    assert sorted(reminders.values_list("channel", flat=True)) == ["email"]

    client.post(f"/rsvp/{token}/details/", _details(phone="503-555-0100", sms_opt_in="on"))
    rsvp.refresh_from_db()
    assert (rsvp.phone, rsvp.sms_opt_in, rsvp.texts_confirmed_at is not None) == (
        "+15035550100",
        True,
        True,
    )
    assert sorted(reminders.values_list("channel", flat=True)) == ["email", "sms"]
    page = client.get(f"/rsvp/{token}/").content.decode()
    assert "Text reminders go to the number ending in 00." in page

    # Unticked: no more texts (the planned one is skipped when it falls due).
    client.post(f"/rsvp/{token}/details/", _details(phone="503-555-0100"))
    rsvp.refresh_from_db()
    assert (rsvp.sms_opt_in, rsvp.texts_confirmed_at) == (False, None)


def test_the_number_is_never_shown_whole_and_is_kept_or_dropped_with_the_texts(client):
    rsvp, token = _made(phone="+15035550100", sms_opt_in=True)
    page = client.get(f"/rsvp/{token}/").content.decode()
    assert "5550100" not in page
    assert "Leave empty to keep the number ending in 00 while texts are on." in page
    # Left empty with texts on: the number stays (and the texts start).
    client.post(f"/rsvp/{token}/details/", _details(name="Ana Ruiz", sms_opt_in="on"))
    rsvp.refresh_from_db()
    assert (rsvp.phone, rsvp.texts_confirmed_at is not None) == ("+15035550100", True)
    # Left empty with texts off: it is kept for nothing else, so it goes.
    client.post(f"/rsvp/{token}/details/", _details(name="Ana Ruiz"))
    rsvp.refresh_from_db()
    assert (rsvp.phone, rsvp.sms_opt_in, rsvp.texts_confirmed_at) == ("", False, None)


def test_a_new_number_needs_no_second_step_but_keeps_the_old_one_off(client):
    rsvp, token = _made(phone="+15035550100", sms_opt_in=True)
    assert rsvp.texts_confirmed_at is None  # asked for with the RSVP form: not yet on
    client.post(f"/rsvp/{token}/details/", _details(phone="+15035550199", sms_opt_in="on"))
    rsvp.refresh_from_db()
    assert (rsvp.phone, rsvp.texts_confirmed_at is not None) == ("+15035550199", True)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_details(name="   "), "name", "Please tell us your name."),
        (
            _details(phone="12"),
            "phone",
            "Enter a phone number we can text or call, like 503-555-0100.",
        ),
        (
            _details(sms_opt_in="on"),
            "phone",
            "Enter a phone number for text reminders, or untick the box.",
        ),
        (_details(accessibility_needs="x" * 1001), "accessibility_needs", "Please keep this to"),
    ],
)
def test_bad_details_are_refused_in_place_and_change_nothing(client, data, field, message):
    rsvp, token = _made()
    response = client.post(f"/rsvp/{token}/details/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#id_{field}">' in body  # the error summary links to the field
    assert f'id="id_{field}_error">{message}' in body
    assert 'aria-invalid="true"' in body
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.phone, rsvp.accessibility_needs) == ("Ana Ruiz", "", "")


def test_no_corrections_once_the_event_started_nor_for_a_cancelled_rsvp(client):
    rsvp, token = _made()
    assert rsvp_details_refusal(rsvp) is None
    now = timezone.now()
    Event.objects.filter(pk=rsvp.event_id).update(
        start=now - dt.timedelta(minutes=5), end=now + dt.timedelta(hours=1)
    )
    page = client.get(f"/rsvp/{token}/").content.decode()
    assert 'action="/rsvp/' + token + '/details/#details"' not in page
    response = client.post(f"/rsvp/{token}/details/", _details())
    assert response.status_code == 409
    assert (
        "This event has already started, so the RSVP can no longer be changed."
        in response.content.decode()
    )
    rsvp.refresh_from_db()
    assert rsvp.name == "Ana Ruiz"


def test_a_head_count_rsvp_has_no_details_form(client):
    event = factories.event(rsvp_mode="headcount")
    result = rsvp_create_headcount(event=event, party_size=2)
    page = client.get(f"/rsvp/{result.manage_token}/").content.decode()
    assert "/details/" not in page
    response = client.post(f"/rsvp/{result.manage_token}/details/", _details())
    assert response.status_code == 409
    assert "A head-count RSVP has no name or phone to change." in response.content.decode()


def test_the_details_form_is_in_the_residents_language(client):
    rsvp, token = _made(language="es")
    page = client.get(f"/rsvp/{token}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    with translation.override("es"):
        assert gettext("Your details") == "Sus datos"
        assert gettext("Your details") in page
        assert gettext("Save my details") in page


def test_an_unknown_link_offers_to_email_the_links(client):
    response = client.get("/rsvp/not-a-real-token/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'href="/rsvp/links/"' in body
