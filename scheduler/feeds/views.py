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

from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from scheduler.feeds.base import BadFeedLink, CalendarFeed, Found, OwnerFeed
from scheduler.feeds.extras import Extra, officer_extras
from scheduler.feeds.languages import LANG_PARAM
from scheduler.feeds.queries import (
    Window,
    event_with_stamp,
    events_fingerprint,
    in_window,
    public_in_window,
)
from scheduler.filters import EventFilter
from scheduler.models import Event, OfficerFeedToken, Organization, Program
from scheduler.tokens import token_hash


@dataclasses.dataclass(frozen=True)
class _Filtered:
    params: Any  # the query string, without `page`
    events: QuerySet[Event]


class PublicEventsFeed(CalendarFeed):
    """All public events, with the same filters as the list of events at `/`."""

    def get_object(self, request, window: Window) -> _Filtered:
        params = request.GET.copy()
        params.pop("page", None)
        params.pop(LANG_PARAM, None)  # the feed's language (CalendarFeed), not a filter
        selected = public_in_window(window)
        if params:
            filterset = EventFilter(params, queryset=selected)
            if not filterset.is_valid():
                problems = "; ".join(
                    f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()
                )
                raise BadFeedLink(
                    gettext("This calendar link has a filter that cannot be used (%(problems)s).")
                    % {"problems": problems}
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
        if found.obj.params:
            return gettext("Community events (filtered)")
        return gettext("Community events")

    def description(self, found: Found) -> str:
        return gettext("Events run by the police department with its community partners.")

    def filename(self, found: Found) -> str:
        return "events.ics"


class ProgramFeed(OwnerFeed):
    """A program's public events."""

    fields = ("pk", "name")
    missing = _("No such program.")

    def ident(self, slug: str) -> str:
        return f"program:{slug}"

    def owners(self, slug: str) -> QuerySet[Program]:
        return Program.objects.filter(slug=slug)

    def events(self, window: Window, owner) -> QuerySet[Event]:
        return public_in_window(window).filter(program=owner)

    def title(self, found: Found) -> str:
        return found.row[1]

    def description(self, found: Found) -> str:
        return gettext("%(program)s: community events with the police department.") % {
            "program": found.row[1]
        }

    def filename(self, found: Found) -> str:
        return f"{found.obj}.ics"


class OrganizationFeed(OwnerFeed):
    """Public events an organization hosts or partners on."""

    fields = ("pk", "name")
    missing = _("No such organization.")

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
        return gettext("Community events hosted by %(organization)s or with it as a partner.") % {
            "organization": found.row[1]
        }

    def filename(self, found: Found) -> str:
        return f"{found.obj}.ics"


@dataclasses.dataclass(frozen=True)
class _OneEvent:
    pk: int | None = None  # a public event, by id
    key: str | None = None  # any event, by its share key (the only way to an unlisted one)

    def events(self) -> QuerySet[Event]:
        if self.key is not None:
            return Event.objects.published().filter(share_key=self.key)
        return Event.objects.public().filter(pk=self.pk)


class EventFeed(CalendarFeed):
    """One event, to download into a calendar: a public one by id, any by its share key."""

    group_series = False  # the occurrence's own UID, not its series'
    missing = _("No such event.")

    def get_object(self, request, window: Window, **kwargs) -> _OneEvent:
        return _OneEvent(**kwargs)

    def ident(self, obj: _OneEvent) -> str:
        # The share key is a secret of sorts: the cache and the stamps name its hash.
        return f"event:{obj.pk}" if obj.key is None else f"event-link:{token_hash(obj.key)}"

    def fingerprint(self, window: Window, obj: _OneEvent, *, ident: str):
        return event_with_stamp(obj.events(), ident=ident)

    def items(self, found: Found) -> QuerySet[Event]:
        return found.obj.events()

    def title(self, found: Found) -> str:
        return found.row[3]

    def description(self, found: Found) -> str:
        return gettext("One community event.")

    def filename(self, found: Found) -> str:
        return f"event-{found.row[0]}.ics"


class OfficerFeed(OwnerFeed):
    """The events an officer is assigned to (public and unlisted)."""

    private = True
    fields = ("pk", "user_id")
    key = "user_id"
    missing = _("This calendar link is not valid any more.")

    def get_object(self, request, window: Window, *, token: str) -> str:
        return token_hash(token)

    def ident(self, hashed: str) -> str:
        return f"officer:{hashed}"

    def owners(self, hashed: str) -> QuerySet[OfficerFeedToken]:
        return OfficerFeedToken.objects.filter(token_hash=hashed, user__is_active=True)

    def fingerprint(self, window: Window, obj, *, ident: str):
        read = super().fingerprint(window, obj, ident=ident)
        if read is None:
            return None
        row, stamp = read
        user_id = row[self.fields.index(self.key)]
        # Entries of other apps (officer_extras) change the body too: their fingerprints
        # join the row the cache key is made of.
        return (*row, *(p.fingerprint(user_id) for p in officer_extras())), stamp

    def extras(self, found: Found) -> list[Extra]:
        user_id = self.owner(found)
        return [e for p in officer_extras() for e in p.components(user_id, found.window)]

    def events(self, window: Window, owner) -> QuerySet[Event]:
        return in_window(Event.objects.published(), window).filter(officers=owner)

    def title(self, found: Found) -> str:
        return gettext("My assignments")

    def description(self, found: Found) -> str:
        return gettext("Events you are assigned to.")

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
        raise Http404(gettext("No such series."))
    return HttpResponseRedirect(event.get_absolute_url())
