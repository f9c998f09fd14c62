"""Programs, organizations, venues, recurring series and the events people RSVP to.

A package by subject (validators, places, events, languages, feeds); everything is importable from
`scheduler.models` as Django and the migrations expect.
"""

from scheduler.models.events import (
    Event,
    EventDetails,
    EventQuerySet,
    EventSeries,
    Review,
    SeriesExclusion,
    Visibility,
)
from scheduler.models.feeds import FeedStamp, OfficerFeedToken
from scheduler.models.imports import ImportRun
from scheduler.models.languages import (
    EventLanguage,
    default_column,
    localized,
    other_columns,
    text_columns,
)
from scheduler.models.places import (
    Membership,
    Neighborhood,
    Organization,
    PartnerEdits,
    Program,
    RsvpMode,
    Venue,
)
from scheduler.models.proposals import ReviewComment, StaffProfile
from scheduler.models.validators import (
    DURATION_TOO_LONG,
    DURATION_TOO_SHORT,
    MAX_CUTOFF_MINUTES,
    MAX_REMINDER_OFFSET_MINUTES,
    MAX_SERIES_DURATION,
    default_reminder_offsets,
    default_timezone,
    validate_reminder_offsets,
    validate_series_duration,
    validate_timezone,
)

__all__ = [
    "validate_timezone",
    "default_timezone",
    "default_reminder_offsets",
    "MAX_CUTOFF_MINUTES",
    "MAX_SERIES_DURATION",
    "DURATION_TOO_SHORT",
    "DURATION_TOO_LONG",
    "MAX_REMINDER_OFFSET_MINUTES",
    "validate_series_duration",
    "validate_reminder_offsets",
    "Program",
    "RsvpMode",
    "Organization",
    "Membership",
    "Neighborhood",
    "Venue",
    "Visibility",
    "EventDetails",
    "EventSeries",
    "EventQuerySet",
    "Event",
    "SeriesExclusion",
    "EventLanguage",
    "localized",
    "default_column",
    "text_columns",
    "other_columns",
    "OfficerFeedToken",
    "FeedStamp",
    "ImportRun",
    "Review",
    "ReviewComment",
    "PartnerEdits",
    "StaffProfile",
]
