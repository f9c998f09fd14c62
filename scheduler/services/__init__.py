"""Writes with rules for events and series (DESIGN.md: one function each, transactional).

events.py: one event (create, save, capacity, cancel, reinstate, delete); series.py:
recurring series and their occurrences; officers.py: officers' feed tokens; copies.py: an
event or a series again on a new date; bulk.py: the admin's changes to many events at once;
proposals.py: partners' proposals and their review.
"""

from scheduler.services.bulk import BulkResult, events_assign_officers, events_move_venue
from scheduler.services.common import TEXT_FIELDS
from scheduler.services.copies import event_duplicate, series_duplicate
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
from scheduler.services.proposals import (
    ProposalError,
    ProposalForbidden,
    partner_editable_fields,
    proposal_create,
    proposal_review,
    proposal_save,
    proposal_submit,
    staff_language_remember,
)
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
    "BulkResult",
    "MaterializeResult",
    "event_cancel",
    "event_capacity_set",
    "event_create",
    "event_delete",
    "event_duplicate",
    "event_reinstate",
    "event_save",
    "events_assign_officers",
    "events_move_venue",
    "officer_feed_token_rotate",
    "ProposalError",
    "ProposalForbidden",
    "partner_editable_fields",
    "proposal_create",
    "proposal_review",
    "proposal_save",
    "proposal_submit",
    "staff_language_remember",
    "series_create",
    "series_dates_exclude",
    "series_duplicate",
    "series_extend_all",
    "series_horizon",
    "series_materialize",
    "series_save",
]
