"""Accommodation requests: made with the RSVP form or the API, routed to the host contact
and the officers, answered to the resident, withdrawn with the RSVP, erased by the purge."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.html import escape
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accommodations.models import AccommodationRequest, State
from accommodations.words import moment_text
from notifications.delivery import notice_deliver
from notifications.models import Notification
from privacy.services import retention_purge
from rsvp.models import Rsvp
from rsvp.services import rsvp_cancel, rsvp_create
from scheduler.admin.dashboard import dashboard_build
from scheduler.models import Event
from scheduler.queries import with_admin_counts
from tests import factories
from tests.accommodations.helpers import staffed_event

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def _post(client, event, **data):
    return client.post(
        f"/events/{event.pk}/rsvp/",
        {"party_size": "1", "name": "Lan", "email": "lan@example.org", **data},
    )


def _requests(event) -> list[tuple]:
    return list(
        AccommodationRequest.objects.filter(rsvp__event=event)
        .order_by("kind")
        .values_list("kind", "detail", "lead_hours", "late", "state")
    )


def _asked_notices(event) -> list[str]:
    return sorted(
        Notification.objects.filter(event=event, kind=Kind.ACCOMMODATION_ASKED).values_list(
            "user__email", flat=True
        )
    )


def test_the_form_stores_each_request_with_its_lead_time_and_routes_it_once_to_each(client):
    s = staffed_event(hours_ahead=24 * 5)
    response = _post(
        client,
        s.event,
        accommodations=["asl", "interpreter"],
        interpreter_language=" Tiếng  Việt ",
        accessibility_needs="A quiet seat near the door",
    )
    assert response.status_code == 202
    assert _requests(s.event) == [
        ("asl", "", 72, False, "open"),
        ("interpreter", "Tiếng Việt", 72, False, "open"),
        ("other", "A quiet seat near the door", 24, False, "open"),
    ]
    # The free text stays the RSVP's own too (rosters, CSV, its page show it as before).
    assert Rsvp.objects.get(event=s.event).accessibility_needs == "A quiet seat near the door"
    # One notice per recipient (the host's contact, both assigned officers), not per request.
    assert _asked_notices(s.event) == [
        "ana@police.example.org",
        "ben@police.example.org",
        "contact@riverside-ymca.example.org",
    ]
    assert b"needs" not in response.content.split(b"<main")[-1].split(b"</main>")[0].lower()


def test_an_interpreter_without_a_language_is_refused_in_place(client):
    s = staffed_event()
    response = _post(client, s.event, accommodations=["interpreter"])
    assert response.status_code == 400
    assert "Which language should the interpreter speak?" in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_a_request_after_its_deadline_is_accepted_flagged_and_the_resident_told(client, settings):
    # 20 hours ahead: an ASL interpreter (72 h) is late, a wheelchair space (12 h here) is not.
    settings.ACCOMMODATION_LEAD_HOURS = "wheelchair=12"
    s = staffed_event(hours_ahead=20)
    response = _post(client, s.event, accommodations=["asl", "wheelchair"])
    assert response.status_code == 202
    assert _requests(s.event) == [
        ("asl", "", 72, True, "open"),
        ("wheelchair", "", 12, False, "open"),
    ]
    # Told by the event's start at the latest (it is sooner than a day away).
    by = moment_text(s.event.start, s.event.timezone)
    note = (
        "ASL interpreter needs 72 hours' notice, and the event is sooner than that: we will "
        f"try, and tell you by {by}."
    )
    page = response.content.decode()
    assert f'<p class="notice late-note">{escape(note)}</p>' in page
    assert page.count("late-note") == 1

    confirmation = Notification.objects.get(event=s.event, kind=Kind.CONFIRMED)
    assert notice_deliver(confirmation.pk) == "sent"
    [message] = mail.outbox
    assert (
        "We passed on what you asked us to arrange (ASL interpreter; Wheelchair space): we "
        f"will e-mail you when it is arranged. {note}\n"
    ) in message.body

    # Staff see it flagged late, with its deadline (already past).
    staff = Notification.objects.get(
        event=s.event, kind=Kind.ACCOMMODATION_ASKED, user=s.officers[1]
    )
    mail.outbox.clear()
    assert notice_deliver(staff.pk) == "sent"
    [message] = mail.outbox
    asl_by = moment_text(s.event.start - dt.timedelta(hours=72), s.event.timezone)
    wheel_by = moment_text(s.event.start - dt.timedelta(hours=12), s.event.timezone)
    assert message.subject == "To arrange: Night Walk"
    assert message.body.startswith(
        "A resident coming to this event asked us to arrange:\n"
        f"- ASL interpreter (arrange by {asl_by}) · Asked late\n"
        f"- Wheelchair space (arrange by {wheel_by})\n"
    )
    assert "\nhttp://testserver/officers/#to-arrange\n" in message.body
    assert "Lan" not in message.body  # the name is on the officer pages, behind a login


def test_a_waiting_party_is_routed_when_it_gets_a_seat():
    s = staffed_event(capacity=1)
    factories.rsvp(s.event, party_size=1)
    waiting = rsvp_create(
        event=s.event,
        email="lan@example.org",
        name="Lan",
        extras={"accommodations": []},
    ).rsvp
    assert waiting.status == Rsvp.Status.WAITLISTED
    other = rsvp_create(
        event=s.event,
        email="mai@example.org",
        name="Mai",
        extras={"accommodations": _asked("childcare")},
    ).rsvp
    assert other.status == Rsvp.Status.WAITLISTED
    assert _asked_notices(s.event) == []
    # Lan's place and then the first seat go first; cancel both before Mai.
    rsvp_cancel(rsvp=Rsvp.objects.filter(event=s.event, status="confirmed").get())
    rsvp_cancel(rsvp=Rsvp.objects.get(pk=waiting.pk))
    assert Rsvp.objects.get(pk=other.pk).status == Rsvp.Status.CONFIRMED
    assert len(_asked_notices(s.event)) == 3


def _asked(*kinds):
    from accommodations.rules import Asked  # noqa: PLC0415 - tests only

    return [Asked(kind=k) for k in kinds]


def _officer_client(client, user):
    client.force_login(user)
    return client


def test_an_officer_marks_it_arranged_and_the_resident_is_told_once_in_their_language(client):
    s = staffed_event()
    rsvp = rsvp_create(
        event=s.event,
        email="lan@example.org",
        name="Lan",
        language="es",
        extras={"accommodations": _asked("asl")},
    ).rsvp
    [request] = rsvp.accommodation_requests.all()
    _officer_client(client, s.officers[0])
    url = f"/officers/accommodations/{request.pk}/decide/"
    response = client.post(url, {"state": "arranged", "note": "Rosa will sign."})
    assert response.status_code == 302
    assert response["Location"] == "/officers/#to-arrange"
    request.refresh_from_db()
    assert (request.state, request.note, request.decided_by) == (
        State.ARRANGED,
        "Rosa will sign.",
        s.officers[0],
    )
    # Twice is still once.
    client.post(url, {"state": "arranged", "note": "Rosa will sign."})
    [told] = Notification.objects.filter(rsvp=rsvp, kind=Kind.ACCOMMODATION_DONE)
    with translation.override("ru"):
        assert notice_deliver(told.pk) == "sent"
    [message] = mail.outbox
    assert message.to == ["lan@example.org"]
    assert '<html lang="es" dir="ltr">' in message.alternatives[0][0]
    assert "Rosa will sign." in message.body


def test_not_possible_tells_the_resident_with_the_note(client):
    s = staffed_event()
    rsvp = rsvp_create(
        event=s.event,
        email="lan@example.org",
        name="Lan",
        extras={"accommodations": _asked("childcare")},
    ).rsvp
    [request] = rsvp.accommodation_requests.all()
    _officer_client(client, factories.user("coordinator"))
    client.post(
        f"/officers/accommodations/{request.pk}/decide/",
        {"state": "not_possible", "note": "No sitter is free that night."},
    )
    [told] = Notification.objects.filter(rsvp=rsvp, kind=Kind.ACCOMMODATION_UNABLE)
    assert notice_deliver(told.pk) == "sent"
    [message] = mail.outbox
    assert message.subject == "We could not arrange it: Night Walk"
    assert message.body.startswith(
        "Hello Lan, we are sorry: we could not arrange this for the event: Childcare. "
        "A note from the organizers: No sitter is free that night.\n"
    )


def test_who_may_answer_a_request(client):
    s = staffed_event()
    rsvp = rsvp_create(
        event=s.event, email="lan@example.org", name="Lan", extras={"accommodations": _asked("asl")}
    ).rsvp
    [request] = rsvp.accommodation_requests.all()
    url = f"/officers/accommodations/{request.pk}/decide/"
    # Not assigned: not even told the request exists.
    _officer_client(client, s.outsider)
    assert client.post(url, {"state": "arranged"}).status_code == 404
    # A partner's staff who see the roster (granted) but do not host it: refused.
    partner = factories.organization()
    s.event.partners.add(partner)
    viewer = factories.user("partner", organization_=partner, roster_access=True)
    _officer_client(client, viewer)
    assert client.post(url, {"state": "arranged"}).status_code == 403
    # Signed out: the login page.
    client.logout()
    assert client.post(url, {"state": "arranged"}).status_code == 302
    # A GET, an unknown id, a wrong answer: no 500, nothing changed.
    _officer_client(client, s.officers[0])
    assert client.get(url).status_code == 405
    assert client.post("/officers/accommodations/999999/decide/", {}).status_code == 404
    assert client.post(url, {"state": "maybe"}).status_code == 302
    request.refresh_from_db()
    assert request.state == State.OPEN
    assert not Notification.objects.filter(rsvp=rsvp, kind__startswith="accommodation_d").exists()


def test_the_officers_home_lists_what_to_arrange_with_its_deadline(client):
    s = staffed_event(hours_ahead=24 * 5)
    rsvp_create(
        event=s.event, email="lan@example.org", name="Lan", extras={"accommodations": _asked("asl")}
    )
    deadline = moment_text(s.event.start - dt.timedelta(hours=72), s.event.timezone)
    page = _officer_client(client, s.officers[0]).get("/officers/").content.decode()
    assert '<h2 id="to-arrange-h">To arrange</h2>' in page
    assert "<strong>ASL interpreter</strong> · Lan · " in page
    assert f"Arrange by {deadline}</p>" in page
    # An officer of other events sees nothing of it.
    page = _officer_client(client, s.outsider).get("/officers/").content.decode()
    assert "to-arrange" not in page


def test_the_to_arrange_list_costs_the_same_queries_for_one_request_or_many(client, get_queries):
    coordinator = factories.user("coordinator")
    client.force_login(coordinator)

    def add(count):
        for _ in range(count):
            event = factories.event()
            rsvp = factories.rsvp(event)
            for kind in ("asl", "childcare"):
                AccommodationRequest.objects.create(
                    rsvp=rsvp, kind=kind, lead_hours=72, created_at=timezone.now()
                )

    add(1)
    one = get_queries(client, "/officers/")
    add(6)
    many = get_queries(client, "/officers/")
    page = client.get("/officers/").content.decode()
    assert page.count('class="to-arrange-item') == 14
    assert many == one


def test_cancelling_the_rsvp_withdraws_its_requests_from_every_count(client):
    s = staffed_event()
    rsvp = rsvp_create(
        event=s.event,
        email="lan@example.org",
        name="Lan",
        extras={"accommodations": _asked("asl", "childcare")},
    ).rsvp
    factories.rsvp(s.event, accessibility_needs="typed into the admin: not a request")
    counted = with_admin_counts(Event.objects.filter(pk=s.event.pk)).get()
    # Two requests of one RSVP: the RSVP and its seat are counted once.
    assert (counted.to_arrange, counted.confirmed, counted.seats_taken) == (2, 2, 2)
    assert [e.pk for e in dashboard_build().to_arrange] == [s.event.pk]
    rsvp_cancel(rsvp=rsvp)
    assert _requests(s.event) == [
        ("asl", "", 72, False, "withdrawn"),
        ("childcare", "", 48, False, "withdrawn"),
    ]
    assert with_admin_counts(Event.objects.filter(pk=s.event.pk)).get().to_arrange == 0
    assert dashboard_build().to_arrange == []
    page = _officer_client(client, s.officers[0]).get("/officers/").content.decode()
    assert "to-arrange" not in page


def test_the_retention_purge_erases_the_requests():
    s = staffed_event()
    rsvp = rsvp_create(
        event=s.event,
        email="lan@example.org",
        name="Lan",
        extras={"accommodations": [*_asked("asl"), *_interpreter("Somali")]},
    ).rsvp
    kept = factories.event()
    other = factories.rsvp(kept)
    AccommodationRequest.objects.create(
        rsvp=other, kind="wheelchair", lead_hours=24, created_at=timezone.now()
    )
    Event.objects.filter(pk=s.event.pk).update(
        start=timezone.now() - dt.timedelta(days=400), end=timezone.now() - dt.timedelta(days=400)
    )
    retention_purge()
    assert AccommodationRequest.objects.filter(rsvp=rsvp).count() == 0
    assert list(AccommodationRequest.objects.values_list("rsvp_id", "kind")) == [
        (other.pk, "wheelchair")
    ]
    # What staff were sent names requests by id only: nothing of the resident stays.
    for notice in Notification.objects.filter(kind=Kind.ACCOMMODATION_ASKED):
        assert set(notice.payload) == {"requests"}


def _interpreter(language):
    from accommodations.rules import Asked  # noqa: PLC0415 - tests only

    return [Asked(kind="interpreter", detail=language)]


def test_the_api_takes_requests_and_refuses_a_wrong_one_clearly():
    s = staffed_event()
    api = APIClient()
    url = f"/api/v1/events/{s.event.pk}/rsvps/"
    body = {
        "name": "Lan",
        "email": "lan@example.org",
        "accessibility_needs": "Step-free entrance, please.",
        "accommodations": [{"kind": "interpreter", "detail": "Hmong"}, {"kind": "large_print"}],
    }
    assert api.post(url, body, format="json").status_code == 202
    assert _requests(s.event) == [
        ("interpreter", "Hmong", 72, False, "open"),
        ("large_print", "", 48, False, "open"),
        ("other", "Step-free entrance, please.", 24, False, "open"),
    ]
    assert len(_asked_notices(s.event)) == 3
    bad = api.post(
        url,
        {"name": "Mai", "email": "mai@example.org", "accommodations": [{"kind": "interpreter"}]},
        format="json",
    )
    assert bad.status_code in (400, 422)
    assert "Which language should the interpreter speak?" in bad.content.decode()
    wrong = api.post(
        url,
        {"name": "Mai", "email": "mai@example.org", "accommodations": [{"kind": "pony"}]},
        format="json",
    )
    assert wrong.status_code in (400, 422)
    assert Rsvp.objects.filter(event=s.event).count() == 1


def test_the_openapi_schema_shows_the_requests():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    create = components["RsvpCreateRequest"]["properties"]["accommodations"]
    assert create["type"] == "array"
    item = components[create["items"]["$ref"].rsplit("/", 1)[1]]
    kind = item["properties"]["kind"]
    enum = components[kind["$ref"].rsplit("/", 1)[1]]["enum"] if "$ref" in kind else kind["enum"]
    assert enum == [
        "asl",
        "interpreter",
        "wheelchair",
        "hearing_loop",
        "childcare",
        "large_print",
        "other",
    ]
