"""The officers' side: answers on the roster and its CSV, the messages page (preview with
the exact count, send, the log, the limit), the API endpoint, the report's figures, and flat
query counts."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from followup.models import AttendeeMessage, StillComing
from followup.reports import followup_report, lead_bucket
from followup.services import message_send
from notifications.models import Notification
from rsvp.models import Rsvp
from tests import factories

pytestmark = pytest.mark.django_db

VERSIONS = {"en": {"subject": "Room change", "body": "We meet in room 2."}}


def _asked(event, answer="", **kw):
    rsvp = factories.rsvp(event, **kw)
    StillComing.objects.create(rsvp=rsvp, event=event, answer=answer)
    return rsvp


@pytest.fixture
def officer():
    return factories.user("officer")


def _fill(event, count):
    for i in range(count):
        _asked(event, ["", "coming", "cant"][i % 3])
        factories.rsvp(event, status="waitlisted" if i % 4 == 0 else "confirmed")


def test_roster_and_csv_show_the_answers(client, officer):
    event = factories.event(officers=[officer])
    _asked(event, "coming", name="Ana Yes")
    _asked(event, "", name="Bo Quiet")
    factories.rsvp(event, name="Cy Unasked")
    client.force_login(officer)
    body = client.get(f"/officers/events/{event.pk}/attendance/").content.decode()
    assert body.count("Still coming: yes") == 1
    assert body.count("Still coming: no answer") == 1
    assert f'href="/officers/events/{event.pk}/messages/"' in body
    response = client.get(f"/officers/events/{event.pk}/attendance.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "still coming?"
    assert {row[2]: row[-1] for row in rows[1:]} == {
        "Ana Yes": "coming",
        "Bo Quiet": "no answer",
        "Cy Unasked": "",
    }


@pytest.mark.parametrize("suffix", ["attendance/", "attendance.csv", "messages/"])
def test_query_counts_stay_flat(client, officer, suffix, get_queries):
    small = factories.event(officers=[officer], capacity=None)
    large = factories.event(officers=[officer], capacity=None)
    _fill(small, 5)
    _fill(large, 200)
    for event, n in ((small, 1), (large, 3)):
        for i in range(n):
            message_send(
                event=event,
                user=officer,
                audience="all",
                versions=VERSIONS,
                language="en",
                now=timezone.now() - dt.timedelta(hours=2 + i),
            )
    client.force_login(officer)
    get_queries(client, f"/officers/events/{small.pk}/{suffix}")
    few = get_queries(client, f"/officers/events/{small.pk}/{suffix}")
    many = get_queries(client, f"/officers/events/{large.pk}/{suffix}")
    assert few == many
    print(f"{suffix}: {few} queries at 10 and at 400 RSVPs")


def _post(client, event, action, **extra):
    data = {
        "audience": "confirmed",
        "language": "en",
        "client_key": "form-key-1",
        "subject_en": "Room change",
        "body_en": "We meet in room 2.",
        "subject_es": "Cambio de sala",
        "body_es": "Sala 2.",
        f"_{action}": "1",
        **extra,
    }
    return client.post(f"/officers/events/{event.pk}/messages/", data)


def test_messages_page_previews_with_the_exact_count_then_sends_once(client, officer):
    event = factories.event(officers=[officer])
    for _ in range(3):
        factories.rsvp(event)
    factories.rsvp(event, status="waitlisted")
    client.force_login(officer)
    assert client.get(f"/officers/events/{event.pk}/messages/").status_code == 200
    preview = _post(client, event, "preview").content.decode()
    assert "3 residents will get this message." in preview
    assert AttendeeMessage.objects.count() == 0
    assert _post(client, event, "send").status_code == 302
    assert _post(client, event, "send").status_code == 302  # a double submit
    [message] = AttendeeMessage.objects.all()
    assert (message.recipients, message.sent_by, message.audience) == (3, officer, "confirmed")
    assert sorted(message.versions) == ["en", "es"]
    assert Notification.objects.filter(kind="attendee_message").count() == 3
    log = client.get(f"/officers/events/{event.pk}/messages/").content.decode()
    assert "<td>Room change</td>" in log
    assert f"<td>{officer.get_username()}</td>" in log


def test_messages_page_refuses_the_limit_and_strangers(client, officer):
    event = factories.event(officers=[officer])
    factories.rsvp(event)
    client.force_login(officer)
    for i in range(3):
        assert _post(client, event, "send", client_key=f"k{i}").status_code == 302
    refused = _post(client, event, "send", client_key="k9")
    assert refused.status_code == 429
    assert "the most allowed. Please wait before sending another." in refused.content.decode()
    assert _post(client, event, "send", subject_en="").status_code == 400
    stranger = factories.user("officer")
    client.force_login(stranger)
    assert client.get(f"/officers/events/{event.pk}/messages/").status_code == 404
    partner = factories.user("partner", organization_=event.host, roster_access=True)
    client.force_login(partner)
    assert client.get(f"/officers/events/{event.pk}/messages/").status_code == 404


def test_api_preview_send_log_and_permissions(officer, token_client):
    event = factories.event(officers=[officer])
    for _ in range(2):
        factories.rsvp(event)
    api = token_client(officer)
    url = f"/api/v1/events/{event.pk}/messages/"
    body = {"audience": "all", "language": "en", "versions": VERSIONS}
    preview = api.post(url, {**body, "preview": True}, format="json")
    assert (preview.status_code, preview.json()["recipients"]) == (200, 2)
    sent = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (sent.status_code, again.status_code) == (201, 201)
    assert sent.json()["id"] == again.json()["id"]
    assert sent.json()["recipients"] == 2
    assert Notification.objects.filter(kind="attendee_message").count() == 2
    log = api.get(url)
    assert [m["versions"]["en"]["subject"] for m in log.json()] == ["Room change"]
    assert log.json()[0]["sent_by"] == officer.get_username()
    stranger = token_client(factories.user("officer"))
    for response in (stranger.get(url), stranger.post(url, body, format="json")):
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
    bad = api.post(url, {"audience": "vip", "versions": VERSIONS}, format="json")
    assert (bad.status_code, bad["Content-Type"]) == (400, "application/problem+json")
    missing = api.post(
        url, {"audience": "all", "language": "es", "versions": VERSIONS}, format="json"
    )
    assert missing.status_code == 400
    assert missing.json()["code"] == "no_default_version"
    for _ in range(2):
        assert api.post(url, body, format="json").status_code == 201
    limited = api.post(url, body, format="json")
    assert (limited.status_code, limited.json()["code"]) == (429, "rate_limited")
    assert factories.__name__ and token_client  # fixtures used
    anonymous = api.__class__().get(url)
    assert anonymous.status_code == 401
    assert "/api/v1/events/{id}/messages/" in api.get("/api/schema/?format=json").json()["paths"]


def test_lead_buckets():
    day = dt.timedelta(days=1)
    assert [lead_bucket(x) for x in (dt.timedelta(hours=23), day, 3 * day, 7 * day, 14 * day)] == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_report_figures_are_exact(officer, client):
    coordinator = factories.user("coordinator")
    now = timezone.now()
    cafe = factories.program(name="Coffee")
    walk = factories.program(name="Night Walk")
    start = now - dt.timedelta(days=2)
    one = factories.event(program=cafe, start=start)
    two = factories.event(program=walk, start=start)
    factories.event(program=cafe, start=now + dt.timedelta(days=3))  # not held yet: left out

    def rsvp(event, *, ahead, size=1, came=None, answer=None):
        row = factories.rsvp(event, party_size=size)
        fields = {"created_at": event.start - ahead}
        if came is not None:
            fields.update(checked_in_at=event.start, arrived=came)
        Rsvp.objects.filter(pk=row.pk).update(**fields)
        if answer is not None:
            StillComing.objects.create(rsvp=row, event=event, answer=answer)
        return row

    h, d = dt.timedelta(hours=1), dt.timedelta(days=1)
    rsvp(one, ahead=5 * h, size=2, came=None)  # under a day, not asked, 2 no-shows
    rsvp(one, ahead=2 * d, size=3, came=2, answer="coming")  # 1-3 days, 1 no-show
    rsvp(one, ahead=10 * d, came=1, answer="")  # 7-14, asked no answer, came
    rsvp(two, ahead=20 * d, size=2, came=None, answer="")  # 14+, asked no answer, 2 no-shows
    cancelled = rsvp(two, ahead=4 * d, answer="cant")
    Rsvp.objects.filter(pk=cancelled.pk).update(status="cancelled")
    factories.rsvp(two, headcount=True, party_size=4)  # head counts are not followed

    report = followup_report(coordinator, start=(now - 5 * d).date(), end=now.date())

    def figures(rows):
        return [(r.label, r.rsvps, r.expected, r.no_shows, r.no_show_percent) for r in rows]

    assert figures(report.programs) == [
        ("Coffee", 3, 6, 3, "50.0%"),
        ("Night Walk", 1, 2, 2, "100.0%"),
    ]
    assert figures(report.lead_times) == [
        ("Less than a day ahead", 1, 2, 2, "100.0%"),
        ("1 to 3 days ahead", 1, 3, 1, "33.3%"),
        ("3 to 7 days ahead", 0, 0, 0, "–"),
        ("7 to 14 days ahead", 1, 1, 0, "0.0%"),
        ("14 days or more ahead", 1, 2, 2, "100.0%"),
    ]
    assert figures(report.answers) == [
        ('Answered "Yes, I\'ll be there"', 1, 3, 1, "33.3%"),
        ('Asked "Still coming?", no answer', 2, 3, 2, "66.7%"),
        ('Not asked "Still coming?"', 1, 2, 2, "100.0%"),
    ]
    assert report.cancelled_ahead == 1
    client.force_login(coordinator)
    page = client.get("/officers/reports/").content.decode()
    assert '<th scope="row">Night Walk</th><td>1</td><td>2</td><td>2</td><td>100.0%</td>' in page
    assert "1 party answered “I can't make it” and freed its seats ahead." in page
