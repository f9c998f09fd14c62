"""What the kiosk reads of a roster and how it checks a party in, each logged.

The search is built so that a resident at the tablet can find their own party and cannot
read the roster: a match needs at least MIN_LETTERS letters, each typed word must start a
word of the name (so "ana" finds "Ana García" and not "Santana"), more than MAX_RESULTS
matches show none (type more of your name), and a match shows only a first name, a last
initial and the party size. Head-count parties have no name: their code, typed exactly,
finds them (it is theirs: it was shown to them alone).
"""

import dataclasses
import re

from django.db import transaction

from rsvp.door_code import door_code_read
from rsvp.errors import RsvpError
from rsvp.models import RosterAccess, Rsvp
from rsvp.queries import name_key
from rsvp.services import checkin_apply
from scheduler.models import Event

MIN_LETTERS = 3
MAX_RESULTS = 5

SHORT, NONE, MANY, FOUND = "short", "none", "many", "found"
_WORD = re.compile(r"\w+")
_CODE = re.compile(r"[^0-9A-Z]")


@dataclasses.dataclass(frozen=True)
class Match:
    rsvp_id: int
    label: str  # "Ana G.", or a head count's code
    party_size: int
    is_headcount: bool


@dataclasses.dataclass(frozen=True)
class Search:
    outcome: str  # SHORT, NONE, MANY or FOUND
    matches: list[Match]


def short_name(name: str) -> str:
    """ "Ana García López" -> "Ana L.": enough for a resident to know their own party, too
    little to learn anyone's."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[-1][0].upper()}."


def first_name(name: str) -> str:
    words = name.split()
    return words[0] if words else ""


def _code_key(text: str) -> str:
    # "k7q m3x", "K7Q-M3X" and "k7qm3x" are one code.
    return _CODE.sub("", text.upper())


def _door_code_rsvp_id(event: Event, text: str) -> int | None:
    # A resident's QR door code (rsvp/door_code.py), typed into the search box by a
    # handheld scanner (it types like a keyboard) or pasted, finds its party.
    try:
        event_id, rsvp_id = door_code_read(text)
    except (ValueError, RsvpError):
        return None
    return rsvp_id if event_id == event.pk else None


def _match(row: Rsvp) -> Match:
    if row.is_headcount:
        return Match(row.pk, row.reference, row.party_size, True)
    return Match(row.pk, short_name(row.name), row.party_size, False)


def _candidates(event: Event) -> list[Rsvp]:
    """The event's parties that still have a name or a code, one query; a cancelled RSVP
    only for a mailbox with no active one here (the kiosk then says to see the officer)."""
    rows = list(
        Rsvp.objects.filter(event=event, erased_at__isnull=True)
        .only("pk", "name", "reference", "party_size", "status", "attendee_id", "created_at")
        .order_by("created_at", "pk")
    )
    active = {r.attendee_id for r in rows if r.status != Rsvp.Status.CANCELLED and r.attendee_id}
    cancelled: dict[int, Rsvp] = {}
    kept = []
    for row in rows:
        if row.status != Rsvp.Status.CANCELLED:
            kept.append(row)
        elif row.attendee_id and row.attendee_id not in active:
            cancelled[row.attendee_id] = row  # the latest one of the mailbox
    return kept + list(cancelled.values())


def kiosk_search(user, event: Event, text: str) -> Search:
    """The parties a resident's typed name (or code) finds; every search that reads the
    roster is in the access log as a kiosk access of the officer who started the kiosk."""
    text = text.strip()
    key = name_key(text)
    code = _code_key(text)
    if sum(c.isalpha() for c in key) < MIN_LETTERS and len(code) < MIN_LETTERS:
        return Search(SHORT, [])
    RosterAccess.objects.create(user=user, event=event, what=RosterAccess.What.KIOSK)
    rows = _candidates(event)
    scanned = _door_code_rsvp_id(event, text)
    by_code = [
        r
        for r in rows
        if (scanned is not None and r.pk == scanned)
        or (r.is_headcount and _code_key(r.reference) == code)
    ]
    if by_code:
        return Search(FOUND, [_match(r) for r in by_code])
    typed = _WORD.findall(key)
    if sum(c.isalpha() for c in key) < MIN_LETTERS:
        return Search(SHORT, [])
    found = []
    for row in rows:
        if row.is_headcount or not row.name:
            continue
        words = _WORD.findall(name_key(row.name))
        if all(any(w.startswith(t) for w in words) for t in typed):
            found.append(row)
    if not found:
        return Search(NONE, [])
    if len(found) > MAX_RESULTS:
        return Search(MANY, [])
    found.sort(key=lambda r: (name_key(r.name), r.pk))
    return Search(FOUND, [_match(r) for r in found])


def kiosk_checkin(*, rsvp: Rsvp, by, arrived: int | None = None) -> str:
    """Check a party in from the kiosk (rsvp.services.checkin_apply: its hours, its
    idempotence), recorded as the officer's who started the kiosk and logged as a kiosk
    check-in; APPLIED or UNCHANGED."""
    with transaction.atomic():
        outcome = checkin_apply(rsvp=rsvp, by=by, arrived=arrived)
        RosterAccess.objects.create(user=by, event_id=rsvp.event_id, what=RosterAccess.What.KIOSK)
    return outcome
