"""A partner's event that is not published (a draft, submitted, sent back, declined) shows in
no public page, feed, API list or detail, search, calendar download or RSVP form; the same
event once approved shows in each of them."""

import datetime as dt

import pytest
from django.utils import timezone

from scheduler.models import Event, Review
from scheduler.services import officer_feed_token_rotate
from tests import factories
from tests.scheduler.feeds_support import vevents

pytestmark = pytest.mark.django_db

HIDDEN = [Review.DRAFT, Review.SUBMITTED, Review.CHANGES_REQUESTED, Review.DECLINED]
TITLE = "Partner bike rodeo"


@pytest.fixture
def pair():
    """A published event and a partner's one, same program, host and place."""
    program = factories.program(slug="youth")
    host = factories.organization(slug="riverside-ymca")
    venue = factories.venue()
    officer = factories.user("officer")
    start = timezone.now() + dt.timedelta(days=5)
    common = {"program": program, "host": host, "venue": venue, "officers": [officer]}
    shown = factories.event(title="Published walk", start=start, **common)
    proposal = factories.event(title=TITLE, start=start + dt.timedelta(hours=3), **common)
    return shown, proposal, officer


def _review(event: Event, review: str) -> None:
    Event.objects.filter(pk=event.pk).update(review=review)


def _titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def _feed_titles(body: bytes) -> list[str]:
    return [str(vevent["SUMMARY"]) for vevent in vevents(body)]


@pytest.mark.parametrize("review", HIDDEN)
def test_home_page_and_its_search(client, pair, review):
    shown, proposal, _ = pair
    _review(proposal, review)
    assert _titles(client.get("/")) == ["Published walk"]
    assert _titles(client.get("/", {"q": "rodeo"})) == []
    assert _titles(client.get("/", {"program": "youth"})) == ["Published walk"]
    assert _titles(client.get("/", {"organization": "riverside-ymca"})) == ["Published walk"]


@pytest.mark.parametrize("review", HIDDEN)
def test_event_page_by_id_and_by_key_and_its_rsvp_form(client, pair, review):
    _, proposal, _ = pair
    _review(proposal, review)
    assert client.get(f"/events/{proposal.pk}/").status_code == 404
    assert client.get(f"/events/{proposal.share_key}/").status_code == 404
    answer = client.post(
        f"/events/{proposal.pk}/rsvp/", {"name": "Ana", "email": "a@example.org", "party_size": 1}
    )
    assert answer.status_code == 404
    assert proposal.rsvps.count() == 0


@pytest.mark.parametrize("review", HIDDEN)
def test_coordinators_see_it_in_the_officer_area_not_on_the_public_page(client, pair, review):
    _, proposal, _ = pair
    _review(proposal, review)
    client.force_login(factories.user("coordinator"))
    assert client.get(f"/events/{proposal.pk}/").status_code == 404
    assert client.get(f"/officers/proposals/{proposal.pk}/").status_code == 200


@pytest.mark.parametrize("review", HIDDEN)
def test_calendar_feeds(client, pair, review):
    shown, proposal, officer = pair
    _review(proposal, review)
    for path in (
        "/calendar/events.ics",
        "/calendar/programs/youth.ics",
        "/calendar/organizations/riverside-ymca.ics",
        f"/calendar/officers/{officer_feed_token_rotate(user=officer)}.ics",
    ):
        response = client.get(path)
        assert (path, response.status_code, _feed_titles(response.content)) == (
            path,
            200,
            ["Published walk"],
        )
    assert client.get(f"/calendar/events/{proposal.pk}.ics").status_code == 404
    assert client.get(f"/calendar/events/{proposal.share_key}.ics").status_code == 404


@pytest.mark.parametrize("review", HIDDEN)
def test_api_list_detail_key_and_rsvps(client, pair, review):
    _, proposal, _ = pair
    _review(proposal, review)
    listed = client.get("/api/v1/events/").json()
    assert [row["title"] for row in listed["results"]] == ["Published walk"]
    assert [row["title"] for row in client.get("/api/v1/events/?q=rodeo").json()["results"]] == []
    assert client.get(f"/api/v1/events/{proposal.pk}/").status_code == 404
    assert client.get(f"/api/v1/events/{proposal.share_key}/").status_code == 404
    answer = client.post(
        f"/api/v1/events/{proposal.pk}/rsvps/",
        {"name": "Ana", "email": "a@example.org", "party_size": 1},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert proposal.rsvps.count() == 0


def test_there_is_no_sitemap_to_leak_it(client):
    """No sitemap is served; one added later must start from Event.objects.public()."""
    assert client.get("/sitemap.xml").status_code == 404


def test_once_published_it_shows_everywhere(client, pair):
    shown, proposal, officer = pair
    _review(proposal, Review.PUBLISHED)
    both = ["Published walk", TITLE]
    assert _titles(client.get("/")) == both
    assert _titles(client.get("/", {"q": "rodeo"})) == [TITLE]
    assert client.get(f"/events/{proposal.pk}/").status_code == 200
    assert _feed_titles(client.get("/calendar/events.ics").content) == both
    assert client.get(f"/calendar/events/{proposal.pk}.ics").status_code == 200
    assert [r["title"] for r in client.get("/api/v1/events/").json()["results"]] == both
    assert client.get(f"/api/v1/events/{proposal.pk}/").status_code == 200
