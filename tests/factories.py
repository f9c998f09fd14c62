"""Plain factory functions for tests: each makes a valid object, overrides by keyword."""

import datetime as dt
import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone

from accommodations.models import AccommodationRequest
from rsvp.models import Attendee, Rsvp, token_hash, token_new
from scheduler.models import (
    Event,
    EventLanguage,
    EventSeries,
    Membership,
    Neighborhood,
    Organization,
    Program,
    Venue,
)
from scheduler.permissions import COORDINATORS, OFFICERS, PARTNER_STAFF

_seq = itertools.count(1)


def n() -> int:
    return next(_seq)


def program(**kw) -> Program:
    i = n()
    return Program.objects.create(**{"name": f"Program {i}", "slug": f"program-{i}", **kw})


def organization(**kw) -> Organization:
    i = n()
    return Organization.objects.create(**{"name": f"Organization {i}", "slug": f"org-{i}", **kw})


def neighborhood(**kw) -> Neighborhood:
    i = n()
    return Neighborhood.objects.create(**{"name": f"Neighborhood {i}", "slug": f"hood-{i}", **kw})


def venue(**kw) -> Venue:
    i = n()
    if "neighborhood" not in kw:
        kw["neighborhood"] = neighborhood()
    return Venue.objects.create(**{"name": f"Venue {i}", "address": f"{i} Main St", **kw})


def door_open() -> dt.datetime:
    """A start for an event whose check-in is open now (it opens 2 hours before the start)."""
    return timezone.now() + dt.timedelta(minutes=30)


def event(**kw) -> Event:
    start = kw.pop("start", None) or timezone.now() + dt.timedelta(days=7)
    defaults = {
        "title": f"Event {n()}",
        "program": kw.get("program") or program(),
        "venue": kw.get("venue") or venue(),
        "host": kw.get("host") or organization(),
        "start": start,
        "end": start + dt.timedelta(hours=1),
        "capacity": 50,
        "max_party_size": 6,
    }
    defaults.update(kw)
    partners = defaults.pop("partners", [])
    officers = defaults.pop("officers", [])
    languages = defaults.pop("languages", [])  # [(code, interpreted), …]
    created = Event.objects.create(**defaults)
    created.partners.set(partners)
    created.officers.set(officers)
    for code, interpreted in languages:
        EventLanguage.objects.create(event=created, language=code, interpreted=interpreted)
    return created


def series(**kw) -> EventSeries:
    defaults = {
        "title": f"Series {n()}",
        "program": kw.get("program") or program(),
        "venue": kw.get("venue") or venue(),
        "host": kw.get("host") or organization(),
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "start_date": timezone.localdate(),
        "start_time": dt.time(18, 30),
        "duration": dt.timedelta(hours=1),
        "timezone": "America/Los_Angeles",
        "capacity": 40,
    }
    defaults.update(kw)
    return EventSeries.objects.create(**defaults)


def user(role: str | None = None, *, organization_=None, roster_access: bool = False, **kw) -> User:
    """A login; `organization_` makes it work there, `roster_access` is a coordinator's
    grant of that organization's rosters (working there alone shows none)."""
    i = n()
    created = User.objects.create_user(
        **{"username": f"user{i}", "password": "pw-for-tests-only", **kw}
    )
    if role:
        group = {"coordinator": COORDINATORS, "officer": OFFICERS, "partner": PARTNER_STAFF}[role]
        # get_or_create: a transactional test starts from a flushed database, without the
        # groups that a data migration made.
        created.groups.add(Group.objects.get_or_create(name=group)[0])
    if organization_ is not None:
        Membership.objects.create(
            user=created, organization=organization_, roster_access=roster_access
        )
    return created


def attendee(**kw) -> Attendee:
    """A mailbox (an e-mail address): names are typed with each RSVP, see `rsvp`."""
    return Attendee.objects.create(**{"email": f"resident{n()}@example.org", **kw})


def rsvp(event: Event, **kw) -> Rsvp:
    """A row written directly (no capacity rules): for reads and query-count tests.

    With a name (`name=`, else "Resident <n>") and a mailbox (`attendee=`, else a new one);
    `headcount=True` makes a head-count RSVP instead (no name, no mailbox, a code).
    """
    status = kw.pop("status", Rsvp.Status.CONFIRMED)
    if kw.pop("headcount", False):
        kw.setdefault("reference", f"HC{n():05d}")
        kw["attendee"] = None
        kw.setdefault("name", "")
    elif "attendee" not in kw or kw["attendee"] is None:
        kw["attendee"] = attendee()
    kw.setdefault("name", f"Resident {n()}")
    return Rsvp.objects.create(
        event=event,
        status=status,
        waitlist_joined_at=timezone.now() if status == Rsvp.Status.WAITLISTED else None,
        manage_token_hash=token_hash(token_new()),
        **kw,
    )


def walkin(event: Event, **kw):
    from rsvp.models import WalkIn

    return WalkIn.objects.create(**{"event": event, "head_count": 1, **kw})


def accommodation(rsvp: Rsvp, kind: str = "other", detail: str = "", **kw) -> AccommodationRequest:
    """An open accommodation request, written directly (no routing): for counts and lists."""
    if kind in ("other", "interpreter") and not detail:
        detail = "Something to arrange"
    created_at = kw.pop("created_at", None) or timezone.now()
    return AccommodationRequest.objects.create(
        **{"rsvp": rsvp, "kind": kind, "detail": detail, "lead_hours": 24, **kw},
        created_at=created_at,
    )
