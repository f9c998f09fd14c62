"""How residents read an event's time: "Tue, Dec 2 · 6:30–7:30 PM", in the event's own zone.

A plain module (no template machinery), used by the template filters in
templatetags/porchlight.py and by notices (e-mail, text messages, "what changed").
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def _clock(value: dt.datetime, with_suffix: bool = True) -> str:
    text = f"{value.hour % 12 or 12}:{value.minute:02d}"
    return f"{text} {value:%p}" if with_suffix else text


def _day(value: dt.datetime) -> str:
    return f"{value:%a, %b} {value.day}"


def when_text(start: dt.datetime, end: dt.datetime, tz_name: str) -> str:
    """A start–end range in the event's own zone, as a resident reads it."""
    tz = ZoneInfo(tz_name)
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    if start.date() == end.date():
        same_half = f"{start:%p}" == f"{end:%p}"
        text = f"{_day(start)} · {_clock(start, not same_half)}–{_clock(end)}"
    else:
        text = f"{_day(start)}, {_clock(start)} – {_day(end)}, {_clock(end)}"
    if tz_name != settings.TIME_ZONE:
        text += f" {start:%Z}"
    return text
