"""Unlisted events are reached only by their link (Event.share_key), never by counting ids:
the page, the RSVP form, the .ics download, the API; public events keep their id URLs."""

import re

import pytest
from rest_framework.test import APIClient

from rsvp.models import Rsvp
from scheduler.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

FORM = {"name": "Ana Ruiz", "email": "ana@example.org", "party_size": "1"}


@pytest.fixture
def unlisted():
    return factories.event(title="Family night (invitation)", visibility="unlisted")


def test_share_keys_are_long_random_and_each_events_own():
    events = [factories.event(visibility="unlisted") for _ in range(20)]
    keys = [e.share_key for e in events]
    assert len(set(keys)) == 20
    # 24 random bytes: 192 bits, in 32 URL-safe characters.
    assert {len(k) for k in keys} == {32}
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", k) for k in keys)


def test_an_unlisted_event_is_found_by_its_link_and_not_by_its_id(client, unlisted):
    by_key = client.get(f"/events/{unlisted.share_key}/")
    assert by_key.status_code == 200
    assert f'action="/events/{unlisted.share_key}/rsvp/#rsvp"' in by_key.content.decode()
    assert unlisted.get_absolute_url() == f"/events/{unlisted.share_key}/"
    assert client.get(f"/events/{unlisted.pk}/").status_code == 404
    assert client.post(f"/events/{unlisted.pk}/rsvp/", FORM).status_code == 404
    assert client.get(f"/events/{'A' * 32}/").status_code == 404
    assert Rsvp.objects.count() == 0


def test_rsvp_to_an_unlisted_event_through_its_link(client, unlisted):
    response = client.post(f"/events/{unlisted.share_key}/rsvp/", FORM)
    # 202: the outcome goes to the mailbox (docs/design-privacy.md).
    assert response.status_code == 202
    assert list(Rsvp.objects.values_list("event_id", "status")) == [(unlisted.pk, "confirmed")]


def test_a_public_event_keeps_its_id_url(client):
    public = factories.event()
    assert public.get_absolute_url() == f"/events/{public.pk}/"
    assert public.ics_path == f"/calendar/events/{public.pk}.ics"
    assert client.get(f"/events/{public.pk}/").status_code == 200


def test_by_id_an_unlisted_event_is_shown_only_to_staff_who_may_see_its_roster(client, unlisted):
    officer = factories.user("officer")
    unlisted.officers.add(officer)
    answers = {}
    for who, user in [
        ("coordinator", factories.user("coordinator")),
        ("its officer", officer),
        ("another officer", factories.user("officer")),
        ("signed-in resident", factories.user()),
    ]:
        client.force_login(user)
        answers[who] = client.get(f"/events/{unlisted.pk}/").status_code
    assert answers == {
        "coordinator": 200,
        "its officer": 200,
        "another officer": 404,
        "signed-in resident": 404,
    }


def test_the_api_finds_an_unlisted_event_by_its_key_only(unlisted):
    api = APIClient()
    assert api.get(f"/api/v1/events/{unlisted.pk}/").status_code == 404
    assert api.post(f"/api/v1/events/{unlisted.pk}/rsvps/", FORM, format="json").status_code == 404
    assert api.get(f"/api/v1/events/{unlisted.share_key}/").status_code == 200
    created = api.post(f"/api/v1/events/{unlisted.share_key}/rsvps/", FORM, format="json")
    assert created.status_code == 202
    assert created.json()["event"] == unlisted.pk
    # The public list never names it.
    assert [e["title"] for e in api.get("/api/v1/events/").json()["results"]] == []


def test_links_in_notices_and_feeds_name_an_unlisted_event_by_its_key(unlisted):
    # Notices (templates/notifications/email) and feeds (scheduler/feeds/builder.py) link
    # to event.absolute_url and .ics_url.
    assert (unlisted.absolute_url, unlisted.ics_url) == (
        f"http://testserver/events/{unlisted.share_key}/",
        f"http://testserver/calendar/events/{unlisted.share_key}.ics",
    )


def test_the_admin_shows_coordinators_the_link_to_give_out(client, unlisted):
    client.force_login(factories.user("coordinator", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/scheduler/event/{unlisted.pk}/change/").content.decode()
    assert f"http://testserver/events/{unlisted.share_key}/" in page
    assert Event.objects.get(pk=unlisted.pk).share_key == unlisted.share_key
