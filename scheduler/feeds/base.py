"""The calendar feed class and its hooks, in the spirit of django.contrib.syndication: a feed
says which events it serves and how to name them; this answers the HTTP request (views.py has
the scheduler's feeds, rsvp/feeds.py the personal one)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, QuerySet
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from scheduler import queries
from scheduler.feeds.builder import CalendarInfo
from scheduler.feeds.cache import Resolved
from scheduler.feeds.http import respond
from scheduler.feeds.languages import LANG_PARAM, requested_language
from scheduler.feeds.queries import (
    Stamp,
    Window,
    feed_window,
    owner_with_fingerprint,
)
from scheduler.models import Event


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
    missing = _("No such calendar.")  # the 404's words when there is nothing of that name

    @method_decorator(require_safe)
    def __call__(self, request, **kwargs) -> HttpResponse:
        window = feed_window()
        asked = requested_language(request)
        with translation.override(asked or settings.LANGUAGE_CODE):
            try:
                obj = self.get_object(request, window, **kwargs)
            except BadFeedLink as problem:
                response = HttpResponse(
                    f"{problem}\n", status=400, content_type="text/plain; charset=utf-8"
                )
                response.headers["Content-Language"] = translation.get_language()
                return response
            ident = self.ident(obj)
            if asked:
                # Each language's URL has its own stamp: the bytes differ, and one stamp
                # shared by two URLs would move at every request that alternates them.
                ident += f"|{LANG_PARAM}={asked}"
            read = self.fingerprint(window, obj, ident=ident)
            if read is None:
                raise Http404(self.missing)
        row, stamp = read
        found = Found(obj=obj, row=row, window=window)
        language = asked or self.language(found) or settings.LANGUAGE_CODE
        with translation.override(language):
            feed = Resolved(
                ident=ident,
                fingerprint=row,
                stamp=stamp,
                language=language,
                info=CalendarInfo(
                    name=str(self.title(found)),
                    description=str(self.description(found)),
                    site_url=settings.SITE_URL,
                    refresh_minutes=settings.PORCHLIGHT.get("FEED_REFRESH_MINUTES", 60),
                ),
                load=lambda: self._load(found),
                extras=lambda: self.extras(found),
                private=self.private,
                group_series=self.group_series,
                filename=self.filename(found),
            )
            # The body is built (on a cache miss) inside this block, in this language.
            response = respond(request, feed, window)
        response.headers["Content-Language"] = language
        return response

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

    def language(self, found: Found) -> str | None:
        """The feed's language when its URL asks for none (None: the site's default)."""
        return None

    def tentative_ids(self, events: list[Event]) -> frozenset[int]:
        """The events shown as STATUS:TENTATIVE."""
        return frozenset()

    def extras(self, found: Found) -> list:
        """Entries that are not events (scheduler.feeds.extras.Extra), written among them."""
        return []

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
