"""National Night Out: registration, the host's link, visits, the officer's feed, the purge."""

import datetime as dt
import hashlib
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from nightout.errors import NightOutError
from nightout.models import BlockParty, NightOut, PartyLink, Visit, first_tuesday_of_august
from nightout.services import party_withdraw, visit_assign, visit_change
from notifications.delivery import notice_deliver
from notifications.models import PARTY_KINDS, Notification
from privacy.services import retention_purge
from scheduler.services.officers import officer_feed_token_rotate
from scheduler.when import when_text
from tests import factories
from tests.mail import deliver_due
from tests.nightout.helpers import night_out, party, slot
from tests.notifications.catalog import notice_opening, notice_subject, translated
from tests.same_answer import unmasked

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def _form(hood, **kw) -> dict:
    return {
        "host_name": "Rosa Diaz",
        "email": "rosa@example.org",
        "phone": "",
        "address": "12 Maple Court",
        "neighborhood": str(hood.pk),
        "expected_size": "35",
        "needs": "A visit from the fire engine",
        **kw,
    }


def _manage_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/night-out/manage/[A-Za-z0-9_-]+/)", message.body)
    assert match, "no manage link in the e-mail"
    return match.group(1)


def _vevents(body: bytes) -> list:
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def test_the_night_is_the_first_tuesday_of_august():
    assert [first_tuesday_of_august(y) for y in (2026, 2027, 2028, 2029)] == [
        dt.date(2026, 8, 4),
        dt.date(2027, 8, 3),
        dt.date(2028, 8, 1),
        dt.date(2029, 8, 7),
    ]
    night = NightOut(year=2026, start_time=dt.time(17), end_time=dt.time(21))
    assert night.start.isoformat() == "2026-08-04T17:00:00-07:00"


def test_national_night_out_end_to_end_with_an_officers_visit_feed(client):
    night = night_out()
    hood = factories.neighborhood(name="Riverside")
    coordinator = factories.user("coordinator")
    officer = factories.user("officer", first_name="Sam", last_name="Okafor")

    # A resident registers, without an account.
    response = client.post("/night-out/", _form(hood))
    assert response.status_code == 202
    assert "rosa@example.org" in response.content.decode()
    [registered] = BlockParty.objects.all()
    assert (registered.host_name, registered.address, registered.expected_size) == (
        "Rosa Diaz",
        "12 Maple Court",
        35,
    )
    assert deliver_due() == ["sent"]
    [welcome] = mail.outbox
    assert welcome.to == ["rosa@example.org"]
    manage = _manage_path(welcome)
    page = client.get(manage)
    assert page.status_code == 200
    assert "No officer visit is planned yet" in page.content.decode()
    assert page["Cache-Control"] == "no-store"

    # The coordinator sees it under its neighborhood and assigns a visit.
    client.force_login(coordinator)
    listing = client.get("/officers/night-out/coordinate/")
    assert listing.status_code == 200
    assert re.search(r"Riverside.*12 Maple Court", listing.content.decode(), re.S)
    assign = {
        "party": str(registered.pk),
        f"p{registered.pk}-officer": str(officer.pk),
        f"p{registered.pk}-start": "18:00",
        f"p{registered.pk}-end": "18:30",
    }
    assert client.post("/officers/night-out/coordinate/", assign).status_code == 302
    [visit] = Visit.objects.all()
    assert (visit.officer, visit.start, visit.sequence) == (officer, slot(night, 18)[0], 0)

    # An overlapping slot for the same officer is refused, and writes nothing.
    other = party(night, neighborhood=hood)
    clash = {
        "party": str(other.pk),
        f"p{other.pk}-officer": str(officer.pk),
        f"p{other.pk}-start": "18:15",
        f"p{other.pk}-end": "18:45",
    }
    refused = client.post("/officers/night-out/coordinate/", clash)
    assert refused.status_code == 400
    assert "This officer already has a visit at that time." in refused.content.decode()
    assert Visit.objects.count() == 1
    visit_assign(
        party=other,
        officer=officer,
        start=slot(night, 17)[0],
        end=slot(night, 17)[1],
        by=coordinator,
    )

    # The host is told who visits when, in a few minutes (one e-mail for a burst of changes).
    [notice] = Notification.objects.filter(kind=Kind.NIGHTOUT_VISITS, party=registered)
    assert notice_deliver(notice.pk, now=timezone.now() + dt.timedelta(minutes=6)) == "sent"
    told = mail.outbox[-1]
    assert told.to == ["rosa@example.org"]
    assert when_text(visit.start, visit.end, night.timezone) in told.body
    assert "Sam Okafor" in told.body
    assert "Sam Okafor" in client.get(manage).content.decode()

    # The officer's list, in order, and its printable sheet.
    client.force_login(officer)
    mine = client.get("/officers/night-out/").content.decode()
    assert mine.index(other.address) < mine.index("12 Maple Court")
    sheet = client.get("/officers/night-out/sheet/")
    assert sheet.status_code == 200
    assert "A visit from the fire engine" in sheet.content.decode()

    # The officer's private feed carries the visits, with stable UIDs.
    token = officer_feed_token_rotate(user=officer)
    feed = client.get(f"/calendar/officers/{token}.ics")
    assert feed.status_code == 200
    events = {str(e["LOCATION"]): e for e in _vevents(feed.content)}
    assert sorted(events) == sorted([other.address, "12 Maple Court"])
    first = events["12 Maple Court"]
    uid = str(first["UID"])
    assert (int(first["SEQUENCE"]), str(first["STATUS"])) == (0, "CONFIRMED")
    assert first.decoded("DTSTART") == visit.start
    assert "rosa@example.org" not in feed.content.decode()

    # A change keeps the UID and bumps SEQUENCE; a withdrawn party stays, cancelled.
    visit_change(
        visit=visit,
        officer=officer,
        start=slot(night, 19)[0],
        end=slot(night, 19)[1],
        by=coordinator,
    )
    moved = {
        str(e["UID"]): e for e in _vevents(client.get(f"/calendar/officers/{token}.ics").content)
    }
    assert (int(moved[uid]["SEQUENCE"]), moved[uid].decoded("DTSTART")) == (1, slot(night, 19)[0])
    party_withdraw(party=registered)
    gone = {
        str(e["UID"]): e for e in _vevents(client.get(f"/calendar/officers/{token}.ics").content)
    }
    assert (int(gone[uid]["SEQUENCE"]), str(gone[uid]["STATUS"])) == (2, "CANCELLED")
    assert "12 Maple Court" not in client.get("/officers/night-out/").content.decode()


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client):
    night_out()
    hood = factories.neighborhood()
    first = client.post("/night-out/", _form(hood))
    again = client.post("/night-out/", _form(hood, host_name="Someone Else", address="1 Oak"))
    assert (first.status_code, again.status_code) == (202, 202)
    assert unmasked(first.content.decode()) == unmasked(again.content.decode())
    assert list(BlockParty.objects.values_list("host_name", "address")) == [
        ("Rosa Diaz", "12 Maple Court")
    ]
    assert deliver_due() == ["sent", "sent"]
    registered, resent = mail.outbox
    assert _manage_path(registered) != _manage_path(resent)
    assert "Nothing was changed" in resent.body
    assert "Someone Else" not in resent.body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"host_name": ""}, "host_name", "Please tell us your name."),
        ({"email": ""}, "email", "Please give your e-mail address: your confirmation goes there."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        (
            {"address": ""},
            "address",
            "Please give the block party's address, so officers can find it.",
        ),
        (
            {"address": "12 Maple\x1b Court"},
            "address",
            "Use one line of plain text: no line breaks, tabs or control characters.",
        ),
        ({"address": "x" * 256}, "address", "An address can be at most 255 characters long."),
        ({"expected_size": "0"}, "expected_size", "Please give a number of people from 1 to 2000."),
        (
            {"expected_size": "2001"},
            "expected_size",
            "Please give a number of people from 1 to 2000.",
        ),
        ({"expected_size": ""}, "expected_size", "Please say about how many people you expect."),
        ({"needs": "n" * 1001}, "needs", "Please keep this to 1000 characters."),
        (
            {"needs": "bell\x07"},
            "needs",
            "Use plain text: line breaks are fine, control characters are not.",
        ),
        ({"phone": "12"}, "phone", "Enter a phone number we can text or call, like 503-555-0100."),
        (
            {"neighborhood": "999999"},
            "neighborhood",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_the_form_refuses_bad_input_and_writes_nothing(client, changes, field, message):
    night_out()
    response = client.post("/night-out/", _form(factories.neighborhood(), **changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert (
        BlockParty.objects.count(),
        Notification.objects.count(),
        PartyLink.objects.count(),
    ) == (0, 0, 0)


def test_the_manage_link_is_stored_hashed_and_changes_and_withdraws(client):
    night_out()
    hood = factories.neighborhood()
    client.post("/night-out/", _form(hood))
    deliver_due()
    path = _manage_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 22  # at least 128 bits, base64
    [link] = PartyLink.objects.all()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    changed = client.post(path, {**_form(hood, expected_size="50"), "email": ""})
    assert changed.status_code == 200
    assert BlockParty.objects.get().expected_size == 50
    assert client.post(path + "withdraw/").status_code == 302
    assert BlockParty.objects.get().withdrawn_at is not None
    assert "Withdrawn." in client.get(path).content.decode()
    assert client.get("/night-out/manage/not-a-token/").status_code == 404


def test_an_officers_slots_may_not_overlap_and_visits_stay_in_the_night():
    night = night_out()
    coordinator = factories.user("coordinator")
    officer = factories.user("officer")
    a, b = party(night), party(night)
    visit_assign(
        party=a, officer=officer, start=slot(night, 18)[0], end=slot(night, 18)[1], by=coordinator
    )
    with pytest.raises(NightOutError) as clash:
        visit_assign(
            party=b,
            officer=officer,
            start=slot(night, 18, 29)[0],
            end=slot(night, 18, 29)[1],
            by=coordinator,
        )
    assert clash.value.message == "This officer already has a visit at that time."
    with pytest.raises(NightOutError) as late:
        visit_assign(
            party=b,
            officer=officer,
            start=slot(night, 20, 45)[0],
            end=slot(night, 20, 45)[1],
            by=coordinator,
        )
    assert late.value.message == "A visit must be within the night's hours."
    with pytest.raises(NightOutError) as not_coordinator:
        visit_assign(
            party=b, officer=officer, start=slot(night, 19)[0], end=slot(night, 19)[1], by=officer
        )
    assert not_coordinator.value.message == "Only coordinators assign visits."
    visit_assign(
        party=b,
        officer=officer,
        start=slot(night, 18, 30)[0],
        end=slot(night, 18, 30)[1],
        by=coordinator,
    )
    assert Visit.objects.count() == 2


def test_only_coordinators_open_the_coordinator_list(client):
    night_out()
    client.force_login(factories.user("officer"))
    assert client.get("/officers/night-out/coordinate/").status_code == 403
    client.logout()
    assert client.get("/officers/night-out/").status_code == 302


def test_the_purge_erases_registrations_after_the_retention_period(settings, client):
    night = night_out()
    registered = party(night, phone="+15035550100", needs="Chairs")
    officer = factories.user("officer")
    visit_assign(
        party=registered,
        officer=officer,
        start=slot(night, 18)[0],
        end=slot(night, 18)[1],
        by=factories.user("coordinator"),
    )
    Notification.objects.create(
        kind=Kind.NIGHTOUT_LINK, party=registered, due_at=timezone.now(), dedupe_key="test:link"
    )
    PartyLink.objects.create(party=registered, token_hash="a" * 64)
    days = settings.PORCHLIGHT["RETENTION_DAYS"]

    early = retention_purge(now=night.end + dt.timedelta(days=days - 1))
    assert early.run.block_parties == 0
    result = retention_purge(now=night.end + dt.timedelta(days=days))
    assert (result.run.block_parties, result.run.notices) == (1, 2)
    erased = BlockParty.objects.get()
    assert (erased.host_name, erased.email, erased.phone, erased.address, erased.needs) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert erased.expected_size == 20 and erased.erased_at is not None
    assert (PartyLink.objects.count(), Notification.objects.count(), Visit.objects.count()) == (
        0,
        0,
        1,
    )
    assert retention_purge(now=night.end + dt.timedelta(days=days + 1)).run.block_parties == 0


def test_a_dry_run_purge_erases_nothing(settings):
    night = night_out()
    party(night)
    result = retention_purge(
        now=night.end + dt.timedelta(days=settings.PORCHLIGHT["RETENTION_DAYS"]), dry_run=True
    )
    assert result.run.block_parties == 1
    assert BlockParty.objects.get().host_name.startswith("Host ")


def test_public_pages_and_feeds_show_no_host(client):
    night = night_out()
    registered = party(night, phone="+15035550100")
    factories.event()
    pages = [client.get(p).content.decode() for p in ("/", "/night-out/", "/calendar/events.ics")]
    for page in pages:
        for private in (registered.host_name, registered.email, registered.address, "5035550100"):
            assert private not in page


def test_notices_reach_the_host_in_their_language():
    night = night_out()
    registered = party(night, language="es", host_name="Lan")
    notice = Notification.objects.create(
        kind=Kind.NIGHTOUT_REGISTERED, party=registered, due_at=timezone.now(), dedupe_key="t:es"
    )
    with translation.override("ru"):
        assert notice_deliver(notice.pk) == "sent"
    [message] = mail.outbox
    assert message.to == [registered.email]
    assert '<html lang="es" dir="ltr">' in message.alternatives[0][0]
    with translation.override("es"):
        assert when_text(night.start, night.end, night.timezone) in message.body


def _rows(night, count: int, officer, coordinator):
    hoods = [factories.neighborhood(), factories.neighborhood()]
    for i in range(count):
        p = party(night, neighborhood=hoods[i % 2])
        start = night.start + dt.timedelta(minutes=10 * i)
        Visit.objects.create(
            party=p, officer=officer, start=start, end=start + dt.timedelta(minutes=10)
        )


@pytest.mark.parametrize("count", [2, 20])
def test_the_coordinator_list_takes_the_same_queries_for_2_and_20(
    client, count, django_assert_num_queries
):
    night = night_out()
    coordinator = factories.user("coordinator")
    officer = factories.user("officer")
    _rows(night, count, officer, coordinator)
    client.force_login(coordinator)
    client.get("/officers/night-out/coordinate/")  # session warm-up
    with django_assert_num_queries(QUERIES["coordinate"]):
        assert client.get("/officers/night-out/coordinate/").status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_officer_visit_list_takes_the_same_queries_for_2_and_20(
    client, count, django_assert_num_queries
):
    night = night_out()
    officer = factories.user("officer")
    _rows(night, count, officer, None)
    client.force_login(officer)
    client.get("/officers/night-out/")
    for path in ("/officers/night-out/", "/officers/night-out/sheet/"):
        with django_assert_num_queries(QUERIES["officer"]):
            assert client.get(path).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_officer_feed_takes_the_same_queries_for_2_and_20(
    client, count, django_assert_num_queries
):
    night = night_out()
    officer = factories.user("officer")
    _rows(night, count, officer, None)
    token = officer_feed_token_rotate(user=officer)
    with django_assert_num_queries(QUERIES["feed"]):
        body = client.get(f"/calendar/officers/{token}.ics").content
    assert len(_vevents(body)) == count


QUERIES = {"coordinate": 7, "officer": 5, "feed": 15}


@pytest.mark.parametrize("kind", sorted(PARTY_KINDS))
def test_every_block_party_notice_reaches_a_vietnamese_host_in_vietnamese(kind):
    """Needs the Vietnamese catalog (filled from /work/helpers/tr/nightout.json at merge)."""
    night = night_out()
    registered = party(night, language="vi", host_name="Lan")
    notice = Notification.objects.create(
        kind=kind, party=registered, due_at=timezone.now(), dedupe_key=f"t:vi:{kind}"
    )
    with translation.override("ru"):
        assert notice_deliver(notice.pk) == "sent"
    [message] = mail.outbox
    assert message.subject == notice_subject("vi", kind, year=night.year)
    assert message.body.startswith(notice_opening("vi", kind, name="Lan"))
    assert f"\n{translated('vi', 'When:')} " in message.body


def test_a_block_party_notice_has_no_stop_reminders_link_that_answers(client):
    registered = party(night_out())
    notice = Notification.objects.create(
        kind=Kind.NIGHTOUT_REGISTERED, party=registered, due_at=timezone.now(), dedupe_key="t:stop"
    )
    assert notice_deliver(notice.pk) == "sent"
    notice.refresh_from_db()
    stop = f"/notices/{notice.link_token('unsubscribe')}/stop-reminders/"

    assert "stop-reminders" not in mail.outbox[0].body
    assert (client.get(stop).status_code, client.post(stop).status_code) == (404, 404)
