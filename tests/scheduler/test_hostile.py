"""Hostile input through the admin and the services: a form error or a clear refusal,
and whatever text the validators let through makes an iCal file that parses back."""

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rsvp.models import Rsvp
from rsvp.rules import email_clean
from scheduler.errors import EventError
from scheduler.feeds.builder import event_calendar, event_vevent
from scheduler.models import Event, EventSeries
from scheduler.models.validators import validate_text_block, validate_text_line
from scheduler.services import event_create, series_create
from tests import factories
from tests.scheduler.admin_support import form_values

pytestmark = pytest.mark.django_db


def _event_add_values(client, program, **changes) -> dict[str, list[str]]:
    venue, host = factories.venue(), factories.organization()
    page = client.get(f"/admin/scheduler/event/add/?program={program.pk}")
    values = form_values(page.content.decode())
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


def _admin_errors(client, program, **changes) -> dict[str, list[str]]:
    values = _event_add_values(client, program, **changes)
    response = client.post(f"/admin/scheduler/event/add/?program={program.pk}", values)
    assert response.status_code == 200
    return {k: list(v) for k, v in response.context["adminform"].form.errors.items()}


def test_admin_refuses_a_title_with_a_line_break(admin_client):
    program = factories.program()
    assert _admin_errors(admin_client, program, title_en="Coffee\r\nX-INJECTED:1") == {
        "title_en": ["Use one line of plain text: no line breaks, tabs or control characters."]
    }
    assert Event.objects.count() == 0


def test_admin_refuses_an_event_in_year_9999(admin_client):
    program = factories.program()
    errors = _admin_errors(admin_client, program, start_0="9999-01-08", end_0="9999-01-08")
    assert errors == {
        "start": ["Choose a date from the year 2000 to 2100."],
        "end": ["Choose a date from the year 2000 to 2100."],
    }


def test_admin_refuses_a_start_inside_the_dst_gap(admin_client):
    # The admin reads times in the site's zone (America/Los_Angeles): 02:30 on
    # 2030-03-10 does not exist there.
    program = factories.program()
    errors = _admin_errors(admin_client, program, start_0="2030-03-10", start_1="02:30:00")
    assert list(errors) == ["start"]


@pytest.mark.parametrize("name", ["localtime", "Factory", "posixrules", "US/Pacific"])
def test_admin_refuses_pseudo_time_zones(admin_client, name):
    program = factories.program()
    errors = _admin_errors(admin_client, program, timezone=name)
    assert errors == {
        "timezone": [f"“{name}” is not a known time zone; use a name like America/Los_Angeles."]
    }


@pytest.mark.parametrize(
    ("url", "values"),
    [
        ("/admin/scheduler/venue/add/", {"name": "Hall\x07", "address": "1 Main St"}),
        ("/admin/scheduler/venue/add/", {"name": "Hall", "address": "1 Main\r\nSt"}),
        ("/admin/scheduler/organization/add/", {"name": "PD\nX", "slug": "pd", "kind": "other"}),
        ("/admin/scheduler/program/add/", {"name_en": "Coffee\x1b", "slug": "coffee"}),
    ],
)
def test_admin_refuses_names_with_control_characters(admin_client, url, values):
    page = form_values(admin_client.get(url).content.decode())
    page.update({name: [value] for name, value in values.items()})
    response = admin_client.post(url, page)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert [list(messages) for messages in errors.values()] == [
        ["Use one line of plain text: no line breaks, tabs or control characters."]
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"venue": ":"}, "venue"),
        ({"host": "x"}, "host"),
        ({"partners": "1.5"}, "partners"),
        # Past the database's integers (on SQLite an OverflowError in the `id__in` lookups).
        ({"venue": "9" * 30}, "venue"),
        ({"partners": "9" * 30}, "partners"),
        ({"officers": "9" * 30}, "officers"),
    ],
)
def test_admin_event_form_refuses_an_id_that_is_not_one(admin_client, changes, field):
    program = factories.program()
    values = _event_add_values(admin_client, program, **changes)
    response = admin_client.post(f"/admin/scheduler/event/add/?program={program.pk}", values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert Event.objects.count() == 0


def test_organization_form_refuses_a_member_id_that_is_not_a_number(admin_client):
    url = "/admin/scheduler/organization/add/"
    values = form_values(admin_client.get(url).content.decode())
    values.update(
        {
            "name": ["Library"],
            "slug": ["library"],
            "kind": ["other"],
            "membership_set-TOTAL_FORMS": ["1"],
            "membership_set-0-user": ["x"],
        }
    )
    response = admin_client.post(url, values)
    assert response.status_code == 200
    [membership_errors] = [f.errors for f in response.context["inline_admin_formsets"][0].formset]
    assert list(membership_errors) == ["user"]


def _create_kwargs(**kw):
    start = timezone.now() + dt.timedelta(days=3)
    return {
        "title": "Watch",
        "program": factories.program(),
        "venue": factories.venue(),
        "host": factories.organization(),
        "start": start,
        "end": start + dt.timedelta(hours=1),
        **kw,
    }


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        # Each language's text is checked in its own column: the error names it.
        ({"title": "Watch\r\nATTENDEE:x"}, "title_en"),
        ({"description": "a\x00b"}, "description_en"),
        ({"translations": {"title_es": "Vigilancia\nX"}}, "title_es"),
        ({"timezone": "localtime"}, "timezone"),
        ({"timezone": "Factory"}, "timezone"),
        ({"start": dt.datetime(1999, 6, 1, 10, tzinfo=dt.UTC)}, "start"),
        ({"end": dt.datetime(9999, 6, 1, 11, tzinfo=dt.UTC)}, "end"),
    ],
)
def test_event_create_refuses_hostile_values(bad, field):
    with pytest.raises(EventError) as refused:
        event_create(**_create_kwargs(**bad))
    assert refused.value.field == field
    assert Event.objects.count() == 0


def test_series_create_refuses_a_start_date_past_2100():
    with pytest.raises(EventError) as refused:
        series_create(
            title="Weekly",
            program=factories.program(),
            venue=factories.venue(),
            host=factories.organization(),
            rrule="FREQ=WEEKLY;BYDAY=TU",
            start_date=dt.date(9999, 1, 1),
            start_time=dt.time(18, 30),
            duration=dt.timedelta(hours=1),
        )
    assert refused.value.field == "start_date"
    assert EventSeries.objects.count() == 0


@pytest.mark.parametrize(
    "address",
    [
        "ñoño@example.org",
        "a" * 65 + "@example.org",
        "ana@" + "ü" * 61 + ".de",
    ],
)
def test_email_clean_refuses_addresses_that_cannot_be_sent(address):
    with pytest.raises(ValidationError) as refused:
        email_clean(address)
    assert refused.value.messages == [
        "We cannot send e-mail to this address. Please check it, or give another address."
    ]


@pytest.mark.parametrize("address", ["ana@example.org", "ana@bücher.de", "a" * 64 + "@x.org"])
def test_email_clean_keeps_addresses_that_can_be_sent(address):
    assert email_clean(address) == address


def test_rsvp_form_refuses_an_address_that_cannot_be_sent(client):
    event = factories.event()
    response = client.post(
        f"/events/{event.pk}/rsvp/",
        {"name": "Ana", "email": "ana@" + "ü" * 61 + ".de", "party_size": "1", "phone": ""},
    )
    assert response.status_code == 400
    assert "We cannot send e-mail to this address." in response.content.decode()
    assert Rsvp.objects.count() == 0


LINE_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
    max_size=200,
)
BLOCK_TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
        st.sampled_from("\t\n\r"),
    ),
    max_size=500,
)


@pytest.fixture
def fuzz_event():
    return factories.event(timezone="America/Chicago")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=LINE_TEXT, description=BLOCK_TEXT, venue_name=LINE_TEXT)
def test_ical_builds_and_parses_back_for_any_text_the_validators_allow(
    fuzz_event, title, description, venue_name
):
    validate_text_line(title)
    validate_text_block(description)
    validate_text_line(venue_name)
    fuzz_event.title, fuzz_event.description = title, description
    fuzz_event.venue.name = venue_name
    body = event_calendar(fuzz_event, event_vevent(fuzz_event, site_url="https://x.test"))
    parsed = icalendar.Calendar.from_ical(body)
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["UID"]) == fuzz_event.uid
