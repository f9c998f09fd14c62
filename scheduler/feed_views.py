"""Calendar feeds over HTTP: thin views, a cache keyed on a fingerprint, conditional GET.

Each feed answers in three steps: (1) one query finds the feed's owner (program,
organization, token…), a fingerprint of its events and the feed's stamp (the ETag and
Last-Modified it was last served with); (2) the body for that fingerprint comes from
this process's memory, the shared cache, or is built; (3) ETag/Last-Modified decide
between 200 and 304. So a warm 200 and every 304 cost one query; only a changed feed
is rebuilt, and only then is the stamp written.
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
from django.db import IntegrityError, OperationalError, transaction
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
    Stamp,
    Window,
    event_with_stamp,
    events_fingerprint,
    feed_ident_hash,
    feed_window,
    in_window,
    owner_with_fingerprint,
)
from scheduler.filters import EventFilter
from scheduler.models import Event, FeedStamp, OfficerFeedToken, Organization, Program
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
    stamp: Stamp | None  # read in the same query as the fingerprint
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


def _last_modified(feed: Feed, etag: str, body_key: str) -> int | None:
    """When these bytes were first served: it moves forward exactly when the bytes change.

    The feed's FeedStamp holds its latest ETag and Last-Modified and was read with the
    fingerprint, so bytes served before cost no query. New bytes get a time at least one
    second after the stamp's, so no earlier If-Modified-Since can match them — also when
    a feed goes back to bytes it had before (an event created, then deleted), which is why
    this cannot be derived from the body or the rows alone, nor kept in one process's
    memory: a client may hold a later Last-Modified that another process gave it.

    None when the stamp cannot be written now (the database stayed busy): the bytes are
    then served without a date rather than fail, and with no date that no stamp backs.
    """
    seen = feed.stamp
    if seen is not None and seen.etag == etag and seen.body_key == body_key:
        return seen.last_modified
    ident_hash = feed_ident_hash(feed.ident)
    try:
        try:
            last_modified, created = _stamp_move(ident_hash, etag, body_key)
        except IntegrityError:  # another process created the stamp just now: move that one
            last_modified, created = _stamp_move(ident_hash, etag, body_key)
    except OperationalError:
        logger.warning("Feed stamp not written: database busy", exc_info=True)
        return None
    if created:
        _stamps_prune(last_modified)
    return last_modified


def _stamp_move(ident_hash: str, etag: str, body_key: str) -> tuple[int, bool]:
    """The stamp for these bytes, moved forward if they are new: (Last-Modified, created)."""
    now = int(timezone.now().timestamp())
    with transaction.atomic():
        # Locked (a row lock on PostgreSQL, the write lock on SQLite): processes serving
        # new bytes at once move the stamp one after the other, each past the one before,
        # never back to a stamp they read before it moved.
        stamp = FeedStamp.objects.select_for_update().filter(ident_hash=ident_hash).first()
        if stamp is None:
            FeedStamp.objects.create(
                ident_hash=ident_hash, etag=etag, last_modified=now, body_key=body_key
            )
            return now, True
        if stamp.etag != etag:
            stamp.etag = etag
            stamp.last_modified = max(now, stamp.last_modified + 1)
        # Also for the same bytes from changed rows (or a new day's window): the new key
        # lets the next 304 go without the body.
        stamp.body_key = body_key
        stamp.save(update_fields=["etag", "last_modified", "body_key"])
        return stamp.last_modified, False


# A dropped stamp restarts at "now", later than any Last-Modified it gave: only stamps
# this much older than now are dropped, so clocks a little apart cannot undo that.
_PRUNE_MIN_AGE = 3600


def _stamps_prune(now: int) -> None:
    """Keep the number of stamps bounded (each filtered URL, `?q=…`, makes one).

    Runs only when a stamp is created. The oldest go first; such a feed's next answer
    gets a new Last-Modified (a 200 where a 304 could have been), never a false 304.
    """
    limit = settings.PORCHLIGHT.get("FEED_STAMPS_MAX", 10_000)
    excess = FeedStamp.objects.count() - limit
    if excess <= 0:
        return
    oldest = FeedStamp.objects.filter(last_modified__lt=now - _PRUNE_MIN_AGE).order_by(
        "last_modified"
    )
    # A tenth more than the excess, so the next few new feeds do not prune again.
    doomed = list(oldest.values_list("pk", flat=True)[: excess + limit // 10])
    FeedStamp.objects.filter(pk__in=doomed).delete()


def _entry(feed: Feed, key: str) -> Entry:
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


def _headers(response: HttpResponse, feed: Feed, etag: str, last_modified: int | None):
    response.headers["ETag"] = etag
    if last_modified is not None:
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
    return response


_CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _not_modified(request, feed: Feed, etag: str, last_modified: int | None):
    """A 304 (or 412) for these validators, or None: the body is to be sent."""
    if not any(name in request.META for name in _CONDITIONAL_HEADERS):
        return None
    response = _headers(HttpResponse(content_type=CONTENT_TYPE), feed, etag, last_modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return None if conditional is response else conditional


def _respond(request, feed: Feed, window: Window) -> HttpResponse:
    _drop_future_if_modified_since(request)
    key = _cache_key(feed, window)
    stamp = feed.stamp
    if stamp is not None and stamp.body_key == key:
        # These rows were served before (by any process): the stamp has their ETag and
        # date, so a 304 needs neither the body nor a cache read.
        answer = _not_modified(request, feed, stamp.etag, stamp.last_modified)
        if answer is not None:
            return answer
    entry = _entry(feed, key)
    last_modified = _last_modified(feed, entry.etag, key)
    answer = _not_modified(request, feed, entry.etag, last_modified)
    if answer is not None:
        return answer
    response = _headers(
        HttpResponse(entry.body, content_type=CONTENT_TYPE), feed, entry.etag, last_modified
    )
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
    ident = "events?" + params.urlencode()
    fingerprint, stamp = events_fingerprint(selected, ident=ident)
    feed = Feed(
        ident=ident,
        fingerprint=fingerprint,
        stamp=stamp,
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
        ident = f"program:{slug}"
        found = owner_with_fingerprint(
            Program.objects.filter(slug=slug),
            events.filter(program=OuterRef("pk")),
            ident=ident,
            fields=("pk", "name"),
        )
        if found is None:
            raise Http404("No such program.")
        row, stamp = found
        return Feed(
            ident=ident,
            fingerprint=row,
            stamp=stamp,
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
        ident = f"organization:{slug}"
        found = owner_with_fingerprint(
            Organization.objects.filter(slug=slug),
            events.filter(Q(host=OuterRef("pk")) | Q(partners=OuterRef("pk"))),
            ident=ident,
            fields=("pk", "name"),
        )
        if found is None:
            raise Http404("No such organization.")
        row, stamp = found
        partnered = Event.partners.through.objects.filter(organization_id=row[0])
        return Feed(
            ident=ident,
            fingerprint=row,
            stamp=stamp,
            info=_info(row[1], f"Community events hosted by {row[1]} or with it as a partner."),
            load=_loader(events.filter(Q(host_id=row[0]) | Q(pk__in=partnered.values("event_id")))),
            filename=f"{slug}.ics",
        )

    return _serve(request, resolve)


@require_safe
def event_feed(request, pk: int):
    """One event, to download into a calendar; unlisted ones too (the link is the key)."""

    def resolve(window: Window) -> Feed:
        ident = f"event:{pk}"
        found = event_with_stamp(pk, ident=ident)
        if found is None:
            raise Http404("No such event.")
        row, stamp = found
        return Feed(
            ident=ident,
            fingerprint=row,
            stamp=stamp,
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
        ident = f"me:{hashed}"
        found = owner_with_fingerprint(
            Attendee.objects.filter(feed_token_hash=hashed),
            rsvped,
            ident=ident,
            extra_updated="rsvps__updated_at",
        )
        if found is None:
            raise Http404("This calendar link is not valid any more.")
        row, stamp = found
        mine = in_window(Event.objects.all(), window).filter(
            rsvps__attendee_id=row[0], rsvps__status__in=ACTIVE_RSVP
        )
        return Feed(
            ident=ident,
            fingerprint=row,
            stamp=stamp,
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
        ident = f"officer:{hashed}"
        found = owner_with_fingerprint(
            OfficerFeedToken.objects.filter(token_hash=hashed, user__is_active=True),
            in_window(Event.objects.all(), window).filter(officers=OuterRef("user_id")),
            ident=ident,
            fields=("pk", "user_id"),
        )
        if found is None:
            raise Http404("This calendar link is not valid any more.")
        row, stamp = found
        return Feed(
            ident=ident,
            fingerprint=row,
            stamp=stamp,
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
