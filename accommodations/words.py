"""What residents and staff are told about requests, in the active language."""

import datetime as dt

from django.utils.translation import gettext, ngettext, pgettext

from scheduler.when import day_text, time_text


def moment_text(value: dt.datetime, tz_name: str) -> str:
    # Translators: a day and a time of day, e.g. "Wed, Dec 2, 2026, 6:30 PM".
    return pgettext("day and time", "%(day)s, %(time)s") % {
        "day": day_text(value, tz_name, year=True),
        "time": time_text(value, tz_name),
    }


def late_text(*, label: str, hours: int, answer_by: dt.datetime, tz_name: str) -> str:
    return ngettext(
        "%(what)s needs %(hours)s hour's notice, and the event is sooner than that: we will "
        "try, and tell you by %(by)s.",
        "%(what)s needs %(hours)s hours' notice, and the event is sooner than that: we will "
        "try, and tell you by %(by)s.",
        hours,
    ) % {"what": label, "hours": hours, "by": moment_text(answer_by, tz_name)}


def passed_on_text(labels: list[str]) -> str:
    return gettext(
        "We passed on what you asked us to arrange (%(what)s): we will e-mail you when it "
        "is arranged."
    ) % {"what": "; ".join(labels)}


def after_seat_text(labels: list[str]) -> str:
    return gettext(
        "What you asked us to arrange (%(what)s) is passed on as soon as you have a seat."
    ) % {"what": "; ".join(labels)}
