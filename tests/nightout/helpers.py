"""Shared set-up for the National Night Out tests."""

import datetime as dt

from django.utils import timezone

from nightout.models import BlockParty, NightOut
from tests import factories


def night_out(**kw) -> NightOut:
    """Next year's edition, registration open today."""
    today = timezone.localdate()
    return NightOut.objects.create(
        **{
            "year": today.year + 1,
            "registration_opens": today - dt.timedelta(days=1),
            "registration_closes": dt.date(today.year + 1, 7, 31),
            **kw,
        }
    )


def party(night: NightOut, **kw) -> BlockParty:
    i = factories.n()
    return BlockParty.objects.create(
        **{
            "night_out": night,
            "host_name": f"Host {i}",
            "email": f"host{i}@example.org",
            "address": f"{i} Elm Street",
            "neighborhood": kw.pop("neighborhood", None) or factories.neighborhood(),
            "expected_size": 20,
            "language": "en",
            **kw,
        }
    )


def slot(night: NightOut, hour: int, minute: int = 0, minutes: int = 30):
    start = dt.datetime.combine(night.date, dt.time(hour, minute), tzinfo=night.tzinfo)
    return start, start + dt.timedelta(minutes=minutes)
