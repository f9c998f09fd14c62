"""Volunteer roles from a resident's side: sign up from the event page without an account,
the confirmation and its manage link, withdrawing, a full role, and the seats untouched."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from notifications.email import notice_language
from notifications.models import VOLUNTEER_KINDS, Notification
from rsvp.models import Rsvp
from rsvp.services import rsvp_create
from tests import factories
from tests.mail import deliver_due
from tests.same_answer import unmasked
from tests.volunteers.helpers import form, manage_path, role, signup
from volunteers.errors import VolunteerError
from volunteers.models import VolunteerLink, VolunteerSignup
from volunteers.services import volunteer_served_mark, volunteer_signup, volunteer_withdraw

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def test_sign_up_from_the_event_page_then_withdraw_by_the_e_mailed_link(client):
    event = factories.event(title="Night Walk", capacity=10)
    host = role(event, name="Host", capacity=2, description="Welcome the neighbors.")

    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'id="volunteer-title"' in page
    assert "Host — 2 places left" in page
    assert f'action="/events/{event.pk}/volunteer/#volunteer"' in page

    response = client.post(
        f"/events/{event.pk}/volunteer/",
        form(host, name="Lena Park", email=" Lena@Example.org ", phone="503-555-0100"),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 202
    [placed] = VolunteerSignup.objects.all()
    assert (placed.role, placed.name, placed.email, placed.phone, placed.language) == (
        host,
        "Lena Park",
        "lena@example.org",
        "+15035550100",
        "es",
    )
    [notice] = Notification.objects.filter(volunteer=placed)
    assert (notice.kind, notice.state, notice.event_id, notice.attendee_id) == (
        Kind.VOLUNTEER_CONFIRMED,
        "pending",
        None,
        None,
    )
    assert notice_language(notice) == "es"
    assert VolunteerLink.objects.filter(signup=placed).count() == 1

    assert deliver_due() == ["sent"]
    [message] = mail.outbox
    assert message.to == ["lena@example.org"]
    assert message.attachments == []  # a role is not a seat: no calendar invitation
    path = manage_path(message)
    # Only the token's hash is kept.
    token = path.split("/")[2]
    assert not VolunteerLink.objects.filter(token_hash=token).exists()

    manage = client.get(path)
    assert manage.status_code == 200
    assert manage["Cache-Control"] == "no-store"
    assert manage["Referrer-Policy"] == "no-referrer"
    assert "Host" in manage.content.decode()

    assert client.post(f"{path}withdraw/").status_code == 302
    placed.refresh_from_db()
    assert placed.withdrawn_at is not None
    assert list(
        Notification.objects.filter(volunteer=placed).order_by("id").values_list("kind", flat=True)
    ) == [Kind.VOLUNTEER_CONFIRMED, Kind.VOLUNTEER_WITHDRAWN]
    assert deliver_due() == ["sent"]
    assert len(mail.outbox) == 2
    # The place is free again at once.
    assert "Host — 2 places left" in client.get(f"/events/{event.pk}/").content.decode()
    assert "Withdrawn." in client.get(path).content.decode()
    assert client.post(f"{path}withdraw/").status_code == 302  # twice: nothing more
    assert Notification.objects.filter(volunteer=placed).count() == 2


def test_the_same_address_again_gets_the_same_answer_and_its_link_by_e_mail(client):
    event = factories.event()
    greeter = role(event, capacity=5)
    first = client.post(f"/events/{event.pk}/volunteer/", form(greeter))
    again = client.post(f"/events/{event.pk}/volunteer/", form(greeter, name="Someone Else"))
    assert (first.status_code, again.status_code) == (202, 202)
    assert unmasked(first.content.decode()) == unmasked(again.content.decode())
    [placed] = VolunteerSignup.objects.all()
    assert placed.name == "Lena Park"  # nothing typed the second time is kept
    assert list(Notification.objects.order_by("id").values_list("kind", flat=True)) == [
        Kind.VOLUNTEER_CONFIRMED,
        Kind.VOLUNTEER_LINK,
    ]
    assert deliver_due() == ["sent", "sent"]
    assert [manage_path(m) for m in mail.outbox][0] != manage_path(mail.outbox[1])
    assert client.get(manage_path(mail.outbox[1])).status_code == 200


def test_a_full_role_is_refused_with_a_clear_message(client):
    event = factories.event()
    crew = role(event, name="Set-up crew", capacity=1)
    signup(crew)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Set-up crew — full" in page
    response = client.post(f"/events/{event.pk}/volunteer/", form(crew))
    assert response.status_code == 409
    assert (
        "Every place for “Set-up crew” is taken. Thank you for offering: please choose another "
        "role, or come as a guest." in response.content.decode()
    )
    assert VolunteerSignup.objects.count() == 1
    assert Notification.objects.count() == 0
    with pytest.raises(VolunteerError) as refused:
        volunteer_signup(role=crew, name="Ana Ruiz", email="ana@example.org")
    assert refused.value.code == "role_full"


@pytest.mark.parametrize(
    "data, status, error",
    [
        ({"name": ""}, 400, "Please tell us your name."),
        ({"email": "not-an-address"}, 400, "Enter a valid email address."),
        ({"role": "999999"}, 400, "Please choose one of the roles listed."),
        ({"role": ""}, 400, "Please choose a role."),
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, data, status, error):
    event = factories.event()
    host = role(event)
    response = client.post(f"/events/{event.pk}/volunteer/", form(host, **data))
    assert response.status_code == status
    assert error in response.content.decode()
    assert VolunteerSignup.objects.count() == 0


def test_no_sign_up_once_the_event_started_or_was_cancelled(client):
    started = factories.event(start=timezone.now() - dt.timedelta(minutes=5))
    cancelled = factories.event(status="cancelled")
    for event, words in [
        (started, "Volunteer sign-ups for this event are closed."),
        (cancelled, "This event has been cancelled."),
    ]:
        host = role(event)
        response = client.post(f"/events/{event.pk}/volunteer/", form(host))
        assert (response.status_code, words in response.content.decode()) == (409, True)
    assert VolunteerSignup.objects.count() == 0
    assert client.get(f"/events/{factories.event().pk}/volunteer/").status_code == 404


def test_volunteer_places_take_no_seat_and_leave_the_rsvp_rules_alone():
    event = factories.event(capacity=2, max_party_size=2)
    host = role(event, capacity=3)
    for i in range(3):
        volunteer_signup(role=host, name=f"V {i}", email=f"v{i}@example.org")
    event.refresh_from_db()
    assert (event.capacity, event.seats_left) == (2, 2)
    # The same address volunteering and RSVPing: one seat rule, the RSVP's.
    first = rsvp_create(event=event, email="v0@example.org", name="V 0", party_size=2)
    second = rsvp_create(event=event, email="other@example.org", name="Other", party_size=1)
    assert (first.rsvp.status, second.rsvp.status) == (
        Rsvp.Status.CONFIRMED,
        Rsvp.Status.WAITLISTED,
    )
    # A withdrawn volunteer frees a role's place, never a seat.
    volunteer_withdraw(signup=VolunteerSignup.objects.get(email="v1@example.org"))
    second.rsvp.refresh_from_db()
    assert second.rsvp.status == Rsvp.Status.WAITLISTED
    assert Rsvp.objects.filter(event=event).count() == 2
    assert {n.kind for n in Notification.objects.filter(volunteer__isnull=False)} <= set(
        VOLUNTEER_KINDS
    )


def test_officers_of_the_event_mark_volunteers_served_with_the_shifts_hours(client):
    officer = factories.user("officer")
    stranger = factories.user("officer")
    start = timezone.now() - dt.timedelta(hours=1)
    event = factories.event(officers=[officer], start=start, end=start + dt.timedelta(hours=2))
    greeter = role(event, name="Greeter", hours=Decimal("1.50"))
    crew = role(event, name="Crew", shift_start=start, shift_end=start + dt.timedelta(minutes=45))
    host = role(event, name="Host")  # the event's two hours
    a, b, c = signup(greeter), signup(crew), signup(host)

    client.force_login(stranger)
    assert client.post(f"/officers/events/{event.pk}/volunteers/{a.pk}/served/").status_code == 403
    client.force_login(officer)
    for s in (a, b, c):
        response = client.post(f"/officers/events/{event.pk}/volunteers/{s.pk}/served/")
        assert response.status_code == 302
        assert response["Location"] == f"/officers/events/{event.pk}/attendance/#volunteers"
    hours = [VolunteerSignup.objects.get(pk=s.pk).hours for s in (a, b, c)]
    assert hours == [Decimal("1.50"), Decimal("0.75"), Decimal("2.00")]
    assert VolunteerSignup.objects.get(pk=a.pk).served_by == officer
    client.post(f"/officers/events/{event.pk}/volunteers/{a.pk}/served/", {"action": "undo"})
    assert VolunteerSignup.objects.get(pk=a.pk).served_at is None
    # Another event's volunteer is not found through this one.
    other = signup(role(factories.event(officers=[officer])))
    assert (
        client.post(f"/officers/events/{event.pk}/volunteers/{other.pk}/served/").status_code == 404
    )


def test_a_shift_not_started_yet_cannot_be_marked_served():
    officer = factories.user("officer")
    event = factories.event(officers=[officer])
    placed = signup(role(event))
    with pytest.raises(VolunteerError) as refused:
        volunteer_served_mark(signup=placed, by=officer)
    assert refused.value.message == "A shift can be marked as served once it has started."
