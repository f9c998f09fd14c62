"""Erasing residents' personal data: on the retention schedule and when a resident asks."""

from privacy.services.access import (
    data_access_link_create,
    data_access_link_open,
    data_delete,
    data_export,
)
from privacy.services.erasure import Erased, rsvps_erase
from privacy.services.retention import (
    RetentionResult,
    events_due,
    legal_hold_lift,
    legal_hold_set,
    retention_purge,
)

__all__ = [
    "Erased",
    "RetentionResult",
    "data_access_link_create",
    "data_access_link_open",
    "data_delete",
    "data_export",
    "events_due",
    "legal_hold_lift",
    "legal_hold_set",
    "retention_purge",
    "rsvps_erase",
]
