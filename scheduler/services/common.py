"""Helpers shared by the event and series services."""

from collections.abc import Mapping
from types import EllipsisType
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import get_language

from scheduler.errors import EventError
from scheduler.models import Event, Program, default_column, localized, other_columns

# The texts of an event or a series, with a column per language (scheduler/translation.py).
TEXT_FIELDS = ("title", "description")


def texts(
    title: str, description: str, translations: Mapping[str, str | None] | None
) -> dict[str, str | None]:
    """A new event's or series' text columns: the default language's are `title` and
    `description`, whatever language is active; the others come from `translations`
    ({"title_es": …, "description_vi": …}), left empty where not given."""
    unknown = set(translations or {}) - set(other_columns(*TEXT_FIELDS))
    if unknown:
        raise ValueError(f"Not a translation of the title or description: {sorted(unknown)}")
    return {
        default_column("title"): title,
        default_column("description"): description,
        **(translations or {}),
    }


def translations_of(obj) -> dict[str, str | None]:
    """A series' or event's texts in the languages other than the default one."""
    return {column: getattr(obj, column) for column in other_columns(*TEXT_FIELDS)}


def column_name(name: str) -> str:
    """The column a change to field `name` was written to: assigning `event.title` writes
    the active language's text, so that is the one to copy."""
    return localized(name, get_language()) if name in TEXT_FIELDS else name


def field_changes(event: Event, loaded: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """{field: (old, new)} for the fields of a snapshot that changed since it was taken."""
    return {
        name: (old, getattr(event, name))
        for name, old in loaded.items()
        if old != getattr(event, name)
    }


def calendar_snapshot(event: Event) -> dict[str, Any]:
    """The calendar-relevant fields as they are now (for `field_changes` after a write)."""
    return {name: getattr(event, name) for name in Event.CALENDAR_FIELDS}


def refusal(exc: ValidationError) -> EventError:
    """A model validation error as the domain error the interfaces show."""
    fields = [name for name in getattr(exc, "error_dict", {}) if name != NON_FIELD_ERRORS]
    return EventError(" ".join(exc.messages), field=fields[0] if len(fields) == 1 else None)


# Left out of full_clean: every caller gives these as objects (checking that they exist
# would only cost queries), and `uid` is made when the row is first saved.
GIVEN_FIELDS = ["program", "venue", "host", "series", "uid"]
# Also left out: the texts as read in the active language. Each language's column has the
# same rules (the default language's is required), so an error names the column it is in.
CHECKED_AS_COLUMNS = list(TEXT_FIELDS)


def program_defaults(
    program: Program, capacity: int | None | EllipsisType, max_party_size: int | None
) -> dict[str, Any]:
    """Capacity and party size: as given, else the program's (`...`: not given)."""
    return {
        "capacity": program.default_capacity if capacity is ... else capacity,
        "max_party_size": program.default_max_party_size
        if max_party_size is None
        else max_party_size,
    }


def given(**values: Any) -> dict[str, Any]:
    """The optional values a caller gave; the model's defaults stand for the others."""
    return {name: value for name, value in values.items() if value is not None}


def has_attendance(event: Event) -> bool:
    """RSVPs or walk-ins on record: such an event is cancelled, never deleted."""
    return event.rsvps.exists() or event.walkins.exists()
