"""The template filters pages write dates, times and lists of names with (porchlight.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from scheduler.models import Organization

LA = ZoneInfo("America/Los_Angeles")
EVENING = dt.datetime(2026, 12, 2, 18, 30, tzinfo=LA)


def _render(source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template("{% load porchlight %}" + source).render(Context(context))


def test_day_day_year_and_clock_in_the_events_zone():
    text = "{{ at|day:zone }} | {{ at|day_year:zone }} | {{ at|clock:zone }}"
    assert _render(text, at=EVENING, zone="America/Los_Angeles") == (
        "Wed, Dec 2 | Wed, Dec 2, 2026 | 6:30 PM"
    )
    # The same moment where the event is, in New York.
    assert _render(text, at=EVENING, zone="America/New_York") == (
        "Wed, Dec 2 | Wed, Dec 2, 2026 | 9:30 PM"
    )


def test_a_calendar_day_stays_that_day_in_any_zone():
    day = dt.date(2026, 3, 8)  # clocks change that night in the United States
    assert _render("{{ d|day_year }}", d=day) == "Sun, Mar 8, 2026"
    assert _render("{{ d|day_year:'Pacific/Kiritimati' }}", d=day) == "Sun, Mar 8, 2026"


def test_no_value_is_no_text():
    assert _render("[{{ x|day }}{{ x|day_year }}{{ x|clock }}]", x=None) == "[]"


def test_dates_follow_the_language():
    text = "{{ at|day_year:zone }} · {{ at|clock:zone }}"
    assert _render(text, "es", at=EVENING, zone="America/Los_Angeles") == (
        "mié, 2 de dic de 2026 · 6:30 p.m."
    )
    assert _render(text, "zh-hans", at=EVENING, zone="America/Los_Angeles") == (
        "2026年12月2日周三 · 18:30"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Library, School, and Clinic"),
        ("es", "Library, School y Clinic"),
        ("vi", "Library, School và Clinic"),
        ("zh-hans", "Library、School和Clinic"),
        ("hmn", "Library, School, Clinic"),  # no CLDR data: commas
    ],
)
def test_names_are_listed_as_the_language_lists_them(language, expected):
    orgs = [Organization(name=name) for name in ("Library", "School", "Clinic")]
    assert _render("{{ orgs|names }}", language, orgs=orgs) == expected
    assert _render("{{ orgs|names }}", language, orgs=orgs[:1]) == "Library"
