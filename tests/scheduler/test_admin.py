"""The coordinators' event and series admin: adding from a program, refusals, cancel, reinstate."""

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.utils import timezone

from notifications.models import Notification
from questions.models import Question
from rsvp.models import Rsvp
from scheduler import signals
from scheduler.errors import EventError
from scheduler.models import Event, EventLanguage, EventSeries
from scheduler.services import (
    event_cancel,
    event_create,
    event_reinstate,
    event_save,
    series_create,
    series_materialize,
)
from tests import factories
from tests.locks import event_lock_held
from tests.scheduler.admin_support import coordinator, form_values
from volunteers.models import VolunteerRole

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CHANGELIST = "/admin/scheduler/event/"


@pytest.fixture
def admin_client(client):
    client.force_login(coordinator())
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _add_page(client, url: str) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200
    return form_values(page.content.decode())


def _event_add_values(client, opened_for, **changes) -> dict[str, list[str]]:
    """What a coordinator posts from the event add page opened for a program."""
    venue, host = factories.venue(), factories.organization()
    values = _add_page(client, f"/admin/scheduler/event/add/?program={opened_for.pk}")
    values.update(
        title_en=["Coffee with a Cop"],
        venue=[str(venue.pk)],
        host=[str(host.pk)],
        start_0=["2030-01-08"],
        start_1=["18:30:00"],
        end_0=["2030-01-08"],
        end_1=["19:30:00"],
    )
    values.update({name: [value] for name, value in changes.items()})
    return values


# --- Adding: the program's defaults ------------------------------------------------------


def test_admin_add_asks_for_the_program_first(admin_client):
    factories.program(name="Coffee with a Cop", default_capacity=12, default_max_party_size=3)
    response = admin_client.get("/admin/scheduler/event/add/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "admin/scheduler/choose_program.html"
    choices = list(response.context["form"].fields["program"].choices)
    assert [label for _, label in choices] == ["Coffee with a Cop — 12 seats, parties of up to 3"]


def test_admin_add_and_event_create_give_the_programs_defaults(admin_client):
    program = factories.program(default_capacity=12, default_max_party_size=3)
    response = admin_client.post(
        f"/admin/scheduler/event/add/?program={program.pk}",
        _event_add_values(admin_client, program),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = event_create(
        title="Coffee",
        program=program,
        venue=factories.venue(),
        host=factories.organization(),
        start=timezone.now() + dt.timedelta(days=3),
        end=timezone.now() + dt.timedelta(days=3, hours=1),
    )
    from_admin = Event.objects.get(title="Coffee with a Cop")
    assert (from_admin.capacity, from_admin.max_party_size) == (12, 3)
    assert (created.capacity, created.max_party_size) == (12, 3)


def test_admin_add_with_the_capacity_cleared_makes_an_unlimited_event(admin_client):
    program = factories.program(default_capacity=12, default_max_party_size=3)
    values = _event_add_values(admin_client, program, capacity="", max_party_size="5")
    response = admin_client.post(f"/admin/scheduler/event/add/?program={program.pk}", values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.capacity, event.max_party_size) == (None, 5)


def test_admin_add_with_another_program_picked_takes_that_programs_defaults(admin_client):
    first = factories.program(default_capacity=12, default_max_party_size=3)
    other = factories.program(default_capacity=None, default_max_party_size=8)
    values = _event_add_values(admin_client, first, program=str(other.pk))
    response = admin_client.post(f"/admin/scheduler/event/add/?program={first.pk}", values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.program, event.capacity, event.max_party_size) == (other, None, 8)


def test_admin_add_saves_partners_and_officers(admin_client):
    program = factories.program()
    partner, officer = factories.organization(), factories.user("officer")
    values = _event_add_values(admin_client, program)
    values.update(partners=[str(partner.pk)], officers=[str(officer.pk)])
    response = admin_client.post(f"/admin/scheduler/event/add/?program={program.pk}", values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (list(event.partners.all()), list(event.officers.all())) == ([partner], [officer])
    assert LogEntry.objects.get().object_id == str(event.pk)


def test_event_create_takes_what_is_given_over_the_programs_defaults():
    program = factories.program(default_capacity=12, default_max_party_size=3)
    partner, officer = factories.organization(), factories.user("officer")
    start = timezone.now() + dt.timedelta(days=3)
    event = event_create(
        title="Watch meeting",
        program=program,
        venue=factories.venue(),
        host=factories.organization(),
        partners=[partner],
        officers=[officer],
        start=start,
        end=start + dt.timedelta(hours=1),
        timezone="America/Chicago",
        capacity=None,
        max_party_size=5,
    )
    event.refresh_from_db()
    assert (event.capacity, event.max_party_size, event.timezone, event.sequence) == (
        None,
        5,
        "America/Chicago",
        0,
    )
    assert (list(event.partners.all()), list(event.officers.all())) == ([partner], [officer])


HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        (lambda start: {"end": start - HOUR}, "end", "The event must end after it starts."),
        (
            lambda start: {"rsvp_opens_at": start - HOUR, "rsvp_closes_at": start - 2 * HOUR},
            "rsvp_closes_at",
            "RSVPs must close after they open.",
        ),
        (
            lambda start: {"max_party_size": 0},
            "max_party_size",
            "A party is at least one person: the resident.",
        ),
        (
            lambda start: {"timezone": "Mars/Olympus"},
            "timezone",
            "“Mars/Olympus” is not a known time zone; use a name like America/Los_Angeles.",
        ),
    ],
)
def test_event_create_refuses_bad_values_by_field_and_writes_nothing(bad, field, message):
    start = timezone.now() + dt.timedelta(days=3)
    values = {
        "title": "Watch",
        "program": factories.program(),
        "venue": factories.venue(),
        "host": factories.organization(),
        "start": start,
        "end": start + HOUR,
    }
    with pytest.raises(EventError) as refused:
        event_create(**{**values, **bad(start)})
    assert (refused.value.field, refused.value.message) == (field, message)
    assert Event.objects.count() == 0


def test_a_new_series_takes_its_programs_defaults_and_its_occurrences_the_series_values():
    program = factories.program(default_capacity=12, default_max_party_size=3)
    fields = {
        "program": program,
        "venue": factories.venue(),
        "host": factories.organization(),
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "start_date": dt.date(2030, 1, 1),
        "start_time": dt.time(18, 30),
        "duration": dt.timedelta(hours=1),
    }
    defaults = series_create(title="Defaults", **fields)
    unlimited = series_create(title="Unlimited", capacity=None, max_party_size=2, **fields)
    now = dt.datetime(2029, 12, 1, tzinfo=dt.UTC)
    for series in (defaults, unlimited):
        series_materialize(series=series, until=dt.date(2030, 1, 20), now=now)
    assert set(Event.objects.values_list("series__title", "capacity", "max_party_size")) == {
        ("Defaults", 12, 3),
        ("Unlimited", None, 2),
    }
    assert Event.objects.count() == 6


def test_admin_series_add_starts_from_the_programs_defaults(admin_client):
    program = factories.program(default_capacity=12, default_max_party_size=3)
    venue, host = factories.venue(), factories.organization()
    values = _add_page(admin_client, f"/admin/scheduler/eventseries/add/?program={program.pk}")
    values.update(
        title_en=["Watch"],
        venue=[str(venue.pk)],
        host=[str(host.pk)],
        freq=["DAILY"],
        start_date=[(timezone.localdate() + dt.timedelta(days=1)).isoformat()],
        start_time=["18:30:00"],
        end_time=["20:00:00"],
    )
    response = admin_client.post(f"/admin/scheduler/eventseries/add/?program={program.pk}", values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    series = EventSeries.objects.get()
    assert (series.rrule, series.duration) == ("FREQ=DAILY", dt.timedelta(hours=1, minutes=30))
    assert (series.capacity, series.max_party_size) == (12, 3)
    assert {(e.capacity, e.max_party_size) for e in series.occurrences.all()} == {(12, 3)}


# --- Saves the service refuses -----------------------------------------------------------


def test_admin_save_crossing_another_edit_shows_the_reason_and_writes_nothing(admin_client):
    # At 6 PM local: the end moved 30 minutes later must stay on the same day whatever
    # the hour the test runs.
    day = (timezone.now() + dt.timedelta(days=7)).astimezone(ZoneInfo("America/Los_Angeles"))
    start = day.replace(hour=18, minute=0, second=0, microsecond=0)
    event = factories.event(title="Watch meeting", start=start)
    rsvp = factories.rsvp(event, party_size=2)
    url = f"/admin/scheduler/event/{event.pk}/change/"
    values = form_values(admin_client.get(url).content.decode())
    assert values["rsvps-TOTAL_FORMS"] == ["1"]  # the RSVP inline is posted back too
    moved = Event.objects.get(pk=event.pk)  # someone else moves it later, meanwhile
    moved.start, moved.end = event.end + dt.timedelta(hours=1), event.end + dt.timedelta(hours=2)
    event_save(event=moved, changed_fields=["start", "end"])
    local_end = (event.local_end + dt.timedelta(minutes=30)).time()
    values.update(title_en=["Watch meeting (longer)"], end_1=[local_end.isoformat()])

    response = admin_client.post(url, values)

    assert response.status_code == 409
    assert response.context["adminform"].form.non_field_errors() == [
        "Nothing was saved: The event must end after it starts. The event was changed by "
        "someone else since you opened this page. Open it again to see it as it is now, then "
        "make your change."
    ]
    event.refresh_from_db()
    assert (event.title, event.start, event.end, event.sequence) == (
        "Watch meeting",
        moved.start,
        moved.end,
        1,
    )
    assert list(Rsvp.objects.values_list("pk", "party_size", "status")) == [
        (rsvp.pk, 2, "confirmed")
    ]
    assert LogEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_admin_save_while_the_event_is_locked_says_busy_and_writes_nothing(client, settings):
    client.force_login(coordinator())
    event = factories.event(title="Watch meeting")
    factories.rsvp(event)
    url = f"/admin/scheduler/event/{event.pk}/change/"
    values = form_values(client.get(url).content.decode())
    values["title_en"] = ["Watch meeting (moved)"]
    with event_lock_held(event.pk, settings):
        response = client.post(url, values)
    assert response.status_code == 503
    assert response.context["adminform"].form.non_field_errors() == [
        "Someone else is changing this right now, so nothing was saved. Please try again in "
        "a moment."
    ]
    event.refresh_from_db()
    assert (event.title, LogEntry.objects.count()) == ("Watch meeting", 0)


@pytest.mark.django_db(transaction=True)
def test_admin_cancel_while_the_event_is_locked_says_busy(client, settings):
    client.force_login(coordinator())
    event = factories.event(title="Watch meeting")
    with event_lock_held(event.pk, settings):
        response = client.post(
            CHANGELIST,
            {
                "action": "cancel_events",
                "_selected_action": [event.pk],
                "post": "yes",
                "reason": "Snow.",
            },
        )
    assert response.status_code == 302
    assert _messages(response) == [
        f"Busy: 0 events were done, but “{event}” and the ones after it were not. Please try "
        "again in a moment: the events already done are skipped then."
    ]
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason) == ("scheduled", "")


@pytest.mark.django_db(transaction=True)
def test_admin_delete_while_the_event_is_locked_says_busy_and_deletes_nothing(client, settings):
    client.force_login(coordinator())
    event = factories.event()
    with event_lock_held(event.pk, settings):
        response = client.post(f"/admin/scheduler/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/scheduler/event/{event.pk}/change/"
    assert _messages(response) == [
        "Someone else is changing this event right now, so it was not deleted. Please try "
        "again in a moment."
    ]
    assert (Event.objects.filter(pk=event.pk).count(), LogEntry.objects.count()) == (1, 0)


# --- Cancel and reinstate ----------------------------------------------------------------


def _action(client, action: str, events, **data):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [e.pk for e in events], **data}
    )


def test_admin_cancel_asks_for_confirmation_and_a_reason_then_keeps_the_reason(admin_client):
    event = factories.event(title="Watch meeting")
    rsvp = factories.rsvp(event, party_size=2)

    page = _action(admin_client, "cancel_events", [event])
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "admin/scheduler/event/action_confirmation.html"
    assert [e.pk for e in page.context["events"]] == [event.pk]
    assert "1 confirmed RSVP" in page.content.decode()

    without_reason = _action(admin_client, "cancel_events", [event], post="yes", reason="")
    assert without_reason.status_code == 200
    assert without_reason.context["form"].errors == {"reason": ["This field is required."]}
    event.refresh_from_db()
    assert event.status == "scheduled"

    reason = "Snow: the library is closed. We meet again next Tuesday."
    done = _action(admin_client, "cancel_events", [event], post="yes", reason=reason)
    assert done.status_code == 302
    assert _messages(done) == ["1 event cancelled; its residents are told."]
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason, event.sequence) == ("cancelled", reason, 1)
    notices = Notification.objects.filter(rsvp=rsvp, kind=Notification.Kind.EVENT_CANCELLED)
    assert [n.payload["reason"] for n in notices] == [reason]
    assert [e.get_change_message() for e in LogEntry.objects.all()] == [
        "Changed status and cancellation reason."
    ]
    # The History button shows the audit trail: the status and the reason, before and after.
    history = admin_client.get(f"/admin/scheduler/event/{event.pk}/history/")
    entries = history.context["log_entries"]
    (entry,) = [e for e in entries if e.action == e.Action.UPDATE and "status" in e.changes_dict]
    assert (entry.actor, entry.changes_dict["status"]) == (
        history.wsgi_request.user,
        ["scheduled", "cancelled"],
    )
    assert entry.changes_dict["cancellation_reason"] == ["", reason]


def test_admin_cancel_of_an_event_already_cancelled_keeps_its_first_reason(admin_client):
    event = factories.event()
    event_cancel(event=event, reason="Snow.")
    done = _action(admin_client, "cancel_events", [event], post="yes", reason="Rain.")
    assert _messages(done) == ["The selected events were already cancelled: nothing changed."]
    event.refresh_from_db()
    assert (event.cancellation_reason, event.sequence) == ("Snow.", 1)


def test_a_coordinator_who_may_only_view_events_cannot_cancel_or_reinstate_them(client):
    viewer = factories.user(is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_event"], content_type__app_label="scheduler")
    )
    client.force_login(viewer)
    event = factories.event()
    response = _action(client, "cancel_events", [event], post="yes", reason="Snow.")
    assert response.status_code == 200  # the list again: no such action for this user
    assert response.context["action_form"] is None
    event.refresh_from_db()
    assert event.status == "scheduled"


def test_admin_change_form_cannot_set_the_cancellation_reason(admin_client):
    event = factories.event()
    page = admin_client.get(f"/admin/scheduler/event/{event.pk}/change/")
    assert "cancellation_reason" not in page.context["adminform"].form.fields


def test_admin_reinstate_schedules_a_cancelled_event_again_and_says_so(admin_client):
    event = factories.event(title="Watch meeting")
    rsvp = factories.rsvp(event)
    event_cancel(event=event, reason="Snow.")
    reinstated = []

    def receiver(sender, *, event, **kwargs):
        reinstated.append((event.pk, event.status))

    signals.event_reinstated.connect(receiver)
    try:
        page = _action(admin_client, "reinstate_events", [event])
        assert page.status_code == 200
        assert [e.pk for e in page.context["events"]] == [event.pk]
        assert reinstated == []
        done = _action(admin_client, "reinstate_events", [event], post="yes")
    finally:
        signals.event_reinstated.disconnect(receiver)
    assert done.status_code == 302
    assert _messages(done) == ["1 event reinstated; its residents are told."]
    event.refresh_from_db()
    assert (event.status, event.cancelled_at, event.cancellation_reason, event.sequence) == (
        "scheduled",
        None,
        "",
        2,
    )
    assert reinstated == [(event.pk, "scheduled")]
    kinds = Notification.objects.filter(rsvp=rsvp).values_list("kind", flat=True)
    assert sorted(set(kinds)) == ["event_cancelled", "event_reinstated", "reminder"]


def test_admin_reinstate_is_refused_for_an_event_that_has_ended(admin_client):
    start = timezone.now() - dt.timedelta(hours=3)
    event = factories.event(start=start, end=start + dt.timedelta(hours=1))
    event_cancel(event=event, reason="Snow.")
    done = _action(admin_client, "reinstate_events", [event], post="yes")
    assert done.status_code == 302
    assert _messages(done) == [
        f"“{event}”: This event has already ended, so it cannot be reinstated."
    ]
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason) == ("cancelled", "Snow.")


def test_reinstating_an_event_that_is_not_cancelled_does_nothing():
    event = factories.event()
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs["event"].pk)

    signals.event_reinstated.connect(receiver)
    try:
        assert event_reinstate(event=event) is False
    finally:
        signals.event_reinstated.disconnect(receiver)
    event.refresh_from_db()
    assert (event.status, event.sequence, sent) == ("scheduled", 0, [])


def test_reinstating_gives_seats_freed_while_cancelled_to_the_waitlist():
    event = factories.event(capacity=2)
    confirmed = factories.rsvp(event, party_size=2)
    waiting = factories.rsvp(event, status=Rsvp.Status.WAITLISTED)
    event_cancel(event=event, reason="Snow.")
    Rsvp.objects.filter(pk=confirmed.pk).update(status=Rsvp.Status.CANCELLED)  # left meanwhile
    assert event_reinstate(event=event) is True
    waiting.refresh_from_db()
    assert waiting.status == Rsvp.Status.CONFIRMED


def test_a_reinstated_date_that_its_series_dropped_is_kept_by_the_next_materialization():
    now = dt.datetime(2029, 12, 1, tzinfo=dt.UTC)
    series = factories.series(rrule="FREQ=WEEKLY;BYDAY=TU", start_date=dt.date(2030, 1, 1))
    series_materialize(series=series, until=dt.date(2030, 1, 31), now=now)
    dropped = series.occurrences.get(occurrence_date=dt.date(2030, 1, 8))
    factories.rsvp(dropped)
    series.rrule = "FREQ=WEEKLY;BYDAY=WE"
    series.save()
    series_materialize(series=series, until=dt.date(2030, 1, 31), now=now)
    dropped.refresh_from_db()
    assert dropped.status == "cancelled"

    event_reinstate(event=dropped, now=now)
    series_materialize(series=series, until=dt.date(2030, 1, 31), now=now)
    dropped.refresh_from_db()
    assert (dropped.status, dropped.is_customized) == ("scheduled", True)


# --- Layering ----------------------------------------------------------------------------


def test_the_scheduler_admin_imports_nothing_of_rsvp_or_notifications():
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for path in sorted((ROOT / "scheduler" / "admin").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert "scheduler.services" in imported  # the walk sees the package's imports
    assert [name for name in imported if name.split(".")[0] in {"rsvp", "notifications"}] == []


def test_the_event_page_still_shows_its_rsvps(admin_client):
    event = factories.event()
    factories.rsvp(event)
    page = admin_client.get(f"/admin/scheduler/event/{event.pk}/change/")
    inlines = [f.formset.model for f in page.context["inline_admin_formsets"]]
    # The languages at the event come first; the other apps' inlines (registration
    # questions, volunteer roles) after the RSVPs.
    assert inlines == [EventLanguage, Rsvp, Question, VolunteerRole]
    search = admin_client.get(f"{CHANGELIST}?q={event.rsvps.get().attendee.email}")
    assert [e.pk for e in search.context["cl"].result_list] == [event.pk]
