"""The door flow on the officer pages (issue 15, point 4), without JavaScript: today's events
first on the home page, the door list opening on who has not arrived, contacts hidden
until an officer asks (logged), partial parties, undo apart from check-in, check-in hours
on the page, and walk-ins that need a count."""

import csv
import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.utils import timezone

from rsvp import queries
from rsvp.models import RosterAccess, Rsvp, WalkIn
from rsvp.officers.reports import report_build
from tests import factories

pytestmark = pytest.mark.django_db

LA = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.fixture
def officer():
    return factories.user("officer", username="officer.door")


@pytest.fixture
def event(officer):
    # Check-in is open from two hours before the start.
    start = timezone.now() + dt.timedelta(minutes=30)
    return factories.event(title="Coffee with a Cop", officers=[officer], start=start)


def _url(event, suffix="attendance/"):
    return f"/officers/events/{event.pk}/{suffix}"


def _checkin_url(event, rsvp):
    return _url(event, f"attendance/{rsvp.pk}/checkin/")


def _row(body: str, rsvp) -> str:
    """The HTML of one roster row."""
    start = body.index(f'<li id="rsvp-{rsvp.pk}"')
    return body[start : body.index("</li>", start)]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# 1. Officer home ---------------------------------------------------------------------------


def test_officer_events_today_first_in_each_events_zone_the_next_one_to_open(officer):
    # 13:00 in Los Angeles on Saturday, March 14; already 09:00 on Sunday in Auckland.
    now = dt.datetime(2026, 3, 14, 13, 0, tzinfo=LA)

    def held(title, day, hour, minutes=60, tz=LA, **kw):
        start = dt.datetime(2026, 3, day, hour, 0, tzinfo=tz)
        return factories.event(
            title=title,
            officers=[officer],
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            timezone=str(tz),
            **kw,
        )

    morning = held("Morning coffee (over)", 14, 9)
    ongoing = held("Walk and talk (on now)", 14, 12, minutes=120)
    evening = held("Evening watch", 14, 18)
    auckland = held("Auckland exchange", 15, 10, tz=zoneinfo.ZoneInfo("Pacific/Auckland"))
    tomorrow = held("Sunday coffee", 15, 10)
    next_week = held("Next week", 20, 18)
    held("Cancelled this afternoon", 14, 16, status="cancelled")
    last_week = held("Two days ago", 12, 18)
    factories.event(officers=[officer], start=dt.datetime(2026, 2, 20, 18, 0, tzinfo=LA))

    events = queries.officer_events(officer, now=now)

    assert [e.title for e in events["today"]] == [
        morning.title,
        ongoing.title,
        auckland.title,  # 21:00 UTC, before Los Angeles' evening (01:00 UTC)
        "Cancelled this afternoon",
        evening.title,
    ]
    assert events["next"] == ongoing
    assert list(events["upcoming"]) == [tomorrow, next_week]
    assert list(events["recent"]) == [last_week]


def test_officer_events_the_next_one_is_never_over_or_cancelled(officer):
    now = dt.datetime(2026, 3, 14, 20, 0, tzinfo=LA)
    start = dt.datetime(2026, 3, 14, 9, 0, tzinfo=LA)
    factories.event(officers=[officer], start=start)
    factories.event(officers=[officer], start=start + dt.timedelta(hours=12), status="cancelled")
    events = queries.officer_events(officer, now=now)
    assert (len(events["today"]), events["next"]) == (2, None)


def test_officer_home_opens_on_the_next_event_with_a_door_list_button(client, officer):
    now = timezone.now()
    later_today = factories.event(
        title="Later today", officers=[officer], start=now + dt.timedelta(seconds=1)
    )
    on_now = factories.event(title="On now", officers=[officer], start=now)
    next_week = factories.event(title="Next week", officers=[officer])
    client.force_login(officer)

    response = client.get("/officers/")

    body = response.content.decode()
    assert response.context["next_event"] == on_now
    assert response.context["today"] == [later_today]
    assert list(response.context["upcoming"]) == [next_week]
    card = body[body.index('id="next-event"') : body.index("</div>", body.index("door-button"))]
    assert f'href="/officers/events/{on_now.pk}/attendance/"' in card
    assert "Open the door list" in card
    order = [body.index(t) for t in ('<h2 id="today-h">Today</h2>', "On now", "Later today")]
    order += [body.index("<h2>Coming up</h2>"), body.index("Next week")]
    assert order == sorted(order)
    # One h1; the event titles under "Today" and "Coming up" are h3.
    assert body.count("<h1") == 1
    # Today's are kept on the phone for the door (static/js/checkin.js): they say where from.
    assert (
        f'<h3><a href="/officers/events/{later_today.pk}/attendance/" '
        f'data-door-list="/officers/events/{later_today.pk}/door/list.json" '
        f'data-door-event="{later_today.pk}">'
    ) in body


def test_officer_home_without_events_today_has_no_today_section(client, officer):
    factories.event(title="Next week", officers=[officer])
    client.force_login(officer)
    body = client.get("/officers/").content.decode()
    assert "today-h" not in body and "Coming up" not in body
    assert "<h2><a href=" in body


def test_officer_home_query_count_flat_with_events_today(client, officer, get_queries):
    def make(count):
        for _ in range(count):
            today = factories.event(officers=[officer], start=timezone.now())
            factories.rsvp(today, party_size=2)
            factories.walkin(today)
            factories.event(officers=[officer])

    client.force_login(officer)
    make(2)
    get_queries(client, "/officers/")
    few = get_queries(client, "/officers/")
    make(10)
    assert get_queries(client, "/officers/") == few


# 2. The door list: who has not arrived first ----------------------------------------------


def test_attendance_opens_on_who_has_not_arrived_then_arrived_waitlist_walkins(
    client, officer, event
):
    zoe = factories.rsvp(event, name="Zoe Park")
    ana = factories.rsvp(event, name="Ana García", party_size=2)
    came = factories.rsvp(event, name="Bea Early")
    also = factories.rsvp(event, name="Al Also")
    factories.rsvp(event, name="Will Wait", status="waitlisted")
    factories.walkin(event, head_count=2, name="Mo")
    client.force_login(officer)
    for rsvp in (came, also):
        client.post(_checkin_url(event, rsvp), {"action": "in"})

    response = client.get(_url(event))

    assert [r.name for r in response.context["waiting"]] == ["Ana García", "Zoe Park"]
    assert [r.name for r in response.context["arrived"]] == ["Al Also", "Bea Early"]
    body = response.content.decode()
    positions = [
        body.index('id="roster-q"'),
        body.index("Not arrived yet"),
        body.index(f'id="rsvp-{ana.pk}"'),
        body.index(f'id="rsvp-{zoe.pk}"'),
        body.index("Arrived <span"),
        body.index(f'id="rsvp-{also.pk}"'),
        body.index(f'id="rsvp-{came.pk}"'),
        body.index('id="waitlist-h"'),
        body.index('id="walkins-h"'),
        body.index("Download CSV"),
    ]
    assert positions == sorted(positions)
    headings = [_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", body)]
    assert headings == [
        "Check in by code",
        "Not arrived yet (2 parties)",
        "Arrived (2 parties)",
        "Waitlist (1 party)",
        "Walk-ins (2 people)",
        "Print or download the list",
    ]
    tally = body[body.index('<ul class="tally"') : body.index("</ul>", body.index("tally"))]
    assert _text(tally) == "2 of 5 checked in 1 waiting 2 walk-ins"
    row = _row(body, ana)
    assert f'data-rsvp="{ana.pk}" data-party="2" data-name="ana garcia"' in row
    assert 'class="roster-row"' in row
    assert 'class="roster-row is-in"' in _row(body, came)
    assert body.count("<h1") == 1


def test_attendance_headings_say_one_party_and_one_person(client, officer, event):
    factories.rsvp(event, name="Only One")
    factories.rsvp(event, name="Will Wait", status="waitlisted")
    factories.walkin(event, head_count=1)
    client.force_login(officer)
    body = client.get(_url(event)).content.decode()
    headings = [_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", body)]
    assert headings[:5] == [
        "Check in by code",
        "Not arrived yet (1 party)",
        "Arrived (0 parties)",
        "Waitlist (1 party)",
        "Walk-ins (1 person)",
    ]
    tally = body[body.index('<ul class="tally"') : body.index("</ul>", body.index("tally"))]
    assert _text(tally) == "0 of 1 checked in 1 waiting 1 walk-in"


def test_attendance_query_count_flat_with_arrivals_and_contacts(client, officer, get_queries):
    def fill(event, count):
        for i in range(count):
            rsvp = factories.rsvp(event, party_size=1 + i % 3, phone="+15035550100")
            if i % 2:
                Rsvp.objects.filter(pk=rsvp.pk).update(
                    checked_in_at=timezone.now(), checked_in_by=officer, arrived=1
                )

    start = timezone.now()
    small = factories.event(officers=[officer], start=start, capacity=None)
    large = factories.event(officers=[officer], start=start, capacity=None)
    fill(small, 6)
    fill(large, 120)
    client.force_login(officer)
    get_queries(client, _url(small))
    assert get_queries(client, _url(small)) == get_queries(client, _url(large))


# 3. Contacts hidden on the door view -----------------------------------------------------


def test_door_list_hides_contacts_until_an_officer_asks_and_logs_it(client, officer, event):
    answer = client.post(
        f"/events/{event.pk}/rsvp/",
        {
            "name": "Rosa Quiet",
            "email": "rosa.quiet@example.org",
            "phone": "503-555-0142",
            "party_size": "1",
            "accessibility_needs": "",
        },
    )
    assert answer.status_code == 202
    rsvp = Rsvp.objects.get(name="Rosa Quiet")
    client.force_login(officer)

    page = client.get(_url(event)).content.decode()

    assert "Rosa Quiet" in page
    for secret in ("rosa.quiet@example.org", "rosa.quiet", "+15035550142", "555-0142", "0142"):
        assert secret not in page
    assert f'action="/officers/events/{event.pk}/attendance/{rsvp.pk}/contact/#rsvp-{rsvp.pk}"' in (
        _row(page, rsvp)
    )

    shown = client.post(_url(event, f"attendance/{rsvp.pk}/contact/"))

    assert shown.status_code == 200
    assert shown["Cache-Control"] == "no-store"
    body = shown.content.decode()
    row = _row(body, rsvp)
    assert '<a href="tel:+15035550142">+15035550142</a>' in row
    assert '<a href="mailto:rosa.quiet@example.org">rosa.quiet@example.org</a>' in row
    assert body.count("rosa.quiet@example.org") == 2  # that row only

    data = client.post(
        _url(event, f"attendance/{rsvp.pk}/contact/"), HTTP_ACCEPT="application/json"
    )
    assert data.json() == {"email": "rosa.quiet@example.org", "phone": "+15035550142"}
    logged = RosterAccess.objects.filter(event=event).order_by("id").values_list("what", flat=True)
    assert list(logged) == ["page", "reveal", "page", "reveal"]


def test_contact_of_another_events_rsvp_is_404_and_not_logged(client, officer, event):
    other = factories.rsvp(factories.event(), name="Elsewhere")
    client.force_login(officer)
    url = _url(event, f"attendance/{other.pk}/contact/")
    assert client.post(url).status_code == 404
    assert client.post(url, HTTP_ACCEPT="application/json").status_code == 404
    assert not RosterAccess.objects.filter(what="reveal").exists()


def test_contact_of_a_roster_not_yours_is_refused(client, event):
    rsvp = factories.rsvp(event)
    client.force_login(factories.user("officer"))
    assert client.post(_url(event, f"attendance/{rsvp.pk}/contact/")).status_code == 403
    assert not RosterAccess.objects.exists()


def test_contact_of_a_head_count_has_no_button(client, officer, event):
    count = factories.rsvp(event, headcount=True, party_size=3)
    client.force_login(officer)
    assert "reveal-form" not in _row(client.get(_url(event)).content.decode(), count)


# 4. Partial check-in ----------------------------------------------------------------------


def test_partial_check_in_without_javascript_shows_3_of_4(client, officer, event):
    party = factories.rsvp(event, name="Big Family", party_size=4)
    single = factories.rsvp(event, name="Solo")
    client.force_login(officer)
    page = client.get(_url(event)).content.decode()
    row = _row(page, party)
    assert f'<label class="arrived-field" for="arrived-{party.pk}">' in row
    assert "How many arrived?" in row
    options = re.findall(r'<option value="(\d)"( selected)?>', row)
    assert options == [("1", ""), ("2", ""), ("3", ""), ("4", " selected")]
    assert 'name="arrived"' not in _row(page, single)

    response = client.post(_checkin_url(event, party), {"action": "in", "arrived": "3"})

    assert response.status_code == 302
    assert Rsvp.objects.get(pk=party.pk).arrived == 3
    body = client.get(_url(event)).content.decode()
    assert "3 of 4 arrived" in _text(_row(body, party))
    assert client.get(_url(event)).context["counts"]["checked_in"] == 3


@pytest.mark.parametrize("arrived", ["0", "5", "lots", "-1", "2.5"])
def test_partial_check_in_refuses_bad_counts_clearly(client, officer, event, arrived):
    party = factories.rsvp(event, name="Big Family", party_size=4)
    client.force_login(officer)
    response = client.post(
        _checkin_url(event, party), {"action": "in", "arrived": arrived}, follow=True
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Big Family: Enter how many of the party arrived, from 1 to 4."
    ]
    assert Rsvp.objects.get(pk=party.pk).checked_in_at is None
    script = client.post(
        _checkin_url(event, party),
        {"action": "in", "arrived": arrived},
        HTTP_ACCEPT="application/json",
    )
    assert (script.status_code, script.json()) == (
        409,
        {"error": "Enter how many of the party arrived, from 1 to 4."},
    )


def test_partial_party_in_the_csv_arrived_column_and_the_reports_attended(client, officer):
    event = factories.event(officers=[officer], start=timezone.now() - dt.timedelta(minutes=30))
    party = factories.rsvp(event, name="Big Family", party_size=4)
    factories.rsvp(event, name="Stayed Home", party_size=2)
    factories.walkin(event, head_count=2)
    client.force_login(officer)
    client.post(_checkin_url(event, party), {"action": "in", "arrived": "3"})

    text = client.get(_url(event, "attendance.csv")).content.decode("utf-8")[1:]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["name"], r["party size"], r["arrived"]) for r in rows if r["name"] != "Walk-in"][
        :2
    ] == [("Big Family", "4", "3"), ("Stayed Home", "2", "")]

    today = timezone.localdate()
    over = timezone.now() + dt.timedelta(hours=2)  # the report counts events that are over
    report = report_build(officer, start=today - dt.timedelta(days=1), end=today, now=over)
    [row] = report.groups["program"]
    assert (row.expected, row.attended, row.walkins) == (6, 3, 2)


# 5. Undo apart from check-in; a double tap never undoes ----------------------------------


def test_double_tap_on_check_in_leaves_the_party_checked_in(client, officer, event):
    rsvp = factories.rsvp(event, name="Ana García")
    client.force_login(officer)

    first = client.post(_checkin_url(event, rsvp), {"action": "in"})
    second = client.post(_checkin_url(event, rsvp), {"action": "in"})

    assert (first.status_code, second.status_code) == (302, 302)
    stored = Rsvp.objects.get(pk=rsvp.pk)
    assert (stored.checked_in_by, stored.arrived) == (officer, 1)
    row = _row(client.get(_url(event)).content.decode(), rsvp)
    # The check-in spot now shows the arrival; its form is hidden (a hidden button takes no
    # tap, the script shows it again after an undo). Undo is small, on the state line.
    spot = row[row.index('<div class="door-spot">') : row.index("</div>", row.index("door-spot"))]
    assert re.search(r'<form [^>]*class="checkin-form"[^>]* hidden>', spot)
    assert '<span class="in-mark">' in spot
    assert _text(spot).startswith("✓ In")
    state_line = row[row.index('<span class="state-line">') : row.index('<div class="door-spot">')]
    assert re.search(r'class="undo-form" data-checkin data-name="Ana García">', state_line)
    assert '<input type="hidden" name="action" value="undo">' in state_line
    assert (
        'class="small-action undo-button" aria-label="Undo: Ana García">Undo</button>' in state_line
    )
    assert re.search(r"Arrived \d{1,2}:\d\d\s[AP]M · officer\.door", _text(state_line))


def test_undo_form_takes_the_check_in_back(client, officer, event):
    rsvp = factories.rsvp(event)
    client.force_login(officer)
    client.post(_checkin_url(event, rsvp), {"action": "in"})
    client.post(_checkin_url(event, rsvp), {"action": "undo"})
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None
    row = _row(client.get(_url(event)).content.decode(), rsvp)
    assert re.search(r'class="checkin-form" data-checkin data-name="[^"]*">', row)
    assert re.search(r'class="undo-form" data-checkin data-name="[^"]*" hidden>', row)


# 6. Check-in hours on the page -------------------------------------------------------------


def test_before_the_door_opens_the_page_says_when_and_offers_no_button(client, officer):
    start = dt.datetime(2030, 3, 14, 18, 30, tzinfo=LA)
    later = factories.event(officers=[officer], start=start, timezone="America/Los_Angeles")
    rsvp = factories.rsvp(later, name="Early Bird")
    client.force_login(officer)

    body = client.get(_url(later)).content.decode()

    notice = body[body.index('id="door-hours"') : body.index("</div>", body.index("door-hours"))]
    assert _text(notice).endswith("Check-in for this event opens on Thu, Mar 14 at 4:30 PM.")
    assert "checkin-form" not in body and "walkin-form" not in body
    assert "override" not in body

    refused = client.post(_checkin_url(later, rsvp), {"action": "in"}, follow=True)
    assert refused.redirect_chain == [(_url(later), 302)]  # the top, where the message is
    assert [str(m) for m in refused.context["messages"]] == [
        "Early Bird: Check-in for this event opens on Thu, Mar 14 at 4:30 PM."
    ]
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None


def test_after_the_door_closed_the_page_says_so(client, officer):
    old = factories.event(officers=[officer], start=timezone.now() - dt.timedelta(days=3))
    factories.rsvp(old)
    client.force_login(officer)
    body = client.get(_url(old)).content.decode()
    assert "Check-in for this event has closed: it ended more than 24 hours ago." in body
    assert "checkin-form" not in body


def test_a_coordinator_may_check_in_outside_the_hours_by_ticking_the_box(client):
    coordinator = factories.user("coordinator", username="coord")
    later = factories.event(start=timezone.now() + dt.timedelta(days=7))
    rsvp = factories.rsvp(later, name="Early Bird", party_size=2)
    client.force_login(coordinator)

    row = _row(client.get(_url(later)).content.decode(), rsvp)
    assert (
        '<input type="checkbox" name="override" value="1"> Check in anyway (outside its hours)'
        in row
    )

    unticked = client.post(_checkin_url(later, rsvp), {"action": "in"}, follow=True)
    assert [str(m) for m in unticked.context["messages"]][0].startswith(
        "Early Bird: Check-in for this event opens on"
    )
    ticked = client.post(
        _checkin_url(later, rsvp), {"action": "in", "arrived": "1", "override": "1"}
    )

    assert ticked.status_code == 302
    assert Rsvp.objects.get(pk=rsvp.pk).arrived == 1
    logged = RosterAccess.objects.filter(event=later).values_list("what", flat=True)
    assert sorted(logged) == ["checkin", "override", "page", "page"]
    # Undo outside the hours: the coordinator's undo form carries the override.
    row = _row(client.get(_url(later)).content.decode(), rsvp)
    assert '<input type="hidden" name="override" value="1">' in row
    client.post(_checkin_url(later, rsvp), {"action": "undo", "override": "1"})
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None


def test_an_officer_ticking_override_outside_the_hours_is_still_refused(client, officer):
    later = factories.event(officers=[officer], start=timezone.now() + dt.timedelta(days=7))
    rsvp = factories.rsvp(later)
    client.force_login(officer)
    client.post(_checkin_url(later, rsvp), {"action": "in", "override": "1"})
    assert Rsvp.objects.get(pk=rsvp.pk).checked_in_at is None
    assert not RosterAccess.objects.filter(what="override").exists()


# 7. Walk-ins -------------------------------------------------------------------------------


def test_walkin_form_count_has_no_default_and_stepper_buttons_wait_for_the_script(
    client, officer, event
):
    client.force_login(officer)
    body = client.get(_url(event)).content.decode()
    form = body[body.index('<form method="post" action="' + _url(event, "attendance/walkins/")) :]
    form = form[: form.index("</form>")]
    field = re.search(r"<input [^>]*name=\"head_count\"[^>]*>", form).group(0)
    assert "value=" not in field
    assert 'min="1"' in field and "required" in field
    assert '<label for="id_head_count">How many people</label>' in form
    steps = re.findall(r'<button type="button" class="step" data-step="(-1|1)"[^>]*hidden>', form)
    assert steps == ["-1", "1"]
    assert "<legend>With the resident's consent (optional)</legend>" in form


def test_enter_in_an_empty_walkin_form_records_nothing(client, officer, event):
    client.force_login(officer)
    response = client.post(_url(event, "attendance/walkins/"), {"name": "", "head_count": ""})
    assert response.status_code == 400
    assert response.context["walkin_form"].errors == {
        "head_count": ["Enter how many people came in."]
    }
    assert 'id="id_head_count_error">Enter how many people came in.</p>' in (
        response.content.decode()
    )
    named = client.post(_url(event, "attendance/walkins/"), {"name": "Sam", "head_count": ""})
    assert named.status_code == 400
    assert WalkIn.objects.count() == 0


def test_walkin_contact_needs_the_residents_consent(client, officer, event):
    client.force_login(officer)
    url = _url(event, "attendance/walkins/")
    refused = client.post(
        url, {"head_count": "1", "name": "Sam Lee", "email": "sam@example.org", "phone": ""}
    )
    assert refused.status_code == 409
    errors = refused.context["walkin_form"].errors
    assert list(errors) == ["contact_consent"]
    assert errors["contact_consent"][0].startswith("Ask the resident whether we may keep")
    assert 'id="id_contact_consent_error"' in refused.content.decode()
    assert WalkIn.objects.count() == 0

    bad_phone = client.post(url, {"head_count": "1", "phone": "12", "contact_consent": "on"})
    assert list(bad_phone.context["walkin_form"].errors) == ["phone"]

    kept = client.post(
        url,
        {
            "head_count": "2",
            "name": "Sam Lee",
            "email": "sam@example.org",
            "phone": "503-555-0177",
            "contact_consent": "on",
        },
    )
    assert kept.status_code == 302
    [walkin] = WalkIn.objects.all()
    assert (walkin.name, walkin.email, walkin.phone, walkin.head_count) == (
        "Sam Lee",
        "sam@example.org",
        "+15035550177",
        2,
    )
    assert walkin.contact_consent_at is not None
    page = client.get(_url(event)).content.decode()
    assert "sam@example.org" not in page and "5550177" not in page
    assert "contact kept with consent" in page


def test_walkin_messages_and_headings_count_people_right(client, officer, event):
    client.force_login(officer)
    one = client.post(_url(event, "attendance/walkins/"), {"head_count": "1"}, follow=True)
    assert [str(m) for m in one.context["messages"]] == ["Walk-in recorded: 1 person."]
    assert "Walk-ins (1 person)" in _text(one.content.decode())
    three = client.post(_url(event, "attendance/walkins/"), {"head_count": "2"}, follow=True)
    assert "Walk-ins (3 people)" in _text(three.content.decode())
