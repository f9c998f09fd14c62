"""Calendar feeds: one small class with hooks, one subclass per feed (the idea of
django.contrib.syndication's Feed).

Each feed answers in three steps: (1) one query finds what the feed is of (a program,
an organization, a token's holder…), a fingerprint of its events and the feed's stamp
(the ETag and Last-Modified it was last served with); (2) the body for that fingerprint
comes from memory, the shared cache, or is built (scheduler.feeds.cache); (3) ETag and
Last-Modified decide between 200 and 304 (scheduler.feeds.http). So a warm 200 and every
304 cost one query; only a changed feed is rebuilt, and only then is the stamp written.

A subclass says which events the feed holds (`fingerprint`, `items`, or for a feed of
one owner `owners` and `events`) and how a calendar app shows it (`title`,
`description`, `filename`, `private`). An instance is the view and keeps no state of a
request. The personal feed reads RSVPs, so it is rsvp.feeds.PersonalFeed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from scheduler import queries
from scheduler.feeds.builder import CalendarInfo
from scheduler.feeds.cache import Resolved
from scheduler.feeds.http import respond
from scheduler.feeds.queries import (
    Stamp,
    Window,
    event_with_stamp,
    events_fingerprint,
    feed_window,
    in_window,
    owner_with_fingerprint,
    public_in_window,
)
from scheduler.filters import EventFilter
from scheduler.models import Event, OfficerFeedToken, Organization, Program
from scheduler.tokens import token_hash


class BadFeedLink(Exception):
    """The link asks for something that cannot be given: a 400 with these words."""


@dataclasses.dataclass(frozen=True)
class Found:
    """A feed request once its one query has run."""

    obj: Any  # what the URL names (CalendarFeed.get_object)
    row: tuple  # the fingerprint: the owner's fields (if any), then its events' aggregates
    window: Window


class CalendarFeed:
    """A calendar feed. Subclasses fill in the hooks below."""

    private = False  # a personal feed: private caching, noindex, no referrer
    group_series = True  # a series as one recurring VEVENT (off for a one-event download)
    missing = "No such calendar."  # the 404's words when there is nothing of that name

    @method_decorator(require_safe)
    def __call__(self, request, **kwargs) -> HttpResponse:
        window = feed_window()
        try:
            obj = self.get_object(request, window, **kwargs)
        except BadFeedLink as problem:
            return HttpResponse(
                f"{problem}\n", status=400, content_type="text/plain; charset=utf-8"
            )
        ident = self.ident(obj)
        read = self.fingerprint(window, obj, ident=ident)
        if read is None:
            raise Http404(self.missing)
        row, stamp = read
        found = Found(obj=obj, row=row, window=window)
        feed = Resolved(
            ident=ident,
            fingerprint=row,
            stamp=stamp,
            info=CalendarInfo(
                name=self.title(found),
                description=self.description(found),
                site_url=settings.SITE_URL,
                refresh_minutes=settings.PORCHLIGHT.get("FEED_REFRESH_MINUTES", 60),
            ),
            load=lambda: self._load(found),
            private=self.private,
            group_series=self.group_series,
            filename=self.filename(found),
        )
        return respond(request, feed, window)

    def _load(self, found: Found) -> tuple[list[Event], frozenset[int]]:
        events = list(queries.with_details(self.items(found)).order_by("start", "id"))
        return events, self.tentative_ids(events)

    # --- hooks ---------------------------------------------------------------------

    def get_object(self, request, window: Window, **kwargs) -> Any:
        """What the URL names (a slug, a token's hash, an id), found without a query.

        Raise BadFeedLink for a link that cannot be served."""
        (value,) = kwargs.values()
        return value

    def ident(self, obj) -> str:
        """The feed's name for its cached body and its stamp (never a clear token)."""
        raise NotImplementedError

    def fingerprint(self, window: Window, obj, *, ident: str) -> tuple[tuple, Stamp | None] | None:
        """One query: the fingerprint row and the feed's stamp, or None (a 404)."""
        raise NotImplementedError

    def items(self, found: Found) -> QuerySet[Event]:
        """The events to write (their details are loaded by the caller)."""
        raise NotImplementedError

    def tentative_ids(self, events: list[Event]) -> frozenset[int]:
        """The events shown as STATUS:TENTATIVE."""
        return frozenset()

    def title(self, found: Found) -> str:
        raise NotImplementedError

    def description(self, found: Found) -> str:
        raise NotImplementedError

    def filename(self, found: Found) -> str:
        return "calendar.ics"


class OwnerFeed(CalendarFeed):
    """A feed of one owner's events (a program, an organization, a token's holder).

    The owner, its events' fingerprint and the stamp come in one query: `events` is
    given OuterRef(key) there, and the value of `key` once the owner is found.
    """

    fields: tuple[str, ...] = ("pk",)  # read from the owner: the start of found.row
    key = "pk"  # the owner's field that its events refer to (one of `fields`)
    extra_updated: str | None = None  # one more `updated_at` the fingerprint follows

    def owners(self, obj) -> QuerySet:
        """The owner named by the URL (none: a 404)."""
        raise NotImplementedError

    def events(self, window: Window, owner) -> QuerySet[Event]:
        raise NotImplementedError

    def fingerprint(self, window: Window, obj, *, ident: str):
        return owner_with_fingerprint(
            self.owners(obj),
            self.events(window, OuterRef(self.key)),
            ident=ident,
            fields=self.fields,
            extra_updated=self.extra_updated,
        )

    def owner(self, found: Found):
        return found.row[self.fields.index(self.key)]

    def items(self, found: Found) -> QuerySet[Event]:
        return self.events(found.window, self.owner(found))


@dataclasses.dataclass(frozen=True)
class _Filtered:
    params: Any  # the query string, without `page`
    events: QuerySet[Event]


class PublicEventsFeed(CalendarFeed):
    """All public events, with the same filters as the list of events at `/`."""

    def get_object(self, request, window: Window) -> _Filtered:
        params = request.GET.copy()
        params.pop("page", None)
        selected = public_in_window(window)
        if params:
            filterset = EventFilter(params, queryset=selected)
            if not filterset.is_valid():
                problems = "; ".join(
                    f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()
                )
                raise BadFeedLink(
                    f"This calendar link has a filter that cannot be used ({problems})."
                )
            selected = filterset.qs
        return _Filtered(params=params, events=selected)

    def ident(self, obj: _Filtered) -> str:
        return "events?" + obj.params.urlencode()

    def fingerprint(self, window: Window, obj: _Filtered, *, ident: str):
        return events_fingerprint(obj.events, ident=ident)

    def items(self, found: Found) -> QuerySet[Event]:
        return found.obj.events

    def title(self, found: Found) -> str:
        return "Community events" + (" (filtered)" if found.obj.params else "")

    def description(self, found: Found) -> str:
        return "Events run by the police department with its community partners."

    def filename(self, found: Found) -> str:
        return "events.ics"


class ProgramFeed(OwnerFeed):
    """A program's public events."""

    fields = ("pk", "name")
    missing = "No such program."

    def ident(self, slug: str) -> str:
        return f"program:{slug}"

    def owners(self, slug: str) -> QuerySet[Program]:
        return Program.objects.filter(slug=slug)

    def events(self, window: Window, owner) -> QuerySet[Event]:
        return public_in_window(window).filter(program=owner)

    def title(self, found: Found) -> str:
        return found.row[1]

    def description(self, found: Found) -> str:
        return f"{found.row[1]}: community events with the police department."

    def filename(self, found: Found) -> str:
        return f"{found.obj}.ics"


class OrganizationFeed(OwnerFeed):
    """Public events an organization hosts or partners on."""

    fields = ("pk", "name")
    missing = "No such organization."

    def ident(self, slug: str) -> str:
        return f"organization:{slug}"

    def owners(self, slug: str) -> QuerySet[Organization]:
        return Organization.objects.filter(slug=slug)

    def events(self, window: Window, owner) -> QuerySet[Event]:
        return public_in_window(window).filter(Q(host=owner) | Q(partners=owner))

    def items(self, found: Found) -> QuerySet[Event]:
        # Not the join on partners (an event once per matching row): its ids instead.
        owner = self.owner(found)
        partnered = Event.partners.through.objects.filter(organization_id=owner)
        return public_in_window(found.window).filter(
            Q(host_id=owner) | Q(pk__in=partnered.values("event_id"))
        )

    def title(self, found: Found) -> str:
        return found.row[1]

    def description(self, found: Found) -> str:
        return f"Community events hosted by {found.row[1]} or with it as a partner."

    def filename(self, found: Found) -> str:
        return f"{found.obj}.ics"


class EventFeed(CalendarFeed):
    """One event, to download into a calendar; unlisted ones too (the link is the key)."""

    group_series = False  # the occurrence's own UID, not its series'
    missing = "No such event."

    def ident(self, pk: int) -> str:
        return f"event:{pk}"

    def fingerprint(self, window: Window, pk: int, *, ident: str):
        return event_with_stamp(pk, ident=ident)

    def items(self, found: Found) -> QuerySet[Event]:
        return Event.objects.filter(pk=found.obj)

    def title(self, found: Found) -> str:
        return found.row[3]

    def description(self, found: Found) -> str:
        return "One community event."

    def filename(self, found: Found) -> str:
        return f"event-{found.obj}.ics"


class OfficerFeed(OwnerFeed):
    """The events an officer is assigned to (public and unlisted)."""

    private = True
    fields = ("pk", "user_id")
    key = "user_id"
    missing = "This calendar link is not valid any more."

    def get_object(self, request, window: Window, *, token: str) -> str:
        return token_hash(token)

    def ident(self, hashed: str) -> str:
        return f"officer:{hashed}"

    def owners(self, hashed: str) -> QuerySet[OfficerFeedToken]:
        return OfficerFeedToken.objects.filter(token_hash=hashed, user__is_active=True)

    def events(self, window: Window, owner) -> QuerySet[Event]:
        return in_window(Event.objects.all(), window).filter(officers=owner)

    def title(self, found: Found) -> str:
        return "My assignments"

    def description(self, found: Found) -> str:
        return "Events you are assigned to."

    def filename(self, found: Found) -> str:
        return "assignments.ics"


@require_safe
def series_redirect(request, pk: int):
    """Where a recurring event's calendar link leads: its next occurrence's page."""
    now = timezone.now()
    occurrences = Event.objects.filter(series_id=pk).public()
    event = (
        occurrences.filter(end__gte=now).order_by("start").first()
        or occurrences.order_by("-start").first()
    )
    if event is None:
        raise Http404("No such series.")
    return HttpResponseRedirect(event.get_absolute_url())
