"""Kiosk mode: a tablet at the entrance where residents check themselves in.

Started by an officer with a PIN; the session then reaches only the kiosk of its event; a
resident sees a first name and a last initial, never a contact; leaving takes the PIN.
"""

import datetime as dt
import html

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from counters.models import ThrottleCounter
from rsvp.models import RosterAccess, Rsvp
from rsvp.officers.kiosk.roster import FOUND, MANY, NONE, SHORT, Match, short_name
from rsvp.officers.kiosk.session import SESSION_KEY
from tests import factories

pytestmark = pytest.mark.django_db

PIN = "2468"
EMAIL = "ana.garcia@example.org"
PHONE = "+15035550123"
NEEDS = "Wheelchair space near the door"


@pytest.fixture
def officer():
    return factories.user("officer")


@pytest.fixture
def event(officer):
    # Under way: check-in is open.
    start = timezone.now() - dt.timedelta(minutes=10)
    return factories.event(title="Coffee with a Cop", officers=[officer], start=start)


@pytest.fixture
def ana(event):
    return factories.rsvp(
        event,
        name="Ana García",
        attendee=factories.attendee(email=EMAIL),
        phone=PHONE,
        accessibility_needs=NEEDS,
    )


def _url(event, suffix=""):
    return f"/officers/events/{event.pk}/kiosk/{suffix}"


@pytest.fixture
def kiosk(client, officer, event):
    """The officer's browser, in kiosk mode for the event."""
    client.force_login(officer)
    response = client.post(_url(event, "start/"), {"pin": PIN, "pin_again": PIN})
    assert response.status_code == 302
    assert response["Location"] == _url(event)
    return client


def _search(client, event, text):
    return client.post(_url(event), {"q": text})


def _tap(client, event, rsvp, **extra):
    return client.post(_url(event, "checkin/"), {"rsvp": rsvp.pk, **extra})


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _kiosk_accesses(event) -> int:
    return RosterAccess.objects.filter(event=event, what=RosterAccess.What.KIOSK).count()


# Starting


def test_attendance_page_links_to_kiosk_mode(client, officer, event):
    client.force_login(officer)
    body = _body(client.get(f"/officers/events/{event.pk}/attendance/"))
    assert f'href="{_url(event, "start/")}"' in body


@pytest.mark.parametrize(
    ("pin", "again", "errors"),
    [
        ("", "", ["Choose a PIN of 4 to 8 digits.", "Type the PIN again, to be sure of it."]),
        ("123", "123", ["Enter a PIN of 4 to 8 digits."]),
        ("123456789", "123456789", ["Enter a PIN of 4 to 8 digits."]),
        ("12a4", "12a4", ["Enter a PIN of 4 to 8 digits."]),
        ("2468", "2469", ["The two PINs are not the same: type them again."]),
    ],
)
def test_start_refuses_a_pin_not_of_4_to_8_digits_or_not_typed_twice(
    client, officer, event, pin, again, errors
):
    client.force_login(officer)
    response = client.post(_url(event, "start/"), {"pin": pin, "pin_again": again})
    assert response.status_code == 400
    form = response.context["form"]
    assert [e for field_errors in form.errors.values() for e in field_errors] == errors
    assert SESSION_KEY not in client.session
    # Not in kiosk mode: the roster is still there.
    assert client.get(f"/officers/events/{event.pk}/attendance/").status_code == 200


def test_start_keeps_only_a_hash_of_the_pin_in_the_session(kiosk, event):
    state = kiosk.session[SESSION_KEY]
    assert state["event"] == event.pk
    assert PIN not in state["pin"]
    assert check_password(PIN, state["pin"])


def test_only_who_may_see_the_roster_starts_a_kiosk(client, event):
    assert client.get(_url(event, "start/")).status_code == 302  # to the sign-in page
    client.force_login(factories.user("officer"))  # not assigned to this event
    response = client.post(_url(event, "start/"), {"pin": PIN, "pin_again": PIN})
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_kiosk_pages_without_starting_lead_to_the_start(client, officer, event):
    client.force_login(officer)
    response = client.get(_url(event))
    assert response.status_code == 302
    assert response["Location"] == _url(event, "start/")


# Searching


def test_search_shows_a_first_name_and_last_initial_and_never_a_contact(kiosk, event, ana):
    factories.rsvp(event, name="Zoe Park")
    response = _search(kiosk, event, "ana")
    assert response.status_code == 200
    assert response.context["search"].outcome == FOUND
    assert response.context["search"].matches == [Match(ana.pk, "Ana G.", 1, False)]
    body = _body(response)
    assert "Ana G." in body
    for private in ("García", "Garcia", EMAIL, PHONE, NEEDS, "Zoe", "Park"):
        assert private not in body
    assert response["Cache-Control"] == "no-store"


def test_search_folds_case_and_accents_and_matches_starts_of_words(kiosk, event, ana):
    factories.rsvp(event, name="Rosa Santana")
    for text in ("gar", "GARC", "ana gar", "  Ana  García "):
        assert _search(kiosk, event, text).context["search"].matches == [
            Match(ana.pk, "Ana G.", 1, False)
        ], text
    # Inside a word is no match: "ana" is not Rosa Santana, "rcia" is nobody.
    assert _search(kiosk, event, "rcia").context["search"].outcome == NONE


def test_search_needs_three_letters_and_reads_nothing_before(kiosk, event, ana):
    response = _search(kiosk, event, "an")
    assert response.context["search"].outcome == SHORT
    assert "Please type at least 3 letters of your name." in _body(response)
    assert "Ana G." not in _body(response)
    assert _kiosk_accesses(event) == 0
    _search(kiosk, event, "ana")
    assert _kiosk_accesses(event) == 1


def test_more_than_five_matches_show_none(kiosk, event):
    for i in range(6):
        factories.rsvp(event, name=f"Sam Lee{i}")
    response = _search(kiosk, event, "sam")
    assert response.context["search"].outcome == MANY
    body = _body(response)
    assert "Sam" not in body.replace('value="sam"', "")
    assert "Several people match. Please type more of your name" in body


def test_five_matches_are_shown_sorted(kiosk, event):
    rows = [factories.rsvp(event, name=f"Sam Lee{i}", party_size=i + 1) for i in (4, 2, 0, 3, 1)]
    matches = _search(kiosk, event, "sam").context["search"].matches
    assert [(m.label, m.party_size) for m in matches] == [
        ("Sam L.", 1),
        ("Sam L.", 2),
        ("Sam L.", 3),
        ("Sam L.", 4),
        ("Sam L.", 5),
    ]
    assert {m.rsvp_id for m in matches} == {r.pk for r in rows}


def test_a_head_count_party_finds_itself_by_its_whole_code(kiosk, event):
    party = factories.rsvp(event, headcount=True, reference="K7Q-M3X", party_size=2)
    assert _search(kiosk, event, "k7q m3x").context["search"].matches == [
        Match(party.pk, "K7Q-M3X", 2, True)
    ]
    assert "Code K7Q-M3X" in _body(_search(kiosk, event, "K7QM3X"))
    assert _search(kiosk, event, "K7QM3").context["search"].outcome == NONE


def test_an_erased_rsvp_is_found_by_nobody(kiosk, event):
    factories.rsvp(event, name="Ana García", erased_at=timezone.now())
    assert _search(kiosk, event, "ana").context["search"].outcome == NONE


def test_the_search_is_posted_so_names_stay_out_of_urls(kiosk, event, ana):
    response = kiosk.get(_url(event) + "?q=ana")
    assert response.context["search"] is None
    assert "Ana G." not in _body(response)
    assert f'<form method="post" action="{_url(event)}"' in _body(response)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Ana García", "Ana G."),
        ("Ana García López", "Ana L."),
        ("Ana", "Ana"),
        ("  josé   de la cruz ", "josé C."),
        ("", ""),
    ],
)
def test_short_name(name, short):
    assert short_name(name) == short


# Checking in


def test_this_is_me_checks_in_once_as_the_officer(kiosk, officer, event, ana):
    _search(kiosk, event, "ana")
    response = _tap(kiosk, event, ana)
    assert response.status_code == 302
    assert response["Location"] == _url(event, "done/")
    done = kiosk.get(_url(event, "done/"))
    body = _body(done)
    assert "Welcome, Ana — you're checked in." in body
    assert f'data-return-after="6" data-return-url="{_url(event)}"' in body
    ana.refresh_from_db()
    assert (ana.checked_in_by, ana.arrived) == (officer, 1)
    first_at = ana.checked_in_at
    assert list(
        RosterAccess.objects.filter(event=event).order_by("id").values_list("what", flat=True)
    ) == ["kiosk", "checkin", "kiosk"]
    # Shown once: a reload is the search again.
    assert kiosk.get(_url(event, "done/"))["Location"] == _url(event)

    _search(kiosk, event, "ana")
    _tap(kiosk, event, ana)
    assert "You're already checked in." in _body(kiosk.get(_url(event, "done/")))
    ana.refresh_from_db()
    assert ana.checked_in_at == first_at


def test_a_tap_on_a_party_the_search_did_not_show_checks_nobody_in(kiosk, event, ana):
    other = factories.rsvp(event, name="Zoe Park")
    _search(kiosk, event, "ana")
    response = _tap(kiosk, event, other)
    assert response["Location"] == _url(event)
    for tapped in ("", "x", "99999999"):
        kiosk.post(_url(event, "checkin/"), {"rsvp": tapped})
    assert Rsvp.objects.filter(checked_in_at__isnull=False).count() == 0
    # After a check-in, the offer is gone: the back button cannot check Ana in again.
    _tap(kiosk, event, ana)
    _tap(kiosk, event, ana)
    assert RosterAccess.objects.filter(what=RosterAccess.What.CHECKIN).count() == 1


def test_a_party_says_how_many_of_them_came(kiosk, event):
    party = factories.rsvp(event, name="Lee Chen", party_size=4)
    _search(kiosk, event, "lee")
    response = _tap(kiosk, event, party)
    assert response.status_code == 200
    body = _body(response)
    assert "Lee, how many of you are here?" in body
    assert list(response.context["counts"]) == [1, 2, 3, 4]
    # Out of range or not a number: asked again, nothing recorded.
    for wrong in ("0", "5", "three"):
        assert _tap(kiosk, event, party, arrived=wrong).context["counts"] == range(1, 5)
    party.refresh_from_db()
    assert party.checked_in_at is None

    assert _tap(kiosk, event, party, arrived="3")["Location"] == _url(event, "done/")
    body = _body(kiosk.get(_url(event, "done/")))
    assert "3 people checked in." in body
    party.refresh_from_db()
    assert party.arrived == 3


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_a_party_not_confirmed_is_sent_kindly_to_the_officer(kiosk, event, status):
    party = factories.rsvp(event, name="Wai Ting", status=status)
    _search(kiosk, event, "wai")
    _tap(kiosk, event, party)
    body = _body(kiosk.get(_url(event, "done/")))
    assert "Please see the officer at the table." in body
    assert status not in body.lower().replace("kiosk-", "")
    party.refresh_from_db()
    assert party.checked_in_at is None


def test_outside_the_check_in_hours_the_kiosk_says_when_it_opens(client, officer):
    start = timezone.now() + dt.timedelta(days=7)
    later = factories.event(officers=[officer], start=start)
    party = factories.rsvp(later, name="Ana García")
    client.force_login(officer)
    client.post(_url(later, "start/"), {"pin": PIN, "pin_again": PIN})
    search = _search(client, later, "ana")
    assert "Check-in for this event opens on" in _body(search)
    _tap(client, later, party)
    body = _body(client.get(_url(later, "done/")))
    assert "Check-in is not open right now." in body
    assert "Check-in for this event opens on" in body
    party.refresh_from_db()
    assert party.checked_in_at is None


def test_no_kiosk_page_shows_a_contact_or_a_last_name(kiosk, event, ana):
    party = factories.rsvp(
        event,
        name="Bea Ortiz",
        party_size=2,
        phone="+15035550999",
        attendee=factories.attendee(email="bea.ortiz@example.org"),
    )
    responses = [
        kiosk.get(_url(event)),
        _search(kiosk, event, "ana"),
        _tap(kiosk, event, ana),
        kiosk.get(_url(event, "done/")),
        _search(kiosk, event, "bea"),
        _tap(kiosk, event, party),
        _tap(kiosk, event, party, arrived="2"),
        kiosk.get(_url(event, "done/")),
        _search(kiosk, event, "ortiz"),
        _search(kiosk, event, "zzz"),
        kiosk.get(_url(event, "exit/")),
        kiosk.post(_url(event, "exit/"), {"pin": "0000"}),
    ]
    assert [r.status_code for r in responses] == [
        200, 200, 302, 200, 200, 200, 302, 200, 200, 200, 200, 403
    ]  # fmt: skip
    for response in responses:
        body = _body(response)
        for private in (EMAIL, PHONE, NEEDS, "García", "bea.ortiz@", "+15035550999", "Ortiz"):
            assert private not in body.replace('value="ortiz"', "")
        if response.status_code == 200:
            assert response["Cache-Control"] == "no-store"


# Held in the kiosk


def test_a_kiosk_session_reaches_nothing_but_its_kiosk(kiosk, officer, event):
    other = factories.event(officers=[officer])
    blocked = [
        f"/officers/events/{event.pk}/attendance/",
        f"/officers/events/{event.pk}/attendance.csv",
        f"/officers/events/{event.pk}/sign-in-sheet/",
        f"/officers/events/{event.pk}/door/list.json",
        "/officers/",
        "/officers/reports/",
        "/officers/feed-token/",
        f"/officers/events/{other.pk}/attendance/",
        f"/officers/events/{other.pk}/kiosk/",
        _url(event, "start/"),
        "/admin/",
        "/admin/rsvp/rsvp/",
        f"/api/v1/events/{event.pk}/attendance/",
        "/",
        f"/events/{event.pk}/",
    ]
    for url in blocked:
        response = kiosk.get(url)
        assert (url, response.status_code, response.get("Location")) == (url, 302, _url(event))
    response = kiosk.post(f"/officers/events/{event.pk}/attendance/", {"q": "ana"})
    assert (response.status_code, response["Location"]) == (302, _url(event))
    assert RosterAccess.objects.filter(what=RosterAccess.What.PAGE).count() == 0

    # The same officer on another device is not in kiosk mode.
    elsewhere = Client()
    elsewhere.force_login(officer)
    assert elsewhere.get(f"/officers/events/{event.pk}/attendance/").status_code == 200


def test_a_coordinators_kiosk_does_not_reach_the_admin(client, event):
    coordinator = factories.user("coordinator", is_staff=True)
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200
    client.post(_url(event, "start/"), {"pin": PIN, "pin_again": PIN})
    for url in ("/admin/", "/admin/rsvp/rsvp/", "/admin/auth/user/"):
        assert client.get(url)["Location"] == _url(event)


def test_residents_may_change_the_language_in_the_kiosk(kiosk, event):
    response = kiosk.post("/i18n/setlang/", {"language": "es", "next": _url(event)})
    assert (response.status_code, response["Location"]) == (302, _url(event))
    assert kiosk.get(_url(event))["Content-Language"] == "es"


def test_signing_out_ends_the_kiosk(kiosk, officer, event):
    assert kiosk.post("/accounts/logout/").status_code == 302
    kiosk.force_login(officer)
    assert kiosk.get(f"/officers/events/{event.pk}/attendance/").status_code == 200


# Leaving


def test_exit_refuses_a_wrong_pin_and_takes_the_right_one(kiosk, event):
    response = kiosk.post(_url(event, "exit/"), {"pin": "1357"})
    assert response.status_code == 403
    assert response.context["form"].errors == {
        "pin": ["That PIN is not right. 4 more tries before exit locks for a few minutes."]
    }
    assert kiosk.get(f"/officers/events/{event.pk}/attendance/")["Location"] == _url(event)
    assert kiosk.post(_url(event, "exit/"), {"pin": ""}).status_code == 400

    response = kiosk.post(_url(event, "exit/"), {"pin": PIN})
    assert response.status_code == 302
    assert response["Location"] == f"/officers/events/{event.pk}/attendance/"
    assert SESSION_KEY not in kiosk.session
    page = kiosk.get(f"/officers/events/{event.pk}/attendance/")
    assert page.status_code == 200
    assert "Kiosk mode ended." in _body(page)


def test_five_wrong_pins_lock_exit_for_a_few_minutes(kiosk, event):
    for left in (4, 3, 2, 1):
        errors = kiosk.post(_url(event, "exit/"), {"pin": "0000"}).context["form"].errors
        assert errors["pin"][0].startswith(f"That PIN is not right. {left} more tr")
    errors = kiosk.post(_url(event, "exit/"), {"pin": "0000"}).context["form"].errors
    assert errors == {"pin": ["That PIN is not right. Exit is locked for a few minutes."]}

    # Locked: the right PIN is refused too, and the session stays a kiosk.
    response = kiosk.post(_url(event, "exit/"), {"pin": PIN})
    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == [
        "Too many wrong PINs: exit is locked. Try again in 5 minutes."
    ]
    assert kiosk.get(f"/officers/events/{event.pk}/attendance/")["Location"] == _url(event)

    if settings.REDIS_URL:
        return  # the window's end below is the counters' table's
    # The window has passed: the right PIN works again.
    ThrottleCounter.objects.filter(key__startswith="kiosk_exit:").update(expires_at=0)
    assert kiosk.post(_url(event, "exit/"), {"pin": PIN}).status_code == 302


def test_a_new_kiosk_starts_with_a_clean_count_of_tries(kiosk, officer, event):
    for _ in range(5):
        kiosk.post(_url(event, "exit/"), {"pin": "0000"})
    kiosk.post("/accounts/logout/")
    kiosk.force_login(officer)
    kiosk.post(_url(event, "start/"), {"pin": PIN, "pin_again": PIN})
    assert kiosk.post(_url(event, "exit/"), {"pin": PIN}).status_code == 302


# Query counts


def test_the_kiosk_search_costs_the_same_at_10_and_200_rsvps(kiosk, event):
    def cost(total):
        Rsvp.objects.filter(event=event).delete()
        factories.rsvp(event, name="Ana García")
        for i in range(total - 1):
            factories.rsvp(event, name=f"Resident {i}", party_size=1 + i % 3)
        with CaptureQueriesContext(connection) as ctx:
            response = _search(kiosk, event, "ana")
        assert len(response.context["search"].matches) == 1
        return len(ctx.captured_queries)

    assert cost(10) == cost(200)


def test_a_scanned_door_code_finds_its_party_and_another_events_code_finds_none(kiosk, event, ana):
    from rsvp.door_code import door_code

    response = _search(kiosk, event, door_code(ana))
    assert response.context["search"].matches == [Match(ana.pk, "Ana G.", 1, False)]
    elsewhere = factories.rsvp(factories.event(), name="Ana Other")
    assert _search(kiosk, event, door_code(elsewhere)).context["search"].matches == []
