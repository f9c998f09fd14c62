"""Writes with rules for events and series (DESIGN.md: one function each, transactional).

events.py: one event (create, save, capacity, cancel, reinstate, delete); series.py:
recurring series and their occurrences; officers.py: officers' feed tokens.
"""

from scheduler.services.common import TEXT_FIELDS
from scheduler.services.events import (
    PROTECTED_FIELDS,
    event_cancel,
    event_capacity_set,
    event_create,
    event_delete,
    event_reinstate,
    event_save,
)
from scheduler.services.officers import officer_feed_token_rotate
from scheduler.services.series import (
    SERIES_FIELDS,
    MaterializeResult,
    series_create,
    series_dates_exclude,
    series_extend_all,
    series_horizon,
    series_materialize,
    series_save,
)

__all__ = [
    "PROTECTED_FIELDS",
    "SERIES_FIELDS",
    "TEXT_FIELDS",
    "MaterializeResult",
    "event_cancel",
    "event_capacity_set",
    "event_create",
    "event_delete",
    "event_reinstate",
    "event_save",
    "officer_feed_token_rotate",
    "series_create",
    "series_dates_exclude",
    "series_extend_all",
    "series_horizon",
    "series_materialize",
    "series_save",
]
