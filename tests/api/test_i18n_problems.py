"""API problems in the language the request asks for (Accept-Language, through Django's
LocaleMiddleware), saying which in Content-Language; `type` and `code` stay as they are.

The tests marked "catalog" compare with the project's catalogs (tests/i18n.py) and fail
until those have the translation.
"""

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework import exceptions

from tests import factories
from tests.i18n import translated, translated_plural

pytestmark = pytest.mark.django_db

ANA = {"name": "Ana Reyes", "email": "ana@example.org"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _rsvp(api, event, body, language):
    return api.post(
        f"/api/v1/events/{event.pk}/rsvps/",
        body,
        format="json",
        headers={"accept-language": language},
    )


def test_a_refusal_comes_in_spanish_when_asked_for(api):
    # catalog
    event = factories.event(status="cancelled")
    response = _rsvp(api, event, ANA, "es-MX,es;q=0.9,en;q=0.5")
    assert response.status_code == 409
    assert response["Content-Language"] == "es"
    assert response.json() == {
        "type": "urn:porchlight:problem:rsvp_closed",
        "title": translated("es", "Conflict"),
        "status": 409,
        "detail": translated("es", "This event has been cancelled."),
        "code": "rsvp_closed",
    }


def test_a_field_error_comes_in_vietnamese_with_its_plural(api):
    # catalog
    event = factories.event(max_party_size=2)
    response = _rsvp(api, event, {**ANA, "party_size": 5}, "vi")
    assert response.status_code == 400
    body = response.json()
    assert (body["title"], body["detail"], body["code"]) == (
        translated("vi", "Bad request"),
        translated("vi", "Some fields are not valid."),
        "party_too_large",
    )
    assert body["errors"] == {
        "party_size": [
            translated_plural(
                "vi",
                "At most %(count)d person per RSVP for this event.",
                "At most %(count)d people per RSVP for this event.",
                2,
                count=2,
            )
        ]
    }


def test_a_roster_refusal_comes_in_russian(client):
    # catalog
    event = factories.event()
    stranger = factories.user("partner", organization_=factories.organization())
    client.force_login(stranger)
    response = client.get(f"/api/v1/events/{event.pk}/attendance/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 403
    assert response.json()["detail"] == translated(
        "ru",
        "Only the officers assigned to this event, coordinators, and staff a coordinator "
        "granted its host's or partners' rosters may see it.",
    )


def test_an_unknown_event_is_not_found_in_chinese(api):
    # catalog
    response = api.get("/api/v1/events/999999/", headers={"accept-language": "zh-TW"})
    assert response.status_code == 404
    assert response["Content-Language"] == "zh-hant"
    assert (response.json()["title"], response.json()["detail"]) == (
        translated("zh-hant", "Not found"),
        translated("zh-hant", "No such event."),
    )


@pytest.mark.parametrize(
    ("accept", "language"),
    [("", "en"), ("es", "es"), ("zh-CN,zh;q=0.9", "zh-hans"), ("pa-IN", "pa"), ("de", "en")],
)
def test_every_answer_says_its_language(api, accept, language):
    headers = {"accept-language": accept} if accept else {}
    for response in (
        api.get("/api/v1/programs/", headers=headers),
        api.get("/api/v1/events/999999/", headers=headers),
    ):
        assert response["Content-Language"] == language
        assert "Accept-Language" in response["Vary"]


def test_drf_own_messages_follow_the_request_language(api):
    # DRF ships its own Spanish catalog: its words come in Spanish already.
    with translation.override("es"):
        expected = str(exceptions.MethodNotAllowed("PUT").detail)
    assert expected != 'Method "PUT" not allowed.'
    response = api.put("/api/v1/programs/", {}, format="json", headers={"accept-language": "es"})
    assert response.status_code == 405
    assert (response.json()["detail"], response.json()["code"]) == (expected, "method_not_allowed")


def test_without_a_language_asked_for_problems_stay_in_english(api):
    event = factories.event(status="cancelled")
    response = _rsvp(api, event, ANA, "")
    assert (response["Content-Language"], response.json()["title"]) == ("en", "Conflict")
    assert response.json()["detail"] == "This event has been cancelled."
