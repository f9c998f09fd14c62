"""Everyday admin: the event list opens on upcoming events with their counts, copies on a new
date, delete refusals in words, bulk actions through the services, the dashboard."""

import datetime as dt
import html
import zoneinfo

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.utils import timezone

from notifications.models import Notification
from rsvp.models import RosterAccess, Rsvp, WalkIn
from scheduler.admin.dashboard import dashboard_build
from scheduler.models import Event, EventLanguage, EventSeries, Review
from scheduler.services import officer_feed_token_rotate, series_materialize
from scheduler.services.copies import COPIED
from tests import factories
from tests.scheduler.admin_support import coordinator
from tests.scheduler.feeds_support import uids

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/scheduler/event/"
DASHBOARD = "/admin/scheduler/event/dashboard/"
LA = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.fixture
def admin_client(client):
    client.force_login(coordinator())
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _in(days: float, hour: int | None = None) -> dt.datetime:
    moment = timezone.now() + dt.timedelta(days=days)
    if hour is not None:
        local = timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE))
        moment = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment


def _action(client, action, events, **data):
    client.get("/admin/")  # shows (and so clears) the messages of the request before
    return client.post(
        CHANGELIST + "?when=all",
        {"action": action, "_selected_action": [e.pk for e in events], **data},
    )


def _listed(response) -> list[Event]:
    return list(response.context["cl"].result_list)


# --- the list ---------------------------------------------------------------------------


def test_event_list_opens_on_upcoming_events_soonest_first(admin_client):
    past = factories.event(title="Last month", start=_in(-30))
    later = factories.event(title="Next month", start=_in(30))
    this_week = factories.event(title="Thursday", start=_in(2))
    under_way = factories.event(title="Now", start=_in(-1 / 48))  # ends in half an hour

    opened = admin_client.get(CHANGELIST)
    assert opened.status_code == 200
    assert _listed(opened) == [under_way, this_week, later]
    assert [e.pk for e in _listed(admin_client.get(CHANGELIST + "?when=week"))] == [
        under_way.pk,
        this_week.pk,
    ]
    # The past, most recent first; every date in order.
    assert _listed(admin_client.get(CHANGELIST + "?when=past")) == [past]
    assert _listed(admin_client.get(CHANGELIST + "?when=all")) == [
        past,
        under_way,
        this_week,
        later,
    ]
    choices = opened.context["cl"].filter_specs[0]
    assert [c["display"] for c in choices.choices(opened.context["cl"])] == [
        "Upcoming",
        "Next 7 days",
        "Past",
        "All dates",
    ]


def test_event_list_counts_confirmed_waitlisted_and_to_arrange(admin_client):
    event = factories.event()
    # What is counted is the open requests of confirmed RSVPs (accommodations app).
    factories.accommodation(factories.rsvp(event), "wheelchair")
    factories.rsvp(event, accessibility_needs="")
    asl = factories.rsvp(event, party_size=3)
    factories.accommodation(asl, "asl")
    factories.accommodation(asl, "childcare", state="arranged")
    factories.accommodation(factories.rsvp(event, status=Rsvp.Status.WAITLISTED), "hearing_loop")
    factories.accommodation(factories.rsvp(event, status=Rsvp.Status.CANCELLED), "large_print")
    empty = factories.event(start=_in(8))

    rows = _listed(admin_client.get(CHANGELIST))
    assert [(e.pk, e.confirmed, e.waitlisted, e.to_arrange, e.seats_taken) for e in rows] == [
        (event.pk, 3, 1, 2, 5),
        (empty.pk, 0, 0, 0, 0),
    ]
    page = admin_client.get(CHANGELIST).content.decode()
    assert "To arrange" in page


@pytest.mark.parametrize("rows", [2, 20])
def test_event_list_queries_stay_flat(admin_client, django_assert_num_queries, rows):
    program, venue, host = factories.program(), factories.venue(), factories.organization()
    for i in range(rows):
        event = factories.event(program=program, venue=venue, host=host, start=_in(1 + i))
        factories.rsvp(event, accessibility_needs="Ramp")
    admin_client.get(CHANGELIST)  # the session and the user's groups, warmed up
    with django_assert_num_queries(13):
        assert admin_client.get(CHANGELIST).status_code == 200


# --- duplicate --------------------------------------------------------------------------


def _original():
    officer = factories.user("officer")
    partner = factories.organization()
    start = dt.datetime(2026, 11, 3, 18, 30, tzinfo=LA)  # last month's workshop
    event = factories.event(
        title="Home security workshop",
        title_es="Taller de seguridad en el hogar",
        description="Locks, lights, cameras.",
        description_vi="Khóa, đèn, camera.",
        start=start,
        end=start + dt.timedelta(minutes=90),
        timezone="America/Los_Angeles",
        capacity=25,
        max_party_size=3,
        rsvp_mode="headcount",
        visibility="unlisted",
        promotion_cutoff_minutes=60,
        rsvp_opens_at=start - dt.timedelta(days=14),
        rsvp_closes_at=start - dt.timedelta(hours=2),
        partners=[partner],
        officers=[officer],
        languages=[("es", False), ("vi", True)],
    )
    checked_in = factories.rsvp(event, accessibility_needs="Ramp")
    checked_in.checked_in_at = start
    checked_in.save()
    factories.rsvp(event, status=Rsvp.Status.WAITLISTED)
    factories.walkin(event)
    Notification.objects.create(
        kind=Notification.Kind.CONFIRMED,
        attendee=checked_in.attendee,
        rsvp=checked_in,
        event=event,
        due_at=timezone.now(),
        dedupe_key="original-confirmation",
    )
    return event, officer, partner


def test_duplicate_keeps_no_rsvps(admin_client):
    event, officer, partner = _original()
    page = admin_client.get(f"{CHANGELIST}{event.pk}/duplicate/")
    assert page.status_code == 200
    # The same local time by default, on a date that has not passed.
    assert page.context["form"]["start_time"].value() == dt.time(18, 30)

    answer = admin_client.post(
        f"{CHANGELIST}{event.pk}/duplicate/", {"start_date": "2027-01-12", "start_time": "18:30"}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert answer.status_code == 302
    assert answer.url == f"/admin/scheduler/event/{copy.pk}/change/"
    assert copy.rsvps.count() == 0
    assert WalkIn.objects.filter(event=copy).count() == 0
    assert Notification.objects.filter(event=copy).count() == 0
    assert Rsvp.objects.filter(event=event).count() == 2  # the original keeps its own
    assert copy.uid != event.uid and copy.share_key != event.share_key
    assert copy.start == dt.datetime(2027, 1, 12, 18, 30, tzinfo=LA)
    assert copy.end == dt.datetime(2027, 1, 12, 20, 0, tzinfo=LA)
    # The RSVP window moves by the same days at the same local time (here across the
    # change from daylight-saving time).
    assert copy.rsvp_opens_at == dt.datetime(2026, 12, 29, 18, 30, tzinfo=LA)
    assert copy.rsvp_closes_at == dt.datetime(2027, 1, 12, 16, 30, tzinfo=LA)
    assert (copy.title_en, copy.title_es, copy.description_en, copy.description_vi) == (
        "Home security workshop",
        "Taller de seguridad en el hogar",
        "Locks, lights, cameras.",
        "Khóa, đèn, camera.",
    )
    assert {name: getattr(copy, name) for name in COPIED} == {
        name: getattr(event, name) for name in COPIED
    }
    assert list(copy.partners.all()) == [partner]
    assert list(copy.officers.all()) == [officer]
    assert sorted(
        EventLanguage.objects.filter(event=copy).values_list("language", "interpreted")
    ) == [
        ("es", False),
        ("vi", True),
    ]
    assert (copy.status, copy.sequence, copy.series_id, copy.import_key) == (
        "scheduled",
        0,
        None,
        None,
    )
    assert _messages(answer) == [
        f"“{copy}” is a copy of “{event}”, with no RSVPs yet. Check it, then share its link."
    ]


def test_every_event_field_is_copied_or_said_not_to_be():
    handled = {
        *COPIED,
        *(f.name for f in Event._meta.fields if f.name.startswith(("title", "description"))),
        "partners",
        "officers",
        "start",
        "end",
        "rsvp_opens_at",
        "rsvp_closes_at",
    }
    # A copy's own: a new identity, a fresh state, no series, no import, no erasure; a
    # coordinator's copy is published (review), whatever review its original went through.
    fresh = {
        "review",
        "id",
        "uid",
        "share_key",
        "sequence",
        "status",
        "cancelled_at",
        "cancellation_reason",
        "series",
        "occurrence_date",
        "is_customized",
        "import_key",
        "personal_data_erased_at",
        "created_at",
        "updated_at",
    }
    fields = {f.name for f in Event._meta.get_fields() if not f.auto_created or f.concrete}
    assert sorted(fields - handled - fresh) == []


def test_duplicate_refuses_a_date_that_has_passed_and_writes_nothing(admin_client):
    event, _, _ = _original()
    answer = admin_client.post(
        f"{CHANGELIST}{event.pk}/duplicate/", {"start_date": "2020-01-07", "start_time": "18:30"}
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "start_date": ["Choose a date and time that has not passed yet."]
    }
    bad = admin_client.post(f"{CHANGELIST}{event.pk}/duplicate/", {"start_date": "next week"})
    assert sorted(bad.context["form"].errors) == ["start_date", "start_time"]
    assert Event.objects.count() == 1


def test_duplicate_series_copies_its_rule_from_the_new_date_and_materializes(admin_client):
    officer = factories.user("officer")
    series = factories.series(
        title="Coffee with a Cop", rrule="FREQ=WEEKLY;BYDAY=TU", start_date=dt.date(2026, 9, 1)
    )
    series.officers.set([officer])
    start_date = timezone.localdate() + dt.timedelta(days=8)
    answer = admin_client.post(
        f"/admin/scheduler/eventseries/{series.pk}/duplicate/",
        {"start_date": start_date.isoformat()},
    )
    assert answer.status_code == 302
    copy = EventSeries.objects.exclude(pk=series.pk).get()
    assert (copy.title, copy.rrule, copy.start_date, copy.start_time, copy.duration) == (
        "Coffee with a Cop",
        "FREQ=WEEKLY;BYDAY=TU",
        start_date,
        dt.time(18, 30),
        dt.timedelta(hours=1),
    )
    assert copy.uid != series.uid
    assert list(copy.officers.all()) == [officer]
    dates = list(copy.occurrences.values_list("occurrence_date", flat=True))
    assert dates and dates[0] >= start_date
    assert {d.weekday() for d in dates} == {1}
    assert Rsvp.objects.filter(event__series=copy).count() == 0
    past = admin_client.post(
        f"/admin/scheduler/eventseries/{series.pk}/duplicate/", {"start_date": "2020-01-07"}
    )
    assert past.context["form"].errors == {"start_date": ["Choose a day that has not passed yet."]}


# --- delete -----------------------------------------------------------------------------


REFUSAL = (
    "This event has RSVPs or walk-ins, so it cannot be deleted: deleting it would drop "
    "residents without a word. Cancel it instead: every resident who RSVPed is told, with the "
    "reason you give, their RSVPs stay on record, and calendars show the event as cancelled."
)


def test_delete_of_an_event_with_rsvps_is_refused_in_words_with_cancel_offered(admin_client):
    event = factories.event()
    factories.rsvp(event)
    for answer in (
        admin_client.get(f"{CHANGELIST}{event.pk}/delete/"),
        admin_client.post(f"{CHANGELIST}{event.pk}/delete/", {"post": "yes"}),
    ):
        page = answer.content.decode()
        assert answer.status_code == 409
        assert REFUSAL in " ".join(page.split())
        assert "permission" not in page
        assert 'value="cancel_events"' in page
    assert Event.objects.filter(pk=event.pk).exists()
    # "Cancel instead…" opens the cancel action's confirmation for this event.
    cancel = _action(admin_client, "cancel_events", [event])
    assert cancel.context["action"] == "cancel_events"
    assert cancel.context["events"] == [event]


def test_delete_of_an_event_nobody_rsvped_to_is_confirmed_then_done(admin_client):
    event = factories.event()
    RosterAccess.objects.create(user=factories.user("officer"), event=event, what="view")
    page = admin_client.get(f"{CHANGELIST}{event.pk}/delete/")
    assert page.status_code == 200
    assert page.context["perms_lacking"] == set()
    assert page.context["protected"] == []
    assert "permission" not in page.content.decode()
    done = admin_client.post(f"{CHANGELIST}{event.pk}/delete/", {"post": "yes"})
    assert done.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_bulk_delete_deletes_those_nobody_rsvped_to_and_keeps_the_others(admin_client):
    empty, busy = factories.event(), factories.event()
    factories.rsvp(busy)
    assert (
        "delete_selected"
        not in admin_client.get(CHANGELIST)
        .context["action_form"]
        .fields["action"]
        .choices.__str__()
    )
    confirm = _action(admin_client, "delete_events", [empty, busy])
    assert confirm.context["events"] == [empty]
    done = _action(admin_client, "delete_events", [empty, busy], post="yes")
    assert done.status_code == 302
    assert list(Event.objects.all()) == [busy]
    assert _messages(done) == [
        "1 event deleted.",
        "1 event has RSVPs or walk-ins, so it is not deleted: cancel it instead, and its "
        "residents are told.",
    ]
    only_busy = _action(admin_client, "delete_events", [busy])
    assert only_busy.status_code == 409


# --- bulk actions -----------------------------------------------------------------------


def test_bulk_cancel_tells_each_resident_with_the_one_reason(admin_client):
    first, second = factories.event(), factories.event()
    a, b = factories.rsvp(first), factories.rsvp(second)
    done = _action(
        admin_client, "cancel_events", [first, second], post="yes", reason="Storm warning."
    )
    assert done.status_code == 302
    notices = Notification.objects.filter(kind=Notification.Kind.EVENT_CANCELLED)
    assert sorted((n.rsvp_id, n.payload["reason"]) for n in notices) == sorted(
        [(a.pk, "Storm warning."), (b.pk, "Storm warning.")]
    )


def test_bulk_move_venue_tells_the_residents_and_leaves_past_events(admin_client):
    old, new = factories.venue(name="Old library"), factories.venue(name="Community center")
    coming = factories.event(venue=old)
    past = factories.event(venue=old, start=_in(-3))
    confirmed = factories.rsvp(coming)
    waiting = factories.rsvp(coming, status=Rsvp.Status.WAITLISTED)
    factories.rsvp(coming, status=Rsvp.Status.CANCELLED)
    confirm = _action(admin_client, "move_venue", [coming, past])
    assert confirm.status_code == 200 and confirm.context["action"] == "move_venue"

    done = _action(admin_client, "move_venue", [coming, past], post="yes", venue=new.pk)
    assert done.status_code == 302
    coming.refresh_from_db()
    past.refresh_from_db()
    assert (coming.venue, coming.sequence, past.venue) == (new, 1, old)
    notices = Notification.objects.filter(kind=Notification.Kind.EVENT_CHANGED)
    assert sorted(n.rsvp_id for n in notices) == sorted([confirmed.pk, waiting.pk])
    assert notices[0].payload["where"] == [
        f"Old library, {old.address}",
        f"Community center, {new.address}",
    ]
    assert _messages(done) == [
        "1 event moved; its residents are told.",
        "1 event has already ended, so it was not moved.",
    ]
    again = _action(admin_client, "move_venue", [coming], post="yes", venue=new.pk)
    assert _messages(again) == ["These events were already at that venue: nothing changed."]
    assert Notification.objects.filter(kind=Notification.Kind.EVENT_CHANGED).count() == 2


def test_bulk_move_venue_of_a_series_occurrence_keeps_it_there(admin_client):
    series = factories.series(start_date=timezone.localdate() + dt.timedelta(days=1))
    series_materialize(series=series)
    occurrence = series.occurrences.order_by("start").first()
    new = factories.venue()
    _action(admin_client, "move_venue", [occurrence], post="yes", venue=new.pk)
    series_materialize(series=series)
    occurrence.refresh_from_db()
    assert (occurrence.venue, occurrence.is_customized) == (new, True)


def test_bulk_assign_officers_puts_the_events_in_their_feed(admin_client, client):
    officer, other = factories.user("officer"), factories.user("officer")
    first = factories.event(start=_in(2), officers=[other])
    second = factories.event(start=_in(3))
    token = officer_feed_token_rotate(user=officer)
    feed = f"/calendar/officers/{token}.ics"
    assert uids(client.get(feed).content) == []
    form = _action(admin_client, "assign_officers", [first, second])
    assert [str(o) for o in form.context["form"]["officers"]] != []

    done = _action(
        admin_client, "assign_officers", [first, second], post="yes", officers=[officer.pk]
    )
    assert done.status_code == 302
    assert _messages(done) == ["Officers assigned to 2 events."]
    assert sorted(first.officers.values_list("pk", flat=True)) == sorted([officer.pk, other.pk])
    assert list(second.officers.all()) == [officer]
    assert uids(client.get(feed).content) == sorted([first.uid, second.uid])

    replaced = _action(
        admin_client,
        "assign_officers",
        [first],
        post="yes",
        officers=[officer.pk],
        replace="on",
    )
    assert _messages(replaced) == ["Officers assigned to 1 event."]
    assert list(first.officers.all()) == [officer]
    none = _action(admin_client, "assign_officers", [first], post="yes", officers=[])
    assert none.status_code == 200 and "officers" in none.context["form"].errors


# --- dashboard --------------------------------------------------------------------------


def test_dashboard_sections(admin_client):
    officer = factories.user("officer")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localtime(timezone.now(), zone).date()
    now = dt.datetime.combine(today, dt.time(12), tzinfo=zone)
    tonight = factories.event(
        title="Tonight",
        start=dt.datetime.combine(today, dt.time(23, 0), tzinfo=zone),
        end=dt.datetime.combine(today, dt.time(23, 30), tzinfo=zone),
        officers=[officer],
    )
    tomorrow = factories.event(
        title="Tomorrow",
        start=dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10), tzinfo=zone),
        capacity=10,
    )
    full = factories.event(title="Full", start=_in(5), capacity=4, officers=[officer])
    factories.accommodation(factories.rsvp(full, party_size=4), "wheelchair")
    factories.rsvp(full, status=Rsvp.Status.WAITLISTED)
    far = factories.event(title="Far", start=_in(20), capacity=None, officers=[officer])
    factories.accommodation(factories.rsvp(far), "interpreter", "Hmong")
    factories.rsvp(tomorrow, party_size=8)  # 8 of 10: not yet 90 %
    factories.event(title="Long ago", start=_in(-40))
    cancelled = factories.event(title="Called off", start=_in(3), status="cancelled")

    board = dashboard_build(now)
    assert board.today == [tonight]
    assert board.week == [tomorrow, cancelled, full]
    assert [e.title for e in board.without_officer] == ["Tomorrow"]
    assert [(e.title, e.to_arrange) for e in board.to_arrange] == [("Full", 1), ("Far", 1)]
    assert [(e.title, e.seats_taken, e.waitlisted) for e in board.near_capacity] == [("Full", 4, 1)]

    page = admin_client.get(DASHBOARD)
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "4 of 4 seats taken, 1 waitlisted" in text
    assert "1 request to arrange" in text
    # Linked from the admin's home and the event list.
    assert DASHBOARD in admin_client.get("/admin/").content.decode()
    assert DASHBOARD in admin_client.get(CHANGELIST).content.decode()


def test_dashboard_is_for_coordinators(client):
    officer = factories.user("officer", is_staff=True)
    client.force_login(officer)
    assert client.get(DASHBOARD).status_code in (302, 403)


@pytest.mark.parametrize("rows", [2, 20])
def test_dashboard_queries_stay_flat(admin_client, django_assert_num_queries, rows):
    program, venue, host = factories.program(), factories.venue(), factories.organization()
    for i in range(rows):
        event = factories.event(
            program=program, venue=venue, host=host, start=_in(i % 7 + 0.1), capacity=1
        )
        factories.rsvp(event, accessibility_needs="Ramp")
    admin_client.get(DASHBOARD)
    with django_assert_num_queries(10):
        assert admin_client.get(DASHBOARD).status_code == 200


@pytest.mark.django_db
def test_a_partners_proposal_is_told_apart_in_the_event_list(admin_client):
    draft = factories.event(title="Teen night", start=_in(3))
    Event.objects.filter(pk=draft.pk).update(review=Review.SUBMITTED)
    factories.event(title="Coffee", start=_in(4))

    page = admin_client.get(CHANGELIST + "?review__exact=submitted").content.decode()

    assert [
        e.title for e in _listed(admin_client.get(CHANGELIST + "?review__exact=submitted"))
    ] == ["Teen night"]
    assert "Submitted for review (not public)" in page


@pytest.mark.django_db
def test_a_proposal_not_yet_published_is_not_duplicated_into_a_public_event(admin_client):
    draft = factories.event(title="Teen night", start=_in(3))
    Event.objects.filter(pk=draft.pk).update(review=Review.SUBMITTED)
    day = timezone.localdate(_in(10))

    response = admin_client.post(
        f"/admin/scheduler/event/{draft.pk}/duplicate/",
        {"start_date": day.isoformat(), "start_time": "18:00"},
    )

    assert response.status_code == 200
    assert "a partner's proposal that is not published" in html.unescape(response.content.decode())
    assert list(Event.objects.values_list("title", "review")) == [("Teen night", "submitted")]
