"""Calendar feeds over HTTP: thin views, a cache keyed on a fingerprint, conditional GET.

Each feed answers in three steps: (1) one query finds the feed's owner (program,
organization, token…) and a fingerprint of its events; (2) the body for that
fingerprint comes from this process's memory, the shared cache, or is built;
(3) ETag/Last-Modified decide between 200 and 304. So a warm 200 and a 304 for
If-None-Match cost one query (If-Modified-Since alone adds one shared-cache read);
only a changed feed is rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import F, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_http_methods, require_safe

from rsvp.models import Attendee, Rsvp, token_hash
from scheduler import feeds, permissions, queries
from scheduler.feed_queries import (
    Window,
    events_fingerprint,
    feed_window,
    in_window,
    owner_with_fingerprint,
)
from scheduler.filters import EventFilter
from scheduler.models import Event, OfficerFeedToken, Organization, Program
from scheduler.services import officer_feed_token_rotate

logger = logging.getLogger(__name__)

# Bump when the builder's output changes for the same data, so cached bodies are not reused.
FORMAT_VERSION = 3
CONTENT_TYPE = "text/calendar; charset=utf-8"
ACTIVE_RSVP = (Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED)


@dataclasses.dataclass(frozen=True)
class Entry:
    body: bytes
    etag: str


@dataclasses.dataclass
class Feed:
    """One feed request, resolved: who it is for and how to load its events."""

    ident: str  # names the feed (never a clear token) for caching and Last-Modified
    fingerprint: tuple
    info: feeds.CalendarInfo
    load: Callable[[], tuple[list[Event], frozenset[int]]]
    private: bool = False
    group_series: bool = True
    filename: str = "calendar.ics"


# --- the cache ---------------------------------------------------------------------
# A body is stored under a key made of the feed, its fingerprint and its window, so a
# stored body can never be stale: new data gives a new key. This process keeps the
# most recent ones in memory (a 304 then needs no cache round trip); the shared cache
# lets other processes skip the build.

_LOCAL: OrderedDict[str, Entry] = OrderedDict()
_LOCAL_LOCK = threading.RLock()
_LOCAL_MAX = 64
# Per feed: the (ETag, Last-Modified) this process last served.
_LATEST: OrderedDict[str, tuple[str, int]] = OrderedDict()
_LATEST_MAX = 4096


class _Fragments:
    """The bytes of single events and series, most recently used kept (see calendar_build)."""

    def __init__(self, size: int):
        self._data: OrderedDict = OrderedDict()
        self._size = size

    def get(self, key):
        with _LOCAL_LOCK:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def __setitem__(self, key, value) -> None:
        with _LOCAL_LOCK:
            self._data[key] = value
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with _LOCAL_LOCK:
            self._data.clear()


_FRAGMENTS = _Fragments(size=20_000)


def feed_cache_clear() -> None:
    with _LOCAL_LOCK:
        _LOCAL.clear()
        _LATEST.clear()
    _FRAGMENTS.clear()


def _local_get(key: str) -> Entry | None:
    with _LOCAL_LOCK:
        entry = _LOCAL.get(key)
        if entry is not None:
            _LOCAL.move_to_end(key)
        return entry


def _local_put(key: str, entry: Entry) -> None:
    with _LOCAL_LOCK:
        _LOCAL[key] = entry
        _LOCAL.move_to_end(key)
        while len(_LOCAL) > _LOCAL_MAX:
            _LOCAL.popitem(last=False)


def _settings_key() -> tuple:
    conf = settings.PORCHLIGHT
    return (
        FORMAT_VERSION,
        settings.SITE_URL,
        settings.TIME_ZONE,
        conf["SERIES_HORIZON_DAYS"],
        conf.get("FEED_PAST_DAYS", 30),
        conf.get("FEED_CANCELLED_DAYS", 30),
        conf.get("FEED_REFRESH_MINUTES", 60),
    )


def _cache_key(feed: Feed, window: Window) -> str:
    raw = repr((feed.ident, window.today, feed.fingerprint, _settings_key()))
    return "porchlight:feed:" + hashlib.sha256(raw.encode()).hexdigest()


def _shared_last_modified(feed: Feed, etag: str) -> int:
    """When these bytes were first served: it moves forward exactly when the bytes change.

    The shared cache remembers the feed's latest (ETag, Last-Modified). A new body gets
    a time at least one second after the previous one, so no earlier If-Modified-Since
    can match it — also when a feed goes back to bytes it had before (an event created,
    then deleted), which is why this cannot be derived from the body or the rows alone.
    """
    key = "porchlight:feed-lm:" + hashlib.sha256(repr(feed.ident).encode()).hexdigest()
    now = int(timezone.now().timestamp())
    try:
        known = cache.get(key)
    except Exception:  # the cache is an optimization: never fail a feed for it
        logger.warning("Feed cache unavailable", exc_info=True)
        known = None
    if known and known[0] == etag:
        return known[1]
    stamp = max(now, known[1] + 1) if known else now
    try:
        cache.set(key, (etag, stamp), timeout=None)
    except Exception:
        logger.warning("Feed cache unavailable", exc_info=True)
    return stamp


def _last_modified(feed: Feed, etag: str, *, authoritative: bool) -> int:
    """This feed's Last-Modified for these bytes.

    Serving a body whose ETag this process has not served last asks the shared record.
    So does judging an If-Modified-Since (authoritative): another process may have
    served other bytes since. A Last-Modified that is too old on a 200 does no harm (it
    only makes a later If-Modified-Since less likely to match); a 304 must never be
    based on one.
    """
    with _LOCAL_LOCK:
        latest = _LATEST.get(feed.ident)
    if latest is not None and latest[0] == etag and not authoritative:
        return latest[1]
    stamp = _shared_last_modified(feed, etag)
    with _LOCAL_LOCK:
        _LATEST[feed.ident] = (etag, stamp)
        _LATEST.move_to_end(feed.ident)
        while len(_LATEST) > _LATEST_MAX:
            _LATEST.popitem(last=False)
    return stamp


def _entry(feed: Feed, window: Window) -> Entry:
    key = _cache_key(feed, window)
    entry = _local_get(key)
    if entry is not None:
        return entry
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("Feed cache unavailable", exc_info=True)
        entry = None
    if entry is None:
        events, tentative = feed.load()
        body = feeds.calendar_build(
            events,
            info=feed.info,
            tentative_ids=tentative,
            group_series=feed.group_series,
            fragments=_FRAGMENTS,
        )
        etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
        entry = Entry(body=body, etag=etag)
        try:
            cache.set(key, entry, timeout=24 * 3600)
        except Exception:
            logger.warning("Feed cache unavailable", exc_info=True)
    _local_put(key, entry)
    return entry


# --- HTTP ----------------------------------------------------------------------------


def _drop_future_if_modified_since(request) -> None:
    # A date later than our clock cannot come from us (a client's clock is off): it
    # would turn every later change into a 304, so it is ignored.
    value = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if value is None:
        return
    when = parse_http_date_safe(value)
    if when is None or when > timezone.now().timestamp():
        del request.META["HTTP_IF_MODIFIED_SINCE"]


def _respond(request, feed: Feed, window: Window) -> HttpResponse:
    entry = _entry(feed, window)
    _drop_future_if_modified_since(request)
    # If-None-Match (what calendar apps send once they have an ETag) is answered from
    # the ETag alone; If-Modified-Since without it needs the authoritative date.
    judges_date = "HTTP_IF_MODIFIED_SINCE" in request.META and not request.META.get(
        "HTTP_IF_NONE_MATCH"
    )
    last_modified = _last_modified(feed, entry.etag, authoritative=judges_date)
    response = HttpResponse(entry.body, content_type=CONTENT_TYPE)
    response.headers["ETag"] = entry.etag
    response.headers["Last-Modified"] = http_date(last_modified)
    # Never compressed: Outlook refuses gzip-encoded feeds. A Content-Encoding header
    # also keeps Django's GZipMiddleware away; no-transform asks proxies the same.
    response.headers["Content-Encoding"] = "identity"
    visibility = "private" if feed.private else "public"
    max_age = settings.PORCHLIGHT.get("FEED_REFRESH_MINUTES", 60) * 60 // 4
    response.headers["Cache-Control"] = f"{visibility}, max-age={max_age}, no-transform"
    response.headers["Content-Disposition"] = f'inline; filename="{feed.filename}"'
    if feed.private:
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    conditional = get_conditional_response(
        request, etag=entry.etag, last_modified=last_modified, response=response
    )
    if conditional is not response:
        return conditional
    if request.method == "HEAD":
        response.content = b""
        response.headers["Content-Length"] = str(len(entry.body))
    return response


def _serve(request, resolve: Callable[[Window], Feed]) -> HttpResponse:
    window = feed_window()
    return _respond(request, resolve(window), window)


def _site() -> str:
    return settings.SITE_URL


def _refresh() -> int:
    return settings.PORCHLIGHT.get("FEED_REFRESH_MINUTES", 60)


def _info(name: str, description: str) -> feeds.CalendarInfo:
    return feeds.CalendarInfo(
        name=name, description=description, site_url=_site(), refresh_minutes=_refresh()
    )


def _loader(events_qs, *, tentative_from_status: bool = False):
    def load() -> tuple[list[Event], frozenset[int]]:
        events = list(queries.with_details(events_qs).order_by("start", "id"))
        tentative = frozenset(
            event.pk
            for event in events
            if tentative_from_status and event.rsvp_status == Rsvp.Status.WAITLISTED
        )
        return events, tentative

    return load


def _public_window(window: Window):
    return in_window(Event.objects.public(), window)


@require_safe
def events_feed(request):
    """All public events, with the same filters as the list of events at `/`."""
    window = feed_window()
    params = request.GET.copy()
    params.pop("page", None)
    selected = _public_window(window)
    if params:
        filterset = EventFilter(params, queryset=selected)
        if not filterset.is_valid():
            problems = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()
            )
            return HttpResponse(
                f"This calendar link has a filter that cannot be used ({problems}).\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        selected = filterset.qs
    feed = Feed(
        ident="events?" + params.urlencode(),
        fingerprint=events_fingerprint(selected),
        info=_info(
            "Community events" + (" (filtered)" if params else ""),
            "Events run by the police department with its community partners.",
        ),
        load=_loader(selected),
        filename="events.ics",
    )
    return _respond(request, feed, window)


@require_safe
def program_feed(request, slug: str):
    def resolve(window: Window) -> Feed:
        events = _public_window(window)
        row = owner_with_fingerprint(
            Program.objects.filter(slug=slug),
            events.filter(program=OuterRef("pk")),
            fields=("pk", "name"),
        )
        if row is None:
            raise Http404("No such program.")
        return Feed(
            ident=f"program:{slug}",
            fingerprint=row,
            info=_info(row[1], f"{row[1]}: community events with the police department."),
            load=_loader(events.filter(program_id=row[0])),
            filename=f"{slug}.ics",
        )

    return _serve(request, resolve)


@require_safe
def organization_feed(request, slug: str):
    """Events an organization hosts or partners on."""

    def resolve(window: Window) -> Feed:
        events = _public_window(window)
        row = owner_with_fingerprint(
            Organization.objects.filter(slug=slug),
            events.filter(Q(host=OuterRef("pk")) | Q(partners=OuterRef("pk"))),
            fields=("pk", "name"),
        )
        if row is None:
            raise Http404("No such organization.")
        partnered = Event.partners.through.objects.filter(organization_id=row[0])
        return Feed(
            ident=f"organization:{slug}",
            fingerprint=row,
            info=_info(row[1], f"Community events hosted by {row[1]} or with it as a partner."),
            load=_loader(events.filter(Q(host_id=row[0]) | Q(pk__in=partnered.values("event_id")))),
            filename=f"{slug}.ics",
        )

    return _serve(request, resolve)


@require_safe
def event_feed(request, pk: int):
    """One event, to download into a calendar; unlisted ones too (the link is the key)."""

    def resolve(window: Window) -> Feed:
        row = (
            Event.objects.filter(pk=pk)
            .values_list("pk", "updated_at", "series__updated_at", "title")
            .first()
        )
        if row is None:
            raise Http404("No such event.")
        return Feed(
            ident=f"event:{pk}",
            fingerprint=row,
            info=_info(row[3], "One community event."),
            load=_loader(Event.objects.filter(pk=pk)),
            group_series=False,
            filename=f"event-{pk}.ics",
        )

    return _serve(request, resolve)


@require_safe
def personal_feed(request, token: str):
    """A resident's RSVPs: confirmed ones, and waitlisted ones as TENTATIVE."""
    hashed = token_hash(token)

    def resolve(window: Window) -> Feed:
        rsvped = in_window(Event.objects.all(), window).filter(
            rsvps__attendee=OuterRef("pk"), rsvps__status__in=ACTIVE_RSVP
        )
        row = owner_with_fingerprint(
            Attendee.objects.filter(feed_token_hash=hashed),
            rsvped,
            extra_updated="rsvps__updated_at",
        )
        if row is None:
            raise Http404("This calendar link is not valid any more.")
        mine = in_window(Event.objects.all(), window).filter(
            rsvps__attendee_id=row[0], rsvps__status__in=ACTIVE_RSVP
        )
        return Feed(
            ident=f"me:{hashed}",
            fingerprint=row,
            info=_info("My community events", "The events you RSVPed to."),
            load=_loader(mine.annotate(rsvp_status=F("rsvps__status")), tentative_from_status=True),
            private=True,
            filename="my-events.ics",
        )

    return _serve(request, resolve)


@require_safe
def officer_feed(request, token: str):
    """The events an officer is assigned to (public and unlisted)."""
    hashed = token_hash(token)

    def resolve(window: Window) -> Feed:
        row = owner_with_fingerprint(
            OfficerFeedToken.objects.filter(token_hash=hashed, user__is_active=True),
            in_window(Event.objects.all(), window).filter(officers=OuterRef("user_id")),
            fields=("pk", "user_id"),
        )
        if row is None:
            raise Http404("This calendar link is not valid any more.")
        return Feed(
            ident=f"officer:{hashed}",
            fingerprint=row,
            info=_info("My assignments", "Events you are assigned to."),
            load=_loader(in_window(Event.objects.all(), window).filter(officers=row[1])),
            private=True,
            filename="assignments.ics",
        )

    return _serve(request, resolve)


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


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def officer_feed_token(request):
    """An officer's assignment-feed link: made (or replaced) on POST and shown once."""
    if not permissions.is_staff_member(request.user):
        return render(request, "scheduler/officer_feed_token.html", {"allowed": False}, status=403)
    feed_url = None
    if request.method == "POST":
        token = officer_feed_token_rotate(user=request.user)
        feed_url = f"{settings.SITE_URL}/calendar/officers/{token}.ics"
    has_token = OfficerFeedToken.objects.filter(user=request.user).exists()
    return render(
        request,
        "scheduler/officer_feed_token.html",
        {"allowed": True, "feed_url": feed_url, "has_token": has_token},
    )
