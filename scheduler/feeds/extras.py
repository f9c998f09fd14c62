"""More entries for an officer's feed, from apps above the scheduler (National Night Out
visits): each provider registers once, from its AppConfig.ready(), so the scheduler
imports none of them.

A provider has `fingerprint(user_id) -> tuple` (one query: whatever moves when its entries
change, so the feed's cached body follows) and `components(user_id, window) -> list of
Extra` (one query or a few, not one per row).
"""

import dataclasses
import datetime as dt
from typing import Protocol

import icalendar


@dataclasses.dataclass(frozen=True)
class Extra:
    sort_key: tuple  # (start, uid): where the entry goes among the events
    component: icalendar.Event
    timezone: str
    start: dt.datetime
    end: dt.datetime


class OfficerExtras(Protocol):
    def fingerprint(self, user_id: int) -> tuple: ...

    def components(self, user_id: int, window) -> list[Extra]: ...


_OFFICER_EXTRAS: list[OfficerExtras] = []


def officer_extras_register(provider: OfficerExtras) -> None:
    if provider not in _OFFICER_EXTRAS:
        _OFFICER_EXTRAS.append(provider)


def officer_extras() -> tuple[OfficerExtras, ...]:
    return tuple(_OFFICER_EXTRAS)
