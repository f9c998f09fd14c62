"""RSVP reads: seats and waitlists of events (pages, API), rosters for the officer pages and
exports — each a fixed number of queries, however many rows."""

import dataclasses
import datetime as dt
import unicodedata

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questions.queries import answers_attach
from rsvp.models import RosterAccess, Rsvp, WalkIn
from scheduler.models import Event
from scheduler.permissions import can_view_roster, roster_events
from scheduler.queries import with_details, with_languages

RECENT_DAYS = 14


def name_key(text: str) -> str:
    """Case- and accent-blind form of a name for search ("José" is found by "jose")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def with_seats(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate `seats_taken` (confirmed people) and `waitlist_count` (waiting parties)."""
    confirmed = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=Rsvp.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(total=Sum("party_size"))
        .values("total")
    )
    waiting = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=Rsvp.Status.WAITLISTED)
        .order_by()
        .values("event")
        .annotate(total=Sum(Value(1)))
        .values("total")
    )
    return queryset.annotate(
        seats_taken=Coalesce(Subquery(confirmed, output_field=IntegerField()), 0),
        waitlist_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
    )


def events_public_upcoming(now: dt.datetime | None = None) -> QuerySet[Event]:
    """Public events that have not ended, soonest first, with seats and details."""
    now = now or timezone.now()
    events = with_languages(with_details(Event.objects.public().upcoming(now)))
    return with_seats(events).order_by("start", "id")


def event_detail(*, pk: int | None = None, key: str | None = None, user=None) -> Event:
    """One event with everything its page shows, by its share key (any event: the link is
    the key) or by its id: a public event, or an unlisted one for `user` if they may see
    its roster (coordinators, its officers). Raises Event.DoesNotExist otherwise, as for no
    such event, so counting ids finds no unlisted event. A proposal not yet published is
    never found here (its own pages are in the officer area)."""
    events = with_seats(with_languages(with_details(Event.objects.published())))
    if key is not None:
        return events.get(share_key=key)
    event = events.get(pk=pk)
    if event.is_unlisted and not (user is not None and can_view_roster(user, event)):
        raise Event.DoesNotExist
    return event


def _sum_subquery(queryset: QuerySet, field: str) -> Coalesce:
    total = (
        queryset.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def with_attendance(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Seats and waitlist (see with_seats), plus `checked_in` people and
    `walkin_people`, each a subquery so a list of events stays one query."""
    arrived = Rsvp.objects.filter(status=Rsvp.Status.CONFIRMED, checked_in_at__isnull=False)
    return with_seats(queryset).annotate(
        checked_in=_sum_subquery(arrived, "arrived"),
        walkin_people=_sum_subquery(WalkIn.objects.all(), "head_count"),
    )


# An event is "today" where it is held: its start's date in its own zone (zones run from
# UTC-12 to UTC+14, so today's events anywhere start within this much of now).
TODAY_REACH = dt.timedelta(hours=38)


def officer_events(user, *, now: dt.datetime | None = None) -> dict:
    """The events on a user's officer home page, each with attendance figures: `today`'s
    (the day in each event's own zone, soonest first, those that ended too: their door is
    still open), `next` (the first of today's that has not ended: the door to open), the
    other `upcoming` ones (soonest first) and those `recent`ly held (to finish check-in
    and look at no-shows)."""
    now = now or timezone.now()
    visible = roster_events(user).select_related("program", "venue", "host")
    near = with_attendance(
        visible.filter(start__gte=now - TODAY_REACH, start__lte=now + TODAY_REACH)
    ).order_by("start", "id")
    today = [
        event
        for event in near
        if timezone.localtime(event.start, event.tzinfo).date()
        == timezone.localtime(now, event.tzinfo).date()
    ]
    today_ids = [event.pk for event in today]
    upcoming = with_attendance(visible.filter(end__gte=now).exclude(pk__in=today_ids)).order_by(
        "start", "id"
    )
    recent = with_attendance(
        visible.filter(end__lt=now, end__gte=now - dt.timedelta(days=RECENT_DAYS)).exclude(
            pk__in=today_ids
        )
    ).order_by("-start", "-id")
    upcoming_today = [e for e in today if e.end >= now and e.status != Event.Status.CANCELLED]
    return {
        "today": today,
        "next": upcoming_today[0] if upcoming_today else None,
        "upcoming": upcoming,
        "recent": recent,
    }


ROSTER_DENIED = _(
    "Only the officers assigned to this event, coordinators, and staff a coordinator granted "
    "its host's or partners' rosters may see it."
)


def roster_event(user, pk: int) -> Event:
    """The event, if this user may see its roster (DESIGN.md rule 5).

    Raises Event.DoesNotExist for no such event and PermissionDenied for one whose roster
    is not theirs; the pages and the API turn those into 404 and 403.
    """
    event = with_details(Event.objects.filter(pk=pk)).get()
    _roster_check(user, event)
    return event


def _roster_check(user, event: Event) -> None:
    if not can_view_roster(user, event):
        raise PermissionDenied(str(ROSTER_DENIED))


def roster_for(user, event: Event, what: str, *, now: dt.datetime | None = None) -> "Roster":
    """The one read of a roster (the page, the CSV, the sign-in sheet, the API): checks that
    this user may see it, writes the access log (`what`: a RosterAccess.What), returns it."""
    _roster_check(user, event)
    RosterAccess.objects.create(user=user, event=event, what=what)
    return roster(event, now=now)


def roster_contact(user, event: Event, rsvp_id: int) -> Rsvp:
    """One party of this roster, its e-mail and phone to show at the door on an officer's
    tap (the door list hides them from the people in line): checked and logged ("reveal").
    Raises Rsvp.DoesNotExist for no such (or a cancelled) RSVP on this event."""
    _roster_check(user, event)
    rsvp = (
        Rsvp.objects.select_related("attendee")
        .exclude(status=Rsvp.Status.CANCELLED)
        .get(pk=rsvp_id, event=event)
    )
    RosterAccess.objects.create(user=user, event=event, what=RosterAccess.What.REVEAL)
    return rsvp


@dataclasses.dataclass
class Roster:
    event: Event
    confirmed: list[Rsvp]
    waitlist: list[Rsvp]
    walkins: list[WalkIn]
    is_over: bool

    @property
    def confirmed_people(self) -> int:
        return sum(r.party_size for r in self.confirmed)

    @property
    def checked_in(self) -> list[Rsvp]:
        return [r for r in self.confirmed if r.checked_in_at]

    @property
    def checked_in_people(self) -> int:
        # Those of each party who came: 3 of a party of 4 are 3 people checked in.
        return sum(min(r.arrived or r.party_size, r.party_size) for r in self.checked_in)

    @property
    def waitlist_people(self) -> int:
        return sum(r.party_size for r in self.waitlist)

    @property
    def walkin_people(self) -> int:
        return sum(w.head_count for w in self.walkins)

    @property
    def no_shows(self) -> list[Rsvp]:
        """Confirmed but never checked in, once the event is over (empty before)."""
        if not self.is_over:
            return []
        return [r for r in self.confirmed if not r.checked_in_at]

    @property
    def no_show_people(self) -> int:
        # The fourth of a party of four of whom three came is a no-show too.
        partial = sum(
            r.party_size - min(r.arrived or r.party_size, r.party_size) for r in self.checked_in
        )
        return sum(r.party_size for r in self.no_shows) + (partial if self.is_over else 0)

    @property
    def attended_people(self) -> int:
        return self.checked_in_people + self.walkin_people

    def counts(self) -> dict[str, int]:
        return {
            "confirmed": self.confirmed_people,
            "confirmed_parties": len(self.confirmed),
            "checked_in": self.checked_in_people,
            "checked_in_parties": len(self.checked_in),
            "waitlist": len(self.waitlist),
            "walkins": self.walkin_people,
            "no_shows": self.no_show_people,
        }

    def matching(self, query: str) -> "Roster":
        """The same roster with only the parties whose name (or, for a head count, its
        reference code) contains `query` (counts are still those of the whole roster: see
        `counts`, computed from the full lists)."""
        key = name_key(query.strip())
        if not key:
            return self
        keep = [r for r in self.confirmed if key in r.name_key]
        return dataclasses.replace(
            self, confirmed=keep, waitlist=[r for r in self.waitlist if key in r.name_key]
        )


def roster(event: Event, *, now: dt.datetime | None = None) -> Roster:
    """Confirmed parties by name (head counts after them, by code), the waitlist in arrival
    order, walk-ins, answers: four queries. Each RSVP shows the name typed with it, nothing
    else's."""
    now = now or timezone.now()
    rsvps = list(
        Rsvp.objects.filter(event=event)
        .exclude(status=Rsvp.Status.CANCELLED)
        .select_related("attendee", "checked_in_by")
    )
    for rsvp in rsvps:
        rsvp.name_key = name_key(rsvp.reference if rsvp.is_headcount else rsvp.name)
    # Each RSVP's answers to the registration questions, as asked (two queries).
    answers_attach(rsvps)
    confirmed = sorted(
        (r for r in rsvps if r.status == Rsvp.Status.CONFIRMED),
        key=lambda r: (r.is_headcount, r.name_key, r.pk),
    )
    waitlist = sorted(
        (r for r in rsvps if r.status == Rsvp.Status.WAITLISTED),
        key=lambda r: (r.waitlist_joined_at, r.pk),
    )
    for rsvp in confirmed:
        rsvp.position = None
    for position, rsvp in enumerate(waitlist, start=1):
        rsvp.position = position
    walkins = list(WalkIn.objects.filter(event=event).select_related("recorded_by"))
    return Roster(
        event=event,
        confirmed=confirmed,
        waitlist=waitlist,
        walkins=walkins,
        # A cancelled event has no no-shows: nobody was expected to come.
        is_over=event.end <= now and event.status != Event.Status.CANCELLED,
    )


def roster_counts(event: Event, *, now: dt.datetime | None = None) -> dict[str, int]:
    """The figures of `Roster.counts` in two aggregate queries (answered after each tap)."""
    now = now or timezone.now()
    confirmed = Q(status=Rsvp.Status.CONFIRMED)
    arrived = confirmed & Q(checked_in_at__isnull=False)
    figures = Rsvp.objects.filter(event=event).aggregate(
        confirmed=Coalesce(Sum("party_size", filter=confirmed), 0),
        confirmed_parties=Count("pk", filter=confirmed),
        checked_in=Coalesce(Sum("arrived", filter=arrived), 0),
        checked_in_parties=Count("pk", filter=arrived),
        waitlist=Count("pk", filter=Q(status=Rsvp.Status.WAITLISTED)),
    )
    figures["walkins"] = WalkIn.objects.filter(event=event).aggregate(
        total=Coalesce(Sum("head_count"), 0)
    )["total"]
    is_over = event.end <= now and event.status != Event.Status.CANCELLED
    figures["no_shows"] = figures["confirmed"] - figures["checked_in"] if is_over else 0
    return figures
