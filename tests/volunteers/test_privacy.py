"""Volunteers' names and addresses never reach a public page, feed or API answer; the API
lists an event's roles with their places left; the retention purge erases volunteers."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from config.logging import redact
from notifications.models import Notification
from privacy.services import retention_purge
from tests import factories
from tests.mail import deliver_due
from tests.volunteers.helpers import form, manage_path, role, served, signup
from volunteers.models import VolunteerLink, VolunteerSignup

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Zephyrine Quillfeather", "zephyrine.q@example.org", "+15035550177"


def test_public_pages_feeds_and_the_api_show_no_volunteer_name_or_address(client):
    event = factories.event(title="Block Watch Meeting", capacity=20)
    captain = role(event, name="Block captain", capacity=2, description="Walk your block.")
    response = client.post(
        f"/events/{event.pk}/volunteer/", form(captain, name=NAME, email=EMAIL, phone=PHONE)
    )
    assert response.status_code == 202
    assert VolunteerSignup.objects.get().name == NAME

    public = [
        "/",
        f"/events/{event.pk}/",
        f"/events/{event.pk}/volunteer/",
        "/calendar/events.ics",
        f"/calendar/events/{event.pk}.ics",
        "/api/v1/events/",
        f"/api/v1/events/{event.pk}/",
    ]
    for url in public:
        answer = client.get(url)
        assert answer.status_code == 200, url
        body = answer.content.decode()
        assert (NAME in body, EMAIL in body, PHONE in body, "Zephyrine" in body) == (
            False,
            False,
            False,
            False,
        ), url
    # What the API says of the roles: counts only.
    roles = client.get(f"/api/v1/events/{event.pk}/").json()["volunteer_roles"]
    assert roles == [
        {
            "id": captain.pk,
            "name": "Block captain",
            "description": "Walk your block.",
            "capacity": 2,
            "seats_left": 1,
            "hours": "1.00",
            "shift_start": None,
            "shift_end": None,
        }
    ]
    # The role's name in the reader's language, as the event's texts.
    captain.name_es = "Capitán de cuadra"
    captain.save()
    es = client.get(f"/api/v1/events/{event.pk}/?lang=es").json()["volunteer_roles"]
    assert es[0]["name"] == "Capitán de cuadra"


def test_the_manage_link_is_redacted_in_logs():
    signup_ = signup(role(factories.event()))
    assert signup_.pk
    token = "Zq3_xY-9aBcDeFgHiJkLmNoPqRsTuVwX"
    assert redact(f"GET /volunteer/{token}/ HTTP/1.1") == "GET /volunteer/[token]/ HTTP/1.1"
    assert redact(f"POST /volunteer/{token}/withdraw/") == "POST /volunteer/[token]/withdraw/"
    assert redact(f"POST /events/{token}/volunteer/") == "POST /events/[key]/volunteer/"
    assert redact("POST /events/12/volunteer/") == "POST /events/12/volunteer/"
    assert (
        redact("POST /officers/events/12/volunteers/5/served/")
        == "POST /officers/events/12/volunteers/5/served/"
    )


def test_an_unlisted_events_roles_are_reached_by_its_share_key_only(client):
    event = factories.event(visibility="unlisted")
    host = role(event)
    assert client.get(f"/events/{event.pk}/volunteer/").status_code == 404
    page = client.get(f"/events/{event.share_key}/").content.decode()
    assert f'action="/events/{event.share_key}/volunteer/#volunteer"' in page
    response = client.post(f"/events/{event.share_key}/volunteer/", form(host))
    assert response.status_code == 202


def test_the_purge_erases_volunteers_past_retention_and_keeps_their_hours(client, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "RETENTION_DAYS": 90}
    now = timezone.now()
    start = now - dt.timedelta(days=100)
    old = factories.event(start=start, end=start + dt.timedelta(hours=2))
    recent = factories.event(start=now - dt.timedelta(days=10))
    upcoming = factories.event()

    # A link and a notice through the real path, for the event that will be purged.
    placed_up = client.post(f"/events/{upcoming.pk}/volunteer/", form(role(upcoming)))
    assert placed_up.status_code == 202
    deliver_due()
    old_role = role(old)
    kept_hours = served(old_role, "2.00", name=NAME, email=EMAIL, phone=PHONE)
    VolunteerLink.objects.create(signup=kept_hours, token_hash="a" * 64)
    Notification.objects.create(
        kind="volunteer_confirmed", volunteer=kept_hours, due_at=start, dedupe_key="t:old"
    )
    recent_one = signup(role(recent), name="Recent Person")

    result = retention_purge(now=now)
    assert result.event_ids == [old.pk]
    kept_hours.refresh_from_db()
    assert (kept_hours.name, kept_hours.email, kept_hours.phone) == ("", "", "")
    assert kept_hours.erased_at is not None
    assert str(kept_hours.hours) == "2.00"  # counts outlive the names
    assert VolunteerLink.objects.filter(signup=kept_hours).count() == 0
    assert Notification.objects.filter(volunteer=kept_hours).count() == 0
    recent_one.refresh_from_db()
    assert (recent_one.name, recent_one.erased_at) == ("Recent Person", None)
    # The upcoming event's volunteer keeps a working link.
    assert client.get(manage_path(mail.outbox[0])).status_code == 200
    assert retention_purge(now=now).event_ids == []
