"""The attendance page, check-in, walk-ins, no-shows, exports and their query counts."""

import csv
import datetime as dt
import io
import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rsvp import queries
from rsvp.errors import RsvpError
from rsvp.models import RosterAccess, Rsvp, WalkIn
from rsvp.officers.csv_export import neutralize
from rsvp.services import checkin_mark, checkin_undo, walkin_record, walkin_remove
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return factories.user("officer")


@pytest.fixture
def event(officer):
    return factories.event(
        title="Coffee with a Cop", officers=[officer], capacity=10, start=factories.door_open()
    )


def _url(event, suffix="attendance/"):
    return f"/officers/events/{event.pk}/{suffix}"


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_attendance_page_lists_confirmed_by_name_and_waitlist_in_order(client, officer, event):
    factories.rsvp(
        event,
        name="Zoe Park",
        phone="+15035550100",
        party_size=2,
        accessibility_needs="Wheelchair space",
    )
    factories.rsvp(event, name="Ana García")
    first = factories.rsvp(event, name="Will Wait", status="waitlisted")
    second = factories.rsvp(event, name="Al Later", status="waitlisted")
    Rsvp.objects.filter(pk=second.pk).update(waitlist_joined_at=first.waitlist_joined_at)
    factories.rsvp(event, name="Gone", status="cancelled")
    client.force_login(officer)

    response = client.get(_url(event))

    assert response.status_code == 200
    roster = response.context["roster"]
    assert [r.name for r in roster.confirmed] == ["Ana García", "Zoe Park"]
    assert [(r.position, r.name) for r in roster.waitlist] == [
        (1, "Will Wait"),
        (2, "Al Later"),
    ]
    assert response.context["counts"] == {
        "confirmed": 3,
        "confirmed_parties": 2,
        "checked_in": 0,
        "checked_in_parties": 0,
        "waitlist": 2,
        "walkins": 0,
        "no_shows": 0,
    }
    body = response.content.decode()
    assert "Wheelchair space" in body
    # Contacts are behind "Show contact" on the door list (tests/rsvp/test_door_flow.py).
    assert "+15035550100" not in body
    assert "Gone" not in body
    assert '<script src="/static/js/checkin.js" defer></script>' in body


def test_attendance_search_without_javascript_filters_by_name_ignoring_accents(
    client, officer, event
):
    for name in ["José Ruiz", "Josephine Lee", "Mark Twain"]:
        factories.rsvp(event, name=name)
    client.force_login(officer)
    # A POST, so that names typed in the box never land in URLs and access logs.
    response = client.post(_url(event), {"q": "jose"})
    assert response.status_code == 200
    assert [r.name for r in response.context["roster"].confirmed] == [
        "José Ruiz",
        "Josephine Lee",
    ]
    assert response.context["counts"]["confirmed_parties"] == 3
    assert client.get(_url(event) + "?q=jose").context["roster"].confirmed[2].name == ("Mark Twain")


def test_checkin_plain_post_marks_arrival_with_who_and_when_and_redirects_back(
    client, officer, event
):
    rsvp = factories.rsvp(event)
    client.force_login(officer)

    response = client.post(_url(event, f"attendance/{rsvp.pk}/checkin/"), {"action": "in"})

    assert response.status_code == 302
    assert response["Location"] == f"/officers/events/{event.pk}/attendance/#rsvp-{rsvp.pk}"
    rsvp.refresh_from_db()
    assert rsvp.checked_in_by == officer
    assert abs(rsvp.checked_in_at - timezone.now()) < dt.timedelta(seconds=10)


def test_checkin_from_script_answers_json_with_new_counts(client, officer, event):
    rsvp = factories.rsvp(event, party_size=3)
    factories.rsvp(event)
    client.force_login(officer)
    url = _url(event, f"attendance/{rsvp.pk}/checkin/")

    marked = client.post(url, {"action": "in"}, HTTP_ACCEPT="application/json")
    undone = client.post(url, {"action": "undo"}, HTTP_ACCEPT="application/json")

    assert marked.status_code == 200
    data = marked.json()
    assert (data["rsvp"], data["checked_in"]) == (rsvp.pk, True)
    assert data["checked_in_at"].endswith(("AM", "PM"))
    assert data["counts"]["checked_in"] == 3
    assert data["counts"]["checked_in_parties"] == 1
    assert undone.json()["checked_in"] is False
    assert undone.json()["counts"]["checked_in"] == 0
    assert list(RosterAccess.objects.order_by("id").values_list("what", flat=True)) == [
        "checkin",
        "undo",
    ]


def test_checkin_twice_keeps_the_first_time_and_officer(event):
    first, second = factories.user("officer"), factories.user("officer")
    rsvp = factories.rsvp(event)
    early = timezone.now() - dt.timedelta(minutes=5)

    checkin_mark(rsvp=rsvp, by=first, now=early)
    again = checkin_mark(rsvp=rsvp, by=second)

    assert (again.checked_in_at, again.checked_in_by) == (early, first)
    assert Rsvp.objects.filter(checked_in_at__isnull=False).count() == 1


def test_checkin_undo_twice_is_harmless(event, officer):
    rsvp = factories.rsvp(event)
    checkin_mark(rsvp=rsvp, by=officer)
    checkin_undo(rsvp=rsvp, by=officer)
    again = checkin_undo(rsvp=rsvp, by=officer)
    assert (again.checked_in_at, again.checked_in_by) == (None, None)


def test_checkin_of_a_waitlisted_party_is_refused_clearly(client, officer, event):
    rsvp = factories.rsvp(event, status="waitlisted")
    with pytest.raises(RsvpError):
        checkin_mark(rsvp=rsvp, by=officer)
    client.force_login(officer)
    url = _url(event, f"attendance/{rsvp.pk}/checkin/")
    response = client.post(url, {"action": "in"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert response.json() == {"error": "Only confirmed RSVPs can be checked in."}
    plain = client.post(url, {"action": "in"}, follow=True)
    assert plain.status_code == 200
    assert [str(m) for m in plain.context["messages"]] == [
        f"{rsvp.name}: Only confirmed RSVPs can be checked in."
    ]


def test_checkin_unknown_action_is_400(client, officer, event):
    rsvp = factories.rsvp(event)
    client.force_login(officer)
    response = client.post(_url(event, f"attendance/{rsvp.pk}/checkin/"), {"action": "x"})
    assert response.status_code == 400


def test_get_of_a_form_target_goes_back_to_the_roster_and_changes_nothing(client, officer, event):
    # After a session ran out, login's `next` is the URL the check-in form posted to.
    rsvp = factories.rsvp(event)
    walkin = factories.walkin(event)
    client.force_login(officer)
    for suffix in [
        f"attendance/{rsvp.pk}/checkin/",
        "attendance/walkins/",
        f"attendance/walkins/{walkin.pk}/remove/",
    ]:
        response = client.get(_url(event, suffix))
        assert (response.status_code, response["Location"]) == (302, _url(event))
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None
    assert WalkIn.objects.count() == 1
    assert client.put(_url(event, f"attendance/{rsvp.pk}/checkin/")).status_code == 405


def test_walkin_recorded_by_mistake_can_be_removed_once(client, officer, event):
    walkin = factories.walkin(event, head_count=2)
    other_event_walkin = factories.walkin(factories.event())
    client.force_login(officer)
    url = _url(event, f"attendance/walkins/{walkin.pk}/remove/")

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)
    foreign = client.post(_url(event, f"attendance/walkins/{other_event_walkin.pk}/remove/"))

    assert [str(m) for m in first.context["messages"]] == ["Walk-in removed: 2 people."]
    assert [str(m) for m in second.context["messages"]] == ["That walk-in was already removed."]
    assert foreign.status_code == 302
    assert list(WalkIn.objects.values_list("pk", flat=True)) == [other_event_walkin.pk]
    assert list(RosterAccess.objects.order_by("id").values_list("what", flat=True)) == [
        "walkin_del",
        "page",
        "page",
    ]


def test_attendance_page_is_not_cached(client, officer, event):
    client.force_login(officer)
    assert client.get(_url(event))["Cache-Control"] == "no-store"


def test_refused_page_says_who_may_see_rosters(client, event):
    client.force_login(factories.user("officer"))
    response = client.get(_url(event))
    assert response.status_code == 403
    assert "Attendance lists are open only to the officers assigned" in response.content.decode()


def test_walkin_recorded_with_optional_name_and_head_count(client, officer, event):
    client.force_login(officer)
    response = client.post(_url(event, "attendance/walkins/"), {"name": "  ", "head_count": "3"})
    assert response.status_code == 302
    assert response["Location"] == f"/officers/events/{event.pk}/attendance/#walkins"
    client.post(_url(event, "attendance/walkins/"), {"name": "Sam  Lee", "head_count": "1"})
    assert list(WalkIn.objects.values_list("name", "head_count", "recorded_by")) == [
        ("", 3, officer.pk),
        ("Sam Lee", 1, officer.pk),
    ]
    page = client.get(_url(event))
    assert page.context["counts"]["walkins"] == 4


@pytest.mark.parametrize("count", ["0", "501", "lots", ""])
def test_walkin_bad_head_count_is_a_form_error(client, officer, event, count):
    client.force_login(officer)
    response = client.post(_url(event, "attendance/walkins/"), {"head_count": count})
    assert response.status_code == 400
    assert (
        response.context["walkin_form"]
        .errors["head_count"][0]
        .startswith("Enter how many people came in")
    )
    assert WalkIn.objects.count() == 0


def test_after_the_event_confirmed_but_not_checked_in_are_no_shows(client, officer):
    start = timezone.now() - dt.timedelta(hours=3)
    past = factories.event(officers=[officer], start=start)
    came = factories.rsvp(past, name="Came", party_size=2)
    factories.rsvp(past, name="Stayed home", party_size=3)
    factories.rsvp(past, name="Waited", status="waitlisted")
    checkin_mark(rsvp=came, by=officer)
    client.force_login(officer)

    response = client.get(_url(past))

    assert [r.name for r in response.context["roster"].no_shows] == ["Stayed home"]
    assert response.context["counts"]["no_shows"] == 3
    assert "No-show</span>" in response.content.decode()
    rows = _csv_rows(client.get(_url(past, "attendance.csv")))
    assert [(row[0], row[2], row[8], row[11]) for row in rows[1:]] == [
        ("confirmed", "Came", "2", "no"),
        ("confirmed", "Stayed home", "", "yes"),
        ("waitlisted", "Waited", "", ""),
    ]


def test_before_the_event_nobody_is_a_no_show(client, officer, event):
    factories.rsvp(event)
    client.force_login(officer)
    response = client.get(_url(event))
    assert response.context["roster"].no_shows == []
    assert "No-show</span>" not in response.content.decode()


HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rReturn",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_neutralize_quotes_cells_that_could_start_a_formula(value):
    assert neutralize(value) == "'" + value


def test_neutralize_leaves_ordinary_values_alone():
    assert [neutralize(v) for v in ["Ana", "O'Brien", "a=b", 3, None]] == [
        "Ana",
        "O'Brien",
        "a=b",
        3,
        "",
    ]


def test_roster_csv_neutralizes_hostile_names_needs_and_walkins(client, officer, event):
    for i, name in enumerate(HOSTILE):
        factories.rsvp(
            event,
            name=name,
            attendee=factories.attendee(email=f"h{i}@example.org"),
            accessibility_needs="=1+1",
        )
    factories.walkin(event, name="@walkin", head_count=2)
    client.force_login(officer)

    response = client.get(_url(event, "attendance.csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="attendance-')
    rows = _csv_rows(response)
    assert rows[0] == [
        "status",
        "waitlist position",
        "name",
        "head-count code",
        "party size",
        "email",
        "phone",
        "accessibility needs",
        "arrived",
        "checked in at",
        "checked in by",
        "no-show",
        "still coming?",
    ]
    names = sorted(row[2] for row in rows[1:])
    assert names == sorted("'" + v for v in [*HOSTILE, "@walkin"])
    assert {row[7] for row in rows[1:] if row[0] == "confirmed"} == {"'=1+1"}
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert list(RosterAccess.objects.values_list("what", flat=True)) == ["csv"]


def test_sign_in_sheet_has_header_roster_signature_column_and_blank_rows(client, officer, event):
    factories.rsvp(event, name="Ana García", phone="+15035550100")
    factories.rsvp(event, name="Will Wait", status="waitlisted")
    client.force_login(officer)

    response = client.get(_url(event, "sign-in-sheet/"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Coffee with a Cop</h1>" in body
    assert body.count('<td class="col-sign"></td>') == 2 + 15
    assert body.count('<tr class="blank">') == 15
    assert "Ana García" in body and "Will Wait" in body
    assert "+15035550100" not in body  # contacts stay off paper
    assert '<link rel="stylesheet" href="/static/css/officers.css">' in body
    assert "@media print" in (settings.BASE_DIR / "static/css/officers.css").read_text()
    assert list(RosterAccess.objects.values_list("what", flat=True)) == ["sheet"]


def _fill(event, count):
    for i in range(count):
        status = "waitlisted" if i % 5 == 0 else "confirmed"
        rsvp = factories.rsvp(event, status=status)
        if i % 3 == 0 and status == "confirmed":
            Rsvp.objects.filter(pk=rsvp.pk).update(
                checked_in_at=timezone.now(), arrived=F("party_size")
            )
    factories.walkin(event, head_count=2)


@pytest.mark.parametrize("suffix", ["attendance/", "attendance.csv", "sign-in-sheet/"])
def test_roster_query_count_flat_at_10_and_500_rsvps(client, officer, suffix, get_queries):
    small = factories.event(officers=[officer], capacity=None, partners=[factories.organization()])
    large = factories.event(officers=[officer], capacity=None, partners=[factories.organization()])
    _fill(small, 10)
    _fill(large, 500)
    client.force_login(officer)
    get_queries(client, _url(small, suffix))  # warm the session
    few = get_queries(client, _url(small, suffix))
    many = get_queries(client, _url(large, suffix))
    assert few == many
    print(f"{suffix}: {few} queries at 10 and at 500 RSVPs")


def test_officer_home_query_count_flat_and_counts_right(client, officer, get_queries):
    def make(count):
        for _ in range(count):
            event = factories.event(officers=[officer], capacity=8)
            checked = factories.rsvp(event, party_size=2)
            Rsvp.objects.filter(pk=checked.pk).update(
                checked_in_at=timezone.now(), arrived=F("party_size")
            )
            factories.rsvp(event, party_size=3)
            factories.rsvp(event, status="waitlisted")
            factories.walkin(event, head_count=4)

    client.force_login(officer)
    make(2)
    get_queries(client, "/officers/")
    few = get_queries(client, "/officers/")
    make(20)
    many = get_queries(client, "/officers/")
    assert few == many
    response = client.get("/officers/")
    first = response.context["upcoming"][0]
    assert (first.seats_taken, first.waitlist_count, first.checked_in, first.walkin_people) == (
        5,
        1,
        2,
        4,
    )
    assert "5 / 8" in response.content.decode()


def test_a_cancelled_event_has_no_no_shows(client, officer):
    past = factories.event(officers=[officer], start=timezone.now() - dt.timedelta(hours=3))
    factories.rsvp(past)
    past.status = "cancelled"
    past.save()
    client.force_login(officer)
    response = client.get(_url(past))
    assert (response.context["roster"].no_shows, response.context["counts"]["no_shows"]) == ([], 0)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_officers_tapping_the_same_party_at_once_record_one_check_in(event):
    from django.db import connections

    first, second = factories.user("officer"), factories.user("officer")
    rsvp = factories.rsvp(event)
    barrier = threading.Barrier(2)
    results = {}

    def tap(officer):
        try:
            barrier.wait(timeout=5)
            done = checkin_mark(rsvp=Rsvp.objects.get(pk=rsvp.pk), by=officer)
            results[officer.pk] = (done.checked_in_at, done.checked_in_by_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap, args=(o,)) for o in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    stored = Rsvp.objects.get(pk=rsvp.pk)
    assert stored.checked_in_by_id in {first.pk, second.pk}
    assert list(results.values()) == [(stored.checked_in_at, stored.checked_in_by_id)] * 2


@pytest.mark.parametrize("hours_ago", [-24, 3])
def test_roster_counts_in_one_query_match_the_roster(officer, hours_ago):
    from rsvp import queries

    event = factories.event(start=timezone.now() - dt.timedelta(hours=hours_ago))
    _fill(event, 23)
    factories.rsvp(event, status="cancelled", party_size=4)
    with CaptureQueriesContext(connection) as ctx:
        counts = queries.roster_counts(event)
    assert len(ctx.captured_queries) == 2
    assert counts == queries.roster(event).counts()


def test_the_services_log_every_roster_read_and_change_themselves(officer, event):
    """The access log is written by roster_for and the write services, not by each page or
    API view, so a new interface cannot forget it (DESIGN.md rule 5)."""
    rsvp = factories.rsvp(event)
    queries.roster_for(officer, event, RosterAccess.What.PAGE)
    checkin_mark(rsvp=rsvp, by=officer)
    checkin_undo(rsvp=rsvp, by=officer)
    walkin = walkin_record(event=event, by=officer, head_count=2)
    walkin_remove(walkin=walkin, by=officer)
    walkin_remove(walkin=walkin, by=officer)  # already gone: nothing happened, nothing logged

    logged = RosterAccess.objects.order_by("id").values_list("user__username", "what")
    assert list(logged) == [
        (officer.username, what) for what in ("page", "checkin", "undo", "walkin", "walkin_del")
    ]


def test_roster_for_refuses_whoever_may_not_see_it_and_logs_nothing(event):
    stranger = factories.user("officer")
    with pytest.raises(PermissionDenied):
        queries.roster_for(stranger, event, RosterAccess.What.CSV)
    with pytest.raises(PermissionDenied):
        queries.roster_for(AnonymousUser(), event, RosterAccess.What.CSV)
    assert RosterAccess.objects.count() == 0


def test_roster_for_asks_again_every_time(officer, event):
    """An officer taken off the event cannot read its roster through an event object that
    was checked for them before."""
    event = queries.roster_event(officer, event.pk)
    queries.roster_for(officer, event, RosterAccess.What.PAGE)
    event.officers.remove(officer)
    with pytest.raises(PermissionDenied):
        queries.roster_for(officer, event, RosterAccess.What.CSV)
