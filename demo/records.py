"""The shapes of demo data: one record per program, partner, venue, login, series or event.

Records name each other by natural key (a program or organization slug, a venue name, a
username), so the data reads like a description of the city and the build resolves the keys.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

# Texts in other languages than the default one, by column: {"title_es": "…"}.
Translations = Mapping[str, str]


@dataclass(frozen=True, kw_only=True)
class ProgramSpec:
    name: str
    slug: str
    description: str
    default_capacity: int | None  # None: unlimited
    default_max_party_size: int
    default_rsvp_mode: str = "contact"  # scheduler.models.RsvpMode: or "headcount"
    translations: Translations = field(default_factory=dict)  # name_es, description_es…


@dataclass(frozen=True, kw_only=True)
class OrganizationSpec:
    name: str
    slug: str
    kind: str  # Organization.Kind
    parent: str | None = None  # slug of an organization listed before this one
    email: str
    phone: str = ""
    website: str = ""


@dataclass(frozen=True, kw_only=True)
class NeighborhoodSpec:
    name: str
    slug: str
    district: str


@dataclass(frozen=True, kw_only=True)
class VenueSpec:
    name: str
    neighborhood: str  # slug
    address: str
    latitude: str | None = None
    longitude: str | None = None
    accessibility_notes: str
    directions: str = ""


@dataclass(frozen=True, kw_only=True)
class LoginSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    group: str  # a role group made by the scheduler's data migration
    organization: str  # slug: where the login works
    # A coordinator's grant: sees the rosters of all that organization's events (not just
    # the ones this login is assigned to).
    roster_access: bool = False
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True, kw_only=True)
class ResidentSpec:
    name: str
    email: str
    party_size: int  # asked for; an event's max party size caps it


@dataclass(frozen=True, kw_only=True)
class SeriesSpec:
    """A recurring event, starting on the day the city is built."""

    title: str
    description: str
    program: str
    venue: str
    host: str
    partners: tuple[str, ...] = ()
    officers: tuple[str, ...] = ()
    rrule: str  # RFC 5545
    start_time: dt.time
    duration: dt.timedelta
    capacity: int | None
    max_party_size: int
    residents_rsvp_to_next: bool = False  # the residents RSVP to its next occurrence
    translations: Translations = field(default_factory=dict)  # title_es, description_es…


@dataclass(frozen=True, kw_only=True)
class EventSpec:
    """A one-off event ahead; its description (in each language) and max party size come
    from its program."""

    key: str  # makes the event's stable iCal UID
    title: str
    program: str
    venue: str
    host: str
    partners: tuple[str, ...] = ()
    officers: tuple[str, ...] = ()
    days_ahead: int
    start_time: dt.time
    duration: dt.timedelta
    capacity: int | None
    residents_rsvp: bool = False
    rsvp_mode: str = ""  # "": the program's; "contact" or "headcount" for this event only
    headcounts: tuple[int, ...] = ()  # party sizes of head-count RSVPs made to it
    cancellation_reason: str = ""  # set: the event is cancelled, with this reason
    translations: Translations = field(default_factory=dict)  # title_es…
    # Languages spoken there and (True) interpreted into: (("en", False), ("vi", True)).
    languages: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True, kw_only=True)
class PastEventSpec:
    """An event held once a month for the last months, with check-ins and walk-ins."""

    program: str  # also makes the events' UIDs, so one record per program
    title: str
    venue: str
    host: str
    partners: tuple[str, ...] = ()
    officer: str  # assigned, and the one who checked people in
    days_into_month: int  # after the start of each 30-day month
    start_time: dt.time
    duration: dt.timedelta
    capacity: int


@dataclass(frozen=True, kw_only=True)
class ProposalSpec:
    """A partner's event, proposed by one of its staff and submitted: awaiting a
    coordinator's approval, so it shows in no public list."""

    title: str
    description: str
    program: str
    venue: str
    host: str
    author: str  # a login of the host's partner staff
    days_ahead: int
    start_time: dt.time
    duration: dt.timedelta
    capacity: int | None
    note: str = ""  # the author's note to the coordinators
    translations: Translations = field(default_factory=dict)  # title_es, description_es…


@dataclass(frozen=True, kw_only=True)
class BlockPartySpec:
    """A resident's National Night Out block party, registered through the public form's
    service; `visits` are (officer login, minutes after the night starts, minutes long)."""

    host_name: str
    email: str
    address: str
    neighborhood: str  # slug
    expected_size: int
    needs: str = ""
    language: str = ""
    visits: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, kw_only=True)
class CitySpec:
    name: str
    password: str  # every login's
    programs: tuple[ProgramSpec, ...]
    organizations: tuple[OrganizationSpec, ...]
    neighborhoods: tuple[NeighborhoodSpec, ...]
    venues: tuple[VenueSpec, ...]
    logins: tuple[LoginSpec, ...]
    residents: tuple[ResidentSpec, ...]
    series: tuple[SeriesSpec, ...]
    events: tuple[EventSpec, ...]
    past_events: tuple[PastEventSpec, ...]
    months_of_history: int
    history_seed: int  # the same check-ins and walk-ins on every build
    proposals: tuple[ProposalSpec, ...] = ()
    block_parties: tuple[BlockPartySpec, ...] = ()
