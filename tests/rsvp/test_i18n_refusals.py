"""The RSVP rules, forms, services, exports and reports in the reader's language.

Refusals are translated when they are raised (under the request's language, here
translation.override); days, times and months come from CLDR through scheduler.when.
The tests marked "catalog" compare with the project's catalogs (tests/i18n.py) and fail
until those have the translation.
"""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation

from rsvp.errors import RsvpError
from rsvp.forms import RsvpForm
from rsvp.models import Rsvp
from rsvp.officers.forms import ReportFilterForm
from rsvp.officers.reports import report_build
from rsvp.services import rsvp_change_party_size, rsvp_closed_reason, rsvp_create
from scheduler.errors import Busy
from tests import factories
from tests.i18n import translated, translated_in_context, translated_plural

pytestmark = pytest.mark.django_db

ZONE = "America/Los_Angeles"


def test_a_service_refusal_is_in_the_language_of_the_request():
    # catalog
    event = factories.event(status="cancelled")
    with translation.override("vi"), pytest.raises(RsvpError) as refused:
        rsvp_create(event=event, email="ana@example.org", name="Ana")
    assert (refused.value.message, refused.value.code) == (
        translated("vi", "This event has been cancelled."),
        "rsvp_closed",
    )


def test_a_refusal_with_a_count_takes_the_languages_plural():
    # catalog
    event = factories.event(capacity=3)
    rsvp = rsvp_create(event=event, email="ana@example.org", name="Ana", party_size=2).rsvp
    with translation.override("es"), pytest.raises(RsvpError) as refused:
        rsvp_change_party_size(rsvp=rsvp, party_size=4)
    assert refused.value.message == translated_plural(
        "es",
        "Only %(free)d more seat left, so your party can be at most %(most)d.",
        "Only %(free)d more seats left, so your party can be at most %(most)d.",
        1,
        free=1,
        most=3,
    )


def test_a_default_message_is_read_in_the_language_of_the_refusal():
    # catalog
    with translation.override("ru"):
        busy = Busy()
    assert busy.message == translated(
        "ru", "This event is very busy right now. Please try again in a moment."
    )
    assert str(busy) == busy.message


@pytest.mark.parametrize(
    ("language", "day", "time"),
    [
        ("en", "Tue, Dec 1", "9:00 AM"),
        ("es", "mar, 1 de dic", "9:00 a.m."),
        ("zh-hans", "12月1日周二", "09:00"),
    ],
)
def test_rsvps_open_on_a_day_and_time_in_the_residents_language(language, day, time):
    event = factories.event(
        start=dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC),
        timezone=ZONE,
        rsvp_opens_at=dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC),  # 9 AM in Los Angeles
    )
    with translation.override(language):
        reason = rsvp_closed_reason(event, now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
        sentence = translation.gettext("RSVPs open on %(day)s at %(time)s.")
    assert reason == sentence % {"day": day, "time": time}


def test_a_form_error_is_in_the_language_of_the_page():
    # catalog
    event = factories.event()
    data = {"name": "Ana", "email": "ana@example.org", "phone": "12", "party_size": 1}
    with translation.override("es"):
        form = RsvpForm(data, event=event)
        assert not form.is_valid()
        errors = form.errors.get_json_data()
    assert errors == {
        "phone": [
            {
                "message": translated(
                    "es", "Enter a phone number we can text or call, like 503-555-0100."
                ),
                "code": "phone_invalid",
            }
        ]
    }


def test_the_report_form_refuses_a_reversed_range_in_chinese():
    # catalog
    with translation.override("zh-hans"):
        form = ReportFilterForm({"start": "2025-05-01", "end": "2025-04-01"})
        assert not form.is_valid()
        errors = list(form.non_field_errors())
    assert errors == [translated("zh-hans", "The first day must be on or before the last day.")]


ROSTER_HEADER = [
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
]


def test_the_roster_csv_is_in_the_officers_language(client):
    # catalog
    officer = factories.user("officer")
    event = factories.event(officers=[officer])
    factories.rsvp(event, name="Ana Reyes")
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(f"/officers/events/{event.pk}/attendance.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()[1:])))
    assert rows[0][: len(ROSTER_HEADER)] == [translated("es", title) for title in ROSTER_HEADER]
    assert rows[1][:3] == [
        translated_in_context("es", "roster CSV status", "confirmed"),
        "",
        "Ana Reyes",
    ]


def _held(day: dt.date):
    start = dt.datetime.combine(day, dt.time(18, 0), tzinfo=timezone.get_fixed_timezone(-480))
    event = factories.event(start=start)
    rsvp = factories.rsvp(event)
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=start, arrived=F("party_size"))
    return event


def test_report_months_are_named_in_the_officers_language():
    _held(dt.date(2025, 10, 8))
    _held(dt.date(2025, 11, 12))
    coordinator = factories.user("coordinator")
    with translation.override("es"):
        report = report_build(coordinator, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert [row.label for row in report.groups["month"]] == ["octubre de 2025", "noviembre de 2025"]


def test_the_report_csv_is_in_the_officers_language(client):
    # catalog
    _held(dt.date(2025, 10, 8))
    client.force_login(factories.user("coordinator"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get("/officers/reports.csv?start=2025-01-01&end=2025-12-31")
    rows = list(csv.reader(io.StringIO(response.content.decode()[1:])))
    assert rows[0][:4] == [
        translated("vi", t) for t in ("grouping", "group", "events held", "RSVPs")
    ]
    assert rows[1][:2] == [
        translated_in_context("vi", "report CSV grouping", "total"),
        translated("vi", "All events"),
    ]
    assert rows[-1][:2] == [
        translated_in_context("vi", "report CSV grouping", "month"),
        "tháng 10 năm 2025",
    ]
