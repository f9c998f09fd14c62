import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.models import TokenScope
from rsvp.models import Attendee, Rsvp, token_hash
from scheduler.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

ANA = {"name": "  Ana   Reyes ", "email": "Ana@Example.org", "phone": "(503) 555-0100"}
ACCEPTED = (
    "Thank you. Whether you have a seat or a place on the waitlist, and your link to change "
    "or cancel, are on their way to the e-mail address you gave (sent_to)."
)


@pytest.fixture
def trusted():
    """A partner's kiosk: its token has the rsvp:manage-links scope."""
    user = factories.user("partner", organization_=factories.organization())
    auth_token, token = AuthToken.objects.create(user=user)
    TokenScope.objects.create(token=auth_token, scope=TokenScope.Scope.RSVP_MANAGE_LINKS)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _post(api, event, body, **headers):
    return api.post(f"/api/v1/events/{event.pk}/rsvps/", body, format="json", headers=headers)


def test_rsvp_post_answers_202_and_sends_the_link_to_the_mailbox(api):
    event = factories.event(capacity=10)
    response = _post(api, event, {**ANA, "party_size": 2})
    assert (response.status_code, response.json()) == (
        202,
        {"event": event.pk, "sent_to": "Ana@Example.org", "detail": ACCEPTED},
    )
    rsvp = Rsvp.objects.get()
    assert (rsvp.name, rsvp.attendee.email, rsvp.phone, rsvp.status) == (
        "Ana Reyes",
        "ana@example.org",
        "+15035550100",
        "confirmed",
    )
    assert list(rsvp.notifications.filter(kind="confirmed").values_list("state", flat=True)) == [
        "pending"
    ]


def test_a_trusted_client_gets_the_new_rsvps_token_once(trusted):
    event = factories.event(capacity=10)
    response = _post(trusted, event, {**ANA, "party_size": 2})
    assert response.status_code == 201
    body = response.json()
    token = body.pop("manage_token")
    assert body == {
        "event": event.pk,
        "status": "confirmed",
        "party_size": 2,
        "waitlist_position": None,
        "reference": "",
        "manage_url": f"http://testserver/rsvp/{token}/",
    }
    # The personal feed (every RSVP of this address) is never handed to the submitter.
    assert "calendar/me" not in response.content.decode()
    assert Rsvp.objects.get().manage_token_hash == token_hash(token)
    # A repeat gives no link even to a trusted client: it could take over someone's RSVP.
    repeat = _post(trusted, event, {**ANA, "party_size": 3})
    assert (repeat.status_code, repeat.json()["detail"]) == (202, ACCEPTED)


def test_a_token_without_the_scope_is_answered_as_anyone(token_client):
    staff = token_client(factories.user("coordinator"))
    response = _post(staff, factories.event(), ANA)
    assert (response.status_code, sorted(response.json())) == (202, ["detail", "event", "sent_to"])


def test_api_token_command_grants_the_scope(capsys):
    from django.core.management import call_command

    user = factories.user("partner", organization_=factories.organization())
    call_command("api_token", user.username, "--scope", "rsvp:manage-links")
    call_command("api_token", user.username)
    first, plain = capsys.readouterr().out.split()
    assert [
        list(t.scopes.values_list("scope", flat=True))
        for t in AuthToken.objects.order_by("created")
    ] == [
        ["rsvp:manage-links"],
        [],
    ]
    event = factories.event()
    for key, code in ((first, 201), (plain, 202)):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert _post(client, event, {**ANA, "email": f"{code}@example.org"}).status_code == code


def test_rsvp_post_waitlists_a_party_that_does_not_fit(trusted):
    event = factories.event(capacity=3)
    factories.rsvp(event, party_size=2)
    factories.rsvp(event, status="waitlisted")
    body = _post(trusted, event, {**ANA, "party_size": 2}).json()
    assert (body["status"], body["waitlist_position"]) == ("waitlisted", 2)


def test_rsvp_repeat_for_same_email_is_202_like_a_new_one(api):
    event = factories.event()
    first = _post(api, event, ANA)
    repeat = _post(api, event, {**ANA, "email": "ANA@example.org", "party_size": 3})
    assert (first.status_code, repeat.status_code) == (202, 202)
    assert repeat.json() == {"event": event.pk, "sent_to": "ANA@example.org", "detail": ACCEPTED}
    assert [r.party_size for r in Rsvp.objects.all()] == [1]


def test_rsvp_field_errors_are_400_problems_per_field(api):
    event = factories.event(max_party_size=4)
    response = _post(api, event, {"name": "   ", "email": "nope", "phone": "12", "party_size": 0})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["code"]) == (400, "invalid")
    assert body["errors"] == {
        "name": ["Please tell us your name."],
        "email": ["Enter a valid email address."],
        "phone": ["Enter a phone number we can text or call, like 503-555-0100."],
        "party_size": ["A party is at least one person."],
    }
    # Too large for this event is refused with the other field errors, as by the form.
    too_big = _post(api, event, {**ANA, "name": "", "party_size": 5}).json()
    assert (too_big["status"], too_big["code"], too_big["errors"]) == (
        400,
        "invalid",
        {
            "name": ["Please tell us your name."],
            "party_size": ["At most 4 people per RSVP for this event."],
        },
    )
    # Alone, it keeps the problem code the service gave before the rules were shared.
    alone = _post(api, event, {**ANA, "party_size": 5}).json()
    assert (alone["status"], alone["code"], alone["errors"]) == (
        400,
        "party_too_large",
        {"party_size": ["At most 4 people per RSVP for this event."]},
    )
    assert Rsvp.objects.count() == 0


def test_rsvp_to_cancelled_event_is_409_with_code(api):
    event = factories.event(status="cancelled")
    response = _post(api, event, ANA)
    assert response.status_code == 409
    assert response.json() == {
        "type": "urn:porchlight:problem:rsvp_closed",
        "title": "Conflict",
        "status": 409,
        "detail": "This event has been cancelled.",
        "code": "rsvp_closed",
    }


def test_rsvp_to_unknown_event_is_404(api):
    response = api.post("/api/v1/events/987654/rsvps/", ANA, format="json")
    assert (response.status_code, response.json()["detail"]) == (404, "No such event.")


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "[1, 2]",
        '"just a string"',
        "null",
        '{"name": "Ana", "email": "a@example.org", "party_size": "two"}',
        '{"name": "Ana", "email": "a@example.org", "party_size": 1e400}',
        '{"name": "Ana", "email": "a@example.org", "party_size": NaN}',
        '{"name": "Ana", "email": "a@example.org", "party_size": 99999999999999999999999999}',
        '{"name": "Ana", "email": "a@example.org", "party_size": 1' + "0" * 5000 + "}",
        '{"name": "Ana\\u0000", "email": "a@example.org"}',
        '{"name": "\\ud800", "email": "a@example.org"}',
        '{"name\\udfff": "x", "email": "a@example.org"}',
        '{"name": ["Ana"], "email": {"a": 1}, "phone": 5035550100}',
        '{"name": "' + "A" * 5000 + '", "email": "' + "b" * 300 + '@example.org"}',
        '{"name": "\u202eAna\u200d", "email": "\u00e1@ex\u00e4mple.org", "phone": "\u0665"}',
    ],
)
def test_bad_rsvp_input_is_a_400_problem_never_a_500(api, raw):
    event = factories.event()
    response = api.post(
        f"/api/v1/events/{event.pk}/rsvps/", raw.encode(), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400
    assert Rsvp.objects.count() == 0


def test_email_that_case_folding_makes_too_long_is_400(api):
    event = factories.event()
    domain = ".".join(["\u0130" * 60] * 4) + ".org"
    response = _post(api, event, {**ANA, "email": f"ana@{domain}"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["email"]


def test_non_json_body_is_415_and_huge_ids_are_404(api):
    event = factories.event()
    form = api.post(f"/api/v1/events/{event.pk}/rsvps/", ANA)  # multipart
    assert (form.status_code, form.json()["code"]) == (415, "unsupported_media_type")
    huge = "9" * 40
    assert api.get(f"/api/v1/events/{huge}/").status_code == 404
    assert api.post(f"/api/v1/events/{huge}/rsvps/", ANA, format="json").status_code == 404


def test_manage_token_get_patch_delete(api, trusted):
    event = factories.event(capacity=4)
    token = _post(trusted, event, {**ANA, "party_size": 2}).json()["manage_token"]
    waiting = _post(trusted, event, {"name": "Bo", "email": "bo@example.org", "party_size": 3})
    assert waiting.json()["status"] == "waitlisted"

    mine = api.get(f"/api/v1/rsvps/{token}/").json()
    assert (mine["name"], mine["status"], mine["party_size"], mine["event"]["id"]) == (
        "Ana Reyes",
        "confirmed",
        2,
        event.pk,
    )
    assert sorted(mine) == [
        "accessibility_needs",
        "event",
        "language",
        "name",
        "party_size",
        "phone",
        "reference",
        "sms_opt_in",
        "status",
        "waitlist_position",
    ]

    grow = api.patch(f"/api/v1/rsvps/{token}/", {"party_size": 4}, format="json")
    assert grow.json()["party_size"] == 4
    too_many = api.patch(f"/api/v1/rsvps/{token}/", {"party_size": 5}, format="json")
    assert (too_many.status_code, too_many.json()["code"]) == (400, "not_enough_seats")
    assert too_many.json()["errors"] == {
        "party_size": ["Only 0 more seats left, so your party can be at most 4."]
    }
    bad = api.patch(f"/api/v1/rsvps/{token}/", {"party_size": "lots"}, format="json")
    assert bad.json()["errors"] == {"party_size": ["A valid integer is required."]}

    api.patch(f"/api/v1/rsvps/{token}/", {"party_size": 1}, format="json")
    # The freed seats went to the waiting party of three at once.
    assert Rsvp.objects.get(attendee__email="bo@example.org").status == "confirmed"

    cancelled = api.delete(f"/api/v1/rsvps/{token}/")
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert api.delete(f"/api/v1/rsvps/{token}/").status_code == 200
    again = api.patch(f"/api/v1/rsvps/{token}/", {"party_size": 2}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "rsvp_cancelled")


def test_manage_token_patch_corrects_details_and_language_with_the_pages_rules(api, trusted):
    event = factories.event()
    token = _post(trusted, event, ANA).json()["manage_token"]
    url = f"/api/v1/rsvps/{token}/"

    changed = api.patch(
        url,
        {"name": " Ana  María Reyes ", "phone": "503-555-0100", "sms_opt_in": True},
        format="json",
    )
    body = changed.json()
    assert changed.status_code == 200
    assert (body["name"], body["phone"], body["sms_opt_in"], body["party_size"]) == (
        "Ana María Reyes",
        "+15035550100",
        True,
        1,
    )
    assert Rsvp.objects.get().texts_confirmed_at is not None
    # Left out, the phone keeps its value; texts without any phone are refused.
    spanish = api.patch(url, {"language": "es", "accessibility_needs": "Intérprete"}, format="json")
    assert (spanish.json()["language"], spanish.json()["phone"]) == ("es", "+15035550100")
    no_phone = api.patch(url, {"phone": ""}, format="json")
    assert (no_phone.status_code, no_phone.json()["errors"]) == (
        400,
        {"phone": ["Enter a phone number for text reminders, or untick the box."]},
    )
    nothing = api.patch(url, {}, format="json")
    assert (nothing.status_code, nothing.json()["errors"]) == (
        400,
        {"non_field_errors": ["Send at least one of the fields to change."]},
    )
    # All or nothing: a party too large for the seats leaves the name as it was.
    Event.objects.filter(pk=event.pk).update(capacity=1)
    refused = api.patch(url, {"party_size": 2, "name": "Someone Else"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "not_enough_seats")
    assert Rsvp.objects.get().name == "Ana María Reyes"
    bad = api.patch(url, {"name": "", "language": "xx"}, format="json")
    assert sorted(bad.json()["errors"]) == ["language", "name"]
    assert bad.json()["errors"]["name"] == ["Please tell us your name."]
    assert Rsvp.objects.get().name == "Ana María Reyes"


def test_a_head_count_rsvp_changes_no_details_through_the_api(api):
    event = factories.event(rsvp_mode="headcount")
    token = api.post(f"/api/v1/events/{event.pk}/rsvps/", {"party_size": 2}, format="json")
    url = f"/api/v1/rsvps/{token.json()['manage_token']}/"
    refused = api.patch(url, {"name": "Ana", "party_size": 3}, format="json")
    assert (refused.status_code, refused.json()["errors"]) == (
        400,
        {"name": ["A head-count RSVP has no name or phone to change."]},
    )
    assert Rsvp.objects.get().party_size == 2
    assert api.patch(url, {"party_size": 3}, format="json").json()["party_size"] == 3


def test_unknown_or_odd_manage_tokens_are_404(api):
    for token in ("nope", "x" * 500, "%00", "%F0%9F%92%A9", "..%2F"):
        response = api.get(f"/api/v1/rsvps/{token}/")
        assert response.status_code == 404, token
        assert response.json()["code"] == "not_found"


def test_idempotency_key_replays_the_first_answer(api, trusted):
    event = factories.event()
    first = _post(trusted, event, ANA, **{"Idempotency-Key": "k-1"})
    second = _post(trusted, event, ANA, **{"Idempotency-Key": "k-1"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Rsvp.objects.count() == 1
    # Without the key, the repeat is an ordinary repeat (202, no token); nor does another
    # caller with the same key get the first answer's link back.
    assert _post(trusted, event, ANA).status_code == 202
    other = _post(api, event, ANA, **{"Idempotency-Key": "k-1"})
    assert (other.status_code, "manage_token" in other.json()) == (202, False)


def test_idempotency_store_holds_no_clear_token(trusted, settings):
    import base64
    import pickle

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "idempotency-test",
        }
    }
    from django.core.cache import cache

    event = factories.event()
    token = _post(trusted, event, ANA, **{"Idempotency-Key": "k-secret"}).json()["manage_token"]
    stored = repr([pickle.loads(v) for v in cache._cache.values()])
    assert "sealed" in stored
    assert token not in stored and base64.b64encode(token.encode()).decode() not in stored
    replay = _post(trusted, event, ANA, **{"Idempotency-Key": "k-secret"})
    assert replay.json()["manage_token"] == token


def test_idempotency_key_with_another_body_is_422(api):
    event = factories.event()
    _post(api, event, ANA, **{"Idempotency-Key": "k-2"})
    other = _post(api, event, {**ANA, "party_size": 2}, **{"Idempotency-Key": "k-2"})
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")


def test_idempotency_key_is_per_endpoint_and_replays_errors_too(api):
    first, second = factories.event(), factories.event(status="cancelled")
    assert _post(api, second, ANA, **{"Idempotency-Key": "same"}).status_code == 409
    assert _post(api, first, ANA, **{"Idempotency-Key": "same"}).status_code == 202
    replay = _post(api, second, ANA, **{"Idempotency-Key": "same"})
    assert (replay.status_code, replay["Content-Type"]) == (409, "application/problem+json")


def test_idempotency_key_while_first_request_runs_is_409_retry(api):
    event = factories.event()
    import hashlib

    from api.idempotency import idempotent  # noqa: F401 - the lock is its cache entry

    digest = hashlib.sha256(f"POST events/{event.pk}/rsvps/\nbusy-key".encode()).hexdigest()
    body = b'{"name": "Ana", "email": "ana@example.org"}'
    cache.add(
        f"api-idempotency:{digest}",
        {"state": "running", "fingerprint": hashlib.sha256(body).hexdigest()},
        60,
    )
    response = api.post(
        f"/api/v1/events/{event.pk}/rsvps/",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "busy-key"},
    )
    assert (response.status_code, response["Retry-After"]) == (409, "1")
    assert response.json()["code"] == "idempotency_in_progress"
    assert Rsvp.objects.count() == 0


def test_invalid_idempotency_key_is_400(api):
    event = factories.event()
    response = _post(api, event, ANA, **{"Idempotency-Key": "x" * 300})
    assert (response.status_code, response.json()["code"]) == (400, "idempotency_key_invalid")


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_with_one_key_act_once():
    event = factories.event(capacity=100)
    results = []
    barrier = threading.Barrier(6)

    def post(i):
        client = APIClient()
        barrier.wait()
        response = client.post(
            f"/api/v1/events/{event.pk}/rsvps/",
            {"name": "Ana", "email": "ana@example.org"},
            format="json",
            headers={"Idempotency-Key": "race"},
        )
        results.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) <= {202, 409}
    assert 202 in results
    assert Rsvp.objects.count() == 1
    assert Attendee.objects.count() == 1


def test_anonymous_rsvp_posts_are_throttled_per_client(api, settings, token_client):
    settings.API_RSVP_THROTTLE = "3/hour"
    event = factories.event()
    codes = [_post(api, event, {**ANA, "email": f"p{i}@example.org"}).status_code for i in range(4)]
    assert codes == [202, 202, 202, 429]
    limited = _post(api, event, ANA)
    assert limited.json()["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0
    # Another client address has its own count; a spoofed X-Forwarded-For does not help.
    other = APIClient(REMOTE_ADDR="10.0.0.9")
    assert _post(other, event, {**ANA, "email": "z@example.org"}).status_code == 202
    spoofed = api.post(
        f"/api/v1/events/{event.pk}/rsvps/",
        {**ANA, "email": "s@example.org"},
        format="json",
        HTTP_X_FORWARDED_FOR="10.1.2.3",
    )
    assert spoofed.status_code == 429
    # Signed-in staff are not counted.
    staff = token_client(factories.user("coordinator"))
    assert _post(staff, event, {**ANA, "email": "c@example.org"}).status_code == 202


def test_rsvp_post_query_count_does_not_grow_with_rsvps(api):
    event = factories.event(capacity=None)
    counts = []
    for size in (2, 40):
        for _ in range(size):
            factories.rsvp(event)
        with CaptureQueriesContext(connection) as ctx:
            assert _post(api, event, {**ANA, "email": f"n{size}@example.org"}).status_code == 202
        counts.append(len(ctx.captured_queries))
    # The outbox adds the confirmation and its reminders; the audit trail the RSVP's entry;
    # the event comes with its languages; PostgreSQL adds the lock timeout statement and the
    # throttle's count (on SQLite that is in the counters' own database); the registration
    # questions and accommodation kinds the event asks are read once each.
    assert counts == ([16, 16] if connection.vendor == "postgresql" else [14, 14])


def test_rsvp_post_text_reminders_need_a_phone(api):
    event = factories.event()
    refused = _post(api, event, {**ANA, "phone": "", "sms_opt_in": True})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "phone": ["Enter a phone number for text reminders, or untick the box."]
    }
    ok = _post(api, event, {**ANA, "phone": "503-555-0123", "sms_opt_in": True})
    assert ok.status_code == 202
    assert Rsvp.objects.get().sms_opt_in is True


def test_idempotent_answer_sealed_under_an_old_secret_key_is_a_clear_409(api, settings):
    event = factories.event()
    assert _post(api, event, ANA, **{"Idempotency-Key": "k-rotated"}).status_code == 202
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 30
    replay = _post(api, event, ANA, **{"Idempotency-Key": "k-rotated"})
    assert (replay.status_code, replay.json()["code"]) == (409, "idempotency_key_expired")
